import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { INVOKE_CHANNELS } from '../../shared/ipc/contract';

// The main process as composed in src/main/index.ts, started against a faked `electron` (and the two
// modules that load Electron themselves), with the real core behind it: proves the wiring (privileged
// scheme before ready, session hardening, IPC through the sender check to the core, media protocol,
// menu, window) rather than each adapter alone.

type Handler = (event: unknown, payload: unknown) => Promise<unknown>;

const fake = vi.hoisted(() => {
  const state = {
    root: '',
    ready: false,
    schemesRegisteredBeforeReady: null as boolean | null,
    ipc: new Map<string, Handler>(),
    protocols: new Map<string, (request: Request) => Promise<Response>>(),
    appEvents: new Map<string, ((...args: unknown[]) => void)[]>(),
    windows: [] as { options: Record<string, unknown>; loaded: string[]; sent: [string, unknown][] }[],
    menu: null as unknown,
    csp: null as ((details: unknown, callback: (r: unknown) => void) => void) | null,
    permissionHandlerSet: false,
  };
  const on = (event: string, listener: (...args: unknown[]) => void) => {
    state.appEvents.set(event, [...(state.appEvents.get(event) ?? []), listener]);
  };
  class FakeBrowserWindow {
    static all: FakeBrowserWindow[] = [];
    record: { options: Record<string, unknown>; loaded: string[]; sent: [string, unknown][] };
    webContents: Record<string, unknown>;
    constructor(options: Record<string, unknown>) {
      this.record = { options, loaded: [], sent: [] };
      state.windows.push(this.record);
      const record = this.record;
      this.webContents = {
        id: 1,
        on: () => undefined,
        setWindowOpenHandler: () => undefined,
        isDestroyed: () => false,
        send: (channel: string, payload: unknown) => void record.sent.push([channel, payload]),
      };
    }
    loadURL(url: string) {
      this.record.loaded.push(url);
      return Promise.resolve();
    }
    on() {}
    show() {}
    focus() {}
    restore() {}
    maximize() {}
    isMinimized() {
      return false;
    }
    isMaximized() {
      return false;
    }
    isDestroyed() {
      return false;
    }
    getNormalBounds() {
      return { x: 0, y: 0, width: 1280, height: 820 };
    }
  }
  const electron = {
    app: {
      isPackaged: false,
      getPath: (name: string) => `${state.root}/${name}`,
      setPath: () => undefined,
      setAppLogsPath: () => undefined,
      getVersion: () => '0.1.0',
      getAppPath: () => state.root,
      requestSingleInstanceLock: () => true,
      setAsDefaultProtocolClient: () => true,
      quit: () => undefined,
      on,
      whenReady: () => {
        state.ready = true;
        return Promise.resolve();
      },
      setAboutPanelOptions: () => undefined,
      setAppUserModelId: () => undefined,
    },
    protocol: {
      registerSchemesAsPrivileged: () => void (state.schemesRegisteredBeforeReady = !state.ready),
      handle: (scheme: string, handler: (request: Request) => Promise<Response>) =>
        void state.protocols.set(scheme, handler),
    },
    session: {
      defaultSession: {
        webRequest: {
          onHeadersReceived: (l: (details: unknown, callback: (r: unknown) => void) => void) =>
            void (state.csp = l),
        },
        setPermissionRequestHandler: () => void (state.permissionHandlerSet = true),
        setPermissionCheckHandler: () => undefined,
      },
    },
    safeStorage: {
      isEncryptionAvailable: () => true,
      getSelectedStorageBackend: () => 'gnome_libsecret',
      encryptString: (s: string) => Buffer.from(s, 'utf8').reverse(),
      decryptString: (b: Buffer) => Buffer.from(b).reverse().toString('utf8'),
    },
    ipcMain: {
      handle: (channel: string, handler: Handler) => void state.ipc.set(channel, handler),
      removeHandler: (channel: string) => void state.ipc.delete(channel),
    },
    BrowserWindow: FakeBrowserWindow,
    screen: {
      getPrimaryDisplay: () => ({ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1080 } }),
      getAllDisplays: () => [{ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
    },
    Menu: {
      buildFromTemplate: (template: unknown) => template,
      setApplicationMenu: (menu: unknown) => void (state.menu = menu),
    },
    dialog: { showMessageBox: async () => ({ response: 1 }), showErrorBox: () => undefined },
    shell: {
      openExternal: async () => undefined,
      openPath: async () => '',
      showItemInFolder: () => undefined,
    },
    Notification: class {
      static isSupported() {
        return false;
      }
      show() {}
    },
  };
  return { state, electron };
});

vi.mock('electron', () => ({ ...fake.electron, default: fake.electron }));
// electron-store reads Electron's userData itself; conf is the same store with the folder given.
vi.mock('electron-store', () => ({
  default: class extends Conf<Record<string, unknown>> {
    constructor(options: { name: string }) {
      super({ cwd: join(fake.state.root, 'userData'), configName: options.name, projectName: 'aiasmr-test' });
    }
  },
}));
vi.mock('electron-updater', () => ({
  default: {
    autoUpdater: {
      autoDownload: false,
      autoInstallOnAppQuit: false,
      on: () => undefined,
      checkForUpdates: async () => null,
      quitAndInstall: () => undefined,
    },
  },
}));

let appSender: unknown;

beforeAll(async () => {
  fake.state.root = mkdtempSync(join(tmpdir(), 'aiasmr-main-'));
  vi.stubEnv('AIASMR_SERVER_URL', 'http://127.0.0.1:9');
  await import('../index');
  await vi.waitFor(() => expect(fake.state.windows).toHaveLength(1), { timeout: 20_000 });
  const loaded = fake.state.windows[0]?.loaded[0] ?? '';
  appSender = { sender: { id: 1 }, senderFrame: { url: loaded, parent: null } };
}, 60_000);

afterAll(async () => {
  for (const listener of fake.state.appEvents.get('before-quit') ?? []) listener();
  vi.unstubAllEnvs();
  await new Promise((resolve) => setTimeout(resolve, 50));
  rmSync(fake.state.root, { recursive: true, force: true });
});

async function call(channel: string, event: unknown, payload: unknown = {}) {
  const handler = fake.state.ipc.get(channel);
  if (handler === undefined) throw new Error(`no handler for ${channel}`);
  return handler(event, payload);
}

describe('main process composition', () => {
  it('registers the media scheme as privileged before the app is ready, then handles it', () => {
    expect(fake.state.schemesRegisteredBeforeReady).toBe(true);
    expect([...fake.state.protocols.keys()]).toEqual(['aiasmr-media']);
  });

  it('hardens the session (CSP header, permission handler)', () => {
    expect(fake.state.permissionHandlerSet).toBe(true);
    let headers: unknown;
    fake.state.csp?.({ url: 'http://x/', responseHeaders: {} }, (r) => void (headers = r));
    expect(JSON.stringify(headers)).toContain("default-src 'none'");
  });

  it('opens one secure window on the built page with the sandboxed preload', () => {
    const win = fake.state.windows[0];
    expect(win?.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    });
    expect(String((win?.options.webPreferences as { preload: string }).preload)).toMatch(
      /preload[/\\]index\.cjs$/,
    );
    expect(win?.loaded[0]).toMatch(/^file:\/\/.*\/renderer\/index\.html$/);
  });

  it('registers every contract channel and answers the app page through the core', async () => {
    expect([...fake.state.ipc.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort());
    await expect(call('app:info', appSender)).resolves.toEqual({
      ok: true,
      value: { name: 'AIASMR Video', version: '0.1.0', host: 'electron', platform: process.platform },
    });
    await expect(call('settings:get', appSender)).resolves.toMatchObject({
      ok: true,
      value: { serverUrl: 'http://127.0.0.1:9' },
    });
    await expect(call('session:get', appSender)).resolves.toMatchObject({
      ok: true,
      value: { status: 'signed_out' },
    });
    await expect(call('library:count', appSender, { query: 'nope' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
  });

  it('refuses callers other than the app page', async () => {
    const stranger = { sender: { id: 1 }, senderFrame: { url: 'https://evil.example/', parent: null } };
    await expect(call('app:info', stranger)).resolves.toMatchObject({
      ok: false,
      error: { code: 'forbidden_sender' },
    });
  });

  it('serves no media while signed out, by id only', async () => {
    const handler = fake.state.protocols.get('aiasmr-media');
    expect((await handler?.(new Request('aiasmr-media://video/1/thumbnail')))?.status).toBe(404);
    expect((await handler?.(new Request('aiasmr-media://video/..%2F..%2Fetc/thumbnail')))?.status).toBe(404);
  });

  it('sets the application menu with Search, Refresh and Settings', () => {
    const labels = JSON.stringify(fake.state.menu);
    for (const label of ['Search Videos', 'Refresh', 'Settings', 'Open Logs Folder'])
      expect(labels).toContain(label);
  });
});
