import { QUALITY_MIN_PLAN, type Quality } from '../../../../shared/api/vocabulary';
import { PLAN_LABELS } from '../../lib/format';
import { QUALITY_LABELS } from './downloadFormat';

/** A quality above the user's plan: shown with the plan it needs and an upgrade prompt, not hidden. */
export function QualityGate({ quality, onUpgrade }: { quality: Quality; onUpgrade: () => void }) {
  return (
    <div className="quality-gate">
      <span>Needs the {PLAN_LABELS[QUALITY_MIN_PLAN[quality]]} plan</span>
      <button
        type="button"
        className="button"
        onClick={onUpgrade}
        aria-label={`Upgrade to download ${QUALITY_LABELS[quality]}`}
      >
        Upgrade
      </button>
    </div>
  );
}
