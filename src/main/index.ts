import { join } from 'node:path';
import {
  BrowserWindow,
  Menu,
  Notification,
  app,
  dialog,
  ipcMain,
  nativeImage,
  nativeTheme,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
  type NativeImage,
} from 'electron';
import ElectronStore from 'electron-store';
import electronUpdater from 'electron-updater';
import { EVENT_CHANNELS, INVOKE_CHANNELS, type AppCommand } from '../shared/ipc/contract';
import { EXTERNAL_LINKS } from '../shared/links';
import { defaultSettings, dispatch, type HostCore } from './core';
import { CoreWorker } from './core/worker/client';
import { aboutPanelOptions } from './electron/about';
import { createAppUrlMatcher } from './electron/app-url';
import { coreLoggerFor } from './electron/core-logger';
import { ELECTRON_HOOKS, electronHostServices } from './electron/core-services';
import { createDownloadHostHooks } from './electron/download-hooks';
import { createDragOut } from './electron/drag-out';
import type { DeepLink } from './electron/deep-link';
import { openExternalSafely } from './electron/external-links';
import { pickFolder } from './electron/folder-picker';
import { forwardEvents, registerIpcHandlers } from './electron/ipc';
import { createLogger } from './electron/log-file';
import { handleMediaProtocol, registerMediaScheme } from './electron/media-protocol';
import { MEDIA_SCHEME } from './electron/media-scheme';
import { buildMenuTemplate } from './electron/menu';
import { createNativeThemeSync } from './electron/native-theme';
import { SafeStorageSecretsStore } from './electron/secrets-store';
import { defaultServerUrl } from './electron/server-url';
import { contentSecurityPolicy, hardenSession } from './electron/security';
import { ElectronSettingsStore } from './electron/settings-store';
import { sqliteBindingFromEnv } from './electron/sqlite-binding';
import { claimSingleInstance } from './electron/single-instance';
import { createTaskbarProgress } from './electron/taskbar-progress';
import { createAppUpdater } from './electron/updater';
import { createMainWindow, focusWindow } from './electron/window';
import { loadWindowState, saveWindowState } from './electron/window-state';

// The Electron host: wires the plain-Node core to the window, the IPC, the media protocol, the menu
// and the updater. Every piece of behaviour lives in src/main/electron/* (unit-tested with a faked
// electron) or in the core; this file only composes them.

const APP_NAME = 'AIASMR Video';
const development = !app.isPackaged;
const devServerUrl = development ? process.env.ELECTRON_RENDERER_URL : undefined;
/** The API server when the settings name none: the embedded reference server under `npm start`. */
const serverUrlDefault = defaultServerUrl(process.env, development);

// Tests (the Playwright smoke test) run the app against a throw-away profile.
const testUserData = development ? process.env.AIASMR_USER_DATA : undefined;
if (testUserData !== undefined) {
  app.setPath('userData', testUserData);
  app.setAppLogsPath(join(testUserData, 'logs'));
}

const log = createLogger({ dir: app.getPath('logs') });
const coreLog = coreLoggerFor(log);
const appUrl = createAppUrlMatcher({
  indexHtmlPath: join(import.meta.dirname, '../renderer/index.html'),
  ...(devServerUrl === undefined ? {} : { devServerUrl }),
});

let mainWindow: BrowserWindow | null = null;
let pageReady = false;
/** Set once start() has wired everything a window needs (IPC, protocol, menu). */
let windowsAllowed = false;
const pendingCommands: AppCommand[] = [];

function sendCommand(command: AppCommand): void {
  if (mainWindow === null || mainWindow.isDestroyed() || !pageReady) {
    pendingCommands.push(command);
    return;
  }
  mainWindow.webContents.send('app:command', command);
}

function openExternal(url: string): void {
  void openExternalSafely(shell, url).then((result) => {
    if (!result.opened) log.warn(result.reason);
  });
}

process.on('uncaughtException', (error) => log.error(`Uncaught exception: ${error.stack ?? error.message}`));
process.on('unhandledRejection', (reason) => log.error(`Unhandled rejection: ${String(reason)}`));

registerMediaScheme(protocol);

