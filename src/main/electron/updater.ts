// Auto-update with electron-updater: check at start and every few hours, download in the background,
// then offer "Restart to update" with the release notes (a notice in the app and a native dialog).
// Off in development and in unpackaged runs, where there is nothing to update.

export interface UpdateInfoLike {
  version: string;
  releaseName?: string | null;
  releaseNotes?: string | { version: string; note: string | null }[] | null;
}

/** electron-updater's logger (console by default, which a packaged app shows nowhere). */
export interface UpdaterLoggerLike {
  info(message?: unknown): void;
  warn(message?: unknown): void;
  error(message?: unknown): void;
}

export interface AutoUpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  logger: UpdaterLoggerLike | null;
  checkForUpdates(): Promise<unknown>;
  quitAndInstall(): void;
  on(
    event: 'update-downloaded' | 'update-available' | 'update-not-available',
    listener: (info: UpdateInfoLike) => void,
  ): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

export interface UpdateDialog {
  type: 'info';
  title: string;
  message: string;
  detail: string;
  buttons: string[];
  defaultId: number;
  cancelId: number;
}

export interface UpdaterOptions {
  updater: AutoUpdaterLike;
  enabled: boolean;
  /** Why it is off, for the log and for a manual "Check for updates". */
  disabledReason?: string;
  intervalMs?: number;
  showDialog(dialog: UpdateDialog): Promise<{ response: number }>;
  notify(notice: { level: 'info' | 'error'; message: string; code: string }): void;
  log(message: string): void;
}

export interface AppUpdater {
  start(): void;
  stop(): void;
  /** Help → Check for Updates: also says when there is nothing new or when updating is off. */
  checkNow(): Promise<void>;
}

export const DEFAULT_UPDATE_INTERVAL_MS = 4 * 60 * 60 * 1000;

/** Release notes as plain text (electron-updater gives HTML from some providers, or one note per version). */
export function releaseNotesText(info: UpdateInfoLike): string {
  const notes = info.releaseNotes;
  const raw = Array.isArray(notes)
    ? notes.map((n) => `${n.version}\n${n.note ?? ''}`).join('\n\n')
    : (notes ?? '');
  const text = raw
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|li|h\d)>/gi, '\n')
    .replace(/<li>/gi, '• ')
    .replace(/<[^>]*>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  const max = 1500;
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

export function createAppUpdater(options: UpdaterOptions): AppUpdater {
  const { updater } = options;
  let timer: ReturnType<typeof setInterval> | null = null;
  let manual = false;
  let offered: string | null = null;

  if (options.enabled) {
    updater.autoDownload = true;
    updater.autoInstallOnAppQuit = true;
    updater.logger = {
      info: (message) => options.log(`updater: ${String(message)}`),
      warn: (message) => options.log(`updater warning: ${String(message)}`),
      error: (message) => options.log(`updater error: ${String(message)}`),
    };
    updater.on('update-available', (info) => options.log(`Update ${info.version} available: downloading`));
    updater.on('update-not-available', () => {
      options.log('No update available');
      if (manual)
        options.notify({ level: 'info', message: 'You have the latest version.', code: 'update_none' });
    });
    updater.on('error', (error) => {
      options.log(`Update failed: ${error.message}`);
      if (manual)
        options.notify({
          level: 'error',
          message: `Could not check for updates: ${error.message}`,
          code: 'update_error',
        });
    });
    updater.on('update-downloaded', (info) => void offer(info));
  }

  async function offer(info: UpdateInfoLike): Promise<void> {
    if (offered === info.version) return;
    offered = info.version;
    options.log(`Update ${info.version} downloaded`);
    options.notify({
      level: 'info',
      message: `Version ${info.version} is ready: restart to update.`,
      code: 'update_ready',
    });
    const notes = releaseNotesText(info);
    const { response } = await options.showDialog({
      type: 'info',
      title: 'Update ready',
      message: `AIASMR Video ${info.version} has been downloaded.`,
      detail:
        notes === ''
          ? 'Restart to update now, or it will be installed when you quit.'
          : `What's new:\n${notes}`,
      buttons: ['Restart to Update', 'Later'],
      defaultId: 0,
      cancelId: 1,
    });
    if (response === 0) updater.quitAndInstall();
  }

  async function check(): Promise<void> {
    try {
      await updater.checkForUpdates();
    } catch (error) {
      // The 'error' event reports it too; this keeps a rejected check from going unhandled.
      options.log(`Update check failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  return {
    start() {
      if (!options.enabled) {
        options.log(`Auto-update off: ${options.disabledReason ?? 'disabled'}`);
        return;
      }
      if (timer !== null) return;
      void check();
      timer = setInterval(() => void check(), options.intervalMs ?? DEFAULT_UPDATE_INTERVAL_MS);
    },
    stop() {
      if (timer !== null) clearInterval(timer);
      timer = null;
    },
    async checkNow() {
      if (!options.enabled) {
        options.notify({
          level: 'info',
          message: `Updates are off: ${options.disabledReason ?? 'disabled'}.`,
          code: 'update_disabled',
        });
        return;
      }
      manual = true;
      try {
        await check();
      } finally {
        manual = false;
      }
    },
  };
}
