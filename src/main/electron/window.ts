import type { AppUrlMatcher } from './app-url';
import { SECURE_WEB_PREFERENCES, hardenWebContents, type WebContentsLike } from './security';
import { MIN_WINDOW, placeWindow, type Rect, type WindowState } from './window-state';

// Creates the one main window: secure webPreferences, the sandboxed preload, navigation guards, and the
// remembered size/position/maximized state (restored on-screen, saved when the window closes).

export interface BrowserWindowOptionsLike {
  x: number;
  y: number;
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  show: boolean;
  title: string;
  icon?: string;
  backgroundColor: string;
  webPreferences: typeof SECURE_WEB_PREFERENCES & { preload: string };
}

export interface MainWindowLike {
  webContents: WebContentsLike;
  loadURL(url: string): Promise<void>;
  on(event: 'ready-to-show' | 'close' | 'closed', listener: () => void): void;
  show(): void;
  focus(): void;
  restore(): void;
  maximize(): void;
  isMinimized(): boolean;
  isMaximized(): boolean;
  isDestroyed(): boolean;
  getNormalBounds(): Rect;
}

export interface WindowDeps<W extends MainWindowLike> {
  createBrowserWindow(options: BrowserWindowOptionsLike): W;
  workAreas(): Rect[];
}

export interface MainWindowOptions {
  title: string;
  preloadPath: string;
  icon?: string;
  /** Whether the app shows dark (the theme setting, or the system's while it is "system"). */
  dark: boolean;
  app: AppUrlMatcher;
  savedState: WindowState | null;
  saveState(state: WindowState): void;
  openExternal(url: string): void;
  log(message: string): void;
}

/** The page's own background (--bg in src/renderer/src/app/theme.css), shown until it has painted. */
export const WINDOW_BACKGROUND = { light: '#f5f6fa', dark: '#0f1117' } as const;

export function createMainWindow<W extends MainWindowLike>(
  deps: WindowDeps<W>,
  options: MainWindowOptions,
): W {
  const placed = placeWindow(options.savedState, deps.workAreas());
  const win = deps.createBrowserWindow({
    ...placed.bounds,
    minWidth: MIN_WINDOW.width,
    minHeight: MIN_WINDOW.height,
    show: false,
    title: options.title,
    ...(options.icon === undefined ? {} : { icon: options.icon }),
    backgroundColor: options.dark ? WINDOW_BACKGROUND.dark : WINDOW_BACKGROUND.light,
    webPreferences: { ...SECURE_WEB_PREFERENCES, preload: options.preloadPath },
  });
  hardenWebContents(win.webContents, {
    isAppUrl: options.app.isAppUrl,
    openExternal: options.openExternal,
    log: options.log,
  });
  if (placed.maximized) win.maximize();
  win.on('ready-to-show', () => win.show());
  win.on('close', () => {
    try {
      options.saveState({ bounds: win.getNormalBounds(), maximized: win.isMaximized() });
    } catch (error) {
      options.log(`Could not save the window state: ${String(error)}`);
    }
  });
  win.loadURL(options.app.entryUrl).catch((error: unknown) => {
    options.log(`The window could not load ${options.app.entryUrl}: ${String(error)}`);
  });
  return win;
}

/** Brings the window to the front (second launch, deep link, notification click). */
export function focusWindow(win: MainWindowLike | null): void {
  if (win === null || win.isDestroyed()) return;
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}
