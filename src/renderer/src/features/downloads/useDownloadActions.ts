import { useCallback } from 'react';
import type { DownloadItem } from '../../../../shared/ipc/downloads';
import { useApi } from '../../app/ApiContext';
import { errorMessage, unwrap } from '../../lib/result';
import { useToasts } from '../toasts/ToastProvider';
import { useDownloadsStore } from './DownloadsContext';

export type QueueAction = 'pause' | 'resume' | 'cancel' | 'retry';
export type FileAction = 'reveal' | 'open';

const ACTION_WORDS: Record<QueueAction | FileAction, string> = {
  pause: 'pause',
  resume: 'resume',
  cancel: 'cancel',
  retry: 'retry',
  reveal: 'show in folder',
  open: 'open',
};

export const DESKTOP_ONLY: Record<FileAction, string> = {
  reveal: '“Show in folder” needs the desktop app.',
  open: '“Open” needs the desktop app.',
};

/** Queue and file actions on one download, with the answer merged into the store and problems toasted. */
export function useDownloadActions() {
  const api = useApi();
  const store = useDownloadsStore();
  const { show } = useToasts();

  const run = useCallback(
    async (action: QueueAction, item: DownloadItem) => {
      try {
        const next = unwrap(await api[`downloads:${action}`]({ id: item.id }));
        // Retrying a cancelled download answers with a new one; the cancelled row stays, as in the core.
        store.mergeNow([next]);
      } catch (e) {
        show('error', `Could not ${ACTION_WORDS[action]} “${item.title}”: ${errorMessage(e)}`);
      }
    },
    [api, store, show],
  );

  const file = useCallback(
    async (action: FileAction, item: DownloadItem) => {
      const where = item.path ? ` The file is at ${item.path}` : '';
      try {
        const result = await api[`downloads:${action}`]({ id: item.id });
        if (result.ok && result.value.done) return;
        if (result.ok || result.error.code === 'not_supported') {
          show('info', `${DESKTOP_ONLY[action]}${where}`);
          return;
        }
        show('error', `Could not ${ACTION_WORDS[action]} “${item.title}”: ${result.error.message}`);
      } catch (e) {
        show('error', `Could not ${ACTION_WORDS[action]} “${item.title}”: ${errorMessage(e)}`);
      }
    },
    [api, show],
  );

  /** Takes finished downloads off the list: one (`item`) or, without one, every finished download. */
  const clear = useCallback(
    async (item?: DownloadItem) => {
      try {
        const { removed } = unwrap(
          item ? await api['downloads:remove']({ id: item.id }) : await api['downloads:clearFinished']({}),
        );
        store.remove(removed);
      } catch (e) {
        const what = item ? `remove “${item.title}” from the list` : 'clear the finished downloads';
        show('error', `Could not ${what}: ${errorMessage(e)}`);
      }
    },
    [api, store, show],
  );

  return { run, file, clear };
}
