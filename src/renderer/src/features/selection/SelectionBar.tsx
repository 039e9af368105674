import { plural } from '../../lib/format';
import './selection.css';

interface SelectionBarProps {
  count: number;
  total: number;
  onDelete: () => void;
  onRegenerate: () => void;
  onDownload: () => void;
  onClear: () => void;
  onSelectAll: () => void;
}

export function SelectionBar({
  count,
  total,
  onDelete,
  onRegenerate,
  onDownload,
  onClear,
  onSelectAll,
}: SelectionBarProps) {
  if (count === 0) return null;
  return (
    <div className="selection-bar" role="region" aria-label="Selection">
      <span className="selection-count" aria-live="polite">
        {plural(count, 'video', 'videos')} selected
      </span>
      {count < total ? (
        <button type="button" className="link-button" onClick={onSelectAll}>
          Select all {total.toLocaleString()}
        </button>
      ) : null}
      <div className="selection-actions">
        <button type="button" className="button" onClick={onDownload}>
          Download selected…
        </button>
        <button type="button" className="button" onClick={onRegenerate}>
          Regenerate selected
        </button>
        <button type="button" className="button button-danger" onClick={onDelete}>
          Delete selected
        </button>
        <button type="button" className="button button-ghost" onClick={onClear}>
          Clear selection
        </button>
      </div>
    </div>
  );
}
