import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAppUrlMatcher } from './app-url';
import type { NavigationEventLike } from './security';
import {
  WINDOW_BACKGROUND,
  createMainWindow,
  focusWindow,
  type BrowserWindowOptionsLike,
  type MainWindowLike,
} from './window';
import type { WindowState } from './window-state';

class FakeWindow implements MainWindowLike {
  readonly events = new Map<string, () => void>();
  readonly contentsEvents = new Map<string, (event: NavigationEventLike, url: string) => void>();
  openHandler: ((details: { url: string }) => { action: 'deny' }) | null = null;
  loaded: string[] = [];
  calls: string[] = [];
  maximized = false;
  minimized = true;
  bounds = { x: 1, y: 2, width: 900, height: 700 };
  loadError: Error | null = null;
  webContents = {
    on: (event: string, listener: (event: NavigationEventLike, url: string) => void) =>
      void this.contentsEvents.set(event, listener),
    setWindowOpenHandler: (handler: (details: { url: string }) => { action: 'deny' }) =>
      void (this.openHandler = handler),
  };
  constructor(readonly options: BrowserWindowOptionsLike) {}
  loadURL(url: string) {
    this.loaded.push(url);
    return this.loadError === null ? Promise.resolve() : Promise.reject(this.loadError);
  }
  on(event: string, listener: () => void) {
    this.events.set(event, listener);
  }
  show() {
    this.calls.push('show');
  }
  focus() {
    this.calls.push('focus');
  }
  restore() {
    this.calls.push('restore');
    this.minimized = false;
  }
  maximize() {
    this.maximized = true;
  }
  isMinimized() {
    return this.minimized;
  }
  isMaximized() {
    return this.maximized;
  }
  isDestroyed() {
    return false;
  }
  getNormalBounds() {
    return this.bounds;
  }
}

const app = createAppUrlMatcher({ indexHtmlPath: '/app/out/renderer/index.html' });

function make(savedState: WindowState | null, loadError: Error | null = null, dark = false) {
  const saved: WindowState[] = [];
  const logs: string[] = [];
  const external: string[] = [];
  let created: FakeWindow | null = null;
  const win = createMainWindow(
    {
      createBrowserWindow: (options) => {
        created = new FakeWindow(options);
        created.loadError = loadError;
        return created;
      },
      workAreas: () => [{ x: 0, y: 0, width: 1920, height: 1080 }],
    },
    {
      title: 'AIASMR Video',
      preloadPath: '/app/out/preload/index.cjs',
      dark,
      app,
      savedState,
      saveState: (s) => saved.push(s),
      openExternal: (url) => external.push(url),
      log: (m) => logs.push(m),
    },
  );
  expect(win).toBe(created);
  return { win, saved, logs, external };
}

describe('main window', () => {
  it('starts with the background of the page in the theme it will show', () => {
    const css = readFileSync(join(import.meta.dirname, '../../renderer/src/app/theme.css'), 'utf8');
    const bg = (block: RegExp) => block.exec(css)?.[1]?.match(/--bg:\s*(#[0-9a-f]+)/i)?.[1];
    expect(bg(/:root \{([^}]*)\}/)).toBe(WINDOW_BACKGROUND.light);
    expect(bg(/:root\[data-theme='dark'\] \{([^}]*)\}/)).toBe(WINDOW_BACKGROUND.dark);
    expect(make(null).win.options.backgroundColor).toBe(WINDOW_BACKGROUND.light);
    expect(make(null, null, true).win.options.backgroundColor).toBe(WINDOW_BACKGROUND.dark);
  });

  it('is created hidden with the secure preferences, the sandboxed preload and the app URL', () => {
    const { win } = make(null);
    expect(win.options.show).toBe(false);
    expect(win.options.webPreferences).toMatchObject({
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
      webSecurity: true,
      preload: '/app/out/preload/index.cjs',
    });
    expect(win.loaded).toEqual([app.entryUrl]);
    win.events.get('ready-to-show')?.();
    expect(win.calls).toContain('show');
  });

  it('installs the navigation guards on its contents', () => {
    const { win, external } = make(null);
    let prevented = false;
    win.contentsEvents.get('will-navigate')?.(
      { preventDefault: () => void (prevented = true) },
      'https://x.example/',
    );
    expect(prevented).toBe(true);
    expect(win.openHandler?.({ url: 'https://aiasmr.so/faq' })).toEqual({ action: 'deny' });
    expect(external).toEqual(['https://x.example/', 'https://aiasmr.so/faq']);
  });

  it('restores the saved bounds and maximized state, and saves them on close', () => {
    const { win, saved } = make({ bounds: { x: 100, y: 100, width: 1000, height: 700 }, maximized: true });
    expect(win.options).toMatchObject({ x: 100, y: 100, width: 1000, height: 700 });
    expect(win.maximized).toBe(true);
    win.bounds = { x: 50, y: 60, width: 1111, height: 777 };
    win.events.get('close')?.();
    expect(saved).toEqual([{ bounds: { x: 50, y: 60, width: 1111, height: 777 }, maximized: true }]);
  });

  it('logs a page that fails to load instead of crashing', async () => {
    const { logs } = make(null, new Error('ERR_FILE_NOT_FOUND'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(logs.join('\n')).toContain('ERR_FILE_NOT_FOUND');
  });

  it('focusWindow restores a minimized window and brings it to the front', () => {
    const { win } = make(null);
    focusWindow(win);
    expect(win.calls).toEqual(['restore', 'show', 'focus']);
    expect(() => focusWindow(null)).not.toThrow();
  });
});
