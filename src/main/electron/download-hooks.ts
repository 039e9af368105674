import { existsSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import type { DownloadItem } from '../../shared/ipc/downloads';
import type { DownloadHostHooks } from '../core/downloads/service';

// The desktop's side of downloads: "Show in folder" and "Open" through the system shell (only for
// absolute paths of files that exist: the path comes from the core's verified download record), and
// a system notification when a download completes or fails. Drag-out is its own adapter (drag-out.ts).

export interface ShellFilesLike {
  showItemInFolder(path: string): void;
  /** Resolves to an error message, or '' on success. */
  openPath(path: string): Promise<string>;
}

export interface NotifierLike {
  isSupported(): boolean;
  show(notification: { title: string; body: string }): void;
}

function usable(path: string): boolean {
  return isAbsolute(path) && existsSync(path);
}

export function createDownloadHostHooks(
  shell: ShellFilesLike,
  notifier: NotifierLike,
  log: (message: string) => void,
): Required<Omit<DownloadHostHooks, 'startDrag'>> {
  return {
    reveal: (path) => {
      if (!usable(path)) {
        log(`Not revealing ${path}: not an existing absolute path`);
        return false;
      }
      shell.showItemInFolder(path);
      return true;
    },
    open: async (path) => {
      if (!usable(path)) {
        log(`Not opening ${path}: not an existing absolute path`);
        return false;
      }
      const problem = await shell.openPath(path);
      if (problem !== '') log(`The system could not open ${path}: ${problem}`);
      return problem === '';
    },
    settled: (item: DownloadItem) => {
      if (!notifier.isSupported()) return;
      if (item.state === 'completed') {
        notifier.show({ title: 'Download complete', body: `${item.title} (${item.quality.toUpperCase()})` });
      } else if (item.state === 'failed') {
        notifier.show({
          title: 'Download failed',
          body: `${item.title}: ${item.error?.message ?? 'failed'}`,
        });
      }
    },
  };
}
