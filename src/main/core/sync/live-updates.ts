import type { Database } from 'better-sqlite3';
import type { ServerEvent } from '../../../shared/api/schemas';
import { ApiRequestError } from '../api/errors';
import { EventStream } from '../api/events';
import type { RemoteApi } from '../api/remote';
import type { Library } from '../cache/library';
import { deleteVideo, getVideoRow, processingIds, upsertVideo } from '../cache/videos';
import type { CreditsService } from '../credits/credits';
import type { Emit } from '../events';

export interface LiveUpdatesHooks {
  /** The stream (re)connected: catch up with a delta sync and replay the outbox. */
  onConnected: () => void;
  onDisconnected: (reason: string) => void;
  onUnauthorized: () => void;
  onPollError: (err: unknown) => void;
}

const POLL_BATCH = 25;

/**
 * Live status from the server's event stream; while the stream is down, the videos still processing
 * are polled through the status route instead.
 */
export class LiveUpdates {
  private readonly stream: EventStream;
  private pollTimer: NodeJS.Timeout | null = null;
  private polling = false;
  private connected = false;

  constructor(
    private readonly db: Database,
    private readonly api: RemoteApi,
    private readonly library: Library,
    private readonly credits: CreditsService,
    private readonly emit: Emit,
    private readonly hooks: LiveUpdatesHooks,
    private readonly pollEveryMs = 5_000,
  ) {
    this.stream = new EventStream(api.client, {
      onEvent: (e) => this.apply(e),
      onOpen: () => {
        this.connected = true;
        this.stopPolling();
        this.hooks.onConnected();
      },
      onDown: (reason) => {
        this.connected = false;
        this.startPolling();
        this.hooks.onDisconnected(reason);
      },
      onUnauthorized: () => {
        this.connected = false;
        this.stopPolling();
        this.hooks.onUnauthorized();
      },
      onBadMessage: () => undefined,
    });
  }

  get isConnected(): boolean {
    return this.connected;
  }

  start(): void {
    this.stream.start();
  }

  stop(): void {
    this.stream.stop();
    this.stopPolling();
    this.connected = false;
  }

  reconnectNow(): void {
    this.stream.reconnectNow();
  }

  apply(e: ServerEvent): void {
    if (e.type === 'credits') {
      this.credits.apply(e.credits);
      return;
    }
    const id = e.type === 'video' ? e.video.id : e.id;
    this.library.writeOne(id, () =>
      this.db.transaction(() => {
        if (e.type === 'video') upsertVideo(this.db, e.video);
        else deleteVideo(this.db, e.id);
      })(),
    );
    this.emit('library:changed', { ids: [id] });
  }

  private startPolling(): void {
    if (this.pollTimer) return;
    this.pollTimer = setInterval(() => void this.poll(), this.pollEveryMs);
    this.pollTimer.unref();
  }

  private stopPolling(): void {
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = null;
  }

  /** One round of status polling for the videos still processing (public for tests). */
  async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      for (const id of processingIds(this.db, POLL_BATCH)) {
        try {
          const s = await this.api.status(id);
          const row = getVideoRow(this.db, id);
          if (!row || (s.status === row.status && s.progress === row.progress)) continue;
          // A finished video gains media and downloads: fetch the whole record.
          const video = await this.api.video(id);
          this.apply({ type: 'video', seq: 1, video });
        } catch (err) {
          if (err instanceof ApiRequestError && err.apiCode === 'not_found') {
            this.apply({ type: 'video_deleted', seq: 1, id });
            continue;
          }
          throw err;
        }
      }
    } catch (err) {
      this.hooks.onPollError(err);
    } finally {
      this.polling = false;
    }
  }
}
