import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CoreWorkerConfig } from '../core/worker/protocol';
import { startTestServer, type TestServer } from '../core/test/server';
import { SQLITE_BINDING_ENV } from './sqlite-binding';
import { fake } from './test/fake-electron';

// src/main/index.ts with a faked `electron`, signed in (the `npm start` path: AIASMR_DEMO_* set) to the
// real reference server on loopback: the library arrives through IPC, thumbnails through the media
// protocol with Range, and the session token is on disk only encrypted.

vi.mock('electron', async () => {
  const { fake: f } = await import('./test/fake-electron');
  return { ...f.electron, default: f.electron };
});
vi.mock('electron-store', async () => ({
  default: (await import('./test/fake-electron')).FakeElectronStore,
}));
vi.mock('electron-updater', async () => ({
  default: { autoUpdater: (await import('./test/fake-electron')).fakeAutoUpdater },
}));
// The real core in its worker, with the configuration src/main/index.ts gives it kept for inspection.
const workerConfigs = vi.hoisted((): CoreWorkerConfig[] => []);
vi.mock('../core/worker/client', async (importOriginal) => {
  const worker = await importOriginal<typeof import('../core/worker/client')>();
  class RecordedCoreWorker extends worker.CoreWorker {
    constructor(...[config, options]: ConstructorParameters<typeof worker.CoreWorker>) {
      super(() => {
        const given = typeof config === 'function' ? config() : config;
        workerConfigs.push(given);
        return given;
      }, options);
    }
  }
  return { ...worker, CoreWorker: RecordedCoreWorker };
});

// `npm start` names an addon built for Electron's ABI; here Node's own build stands in for it.
const addon = join(
  dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json')),
  'build',
  'Release',
  'better_sqlite3.node',
);

let server: TestServer;
let app: unknown;

async function call(channel: string, payload: unknown = {}) {
  const handler = fake.state.ipc.get(channel);
  if (handler === undefined) throw new Error(`no handler for ${channel}`);
  return handler(app, payload);
}

beforeAll(async () => {
  server = await startTestServer({ users: 1, videos: 4 });
  const user = server.users[0];
  if (user === undefined) throw new Error('no seeded user');
  fake.state.root = mkdtempSync(join(tmpdir(), 'aiasmr-main-signed-in-'));
  vi.stubEnv('AIASMR_SERVER_URL', server.url);
  vi.stubEnv('AIASMR_DEMO_EMAIL', user.email);
  vi.stubEnv('AIASMR_DEMO_PASSWORD', user.password);
  vi.stubEnv(SQLITE_BINDING_ENV, addon);
  await import('../index');
  await vi.waitFor(() => expect(fake.state.windows).toHaveLength(1), { timeout: 20_000 });
  app = { sender: { id: 1 }, senderFrame: { url: fake.state.windows[0]?.loaded[0] ?? '', parent: null } };
}, 180_000);

afterAll(async () => {
  for (const listener of fake.state.appEvents.get('before-quit') ?? []) listener();
  vi.unstubAllEnvs();
  await new Promise((resolve) => setTimeout(resolve, 100));
  await server.close();
  rmSync(fake.state.root, { recursive: true, force: true });
});

describe('main process, signed in to the reference server', () => {
  it('signs in with the development account and syncs the library', async () => {
    await vi.waitFor(
      async () =>
        expect(await call('session:get')).toMatchObject({ ok: true, value: { status: 'signed_in' } }),
      { timeout: 20_000 },
    );
    await vi.waitFor(
      async () =>
        expect(await call('library:count', { query: {} })).toEqual({ ok: true, value: { total: 4 } }),
      { timeout: 30_000 },
    );
  });

  it('opens the cache with the better-sqlite3 addon that npm start named', () => {
    expect(workerConfigs).toHaveLength(1);
    expect(workerConfigs[0]?.sqliteNativeBinding).toBe(addon);
  });

  it('serves a thumbnail by id through aiasmr-media, with Range', async () => {
    const page = await call('library:page', { query: {}, offset: 0, limit: 10 });
    if (
      typeof page !== 'object' ||
      page === null ||
      !('ok' in page) ||
      page.ok !== true ||
      !('value' in page)
    ) {
      throw new Error(`library:page failed: ${JSON.stringify(page)}`);
    }
    const items: { id: number; thumbnailUrl: string | null }[] = JSON.parse(JSON.stringify(page.value)).items;
    const video = items.find((v) => v.thumbnailUrl !== null);
    expect(video?.thumbnailUrl).toBe(`aiasmr-media://video/${video?.id}/thumbnail`);
    const handler = fake.state.protocols.get('aiasmr-media');
    const whole = await handler?.(new Request(video?.thumbnailUrl ?? ''));
    expect(whole?.status).toBe(200);
    const size = Number(whole?.headers.get('content-length'));
    expect(size).toBeGreaterThan(100);
    expect(whole?.headers.get('content-type')).toMatch(/^image\//);
    await whole?.arrayBuffer();
    const part = await handler?.(new Request(video?.thumbnailUrl ?? '', { headers: { Range: 'bytes=0-9' } }));
    expect(part?.status).toBe(206);
    expect((await part?.arrayBuffer())?.byteLength).toBe(10);
    const beyond = await handler?.(
      new Request(video?.thumbnailUrl ?? '', { headers: { Range: `bytes=${size}-` } }),
    );
    expect(beyond?.status).toBe(416);
  });

  it('shows a download on the taskbar while it runs and notifies when it completes', async () => {
    const page = await call('library:page', { query: { statuses: ['ready'] }, offset: 0, limit: 1 });
    const ready: { id: number; title: string }[] = JSON.parse(JSON.stringify(page)).value?.items ?? [];
    const video = ready[0];
    if (video === undefined) throw new Error(`no ready video: ${JSON.stringify(page)}`);
    await expect(call('downloads:start', { videoIds: [video.id], quality: 'sd' })).resolves.toMatchObject({
      ok: true,
      value: { failed: [] },
    });
    await vi.waitFor(
      () =>
        expect(fake.state.notifications).toContainEqual({
          title: 'Download complete',
          body: `${video.title} (SD)`,
        }),
      { timeout: 30_000 },
    );
    const progress = fake.state.windows[0]?.progress ?? [];
    expect(progress.some(([value]) => value >= 0 && value <= 1)).toBe(true);
    expect(progress.at(-1)).toEqual([-1, undefined]);
  });

  it('keeps the session token on disk only encrypted', () => {
    const stored: Record<string, string> = JSON.parse(
      readFileSync(join(fake.state.root, 'userData', 'secrets.json'), 'utf8'),
    );
    const record: { token: string } = JSON.parse(
      fake.electron.safeStorage.decryptString(Buffer.from(stored.session ?? '', 'base64')),
    );
    expect(record.token.length).toBeGreaterThan(10);
    const bytes = readFileSync(join(fake.state.root, 'userData', 'secrets.json'));
    expect(bytes.includes(record.token)).toBe(false);
    expect(bytes.includes(Buffer.from(record.token).toString('base64'))).toBe(false);
  });
});
