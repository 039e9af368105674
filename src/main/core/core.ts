import type { AppInfo } from '../../shared/ipc/contract';
import {
  ViewStateSchema,
  type SessionState,
  type Settings,
  type SettingsPatch,
  type SyncStatus,
  type ViewState,
  type ViewStatePatch,
} from '../../shared/ipc/models';
import { ApiClient } from './api/client';
import { AuthError } from './api/errors';
import { RemoteApi } from './api/remote';
import { Account } from './account';
import type { MediaKind, MediaUrlBuilder } from './cache/videos';
import { CoreError } from './errors';
import { CoreEvents, type Listener } from './events';
import { silentLogger, type Logger } from './logger';
import { respondWithFile, type FileResponse } from './media/range';
import type { SecretsStore } from './secrets/secrets-store';
import { sameServer } from './session/same-server';
import { clearSession, readSession, writeSession, type SessionRecord } from './session/session-record';
import type { SettingsStore } from './settings/settings-store';
import type { EventChannel } from '../../shared/ipc/contract';

export type MediaFile = { file: string; mime: string } | { status: 404 | 503 };

export interface CoreOptions {
  dataDir: string;
  secrets: SecretsStore;
  settings: SettingsStore;
  /** The server used when the settings name none (the embedded reference server in the web host). */
  defaultServerUrl: string;
  appInfo: AppInfo;
  /** How the renderer loads a video's thumbnail or preview (media protocol, or the web host's route). */
  mediaUrl: MediaUrlBuilder;
  logger?: Logger;
  /** Opens an external URL in the user's browser (host-specific); absent: links are not opened. */
  openExternal?: (url: string) => Promise<boolean>;
  /** Shows the host's native folder picker; absent (web host): the folder is typed in the settings. */
  pickFolder?: (currentDir: string) => Promise<string | null>;
  /**
   * better-sqlite3's `nativeBinding`: under `npm start` Electron loads an addon built for its ABI from a
   * cache folder, since node_modules holds the build for Node. Absent: the addon in node_modules.
   */
  sqliteNativeBinding?: string;
  /** Timings, for tests and benchmarks. */
  tuning?: {
    syncPageSize?: number;
    pollEveryMs?: number;
    creditsEveryMs?: number;
    changedThrottleMs?: number;
    apiAttempts?: number;
    apiBackoffMs?: number;
    connectTimeoutMs?: number;
    idleTimeoutMs?: number;
    maxResponseBytes?: number;
  };
  now?: () => number;
}

/**
 * The session and the signed-in account. Sign-in opens that account's own cache (one database per
 * server and user), so another user never sees the previous one's library; sign-out and an expired or
 * revoked token close it and keep it on disk.
 */
export class Core {
  readonly events: CoreEvents;
  private account: Account | null = null;
  private accountError: CoreError | null = null;
  private session: SessionState;
  private record: SessionRecord | null = null;
  private readonly logger: Logger;
  private readonly accountListeners = new Set<(account: Account | null) => void>();
  /** Tokens being revoked on a server the user left (awaited by stop()). */
  private readonly revoking = new Set<Promise<void>>();

  constructor(readonly options: CoreOptions) {
    this.logger = options.logger ?? silentLogger;
    this.events = new CoreEvents((err) => this.logger.error({ err }, 'event listener failed'));
    this.session = { status: 'signed_out', serverUrl: this.serverUrl() };
  }

  on<E extends EventChannel>(event: E, listener: Listener<E>): () => void {
    return this.events.on(event, listener);
  }

  serverUrl(): string {
    return this.options.settings.get().serverUrl || this.options.defaultServerUrl;
  }

  sessionState(): SessionState {
    return this.session;
  }

  /** Reports settings problems, then opens the stored session's cache at once and syncs in the background. */
  async start(): Promise<void> {
    const problem = this.options.settings.takeLoadProblem();
    if (problem) this.events.emit('notice', { level: 'error', message: problem, code: 'settings_reset' });
    const record = await readSession(this.options.secrets);
    if (!record) return;
    const now = (this.options.now ?? Date.now)();
    if (Date.parse(record.expiresAt) <= now) {
      await clearSession(this.options.secrets);
      this.setSession({ status: 'signed_out', serverUrl: record.serverUrl, reason: 'expired' });
      return;
    }
    // The settings were pointed at another server while the app was closed.
    if (!sameServer(record.serverUrl, this.serverUrl())) {
      await this.leaveServer(record);
      return;
    }
    this.openAccount(record);
  }

