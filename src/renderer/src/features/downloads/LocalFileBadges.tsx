import type { MouseEvent } from 'react';
import type { LibraryVideo } from '../../../../shared/ipc/models';
import { QUALITIES } from '../../../../shared/api/vocabulary';
import { Icon } from '../../lib/icons';
import { QUALITY_LABELS } from './downloadFormat';
import './badges.css';

interface LocalFileBadgesProps {
  video: LibraryVideo;
  tabbable: boolean;
  onDownloadAgain: (video: LibraryVideo) => void;
}

/** True when the video has at least one downloaded file that was verified and is still on disk. */
export function hasLocalFile(video: LibraryVideo): boolean {
  return video.localFiles.some((f) => f.present);
}

/**
 * One badge per quality downloaded and verified; a file that went missing from disk says so and offers
 * to download it again. Renders nothing for the (many) videos never downloaded, so cards stay cheap.
 */
export function LocalFileBadges({ video, tabbable, onDownloadAgain }: LocalFileBadgesProps) {
  if (video.localFiles.length === 0) return null;
  const present = QUALITIES.filter((q) => video.localFiles.some((f) => f.quality === q && f.present));
  const gone = QUALITIES.filter(
    (q) => !present.includes(q) && video.localFiles.some((f) => f.quality === q && !f.present),
  );
  const goneLabel = gone.map((q) => QUALITY_LABELS[q]).join(', ');
  return (
    <div className="card-files">
      {present.map((q) => (
        <span
          key={q}
          className="file-badge"
          title={`${QUALITY_LABELS[q]} downloaded and verified`}
          aria-label={`${QUALITY_LABELS[q]} downloaded`}
          role="img"
        >
          <Icon name="check" size={12} />
          {QUALITY_LABELS[q]}
        </span>
      ))}
      {gone.length > 0 ? (
        <button
          type="button"
          className="file-gone"
          tabIndex={tabbable ? 0 : -1}
          title={`The downloaded ${goneLabel} file was moved or deleted`}
          aria-label={`${goneLabel} file gone — download ${video.title} again`}
          onClick={(e: MouseEvent) => {
            e.stopPropagation();
            onDownloadAgain(video);
          }}
        >
          <Icon name="alert" size={12} />
          File gone — download again
        </button>
      ) : null}
    </div>
  );
}
