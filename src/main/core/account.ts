import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { User } from '../../shared/api/schemas';
import type { SyncStatus } from '../../shared/ipc/models';
import { AuthError, OfflineError } from './api/errors';
import type { ApiClient } from './api/client';
import { RemoteApi } from './api/remote';
import { Actions } from './actions/actions';
import { Library } from './cache/library';
import { closeCache, openCache } from './cache/open';
import type { MediaUrlBuilder } from './cache/videos';
import { CreditsService } from './credits/credits';
import type { Emit } from './events';
import type { Logger } from './logger';
import { MediaCache } from './media/media-cache';
import { LiveUpdates } from './sync/live-updates';
import { SyncEngine } from './sync/sync-engine';

export interface AccountOptions {
  dataDir: string;
  serverUrl: string;
  user: User;
  client: ApiClient;
  emit: Emit;
  logger: Logger;
  mediaUrl: MediaUrlBuilder;
  mediaCacheBytes: () => number;
  /** The token was refused somewhere: the core signs out (keeping the cache). */
  onAuthError: (err: AuthError) => void;
  syncPageSize?: number;
  pollEveryMs?: number;
  creditsEveryMs?: number;
  /** Shortest gap between two library:changed events while a sync pages through the feed. */
  changedThrottleMs?: number;
  now?: () => number;
  /** better-sqlite3's `nativeBinding`: the addon built for the host's ABI when node_modules holds another. */
  sqliteNativeBinding?: string;
}

/** The folder of one account on one server: its cache database and media live there, apart from others. */
export function accountDir(dataDir: string, serverUrl: string, userId: number): string {
  const server = createHash('sha256').update(new URL(serverUrl).origin).digest('hex').slice(0, 12);
  return join(dataDir, 'accounts', `${server}-${userId}`);
}

/**
 * Everything that exists while one account is signed in: its cache, sync, live updates, actions, credits
 * and media cache. Opening it shows the cached library at once; the network comes after.
 */
export class Account {
  readonly db: Database;
  readonly dir: string;
  readonly api: RemoteApi;
  readonly library: Library;
  readonly sync: SyncEngine;
  readonly live: LiveUpdates;
  readonly actions: Actions;
  readonly credits: CreditsService;
  readonly media: MediaCache;
  /** Where a damaged cache file was moved when this account opened, or null. */
  readonly movedAside: string | null;
  private online = false;
  private error: string | null = null;
  private liveError: string | null = null;
  private closed = false;
  private changedTimer: NodeJS.Timeout | null = null;
  private sweeping = false;

  constructor(readonly options: AccountOptions) {
    this.dir = accountDir(options.dataDir, options.serverUrl, options.user.id);
    mkdirSync(this.dir, { recursive: true });
    const opened = openCache(join(this.dir, 'cache.sqlite'), undefined, {
      nativeBinding: options.sqliteNativeBinding,
    });
    this.db = opened.db;
    this.movedAside = opened.movedAside;
    // A library change may have deleted videos: their cached media files go too (see MediaCache.sweep).
    const emit: Emit = (event, payload) => {
      options.emit(event, payload);
      if (event === 'library:changed') this.sweepMediaSoon();
    };
    this.api = new RemoteApi(options.client);
    this.library = new Library(this.db, options.mediaUrl);
    this.credits = new CreditsService(this.db, this.api, emit, options.now);
    this.sync = new SyncEngine(this.db, this.api, this.library, {
      pageSize: options.syncPageSize,
      now: options.now,
      onPage: () => this.libraryChangedSoon(),
    });
    this.actions = new Actions(
      this.db,
      this.api,
      this.library,
      this.credits,
      emit,
      {
        onOffline: (err) => this.wentOffline(err),
        onAuthError: (err) => this.options.onAuthError(err),
        onOutboxChanged: () => this.emitStatus(),
      },
      options.now,
    );
    this.live = new LiveUpdates(
      this.db,
      this.api,
      this.library,
      this.credits,
      emit,
      {
        onConnected: () => {
          this.liveError = null;
          void this.syncNow();
        },
        onDisconnected: (reason) => {
          // Requests may still work (polling takes over); only they decide whether the app is offline.
          this.liveError = `Live updates are interrupted (${reason}); retrying.`;
          this.emitStatus();
        },
        onUnauthorized: () =>
          this.options.onAuthError(
            new AuthError('revoked', 'Your session is no longer valid. Please sign in again.'),
          ),
        onPollError: (err) => this.handleError(err),
      },
      options.pollEveryMs,
    );
    this.media = new MediaCache(
      this.db,
      join(this.dir, 'media'),
      options.client,
      options.mediaCacheBytes,
      options.now,
    );
  }

  get user(): User {
    return this.options.user;
  }

  /** Goes online: live stream, first sync, outbox replay, credits timer. Never throws. */
  start(): void {
    this.live.start();
    this.credits.startTimer(this.options.creditsEveryMs ?? 60_000, (err) => this.handleError(err));
    void this.syncNow();
  }

  status(): SyncStatus {
    if (this.closed)
      return { online: false, syncing: false, lastSyncedAt: null, pendingActions: 0, error: null };
    return {
      online: this.online,
      syncing: this.sync.syncing,
      lastSyncedAt: this.sync.lastSyncedAt(),
      pendingActions: this.actions.pendingCount(),
      error: this.error ?? this.liveError,
    };
  }

  /** Delta sync (full the first time), then outbox replay and a credits refresh. Errors end up in status. */
  async syncNow(): Promise<SyncStatus> {
    if (this.closed) return this.status();
    const started = this.sync.sync();
    this.emitStatus();
    try {
      await started;
      if (this.closed) return this.status();
      this.online = true;
      this.error = null;
      this.flushLibraryChanged();
      await this.actions.flush();
      await this.credits.refresh();
    } catch (err) {
      this.handleError(err);
    }
    this.emitStatus();
    return this.status();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.live.stop();
    this.credits.stopTimer();
    this.sync.close();
    this.options.client.close();
    if (this.changedTimer) clearTimeout(this.changedTimer);
    closeCache(this.db, join(this.dir, 'cache.sqlite'));
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private handleError(err: unknown): void {
    if (this.closed) return;
    if (err instanceof AuthError) {
      this.options.onAuthError(err);
      return;
    }
    if (err instanceof OfflineError) {
      this.wentOffline(err);
      return;
    }
    this.error = err instanceof Error ? err.message : String(err);
    this.options.logger.warn({ err }, 'sync problem');
    this.emitStatus();
  }

  private wentOffline(err: OfflineError): void {
    if (this.closed) return;
    this.online = false;
    this.error = `Offline: ${err.message} Your library is shown from this computer.`;
    this.emitStatus();
  }

  private emitStatus(): void {
    if (!this.closed) this.options.emit('sync:status', this.status());
  }

  private sweepMediaSoon(): void {
    if (this.sweeping || this.closed) return;
    this.sweeping = true;
    setImmediate(() => {
      if (this.closed) return;
      this.media
        .sweep()
        .catch((err: unknown) => this.options.logger.warn({ err }, 'could not remove deleted media'))
        .finally(() => (this.sweeping = false));
    });
  }

  private libraryChangedSoon(): void {
    if (this.changedTimer) return;
    this.changedTimer = setTimeout(() => this.flushLibraryChanged(), this.options.changedThrottleMs ?? 1_000);
    this.changedTimer.unref();
  }

  private flushLibraryChanged(): void {
    if (this.changedTimer) clearTimeout(this.changedTimer);
    this.changedTimer = null;
    if (!this.closed) this.options.emit('library:changed', { ids: null });
    this.sweepMediaSoon();
  }
}
