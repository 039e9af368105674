import { VIDEO_STATUSES, type VideoStatus } from '../../../../shared/api/vocabulary';

const LABELS: Record<VideoStatus, string> = { processing: 'Processing', ready: 'Ready', failed: 'Failed' };

/** Status chips: none pressed means every status. */
export function StatusFilter({
  value,
  onChange,
}: {
  value: VideoStatus[];
  onChange: (v: VideoStatus[]) => void;
}) {
  return (
    <div className="chips" role="group" aria-label="Filter by status">
      {VIDEO_STATUSES.map((status) => {
        const on = value.includes(status);
        return (
          <button
            key={status}
            type="button"
            className={`chip chip-${status}`}
            aria-pressed={on}
            onClick={() => onChange(on ? value.filter((s) => s !== status) : [...value, status])}
          >
            {LABELS[status]}
          </button>
        );
      })}
    </div>
  );
}
