import { QUALITIES, planAllowsQuality, type Plan, type Quality } from '../../../../shared/api/vocabulary';
import { Modal } from '../../components/Modal';
import { plural } from '../../lib/format';
import { QUALITY_LABELS } from './downloadFormat';
import { QualityGate } from './QualityGate';
import './downloads.css';

interface BulkQualityDialogProps {
  /** The videos to download, or null when closed. */
  ids: readonly number[] | null;
  /** The user's plan, or null while unknown (then the core's answer says what is allowed). */
  plan: Plan | null;
  /** Why these videos are offered (for example: drag-out needs them downloaded first). */
  reason?: string;
  onClose: () => void;
  onChoose: (ids: readonly number[], quality: Quality) => void;
  onUpgrade: () => void;
  onCloseAutoFocus?: (event: Event) => void;
}

/**
 * The quality choice for several videos at once (a bulk selection, or the videos a drag-out found
 * missing). Sizes differ per video, so this dialog gates by plan only; each video that lacks the
 * chosen quality is reported by the core when the downloads start.
 */
export function BulkQualityDialog({
  ids,
  plan,
  reason,
  onClose,
  onChoose,
  onUpgrade,
  onCloseAutoFocus,
}: BulkQualityDialogProps) {
  const count = ids?.length ?? 0;
  return (
    <Modal
      open={ids !== null}
      onOpenChange={(open) => !open && onClose()}
      title={`Download ${plural(count, 'video', 'videos')}`}
      description={`${reason ? `${reason} ` : ''}Choose a quality for all of them. HD needs the Basic plan and 4K the Pro plan.`}
      onCloseAutoFocus={onCloseAutoFocus}
    >
      {ids ? (
        <ul className="quality-list">
          {QUALITIES.map((q) => {
            const allowed = plan === null || planAllowsQuality(plan, q);
            return (
              <li key={q} className={`quality${allowed ? '' : ' is-locked'}`}>
                <div className="quality-info">
                  <strong>{QUALITY_LABELS[q]}</strong>
                  <span className="quality-sub">{plural(count, 'file', 'files')}</span>
                </div>
                {allowed ? (
                  <button
                    type="button"
                    className="button button-primary"
                    aria-label={`Download ${plural(count, 'video', 'videos')} in ${QUALITY_LABELS[q]}`}
                    onClick={() => onChoose(ids, q)}
                  >
                    Download
                  </button>
                ) : (
                  <QualityGate quality={q} onUpgrade={onUpgrade} />
                )}
              </li>
            );
          })}
        </ul>
      ) : null}
    </Modal>
  );
}
