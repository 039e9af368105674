import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadWindowState, placeWindow, saveWindowState } from './window-state';

const dirs: string[] = [];
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'aiasmr-winstate-'));
  dirs.push(dir);
  return join(dir, 'sub', 'window-state.json');
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const primary = { x: 0, y: 0, width: 1920, height: 1040 };
const secondary = { x: 1920, y: 0, width: 1280, height: 1000 };

describe('window state file', () => {
  it('round-trips size, position and maximized', () => {
    const file = tempFile();
    const state = { bounds: { x: 10, y: 20, width: 1000, height: 700 }, maximized: true };
    saveWindowState(file, state);
    expect(loadWindowState(file)).toEqual({ state, problem: null });
  });

  it('treats a missing file as no state, without a problem', () => {
    expect(loadWindowState(tempFile())).toEqual({ state: null, problem: null });
  });

  it('reports and ignores damaged or invalid files', () => {
    const file = tempFile();
    saveWindowState(file, { bounds: { x: 0, y: 0, width: 900, height: 600 }, maximized: false });
    writeFileSync(file, '{"bounds":');
    expect(loadWindowState(file)).toMatchObject({
      state: null,
      problem: expect.stringContaining('not JSON'),
    });
    writeFileSync(file, JSON.stringify({ bounds: { x: 0, y: 0, width: -5, height: 600 }, maximized: false }));
    expect(loadWindowState(file)).toMatchObject({ state: null, problem: expect.stringContaining('invalid') });
  });

  it('refuses to save invalid bounds and leaves the old file intact', () => {
    const file = tempFile();
    const good = { bounds: { x: 0, y: 0, width: 900, height: 600 }, maximized: false };
    saveWindowState(file, good);
    expect(() =>
      saveWindowState(file, { bounds: { x: 0, y: 0, width: 0, height: 600 }, maximized: false }),
    ).toThrow();
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(good);
  });
});

describe('placing the window', () => {
  it('centres a default-sized window on the primary display the first time', () => {
    expect(placeWindow(null, [primary, secondary])).toEqual({
      bounds: { x: 320, y: 110, width: 1280, height: 820 },
      maximized: false,
    });
  });

  it('keeps saved bounds that are fully visible', () => {
    const saved = { bounds: { x: 2000, y: 50, width: 1000, height: 800 }, maximized: true };
    expect(placeWindow(saved, [primary, secondary])).toEqual(saved);
  });

  it('moves a window that hangs off the edge back inside its display', () => {
    const saved = { bounds: { x: 1700, y: -30, width: 1000, height: 800 }, maximized: false };
    // 220 px of it are on the primary display and 780 px on the secondary: it belongs to the secondary.
    const placed = placeWindow(saved, [primary, secondary]);
    expect(placed.bounds).toEqual({ x: 1920, y: 0, width: 1000, height: 800 });
  });

  it('brings back a window whose display was unplugged, centred on the primary one', () => {
    const saved = { bounds: { x: 2500, y: 100, width: 1200, height: 900 }, maximized: false };
    expect(placeWindow(saved, [primary]).bounds).toEqual({ x: 360, y: 70, width: 1200, height: 900 });
  });

  it('shrinks a window larger than the display it is on', () => {
    const saved = { bounds: { x: 0, y: 0, width: 4000, height: 3000 }, maximized: false };
    expect(placeWindow(saved, [primary]).bounds).toEqual(primary);
  });
});
