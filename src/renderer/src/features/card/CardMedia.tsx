import type { LibraryVideo } from '../../../../shared/ipc/models';
import { useHoverPreview } from './hoverPreview';

/** The video's shape, from its rendered files (every quality keeps the aspect ratio). */
export function shapeOf(video: LibraryVideo): 'landscape' | 'portrait' | 'square' | null {
  const file = video.qualities[0];
  if (!file || file.width <= 0 || file.height <= 0) return null;
  const ratio = file.width / file.height;
  return ratio > 1.1 ? 'landscape' : ratio < 0.9 ? 'portrait' : 'square';
}

/**
 * Thumbnail, with a muted looping preview on hover (see hoverPreview.ts for the rules). Every video is
 * shown whole in its own shape: a vertical or square one is letterboxed in the tile, never cropped to
 * 16:9 (the tile keeps its size, so rows keep the fixed height the virtualized grid relies on).
 */
export function CardMedia({ video, sizes }: { video: LibraryVideo; sizes: string }) {
  const { active, videoRef, start, stop } = useHoverPreview(
    video.status === 'ready' ? video.previewUrl : null,
  );
  return (
    <div
      className={video.thumbnailUrl ? 'card-media has-image' : 'card-media'}
      data-shape={shapeOf(video) ?? undefined}
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
