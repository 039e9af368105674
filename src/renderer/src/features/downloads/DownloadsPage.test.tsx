import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { LibraryVideo } from '../../../../shared/ipc/models';
import { MemoryApi } from '../../../test/memory-api';
import { renderWithApi } from '../../../test/render';
import { App } from '../../app/App';
import { DRAG_NEEDS_DESKTOP } from './useDragOut';

function card(id: number): HTMLElement {
  const el = document.querySelector<HTMLElement>(`[role="gridcell"][data-id="${id}"]`);
  if (!el) throw new Error(`card ${id} is not on screen`);
  return el;
}

async function ready(memory: MemoryApi) {
  const utils = renderWithApi(<App />, memory);
  await waitFor(() =>
    expect(document.querySelectorAll('[role="gridcell"][data-id]').length).toBeGreaterThan(0),
  );
  return { ...utils, user: userEvent.setup() };
}

/** Downloads and verifies a file of `video` in the double's core before the page starts. */
async function downloaded(memory: MemoryApi, video: LibraryVideo, quality: 'sd' | 'hd') {
  const outcome = await memory.asApi()['downloads:start']({ videoIds: [video.id], quality });
  if (!outcome.ok || !outcome.value.started[0]) throw new Error('could not start');
  memory.complete(outcome.value.started[0].id);
}

function readyVideos(memory: MemoryApi): LibraryVideo[] {
  return memory.videos.filter((v) => v.status === 'ready');
}