  async stop(): Promise<void> {
    this.closeAccount();
    await Promise.all([...this.revoking]);
  }

  /**
   * Saves a settings change. A new server address takes effect at once: the user is signed out of the
   * old server (told so, its cached library kept on disk for a return) and the sign-in goes to the new one.
   */
  async updateSettings(patch: SettingsPatch): Promise<Settings> {
    const next = this.options.settings.set(patch);
    this.events.emit('settings:changed', next);
    const target = this.serverUrl();
    if (this.record && !sameServer(this.record.serverUrl, target)) await this.leaveServer(this.record);
    else if (this.session.status === 'signed_out' && !sameServer(this.session.serverUrl, target))
      this.setSession({ ...this.session, serverUrl: target });
    return next;
  }

  /**
   * Saves the library's view with the settings (restored at the next start) but emits nothing: no
   * listener of `settings:changed` has anything to do when a search is typed or the view toggled.
   */
  updateViewState(patch: ViewStatePatch): ViewState {
    return ViewStateSchema.parse(this.options.settings.set(patch));
  }

  /** The signed-in account, or a clear error for the renderer. */
  requireAccount(): Account {
    if (this.accountError) throw this.accountError;
    if (!this.account) throw new CoreError('not_signed_in', 'Please sign in first.');
    return this.account;
  }

  currentAccount(): Account | null {
    return this.account;
  }

  /** Called with each account as it opens, and with null as it closes (the downloads subsystem uses it). */
  onAccount(listener: (account: Account | null) => void): () => void {
    this.accountListeners.add(listener);
    return () => this.accountListeners.delete(listener);
  }

  syncStatus(): SyncStatus {
    return (
      this.account?.status() ?? {
        online: false,
        syncing: false,
        lastSyncedAt: null,
        pendingActions: 0,
        error: this.accountError?.message ?? null,
      }
    );
  }

  async signIn(email: string, password: string, serverUrl?: string): Promise<SessionState> {
    const url = serverUrl ?? this.serverUrl();
    const client = this.client(url, () => null);
    let login;
    try {
      login = await new RemoteApi(client).login(email, password);
    } finally {
      client.close();
    }
    if (serverUrl && serverUrl !== this.options.settings.get().serverUrl) {
      const settings = this.options.settings.set({ serverUrl });
      this.events.emit('settings:changed', settings);
    }
    const record: SessionRecord = {
      serverUrl: url,
      token: login.token,
      expiresAt: login.expires_at,
      user: login.user,
    };
    await writeSession(this.options.secrets, record);
    this.closeAccount();
    this.openAccount(record);
    return this.session;
  }

  async signOut(): Promise<SessionState> {
    const record = this.record;
    if (record) {
      const client = this.client(record.serverUrl, () => record.token, { attempts: 1 });
      // Revoking on the server is a courtesy: signing out locally must work offline too.
      await new RemoteApi(client)
        .logout()
        .catch(() => undefined)
        .finally(() => client.close());
    }
    await clearSession(this.options.secrets);
    this.closeAccount();
    this.setSession({ status: 'signed_out', serverUrl: this.serverUrl(), reason: 'signed_out' });
    return this.session;
  }

  /** Signs out of the session's server because the settings now name another one. */
  private async leaveServer(record: SessionRecord): Promise<void> {
    const target = this.serverUrl();
    // Revoking the old token is a courtesy that must not hold the user up (the old server may be gone).
    const client = this.client(record.serverUrl, () => record.token, { attempts: 1 });
    const revoke = new RemoteApi(client)
      .logout()
      .catch(() => undefined)
      .finally(() => {
        client.close();
        this.revoking.delete(revoke);
      });
    this.revoking.add(revoke);
    await clearSession(this.options.secrets);
    this.closeAccount();
    this.setSession({ status: 'signed_out', serverUrl: target, reason: 'server_changed' });
    this.events.emit('notice', {
      level: 'info',
      code: 'server_changed',
      message:
        `The server address changed to ${target}, so you were signed out of ${record.serverUrl}. ` +
        `Sign in to continue. Your library from ${record.serverUrl} stays on this computer.`,
    });
  }

  /** Updates the signed-in user's plan after a plan change (kept in the stored session too). */
  async updatePlan(plan: SessionRecord['user']['plan']): Promise<void> {
    if (!this.record) return;
    this.record = { ...this.record, user: { ...this.record.user, plan } };
    await writeSession(this.options.secrets, this.record);
    this.setSession({ status: 'signed_in', serverUrl: this.record.serverUrl, user: this.record.user });
  }

