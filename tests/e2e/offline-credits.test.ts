import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { seriousViolations } from './harness/axe';
import { expectNoBusyCards, screenshot, signIn, startApp, type E2eApp } from './harness/app';
import { serverVideos } from './harness/oracle';

// A free-plan account (seeded user 3): short on credits, billing end to end, offline with an action
// queued and replayed, and the empty library.

describe('credits, offline and empty states in Chromium against the real server', () => {
  let app: E2eApp;
  let page: Page;
  const FREE_USER = 2;
  const user = () => {
    const u = app.server.users[FREE_USER];
    if (!u) throw new Error('no seeded user');
    return u;
  };
  const summary = () => page.getByRole('region', { name: 'Credits and usage' });

  beforeAll(async () => {
    app = await startApp({ videos: 40 });
    page = app.page;
  });
  afterAll(async () => {
    await app?.close();
  });

  it('refuses a bulk regenerate the balance cannot pay, and offers to buy or upgrade', async () => {
    await signIn(app, FREE_USER);
    await expectNoBusyCards(page);
    await expect.poll(() => summary().textContent()).toMatch(/Remaining\s*[\d,]+/);
    const before = Number(
      (/Remaining\s*([\d,]+)/.exec((await summary().textContent()) ?? '')?.[1] ?? '').replace(/,/g, ''),
    );
    await page.locator('[role="gridcell"][data-id]').first().focus();
    await page.keyboard.press('Control+a');
    await expect.poll(() => page.locator('.selection-count').textContent()).toBe('40 videos selected');
    await page.getByRole('button', { name: 'Regenerate selected' }).click();
    const dialog = page.getByRole('dialog', { name: 'Regenerate 40 videos?' });
    await dialog.getByText('Not enough credits.').waitFor();
    const cost = (await serverVideos(app.server.url, user())).items.reduce((s, v) => s + v.credit_cost, 0);
    await expect
      .poll(() => dialog.getByRole('definition').first().textContent())
      .toBe(`${cost.toLocaleString('en-US')} credits`);
    expect(await dialog.getByRole('button', { name: 'Regenerate 40 videos' }).isDisabled()).toBe(true);
    await screenshot(page, 'confirm-short');
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Buy More Credits' }).click();
    const buy = page.getByRole('dialog', { name: 'Buy More Credits' });
    await buy.getByRole('button', { name: /^Buy 100 credits/ }).click();
    // Nothing is charged until the pack, price and new balance are confirmed (issue 13, defect 3).
    const confirm = page.getByRole('dialog', { name: 'Confirm your purchase' });
    await confirm.getByText(`${(before + 100).toLocaleString('en-US')} credits`).waitFor();
    // (The summary is behind the modal, out of the accessibility tree, so it is read by its class.)
    expect(await page.locator('.credit-summary').textContent()).toContain(
      `Remaining ${before.toLocaleString('en-US')} credits`,
    );
    await confirm.getByRole('button', { name: /^Pay / }).click();
    await page.getByText(/^Added 100 credits\./).waitFor();
    await expect
      .poll(() => summary().textContent())
      .toContain(`Remaining ${(before + 100).toLocaleString('en-US')} credits`);
    await page.getByRole('button', { name: 'Clear selection' }).click();
  });

  it('upgrades the plan end to end', async () => {
    await page.getByRole('button', { name: 'Upgrade Plan' }).click();
    const dialog = page.getByRole('dialog', { name: 'Upgrade Plan' });
    await dialog.getByRole('button', { name: 'Upgrade to Basic' }).click();
    await page.getByText('You are now on the Basic plan.').waitFor();
    await expect.poll(() => summary().textContent()).toContain('PlanBasic');
  });

  it('goes offline, queues a regenerate (marked pending) and a delete, and replays both when the server is back', async () => {
    const before = await serverVideos(app.server.url, user());
    await app.server.stop();
    await page.getByTestId('offline-banner').waitFor({ timeout: 60_000 });

    const source = page.locator('[role="gridcell"][data-status="ready"]').first();
    const sourceId = Number(await source.getAttribute('data-id'));
    const sourceTitle = (await source.locator('h3').textContent()) ?? '';
    await source.getByRole('button', { name: `Regenerate ${sourceTitle}` }).click();
    const regen = page.getByRole('dialog', { name: `Regenerate “${sourceTitle}”?` });
    await regen.getByText('Balance after').waitFor();
    await regen.getByRole('button', { name: 'Regenerate 1 video' }).click();
    await page.getByText('You are offline: 1 video will be regenerated when you reconnect.').waitFor();
    await expect
      .poll(() => page.locator(`[role="gridcell"][data-id="${sourceId}"] .pending-mark`).textContent())
      .toBe('Pending regenerate · will sync');

    const victim = page
      .locator(`[role="gridcell"][data-status="ready"]:not([data-id="${sourceId}"])`)
      .first();
    const victimId = Number(await victim.getAttribute('data-id'));
    const victimTitle = (await victim.locator('h3').textContent()) ?? '';
    await victim.getByRole('button', { name: `Delete ${victimTitle}` }).click();
    const del = page.getByRole('dialog', { name: `Delete “${victimTitle}”?` });
    await del.getByText('Credits spent on it').waitFor();
    await del.getByRole('button', { name: 'Delete 1 video' }).click();
    await page.getByText('You are offline: 1 video will be deleted when you reconnect.').waitFor();
    await expect.poll(() => page.locator(`[role="gridcell"][data-id="${victimId}"]`).count()).toBe(0);
    await expect
      .poll(() => page.getByTestId('offline-banner').textContent())
      .toContain('2 actions are waiting');
    await screenshot(page, 'offline');
    expect(await seriousViolations(page)).toEqual([]);

    await app.server.start();
    await expect.poll(() => page.getByTestId('offline-banner').count(), { timeout: 60_000 }).toBe(0);
    await expect
      .poll(
        async () => {
          const now = await serverVideos(app.server.url, user());
          return {
            deleted: !now.items.some((v) => v.id === victimId),
            regenerated: now.items.some((v) => !before.items.some((b) => b.id === v.id)),
          };
        },
        { timeout: 30_000 },
      )
      .toEqual({ deleted: true, regenerated: true });
    await expect
      .poll(() => page.locator(`[role="gridcell"][data-id="${sourceId}"] .pending-mark`).count())
      .toBe(0);
  });

  it('shows the empty library after everything is deleted', async () => {
    await page.locator('[role="gridcell"][data-id]').first().focus();
    await page.keyboard.press('Control+a');
    const total = (await serverVideos(app.server.url, user(), {}, 1)).total;
    await expect.poll(() => page.locator('.selection-count').textContent()).toBe(`${total} videos selected`);
    await page.getByRole('button', { name: 'Delete selected' }).click();
    const dialog = page.getByRole('dialog', { name: `Delete ${total} videos?` });
    await dialog.getByText('Credits spent on them').waitFor();
    await dialog.getByRole('button', { name: `Delete ${total} videos` }).click();
    await page.getByText(`Deleted ${total} videos.`).waitFor();
    await page.getByText('No videos yet').waitFor();
    expect((await serverVideos(app.server.url, user(), {}, 1)).total).toBe(0);
    await screenshot(page, 'empty');
    expect(await seriousViolations(page)).toEqual([]);
  });
});
