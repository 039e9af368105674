import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DownloadItem } from '../../shared/ipc/downloads';
import { createDownloadHostHooks } from './download-hooks';
import { createTaskbarProgress } from './taskbar-progress';

let dir = '';
let file = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'aiasmr-dl-hooks-'));
  file = join(dir, 'Rain on glass (HD).mp4');
  writeFileSync(file, 'x');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function item(partial: Partial<DownloadItem>): DownloadItem {
  return {
    id: 1,
    videoId: 10,
    quality: 'hd',
    title: 'Rain on glass',
    fileName: 'Rain on glass (HD).mp4',
    path: null,
    state: 'active',
    bytesDone: 0,
    bytesTotal: 100,
    speedBps: null,
    etaSeconds: null,
    error: null,
    createdAt: '2026-01-01T00:00:00Z',
    completedAt: null,
    ...partial,
  };
}

function setup(openProblem = '', supported = true) {
  const calls: string[] = [];
  const logs: string[] = [];
  const shown: { title: string; body: string }[] = [];
  const hooks = createDownloadHostHooks(
    {
      showItemInFolder: (p) => void calls.push(`reveal ${p}`),
      openPath: async (p) => {
        calls.push(`open ${p}`);
        return openProblem;
      },
    },
    { isSupported: () => supported, show: (n) => void shown.push(n) },
    (m) => logs.push(m),
  );
  return { hooks, calls, logs, shown };
}

describe('download host hooks', () => {
  it('reveals and opens an existing file through the shell', async () => {
    const { hooks, calls } = setup();
    expect(await hooks.reveal(file)).toBe(true);
    expect(await hooks.open(file)).toBe(true);
    expect(calls).toEqual([`reveal ${file}`, `open ${file}`]);
  });

  it('refuses relative or missing paths without calling the shell', async () => {
    const { hooks, calls, logs } = setup();
    expect(await hooks.reveal('relative.mp4')).toBe(false);
    expect(await hooks.open(join(dir, 'gone.mp4'))).toBe(false);
    expect(calls).toEqual([]);
    expect(logs).toHaveLength(2);
  });

  it('reports a file the system cannot open', async () => {
    const { hooks, logs } = setup('No application is associated');
    expect(await hooks.open(file)).toBe(false);
    expect(logs[0]).toContain('No application is associated');
  });

  it('notifies completed and failed downloads, and nothing else', () => {
    const { hooks, shown } = setup();
    hooks.settled(item({ state: 'completed' }));
    hooks.settled(item({ state: 'failed', error: { code: 'disk_full', message: 'The disk is full' } }));
    hooks.settled(item({ state: 'cancelled' }));
    expect(shown).toEqual([
      { title: 'Download complete', body: 'Rain on glass (HD)' },
      { title: 'Download failed', body: 'Rain on glass: The disk is full' },
    ]);
  });

  it('stays silent where the system has no notifications', () => {
    const { hooks, shown } = setup('', false);
    hooks.settled(item({ state: 'completed' }));
    expect(shown).toEqual([]);
  });
});

describe('taskbar progress', () => {
  function fakeWindow() {
    const bars: [number, string | undefined][] = [];
    return {
      bars,
      win: {
        isDestroyed: () => false,
        setProgressBar: (p: number, o?: { mode: 'normal' | 'paused' }) => void bars.push([p, o?.mode]),
      },
    };
  }

  it('shows bytes done over total of the running downloads and clears when they end', () => {
    const { bars, win } = fakeWindow();
    const progress = createTaskbarProgress(() => win);
    progress.update([
      item({ id: 1, bytesDone: 25, bytesTotal: 100 }),
      item({ id: 2, state: 'queued', bytesDone: 0, bytesTotal: 300 }),
    ]);
    progress.update([item({ id: 1, state: 'completed', bytesDone: 100 })]);
    progress.update([item({ id: 2, state: 'paused', bytesDone: 150, bytesTotal: 300 })]);
    progress.update([item({ id: 2, state: 'cancelled' })]);
    progress.update([]);
    expect(bars).toEqual([
      [25 / 400, 'normal'],
      [0, 'normal'],
      [0.5, 'paused'],
      [-1, undefined],
    ]);
  });

  it('shows an indeterminate bar while sizes are unknown, and does nothing without a window', () => {
    const { bars, win } = fakeWindow();
    createTaskbarProgress(() => win).update([item({ bytesTotal: 0 })]);
    expect(bars).toEqual([[2, 'normal']]);
    expect(() => createTaskbarProgress(() => null).update([item({})])).not.toThrow();
  });
});
