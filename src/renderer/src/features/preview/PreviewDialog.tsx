import type { LibraryVideo } from '../../../../shared/ipc/models';
import { Modal } from '../../components/Modal';
import { formatCredits, formatGeneratedAt } from '../../lib/format';
import { Icon } from '../../lib/icons';
import { disabledReason } from '../card/cardActions';
import { lazy, Suspense } from 'react';

// video.js is most of the page's code: it loads with the first preview, not with the grid.
const VideoPlayer = lazy(() => import('./VideoPlayer').then((m) => ({ default: m.VideoPlayer })));
import './preview.css';

interface PreviewDialogProps {
  video: LibraryVideo | null;
  onClose: () => void;
  onCloseAutoFocus: (event: Event) => void;
  /** Download this video (closes the preview and opens the quality choice). */
  onDownload?: (video: LibraryVideo) => void;
}

/** The player overlay: Esc closes, focus stays inside, and returns to the card (see onCloseAutoFocus). */
export function PreviewDialog({ video, onClose, onCloseAutoFocus, onDownload }: PreviewDialogProps) {
  const downloadBlocked = video ? disabledReason('download', video) : null;
  return (
    <Modal
      open={video !== null}
      onOpenChange={(open) => !open && onClose()}
      title={video ? video.title : 'Preview'}
      wide
      className="preview-modal"
      onCloseAutoFocus={onCloseAutoFocus}
      description={
        video ? (
          <>
            {formatGeneratedAt(video.createdAt)} · {formatCredits(video.creditCost)} · Space or K plays or
            pauses, ←/→ seek 5 s, M mutes, F full screen
          </>
        ) : undefined
      }
    >
      {video?.previewUrl ? (
        <Suspense fallback={<div className="player player-loading" aria-busy="true" />}>
          <VideoPlayer
            src={video.previewUrl}
            poster={video.thumbnailUrl}
            label={`Preview of ${video.title}`}
          />
        </Suspense>
      ) : (
        <p>This video has no preview yet.</p>
      )}
      {video ? <p className="preview-prompt">{video.prompt}</p> : null}
      {video && onDownload ? (
        <div className="preview-actions">
          <button
            type="button"
            className="button button-primary"
            aria-disabled={downloadBlocked ? true : undefined}
            title={downloadBlocked ?? undefined}
            onClick={() => !downloadBlocked && onDownload(video)}
          >
            <Icon name="download" size={16} />
            Download…
          </button>
        </div>
      ) : null}
    </Modal>
  );
}
