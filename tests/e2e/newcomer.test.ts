import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { seriousViolations } from './harness/axe';
import { expectNoBusyCards, screenshot, signIn, startApp, type E2eApp } from './harness/app';
import { serverVideos } from './harness/oracle';

// Issue 13: the page as a newcomer meets it, walked in Chromium through the web host's real core and
// the real server (a Pro account, seeded user 1).

type Box = { x: number; y: number; width: number; height: number };
const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

async function box(locator: Locator): Promise<Box> {
  const b = await locator.boundingBox();
  if (!b) throw new Error('the element is not laid out');
  return b;
}

describe('the page as a newcomer meets it, in Chromium against the real server', () => {
  let app: E2eApp;
  let page: Page;
  const user = () => {
    const u = app.server.users[0];
    if (!u) throw new Error('no seeded user');
    return u;
  };
  const summary = () => page.getByRole('region', { name: 'Credits and usage' });

  beforeAll(async () => {
    app = await startApp({ videos: 40, pool: 3 });
    page = app.page;
    await page.setViewportSize({ width: 1440, height: 900 });
  });
  afterAll(async () => {
    await app?.close();
  });

  async function changePlan(button: string, plan: string) {
    await page.getByRole('button', { name: 'Upgrade Plan' }).click();
    const dialog = page.getByRole('dialog', { name: 'Upgrade Plan' });
    await dialog.getByRole('button', { name: button }).click();
    await page.getByText(`You are now on the ${plan} plan.`).first().waitFor();
    await expect.poll(() => summary().textContent()).toContain(`Plan${plan}`);
  }

  async function qualityDialogOffers4k(): Promise<boolean> {
    const card = page.locator('[role="gridcell"][data-status="ready"]').first();
    await card.getByRole('button', { name: /^Download / }).click();
    const dialog = page.getByRole('dialog', { name: /^Download “/ });
    await dialog.getByText('4K', { exact: true }).waitFor();
    const offered = (await dialog.getByRole('button', { name: /^Download 4K/ }).count()) === 1;
    const gated = (await dialog.getByRole('button', { name: 'Upgrade to download 4K' }).count()) === 1;
    expect(offered).toBe(!gated);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    return offered;
  }

  it('defect 1: the card quality dialog follows a plan change at once, and after a reload', async () => {
    await signIn(app);
    await expectNoBusyCards(page);
    await expect.poll(() => summary().textContent()).toContain('PlanPro');
    expect(await qualityDialogOffers4k()).toBe(true);
    await changePlan('Switch to Free', 'Free');
    expect(await qualityDialogOffers4k()).toBe(false);
    await changePlan('Upgrade to Pro', 'Pro');
    expect(await qualityDialogOffers4k()).toBe(true);
    await page.reload();
    await page.getByRole('grid', { name: 'My videos' }).waitFor();
    await expectNoBusyCards(page);
    expect(await qualityDialogOffers4k()).toBe(true);
  });

  it('defects 2 and 5: a bulk regenerate clears the selection; the copy is named apart from its original', async () => {
    const ready = page.locator('[role="gridcell"][data-status="ready"]');
    const title = (await ready.first().locator('h3').textContent()) ?? '';
    const before = (await serverVideos(app.server.url, user(), {}, 1)).total;
    await ready.first().getByRole('checkbox').click();
    await expect.poll(() => page.locator('.selection-count').textContent()).toBe('1 video selected');
    await page.getByRole('button', { name: 'Regenerate selected' }).click();
    const dialog = page.getByRole('dialog', { name: 'Regenerate 1 video?' });
    await dialog.getByText('Balance after').waitFor();
    await dialog.getByRole('button', { name: 'Regenerate 1 video' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByRole('region', { name: 'Selection' }).count()).toBe(0);
    await expect.poll(async () => (await serverVideos(app.server.url, user(), {}, 1)).total).toBe(before + 1);

    // The copy keeps the title; its controls are still told apart (by the generation time).
    const search = page.getByRole('searchbox', { name: 'Search titles and prompts' });
    await search.fill(title);
    const deletes = page.getByRole('button', { name: `Delete ${title}, ` });
    await expect.poll(() => deletes.count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    const names = await deletes.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    expect(new Set(names).size).toBe(names.length);
    await search.fill('');
  });

  it('defect 8: a disabled action explains itself in an opaque tooltip that leaves the failure text readable', async () => {
    await page.getByRole('toolbar').getByRole('button', { name: 'Failed', exact: true }).click();
    const card = page.locator('[role="gridcell"][data-status="failed"]').first();
    await card.waitFor();
    const preview = card.getByRole('button', { name: /^Preview / });
    await preview.hover();
    const tipId = (await preview.getAttribute('aria-describedby')) ?? '';
    const tip = page.locator(`[id="${tipId}"]`);
    await tip.waitFor({ state: 'visible' });
    expect(await tip.textContent()).toBe('Generation failed, so there is nothing to preview');
    // Fully opaque: no ancestor (such as the dimmed button) fades it.
    const opacity = await tip.evaluate((el) => {
      let o = 1;
      for (let n: Element | null = el; n; n = n.parentElement) o *= Number(getComputedStyle(n).opacity);
      return o;
    });
    expect(opacity).toBe(1);
    expect(overlaps(await box(tip), await box(card.locator('.failure-reason')))).toBe(false);
    expect(overlaps(await box(tip), await box(card.locator('.status')))).toBe(false);
    await screenshot(page, 'disabled-tooltip');
    await page.getByRole('toolbar').getByRole('button', { name: 'Failed', exact: true }).click();
  });

  /** Cards wholly inside the scroller's visible box. */
  async function wholeCardsVisible(): Promise<number> {
    return page.evaluate(() => {
      const scroller = document.querySelector('[data-testid="library-scroller"]')?.getBoundingClientRect();
      if (!scroller) return 0;
      return [...document.querySelectorAll('[role="gridcell"][data-id]')].filter((c) => {
        const r = c.getBoundingClientRect();
        return r.height > 0 && r.top >= scroller.top - 0.5 && r.bottom <= scroller.bottom + 0.5;
      }).length;
    });
  }
  const scroller = () => page.getByTestId('library-scroller');

  it('density: at least 12 whole cards at 1440×900 in comfortable, more in compact; the top folds on scroll', async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByRole('button', { name: 'Grid view' }).click();
    await expectNoBusyCards(page);
    const density = page.getByRole('group', { name: 'Density' });
    expect(
      await density.getByRole('button', { name: 'Comfortable density' }).getAttribute('aria-pressed'),
    ).toBe('true');
    await expect.poll(wholeCardsVisible).toBeGreaterThanOrEqual(12);
    const comfortable = await wholeCardsVisible();
    await screenshot(page, 'density-comfortable-1440');
    expect(await seriousViolations(page)).toEqual([]);

    // Scrolled, the header and summary fold: the videos get more of the window.
    const top = (await box(scroller())).y;
    await scroller().evaluate((el) => el.scrollBy(0, 200));
    await expect.poll(async () => (await box(scroller())).y).toBeLessThan(top - 40);
    await screenshot(page, 'density-comfortable-1440-scrolled');
    await scroller().evaluate((el) => el.scrollTo(0, 0));
    await expect.poll(async () => (await box(scroller())).y).toBe(top);

    await density.getByRole('button', { name: /^Compact density/ }).click();
    await expectNoBusyCards(page);
    await expect.poll(wholeCardsVisible).toBeGreaterThan(comfortable);
    await screenshot(page, 'density-compact-1440');
    expect(await seriousViolations(page)).toEqual([]);
    await density.getByRole('button', { name: 'Comfortable density' }).click();
    await page.getByRole('button', { name: 'Auto view' }).click();
  });

  it('defect 9: on narrow windows the list shows title, date, status and cost; the summary holds its buttons; the top folds away', async () => {
    // Auto view is a list below 640 px; above, the list is chosen (its layout changes at 760 px).
    await page.getByRole('button', { name: 'List view' }).click();
    for (const width of [390, 480, 560, 600, 700, 800]) {
      await page.setViewportSize({ width, height: 844 });
      await expectNoBusyCards(page);
      const rows = page.locator('[role="gridcell"][data-id]');
      await expect.poll(() => rows.count()).toBeGreaterThan(3);
      const problems = () =>
        rows.evaluateAll((cells, viewport) => {
          const out: string[] = [];
          for (const cell of cells.slice(0, 6)) {
            const cellBox = cell.getBoundingClientRect();
            const parts = {
              title: cell.querySelector('h3'),
              date: cell.querySelector('time'),
              status: cell.querySelector('.badge'),
              cost: cell.querySelector('.card-cost'),
            };
            for (const [name, el] of Object.entries(parts)) {
              const r = el?.getBoundingClientRect();
              const shown =
                el instanceof HTMLElement &&
                r !== undefined &&
                getComputedStyle(el).display !== 'none' &&
                getComputedStyle(el).visibility !== 'hidden' &&
                r.width >= (name === 'title' ? 80 : 20) &&
                r.left >= cellBox.left - 0.5 &&
                r.right <= Math.min(cellBox.right, viewport) + 0.5 &&
                r.top >= cellBox.top - 0.5 &&
                r.bottom <= cellBox.bottom + 0.5;
              if (!shown) out.push(`${cell.getAttribute('data-id')}: ${name}`);
            }
          }
          return out;
        }, width);
      await expect
        .poll(async () => ({ width, problems: await problems() }))
        .toEqual({ width, problems: [] })
        .catch(async (e: unknown) => {
          await screenshot(page, `narrow-list-${width}-failed`);
          throw e;
        });
      const summaryBox = await box(page.locator('.credit-summary'));
      for (const name of ['Buy More Credits', 'Upgrade Plan']) {
        const b = await box(page.getByRole('button', { name, exact: true }));
        expect(b.x + b.width).toBeLessThanOrEqual(summaryBox.x + summaryBox.width + 0.5);
        expect(b.y + b.height).toBeLessThanOrEqual(summaryBox.y + summaryBox.height + 0.5);
      }
    }
    await page.setViewportSize({ width: 390, height: 844 });
    await expectNoBusyCards(page);
    await screenshot(page, 'narrow-list-390');
    expect(await seriousViolations(page)).toEqual([]);
    // Scrolled, the filters and the summary's details fold away: the videos get two thirds of the screen.
    await scroller().evaluate((el) => el.scrollBy(0, 300));
    await expect.poll(async () => (await box(scroller())).y).toBeLessThanOrEqual(844 / 3);
    await screenshot(page, 'narrow-list-390-scrolled');
    expect(await seriousViolations(page)).toEqual([]);
    await scroller().evaluate((el) => el.scrollTo(0, 0));
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByRole('button', { name: 'Auto view' }).click();
  });

  it('aspect-true thumbnails: vertical and square videos are shown whole, letterboxed, in grid and list', async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByRole('button', { name: 'Grid view' }).click();
    await expectNoBusyCards(page);
    const shown = async () =>
      page.locator('.card-media.has-image img').evaluateAll((imgs) =>
        imgs
          .filter((img): img is HTMLImageElement => img instanceof HTMLImageElement && img.naturalWidth > 0)
          .map((img) => ({
            shape: img.parentElement?.getAttribute('data-shape') ?? '',
            natural: img.naturalWidth / img.naturalHeight,
            tile: img.clientWidth / img.clientHeight,
            fit: getComputedStyle(img).objectFit,
          })),
      );
    await expect
      .poll(async () => new Set((await shown()).map((s) => s.shape)))
      .toEqual(new Set(['landscape', 'portrait', 'square']));
    for (const s of await shown()) {
      // The file's own shape, drawn whole in a 16:9 tile.
      const expected = s.shape === 'portrait' ? 9 / 16 : s.shape === 'square' ? 1 : 16 / 9;
      expect(s.natural).toBeCloseTo(expected, 1);
      expect(s.tile).toBeCloseTo(16 / 9, 1);
      // A 16:9 file fills its 16:9 tile exactly; the others are letterboxed, never cropped.
      expect(s.fit).toBe(s.shape === 'landscape' ? 'cover' : 'contain');
    }
    await screenshot(page, 'aspect-true-grid-1440');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('button', { name: 'Auto view' }).click();
    await expectNoBusyCards(page);
    await screenshot(page, 'aspect-true-list-390');
    await page.setViewportSize({ width: 1440, height: 900 });
  });
});
