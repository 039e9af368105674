import { memo } from 'react';
import type { DownloadItem } from '../../../../shared/ipc/downloads';
import {
  QUALITY_LABELS,
  STATE_LABELS,
  formatBytesProgress,
  formatSpeed,
  formatTimeLeft,
  percentDone,
} from './downloadFormat';
import type { FileAction, QueueAction } from './useDownloadActions';

interface DownloadRowProps {
  item: DownloadItem;
  onRun: (action: QueueAction, item: DownloadItem) => void;
  onFile: (action: FileAction, item: DownloadItem) => void;
  onRemove: (item: DownloadItem) => void;
}

const QUEUE_ACTIONS: Record<DownloadItem['state'], QueueAction[]> = {
  queued: ['pause', 'cancel'],
  active: ['pause', 'cancel'],
  paused: ['resume', 'cancel'],
  failed: ['retry', 'cancel'],
  completed: [],
  cancelled: ['retry'],
};
const QUEUE_LABELS: Record<QueueAction, string> = {
  pause: 'Pause',
  resume: 'Resume',
  cancel: 'Cancel',
  retry: 'Retry',
};

/** One download in the panel. Memoised: the store keeps an unchanged item's identity between ticks. */
export const DownloadRow = memo(function DownloadRow({ item, onRun, onFile, onRemove }: DownloadRowProps) {
  const percent = item.state === 'completed' ? 100 : percentDone(item);
  const name = `${item.title} (${QUALITY_LABELS[item.quality]})`;
  const details: string[] = [formatBytesProgress(item)];
  if (item.state === 'active' && item.speedBps !== null && item.speedBps > 0)
    details.push(formatSpeed(item.speedBps));
  if (item.state === 'active' && item.etaSeconds !== null) details.push(formatTimeLeft(item.etaSeconds));
  const errorId = `download-error-${item.id}`;
  return (
    <li
      className={`download download-${item.state}`}
      data-download-id={item.id}
      aria-label={`${name}, ${STATE_LABELS[item.state]}`}
    >
      <div className="download-head">
        <span className="download-title" title={item.fileName}>
          {item.title}
        </span>
        <span className="download-quality">{QUALITY_LABELS[item.quality]}</span>
      </div>
      <div
        className="download-progress"
        role="progressbar"
        aria-label={`Download of ${name}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? undefined}
        aria-valuetext={
          percent === null ? STATE_LABELS[item.state] : `${percent}%, ${formatBytesProgress(item)}`
        }
        aria-describedby={item.error ? errorId : undefined}
      >
        <div className="download-progress-bar" style={{ transform: `scaleX(${(percent ?? 0) / 100})` }} />
      </div>
      <div className="download-meta">
        <span className={`download-state state-${item.state}`}>
          {STATE_LABELS[item.state]}
          {percent !== null && item.state !== 'completed' ? ` · ${percent}%` : ''}
        </span>
        <span className="download-details">{details.join(' · ')}</span>
      </div>
      {item.state === 'failed' && item.error ? (
        <p className="download-error" id={errorId}>
          {item.error.message}
        </p>
      ) : null}
      <div className="download-actions">
        {QUEUE_ACTIONS[item.state].map((action) => (
          <button
            key={action}
            type="button"
            className={`button button-small${action === 'cancel' ? ' button-ghost' : ''}`}
            aria-label={`${QUEUE_LABELS[action]} ${name}`}
            onClick={() => onRun(action, item)}
          >
            {QUEUE_LABELS[action]}
          </button>
        ))}
        {item.state === 'completed' ? (
          <>
            <button
              type="button"
              className="button button-small"
              aria-label={`Show ${name} in folder`}
              onClick={() => onFile('reveal', item)}
            >
              Show in folder
            </button>
            <button
              type="button"
              className="button button-small"
              aria-label={`Open ${name}`}
              onClick={() => onFile('open', item)}
            >
              Open
            </button>
          </>
        ) : null}
        {item.state === 'completed' || item.state === 'cancelled' ? (
          <button
            type="button"
            className="button button-small button-ghost"
            aria-label={`Remove ${name} from the list`}
            title={item.state === 'completed' ? 'The file stays where it is' : undefined}
            onClick={() => onRemove(item)}
          >
            Remove
          </button>
        ) : null}
      </div>
    </li>
  );
});
