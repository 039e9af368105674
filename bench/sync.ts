import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { ApiClient } from '../src/main/core/api/client';
import { RemoteApi } from '../src/main/core/api/remote';
import { LibraryQuerySchema } from '../src/shared/ipc/models';
import { Library } from '../src/main/core/cache/library';
import { openCache } from '../src/main/core/cache/open';
import { SyncEngine } from '../src/main/core/sync/sync-engine';
import { appSync } from './lib/appSync';
import { BenchUsageError, expectOnlyFlags, intFlag } from './lib/args';
import { startServerProcess } from './lib/serverProcess';
import { round } from './lib/stats';

// `npm run bench -- sync [--videos N]`: one user with N videos on the reference server (its own process),
// then in this process:
//  - fetch_only_s: every page of the change feed fetched and validated, nothing stored;
//  - the app's first sync (lib/appSync.ts): the web host in a process of its own (lib/appHost.ts, so
//    this process's client work is not counted against it) with the core in its worker, over the
//    real WebSocket: app_sync_s, searchable_s (every row in the full-text index) and searchable_ratio
//    (÷ fetch_only_s); max_loop_delay_ms, the worst event-loop delay of the host's main thread over
//    both; page_during_sync_p99_ms, a library:page every 50 ms while the sync runs; peak_rss_mb, the
//    app's process (host thread and worker; the server is not the app's); on stderr, the host thread's
//    late turns with the thread's CPU time and run-queue wait over each;
//  - the core alone, in this thread, as before: full_sync_s and sync_ratio (÷ fetch_only_s), its
//    core_max_loop_delay_ms, fts_index_s, index_rebuild_ms (a library:page that sorts the library
//    index's order from scratch), index_merge_ms (a library:page after a write batch of 100 rows, merged
//    into the order as during a sync; index_first_merge_ms, the first, also reads the sort keys) and
//    delta_ms (100 videos changed on the server, then a sync).
// Last line: one JSON object with all of these.

const log = (line: string) => process.stderr.write(`bench sync: ${line}\n`);
const PAGE = 500;
const ROOT = join(import.meta.dirname, '..');

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  expectOnlyFlags(argv, ['videos']);
  const videos = intFlag(argv, 'videos', 100_000, 100, 1_000_000);
  const dir = mkdtempSync(join(tmpdir(), 'bench-sync-'));
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

    const { stalls, ...app } = await appSync(server.url, user, join(dir, 'host'));
    log(`through the app: synced in ${app.app_sync_s} s, searchable in ${app.searchable_s} s`);
    const worst = [...stalls].sort((a, b) => b.delay_ms - a.delay_ms).slice(0, 10);
    log(
      `host thread: ${stalls.length} turns late by over 15 ms; worst (at ms: late ms, cpu ms, run-queue wait ms): ${worst
        .map((x) => `${x.at_ms}: ${x.delay_ms} ${x.cpu_ms} ${x.runqueue_ms}`)
        .join(' ')}`,
    );

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
    // What a page request costs right after a write: the library index rebuilt for one order.
    library.invalidate();
    t = performance.now();
    library.page(LibraryQuerySchema.parse({}), 0, 60);
    const indexRebuildMs = performance.now() - t;
    // What it costs during a sync now: the rows of one write batch merged into the built order. The
    // first merge into an order also reads every row's sort key (once per order and session): timed apart.
    const mergeOnce = (): number => {
      const batch = db.prepare('SELECT id FROM videos ORDER BY random() LIMIT 100').pluck().all() as number[];
      library.changed(batch);
      const start = performance.now();
      library.page(LibraryQuerySchema.parse({}), 0, 60);
      return performance.now() - start;
    };
    const indexFirstMergeMs = mergeOnce();
    const indexMergeMs = mergeOnce();
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
        fetch_only_s: round(fetchOnlyS, 3),
        ...app,
        searchable_ratio: round(app.searchable_s / fetchOnlyS, 3),
        full_sync_s: round(fullSyncS, 3),
        sync_ratio: round(fullSyncS / fetchOnlyS, 3),
        app_sync_ratio: round(app.app_sync_s / fetchOnlyS, 3),
        core_max_loop_delay_ms: round(loop.max / 1e6, 1),
        fts_index_s: round(ftsIndexS, 3),
        fts_index_max_loop_delay_ms: round(loopIndex.max / 1e6, 1),
        index_rebuild_ms: round(indexRebuildMs, 1),
        index_first_merge_ms: round(indexFirstMergeMs, 1),
        index_merge_ms: round(indexMergeMs, 1),
        delta_ms: round(deltaMs, 1),
      })}\n`,
    );
  } finally {
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
