import { QUALITIES, planAllowsQuality, type Plan, type Quality } from '../../../../shared/api/vocabulary';
import type { LibraryVideo } from '../../../../shared/ipc/models';
import { Modal } from '../../components/Modal';
import { formatBytes } from '../../lib/format';
import { QUALITY_LABELS } from './downloadFormat';
import { QualityGate } from './QualityGate';
import './downloads.css';

interface QualityDialogProps {
  video: LibraryVideo | null;
  /**
   * The user's current plan (the credit summary's, which follows every plan change), or null while
   * unknown. It decides which qualities are offered: the video's own flags were cached under the plan
   * it was last synced with.
   */
  plan: Plan | null;
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
  plan,
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
            const allowed = file ? (plan ? planAllowsQuality(plan, q) : file.allowed) : false;
            const have = video.localFiles.some((f) => f.quality === q && f.present);
            return (
              <li key={q} className={`quality${allowed ? '' : ' is-locked'}`}>
                <div className="quality-info">
                  <strong>{QUALITY_LABELS[q]}</strong>
                  <span className="quality-sub">
                    {file
                      ? `${file.width}×${file.height} · ${formatBytes(file.bytes)}`
                      : 'Not rendered for this video'}
                    {have ? ' · on this computer' : ''}
                  </span>
                </div>
                {file && allowed ? (
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
