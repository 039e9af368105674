import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

// The main window's size, position and maximized state, kept in a small JSON file in userData and
// brought back on-screen when the display it was on is gone or has shrunk.

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

const RectSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
});
const WindowStateSchema = z.object({ bounds: RectSchema, maximized: z.boolean() });
export type WindowState = z.infer<typeof WindowStateSchema>;

export const MIN_WINDOW = { width: 800, height: 560 } as const;
const DEFAULT_SIZE = { width: 1280, height: 820 } as const;

export type LoadResult = { state: WindowState | null; problem: string | null };

/** Reads the saved state; a missing file is normal, a damaged one is reported and ignored. */
export function loadWindowState(file: string): LoadResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT')
      return { state: null, problem: null };
    return { state: null, problem: `Could not read the window state ${file}: ${String(error)}` };
  }
  try {
    const parsed = WindowStateSchema.safeParse(JSON.parse(text));
    if (parsed.success) return { state: parsed.data, problem: null };
    return {
      state: null,
      problem: `Ignored an invalid window state in ${file}: ${parsed.error.issues[0]?.message}`,
    };
  } catch {
    return { state: null, problem: `Ignored a window state file that is not JSON: ${file}` };
  }
}

/** Writes atomically (temp file + rename) so a crash never leaves half a file. */
export function saveWindowState(file: string, state: WindowState): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(WindowStateSchema.parse(state)));
  renameSync(temp, file);
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

function centered(area: Rect, width: number, height: number): Rect {
  return {
    x: Math.round(area.x + (area.width - width) / 2),
    y: Math.round(area.y + (area.height - height) / 2),
    width,
    height,
  };
}

/**
 * Places the saved bounds on the display they overlap most, shrunk to fit its work area and moved
 * fully inside it; with no saved state (or no overlap at all) the window is centred on the primary one.
 */
export function placeWindow(saved: WindowState | null, workAreas: readonly Rect[]): WindowState {
  const primary = workAreas[0] ?? { x: 0, y: 0, width: DEFAULT_SIZE.width, height: DEFAULT_SIZE.height };
  const fallbackSize = (area: Rect) => ({
    width: Math.min(DEFAULT_SIZE.width, area.width),
    height: Math.min(DEFAULT_SIZE.height, area.height),
  });
  if (saved === null) {
    const size = fallbackSize(primary);
    return { bounds: centered(primary, size.width, size.height), maximized: false };
  }
  let best: Rect | null = null;
  let bestOverlap = 0;
  for (const area of workAreas) {
    const o = overlap(saved.bounds, area);
    if (o > bestOverlap) {
      best = area;
      bestOverlap = o;
    }
  }
  if (best === null) {
    const width = Math.min(saved.bounds.width, primary.width);
    const height = Math.min(saved.bounds.height, primary.height);
    return { bounds: centered(primary, width, height), maximized: saved.maximized };
  }
  const width = Math.max(Math.min(saved.bounds.width, best.width), Math.min(MIN_WINDOW.width, best.width));
  const height = Math.max(
    Math.min(saved.bounds.height, best.height),
    Math.min(MIN_WINDOW.height, best.height),
  );
  const x = Math.min(Math.max(saved.bounds.x, best.x), best.x + best.width - width);
  const y = Math.min(Math.max(saved.bounds.y, best.y), best.y + best.height - height);
  return { bounds: { x, y, width, height }, maximized: saved.maximized };
}
