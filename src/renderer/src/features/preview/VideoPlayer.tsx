import { useEffect, useRef, type KeyboardEvent } from 'react';
import videojs from 'video.js';
import 'video.js/dist/video-js.css';

interface VideoPlayerProps {
  src: string;
  poster: string | null;
  label: string;
}

/**
 * video.js inside React: the <video-js> element is created inside the effect and the player disposed in
 * the cleanup, so StrictMode's mount → unmount → mount leaves exactly one live player.
 */
export function VideoPlayer({ src, poster, label }: VideoPlayerProps) {
  const host = useRef<HTMLDivElement | null>(null);
  const player = useRef<ReturnType<typeof videojs> | null>(null);

  useEffect(() => {
    const container = host.current;
    if (!container) return;
    const element = document.createElement('video-js');
    element.classList.add('vjs-big-play-centered');
    element.setAttribute('aria-label', label);
    container.appendChild(element);
    const instance = videojs(element, {
      controls: true,
      autoplay: true,
      muted: false,
      loop: true,
      fill: true,
      preload: 'auto',
      // Keys are handled by onKeyDown below so arrows can seek too.
      userActions: { hotkeys: false },
      controlBar: { pictureInPictureToggle: false },
    });
    player.current = instance;
    return () => {
      instance.dispose();
      player.current = null;
    };
  }, [label]);

  useEffect(() => {
    const instance = player.current;
    if (!instance) return;
    instance.poster(poster ?? '');
    instance.src({ src, type: 'video/mp4' });
  }, [src, poster, label]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const p = player.current;
    if (!p) return;
    const key = e.key.toLowerCase();
    if (key === ' ' || key === 'k') {
      if (e.target instanceof HTMLButtonElement && key === ' ') return;
      if (p.paused()) void p.play();
      else p.pause();
    } else if (key === 'arrowleft' || key === 'arrowright') {
      p.currentTime(Math.max(0, (p.currentTime() ?? 0) + (key === 'arrowleft' ? -5 : 5)));
    } else if (key === 'm') {
      p.muted(!p.muted());
    } else if (key === 'f') {
      if (p.isFullscreen()) void p.exitFullscreen();
      else void p.requestFullscreen();
    } else return;
    e.preventDefault();
  };

  // The wrapper only listens for keys bubbling from the player's own focusable controls.
  return <div ref={host} className="player" data-testid="preview-player" onKeyDown={onKeyDown} />;
}
