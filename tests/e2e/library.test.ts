import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { seriousViolations } from './harness/axe';
import { expectNoBusyCards, screenshot, signIn, startApp, type E2eApp } from './harness/app';
import { serverIds, serverVideos, type ServerQuery } from './harness/oracle';

const VISIBLE = 8;

async function domIds(page: Page): Promise<number[]> {
  return page
    .locator('[role="gridcell"][data-id]')
    .evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-id'))));
}

async function selectedCount(page: Page): Promise<string | null> {
  const bar = page.getByRole('region', { name: 'Selection' });
  return (await bar.count()) ? bar.locator('.selection-count').textContent() : null;
}

describe('My Videos in Chromium against the web host and the real server', () => {
  let app: E2eApp;
  let page: Page;
  const user = () => {
    const u = app.server.users[0];
    if (!u) throw new Error('no seeded user');
    return u;
  };
  const expectShows = async (query: ServerQuery) => {
    const expected = (await serverIds(app.server.url, user(), query)).slice(0, VISIBLE);
    await expect
      .poll(async () => (await domIds(page)).slice(0, VISIBLE), { timeout: 15_000 })
      .toEqual(expected);
  };

  beforeAll(async () => {
    app = await startApp({ videos: 60, genSeconds: 5 });
    page = app.page;
  });
  afterAll(async () => {
    await app?.close();
  });

  it('refuses a wrong password, then signs in and shows the grid and the credit summary', async () => {
    await page.goto(app.host.url);
    await page.getByLabel('Email').fill(user().email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    await signIn(app);
    await expectShows({});
    await expectNoBusyCards(page);
    const summary = page.getByRole('region', { name: 'Credits and usage' });
    const credits = await serverVideos(app.server.url, user(), {}, 1);
    await expect.poll(() => summary.textContent()).toContain(`Total videos${credits.total}`);
    await screenshot(page, 'grid-light');
  });

  it('sorts by each order, as the server does', async () => {
    const sort = page.getByRole('combobox', { name: 'Sort videos' });
    const orders: [string, ServerQuery][] = [
      ['date:reversed', { sort: 'date', order: 'reversed' }],
      ['cost:default', { sort: 'cost', order: 'default' }],
      ['cost:reversed', { sort: 'cost', order: 'reversed' }],
      ['title:default', { sort: 'title', order: 'default' }],
      ['title:reversed', { sort: 'title', order: 'reversed' }],
      ['date:default', { sort: 'date', order: 'default' }],
    ];
    for (const [value, query] of orders) {
      await sort.selectOption(value);
      await expectShows(query);
    }
  });

  it('filters by each status and by several tags, combined with sort, and searches', async () => {
    for (const status of ['processing', 'ready', 'failed'] as const) {
      const chip = page
        .getByRole('toolbar')
        .getByRole('button', { name: status[0].toUpperCase() + status.slice(1), exact: true });
      await chip.click();
      await expectShows({ filter_status: status });
      await chip.click();
    }
    await page.getByRole('combobox', { name: 'Sort videos' }).selectOption('cost:default');
    await page.getByRole('button', { name: /Filter by tag/ }).click();
    await page.getByRole('checkbox', { name: /^Rain/ }).check();
    await page.getByRole('checkbox', { name: /^Water/ }).check();
    await page.keyboard.press('Escape');
    await expectShows({ sort: 'cost', filter_tag: ['Rain', 'Water'], tag_match: 'any' });
    await page.getByRole('button', { name: 'Ready', exact: true }).click();
    await expectShows({
      sort: 'cost',
      filter_tag: ['Rain', 'Water'],
      tag_match: 'any',
      filter_status: 'ready',
    });
    await page.getByRole('button', { name: 'Ready', exact: true }).click();
    await page.getByRole('button', { name: /Filter by tag/ }).click();
    await page.getByRole('button', { name: 'Clear tags' }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('combobox', { name: 'Sort videos' }).selectOption('date:default');
    await expectShows({});

    const all = await serverVideos(app.server.url, user());
    const word = (all.items[3]?.title ?? '').split(/\s+/).find((w) => w.length > 4) ?? '';
    await page.getByRole('searchbox', { name: 'Search titles and prompts' }).fill(word);
    await expect.poll(async () => (await domIds(page)).includes(all.items[3]?.id ?? -1)).toBe(true);
    const shown = await domIds(page);
    expect(shown.length).toBeLessThan(all.total);
    await page.getByRole('searchbox', { name: 'Search titles and prompts' }).fill('zzzz no such video');
    await page.getByText('Nothing matches your filters').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expectShows({});
  });

  it('starts a muted preview on hover and releases it on leave', async () => {
    const card = page.locator('[role="gridcell"][data-status="ready"]').first();
    const video = card.getByTestId('hover-preview');
    // A pointer that enters a card starts its preview. Under a loaded machine the grid may still re-render
    // from the previous test's query change right after the pointer arrived (the card then has no pointer
    // entering it, as when a user holds the mouse still): a user moves the mouse, and so does this test.
    await expect
      .poll(
        async () => {
          await page.mouse.move(5, 5);
          await card.locator('.card-media').hover();
          return video.waitFor({ timeout: 3_000 }).then(
            () => true,
            () => false,
          );
        },
        { timeout: 30_000 },
      )
      .toBe(true);
    await expect
      .poll(() => video.evaluate((v: HTMLVideoElement) => v.muted && !v.paused && v.readyState >= 2))
      .toBe(true);
    await page.mouse.move(5, 5);
    await expect.poll(() => card.getByTestId('hover-preview').count()).toBe(0);

    // With reduced motion asked by the OS, hovering shows the still thumbnail only.
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await card.locator('.card-media').hover();
    await page.waitForTimeout(800);
    expect(await card.getByTestId('hover-preview').count()).toBe(0);
    await page.mouse.move(5, 5);
    await page.emulateMedia({ reducedMotion: 'no-preference' });
  });

  it('restores the last view (sort and filters) when the page starts again', async () => {
    await page.getByRole('combobox', { name: 'Sort videos' }).selectOption('cost:reversed');
    await page.getByRole('button', { name: 'Ready', exact: true }).click();
    await expectShows({ sort: 'cost', order: 'reversed', filter_status: 'ready' });
    // The view is saved shortly after the last change.
    await page.waitForTimeout(1000);
    await page.reload();
    await page.getByRole('grid', { name: 'My videos' }).waitFor();
    expect(await page.getByRole('combobox', { name: 'Sort videos' }).inputValue()).toBe('cost:reversed');
    expect(await page.getByRole('button', { name: 'Ready', exact: true }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    await expectShows({ sort: 'cost', order: 'reversed', filter_status: 'ready' });
    await page.getByRole('button', { name: 'Ready', exact: true }).click();
    await page.getByRole('combobox', { name: 'Sort videos' }).selectOption('date:default');
    await expectShows({});
  });

  it('selects a range with shift-click and bulk deletes it after a confirmation', async () => {
    const ids = (await domIds(page)).slice(0, 5);
    const titles = await page.locator('[role="gridcell"][data-id] h3').allTextContents();
    await page.getByRole('checkbox', { name: `Select ${titles[0]}` }).click();
    await page.getByRole('checkbox', { name: `Select ${titles[4]}` }).click({ modifiers: ['Shift'] });
    await expect.poll(() => selectedCount(page)).toBe('5 videos selected');
    await page.getByRole('button', { name: 'Delete selected' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete 5 videos?' });
    await dialog.getByText('Credits spent on them').waitFor();
    await screenshot(page, 'confirm-delete');
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Delete 5 videos' }).click();
    await page.getByText('Deleted 5 videos.').waitFor();
    await expect.poll(async () => (await serverVideos(app.server.url, user(), {}, 1)).total).toBe(55);
    const remaining = await serverIds(app.server.url, user());
    expect(remaining.filter((id) => ids.includes(id))).toEqual([]);
    await expect.poll(async () => (await domIds(page)).filter((id) => ids.includes(id))).toEqual([]);
    expect(await selectedCount(page)).toBeNull();
  });

  it('regenerates with a credit preview, and the new video turns from Processing to Ready live', async () => {
    const card = page.locator('[role="gridcell"][data-status="ready"]').first();
    const title = (await card.locator('h3').textContent()) ?? '';
    const before = await serverIds(app.server.url, user());
    await card.getByRole('button', { name: `Regenerate ${title}` }).click();
    const dialog = page.getByRole('dialog', { name: `Regenerate “${title}”?` });
    await dialog.getByText('Balance after').waitFor();
    await screenshot(page, 'confirm-regenerate');
    await dialog.getByRole('button', { name: 'Regenerate 1 video' }).click();
    await page.getByText('Regeneration started for 1 video.').waitFor();
    let newId = 0;
    await expect
      .poll(async () => {
        newId = (await serverIds(app.server.url, user())).find((id) => !before.includes(id)) ?? 0;
        return newId;
      })
      .toBeGreaterThan(0);
    const fresh = page.locator(`[role="gridcell"][data-id="${newId}"]`);
    await expect.poll(() => fresh.getAttribute('data-status')).toBe('processing');
    await expect.poll(() => fresh.getAttribute('data-status'), { timeout: 60_000 }).toBe('ready');
    await expect.poll(() => page.getByTestId('announcer').textContent()).toContain('is now ready');
  });

  it('switches to numbered pages with Load More and back to continuous scrolling, remembered', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('radio', { name: 'Numbered pages with “Load More”' }).check();
    await page.getByRole('combobox', { name: 'Videos per page (numbered pages)' }).selectOption('24');
    await page.keyboard.press('Escape');
    const total = (await serverVideos(app.server.url, user(), {}, 1)).total;
    const status = page.locator('.pager-status');
    await expect.poll(() => status.textContent()).toMatch(/^Showing 1–\d+ of /);
    const first = Number(/Showing 1–(\d+)/.exec((await status.textContent()) ?? '')?.[1]);
    expect(first).toBe(24);
    expect(first).toBeLessThan(total);
    await page.getByRole('button', { name: 'Load More' }).click();
    await expect.poll(() => status.textContent()).toBe(`Showing 1–${Math.min(total, first * 2)} of ${total}`);
    await page.getByRole('button', { name: 'Page 2' }).click();
    await expect
      .poll(() => status.textContent())
      .toBe(`Showing ${first + 1}–${Math.min(first * 2, total)} of ${total}`);
    // Previous / Next, and the last page says which videos it shows (issue 13, paging).
    const lastPage = Math.ceil(total / first);
    await page.getByRole('button', { name: `Page ${lastPage}` }).click();
    await expect
      .poll(() => status.textContent())
      .toBe(`Showing ${(lastPage - 1) * first + 1}–${total} of ${total}`);
    expect(await page.getByRole('button', { name: 'Next', exact: true }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Previous', exact: true }).click();
    await expect
      .poll(() => status.textContent())
      .toBe(`Showing ${(lastPage - 2) * first + 1}–${(lastPage - 1) * first} of ${total}`);
    await page.getByRole('button', { name: 'Page 2' }).click();
    await expect.poll(() => status.textContent()).toBe(`Showing ${first + 1}–${first * 2} of ${total}`);
    const expected = (await serverIds(app.server.url, user())).slice(first, first + 4);
    await expect.poll(async () => (await domIds(page)).slice(0, 4)).toEqual(expected);
    await page.reload();
    await page.getByRole('grid', { name: 'My videos' }).waitFor();
    await expect.poll(() => page.locator('.pager-status').textContent()).toMatch(/^Showing/);
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('radio', { name: 'Continuous scrolling' }).check();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('.pager-status').count()).toBe(0);
    // Continuous: scrolling to the end reaches the last video.
    const last = (await serverIds(app.server.url, user(), { sort: 'date', order: 'reversed' }))[0];
    await page.getByTestId('library-scroller').evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await expect.poll(async () => (await domIds(page)).includes(last ?? -1)).toBe(true);
  });

  it('works by keyboard alone: grid navigation, selection, preview, delete prompt, select all', async () => {
    await page.getByTestId('library-scroller').evaluate((el) => el.scrollTo({ top: 0 }));
    await page.getByRole('searchbox', { name: 'Search titles and prompts' }).focus();
    const role = () =>
      page.evaluate(() => document.activeElement?.getAttribute('role') ?? document.activeElement?.tagName);
    for (let i = 0; i < 40 && (await role()) !== 'gridcell'; i++) await page.keyboard.press('Tab');
    expect(await role()).toBe('gridcell');
    // NaN when focus is on no card (Number(null) would read as the first card).
    const activeIndex = () =>
      page.evaluate(() => Number(document.activeElement?.getAttribute('data-index') ?? Number.NaN));
    const start = await activeIndex();
    await page.keyboard.press('ArrowRight');
    expect(await activeIndex()).toBe(start + 1);
    await page.keyboard.press('ArrowDown');
    const columns = Number(await page.getByRole('grid').getAttribute('aria-colcount'));
    expect(await activeIndex()).toBe(start + 1 + columns);
    await page.keyboard.press('Home');
    expect(await activeIndex()).toBe(start + columns);
    await page.keyboard.press('Control+Home');
    expect(await activeIndex()).toBe(0);
    await page.keyboard.press('Space');
    await expect.poll(() => selectedCount(page)).toBe('1 video selected');
    await page.keyboard.press('Space');
    await expect.poll(() => selectedCount(page)).toBeNull();
    // Enter previews the first ready card; Esc closes and focus returns to it.
    const readyIndex = Number(
      await page.locator('[role="gridcell"][data-status="ready"]').first().getAttribute('data-index'),
    );
    for (let i = 0; i < readyIndex; i++) await page.keyboard.press('ArrowRight');
    expect(await activeIndex()).toBe(readyIndex);
    await page.keyboard.press('Enter');
    const preview = page.getByRole('dialog');
    await preview.locator('video').waitFor();
    await expect.poll(() => preview.locator('video').evaluate((v: HTMLVideoElement) => !v.paused)).toBe(true);
    await screenshot(page, 'preview');
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    expect(await activeIndex()).toBe(readyIndex);
    // The first press counts: focus is back on the card as the preview goes.
    await page.keyboard.press('Delete');
    await page.getByRole('dialog', { name: /^Delete “/ }).waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    expect(await activeIndex()).toBe(readyIndex);
    await page.keyboard.press('Control+a');
    const total = (await serverVideos(app.server.url, user(), {}, 1)).total;
    await expect.poll(() => selectedCount(page)).toBe(`${total} videos selected`);
    await page.keyboard.press('Escape');
    await expect.poll(() => selectedCount(page)).toBeNull();
  });

  it('shows the list view and the dark theme, with no serious accessibility violations', async () => {
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'List view' }).click();
    await expect.poll(() => page.locator('.vgrid-list').count()).toBe(1);
    await expectNoBusyCards(page);
    await screenshot(page, 'list-light');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Grid view' }).click();
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await expectNoBusyCards(page);
    await screenshot(page, 'grid-dark');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Help and FAQ' }).click();
    await page.getByRole('dialog', { name: 'Help & FAQ' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('ran without console errors (failed loads included), uncaught exceptions or CSP refusals', () => {
    expect(app.errors).toEqual([]);
  });
});
