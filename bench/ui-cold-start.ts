import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Page } from 'playwright-core';
import { ensureWebHostBuilt } from '../scripts/webhost-build.js';

// Cold start: a new web host process (`npm run web`'s launcher, scripts/web.js, on the host's JavaScript
// bundle, built before timing as an installed or already started app has it) on a data folder whose
// cache already holds the library, with the server stopped; from spawning the process to the first frame
// painted with cards in the page, both on the wall clock.

const ROOT = join(import.meta.dirname, '..');

/** Milliseconds from spawning the host to its first grid, and to its printing the URL (serving). */
export async function coldStartMs(
  page: Page,
  options: { dataDir: string; serverUrl: string; rendererDir: string },
): Promise<{ firstGrid: number; serving: number }> {
  await ensureWebHostBuilt(ROOT);
  const spawnedAt = Date.now();
  const child = spawn(
    process.execPath,
    [
      join(ROOT, 'scripts', 'web.js'),
      '--data',
      options.dataDir,
      '--server',
      options.serverUrl,
      '--renderer',
      options.rendererDir,
      '--no-open',
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    const url = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).on('line', (line) => {
        const found = /is running at (http\S+)/.exec(line);
        if (found?.[1]) resolve(found[1]);
      });
      child.once('exit', (code) => reject(new Error(`the web host exited (${String(code)}) before serving`)));
    });
    const serving = Date.now() - spawnedAt;
    await page.goto(url, { waitUntil: 'commit' });
    const paintedAt = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const done = () => requestAnimationFrame(() => resolve(performance.timeOrigin + performance.now()));
          if (document.querySelector('[role="gridcell"][data-id]')) return done();
          const observer = new MutationObserver(() => {
            if (!document.querySelector('[role="gridcell"][data-id]')) return;
            observer.disconnect();
            done();
          });
          observer.observe(document, { childList: true, subtree: true });
        }),
    );
    return { firstGrid: paintedAt - spawnedAt, serving };
  } finally {
    await page.goto('about:blank');
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  }
}
