import type { LibraryVideo } from '../../../../shared/ipc/models';

export type CardAction = 'preview' | 'download' | 'regenerate' | 'delete';

export const ACTION_LABELS: Record<CardAction, string> = {
  preview: 'Preview',
  download: 'Download',
  regenerate: 'Regenerate',
  delete: 'Delete',
};

/** Why an action cannot apply to this video right now, or null when it can. */
export function disabledReason(action: CardAction, video: LibraryVideo): string | null {
  if (video.pending === 'delete') return 'Waiting to be deleted when you are back online';
  switch (action) {
    case 'preview':
      if (video.status === 'processing') return 'Preview is available once the video is ready';
      if (video.status === 'failed') return 'Generation failed, so there is nothing to preview';
      if (!video.previewUrl) return 'The preview is not available yet';
      return null;
    case 'download':
      if (video.status === 'processing') return 'Download is available once the video is ready';
      if (video.status === 'failed') return 'Generation failed, so there is nothing to download';
      if (video.qualities.length === 0) return 'No downloadable file yet';
      return null;
    case 'regenerate':
      if (video.status === 'processing') return 'This video is still being generated';
      if (video.pending === 'regenerate') return 'A regeneration is already waiting to sync';
      return null;
    case 'delete':
      return null;
  }
}
