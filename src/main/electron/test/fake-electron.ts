import Conf from 'conf';
import { join } from 'node:path';

// A faked `electron` module (plus electron-store and electron-updater, which load Electron themselves)
// for the main-process composition tests: it records what src/main/index.ts registers so the tests
// can drive the IPC handlers, the media protocol and the window like Electron would.

type Handler = (event: unknown, payload: unknown) => Promise<unknown>;

export interface WindowRecord {
  options: Record<string, unknown>;
  loaded: string[];
  sent: [string, unknown][];
  /** Listeners the app put on the window's webContents, by event name. */
  contents: Map<string, ((...args: unknown[]) => void)[]>;
  /** setProgressBar calls (taskbar / dock progress), in order. */
  progress: [number, unknown][];
}
export interface FakeElectronState {
  root: string;
  ready: boolean;
  schemesRegisteredBeforeReady: boolean | null;
  ipc: Map<string, Handler>;
  protocols: Map<string, (request: Request) => Promise<Response>>;
  appEvents: Map<string, ((...args: unknown[]) => void)[]>;
  windows: WindowRecord[];
  menu: unknown;
  csp: ((details: unknown, callback: (r: unknown) => void) => void) | null;
  permissionHandlerSet: boolean;
  /** What the native folder picker answers next, and the options it was shown with. */
  openDialogAnswer: { canceled: boolean; filePaths: string[] };
  openDialogCalls: { parent: unknown; options: unknown }[];
  /** System notifications shown, in order. */
  notifications: unknown[];
  /** nativeTheme.themeSource as the app last set it. */
  themeSource: string | null;
}

const state: FakeElectronState = {
  root: '',
  ready: false,
  schemesRegisteredBeforeReady: null,
  ipc: new Map(),
  protocols: new Map(),
  appEvents: new Map(),
  windows: [],
  menu: null,
  csp: null,
  permissionHandlerSet: false,
  openDialogAnswer: { canceled: true, filePaths: [] },
  openDialogCalls: [],
  notifications: [],
  themeSource: null,
};
const on = (event: string, listener: (...args: unknown[]) => void) => {
  state.appEvents.set(event, [...(state.appEvents.get(event) ?? []), listener]);
};
class FakeBrowserWindow {
  record: WindowRecord;
  webContents: Record<string, unknown>;
  constructor(options: Record<string, unknown>) {
    this.record = { options, loaded: [], sent: [], contents: new Map(), progress: [] };
    state.windows.push(this.record);
    const record = this.record;
    this.webContents = {
      id: 1,
      on: (event: string, listener: (...args: unknown[]) => void) =>
        void record.contents.set(event, [...(record.contents.get(event) ?? []), listener]),
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
  setProgressBar(progress: number, options?: unknown) {
    this.record.progress.push([progress, options]);
  }
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
  dialog: {
    showMessageBox: async () => ({ response: 1 }),
    showErrorBox: () => undefined,
    showOpenDialog: async (parent: unknown, options: unknown) => {
      state.openDialogCalls.push({ parent, options });
      return state.openDialogAnswer;
    },
  },
  shell: {
    openExternal: async () => undefined,
    openPath: async () => '',
    showItemInFolder: () => undefined,
  },
  Notification: class {
    constructor(readonly options: unknown) {}
    static isSupported() {
      return true;
    }
    show() {
      state.notifications.push(this.options);
    }
  },
  nativeTheme: {
    get themeSource() {
      return state.themeSource ?? 'system';
    },
    set themeSource(source: string) {
      state.themeSource = source;
    },
    get shouldUseDarkColors() {
      return state.themeSource === 'dark';
    },
  },
};

export const fake = { state, electron };

/** electron-store reads Electron's userData itself; conf is the same store with the folder given. */
export class FakeElectronStore extends Conf<Record<string, unknown>> {
  constructor(options: { name: string }) {
    super({ cwd: join(state.root, 'userData'), configName: options.name, projectName: 'aiasmr-test' });
  }
}

export const fakeAutoUpdater = {
  autoDownload: false,
  autoInstallOnAppQuit: false,
  on: () => undefined,
  checkForUpdates: async () => null,
  quitAndInstall: () => undefined,
};
