import { useEffect, useRef, type KeyboardEvent, type Ref } from 'react';
import { Icon } from '../../lib/icons';
import { plural } from '../../lib/format';
import { useDownloads, useDownloadsStore } from './DownloadsContext';
import { DownloadRow } from './DownloadRow';
import { useDownloadActions } from './useDownloadActions';
import './panel.css';

export const DOWNLOADS_PANEL_ID = 'downloads-panel';

interface DownloadsPanelProps {
  open: boolean;
  onClose: () => void;
  /** The panel's element: keys pressed inside it keep their own meaning (not the page's shortcuts). */
  ref?: Ref<HTMLElement>;
}

/**
 * The downloads drawer: non-modal, over the right edge of the page (the grid keeps its width, so
 * opening it moves nothing). Focus moves to it when it opens; Esc closes it.
 */
export function DownloadsPanel({ open, onClose, ref }: DownloadsPanelProps) {
  const { items, error, loaded, summary } = useDownloads();
  const store = useDownloadsStore();
  const { run, file, clear } = useDownloadActions();
  const headingRef = useRef<HTMLHeadingElement | null>(null);

  useEffect(() => {
    if (open) headingRef.current?.focus();
  }, [open]);

  if (!open) return null;
  const finished = items.filter((i) => i.state === 'completed' || i.state === 'cancelled').length;
  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      onClose();
    }
  };
  return (
    <aside
      ref={ref}
      id={DOWNLOADS_PANEL_ID}
      className="downloads-panel"
      role="region"
      aria-labelledby="downloads-panel-title"
      onKeyDown={onKeyDown}
    >
      <div className="downloads-panel-head">
        <h2 id="downloads-panel-title" className="downloads-panel-title" tabIndex={-1} ref={headingRef}>
          Downloads
        </h2>
        <span className="downloads-panel-sub" aria-live="polite">
          {summary.unfinished > 0 ? `${plural(summary.unfinished, 'download', 'downloads')} in progress` : ''}
        </span>
        {finished > 0 ? (
          <button
            type="button"
            className="link-button"
            aria-label={`Clear ${plural(finished, 'finished download', 'finished downloads')} from the list`}
            title="Completed files stay where they are"
            onClick={() => void clear()}
          >
            Clear finished
          </button>
        ) : null}
        <button type="button" className="icon-button" aria-label="Close downloads" onClick={onClose}>
          <Icon name="close" />
        </button>
      </div>
      {error ? (
        <div className="downloads-panel-error" role="alert">
          <span>{error}</span>
          <button type="button" className="link-button" onClick={() => void store.load()}>
            Try again
          </button>
        </div>
      ) : null}
      {!loaded ? (
        <p className="downloads-empty" aria-busy="true">
          Loading downloads…
        </p>
      ) : items.length === 0 && !error ? (
        <p className="downloads-empty">
          No downloads yet. Use Download on a video to save it in SD, HD or 4K.
        </p>
      ) : (
        <ul className="downloads-list" aria-label="Downloads">
          {items.map((item) => (
            <DownloadRow key={item.id} item={item} onRun={run} onFile={file} onRemove={clear} />
          ))}
        </ul>
      )}
    </aside>
  );
}