describe('Downloads on the page', () => {
  it('badges each verified quality; a deleted file shows "File gone" when the window returns, and downloads again', async () => {
    const memory = new MemoryApi({ videos: 10 });
    const [video] = readyVideos(memory);
    if (!video) throw new Error('no ready video');
    await downloaded(memory, video, 'sd');
    await downloaded(memory, video, 'hd');
    const { user } = await ready(memory);
    expect(within(card(video.id)).getByRole('img', { name: 'SD downloaded' })).toBeInTheDocument();
    expect(within(card(video.id)).getByRole('img', { name: 'HD downloaded' })).toBeInTheDocument();
    // Checked once as the page starts.
    await waitFor(() => expect(memory.callsTo('downloads:checkFiles')).toHaveLength(1));

    memory.deleteFile(video.id, 'hd');
    act(() => {
      window.dispatchEvent(new Event('focus'));
      // A burst of returns checks once more, not once per event.
      window.dispatchEvent(new Event('focus'));
      window.dispatchEvent(new Event('focus'));
    });
    const gone = await within(card(video.id)).findByRole(
      'button',
      { name: `HD file gone — download ${video.title} again` },
      { timeout: 5000 },
    );
    expect(gone).toHaveTextContent('File gone — download again');
    expect(memory.callsTo('downloads:checkFiles')).toHaveLength(2);
    expect(within(card(video.id)).getByRole('img', { name: 'SD downloaded' })).toBeInTheDocument();
    expect(within(card(video.id)).queryByRole('img', { name: 'HD downloaded' })).toBeNull();

    await user.click(gone);
    const dialog = await screen.findByRole('dialog', { name: `Download “${video.title}”` });
    await user.click(within(dialog).getByRole('button', { name: /^Download HD/ }));
    expect(memory.callsTo('downloads:start').at(-1)).toEqual({ videoIds: [video.id], quality: 'hd' });
    expect(await screen.findByText(`Downloading HD of “${video.title}”.`)).toBeInTheDocument();
  });

  it('checks the files again when the page becomes visible', async () => {
    const memory = new MemoryApi({ videos: 10 });
    await ready(memory);
    await waitFor(() => expect(memory.callsTo('downloads:checkFiles')).toHaveLength(1));
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
    try {
      act(() => void document.dispatchEvent(new Event('visibilitychange')));
      await waitFor(() => expect(memory.callsTo('downloads:checkFiles')).toHaveLength(2), { timeout: 5000 });
    } finally {
      // Back to jsdom's own (prototype) value for the next tests.
      Reflect.deleteProperty(document, 'visibilityState');
    }
  });

  it('in the web host, dragging a downloaded card says drag-out needs the desktop app and selection still works', async () => {
    const memory = new MemoryApi({ videos: 10 });
    const [video] = readyVideos(memory);
    if (!video) throw new Error('no ready video');
    await downloaded(memory, video, 'hd');
    const { user } = await ready(memory);
    const cell = card(video.id);
    expect(cell).toHaveAttribute('draggable', 'true');
    // The page cancels the browser's own drag: the OS drag is the host's.
    expect(fireEvent.dragStart(cell)).toBe(false);
    expect(await screen.findByText(DRAG_NEEDS_DESKTOP)).toBeInTheDocument();
    expect(memory.callsTo('downloads:startDrag')).toEqual([{ videoIds: [video.id] }]);
    await user.click(within(cell).getByRole('checkbox', { name: new RegExp(`^Select ${video.title}, `) }));
    expect(await screen.findByText('1 video selected')).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('in the desktop app, dragging a selected card drags the whole selection and offers to download the missing ones', async () => {
    const memory = new MemoryApi({ videos: 10, desktop: true });
    const [a, b, c] = readyVideos(memory);
    if (!a || !b || !c) throw new Error('too few ready videos');
    await downloaded(memory, a, 'hd');
    await downloaded(memory, b, 'sd');
    const { user } = await ready(memory);
    for (const v of [a, b, c])
      await user.click(
        within(card(v.id)).getByRole('checkbox', { name: new RegExp(`^Select ${v.title}, `) }),
      );
    await screen.findByText('3 videos selected');
    fireEvent.dragStart(card(b.id));
    await waitFor(() => expect(memory.dragged).toHaveLength(1));
    expect(new Set((memory.callsTo('downloads:startDrag')[0] as { videoIds: number[] }).videoIds)).toEqual(
      new Set([a.id, b.id, c.id]),
    );
    expect(memory.dragged[0]).toHaveLength(2);
    const offer = await screen.findByRole('dialog', { name: 'Download 1 video' });
    expect(offer).toHaveTextContent('1 video is not on this computer yet: download it first to drag it out.');
    await user.click(within(offer).getByRole('button', { name: 'Download 1 video in SD' }));
    expect(memory.callsTo('downloads:start').at(-1)).toEqual({ videoIds: [c.id], quality: 'sd' });
  });

  it('dragging a card that is not downloaded offers to download it first', async () => {
    const memory = new MemoryApi({ videos: 10, desktop: true });
    const [video] = readyVideos(memory);
    const processing = memory.videos.find((v) => v.status === 'processing');
    if (!video || !processing) throw new Error('no such videos');
    const { user } = await ready(memory);
    expect(card(processing.id)).not.toHaveAttribute('draggable');
    fireEvent.dragStart(card(video.id));
    const dialog = await screen.findByRole('dialog', { name: `Download “${video.title}”` });
    expect(dialog).toHaveTextContent(
      `“${video.title}” is not on this computer yet: download it first to drag it out.`,
    );
    expect(memory.callsTo('downloads:startDrag')).toEqual([]);
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(card(video.id)).toHaveFocus();
  });

  it('downloads from the preview through the quality dialog, and focus returns to the card', async () => {
    const memory = new MemoryApi({ videos: 10 });
    const [video] = readyVideos(memory);
    if (!video) throw new Error('no ready video');
    const { user } = await ready(memory);
    await user.click(
      within(card(video.id)).getByRole('button', { name: new RegExp(`^Preview ${video.title}, `) }),
    );
    const preview = await screen.findByRole('dialog', { name: video.title });
    await user.click(within(preview).getByRole('button', { name: 'Download…' }));
    const dialog = await screen.findByRole('dialog', { name: `Download “${video.title}”` });
    await user.click(within(dialog).getByRole('button', { name: /^Download SD/ }));
    expect(memory.callsTo('downloads:start')).toEqual([{ videoIds: [video.id], quality: 'sd' }]);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await waitFor(() => expect(card(video.id)).toHaveFocus());
  });

  it('downloads a bulk selection in one quality, gated by plan, and says which could not start', async () => {
    const memory = new MemoryApi({ videos: 10, plan: 'basic' });
    const [a, b] = readyVideos(memory);
    const processing = memory.videos.find((v) => v.status === 'processing');
    if (!a || !b || !processing) throw new Error('no such videos');
    const { user } = await ready(memory);
    for (const v of [a, b, processing])
      await user.click(
        within(card(v.id)).getByRole('checkbox', { name: new RegExp(`^Select ${v.title}, `) }),
      );
    await user.click(await screen.findByRole('button', { name: 'Download selected…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Download 3 videos' });
    expect(within(dialog).getByText('Needs the Pro plan')).toBeInTheDocument();
    expect(within(dialog).queryByRole('button', { name: 'Download 3 videos in 4K' })).toBeNull();
    await user.click(within(dialog).getByRole('button', { name: 'Download 3 videos in HD' }));
    const call = memory.callsTo('downloads:start').at(-1) as { videoIds: number[]; quality: string };
    expect(new Set(call.videoIds)).toEqual(new Set([a.id, b.id, processing.id]));
    expect(call.quality).toBe('hd');
    expect(
      await screen.findByText(
        'Downloading HD of 2 videos; 1 video could not start: This quality is not available for this video.',
      ),
    ).toBeInTheDocument();
    // The new downloads are in the panel at once.
    await user.click(screen.getByRole('button', { name: /^Downloads, 2 in progress/ }));
    const panel = await screen.findByRole('region', { name: 'Downloads' });
    expect(within(panel).getAllByRole('listitem')).toHaveLength(2);
  });
});
