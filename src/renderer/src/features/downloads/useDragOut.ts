import { useCallback, useEffect, useRef, type DragEvent } from 'react';
import type { LibraryVideo } from '../../../../shared/ipc/models';
import { useApi } from '../../app/ApiContext';
import { plural } from '../../lib/format';
import { errorMessage } from '../../lib/result';
import { useToasts } from '../toasts/ToastProvider';
import { hasLocalFile } from './LocalFileBadges';

/** The contract's cap on one drag. */
export const MAX_DRAG_VIDEOS = 500;

export const DRAG_NEEDS_DESKTOP = 'Drag-out needs the desktop app; use Show in folder in Downloads.';

/** What to offer when videos are not on this computer yet: one video (with its sizes), or several ids. */
export type DownloadOffer = { video: LibraryVideo } | { ids: number[] };

/**
 * Drag-out of cards into an editor, Finder or Explorer. The OS drag is the host's (Electron's
 * `startDrag` with the real files), so the page cancels the browser's own drag and asks the host; a
 * dragged card that is selected drags the whole selection. Videos with no file on disk are offered for
 * download instead; a host without OS drag (the web host) gets a clear message.
 */
export function useDragOut(
  selected: ReadonlySet<number>,
  offer: (offer: DownloadOffer, reason: string) => void,
) {
  const api = useApi();
  const { show } = useToasts();
  const selectedRef = useRef(selected);
  const offerRef = useRef(offer);
  useEffect(() => {
    selectedRef.current = selected;
    offerRef.current = offer;
  });

  return useCallback(
    (video: LibraryVideo, event: DragEvent<HTMLElement>) => {
      event.preventDefault();
      const group = selectedRef.current.has(video.id) ? [...selectedRef.current] : [video.id];
      if (group.length === 1 && !hasLocalFile(video)) {
        offerRef.current(
          { video },
          `“${video.title}” is not on this computer yet: download it first to drag it out.`,
        );
        return;
      }
      if (group.length > MAX_DRAG_VIDEOS) {
        show(
          'error',
          `Drag at most ${MAX_DRAG_VIDEOS} videos at once (${group.length.toLocaleString()} are selected).`,
        );
        return;
      }
      api['downloads:startDrag']({ videoIds: group }).then(
        (result) => {
          if (!result.ok) {
            if (result.error.code === 'not_supported' || result.error.code === 'unknown_channel')
              show('info', DRAG_NEEDS_DESKTOP);
            else show('error', `Could not drag out: ${result.error.message}`);
            return;
          }
          const { missing } = result.value;
          if (missing.length === 0) return;
          const reason =
            missing.length === group.length
              ? 'None of these videos is on this computer yet: download them first to drag them out.'
              : missing.length === 1
                ? '1 video is not on this computer yet: download it first to drag it out.'
                : `${plural(missing.length, 'video', 'videos')} are not on this computer yet: download them first to drag them out.`;
          offerRef.current(
            missing.length === 1 && missing[0] === video.id ? { video } : { ids: missing },
            reason,
          );
        },
        (e: unknown) => show('error', `Could not drag out: ${errorMessage(e)}`),
      );
    },
    [api, show],
  );
}
