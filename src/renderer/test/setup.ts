import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';
import { closeCoreLibraries } from './core-library';

// jsdom has no layout and no media playback. These stand-ins live at that edge only: the scroller gets
// a fixed viewport so the virtualizer has something to lay out, and media elements accept the calls
// the app makes (the tests spy on them).
const VIEWPORT = { width: 1200, height: 800 };

function viewportSize(el: HTMLElement, axis: 'width' | 'height'): number {
  return el.classList.contains('scroller') ? VIEWPORT[axis] : 0;
}

Object.defineProperty(HTMLElement.prototype, 'clientWidth', {
  configurable: true,
  get(this: HTMLElement) {
    return viewportSize(this, 'width');
  },
});
Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
  configurable: true,
  get(this: HTMLElement) {
    return viewportSize(this, 'height');
  },
});
Object.defineProperty(HTMLElement.prototype, 'offsetWidth', {
  configurable: true,
  get(this: HTMLElement) {
    return viewportSize(this, 'width');
  },
});
Object.defineProperty(HTMLElement.prototype, 'offsetHeight', {
  configurable: true,
  get(this: HTMLElement) {
    return viewportSize(this, 'height');
  },
});

class ResizeObserverStandIn {
  constructor(private readonly callback: ResizeObserverCallback) {}
  observe(target: Element) {
    this.callback(
      [{ target, contentRect: target.getBoundingClientRect() } as unknown as ResizeObserverEntry],
      this as unknown as ResizeObserver,
    );
  }
  unobserve() {}
  disconnect() {}
}
globalThis.ResizeObserver ??= ResizeObserverStandIn;

HTMLMediaElement.prototype.load = function load() {};
HTMLMediaElement.prototype.pause = function pause() {};
HTMLMediaElement.prototype.play = function play() {
  return Promise.resolve();
};
Element.prototype.scrollTo ??= function scrollTo() {};
Element.prototype.scrollIntoView ??= function scrollIntoView() {};

afterEach(() => {
  cleanup();
  closeCoreLibraries();
  document.documentElement.removeAttribute('data-theme');
});

// video.js feature-detects with CSS.supports, which jsdom lacks.
if (typeof globalThis.CSS === 'undefined') Object.assign(globalThis, { CSS: { supports: () => false } });
else if (typeof CSS.supports !== 'function') Object.assign(CSS, { supports: () => false });
