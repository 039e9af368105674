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
  now?: () => number;
  /** Called after each committed page (the host throttles library:changed from it). */
  onPage?: (changes: Changes['changes']) => void;
  /** Test hook: runs after a page was fetched, before it is stored. */
  beforeApply?: (page: Changes) => void;
}

const yieldToLoop = (): Promise<void> => new Promise((r) => setImmediate(r));

/**
 * Pages through the server's change feed from the stored cursor. Each page and the cursor that follows
 * it are committed in one transaction, so a crash or a lost connection anywhere resumes exactly where
 * the last commit left off: nothing is applied twice or skipped. No transaction spans an await, and the
 * loop yields between pages so the process stays responsive.
 */
export class SyncEngine {
  private running: Promise<void> | null = null;
  /** The search indexing that follows the last sync (settles when done or stopped). */
  indexing: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly pageSize: number;
  private readonly now: () => number;

  constructor(
    private readonly db: Database,
    private readonly api: RemoteApi,
    private readonly library: Library,
    private readonly options: SyncEngineOptions = {},
  ) {
    this.pageSize = options.pageSize ?? 500;
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
      this.db.transaction(() => {
        applyChanges(this.db, page.changes);
        setMeta(this.db, 'sync_cursor', page.next_cursor);
        if (!page.has_more) setMeta(this.db, 'last_synced_at', new Date(this.now()).toISOString());
      })();
      if (page.changes.length > 0) {
        this.library.invalidate();
        this.options.onPage?.(page.changes);
      }
      if (!page.has_more) {
        // Search indexing follows the sync, off its critical path, in short batches.
        this.indexing = indexInBackground(this.db, () => this.closed).catch(() => undefined);
        return;
      }
      await yieldToLoop();
      if (this.closed) return;
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
