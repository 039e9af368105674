import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { ApiClient } from '../src/main/core/api/client';
import { RemoteApi } from '../src/main/core/api/remote';
import { Library } from '../src/main/core/cache/library';
import { openCache } from '../src/main/core/cache/open';
import { SyncEngine } from '../src/main/core/sync/sync-engine';
import { BenchUsageError, expectOnlyFlags, intFlag } from './lib/args';
import { startServerProcess } from './lib/serverProcess';
import { round } from './lib/stats';

// `npm run bench -- sync [--videos N]`: one user with N videos on the reference server (its own process),
// then in this process, the process that hosts the core:
//  - fetch_only_s: every page of the change feed fetched and validated, nothing stored;
//  - full_sync_s: the core's first sync into an empty cache (same pages, each stored with its cursor);
//  - delta_ms: 100 videos changed on the server, then the core's delta sync;
//  - max_loop_delay_ms: the worst event-loop delay of this process during the full sync;
//  - peak_rss_mb: the highest resident memory of this process during the run.
// Last line: {"bench":"sync","videos":…,"full_sync_s":…,"fetch_only_s":…,"sync_ratio":…,"delta_ms":…,
// "max_loop_delay_ms":…,"peak_rss_mb":…}

const log = (line: string) => process.stderr.write(`bench sync: ${line}\n`);
const PAGE = 500;
const ROOT = join(import.meta.dirname, '..');

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  expectOnlyFlags(argv, ['videos']);
  const videos = intFlag(argv, 'videos', 100_000, 100, 1_000_000);
  const dir = mkdtempSync(join(tmpdir(), 'bench-sync-'));
  let peakRss = process.memoryUsage.rss();
  const rssTimer = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, 25);
  let stopServer: (() => Promise<void>) | null = null;
  let closeClient: (() => void) | null = null;
  try {
    const serverDir = join(dir, 'server');
    mkdirSync(serverDir);
    // Seeded by the seed CLI in its own process, so its memory and garbage are not this process's.
    const t0 = performance.now();
    const seeded = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        join(ROOT, 'server', 'src', 'cli', 'seed.ts'),
        '--data',
        serverDir,
        '--users',
        '1',
        '--videos',
        String(videos),
        '--pool',
        '2',
        '--json',
      ],
      { cwd: ROOT, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
    );
    if (seeded.status !== 0) throw new Error(`seeding failed: ${seeded.stderr}`);
    const lastLine = seeded.stdout.trim().split('\n').at(-1) ?? '{}';
    const user = (JSON.parse(lastLine) as { users: { email: string; password: string }[] }).users[0];
    log(`seeded ${videos} videos in ${round((performance.now() - t0) / 1000)} s`);
    if (!user) throw new Error('no user seeded');
    const server = await startServerProcess(serverDir, ['--gen-seconds', '1', '--fail-rate', '0']);
    stopServer = server.stop;

    let token: string | null = null;
    const client = new ApiClient({ baseUrl: server.url, getToken: () => token });
    closeClient = () => client.close();
    const api = new RemoteApi(client);
    token = (await api.login(user.email, user.password)).token;

    const fetchAll = async (): Promise<number> => {
      let cursor: string | null = null;
      let n = 0;
      for (;;) {
        const page = await api.changes(cursor, PAGE);
        n += page.changes.length;
        cursor = page.next_cursor;
        if (!page.has_more) return n;
      }
    };
    // Warm the server's caches once, so neither timed pass gets an unfair start.
    await fetchAll();
    let t = performance.now();
    const fetched = await fetchAll();
    const fetchOnlyS = (performance.now() - t) / 1000;
    log(`fetch only: ${fetched} changes in ${round(fetchOnlyS)} s`);

    const { db } = openCache(join(dir, 'cache.sqlite'));
    const library = new Library(db, (id, kind) => `/media/${id}/${kind}`);
    const engine = new SyncEngine(db, api, library, { pageSize: PAGE });
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    t = performance.now();
    await engine.sync();
    const fullSyncS = (performance.now() - t) / 1000;
    loop.disable();
    const stored = db.prepare('SELECT count(*) FROM videos').pluck().get() as number;
    if (stored !== videos) throw new Error(`the cache holds ${stored} videos, expected ${videos}`);
    log(`full sync: ${stored} videos in ${round(fullSyncS)} s`);
    // Search indexing runs after the sync, in the background; timed separately.
    const loopIndex = monitorEventLoopDelay({ resolution: 5 });
    loopIndex.enable();
    t = performance.now();
    await engine.indexing;
    const ftsIndexS = (performance.now() - t) / 1000;
    loopIndex.disable();

    // 100 changes on the server, made by another client.
    const ids = db.prepare('SELECT id FROM videos ORDER BY id LIMIT 100').pluck().all() as number[];
    for (const id of ids) await api.patch(id, { title: `Edited for the sync bench ${id}` });
    t = performance.now();
    await engine.sync();
    const deltaMs = performance.now() - t;
    const edited = db
      .prepare("SELECT count(*) FROM videos WHERE title LIKE 'Edited for the sync bench %'")
      .pluck()
      .get();
    if (edited !== 100) throw new Error(`the delta sync stored ${String(edited)} of 100 edits`);
    db.close();

    process.stdout.write(
      `${JSON.stringify({
        bench: 'sync',
        videos,
        full_sync_s: round(fullSyncS, 3),
        fetch_only_s: round(fetchOnlyS, 3),
        sync_ratio: round(fullSyncS / fetchOnlyS, 3),
        delta_ms: round(deltaMs, 1),
        max_loop_delay_ms: round(loop.max / 1e6, 1),
        peak_rss_mb: round(peakRss / 1024 / 1024, 1),
        fts_index_s: round(ftsIndexS, 3),
        fts_index_max_loop_delay_ms: round(loopIndex.max / 1e6, 1),
      })}\n`,
    );
  } finally {
    clearInterval(rssTimer);
    closeClient?.();
    await stopServer?.();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  if (err instanceof BenchUsageError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