const owner = claimSingleInstance(app, {
  argv: process.argv,
  ...(development && process.defaultApp
    ? { devLaunch: { execPath: process.execPath, appPath: app.getAppPath() } }
    : {}),
  focus: () => {
    // macOS keeps running with its windows closed: a link or a second launch brings one back.
    if (mainWindow === null && windowsAllowed) openWindow();
    else focusWindow(mainWindow);
  },
  openLink: (link: DeepLink) => sendCommand({ command: 'openVideo', id: link.id }),
  log: (m) => log.info(m),
});

if (owner) {
  // Windows groups the taskbar entry and notifications by this id (the installer's appId).
  if (process.platform === 'win32') app.setAppUserModelId('so.aiasmr.video');
  app.setAboutPanelOptions(aboutPanelOptions(APP_NAME, app.getVersion(), process.platform));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      log.error(
        `Start-up failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      dialog.showErrorBox(APP_NAME, `The app could not start: ${String(error)}\n\nLogs: ${log.file}`);
      app.quit();
    });
}

async function start(): Promise<void> {
  log.info(`Starting ${APP_NAME} ${app.getVersion()} (${development ? 'development' : 'packaged'})`);
  hardenSession(session.defaultSession, {
    csp: contentSecurityPolicy(devServerUrl),
    isAppUrl: appUrl.isAppUrl,
    log: (m) => log.warn(m),
  });

  const userData = app.getPath('userData');
  const secrets = new SafeStorageSecretsStore(safeStorage, {
    file: join(userData, 'secrets.json'),
    platform: process.platform,
    log: (m) => log.warn(m),
    onInsecure: (message) =>
      mainWindow?.webContents.send('notice', { level: 'error', message, code: 'insecure_storage' }),
  });
  const settings = new ElectronSettingsStore({
    open: () => new ElectronStore<Record<string, unknown>>({ name: 'settings', clearInvalidConfig: false }),
    file: join(userData, 'settings.json'),
    defaults: defaultSettings({
      serverUrl: serverUrlDefault,
      downloadDir: join(app.getPath('downloads'), APP_NAME),
    }),
    log: (m) => log.warn(m),
  });
  // Under `npm start` the embedded reference server wins over the one remembered in the settings.
  const embeddedServer = development ? process.env.AIASMR_SERVER_URL : undefined;
  if (embeddedServer !== undefined && settings.get().serverUrl !== embeddedServer) {
    settings.set({ serverUrl: embeddedServer });
  }
  const openExternalEdge = async (url: string): Promise<boolean> => {
    const result = await openExternalSafely(shell, url);
    if (!result.opened) log.warn(result.reason);
    return result.opened;
  };
  // The core (cache, sync, full-text index, downloads) runs in a worker thread: this thread routes IPC,
  // drives the window and the Electron edges, which the worker reaches through typed host calls.
  const desktop = new CoreWorker(
    () => ({
      dataDir: join(userData, 'data'),
      stores: { kind: 'host', settings: settings.get(), loadProblem: settings.takeLoadProblem() },
      hostHooks: [...ELECTRON_HOOKS],
      defaultServerUrl: serverUrlDefault,
      appInfo: { name: APP_NAME, version: app.getVersion(), host: 'electron', platform: process.platform },
      mediaUrl: { prefix: `${MEDIA_SCHEME}://video/`, suffix: '' },
      sqliteNativeBinding: sqliteBindingFromEnv(process.env, development),
    }),
    {
      logger: coreLog,
      // Built: the worker's own bundle next to this one; under tests the TypeScript entry.
      ...(import.meta.url.endsWith('.ts') ? {} : { entry: join(import.meta.dirname, 'core-worker.js') }),
      services: electronHostServices({
        secrets,
        settings,
        downloads: {
          ...createDownloadHostHooks(
            shell,
            { isSupported: () => Notification.isSupported(), show: (n) => new Notification(n).show() },
            (m) => log.warn(m),
          ),
          startDrag: createDragOut<NativeImage>({
            contents: () => mainWindow?.webContents ?? null,
            loadImage: (path) => nativeImage.createFromPath(path),
            iconPath: join(import.meta.dirname, '../../resources/icon.png'),
            log: (m) => log.warn(m),
          }),
        },
        openExternal: openExternalEdge,
        pickFolder: (dir) => pickFolder(dialog, mainWindow, dir),
      }),
    },
  );

  const taskbar = createTaskbarProgress(() => mainWindow);
  desktop.on('downloads:progress', ({ items }) => taskbar.update(items));
  const theme = createNativeThemeSync(nativeTheme);
  theme.apply(settings.get().theme);
  desktop.on('settings:changed', (next) => theme.apply(next.theme));

  handleMediaProtocol(
    protocol,
    { mediaResponse: (id, kind, range, method) => desktop.media.respond(id, kind, range, method) },
    (m) => log.warn(m),
  );
  registerIpcHandlers(ipcMain, {
    channels: INVOKE_CHANNELS,
    dispatch: (channel, payload) => dispatch(desktop.handlers, channel, payload, coreLog),
    policy: { isAppUrl: appUrl.isAppUrl, appContentsId: () => mainWindow?.webContents.id ?? null },
    log: (m) => log.warn(m),
  });
  forwardEvents(
    { on: (event, listener) => desktop.on(event, listener) },
    EVENT_CHANNELS.filter((channel) => channel !== 'app:command'),
    () => mainWindow?.webContents ?? null,
  );

  const updater = createAppUpdater({
    updater: electronUpdater.autoUpdater,
    enabled: !development,
    disabledReason: 'this is a development build',
    showDialog: (options) =>
      mainWindow === null ? dialog.showMessageBox(options) : dialog.showMessageBox(mainWindow, options),
    notify: (notice) => mainWindow?.webContents.send('notice', notice),
    log: (m) => log.info(m),
  });

  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      buildMenuTemplate({
        platform: process.platform,
        appName: APP_NAME,
        development,
        actions: {
          search: () => sendCommand({ command: 'search' }),
          selectAll: () => sendCommand({ command: 'selectAll' }),
          settings: () => sendCommand({ command: 'settings' }),
          refresh: () => void dispatch(desktop.handlers, 'sync:now', {}, coreLog),
          openLogsFolder: () =>
            void shell.openPath(app.getPath('logs')).then((problem) => {
              if (problem !== '') log.warn(`Could not open the logs folder: ${problem}`);
            }),
          openFaq: () => openExternal(EXTERNAL_LINKS.faq),
          contactSupport: () => openExternal(EXTERNAL_LINKS.support),
          checkForUpdates: () => void updater.checkNow(),
        },
      }),
    ),
  );

  windowsAllowed = true;
  openWindow();
  app.on('activate', () => {
    if (mainWindow === null) openWindow();
    else focusWindow(mainWindow);
  });
  app.on('before-quit', () => {
    updater.stop();
    void desktop.stop();
  });

  await desktop.start();
  await devSignIn(desktop);
  updater.start();
}

