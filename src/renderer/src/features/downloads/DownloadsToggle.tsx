import type { Ref } from 'react';
import { Icon } from '../../lib/icons';
import { useDownloads } from './DownloadsContext';
import { DOWNLOADS_PANEL_ID } from './DownloadsPanel';

interface DownloadsToggleProps {
  open: boolean;
  onToggle: () => void;
  ref?: Ref<HTMLButtonElement>;
}

/** The header button of the downloads panel, with the number still to finish and their overall progress. */
export function DownloadsToggle({ open, onToggle, ref }: DownloadsToggleProps) {
  const { summary } = useDownloads();
  const percent = summary.progress === null ? null : Math.floor(summary.progress * 100);
  const parts = ['Downloads'];
  if (summary.unfinished > 0) parts.push(`${summary.unfinished} in progress`);
  if (summary.unfinished > 0 && percent !== null) parts.push(`${percent}% done`);
  if (summary.failed > 0) parts.push(`${summary.failed} failed`);
  const label = parts.join(', ');
  return (
    <button
      ref={ref}
      type="button"
      className={`icon-button downloads-toggle${summary.unfinished > 0 ? ' is-busy' : ''}`}
      aria-label={label}
      title={label}
      aria-expanded={open}
      aria-controls={open ? DOWNLOADS_PANEL_ID : undefined}
      onClick={onToggle}
    >
      <Icon name="download" />
      {summary.unfinished > 0 && percent !== null ? (
        <span className="downloads-meter" aria-hidden="true">
          <span className="downloads-meter-value" style={{ transform: `scaleX(${percent / 100})` }} />
        </span>
      ) : null}
      {summary.unfinished > 0 || summary.failed > 0 ? (
        <span className={`downloads-count${summary.unfinished === 0 ? ' is-failed' : ''}`} aria-hidden="true">
          {summary.unfinished > 0 ? summary.unfinished : '!'}
        </span>
      ) : null}
    </button>
  );
}
