import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useRef, useState } from 'react';
import { describe, expect, it } from 'vitest';
import type { RendererApi } from '../../../../shared/ipc/contract';
import { MemoryApi } from '../../../test/memory-api';
import { ApiProvider } from '../../app/ApiContext';
import { ToastProvider } from '../toasts/ToastProvider';
import { renderWithApi } from '../../../test/render';
import { DownloadsProvider } from './DownloadsContext';
import { DownloadsPanel } from './DownloadsPanel';
import { DownloadsToggle } from './DownloadsToggle';

function Harness() {
  const [open, setOpen] = useState(false);
  const toggle = useRef<HTMLButtonElement | null>(null);
  return (
    <DownloadsProvider>
      <DownloadsToggle ref={toggle} open={open} onToggle={() => setOpen((o) => !o)} />
      <DownloadsPanel
        open={open}
        onClose={() => {
          setOpen(false);
          toggle.current?.focus();
        }}
      />
    </DownloadsProvider>
  );
}

/** A queue with one download of each kind, as the core would hold it. */
function queue(options: { desktop?: boolean } = {}) {
  const memory = new MemoryApi({ videos: 10, desktop: options.desktop });
  const [v1, v2, v3, v4] = memory.videos.filter((v) => v.status === 'ready');
  if (!v1 || !v2 || !v3 || !v4) throw new Error('the double has too few ready videos');
  const start = (id: number, quality: 'sd' | 'hd') => {
    const item = memory.asApi()['downloads:start']({ videoIds: [id], quality });
    return item;
  };
  return { memory, videos: [v1, v2, v3, v4], start };
}

/** The panel open on one completed HD download (of videos[0], download id 1). */
async function oneCompleted(options: { desktop?: boolean } = {}) {
  const { memory, videos, start } = queue(options);
  await start(videos[0].id, 'hd');
  memory.complete(1);
  renderWithApi(<Harness />, memory);
  const { user, panel } = await openPanel();
  return { memory, videos, user, panel, name: `${videos[0].title} (HD)` };
}

async function openPanel() {
  const user = userEvent.setup();
  await user.click(screen.getByRole('button', { name: /^Downloads/ }));
  const panel = await screen.findByRole('region', { name: 'Downloads' });
  return { user, panel };
}

function row(panel: HTMLElement, name: RegExp) {
  return within(panel).getByRole('listitem', { name });
}

