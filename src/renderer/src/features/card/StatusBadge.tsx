import type { LibraryVideo } from '../../../../shared/ipc/models';
import { FAILURE_FAQ } from '../../../../shared/faq';

export function StatusBadge({ video, onWhy }: { video: LibraryVideo; onWhy: (video: LibraryVideo) => void }) {
  if (video.status === 'processing') {
    const percent = video.progress === null ? null : Math.round(video.progress * 100);
    return (
      <div className="status status-processing">
        <span className="badge badge-processing">
          <span className="spinner" aria-hidden="true" />
          Processing{percent === null ? '' : ` ${percent}%`}
        </span>
        <div
          className="progress"
          role="progressbar"
          aria-label={`Generating ${video.title}`}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent ?? undefined}
        >
          <div
            className={percent === null ? 'progress-bar indeterminate' : 'progress-bar'}
            style={{ width: `${percent ?? 30}%` }}
          />
        </div>
      </div>
    );
  }
  if (video.status === 'failed') {
    const entry = video.failure ? FAILURE_FAQ[video.failure.code] : null;
    return (
      <div className="status status-failed">
        <span className="badge badge-failed">Failed</span>
        <span className="failure-reason">{video.failure?.message ?? 'Generation failed'}</span>
        {entry ? (
          <a
            className="why-link"
            href={`#${entry.id}`}
            onClick={(e) => {
              e.preventDefault();
              onWhy(video);
            }}
          >
            Why did this fail?
          </a>
        ) : null}
      </div>
    );
  }
  return (
    <div className="status">
      <span className="badge badge-ready">Ready</span>
    </div>
  );
}
