import type { LibraryVideo } from '../../../../shared/ipc/models';
import { useHoverPreview } from './hoverPreview';

/** Thumbnail, with a muted looping preview on hover (see hoverPreview.ts for the rules). */
export function CardMedia({ video, sizes }: { video: LibraryVideo; sizes: string }) {
  const { active, videoRef, start, stop } = useHoverPreview(
    video.status === 'ready' ? video.previewUrl : null,
  );
  return (
    <div
      className="card-media"
      onPointerEnter={start}
      onPointerLeave={stop}
      data-previewing={active || undefined}
    >
      {video.thumbnailUrl ? (
        <img
          src={video.thumbnailUrl}
          // The core serves one large thumbnail (1920 px wide, over 2× the widest card), so a single candidate
          // described by its width lets the browser pick it at any device pixel ratio.
          srcSet={`${video.thumbnailUrl} 1920w`}
          sizes={sizes}
          alt=""
          loading="lazy"
          decoding="async"
          draggable={false}
        />
      ) : (
        <div className={`card-placeholder placeholder-${video.status}`} aria-hidden="true" />
      )}
      {active && video.previewUrl ? (
        <video
          ref={videoRef}
          className="card-preview"
          src={video.previewUrl}
          muted
          loop
          autoPlay
          playsInline
          preload="auto"
          aria-hidden="true"
          data-testid="hover-preview"
        />
      ) : null}
    </div>
  );
}
