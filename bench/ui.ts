import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dispatch } from '../src/main/core/index';
import { runWebHost, type RunningWebHost } from '../src/webhost/run';
import { openServerDb } from '../server/src/db/open';
import { seedDatabase } from '../server/src/seed/seed';
import { launchBrowser, type E2eBrowser } from '../tests/e2e/harness/browser';
import { buildRenderer } from '../tests/e2e/harness/renderer';
import type { Page } from 'playwright-core';
import { startServerProcess } from './lib/serverProcess';
import { BenchUsageError, expectOnlyFlags, intFlag } from './lib/args';
import { coldStartMs } from './ui-cold-start';

// `npm run bench -- ui [--videos N]`: the web host with N videos (default 100,000) synced into its cache
// from the real server, and the built renderer in Debian's Chromium (1280×800). Measures:
//  - first_grid_ms: navigation start → the first frame painted with loaded cards;
//  - frames_within_16ms: a scroll from top to bottom at constant speed (the whole height in ~20 s, so
//    every frame brings new rows), the share of frames that came one vsync after the previous
//    (requestAnimationFrame interval ≤ 16.7 ms + 1 ms jitter), i.e. no dropped frame;
//  - max_dom_cards: the most card cells in the DOM at any frame (limit: visible + 2 rows each side);
//  - heap_mb: the page's JS heap after the scroll and a forced GC;
//  - reached_last: the last video of the library was rendered with its data at the bottom;
//  - cold_start_ms: the host closed and the server stopped, a new web host process on the same cache:
//    from spawning it to the first frame painted with cards (ui-cold-start.ts).
// Last line: {"bench":"ui","videos":…,"first_grid_ms":…,"frames_within_16ms":…,"max_dom_cards":…,"heap_mb":…,"reached_last":…,"cold_start_ms":…}

const VIEWPORT = { width: 1280, height: 800 };
const SCROLL_SECONDS = 20;
const FRAME_BUDGET_MS = 1000 / 60 + 1;

const log = (line: string) => process.stderr.write(`ui: ${line}\n`);

async function call<T>(host: RunningWebHost, channel: string, payload: object): Promise<T> {
  const r = await dispatch(host.core.handlers, channel, payload);
  if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
  return r.value as T;
}

