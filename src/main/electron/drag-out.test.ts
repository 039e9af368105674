import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreError } from '../core/errors';
import { createDragOut, type DragContents, type DragIcon } from './drag-out';

// Electron's nativeImage and webContents are faked; the files, the paths and the app icon are real.

const APP_ICON = join(import.meta.dirname, '../../../resources/icon.png');
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

class FakeImage implements DragIcon<FakeImage> {
  constructor(
    readonly source: string,
    readonly size: number | null,
    private readonly png: boolean,
  ) {}
  /** Like nativeImage.createFromPath: an empty image for a missing or non-image file. */
  static fromPath(path: string): FakeImage {
    let png = false;
    try {
      png = readFileSync(path).subarray(0, 8).equals(PNG_SIGNATURE);
    } catch {
      png = false;
    }
    return new FakeImage(path, null, png);
  }
  isEmpty(): boolean {
    return !this.png;
  }
  resize(options: { width: number; height: number }): FakeImage {
    return new FakeImage(this.source, options.width, this.png);
  }
}

let dir = '';
let a = '';
let b = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'aiasmr-drag-'));
  a = join(dir, 'Rain on glass (4K).mp4');
  b = join(dir, 'Soft brushing (HD).mp4');
  writeFileSync(a, 'a');
  writeFileSync(b, 'b');
  mkdirSync(join(dir, 'folder.mp4'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function setup(options: { iconPath?: string; window?: 'open' | 'none' | 'destroyed' } = {}) {
  const drags: { file: string; files?: string[]; icon: FakeImage }[] = [];
  const logs: string[] = [];
  let loads = 0;
  const contents: DragContents<FakeImage> = {
    isDestroyed: () => options.window === 'destroyed',
    startDrag: (item) => void drags.push(item),
  };
  const drag = createDragOut<FakeImage>({
    contents: () => (options.window === 'none' ? null : contents),
    loadImage: (path) => {
      loads += 1;
      return FakeImage.fromPath(path);
    },
    iconPath: options.iconPath ?? APP_ICON,
    log: (m) => logs.push(m),
  });
  return { drag, drags, logs, loads: () => loads };
}

function caught(run: () => void): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return null;
}

describe('drag-out', () => {
  it('drags one file with the app icon, scaled down', () => {
    const { drag, drags } = setup();
    drag([a]);
    expect(drags).toHaveLength(1);
    expect(drags[0]?.file).toBe(a);
    expect(drags[0]?.files).toBeUndefined();
    expect(drags[0]?.icon.isEmpty()).toBe(false);
    expect(drags[0]?.icon.source).toBe(APP_ICON);
    expect(drags[0]?.icon.size).toBe(64);
  });

  it('drags several files at once, each once, and loads the icon only once', () => {
    const { drag, drags, loads } = setup();
    drag([a, b, a]);
    drag([b]);
    expect(drags[0]).toMatchObject({ file: a, files: [a, b] });
    expect(drags[1]).toMatchObject({ file: b });
    expect(loads()).toBe(1);
  });

  it('leaves out relative paths, missing files and folders, and drags the rest', () => {
    const { drag, drags, logs } = setup();
    drag(['relative.mp4', join(dir, 'gone.mp4'), join(dir, 'folder.mp4'), b]);
    expect(drags).toHaveLength(1);
    expect(drags[0]?.file).toBe(b);
    expect(drags[0]?.files).toBeUndefined();
    expect(logs).toHaveLength(3);
  });

  it('refuses with not_found when no file is left, without starting a drag', () => {
    const { drag, drags } = setup();
    for (const files of [[join(dir, 'gone.mp4')], []]) {
      const error = caught(() => drag(files));
      expect(error).toBeInstanceOf(CoreError);
      expect(error).toMatchObject({
        code: 'not_found',
        message: expect.stringMatching(/download them again/),
      });
    }
    expect(drags).toEqual([]);
  });

  it('refuses when there is no window or it is gone', () => {
    for (const window of ['none', 'destroyed'] as const) {
      const { drag, drags } = setup({ window });
      expect(() => drag([a])).toThrow(/no window/);
      expect(drags).toEqual([]);
    }
  });

  it('never drags with an empty icon (macOS refuses it): a clear error and a log line', () => {
    const { drag, drags, logs } = setup({ iconPath: a });
    expect(() => drag([a])).toThrow(/drag image is missing/);
    expect(drags).toEqual([]);
    expect(logs[0]).toContain(a);
  });
});
