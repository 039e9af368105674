import { useCallback, useEffect, useRef, useState } from 'react';

export const HOVER_DELAY_MS = 250;

/** Only one card plays its preview at a time: starting one stops the previous. */
let playing: (() => void) | null = null;

function prefersReducedMotion(): boolean {
  return (
    typeof window.matchMedia === 'function' && window.matchMedia('(prefers-reduced-motion: reduce)').matches
  );
}

/** Releases a video's buffer: pausing is not enough, the source must go and load() must run. */
export function releaseVideo(video: HTMLVideoElement): void {
  video.pause();
  video.removeAttribute('src');
  video.load();
}

export function useHoverPreview(previewUrl: string | null) {
  const [active, setActive] = useState(false);
  const videoRef = useRef<HTMLVideoElement | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const stop = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    if (videoRef.current) releaseVideo(videoRef.current);
    setActive(false);
    if (playing === stop) playing = null;
  }, []);

  const start = useCallback(() => {
    if (!previewUrl || prefersReducedMotion()) return;
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = null;
      if (playing && playing !== stop) playing();
      playing = stop;
      setActive(true);
    }, HOVER_DELAY_MS);
  }, [previewUrl, stop]);

  useEffect(() => stop, [stop]);
  return { active, videoRef, start, stop };
}
