import { QUALITIES, type Quality } from '../../../../shared/api/vocabulary';
import type { LibraryVideo } from '../../../../shared/ipc/models';
import { Modal } from '../../components/Modal';
import { formatBytes } from '../../lib/format';
import { QUALITY_LABELS } from './downloadFormat';
import { QualityGate } from './QualityGate';
import './downloads.css';

interface QualityDialogProps {
  video: LibraryVideo | null;
  onClose: () => void;
  onChoose: (video: LibraryVideo, quality: Quality) => void;
  onUpgrade: () => void;
  onCloseAutoFocus?: (event: Event) => void;
  /** Why the download is offered (for example: a drag-out needs the file first). */
  reason?: string;
}

/**
 * Quality choice for a download: SD / HD / 4K with their sizes, gated by plan. Shared with the downloads
 * feature, which supplies `onChoose` (starting the transfer) and may add progress to this dialog.
 */
export function QualityDialog({
  video,
  onClose,
  onChoose,
  onUpgrade,
  onCloseAutoFocus,
  reason,
}: QualityDialogProps) {
  return (
    <Modal
      open={video !== null}
      onOpenChange={(open) => !open && onClose()}
      title={video ? `Download “${video.title}”` : 'Download'}
      description={`${reason ? `${reason} ` : ''}Choose a quality. HD needs the Basic plan and 4K the Pro plan.`}
      onCloseAutoFocus={onCloseAutoFocus}
    >
      {video ? (
        <ul className="quality-list">
          {QUALITIES.map((q) => {
            const file = video.qualities.find((f) => f.quality === q);
            const have = video.localFiles.some((f) => f.quality === q && f.present);
            return (
              <li key={q} className={`quality${file?.allowed ? '' : ' is-locked'}`}>
                <div className="quality-info">
                  <strong>{QUALITY_LABELS[q]}</strong>
                  <span className="quality-sub">
                    {file
                      ? `${file.width}×${file.height} · ${formatBytes(file.bytes)}`
                      : 'Not rendered for this video'}
                    {have ? ' · on this computer' : ''}
                  </span>
                </div>
                {file && file.allowed ? (
                  <button
                    type="button"
                    className="button button-primary"
                    aria-label={`Download ${QUALITY_LABELS[q]} (${formatBytes(file.bytes)})`}
                    onClick={() => onChoose(video, q)}
                  >
                    Download
                  </button>
                ) : file ? (
                  <QualityGate quality={q} onUpgrade={onUpgrade} />
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : null}
    </Modal>
  );
}
