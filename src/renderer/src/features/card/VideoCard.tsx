import { memo, type DragEvent, type KeyboardEvent, type MouseEvent } from 'react';
import type { LibraryVideo } from '../../../../shared/ipc/models';
import { Icon, type IconName } from '../../lib/icons';
import { formatCredits, formatGeneratedAt } from '../../lib/format';
import { LocalFileBadges, hasLocalFile } from '../downloads/LocalFileBadges';
import { ACTION_LABELS, disabledReason, type CardAction } from './cardActions';
import { CardMedia } from './CardMedia';
import { StatusBadge } from './StatusBadge';
import './card.css';

export interface CardHandlers {
  onAction: (action: CardAction, video: LibraryVideo) => void;
  onWhy: (video: LibraryVideo) => void;
  onToggleSelect: (index: number, id: number, shift: boolean) => void;
  onFocusCell: (index: number) => void;
  /** The card's native dragstart (drag-out of the downloaded file, or an offer to download first). */
  onDragOut: (video: LibraryVideo, event: DragEvent<HTMLElement>) => void;
}

interface VideoCardProps extends CardHandlers {
  index: number;
  column: number;
  video: LibraryVideo | undefined;
  layout: 'grid' | 'list';
  selected: boolean;
  tabbable: boolean;
  thumbSizes: string;
}

const ACTION_ICONS: Record<CardAction, IconName> = {
  preview: 'play',
  download: 'download',
  regenerate: 'regenerate',
  delete: 'trash',
};
const ACTIONS: CardAction[] = ['preview', 'download', 'regenerate', 'delete'];

/**
 * How controls name their video: the title with the generation time, since a regenerated copy keeps its
 * title and "Delete Deep Sleep" twice tells a screen-reader user nothing.
 */
export function videoName(video: LibraryVideo): string {
  return `${video.title}, ${formatGeneratedAt(video.createdAt)}`;
}

interface ActionButtonProps {
  action: CardAction;
  video: LibraryVideo;
  name: string;
  tabbable: boolean;
  onAction: CardHandlers['onAction'];
}

function ActionButton({ action, video, name, tabbable, onAction }: ActionButtonProps) {
  const reason = disabledReason(action, video);
  const tipId = reason ? `card-tip-${video.id}-${action}` : undefined;
  return (
    <>
      <button
        type="button"
        className={`card-action action-${action}`}
        aria-label={`${ACTION_LABELS[action]} ${name}`}
        aria-disabled={reason ? true : undefined}
        aria-describedby={tipId}
        title={reason ? undefined : ACTION_LABELS[action]}
        tabIndex={tabbable ? 0 : -1}
        onClick={(e: MouseEvent) => {
          e.stopPropagation();
          if (!reason) onAction(action, video);
        }}
      >
        <Icon name={ACTION_ICONS[action]} size={16} />
        <span className="card-action-text">{ACTION_LABELS[action]}</span>
      </button>
      {/* A sibling, not a child: the dimmed button would dim it too. Shown over the thumbnail, so it
          never covers the status or failure text it explains (card.css). */}
      {reason ? (
        <span id={tipId} role="tooltip" className="card-tip">
          {reason}
        </span>
      ) : null}
    </>
  );
}

export const VideoCard = memo(function VideoCard(props: VideoCardProps) {
  const { index, column, video, layout, selected, tabbable, thumbSizes } = props;
  if (!video) {
    return (
      <div
        role="gridcell"
        aria-colindex={column + 1}
        aria-busy="true"
        className={`card card-${layout} card-skeleton`}
        data-index={index}
        tabIndex={tabbable ? 0 : -1}
        onFocus={() => props.onFocusCell(index)}
      >
        <span className="visually-hidden">Loading video {index + 1}</span>
        <div className="card-media skeleton-block" aria-hidden="true" />
        <div className="card-body" aria-hidden="true">
          <div className="skeleton-line wide" />
          <div className="skeleton-line" />
        </div>
      </div>
    );
  }
  const classes = ['card', `card-${layout}`, selected ? 'is-selected' : '', video.pending ? 'is-pending' : '']
    .filter(Boolean)
    .join(' ');
  const onDownloadAgain = (v: LibraryVideo) => props.onAction('download', v);
  const name = videoName(video);
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    // Keys on the cell itself; keys inside its buttons keep their own meaning.
    if (e.target !== e.currentTarget) return;
    if (e.key === ' ') {
      e.preventDefault();
      props.onToggleSelect(index, video.id, e.shiftKey);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (!disabledReason('preview', video)) props.onAction('preview', video);
    } else if (e.key === 'Delete' || e.key === 'Backspace') {
      e.preventDefault();
      props.onAction('delete', video);
    }
  };
  // Downloaded cards drag their file out; a downloadable one answers a drag with an offer to download.
  const draggable = hasLocalFile(video) || disabledReason('download', video) === null;
  return (
    <div
      role="gridcell"
      aria-colindex={column + 1}
      aria-selected={selected}
      aria-label={`${video.title}, ${video.status}${video.pending ? `, pending ${video.pending}` : ''}`}
      className={classes}
      data-index={index}
      data-id={video.id}
      data-status={video.status}
      tabIndex={tabbable ? 0 : -1}
      onFocus={(e) => e.target === e.currentTarget && props.onFocusCell(index)}
      onKeyDown={onKeyDown}
      draggable={draggable || undefined}
      onDragStart={draggable ? (e) => props.onDragOut(video, e) : undefined}
    >
      <label className="card-check" onClick={(e) => e.stopPropagation()}>
        <input
          type="checkbox"
          checked={selected}
          tabIndex={tabbable ? 0 : -1}
          aria-label={`Select ${name}`}
          onChange={() => undefined}
          onClick={(e) => props.onToggleSelect(index, video.id, e.shiftKey)}
        />
      </label>
      <CardMedia video={video} sizes={thumbSizes} />
      <div className="card-body">
        <h3 className="card-title" title={video.title}>
          {video.title}
        </h3>
        <div className="card-meta">
          <time dateTime={video.createdAt}>{formatGeneratedAt(video.createdAt)}</time>
          <span className="card-cost" title="Credits used to generate">
            <Icon name="coin" size={14} />
            {formatCredits(video.creditCost)}
          </span>
        </div>
        <StatusBadge video={video} onWhy={props.onWhy} />
        <LocalFileBadges video={video} tabbable={tabbable} onDownloadAgain={onDownloadAgain} />
        {video.pending ? (
          <span className="pending-mark" title="Saved on this device; it will sync when you are back online">
            Pending {video.pending} · will sync
          </span>
        ) : null}
      </div>
      <div className="card-actions">
        {ACTIONS.map((action) => (
          <ActionButton
            key={action}
            action={action}
            video={video}
            name={name}
            tabbable={tabbable}
            onAction={props.onAction}
          />
        ))}
      </div>
    </div>
  );
});
