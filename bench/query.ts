import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Video } from '../src/shared/api/schemas';
import {
  SORT_KEYS,
  SORT_ORDERS,
  TRIGGER_TAGS,
  type SortKey,
  type TriggerTag,
} from '../src/shared/api/vocabulary';
import { LibraryQuerySchema, type LibraryQuery } from '../src/shared/ipc/models';
import { Library } from '../src/main/core/cache/library';
import { indexPendingBatch, mergeStep } from '../src/main/core/cache/fts-indexer';
import { openCache } from '../src/main/core/cache/open';
import { upsertVideo } from '../src/main/core/cache/videos';
import { Random } from '../server/src/seed/random';
import { describe } from '../server/src/seed/vocabulary';
import { BenchUsageError, expectOnlyFlags, intFlag } from './lib/args';
import { percentile, round } from './lib/stats';

// `npm run bench -- query [--videos N]`: N videos in a real cache database (the core's migrations),
// then every sort × order × status filter × tag filter, counted and paged (60 rows at random depths),
// plus text searches (each a new word: FTS5 runs every time) and as-you-type prefixes. Last line:
// {"bench":"query","videos":…,"page_p50_ms":…,"page_p99_ms":…,"count_p99_ms":…,"search_p99_ms":…, …}
// with also search_p50_ms, search_cpu_p99_ms (CPU time: what other processes' load does not inflate),
// the search indexing's slices (fts_slice_p99_ms, fts_slice_max_ms, fts_slice_cpu_max_ms: the longest
// time indexing holds the thread at once) and prefix_search_p99_ms (as-you-type, 2-3 letters).

function video(rng: Random, id: number, now: number): Video {
  const primary = rng.pick(TRIGGER_TAGS);
  const others = TRIGGER_TAGS.filter((t) => t !== primary && rng.chance(0.12)).slice(0, 2);
  const { title, prompt } = describe(rng, primary, others);
  const r = rng.next();
  const status = r < 0.8 ? 'ready' : r < 0.9 ? 'failed' : 'processing';
  const created = now - rng.int(0, 365 * 24 * 3600_000);
  const iso = new Date(created).toISOString();
  return {
    id,
    title,
    prompt,
    triggers: [primary, ...others],
    settings: { model_version: 'asmr-v2', duration_s: rng.int(4, 30), aspect_ratio: '16:9', seed: id },
    status,
    progress: status === 'processing' ? 0.5 : null,
    failure: status === 'failed' ? { code: 'render_timeout', message: 'The render took too long.' } : null,
    credit_cost: rng.int(3, 40),
    created_at: iso,
    updated_at: iso,
    thumbnail_url: status === 'ready' ? `/api/videos/${id}/thumbnail` : null,
    preview_url: status === 'ready' ? `/api/videos/${id}/preview` : null,
    download_url: status === 'ready' ? `/api/videos/${id}/download/sd` : null,
    downloads:
      status === 'ready'
        ? [
            {
              quality: 'sd',
              url: `/api/videos/${id}/download/sd`,
              bytes: 1_000_000,
              sha256: 'a'.repeat(64),
              width: 640,
              height: 360,
              allowed: true,
            },
          ]
        : [],
    regenerated_from: null,
  };
}

/** Wall time and this process's CPU time of fn, in ms. The machines are shared: CPU time is what a
 * neighbour's load does not inflate, so both are reported for the searches and the indexing slices. */
function time<T>(fn: () => T): [T, number, number] {
  const cpu = process.cpuUsage();
  const t = performance.now();
  const out = fn();
  const wall = performance.now() - t;
  const used = process.cpuUsage(cpu);
  return [out, wall, (used.user + used.system) / 1000];
}

