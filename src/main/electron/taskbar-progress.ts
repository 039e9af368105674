import type { DownloadItem } from '../../shared/ipc/downloads';

// The downloads' overall progress on the taskbar / dock icon, fed by the core's downloads:progress
// events: bytes done over bytes total of the queued and active downloads; removed when none is left.

export interface ProgressWindowLike {
  isDestroyed(): boolean;
  setProgressBar(progress: number, options?: { mode: 'normal' | 'paused' }): void;
}

export function createTaskbarProgress(target: () => ProgressWindowLike | null) {
  const running = new Map<number, DownloadItem>();
  let shown = false;
  return {
    update(items: readonly DownloadItem[]): void {
      for (const item of items) {
        if (item.state === 'active' || item.state === 'queued' || item.state === 'paused')
          running.set(item.id, item);
        else running.delete(item.id);
      }
      const win = target();
      if (win === null || win.isDestroyed()) return;
      const all = [...running.values()];
      if (all.length === 0) {
        if (shown) win.setProgressBar(-1);
        shown = false;
        return;
      }
      const total = all.reduce((sum, i) => sum + i.bytesTotal, 0);
      const done = all.reduce((sum, i) => sum + Math.min(i.bytesDone, i.bytesTotal), 0);
      const paused = all.every((i) => i.state === 'paused');
      // Total 0 (sizes not known yet) shows Windows' indeterminate bar (any value above 1).
      win.setProgressBar(total === 0 ? 2 : done / total, { mode: paused ? 'paused' : 'normal' });
      shown = true;
    },
  };
}
