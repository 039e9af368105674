import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../../app/App';
import { MemoryApi } from '../../../test/memory-api';
import { renderWithApi } from '../../../test/render';

function cards() {
  return screen.queryAllByRole('gridcell').filter((c) => c.getAttribute('aria-busy') !== 'true');
}

async function ready(memory: MemoryApi) {
  const utils = renderWithApi(<App />, memory);
  await waitFor(() => expect(cards().length).toBeGreaterThan(0));
  return utils;
}

function titles() {
  return cards().map((c) => within(c).getByRole('heading').textContent);
}

describe('My Videos page', () => {
  it('shows the header, the credit summary and a virtualized grid', async () => {
    const memory = new MemoryApi({ videos: 5000 });
    await ready(memory);
    expect(screen.getByRole('heading', { level: 1, name: 'My Videos' })).toBeInTheDocument();
    // Issue 13, defect 7: a "Home" crumb that led nowhere; the header has a subtitle instead.
    expect(screen.queryByRole('navigation', { name: 'Breadcrumb' })).toBeNull();
    expect(screen.queryByText('Home')).toBeNull();
    expect(screen.getByText(/^Everything you generated with AIASMR/)).toBeInTheDocument();
    const summary = screen.getByRole('region', { name: 'Credits and usage' });
    expect(within(summary).getByText('5,000')).toBeInTheDocument();
    expect(within(summary).getByText('500 credits')).toBeInTheDocument();
    expect(within(summary).getByText('Basic')).toBeInTheDocument();
    // 1200×800 viewport: 5 columns; only the visible rows plus two rows of overscan each side are in the DOM.
    const grid = screen.getByRole('grid', { name: 'My videos' });
    expect(grid).toHaveAttribute('aria-colcount', '5');
    expect(grid).toHaveAttribute('aria-rowcount', String(Math.ceil(5000 / 5)));
    expect(cards().length).toBeLessThanOrEqual(5 * (3 + 2 + 2));
  });

  it('sorts, filters by status and tags, and searches, all combined and saved', async () => {
    const memory = new MemoryApi({ videos: 60 });
    await ready(memory);
    const user = userEvent.setup();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Sort videos' }), 'title:reversed');
    await waitFor(() => expect(titles()[0]).toBe('Video 00060'));
    await user.click(screen.getByRole('button', { name: 'Failed' }));
    await waitFor(() => expect(cards().every((c) => c.dataset.status === 'failed')).toBe(true));
    await user.click(screen.getByRole('button', { name: /Filter by tag/ }));
    await user.click(screen.getByRole('checkbox', { name: /Whisper/ }));
    const expected = memory
      .matching({
        sort: 'title',
        order: 'reversed',
        statuses: ['failed'],
        tags: ['Whisper'],
        tagMatch: 'any',
        search: '',
      })
      .map((v) => v.title);
    await waitFor(() => expect(titles()).toEqual(expected));
    await user.type(screen.getByRole('searchbox', { name: 'Search titles and prompts' }), 'zzz-nothing');
    await waitFor(() => expect(screen.getByText('Nothing matches your filters')).toBeInTheDocument());
    await waitFor(() => expect(memory.settings.lastQuery.search).toBe('zzz-nothing'));
    expect(memory.settings.lastQuery).toMatchObject({
      sort: 'title',
      order: 'reversed',
      statuses: ['failed'],
      tags: ['Whisper'],
    });
    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(cards().length).toBeGreaterThan(0));
    expect(screen.getByRole('searchbox', { name: 'Search titles and prompts' })).toHaveValue('');
  });

  it("sorts and searches with the app's own semantics: NOCASE titles, ties by id, word-prefix search", async () => {
    const memory = new MemoryApi({ videos: 6 });
    const names = ['beta', 'Alpha', 'alpha', '_note', 'Éclair', 'fig'];
    memory.videos.forEach((v, i) => Object.assign(v, { title: names[i], prompt: 'A calm scene' }));
    memory.emit('library:changed', { ids: null });
    await ready(memory);
    const user = userEvent.setup();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Sort videos' }), 'title:default');
    // SQLite's NOCASE folds ASCII only and compares bytes; equal titles keep id order.
    await waitFor(() => expect(titles()).toEqual(['_note', 'Alpha', 'alpha', 'beta', 'fig', 'Éclair']));
    const search = screen.getByRole('searchbox', { name: 'Search titles and prompts' });
    await user.type(search, 'alp');
    await waitFor(() => expect(titles()).toEqual(['Alpha', 'alpha']));
    // Full-text search matches words by their start, not any substring.
    await user.clear(search);
    await user.type(search, 'lph');
    await waitFor(() => expect(screen.getByText('Nothing matches your filters')).toBeInTheDocument());
  });

  it('restores the saved view at start', async () => {
    const memory = new MemoryApi({
      videos: 30,
      settings: {
        lastQuery: {
          sort: 'cost',
          order: 'default',
          statuses: ['ready'],
          tags: [],
          tagMatch: 'any',
          search: '',
        },
      },
    });
    await ready(memory);
    expect(screen.getByRole('combobox', { name: 'Sort videos' })).toHaveValue('cost:default');
    expect(screen.getByRole('button', { name: 'Ready' })).toHaveAttribute('aria-pressed', 'true');
    expect(cards().every((c) => c.dataset.status === 'ready')).toBe(true);
  });

  it('selects a range with shift-click and everything with Ctrl+A, and keeps it across live updates', async () => {
    const memory = new MemoryApi({ videos: 40 });
    await ready(memory);
    const user = userEvent.setup();
    const first = titles()[0] ?? '';
    const fifth = titles()[4] ?? '';
    await user.click(screen.getByRole('checkbox', { name: new RegExp(`^Select ${first}, `) }));
    await user.keyboard('{Shift>}');
    await user.click(screen.getByRole('checkbox', { name: new RegExp(`^Select ${fifth}, `) }));
    await user.keyboard('{/Shift}');
    await waitFor(() => expect(screen.getByText('5 videos selected')).toBeInTheDocument());
    act(() => memory.emit('library:changed', { ids: null }));
    await waitFor(() => expect(screen.getByText('5 videos selected')).toBeInTheDocument());
    // A selected video deleted elsewhere leaves the selection.
    const firstId = Number(cards()[0].dataset.id);
    memory.videos = memory.videos.filter((v) => v.id !== firstId);
    act(() => memory.emit('library:changed', { ids: [firstId] }));
    await waitFor(() => expect(screen.getByText('4 videos selected')).toBeInTheDocument());
    cards()[1].focus();
    await user.keyboard('{Control>}a{/Control}');
    await waitFor(() => expect(screen.getByText('39 videos selected')).toBeInTheDocument());
    await user.click(screen.getByRole('button', { name: 'Clear selection' }));
    expect(screen.queryByText(/selected$/)).toBeNull();
  });

  it('bulk deletes after a confirmation and says so', async () => {
    const memory = new MemoryApi({ videos: 20 });
    await ready(memory);
    const user = userEvent.setup();
    const [a, b] = titles();
    await user.click(screen.getByRole('checkbox', { name: new RegExp(`^Select ${a}, `) }));
    await user.click(screen.getByRole('checkbox', { name: new RegExp(`^Select ${b}, `) }));
    await user.click(screen.getByRole('button', { name: 'Delete selected' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete 2 videos?' });
    await within(dialog).findByText('Credits spent on them');
    await user.click(within(dialog).getByRole('button', { name: 'Delete 2 videos' }));
    await waitFor(() => expect(screen.getByText('Deleted 2 videos.')).toBeInTheDocument());
    expect(memory.videos).toHaveLength(18);
    await waitFor(() => expect(titles()).not.toContain(a));
    expect(screen.queryByText(/selected$/)).toBeNull();
  });

  it('shows the credit preview for regenerate, and refuses with a way to buy when short', async () => {
    const memory = new MemoryApi({ videos: 10, balance: 5 });
    await ready(memory);
    const user = userEvent.setup();
    const target = memory.matching()[0];
    await user.click(screen.getByRole('button', { name: new RegExp(`^Regenerate ${target.title}, `) }));
    const dialog = await screen.findByRole('dialog', { name: `Regenerate “${target.title}”?` });
    await within(dialog).findByText('Not enough credits.');
    expect(within(dialog).getByText(`${target.creditCost} credits`)).toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: 'Regenerate 1 video' })).toBeDisabled();
    await user.click(within(dialog).getByRole('button', { name: 'Buy More Credits' }));
    const buy = await screen.findByRole('dialog', { name: 'Buy More Credits' });
    await user.click(await within(buy).findByRole('button', { name: /Buy 500 credits/ }));
    await user.click(await within(buy).findByRole('button', { name: /^Pay / }));
    await waitFor(() =>
      expect(screen.getByText('Added 500 credits. Balance: 505 credits.')).toBeInTheDocument(),
    );
    await user.click(screen.getByRole('button', { name: new RegExp(`^Regenerate ${target.title}, `) }));
    const again = await screen.findByRole('dialog', { name: `Regenerate “${target.title}”?` });
    await waitFor(() =>
      expect(within(again).getByRole('button', { name: 'Regenerate 1 video' })).toBeEnabled(),
    );
    await user.click(within(again).getByRole('button', { name: 'Regenerate 1 video' }));
    await waitFor(() => expect(screen.getByText('Regeneration started for 1 video.')).toBeInTheDocument());
    expect(memory.credits.balance).toBe(505 - target.creditCost);
  });

  it('queues actions offline, marks them pending and shows the banner', async () => {
    const memory = new MemoryApi({ videos: 10, online: false });
    await ready(memory);
    expect(screen.getByTestId('offline-banner')).toHaveTextContent('You are offline.');
    const user = userEvent.setup();
    const target = titles()[0] ?? '';
    await user.click(screen.getByRole('button', { name: new RegExp(`^Delete ${target}, `) }));
    const dialog = await screen.findByRole('dialog', { name: `Delete “${target}”?` });
    await within(dialog).findByText('Credits spent on it');
    await user.click(within(dialog).getByRole('button', { name: 'Delete 1 video' }));
    await waitFor(() =>
      expect(
        screen.getByText('You are offline: 1 video will be deleted when you reconnect.'),
      ).toBeInTheDocument(),
    );
    // As in the app: a delete waiting for the network hides the video at once (the core keeps it
    // out of every list until the server confirms or refuses); it does not linger as a card.
    await waitFor(() => expect(titles()).not.toContain(target));
  });

  it('announces a live status change and shows it without reload', async () => {
    const memory = new MemoryApi({ videos: 10 });
    await ready(memory);
    const processing = cards().find((c) => c.dataset.status === 'processing');
    const id = Number(processing?.dataset.id);
    const video = memory.videos.find((v) => v.id === id);
    if (!video) throw new Error('no processing video');
    Object.assign(video, { status: 'ready', progress: null, thumbnailUrl: '/t.jpg', previewUrl: '/p.mp4' });
    act(() => memory.emit('library:changed', { ids: [id] }));
    await waitFor(() =>
      expect(screen.getByTestId('announcer')).toHaveTextContent(`${video.title} is now ready.`),
    );
    expect(cards().find((c) => Number(c.dataset.id) === id)?.dataset.status).toBe('ready');
  });

  it('shows notices from the core as toasts', async () => {
    const memory = new MemoryApi({ videos: 3 });
    await ready(memory);
    act(() => memory.emit('notice', { level: 'success', message: 'Your 2 queued actions were applied.' }));
    expect(await screen.findByText('Your 2 queued actions were applied.')).toBeInTheDocument();
  });

  it('pages with Load More and numbered pages when that mode is chosen', async () => {
    const memory = new MemoryApi({ videos: 100, settings: { paginationMode: 'pages', pageSize: 12 } });
    await ready(memory);
    expect(screen.getByText('Showing 1–12 of 100')).toBeInTheDocument();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Load More' }));
    expect(screen.getByText('Showing 1–24 of 100')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Page 9' }));
    expect(screen.getByText('Showing 97–100 of 100')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Load More' })).toBeNull();
    await waitFor(() => expect(cards()).toHaveLength(4));
  });

  // Issue 13, paging: Previous / Next, the range shown ("Showing 361–400 of 400" said "Showing 40 of
  // 400"), and the choice between pages and scrolling on the page itself.
  it('pages with Previous / Next, shows the range, and switches paging from the page', async () => {
    const memory = new MemoryApi({ videos: 400, settings: { paginationMode: 'infinite', pageSize: 40 } });
    await ready(memory);
    const user = userEvent.setup();
    expect(screen.queryByRole('navigation', { name: 'Pages' })).toBeNull();
    const paging = screen.getByRole('group', { name: 'Paging' });
    await user.click(within(paging).getByRole('button', { name: 'Numbered pages' }));
    expect(memory.settings.paginationMode).toBe('pages');
    const pages = await screen.findByRole('navigation', { name: 'Pages' });
    expect(within(pages).getByRole('button', { name: 'Previous' })).toBeDisabled();
    expect(screen.getByText('Showing 1–40 of 400')).toBeInTheDocument();
    await user.click(within(pages).getByRole('button', { name: 'Next' }));
    expect(screen.getByText('Showing 41–80 of 400')).toBeInTheDocument();
    await user.click(within(pages).getByRole('button', { name: 'Page 10' }));
    expect(screen.getByText('Showing 361–400 of 400')).toBeInTheDocument();
    expect(within(pages).getByRole('button', { name: 'Next' })).toBeDisabled();
    await user.click(within(pages).getByRole('button', { name: 'Previous' }));
    expect(screen.getByText('Showing 321–360 of 400')).toBeInTheDocument();
    await user.click(within(paging).getByRole('button', { name: 'Continuous scrolling' }));
    expect(memory.settings.paginationMode).toBe('infinite');
    await waitFor(() => expect(screen.queryByRole('navigation', { name: 'Pages' })).toBeNull());
  });

  // Issue 13, density: a choice on the page, kept in settings; compact packs more columns.
  it('switches between comfortable and compact density from the page', async () => {
    const memory = new MemoryApi({ videos: 100 });
    await ready(memory);
    const user = userEvent.setup();
    const grid = screen.getByRole('grid', { name: 'My videos' });
    const comfortable = Number(grid.getAttribute('aria-colcount'));
    const density = screen.getByRole('group', { name: 'Density' });
    expect(within(density).getByRole('button', { name: 'Comfortable density' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await user.click(within(density).getByRole('button', { name: /^Compact density/ }));
    expect(memory.settings.density).toBe('compact');
    await waitFor(() =>
      expect(
        Number(screen.getByRole('grid', { name: 'My videos' }).getAttribute('aria-colcount')),
      ).toBeGreaterThan(comfortable),
    );
  });

  it('remembers the pagination mode chosen in settings', async () => {
    const memory = new MemoryApi({ videos: 50 });
    await ready(memory);
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    await user.click(screen.getByRole('radio', { name: 'Numbered pages with “Load More”' }));
    expect(memory.settings.paginationMode).toBe('pages');
    await user.click(screen.getByRole('radio', { name: 'Dark' }));
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(memory.settings.theme).toBe('dark');
  });

  it('shows the empty state when there are no videos', async () => {
    renderWithApi(<App />, new MemoryApi({ videos: 0 }));
    expect(await screen.findByText('No videos yet')).toBeInTheDocument();
  });

  it('shows an error with a retry that recovers', async () => {
    const memory = new MemoryApi({ videos: 8 });
    memory.failures.set('library:count', {
      code: 'cache_unavailable',
      message: 'The local library could not be opened',
    });
    memory.failures.set('library:page', {
      code: 'cache_unavailable',
      message: 'The local library could not be opened',
    });
    renderWithApi(<App />, memory);
    expect(await screen.findByText('The local library could not be opened')).toBeInTheDocument();
    memory.failures.clear();
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(cards().length).toBe(8));
  });

  it('navigates the grid with the keyboard: arrows, Home/End, Space, Enter, Delete', async () => {
    const memory = new MemoryApi({ videos: 12 });
    await ready(memory);
    const user = userEvent.setup();
    cards()[0].focus();
    await user.keyboard('{ArrowRight}');
    expect(document.activeElement).toBe(cards()[1]);
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement).toBe(cards()[6]); // five columns at 1200 px
    await user.keyboard('{Control>}{End}{/Control}');
    expect(document.activeElement).toBe(cards()[11]);
    await user.keyboard('{Control>}{Home}{/Control}');
    expect(document.activeElement).toBe(cards()[0]);
    await user.keyboard(' ');
    expect(screen.getByText('1 video selected')).toBeInTheDocument();
    await user.keyboard('{Delete}');
    expect(await screen.findByRole('dialog', { name: /^Delete “/ })).toBeInTheDocument();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(cards()[0]));
  });

  it('opens the FAQ at the matching entry from a failed card, and the support mail link through the core', async () => {
    const memory = new MemoryApi({ videos: 10 });
    await ready(memory);
    const user = userEvent.setup();
    const failed = cards().find((c) => c.dataset.status === 'failed');
    if (!failed) throw new Error('no failed card');
    await user.click(within(failed).getByRole('link', { name: 'Why did this fail?' }));
    const dialog = await screen.findByRole('dialog', { name: 'Help & FAQ' });
    const code = memory.videos.find((v) => v.id === Number(failed.dataset.id))?.failure?.code;
    await waitFor(() => expect(dialog.querySelector(`#faq-${code}`)).toHaveAttribute('open'));
    expect(dialog.querySelectorAll('details')).toHaveLength(7); // six failure answers and what Regenerate does
    await user.click(within(dialog).getByRole('link', { name: 'support@aiasmr.so' }));
    expect(memory.callsTo('external:open')).toEqual([{ url: 'mailto:support@aiasmr.so' }]);
  });

  it('downloads the chosen quality through the core and says so', async () => {
    const memory = new MemoryApi({ videos: 10 });
    await ready(memory);
    const user = userEvent.setup();
    const card = cards().find((c) => c.dataset.status === 'ready');
    const title = card ? within(card).getByRole('heading').textContent : '';
    await user.click(screen.getByRole('button', { name: new RegExp(`^Download ${title}, `) }));
    const dialog = await screen.findByRole('dialog', { name: `Download “${title}”` });
    await user.click(within(dialog).getByRole('button', { name: /^Download HD/ }));
    expect(memory.callsTo('downloads:start')).toEqual([
      { videoIds: [Number(card?.dataset.id)], quality: 'hd' },
    ]);
    expect(await screen.findByText(`Downloading HD of “${title}”.`)).toBeInTheDocument();
  });

  it('gives focus back to the card in the same commit that closes its preview, so the next key counts', async () => {
    const memory = new MemoryApi({ videos: 10 });
    await ready(memory);
    const card = cards().find((c) => c.dataset.status === 'ready');
    if (!card) throw new Error('no ready card');
    card.focus();
    fireEvent.keyDown(card, { key: 'Enter' });
    const preview = await screen.findByRole('dialog');
    // Before any timer runs (Radix returns focus a timer tick later), only microtasks: the card has it.
    fireEvent.keyDown(preview, { key: 'Escape' });
    await Promise.resolve();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(card).toHaveFocus();
    fireEvent.keyDown(card, { key: 'Delete' });
    expect(await screen.findByRole('dialog', { name: /^Delete “/ })).toBeInTheDocument();
  });

  it('follows shell commands: search focus, settings, and opening a video by id', async () => {
    const memory = new MemoryApi({ videos: 10 });
    await ready(memory);
    act(() => memory.emit('app:command', { command: 'search' }));
    expect(screen.getByRole('searchbox', { name: 'Search titles and prompts' })).toHaveFocus();
    act(() => memory.emit('app:command', { command: 'settings' }));
    await screen.findByRole('dialog', { name: 'Settings' });
    fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const ready1 = memory.videos.find((v) => v.status === 'ready');
    act(() => memory.emit('app:command', { command: 'openVideo', id: ready1?.id ?? 0 }));
    expect(await screen.findByRole('dialog', { name: ready1?.title })).toBeInTheDocument();
    fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' });
    act(() => memory.emit('app:command', { command: 'openVideo', id: 99_999 }));
    expect(await screen.findByText('That video is not in your library.')).toBeInTheDocument();
  });

  it('signs in when signed out', async () => {
    const memory = new MemoryApi({ videos: 3, signedIn: false });
    renderWithApi(<App />, memory);
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Email'), 'ada@example.com');
    await user.type(screen.getByLabelText('Password'), 'wrong');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Wrong email or password');
    await user.clear(screen.getByLabelText('Password'));
    await user.type(screen.getByLabelText('Password'), 'correct horse');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(cards().length).toBe(3));
  });

  // Issue 13, defect 2: the selection stayed after a bulk regenerate, so a second click charged again.
  it('clears the selection once a bulk regenerate has run, so it cannot be charged twice by accident', async () => {
    const memory = new MemoryApi({ videos: 20, balance: 1000 });
    await ready(memory);
    const user = userEvent.setup();
    const ready2 = memory.videos.filter((v) => v.status === 'ready').slice(0, 2);
    for (const v of ready2) {
      await user.click(screen.getByRole('checkbox', { name: new RegExp(`^Select ${v.title}, `) }));
    }
    await screen.findByText('2 videos selected');
    await user.click(screen.getByRole('button', { name: 'Regenerate selected' }));
    const dialog = await screen.findByRole('dialog', { name: 'Regenerate 2 videos?' });
    await within(dialog).findByText('Balance after');
    await user.click(within(dialog).getByRole('button', { name: 'Regenerate 2 videos' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(memory.callsTo('actions:regenerate')).toHaveLength(1);
    expect(screen.queryByText(/selected$/)).toBeNull();
    expect(screen.queryByRole('button', { name: 'Regenerate selected' })).toBeNull();
  });

  // Issue 13, defect 4: the delete confirmation said "Cost 0 credits" and "They are removed … them".
  it('says what a delete loses: the credits the video cost, not refunded, in words for one video', async () => {
    const memory = new MemoryApi({ videos: 10 });
    await ready(memory);
    const user = userEvent.setup();
    const target = memory.videos.find((v) => v.status === 'ready' && v.creditCost > 1);
    if (!target) throw new Error('no ready video in the fixture');
    await user.click(screen.getByRole('button', { name: new RegExp(`^Delete ${target.title}, `) }));
    const dialog = await screen.findByRole('dialog', { name: `Delete “${target.title}”?` });
    await within(dialog).findByText('Credits spent on it');
    expect(within(dialog).getByText(`${target.creditCost} credits, not refunded`)).toBeInTheDocument();
    expect(within(dialog).queryByText('Cost')).toBeNull();
    expect(dialog).toHaveAccessibleDescription(/^It is removed from your library/);
    expect(dialog).not.toHaveAccessibleDescription(/They|them/);
  });
});