describe('Downloads panel', () => {
  it('says when there is nothing yet, takes focus when opened and gives it back on Esc', async () => {
    renderWithApi(<Harness />);
    const toggle = screen.getByRole('button', { name: 'Downloads' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    const { user, panel } = await openPanel();
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    expect(toggle).toHaveAttribute('aria-controls', panel.id);
    expect(within(panel).getByRole('heading', { name: 'Downloads' })).toHaveFocus();
    expect(await within(panel).findByText(/No downloads yet/)).toBeInTheDocument();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('region', { name: 'Downloads' })).toBeNull();
    expect(toggle).toHaveFocus();
  });

  it('shows each download with its progress, bytes, speed and time left, live from progress events', async () => {
    const { memory, videos, start } = queue();
    await start(videos[0].id, 'hd');
    await start(videos[1].id, 'sd');
    memory.progress(1, 12_000_000, 2_000_000, 18);
    renderWithApi(<Harness />, memory);
    // Two unfinished: 12 MB of 48 MB + 0 of 12 MB = 20% overall.
    await screen.findByRole('button', { name: 'Downloads, 2 in progress, 20% done' });
    const { panel } = await openPanel();
    const active = row(panel, new RegExp(`^${videos[0].title} \\(HD\\), Downloading`));
    const bar = within(active).getByRole('progressbar', { name: `Download of ${videos[0].title} (HD)` });
    expect(bar).toHaveAttribute('aria-valuenow', '25');
    expect(bar).toHaveAttribute('aria-valuemin', '0');
    expect(bar).toHaveAttribute('aria-valuemax', '100');
    expect(bar).toHaveAttribute('aria-valuetext', '25%, 11.4 MB of 45.8 MB');
    expect(within(active).getByText('11.4 MB of 45.8 MB · 1.9 MB/s · 18 s left')).toBeInTheDocument();
    expect(within(active).getByText('Downloading · 25%')).toBeInTheDocument();
    expect(row(panel, new RegExp(`^${videos[1].title} \\(SD\\), Queued`))).toBeInTheDocument();

    act(() => void memory.progress(1, 36_000_000, 4_000_000, 3));
    await waitFor(() => expect(bar).toHaveAttribute('aria-valuenow', '75'));
    expect(within(active).getByText('34.3 MB of 45.8 MB · 3.8 MB/s · 3 s left')).toBeInTheDocument();
    act(() => void memory.complete(1));
    await waitFor(() =>
      expect(within(panel).getByRole('listitem', { name: /\(HD\), Completed$/ })).toBeInTheDocument(),
    );
    await screen.findByRole('button', { name: 'Downloads, 1 in progress, 0% done' });
  });

  it('pauses, resumes, cancels and retries, each in the state it applies to', async () => {
    const { memory, videos, start } = queue();
    await start(videos[0].id, 'hd');
    memory.progress(1, 6_000_000, 1_000_000, 42);
    renderWithApi(<Harness />, memory);
    const { user, panel } = await openPanel();
    const name = `${videos[0].title} (HD)`;
    await user.click(await within(panel).findByRole('button', { name: `Pause ${name}` }));
    await within(panel).findByRole('listitem', { name: `${name}, Paused` });
    expect(within(panel).queryByRole('button', { name: `Pause ${name}` })).toBeNull();
    await user.click(within(panel).getByRole('button', { name: `Resume ${name}` }));
    await within(panel).findByRole('listitem', { name: `${name}, Queued` });
    await user.click(within(panel).getByRole('button', { name: `Cancel ${name}` }));
    await within(panel).findByRole('listitem', { name: `${name}, Cancelled` });
    expect(within(panel).queryByRole('button', { name: `Cancel ${name}` })).toBeNull();
    // Retrying a cancelled download starts a new one (listed first); the cancelled one stays listed.
    await user.click(within(panel).getByRole('button', { name: `Retry ${name}` }));
    await waitFor(() =>
      expect(
        within(panel)
          .getAllByRole('listitem')
          .map((li) => li.getAttribute('aria-label')),
      ).toEqual([`${name}, Queued`, `${name}, Cancelled`]),
    );
    expect(memory.callsTo('downloads:pause')).toEqual([{ id: 1 }]);
    expect(memory.callsTo('downloads:retry')).toEqual([{ id: 1 }]);
  });

  it('shows why a download failed, and Retry queues it again without the error', async () => {
    const { memory, videos, start } = queue();
    await start(videos[0].id, 'sd');
    memory.fail(1, 'checksum_mismatch', 'The file did not match its checksum twice; it was discarded.');
    renderWithApi(<Harness />, memory);
    await screen.findByRole('button', { name: 'Downloads, 1 failed' });
    const { user, panel } = await openPanel();
    const name = `${videos[0].title} (SD)`;
    const failed = await within(panel).findByRole('listitem', { name: `${name}, Failed` });
    const message = within(failed).getByText('The file did not match its checksum twice; it was discarded.');
    expect(within(failed).getByRole('progressbar')).toHaveAttribute('aria-describedby', message.id);
    await user.click(within(failed).getByRole('button', { name: `Retry ${name}` }));
    const queued = await within(panel).findByRole('listitem', { name: `${name}, Queued` });
    expect(within(queued).queryByText(/checksum/)).toBeNull();
  });

  it('reports an action the core refuses, and keeps the row as it is', async () => {
    const { memory, videos, start } = queue();
    await start(videos[0].id, 'hd');
    renderWithApi(<Harness />, memory);
    const { user, panel } = await openPanel();
    const name = `${videos[0].title} (HD)`;
    await within(panel).findByRole('listitem', { name: `${name}, Queued` });
    // It completed in the core before the click reached it.
    memory.downloads = memory.downloads.map((d) => ({ ...d, state: 'completed' }));
    await user.click(within(panel).getByRole('button', { name: `Pause ${name}` }));
    expect(
      await screen.findByText(
        `Could not pause “${videos[0].title}”: This download is completed; only a queued or running one can be paused.`,
      ),
    ).toBeInTheDocument();
  });

  it('removes a finished download from the list, clears all finished ones, and follows removals from elsewhere', async () => {
    const { memory, videos, start } = queue();
    for (const v of videos) await start(v.id, 'hd');
    memory.complete(1);
    memory.complete(2);
    const cancel = memory.asApi()['downloads:cancel'];
    await cancel({ id: 3 });
    renderWithApi(<Harness />, memory);
    const { user, panel } = await openPanel();
    const name = (i: number) => `${videos[i]?.title ?? ''} (HD)`;
    await within(panel).findByRole('listitem', { name: `${name(0)}, Completed` });
    // Only finished rows can be removed; a queued one keeps its Cancel and has no Remove.
    const queued = row(panel, new RegExp(`^${name(3).replace(/[()]/g, '\\$&')}, Queued`));
    expect(within(queued).queryByRole('button', { name: /^Remove/ })).toBeNull();

    await user.click(within(panel).getByRole('button', { name: `Remove ${name(0)} from the list` }));
    await waitFor(() =>
      expect(within(panel).queryByRole('listitem', { name: `${name(0)}, Completed` })).toBeNull(),
    );
    expect(memory.callsTo('downloads:remove')).toEqual([{ id: 1 }]);

    await user.click(within(panel).getByRole('button', { name: 'Clear 2 finished downloads from the list' }));
    await waitFor(() =>
      expect(
        within(panel)
          .getAllByRole('listitem')
          .map((li) => li.getAttribute('aria-label')),
      ).toEqual([`${name(3)}, Queued`]),
    );
    expect(within(panel).queryByRole('button', { name: /^Clear/ })).toBeNull();

    // Another window cancels and clears: this panel follows the core's event.
    await act(async () => {
      await cancel({ id: 4 });
      await memory.asApi()['downloads:clearFinished']({});
    });
    expect(await within(panel).findByText(/No downloads yet/)).toBeInTheDocument();
  });

  it('says why a download cannot be removed when the core refuses', async () => {
    const { memory, videos, user, panel, name } = await oneCompleted();
    await within(panel).findByRole('listitem', { name: `${name}, Completed` });
    // Retried in another window before the click reached the core.
    memory.downloads = memory.downloads.map((d) => ({ ...d, state: 'queued' }));
    await user.click(within(panel).getByRole('button', { name: `Remove ${name} from the list` }));
    expect(
      await screen.findByText(
        `Could not remove “${videos[0].title}” from the list: This download is queued; cancel it first, then remove it from the list.`,
      ),
    ).toBeInTheDocument();
  });

  it('in the web host, Show in folder and Open say they need the desktop app and where the file is', async () => {
    const { videos, user, panel, name } = await oneCompleted();
    await user.click(await within(panel).findByRole('button', { name: `Show ${name} in folder` }));
    const path = `/tmp/downloads/${videos[0].title} (hd).mp4`;
    expect(
      await screen.findByText(`“Show in folder” needs the desktop app. The file is at ${path}`),
    ).toBeInTheDocument();
    await user.click(within(panel).getByRole('button', { name: `Open ${name}` }));
    expect(
      await screen.findByText(`“Open” needs the desktop app. The file is at ${path}`),
    ).toBeInTheDocument();
  });

  it('in the desktop app, Show in folder just works; a file deleted since says so', async () => {
    const { memory, videos, user, panel, name } = await oneCompleted({ desktop: true });
    await user.click(await within(panel).findByRole('button', { name: `Show ${name} in folder` }));
    await waitFor(() => expect(memory.callsTo('downloads:reveal')).toEqual([{ id: 1 }]));
    expect(screen.queryByText(/needs the desktop app/)).toBeNull();
    memory.deleteFile(videos[0].id, 'hd');
    await user.click(within(panel).getByRole('button', { name: `Open ${name}` }));
    expect(
      await screen.findByText(
        `Could not open “${videos[0].title}”: The file was moved or deleted. Download it again.`,
      ),
    ).toBeInTheDocument();
  });

  it('says when the list cannot be read, and reads it again on request', async () => {
    const { memory, videos, start } = queue();
    await start(videos[0].id, 'hd');
    memory.failures.set('downloads:list', {
      code: 'cache_unavailable',
      message: 'The local cache is locked.',
    });
    renderWithApi(<Harness />, memory);
    const { user, panel } = await openPanel();
    expect(await within(panel).findByRole('alert')).toHaveTextContent(
      'Could not read the downloads: The local cache is locked.',
    );
    memory.failures.delete('downloads:list');
    await user.click(within(panel).getByRole('button', { name: 'Try again' }));
    await within(panel).findByRole('listitem', { name: `${videos[0].title} (HD), Queued` });
    expect(within(panel).queryByRole('alert')).toBeNull();
  });

  it('keeps an event newer than the list read that was in flight', async () => {
    const { memory, videos, start } = queue();
    await start(videos[0].id, 'hd');
    const api = memory.asApi();
    let listed = false;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    // The core read the list (0 bytes done), then a progress event overtakes its answer.
    const slow: RendererApi = {
      ...api,
      'downloads:list': async (request) => {
        const answer = await api['downloads:list'](request);
        listed = true;
        await gate;
        return answer;
      },
    };
    render(
      <ApiProvider api={slow}>
        <ToastProvider>
          <Harness />
        </ToastProvider>
      </ApiProvider>,
    );
    await waitFor(() => expect(listed).toBe(true));
    act(() => void memory.progress(1, 24_000_000, 1_000_000, 24));
    await act(async () => {
      release();
      await gate;
    });
    const { panel } = await openPanel();
    const bar = await within(panel).findByRole('progressbar');
    await waitFor(() => expect(bar).toHaveAttribute('aria-valuenow', '50'));
    expect(within(panel).getByText(/^Downloading/)).toBeInTheDocument();
  });
});