/** Scrolls the library (or, for the baseline, any scroller) from top to bottom at constant speed. */
async function scrollToEnd(page: Page, selector = '[data-testid="library-scroller"]') {
  return page.evaluate(
    async ({ seconds, selector }) => {
      const el = document.querySelector<HTMLElement>(selector);
      if (!el) throw new Error('no scroller');
      const frames = Math.round(seconds * 60);
      // Geometry is read once: reading it every frame would force a layout the page itself never needs.
      const end = el.scrollHeight - el.clientHeight;
      const speed = Math.max(1, end / frames);
      const cells = el.getElementsByClassName('card');
      const deltas: number[] = [];
      let maxCards = 0;
      let position = 0;
      return new Promise<{ deltas: number[]; maxCards: number }>((resolve) => {
        let last = 0;
        const step = (time: number) => {
          if (last) deltas.push(time - last);
          last = time;
          maxCards = Math.max(maxCards, cells.length);
          if (position >= end) {
            resolve({ deltas, maxCards });
            return;
          }
          position = Math.min(end, position + speed);
          el.scrollTop = position;
          requestAnimationFrame(step);
        };
        requestAnimationFrame(step);
      });
    },
    { seconds: SCROLL_SECONDS, selector },
  );
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  expectOnlyFlags(argv, ['videos']);
  const videos = intFlag(argv, 'videos', 100_000, 100, 1_000_000);
  const temp = mkdtempSync(join(tmpdir(), 'bench-ui-'));
  const cleanups: (() => Promise<void> | void)[] = [() => rmSync(temp, { recursive: true, force: true })];
  try {
    let t = performance.now();
    const serverDir = join(temp, 'server');
    mkdirSync(serverDir, { recursive: true });
    const db = openServerDb(join(serverDir, 'server.db'));
    let user;
    try {
      const report = await seedDatabase(db, serverDir, {
        users: 1,
        videosPerUser: videos,
        pool: 1,
        renderSeconds: 2,
        rngSeed: 5,
      });
      user = report.users[0];
    } finally {
      db.close();
    }
    if (!user) throw new Error('seed made no user');
    log(`seeded ${videos} videos in ${Math.round(performance.now() - t)} ms`);
    // The server runs in its own process, as a remote API would: its job worker must not share the
    // event loop of the core that answers the page.
    const server = await startServerProcess(serverDir, [
      '--gen-seconds',
      '5',
      '--fail-rate',
      '0',
      '--log-level',
      'error',
    ]);
    cleanups.push(() => server.stop());

    const rendererDir = await buildRenderer();
    cleanups.push(() => rmSync(rendererDir, { recursive: true, force: true }));
    const dataDir = join(temp, 'host');
    const host = await runWebHost({
      serverUrl: server.url,
      dataDir,
      rendererDir,
      open: false,
      log: () => undefined,
    });
    cleanups.push(() => host.close());
    t = performance.now();
    await call(host, 'session:signIn', { email: user.email, password: user.password });
    for (;;) {
      const { total } = await call<{ total: number }>(host, 'library:count', { query: {} });
      const status = await call<{ syncing: boolean; lastSyncedAt: string | null }>(host, 'sync:status', {});
      if (total >= videos && status.lastSyncedAt) break;
      if (performance.now() - t > 15 * 60_000) throw new Error(`sync stalled at ${total} of ${videos}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    log(`synced into the cache in ${Math.round(performance.now() - t)} ms`);
    const [lastId] = (
      await call<{ ids: number[] }>(host, 'library:ids', { query: {}, offset: videos - 1, limit: 1 })
    ).ids;

    const browser: E2eBrowser = await launchBrowser(VIEWPORT);
    cleanups.push(() => browser.close());
    const { page } = browser;
    // tsx compiles this file with keepNames, which wraps named functions in __name(); the functions
    // handed to page.evaluate run in the page, where that helper has to exist too.
    await page.addInitScript('globalThis.__name = (fn) => fn;');
    // A first visit warms the HTTP cache for the bundle, as a restarted app would have it on disk.
    await page.goto(host.url);
    await page.locator('[role="gridcell"][data-id]').first().waitFor({ timeout: 60_000 });
    await page.goto('about:blank');

    // What the first grid waits on in the core, measured from Node just before the timed navigation.
    const q0 = performance.now();
    await call(host, 'library:count', { query: {} });
    await call(host, 'library:page', { query: {}, offset: 0, limit: 100 });
    log(`core: library:count + library:page took ${Math.round(performance.now() - q0)} ms`);

    await page.goto(host.url, { waitUntil: 'commit' });
    const firstGridMs = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const check = () => {
            if (document.querySelector('[role="gridcell"][data-id]')) {
              requestAnimationFrame(() => resolve(performance.now()));
              return true;
            }
            return false;
          };
          if (check()) return;
          const observer = new MutationObserver(() => {
            if (check()) observer.disconnect();
          });
          observer.observe(document, { childList: true, subtree: true });
        }),
    );

    // The viewport as it is while scrolling: once the videos are scrolled the page folds its header and
    // summary, so the scroller is taller than at the top and shows more rows.
    const geometry = await page.evaluate(async () => {
      const frame = () =>
        new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      const grid = document.querySelector('[role="grid"]');
      const row = document.querySelector<HTMLElement>('[role="row"]');
      const scroller = document.querySelector<HTMLElement>('[data-testid="library-scroller"]');
      scroller?.scrollTo(0, 400);
      await frame();
      const viewport = scroller?.clientHeight ?? 0;
      scroller?.scrollTo(0, 0);
      await frame();
      return {
        columns: Number(grid?.getAttribute('aria-colcount')),
        rowHeight: row?.offsetHeight ?? 1,
        viewport,
      };
    });
    const visibleRows = Math.ceil(geometry.viewport / geometry.rowHeight) + 1;
    const domLimit = geometry.columns * (visibleRows + 4);

    const scroll = await scrollToEnd(page);

    let reachedLast = false;
    try {
      await page
        .locator(`[role="gridcell"][data-index="${videos - 1}"][data-id="${lastId}"]`)
        .waitFor({ timeout: 15_000 });
      reachedLast = true;
    } catch {
      reachedLast = false;
    }

    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');

    // The same scroll over a static page of plain boxes, in the same browser and minute: on a shared,
    // loaded machine this says how many frames the machine itself delivers.
    await page.setContent(
      '<div id="s" style="height:100vh;overflow:auto"><div style="height:2000000px;background:repeating-linear-gradient(#eee 0 20px,#ccc 20px 40px)"></div></div>',
    );
    const baseline = await scrollToEnd(page, '#s');
    const within =
      scroll.deltas.filter((d) => d <= FRAME_BUDGET_MS).length / Math.max(1, scroll.deltas.length);
    const sorted = [...scroll.deltas].sort((a, b) => a - b);
    const baseWithin =
      baseline.deltas.filter((d) => d <= FRAME_BUDGET_MS).length / Math.max(1, baseline.deltas.length);
    log(
      `baseline (static page, same scroll): ${Math.round(baseWithin * 1000) / 1000} of frames within budget`,
    );
    log(
      `frames ${scroll.deltas.length}, p50 ${sorted[Math.floor(sorted.length / 2)]?.toFixed(1)} ms, p99 ${sorted[
        Math.floor(sorted.length * 0.99)
      ]?.toFixed(
        1,
      )} ms; columns ${geometry.columns}, row ${geometry.rowHeight} px, DOM card limit ${domLimit}`,
    );
    // Cold start: this host closed and the server stopped, then a new host process on the same cache.
    await host.close();
    await server.stop();
    const coldStart = await coldStartMs(page, { dataDir, serverUrl: server.url, rendererDir });
    log(
      `cold start (new host process, server stopped): serving after ${Math.round(coldStart.serving)} ms, ` +
        `first grid after ${Math.round(coldStart.firstGrid)} ms`,
    );
    const result = {
      bench: 'ui',
      videos,
      first_grid_ms: Math.round(firstGridMs),
      frames_within_16ms: Math.round(within * 1000) / 1000,
      max_dom_cards: scroll.maxCards,
      heap_mb: Math.round((heap.usedSize / 1024 / 1024) * 10) / 10,
      reached_last: reachedLast,
      cold_start_ms: Math.round(coldStart.firstGrid),
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    for (const c of cleanups.reverse()) {
      try {
        await c();
      } catch (err) {
        log(`cleanup: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }
}

main().catch((err: unknown) => {
  if (err instanceof BenchUsageError) {
    process.stderr.write(`bench ui: ${err.message}\n`);
    process.exitCode = 2;
    return;
  }
  process.stderr.write(`bench ui: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
