import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invokeRequests, type EventPayloads } from '../../../shared/ipc/contract';
import type { Settings } from '../../../shared/ipc/models';
import { accountDir } from '../account';
import { dispatch } from '../ipc/dispatch';
import type { Logger } from '../logger';
import { defaultSettings } from '../settings/settings-store';
import { serverVideoIds } from '../test/direct';
import { FaultProxy } from '../test/fault-proxy';
import { startTestServer, type TestServer } from '../test/server';
import { CoreWorker } from './client';

// The core in its worker thread, driven as a host drives it: every call through the contract's handler
// map, every event through the event channels. The worker is killed mid-sync: the call it was answering
// gets a clear error, a new worker reopens the cache, and the next sync ends with the server's library.

function countVideos(file: string): number {
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return db.prepare('SELECT count(*) FROM videos').pluck().get() as number;
    } finally {
      db.close();
    }
  } catch {
    return 0;
  }
}

describe('the core worker', () => {
  let server: TestServer;
  let proxy: FaultProxy;
  let dataDir: string;

  beforeAll(async () => {
    server = await startTestServer({ users: 1, videos: 120 });
    proxy = new FaultProxy(server.url);
    await proxy.start();
    dataDir = mkdtempSync(join(tmpdir(), 'core-worker-'));
  }, 240_000);
  afterAll(async () => {
    await proxy?.close();
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is restarted with the cache reopened after dying mid-sync; the call in flight answers a clear error', async () => {
    const user = server.users[0];
    if (!user) throw new Error('no user');
    const logged: { msg: string | undefined; err: unknown }[] = [];
    const logger: Logger = {
      info: () => undefined,
      warn: () => undefined,
      error: (obj, msg) => logged.push({ msg, err: 'err' in obj ? obj.err : undefined }),
    };
    const core = new CoreWorker(
      {
        dataDir,
        stores: {
          kind: 'files',
          settingsFile: join(dataDir, 'settings.json'),
          defaultSettings: defaultSettings({ serverUrl: proxy.url, downloadDir: join(dataDir, 'dl') }),
          secretsFile: join(dataDir, 'secrets.json'),
        },
        defaultServerUrl: proxy.url,
        appInfo: { name: 'AIASMR Video', version: '0.0.0-test', host: 'web', platform: process.platform },
        mediaUrl: { prefix: '/media/', suffix: '' },
        tuning: {
          syncPageSize: 10,
          apiAttempts: 2,
          apiBackoffMs: 20,
          pollEveryMs: 200,
          changedThrottleMs: 10,
        },
      },
      { logger },
    );
    const notices: EventPayloads['notice'][] = [];
    core.on('notice', (n) => notices.push(n));
    // Slow pages, so the kill lands mid-sync; no live events, whose videos would land between pages.
    proxy.delayMs = 60;
    proxy.set([{ path: /^\/api\/user\/events$/, mode: { kind: 'down' } }]);
    try {
      await core.start();
      const signedIn = await core.handlers['session:signIn']({ ...user, serverUrl: proxy.url });
      if (signedIn.status !== 'signed_in') throw new Error('sign-in failed');
      expect(core.core.sessionState()).toEqual(signedIn);
      const file = join(accountDir(dataDir, proxy.url, signedIn.user.id), 'cache.sqlite');

      const inFlight = dispatch(core.handlers, 'sync:now', {});
      await expect
        .poll(() => countVideos(file), { timeout: 30_000, interval: 25 })
        .toBeGreaterThanOrEqual(30);
      await core.kill();

      expect(await inFlight).toEqual({
        ok: false,
        error: { code: 'internal', message: expect.stringMatching(/core stopped.*try again/) },
      });
      expect(logged.some((l) => l.msg?.includes('core worker stopped'))).toBe(true);

      // Whole pages only: each page is one transaction, so the kill left none half-written.
      const atKill = countVideos(file);
      expect(atKill).toBeLessThan(120);
      expect(atKill % 10).toBe(0);

      // The new worker reopens the same cache (not moved aside) and the same session.
      await expect
        .poll(async () => (await dispatch(core.handlers, 'library:count', { query: {} })).ok, {
          timeout: 30_000,
        })
        .toBe(true);
      expect(core.restarts).toBe(1);
      expect(notices.map((n) => n.code)).not.toContain('cache_rebuilt');
      expect(core.core.sessionState()).toMatchObject({ status: 'signed_in' });

      proxy.delayMs = 0;
      proxy.set([]);
      const synced = await dispatch(core.handlers, 'sync:now', {});
      expect(synced).toMatchObject({ ok: true, value: { error: null } });
      const all = invokeRequests['library:ids'].parse({ query: {}, offset: 0, limit: 1000 });
      const { ids } = await core.handlers['library:ids'](all);
      expect(ids.sort((a, b) => a - b)).toEqual(serverVideoIds(server, user.email));
    } finally {
      await core.stop();
    }
  }, 120_000);
  it("keeps settings and secrets in the host's stores, and reaches only the host edges it was given", async () => {
    const user = server.users[0];
    if (!user) throw new Error('no user');
    const hostDir = mkdtempSync(join(tmpdir(), 'core-worker-host-'));
    const secrets = new Map<string, string>();
    const saved: Settings[] = [];
    const picked: string[] = [];
    const core = new CoreWorker(
      {
        dataDir: hostDir,
        stores: {
          kind: 'host',
          settings: defaultSettings({ serverUrl: server.url, downloadDir: join(hostDir, 'dl') }),
          loadProblem: 'Your settings could not be read and were reset to the defaults.',
        },
        hostHooks: ['pickFolder'],
        defaultServerUrl: server.url,
        appInfo: {
          name: 'AIASMR Video',
          version: '0.0.0-test',
          host: 'electron',
          platform: process.platform,
        },
        mediaUrl: { prefix: 'aiasmr-media://video/', suffix: '' },
      },
      {
        services: {
          secretGet: async ({ key }) => secrets.get(key) ?? null,
          secretSet: async ({ key, value }) => (secrets.set(key, value), null),
          secretDelete: async ({ key }) => (secrets.delete(key), null),
          settingsSave: async ({ settings }) => (saved.push(settings), null),
          pickFolder: async ({ dir }) => (picked.push(dir), join(hostDir, 'Chosen')),
        },
      },
    );
    const notices: EventPayloads['notice'][] = [];
    core.on('notice', (n) => notices.push(n));
    try {
      await core.start();
      expect(notices.map((n) => n.code)).toContain('settings_reset');
      await core.handlers['session:signIn']({ ...user, serverUrl: server.url });
      expect(JSON.parse(secrets.get('session') ?? '{}')).toMatchObject({ serverUrl: server.url });
      await core.handlers['settings:set']({ theme: 'dark' });
      await expect.poll(() => saved.at(-1)?.theme).toBe('dark');
      expect(await core.handlers['dialog:pickFolder']({})).toEqual({ path: join(hostDir, 'Chosen') });
      expect(picked).toEqual([join(hostDir, 'dl')]);
      await expect.poll(() => saved.at(-1)?.downloadDir).toBe(join(hostDir, 'Chosen'));
      // No openExternal edge was given: the core answers as a host without one does.
      expect(await dispatch(core.handlers, 'external:open', { url: 'https://aiasmr.so/faq' })).toMatchObject({
        ok: true,
        value: { opened: false },
      });
    } finally {
      await core.stop();
      rmSync(hostDir, { recursive: true, force: true });
    }
  });
});
