import type { Quality } from '../../../shared/api/vocabulary';
import type { DownloadItem, DownloadStartOutcome } from '../../../shared/ipc/downloads';
import type { Account } from '../account';
import { AuthError } from '../api/errors';
import type { Core } from '../core';
import { CoreError } from '../errors';
import type { DownloaderOptions } from './downloader';
import { DownloadQueue } from './queue';
import { accountDownloadSource } from './source';

// The downloads subsystem of one core: a queue per signed-in account (in that account's cache
// database), started when the account opens and stopped, parts kept, when it closes (a 401 mid-download
// closes it too, through the core's sign-out; the next sign-in resumes from the parts). Hosts supply
// "show in folder" and "open" (Electron's shell, or nothing in the web host).

export interface DownloadHostHooks {
  reveal?: (path: string) => Promise<boolean> | boolean;
  open?: (path: string) => Promise<boolean> | boolean;
  /**
   * Starts an OS drag of these files (absolute paths that exist). Hosts without OS drag (the web host)
   * leave it out, and drag-out answers `not_supported`.
   */
  startDrag?: (files: string[]) => Promise<void> | void;
  /** A download completed or failed (system notification, taskbar progress). */
  settled?: (item: DownloadItem) => void;
}

export class DownloadsService {
  private queue: DownloadQueue | null = null;
  private hooks: DownloadHostHooks = {};

  constructor(
    private readonly core: Core,
    private readonly downloader: Omit<DownloaderOptions, 'rateLimiter'> = {},
  ) {
    core.onAccount((account) => this.accountChanged(account));
    core.on('settings:changed', () => this.queue?.settingsChanged());
    const current = core.currentAccount();
    if (current) this.accountChanged(current);
  }

  setHostHooks(hooks: DownloadHostHooks): void {
    this.hooks = hooks;
  }

  /** The signed-in account's queue, or a clear error. */
  requireQueue(): DownloadQueue {
    if (!this.queue) {
      this.core.requireAccount();
      throw new CoreError('not_signed_in', 'Please sign in first.');
    }
    return this.queue;
  }

  list(): DownloadItem[] {
    return this.queue?.list() ?? [];
  }

  start(videoIds: readonly number[], quality: Quality): Promise<DownloadStartOutcome> {
    return this.requireQueue().start(videoIds, quality);
  }

  async reveal(id: number): Promise<{ done: boolean }> {
    const path = await this.requireQueue().completedPath(id);
    return { done: this.hooks.reveal ? await this.hooks.reveal(path) : false };
  }

  async open(id: number): Promise<{ done: boolean }> {
    const path = await this.requireQueue().completedPath(id);
    return { done: this.hooks.open ? await this.hooks.open(path) : false };
  }

  /** Drags the best verified file of each video out of the app; `missing` ones need a download first. */
  async startDrag(videoIds: readonly number[]): Promise<{ dragged: string[]; missing: number[] }> {
    const startDrag = this.hooks.startDrag;
    if (!startDrag) {
      throw new CoreError('not_supported', 'Drag-out needs the desktop app; use Show in folder.');
    }
    const outcome = await this.requireQueue().draggableFiles(videoIds);
    if (outcome.dragged.length > 0) await startDrag(outcome.dragged);
    return outcome;
  }

  /** Stops the running downloads, keeping their parts for the next start. */
  async stop(): Promise<void> {
    const queue = this.queue;
    this.queue = null;
    await queue?.close();
  }

  private accountChanged(account: Account | null): void {
    const previous = this.queue;
    this.queue = null;
    // Called before the account's database closes: close() records what was running synchronously.
    if (previous) void previous.close();
    if (!account) return;
    const emit = this.core.events.emit;
    const queue = new DownloadQueue({
      db: account.db,
      source: accountDownloadSource(account),
      settings: () => this.core.options.settings.get(),
      downloader: this.downloader,
      onItems: (items) => emit('downloads:progress', { items }),
      onRemoved: (removed) => emit('downloads:progress', { items: [], removed }),
      onLocalFilesChanged: (ids) => emit('library:changed', { ids }),
      onSettled: (item) => {
        this.hooks.settled?.(item);
        if (item.state === 'failed') {
          emit('notice', {
            level: 'error',
            message: `${item.fileName}: ${item.error?.message ?? 'failed'}`,
            code: item.error?.code,
          });
        }
      },
      onWarning: (message) => emit('notice', { level: 'info', message }),
      // Like any other 401: the core signs the user out and says so; the next sign-in resumes.
      onSignedOut: (error) => account.options.onAuthError(new AuthError(error.reason, error.message)),
    });
    this.queue = queue;
    queue.restore().catch((error: unknown) => {
      emit('notice', {
        level: 'error',
        message: `The download queue could not be restored: ${String(error)}`,
      });
    });
  }
}

const services = new WeakMap<Core, DownloadsService>();

/** The downloads subsystem of `core`, created on first use (when the handlers are built). */
export function downloadsFor(core: Core): DownloadsService {
  let service = services.get(core);
  if (!service) {
    service = new DownloadsService(core);
    services.set(core, service);
  }
  return service;
}
