import { statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { CoreError } from '../core/errors';

// Drag-out into an editor, Finder or Explorer: the OS drag of the verified files the core picked
// (webContents.startDrag). Electron wants absolute paths of files that exist and a non-empty icon
// (macOS refuses an empty one), so both are checked here, at the edge, right before the drag.

/** The part of Electron's NativeImage the drag needs. */
export interface DragIcon<I> {
  isEmpty(): boolean;
  resize(options: { width: number; height: number }): I;
}

/** The part of Electron's WebContents the drag needs. */
export interface DragContents<I> {
  isDestroyed(): boolean;
  startDrag(item: { file: string; files?: string[]; icon: I }): void;
}

export interface DragOutOptions<I extends DragIcon<I>> {
  /** The main window's web contents, or null while there is no window. */
  contents: () => DragContents<I> | null;
  /** nativeImage.createFromPath (called once, on the first drag). */
  loadImage: (path: string) => I;
  /** A PNG shown under the pointer while dragging (the app icon). */
  iconPath: string;
  log: (message: string) => void;
}

/** The size of the drag image: large enough to recognise, small enough not to hide the drop target. */
const ICON_SIZE = 64;

function existingFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The host hook `startDrag(files)`; throws a CoreError when there is nothing it can drag. */
export function createDragOut<I extends DragIcon<I>>(options: DragOutOptions<I>): (files: string[]) => void {
  let icon: I | null = null;
  const dragIcon = (): I => {
    if (icon) return icon;
    const image = options.loadImage(options.iconPath);
    if (image.isEmpty()) {
      options.log(`The drag icon ${options.iconPath} could not be loaded`);
      throw new CoreError('internal', 'The drag image is missing from the app; use Show in folder.');
    }
    icon = image.resize({ width: ICON_SIZE, height: ICON_SIZE });
    return icon;
  };

  return (files) => {
    const usable = [...new Set(files)].filter((path) => {
      const ok = isAbsolute(path) && existingFile(path);
      if (!ok) options.log(`Not dragging ${path}: not an existing absolute file path`);
      return ok;
    });
    const [first] = usable;
    if (first === undefined) {
      throw new CoreError('not_found', 'The downloaded files are no longer on disk; download them again.');
    }
    const contents = options.contents();
    if (contents === null || contents.isDestroyed()) {
      throw new CoreError('conflict', 'There is no window to drag from.');
    }
    contents.startDrag({ file: first, ...(usable.length > 1 ? { files: usable } : {}), icon: dragIcon() });
  };
}
