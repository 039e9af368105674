import { useLayoutEffect, useRef, type RefObject } from 'react';

/** One page-wide key: `mod` is Ctrl, or Cmd on macOS. */
export interface Shortcut {
  key: string;
  mod?: boolean;
  /** The action applies now (else the key keeps its default meaning). */
  when?: () => boolean;
  run: () => void;
}

export function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

/** The key belongs to the page: no dialog open, not typing, not inside a region with its own keys. */
export function isPageKeyTarget(
  target: EventTarget | null,
  ownKeys: readonly RefObject<HTMLElement | null>[],
): boolean {
  if (isTyping(target)) return false;
  return !ownKeys.some((r) => target instanceof Node && r.current?.contains(target) === true);
}

/**
 * Page shortcuts, declared by the page beside the actions they run. `ownKeys` are regions (the downloads
 * panel) whose keys keep their own meaning. Ignored while `paused` (a dialog is open).
 */
export function usePageShortcuts(
  shortcuts: readonly Shortcut[],
  paused: boolean,
  ownKeys: readonly RefObject<HTMLElement | null>[],
): void {
  const latest = useRef({ shortcuts, paused, ownKeys });
  // A layout effect, so the listener sees a selection as soon as the page shows it: a select-all lands
  // asynchronously, and with a passive effect an Escape pressed right after it met the old, empty one.
  useLayoutEffect(() => {
    latest.current = { shortcuts, paused, ownKeys };
  });
  useLayoutEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const { shortcuts: list, paused: off, ownKeys: regions } = latest.current;
      if (off || !isPageKeyTarget(e.target, regions)) return;
      const mod = e.ctrlKey || e.metaKey;
      const hit = list.find(
        (s) =>
          s.key.toLowerCase() === e.key.toLowerCase() && (s.mod ?? false) === mod && (s.when?.() ?? true),
      );
      if (!hit) return;
      e.preventDefault();
      hit.run();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}
