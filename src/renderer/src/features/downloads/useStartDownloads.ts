import { useCallback } from 'react';
import type { Quality } from '../../../../shared/api/vocabulary';
import { useApi } from '../../app/ApiContext';
import { plural } from '../../lib/format';
import { errorMessage, unwrap } from '../../lib/result';
import { useToasts } from '../toasts/ToastProvider';
import { useDownloadsStore } from './DownloadsContext';
import { QUALITY_LABELS } from './downloadFormat';

/**
 * Starts downloads of one quality for some videos (after the quality dialog), puts them in the panel at
 * once and says in a toast what started and what could not.
 */
export function useStartDownloads() {
  const api = useApi();
  const store = useDownloadsStore();
  const { show } = useToasts();
  return useCallback(
    async (ids: readonly number[], quality: Quality, title?: string) => {
      const what = title && ids.length === 1 ? `“${title}”` : plural(ids.length, 'video', 'videos');
      try {
        const outcome = unwrap(await api['downloads:start']({ videoIds: [...ids], quality }));
        store.mergeNow(outcome.started);
        const first = outcome.failed[0];
        if (outcome.started.length === 0 && first) {
          show('error', `Could not download ${what}: ${first.message}`);
        } else if (first) {
          show(
            'error',
            `Downloading ${QUALITY_LABELS[quality]} of ${plural(outcome.started.length, 'video', 'videos')}; ${plural(outcome.failed.length, 'video', 'videos')} could not start: ${first.message}`,
          );
        } else {
          show('success', `Downloading ${QUALITY_LABELS[quality]} of ${what}.`);
        }
      } catch (e) {
        show('error', `Could not download ${what}: ${errorMessage(e)}`);
      }
    },
    [api, store, show],
  );
}
