import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { WebSocket } from 'ws';
import { accountDir } from '../../src/main/core/account';
import { defaultSettings } from '../../src/main/core/settings/settings-store';
import { CoreWorker } from '../../src/main/core/worker/client';
import { SOCKET_PATH, TOKEN_PARAM } from '../../src/shared/bridge-protocol';
import { createHostServer } from '../../src/webhost/http-server';
import { percentile, round } from './stats';

// The first sync as the app runs it: the web host in this process (its main thread routes the
// WebSocket) with the core in its worker thread, driven over the real socket like the renderer:
// sign in, then a library:page every 50 ms until the first sync is done, then until the library is
// searchable (every row in the full-text index).

export interface AppSyncFigures {
  app_sync_s: number;
  searchable_s: number;
  /** The host main thread's worst event-loop delay, over the sync and the indexing. */
  max_loop_delay_ms: number;
  page_during_sync_p99_ms: number;
  page_during_sync_max_ms: number;
  pages_during_sync: number;
  /** This process (host thread and core worker) at its highest during the run. */
  peak_rss_mb: number;
}

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function appSync(
  serverUrl: string,
  user: { email: string; password: string },
  dir: string,
): Promise<AppSyncFigures> {
  const dataDir = join(dir, 'app');
  mkdirSync(dataDir, { recursive: true });
  let peakRss = process.memoryUsage.rss();
  const rssTimer = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, 25);
  const token = randomBytes(24).toString('base64url');
  const core = new CoreWorker({
    dataDir,
    stores: {
      kind: 'files',
      settingsFile: join(dataDir, 'settings.json'),
      defaultSettings: defaultSettings({ serverUrl, downloadDir: join(dataDir, 'dl') }),
      secretsFile: join(dataDir, 'secrets.json'),
    },
    defaultServerUrl: serverUrl,
    appInfo: { name: 'AIASMR Video', version: 'bench', host: 'web', platform: process.platform },
    mediaUrl: { prefix: '/media/', suffix: `?${TOKEN_PARAM}=${token}` },
  });
  await core.start();
  const host = createHostServer({ core, token, rendererDir: dir, logger: quiet });
  await new Promise<void>((resolve) => host.server.listen(0, '127.0.0.1', resolve));
  const { port } = host.server.address() as AddressInfo;
  const ws = new WebSocket(`ws://127.0.0.1:${port}${SOCKET_PATH}?${TOKEN_PARAM}=${token}`);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));

  const pending = new Map<number, (result: unknown) => void>();
  let synced: number | null = null;
  ws.on('message', (data) => {
    const msg = JSON.parse(String(data)) as
      | { t: 'result'; id: number; result: unknown }
      | { t: 'event'; event: string; payload: { syncing?: boolean; lastSyncedAt?: string | null } };
    if (msg.t === 'result') {
      pending.get(msg.id)?.(msg.result);
      pending.delete(msg.id);
    } else if (
      msg.event === 'sync:status' &&
      synced === null &&
      msg.payload.lastSyncedAt &&
      !msg.payload.syncing
    )
      synced = performance.now();
  });
  let nextId = 1;
  const invoke = (channel: string, payload: unknown): Promise<unknown> =>
    new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      ws.send(JSON.stringify({ t: 'invoke', id, channel, payload }));
    });

  const loop = monitorEventLoopDelay({ resolution: 5 });
  try {
    loop.enable();
    const t0 = performance.now();
    const signedIn = (await invoke('session:signIn', { ...user, serverUrl })) as {
      ok: boolean;
      value?: { user?: { id: number } };
    };
    const userId = signedIn.value?.user?.id;
    if (!signedIn.ok || userId === undefined) throw new Error(`sign-in failed: ${JSON.stringify(signedIn)}`);

    // The renderer's scrolling grid: a page every 50 ms, anywhere in what is cached so far.
    const latencies: number[] = [];
    let total = 0;
    const pager = setInterval(() => {
      const sent = performance.now();
      const offset = Math.floor(Math.random() * Math.max(1, total - 60));
      void invoke('library:page', { query: {}, offset, limit: 60 }).then((r) => {
        if (synced === null || sent < synced) latencies.push(performance.now() - sent);
        const page = r as { ok: boolean; value?: { total: number } };
        if (page.ok && page.value) total = page.value.total;
      });
    }, 50);
    while (synced === null) await sleep(20);
    clearInterval(pager);
    const syncedAt: number = synced;

    // Searchable: nothing left for the indexer (a lookup on a partial index, microseconds).
    const cache = new Database(join(accountDir(dataDir, serverUrl, userId), 'cache.sqlite'), {
      readonly: true,
    });
    const unindexed = cache.prepare('SELECT 1 FROM videos WHERE fts_state = 0 LIMIT 1').pluck();
    while (unindexed.get() !== undefined) await sleep(50);
    const searchable = performance.now();
    cache.close();
    loop.disable();
    return {
      app_sync_s: round((syncedAt - t0) / 1000, 3),
      searchable_s: round((searchable - t0) / 1000, 3),
      max_loop_delay_ms: round(loop.max / 1e6, 1),
      page_during_sync_p99_ms: round(percentile(latencies, 99), 1),
      page_during_sync_max_ms: round(Math.max(...latencies), 1),
      pages_during_sync: latencies.length,
      peak_rss_mb: round(peakRss / 1024 / 1024, 1),
    };
  } finally {
    clearInterval(rssTimer);
    ws.close();
    await host.close();
    await core.stop();
  }
}
