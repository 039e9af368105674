import type { Database } from 'better-sqlite3';
import type { Changes } from '../../../shared/api/schemas';
import type { RemoteApi } from '../api/remote';
import type { Library } from '../cache/library';
import { getMeta, setMeta } from '../cache/meta';
import { indexInBackground } from '../cache/fts-indexer';
import { applyChanges } from '../cache/videos';

export interface SyncEngineOptions {
  /** Changes per page of the feed. */
  pageSize?: number;
  /** Changes per write transaction: the longest a read (a page request) waits behind the sync. */
  writeBatch?: number;
  now?: () => number;
  /** Called after each committed page (the host throttles library:changed from it). */
  onPage?: (changes: Changes['changes']) => void;
  /** Test hook: runs after a page was fetched, before it is stored. */
  beforeApply?: (page: Changes) => void;
}

const yieldToLoop = (): Promise<void> => new Promise((r) => setImmediate(r));

/**
 * Pages through the server's change feed from the stored cursor. A page is written in small
 * transactions with a turn of the event loop between them, so a page request waits for one small batch
 * at most, never for a whole page; the cursor that follows the page is committed with its last batch.
 * A crash or a lost connection resumes from the last committed cursor: a page cut short is fetched
 * again and its batches written again (upserts and deletes by id, so applying one twice changes
 * nothing), and nothing is skipped. No transaction spans an await.
 */
export class SyncEngine {
  private running: Promise<void> | null = null;
  /** The search indexing that follows the last sync (settles when done or stopped). */
  indexing: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly pageSize: number;
  private readonly writeBatch: number;
  private readonly now: () => number;

  constructor(
    private readonly db: Database,
    private readonly api: RemoteApi,
    private readonly library: Library,
    private readonly options: SyncEngineOptions = {},
  ) {
    this.pageSize = options.pageSize ?? 500;
    this.writeBatch = options.writeBatch ?? 100;
    this.now = options.now ?? Date.now;
  }

  get syncing(): boolean {
    return this.running !== null;
  }

  lastSyncedAt(): string | null {
    return getMeta(this.db, 'last_synced_at');
  }

  /** Runs a sync (or joins the one in progress); rejects with the API error that stopped it. */
  sync(): Promise<void> {
    if (!this.running) {
      this.running = this.run().finally(() => {
        this.running = null;
      });
    }
    return this.running;
  }

  close(): void {
    this.closed = true;
  }

  private async run(): Promise<void> {
    let next = this.fetch(getMeta(this.db, 'sync_cursor'));
    for (;;) {
      const page = await next;
      if (this.closed) return;
      // The next page is requested before this one is stored, so storing overlaps the network. Only
      // committed cursors are ever read back: a crash here refetches from the last stored page.
      if (page.has_more) {
        next = this.fetch(page.next_cursor);
        // Let the request go out before the (synchronous) transaction below occupies the thread.
        await yieldToLoop();
        if (this.closed) return;
      }
      this.options.beforeApply?.(page);
      if (!(await this.store(page))) return;
      if (page.changes.length > 0) this.options.onPage?.(page.changes);
      if (!page.has_more) {
        // Search indexing follows the sync, off its critical path, in short batches.
        this.indexing = indexInBackground(this.db, () => this.closed).catch(() => undefined);
        return;
      }
      await yieldToLoop();
      if (this.closed) return;
    }
  }

  /** Writes a page batch by batch, its cursor with the last; false if closed part-way. */
  private async store(page: Changes): Promise<boolean> {
    const { changes } = page;
    for (let start = 0; ; start += this.writeBatch) {
      const end = start + this.writeBatch;
      const last = end >= changes.length;
      const batch = changes.slice(start, end);
      this.db.transaction(() => {
        applyChanges(this.db, batch);
        if (!last) return;
        setMeta(this.db, 'sync_cursor', page.next_cursor);
        if (!page.has_more) setMeta(this.db, 'last_synced_at', new Date(this.now()).toISOString());
      })();
      if (batch.length > 0) this.library.changed(batch.map((c) => (c.type === 'upsert' ? c.video.id : c.id)));
      if (last) return true;
      await yieldToLoop();
      if (this.closed) return false;
    }
  }

  private fetch(cursor: string | null): Promise<Changes> {
    const request = this.api.changes(cursor, this.pageSize);
    // A prefetched page may fail after the loop has stopped (closed, or an earlier failure): that
    // rejection is expected and must not surface as unhandled; the loop itself still awaits `request`.
    request.catch(() => undefined);
    return request;
  }
}