function main(): void {
  const argv = process.argv.slice(2);
  expectOnlyFlags(argv, ['videos']);
  const videos = intFlag(argv, 'videos', 100_000, 100, 2_000_000);
  const dir = mkdtempSync(join(tmpdir(), 'bench-query-'));
  try {
    const { db } = openCache(join(dir, 'cache.sqlite'));
    const rng = new Random(42);
    const now = Date.now();
    const [, fillMs] = time(() => {
      for (let i = 0; i < videos; i += 5000) {
        db.transaction(() => {
          for (let id = i + 1; id <= Math.min(videos, i + 5000); id++) upsertVideo(db, video(rng, id, now));
        })();
      }
    });
    // Search indexing follows storing (in the app: in the background after a sync, one slice per turn of
    // the event loop). Each slice (a batch of rows, or a merge step) is timed: the longest is how long
    // indexing can hold the thread.
    const slices: number[] = [];
    const sliceCpu: number[] = [];
    const [, ftsMs] = time(() => {
      for (;;) {
        const [n, batchMs, batchCpu] = time(() => indexPendingBatch(db, 100));
        slices.push(batchMs);
        sliceCpu.push(batchCpu);
        if (n === 0) break;
        const [, mergeMs, mergeCpu] = time(() => mergeStep(db));
        slices.push(mergeMs);
        sliceCpu.push(mergeCpu);
      }
      for (;;) {
        const [merged, mergeMs, mergeCpu] = time(() => mergeStep(db));
        slices.push(mergeMs);
        sliceCpu.push(mergeCpu);
        if (!merged) break;
      }
    });
    const library = new Library(db, (id, kind) => `/media/${id}/${kind}`);
    const [, buildMs] = time(() => library.count(LibraryQuerySchema.parse({})));

    const statusFilters = [[], ['ready'], ['processing'], ['failed'], ['ready', 'failed']] as const;
    const tagFilters: { tags: TriggerTag[]; tagMatch: 'any' | 'all' }[] = [
      { tags: [], tagMatch: 'any' },
      { tags: ['Rain'], tagMatch: 'any' },
      { tags: ['Water', 'Soap'], tagMatch: 'any' },
      { tags: ['Water', 'Whisper'], tagMatch: 'all' },
      { tags: ['Tapping', 'Wood', 'Glass'], tagMatch: 'any' },
    ];
    const pageTimes: number[] = [];
    const countTimes: number[] = [];
    for (const sort of SORT_KEYS)
      for (const order of SORT_ORDERS)
        for (const statuses of statusFilters)
          for (const tf of tagFilters) {
            const query: LibraryQuery = LibraryQuerySchema.parse({
              sort,
              order,
              statuses: [...statuses],
              ...tf,
            });
            const [total, c] = time(() => library.count(query));
            countTimes.push(c);
            for (let k = 0; k < 8; k++) {
              const offset = Math.floor(rng.next() * Math.max(1, total - 60));
              const [page, p] = time(() => library.page(query, offset, 60));
              pageTimes.push(p);
              if (page.total !== total) throw new Error('page total disagrees with count');
            }
          }

    const words = [
      'rain',
      'soap',
      'whisper',
      'crackling',
      'cabin',
      'glass',
      'slime',
      'pages',
      'macro',
      'candle',
      'wood',
      'typing',
      'brush',
      'sand',
      'fire',
      'cozy',
      'golden',
      'studio',
      'binaural',
      'tapping',
      'soap cutting',
      'rain window',
      'relaxing',
      'marble',
      'overhead',
      'slow motion',
      'pastel',
      'quiet',
      'fireplace',
      'keyboard',
    ];
    // Before each search the library is invalidated and the order it needs rebuilt (outside the timing),
    // so the FTS5 lookup runs every time, as for a new search text. Three rounds of every word under every
    // sort (270 searches), so that p99 is a percentile rather than the single slowest search.
    const search = (sort: SortKey, text: string): [number, number] => {
      library.invalidate();
      library.page(LibraryQuerySchema.parse({ sort }), 0, 1);
      const query = LibraryQuerySchema.parse({ sort, search: text });
      const [, wall, cpu] = time(() => {
        library.count(query);
        return library.page(query, 0, 60);
      });
      return [wall, cpu];
    };
    const searchTimes: number[] = [];
    const searchCpu: number[] = [];
    for (let rep = 0; rep < 3; rep++)
      for (const word of words)
        for (const sort of SORT_KEYS) {
          const [wall, cpu] = search(sort, word);
          searchTimes.push(wall);
          searchCpu.push(cpu);
        }
    // As-you-type: what the search box sends while a word is being typed (2 to 3 letters).
    const prefixes = [
      'ra',
      'rai',
      'so',
      'soa',
      'wh',
      'whi',
      'cr',
      'cra',
      'gl',
      'gla',
      'sl',
      'slo',
      'ma',
      'mac',
    ];
    const prefixTimes: number[] = [];
    for (let rep = 0; rep < 3; rep++) for (const word of prefixes) prefixTimes.push(search('date', word)[0]);
    db.close();
    process.stdout.write(
      `filled ${videos} videos in ${round(fillMs / 1000)} s; index built in ${round(buildMs)} ms\n`,
    );
    process.stdout.write(
      `${JSON.stringify({
        bench: 'query',
        videos,
        page_p50_ms: round(percentile(pageTimes, 50), 3),
        page_p99_ms: round(percentile(pageTimes, 99), 3),
        count_p99_ms: round(percentile(countTimes, 99), 3),
        search_p99_ms: round(percentile(searchTimes, 99), 3),
        search_p50_ms: round(percentile(searchTimes, 50), 3),
        search_cpu_p99_ms: round(percentile(searchCpu, 99), 3),
        index_build_ms: round(buildMs, 1),
        fts_index_ms: round(ftsMs, 1),
        fts_slice_p99_ms: round(percentile(slices, 99), 2),
        fts_slice_max_ms: round(Math.max(...slices), 2),
        fts_slice_cpu_max_ms: round(Math.max(...sliceCpu), 2),
        prefix_search_p99_ms: round(percentile(prefixTimes, 99), 3),
        combinations: countTimes.length,
      })}\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

try {
  main();
} catch (err) {
  if (err instanceof BenchUsageError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
  throw err;
}
