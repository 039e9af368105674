import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { WebSocket } from 'ws';
import { accountDir } from '../../src/main/core/account';
import { SOCKET_PATH, TOKEN_PARAM } from '../../src/shared/bridge-protocol';
import type { HostFigures } from './appHost';
import { percentile, round } from './stats';

const ROOT = join(import.meta.dirname, '..', '..');

// The first sync as the app runs it: the web host in a process of its own (appHost.ts; its main thread
// routes the WebSocket) with the core in its worker thread, driven from here over the real socket like the renderer:
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
  /** The host's process (host thread and core worker) at its highest during the run. */
  peak_rss_mb: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function appSync(
  serverUrl: string,
  user: { email: string; password: string },
  dir: string,
): Promise<AppSyncFigures & { stalls: HostFigures['stalls'] }> {
  mkdirSync(dir, { recursive: true });
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'appHost.ts'), dir, serverUrl],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    },
  );
  const stdout = child.stdout;
  if (!stdout) throw new Error('no stdout from the bench web host');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const line = await new Promise<string>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`the bench's web host exited with code ${code}`)));
      createInterface({ input: stdout }).once('line', resolve);
    });
    const [, port, token] = line.split(' ');
    if (!port || !token) throw new Error(`unexpected line from the bench's web host: ${line}`);
    return await drive(child, Number(port), token, serverUrl, user, dir);
  } finally {
    if (child.exitCode === null) {
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    }
  }
}

async function drive(
  child: ChildProcess,
  port: number,
  token: string,
  serverUrl: string,
  user: { email: string; password: string },
  dir: string,
): Promise<AppSyncFigures & { stalls: HostFigures['stalls'] }> {
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

  try {
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
    const cache = new Database(join(accountDir(join(dir, 'app'), serverUrl, userId), 'cache.sqlite'), {
      readonly: true,
    });
    const unindexed = cache.prepare('SELECT 1 FROM videos WHERE fts_state = 0 LIMIT 1').pluck();
    while (unindexed.get() !== undefined) await sleep(50);
    const searchable = performance.now();
    cache.close();
    const host = await new Promise<HostFigures>((resolve) => {
      child.once('message', (m) => resolve(m as HostFigures));
      child.send('report');
    });
    return {
      app_sync_s: round((syncedAt - t0) / 1000, 3),
      searchable_s: round((searchable - t0) / 1000, 3),
      max_loop_delay_ms: host.max_loop_delay_ms,
      page_during_sync_p99_ms: round(percentile(latencies, 99), 1),
      page_during_sync_max_ms: round(Math.max(...latencies), 1),
      pages_during_sync: latencies.length,
      peak_rss_mb: host.peak_rss_mb,
      stalls: host.stalls,
    };
  } finally {
    ws.close();
  }
}