function openWindow(): void {
  const stateFile = join(app.getPath('userData'), 'window-state.json');
  const saved = loadWindowState(stateFile);
  if (saved.problem !== null) log.warn(saved.problem);
  pageReady = false;
  const primary = screen.getPrimaryDisplay();
  const win = createMainWindow(
    {
      createBrowserWindow: (options) => new BrowserWindow(options),
      workAreas: () => [
        primary.workArea,
        ...screen
          .getAllDisplays()
          .filter((d) => d.id !== primary.id)
          .map((d) => d.workArea),
      ],
    },
    {
      title: APP_NAME,
      preloadPath: join(import.meta.dirname, '../preload/index.cjs'),
      // The theme setting is applied to nativeTheme before any window opens (start()).
      dark: nativeTheme.shouldUseDarkColors,
      ...(process.platform === 'linux'
        ? { icon: join(import.meta.dirname, '../../resources/icon.png') }
        : {}),
      app: appUrl,
      savedState: saved.state,
      saveState: (state) => saveWindowState(stateFile, state),
      openExternal,
      log: (m) => log.warn(m),
    },
  );
  win.webContents.on('did-finish-load', () => {
    pageReady = true;
    for (const command of pendingCommands.splice(0)) win.webContents.send('app:command', command);
  });
  win.on('closed', () => {
    mainWindow = null;
    pageReady = false;
  });
  mainWindow = win;
}

/** `npm start` signs in to the embedded reference server with the demo account (development only). */
async function devSignIn(desktop: HostCore): Promise<void> {
  const email = process.env.AIASMR_DEMO_EMAIL;
  const password = process.env.AIASMR_DEMO_PASSWORD;
  if (!development || email === undefined || password === undefined) return;
  if (desktop.core.sessionState().status === 'signed_in') return;
  const result = await dispatch(desktop.handlers, 'session:signIn', { email, password }, coreLog);
  log.info(
    result.ok ? `Signed in as ${email} (development)` : `Development sign-in failed: ${result.error.message}`,
  );
}
