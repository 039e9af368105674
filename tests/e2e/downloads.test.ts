import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { seriousViolations } from './harness/axe';
import { expectNoBusyCards, screenshot, signIn, startApp, type E2eApp } from './harness/app';

// A real download from a card, through the core's downloader and the real server, seen in the panel
// and on the card; then the file is deleted behind the app's back, and the page says so when the
// window comes back and downloads it again.

/** Files (not .part) in the download folder. */
function finishedFiles(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.mp4'));
}

describe('downloads in Chromium against the web host and the real server', () => {
  let app: E2eApp;
  let page: Page;
  let downloadDir: string;
  let title = '';
  let id = 0;

  const cardLocator = () => page.locator(`[role="gridcell"][data-id="${id}"]`);
  const panel = () => page.getByRole('region', { name: 'Downloads' });

  beforeAll(async () => {
    app = await startApp({ videos: 12 });
    page = app.page;
    downloadDir = mkdtempSync(join(tmpdir(), 'e2e-downloads-'));
    // A slow enough transfer to watch it progress: the seeded HD files are about 1.3 MB and the core
    // reports progress per written batch (384 KiB), so about 3 s per step.
    await app.host.core.handlers['settings:set']({ downloadDir, bandwidthLimitKBps: 128 });
  });
  afterAll(async () => {
    await app?.close();
    if (downloadDir) rmSync(downloadDir, { recursive: true, force: true });
  });

  it('downloads from a card: the panel shows it progress and complete, and the card gains its badge', async () => {
    await signIn(app);
    await expectNoBusyCards(page);
    const card = page.locator('[role="gridcell"][data-status="ready"]').first();
    id = Number(await card.getAttribute('data-id'));
    title = (await card.locator('h3').textContent()) ?? '';
    await cardLocator()
      .getByRole('button', { name: `Download ${title}` })
      .click();
    const dialog = page.getByRole('dialog', { name: `Download “${title}”` });
    await dialog.getByRole('button', { name: /^Download HD/ }).click();
    await page.getByText(`Downloading HD of “${title}”.`).waitFor();

    await page.getByRole('button', { name: /^Downloads/ }).click();
    const item = panel().getByRole('listitem', { name: new RegExp(`^${title} \\(HD\\)`) });
    const bar = item.getByRole('progressbar', { name: `Download of ${title} (HD)` });
    // Seen part-way: more than nothing and less than all, with its speed.
    await expect
      .poll(
        async () => {
          const percent = Number((await bar.getAttribute('aria-valuenow')) ?? 0);
          return percent > 0 && percent < 100 && /\/s/.test((await item.textContent()) ?? '');
        },
        { timeout: 60_000, interval: 50 },
      )
      .toBe(true);
    await screenshot(page, 'downloads-panel-progress');
    expect(await seriousViolations(page)).toEqual([]);
    await app.host.core.handlers['settings:set']({ bandwidthLimitKBps: 0 });
    await expect
      .poll(() => item.getAttribute('aria-label'), { timeout: 60_000 })
      .toBe(`${title} (HD), Completed`);
    expect(await bar.getAttribute('aria-valuenow')).toBe('100');
    await cardLocator().getByRole('img', { name: 'HD downloaded' }).waitFor();
    const files = finishedFiles(downloadDir);
    expect(files).toHaveLength(1);
    expect(statSync(join(downloadDir, files[0] ?? '')).size).toBeGreaterThan(0);

    // The web host has no file manager hook: the page says so, with the file's place.
    await item.getByRole('button', { name: `Show ${title} (HD) in folder` }).click();
    await page.getByText(/“Show in folder” needs the desktop app\. The file is at /).waitFor();
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await screenshot(page, 'downloads-panel-dark');
    expect(await seriousViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'light' });

    // Taking it off the list forgets no file: the file stays and the card keeps its badge.
    await item.getByRole('button', { name: `Remove ${title} (HD) from the list` }).click();
    await expect.poll(() => item.count()).toBe(0);
    await panel()
      .getByText(/No downloads yet/)
      .waitFor();
    expect(await cardLocator().getByRole('img', { name: 'HD downloaded' }).count()).toBe(1);
    expect(finishedFiles(downloadDir)).toHaveLength(1);
    await panel().getByRole('button', { name: 'Close downloads' }).click();
    await expect.poll(() => panel().count()).toBe(0);
  });

  it('says drag-out needs the desktop app, and clicking the card still works', async () => {
    const card = cardLocator();
    expect(await card.getAttribute('draggable')).toBe('true');
    await card.locator('.card-media').dragTo(page.locator('.page-title'));
    await page.getByText('Drag-out needs the desktop app; use Show in folder in Downloads.').waitFor();
    await card.getByRole('checkbox', { name: `Select ${title}` }).click();
    await expect.poll(() => page.locator('.selection-count').textContent()).toBe('1 video selected');
    await page.getByRole('button', { name: 'Clear selection' }).click();
  });

  it('shows "File gone" once the file is deleted and the window regains focus, and downloads it again', async () => {
    const [file] = finishedFiles(downloadDir);
    if (!file) throw new Error('no downloaded file');
    rmSync(join(downloadDir, file));
    // The window loses focus to another one, then comes back.
    const other = await page.context().newPage();
    await other.bringToFront();
    await page.bringToFront();
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
    await other.close();
    const gone = cardLocator().getByRole('button', { name: `HD file gone — download ${title} again` });
    await gone.waitFor({ timeout: 30_000 });
    expect(await gone.textContent()).toBe('File gone — download again');
    expect(await cardLocator().getByRole('img', { name: 'HD downloaded' }).count()).toBe(0);
    await screenshot(page, 'card-file-gone');
    expect(await seriousViolations(page)).toEqual([]);

    await gone.click();
    const dialog = page.getByRole('dialog', { name: `Download “${title}”` });
    await dialog.getByRole('button', { name: /^Download HD/ }).click();
    await cardLocator().getByRole('img', { name: 'HD downloaded' }).waitFor({ timeout: 60_000 });
    expect(await gone.count()).toBe(0);
    expect(finishedFiles(downloadDir)).toHaveLength(1);
  });

  it('downloads from the preview and from a bulk selection, both through the quality dialog', async () => {
    const ready = page.locator('[role="gridcell"][data-status="ready"]');
    const ids = (
      await ready.evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-id'))))
    ).filter((other) => other !== id);
    const [fromPreview, bulkA, bulkB] = ids;
    if (!fromPreview || !bulkA || !bulkB) throw new Error('too few ready videos');
    const titleOf = async (videoId: number) =>
      (await page.locator(`[role="gridcell"][data-id="${videoId}"] h3`).textContent()) ?? '';

    const previewTitle = await titleOf(fromPreview);
    await page
      .locator(`[role="gridcell"][data-id="${fromPreview}"]`)
      .getByRole('button', { name: `Preview ${previewTitle}` })
      .click();
    await page.getByRole('dialog', { name: previewTitle }).getByRole('button', { name: 'Download…' }).click();
    await page
      .getByRole('dialog', { name: `Download “${previewTitle}”` })
      .getByRole('button', { name: /^Download SD/ })
      .click();
    await page.getByText(`Downloading SD of “${previewTitle}”.`).waitFor();

    for (const videoId of [bulkA, bulkB]) {
      await page
        .locator(`[role="gridcell"][data-id="${videoId}"]`)
        .getByRole('checkbox', { name: `Select ${await titleOf(videoId)}` })
        .click();
    }
    await page.getByRole('button', { name: 'Download selected…' }).click();
    await page
      .getByRole('dialog', { name: 'Download 2 videos' })
      .getByRole('button', { name: 'Download 2 videos in SD' })
      .click();
    await page.getByText('Downloading SD of 2 videos.').waitFor();
    await page.getByRole('button', { name: 'Clear selection' }).click();

    for (const videoId of [fromPreview, bulkA, bulkB])
      await page
        .locator(`[role="gridcell"][data-id="${videoId}"]`)
        .getByRole('img', { name: 'SD downloaded' })
        .waitFor({ timeout: 60_000 });
    expect(finishedFiles(downloadDir)).toHaveLength(4);
  });

  it('ran without console errors, uncaught exceptions or content-security-policy refusals', () => {
    expect(app.errors).toEqual([]);
  });
});