  /** The thumbnail or preview of a video as an HTTP answer with Range support, for either host. */
  async mediaResponse(
    id: number,
    kind: MediaKind,
    range: string | undefined,
    method: 'GET' | 'HEAD' = 'GET',
  ): Promise<FileResponse> {
    const found = await this.mediaFile(id, kind);
    if ('status' in found) return { status: found.status, headers: {}, body: null };
    return respondWithFile(found.file, found.mime, range, method);
  }

  /**
   * Where a video's thumbnail or preview is on disk (fetched into the media cache first if need be), or
   * the status that says why not. Apart from mediaResponse so that a host whose core runs in a worker
   * can stream the file itself: the answer crosses threads, a stream cannot.
   */
  async mediaFile(id: number, kind: MediaKind): Promise<MediaFile> {
    const account = this.account;
    if (!account) return { status: 404 };
    try {
      return (await account.media.resolve(id, kind)) ?? { status: 404 };
    } catch (err) {
      this.logger.warn({ err, id, kind }, 'media not available');
      return { status: 503 };
    }
  }

  private client(
    serverUrl: string,
    getToken: () => string | null,
    extra: { attempts?: number } = {},
  ): ApiClient {
    const t = this.options.tuning ?? {};
    return new ApiClient({
      baseUrl: serverUrl,
      getToken,
      attempts: extra.attempts ?? t.apiAttempts,
      backoffMs: t.apiBackoffMs,
      connectTimeoutMs: t.connectTimeoutMs,
      idleTimeoutMs: t.idleTimeoutMs,
      maxResponseBytes: t.maxResponseBytes,
    });
  }

  private openAccount(record: SessionRecord): void {
    this.record = record;
    this.accountError = null;
    this.setSession({ status: 'signed_in', serverUrl: record.serverUrl, user: record.user });
    const t = this.options.tuning ?? {};
    try {
      this.account = new Account({
        dataDir: this.options.dataDir,
        serverUrl: record.serverUrl,
        user: record.user,
        client: this.client(record.serverUrl, () => this.record?.token ?? null),
        emit: this.events.emit,
        logger: this.logger,
        mediaUrl: this.options.mediaUrl,
        mediaCacheBytes: () => this.options.settings.get().mediaCacheMb * 1024 * 1024,
        onAuthError: (err) => void this.authFailed(err),
        syncPageSize: t.syncPageSize,
        pollEveryMs: t.pollEveryMs,
        creditsEveryMs: t.creditsEveryMs,
        changedThrottleMs: t.changedThrottleMs,
        now: this.options.now,
        sqliteNativeBinding: this.options.sqliteNativeBinding,
      });
    } catch (err) {
      this.accountError =
        err instanceof CoreError
          ? err
          : new CoreError('cache_unavailable', 'The local library could not be opened.', { cause: err });
      this.logger.error({ err }, 'could not open the cache');
      this.events.emit('notice', {
        level: 'error',
        message: this.accountError.message,
        code: this.accountError.code,
      });
      this.events.emit('sync:status', this.syncStatus());
      return;
    }
    const account = this.account;
    if (account.movedAside) {
      this.events.emit('notice', {
        level: 'error',
        code: 'cache_rebuilt',
        message: `Your local library was damaged and has been moved aside (${account.movedAside}). It is being rebuilt from the server.`,
      });
    }
    for (const l of this.accountListeners) l(account);
    this.events.emit('library:changed', { ids: null });
    account.start();
  }

  private closeAccount(): void {
    const account = this.account;
    this.account = null;
    this.accountError = null;
    this.record = null;
    if (account) {
      for (const l of this.accountListeners) l(null);
      account.close();
    }
  }

  private async authFailed(err: AuthError): Promise<void> {
    if (!this.account && !this.record) return;
    const serverUrl = this.record?.serverUrl ?? this.serverUrl();
    this.closeAccount();
    await clearSession(this.options.secrets).catch((e: unknown) =>
      this.logger.error({ err: e }, 'could not clear the session'),
    );
    this.setSession({ status: 'signed_out', serverUrl, reason: err.reason });
    this.events.emit('notice', {
      level: 'error',
      code: err.reason === 'expired' ? 'session_expired' : 'session_revoked',
      message: err.message,
    });
  }

  private setSession(next: SessionState): void {
    this.session = next;
    this.events.emit('session:changed', next);
  }
}
