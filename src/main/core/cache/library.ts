import type { Database } from 'better-sqlite3';
import type { TriggerTag } from '../../../shared/api/vocabulary';
import type { LibraryPage, LibraryQuery, LibraryVideo } from '../../../shared/ipc/models';
import { LibraryIndex } from './library-index';
import { stmt } from '../../../shared/sqlite/statements';
import { getVideoRow, toLibraryVideos, type MediaUrlBuilder, type VideoRow } from './videos';

interface IndexKeys {
  created_at: number;
  credit_cost: number;
  title: string;
  status: string;
  tag_mask: number;
  pending: string | null;
}

/** Read side of the cache for the renderer: counts, visible ranges and single videos. */
export class Library {
  private readonly index: LibraryIndex;

  constructor(
    readonly db: Database,
    private readonly mediaUrl: MediaUrlBuilder,
  ) {
    this.index = new LibraryIndex(db);
  }

  /** Call after a committed write to the videos table whose rows are not known: every order is sorted again. */
  invalidate(): void {
    this.index.invalidate();
  }

  /** Call after a committed write to these videos (inserted, updated or deleted): they are merged into the orders. */
  changed(ids: readonly number[]): void {
    this.index.changed(ids);
  }

  /** Orders sorted from scratch so far. */
  get fullSorts(): number {
    return this.index.fullBuilds;
  }

  /**
   * Runs a write to one video and keeps the index current: patched in place when the video keeps its
   * place in every order (the common live update: status, progress, tags, removal), merged otherwise.
   */
  writeOne(id: number, write: () => void): void {
    const keys = stmt(
      this.db,
      'SELECT created_at, credit_cost, title, status, tag_mask, pending FROM videos WHERE id = ?',
    );
    const before = keys.get(id) as IndexKeys | undefined;
    write();
    const after = keys.get(id) as IndexKeys | undefined;
    if (
      before &&
      (!after ||
        (after.created_at === before.created_at &&
          after.credit_cost === before.credit_cost &&
          after.title === before.title))
    ) {
      this.index.patch(id, after ?? null);
    } else this.index.changed([id]);
  }

  count(query: LibraryQuery): number {
    return this.index.count(query);
  }

  page(query: LibraryQuery, offset: number, limit: number): LibraryPage {
    const { ids, total } = this.index.slice(query, offset, limit);
    return { total, offset, items: this.videos(ids) };
  }

  ids(query: LibraryQuery, offset: number, limit: number): number[] {
    return this.index.slice(query, offset, limit).ids;
  }

  get(id: number): LibraryVideo | null {
    const row = getVideoRow(this.db, id);
    if (!row || row.pending === 'delete') return null;
    return toLibraryVideos(this.db, [row], this.mediaUrl)[0] ?? null;
  }

  tagCounts(): Record<TriggerTag, number> {
    return this.index.tagCounts();
  }

  /** Videos by id, in the order given (missing ids skipped). */
  videos(ids: readonly number[]): LibraryVideo[] {
    if (ids.length === 0) return [];
    const rows = stmt(this.db, `SELECT * FROM videos WHERE id IN (${ids.map(() => '?').join(',')})`).all(
      ...ids,
    ) as VideoRow[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    const ordered = ids.map((id) => byId.get(id)).filter((r): r is VideoRow => r !== undefined);
    return toLibraryVideos(this.db, ordered, this.mediaUrl);
  }

  /** Credit cost of each id still in the cache (for estimates). */
  costs(ids: readonly number[]): Map<number, number> {
    const s = stmt(this.db, 'SELECT credit_cost FROM videos WHERE id = ?');
    const out = new Map<number, number>();
    for (const id of ids) {
      const row = s.get(id) as { credit_cost: number } | undefined;
      if (row) out.set(id, row.credit_cost);
    }
    return out;
  }
}
