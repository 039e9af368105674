import { act, fireEvent, render } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeVideo } from '../../../test/memory-api';
import { CardMedia } from './CardMedia';
import { HOVER_DELAY_MS } from './hoverPreview';

function setReducedMotion(reduce: boolean) {
  window.matchMedia = (query: string) =>
    ({
      matches: reduce && query.includes('reduce'),
      media: query,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
    }) as unknown as MediaQueryList;
}

describe('hover preview', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    setReducedMotion(false);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('starts after the delay, and releases the buffer on leave', () => {
    const load = vi.spyOn(HTMLMediaElement.prototype, 'load');
    const { container } = render(<CardMedia video={makeVideo(1)} sizes="300px" />);
    const media = container.querySelector('.card-media');
    if (!media) throw new Error('no media');
    fireEvent.pointerEnter(media);
    act(() => vi.advanceTimersByTime(HOVER_DELAY_MS - 10));
    expect(container.querySelector('video')).toBeNull();
    act(() => vi.advanceTimersByTime(20));
    const video = container.querySelector('video');
    expect(video).toHaveAttribute('src', '/media/1/preview.mp4');
    expect(video).toHaveProperty('muted', true);
    expect(video).toHaveAttribute('loop');
    fireEvent.pointerLeave(media);
    expect(video?.hasAttribute('src')).toBe(false);
    expect(load).toHaveBeenCalled();
    expect(container.querySelector('video')).toBeNull();
  });

  it('does not start when the pointer leaves before the delay', () => {
    const { container } = render(<CardMedia video={makeVideo(1)} sizes="300px" />);
    const media = container.querySelector('.card-media');
    if (!media) throw new Error('no media');
    fireEvent.pointerEnter(media);
    fireEvent.pointerLeave(media);
    act(() => vi.advanceTimersByTime(HOVER_DELAY_MS * 2));
    expect(container.querySelector('video')).toBeNull();
  });

  it('plays one preview at a time', () => {
    const { container } = render(
      <>
        <CardMedia video={makeVideo(1)} sizes="300px" />
        <CardMedia video={makeVideo(6)} sizes="300px" />
      </>,
    );
    const [a, b] = container.querySelectorAll('.card-media');
    fireEvent.pointerEnter(a);
    act(() => vi.advanceTimersByTime(HOVER_DELAY_MS));
    fireEvent.pointerEnter(b);
    act(() => vi.advanceTimersByTime(HOVER_DELAY_MS));
    const videos = container.querySelectorAll('video');
    expect(videos).toHaveLength(1);
    expect(videos[0]).toHaveAttribute('src', '/media/6/preview.mp4');
  });

  it('never plays when the OS asks for reduced motion', () => {
    setReducedMotion(true);
    const { container } = render(<CardMedia video={makeVideo(1)} sizes="300px" />);
    const media = container.querySelector('.card-media');
    if (!media) throw new Error('no media');
    fireEvent.pointerEnter(media);
    act(() => vi.advanceTimersByTime(HOVER_DELAY_MS * 4));
    expect(container.querySelector('video')).toBeNull();
  });
});
