import type { Database } from 'better-sqlite3';
import { TRIGGER_TAGS, VIDEO_STATUSES, type SortKey, type TriggerTag } from '../../../shared/api/vocabulary';
import type { LibraryQuery } from '../../../shared/ipc/models';
import { tagMask } from './videos';

const STATUS_CODE = new Map<string, number>(VIDEO_STATUSES.map((s, i) => [s, i]));
/** Rows hidden from every query (a delete applied locally and not yet confirmed). */
const HIDDEN = 255;
const SEARCH_CACHE_SIZE = 16;

type RawRow = [
  id: number,
  createdAt: number,
  cost: number,
  title: string,
  status: string,
  mask: number,
  pending: string | null,
];

/**
 * The library's sort orders and filter columns held in typed arrays, rebuilt from SQLite when the data
 * changed. Counting or paging 100,000 videos under any sort, status and tag filter is then one linear
 * pass over a few hundred kilobytes, with no deep OFFSET scans in SQLite; only the visible rows are read
 * from the database. Text search comes from FTS5 and is kept per query until the data changes.
 */
export class LibraryIndex {
  private version = 0;
  private builtVersion = -1;
  private ids = new Int32Array(0);
  private status = new Uint8Array(0);
  private masks = new Int32Array(0);
  private orders: Record<SortKey, Int32Array> = {
    date: new Int32Array(0),
    cost: new Int32Array(0),
    title: new Int32Array(0),
  };
  private positions = new Map<number, number>();
  private searches = new Map<string, Uint8Array>();
  private tagTotals: Record<TriggerTag, number> | null = null;

  constructor(private readonly db: Database) {}

  /** Marks the index stale; the next query rebuilds it. */
  invalidate(): void {
    this.version++;
    this.searches.clear();
    this.tagTotals = null;
  }

  count(query: LibraryQuery): number {
    this.ensure();
    const order = this.orders[query.sort];
    const match = this.matcher(query);
    let n = 0;
    for (let i = 0; i < order.length; i++) if (match(order[i] ?? 0)) n++;
    return n;
  }

  /** The ids at [offset, offset + limit) of the query's order, and the total. */
  slice(query: LibraryQuery, offset: number, limit: number): { ids: number[]; total: number } {
    this.ensure();
    const order = this.orders[query.sort];
    const match = this.matcher(query);
    const reversed = query.order === 'reversed';
    const ids: number[] = [];
    let seen = 0;
    const n = order.length;
    for (let k = 0; k < n; k++) {
      const pos = order[reversed ? n - 1 - k : k] ?? 0;
      if (!match(pos)) continue;
      if (seen >= offset && ids.length < limit) ids.push(this.ids[pos] ?? 0);
      seen++;
    }
    return { ids, total: seen };
  }

  tagCounts(): Record<TriggerTag, number> {
    this.ensure();
    if (this.tagTotals) return this.tagTotals;
    const totals = Object.fromEntries(TRIGGER_TAGS.map((t) => [t, 0])) as Record<TriggerTag, number>;
    for (let p = 0; p < this.masks.length; p++) {
      if (this.status[p] === HIDDEN) continue;
      const m = this.masks[p] ?? 0;
      TRIGGER_TAGS.forEach((t, i) => {
        if (m & (1 << i)) totals[t]++;
      });
    }
    this.tagTotals = totals;
    return totals;
  }

  private matcher(query: LibraryQuery): (pos: number) => boolean {
    let statusBits = 0;
    for (const s of query.statuses) statusBits |= 1 << (STATUS_CODE.get(s) ?? 0);
    if (statusBits === 0) statusBits = (1 << VIDEO_STATUSES.length) - 1;
    const tags = tagMask(query.tags);
    const all = query.tagMatch === 'all';
    const found = query.search.trim() === '' ? null : this.search(query.search);
    const status = this.status;
    const masks = this.masks;
    return (pos) => {
      const s = status[pos] ?? HIDDEN;
      if (s === HIDDEN || (statusBits & (1 << s)) === 0) return false;
      if (tags !== 0) {
        const m = masks[pos] ?? 0;
        if (all ? (m & tags) !== tags : (m & tags) === 0) return false;
      }
      return found === null || found[pos] === 1;
    };
  }

  private search(text: string): Uint8Array {
    const key = text.trim().toLowerCase();
    const hit = this.searches.get(key);
    if (hit) return hit;
    const marks = new Uint8Array(this.ids.length);
    const fts = toFtsQuery(text);
    if (fts !== null) {
      const rows = this.db
        .prepare('SELECT rowid FROM videos_fts WHERE videos_fts MATCH ?')
        .raw()
        .all(fts) as [number][];
      for (const [id] of rows) {
        const pos = this.positions.get(id);
        if (pos !== undefined) marks[pos] = 1;
      }
    }
    if (this.searches.size >= SEARCH_CACHE_SIZE) {
      const oldest = this.searches.keys().next().value;
      if (oldest !== undefined) this.searches.delete(oldest);
    }
    this.searches.set(key, marks);
    return marks;
  }

  private ensure(): void {
    if (this.builtVersion === this.version) return;
    const rows = this.db
      .prepare('SELECT id, created_at, credit_cost, title, status, tag_mask, pending FROM videos')
      .raw()
      .all() as RawRow[];
    const n = rows.length;
    const ids = new Int32Array(n);
    const created = new Float64Array(n);
    const cost = new Float64Array(n);
    const titles: string[] = new Array<string>(n);
    const status = new Uint8Array(n);
    const masks = new Int32Array(n);
    const positions = new Map<number, number>();
    rows.forEach((r, p) => {
      ids[p] = r[0];
      created[p] = r[1];
      cost[p] = r[2];
      titles[p] = r[3].toLowerCase();
      status[p] = r[6] === 'delete' ? HIDDEN : (STATUS_CODE.get(r[4]) ?? HIDDEN);
      masks[p] = r[5];
      positions.set(r[0], p);
    });
    const byId = (a: number, b: number): number => (ids[a] ?? 0) - (ids[b] ?? 0);
    const base = (): Int32Array => Int32Array.from({ length: n }, (_, i) => i);
    // Natural orders: newest first, most credits first, title A to Z; ties by id in the same direction.
    this.orders = {
      date: base().sort((a, b) => (created[b] ?? 0) - (created[a] ?? 0) || byId(b, a)),
      cost: base().sort((a, b) => (cost[b] ?? 0) - (cost[a] ?? 0) || byId(b, a)),
      title: base().sort((a, b) => {
        const ta = titles[a] ?? '';
        const tb = titles[b] ?? '';
        return ta < tb ? -1 : ta > tb ? 1 : byId(a, b);
      }),
    };
    this.ids = ids;
    this.status = status;
    this.masks = masks;
    this.positions = positions;
    this.builtVersion = this.version;
  }
}

/** Words of the user's text as an FTS5 prefix query (quoted, so no FTS syntax leaks through). */
export function toFtsQuery(text: string): string | null {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu);
  if (!words || words.length === 0) return null;
  return words
    .slice(0, 12)
    .map((w) => `"${w}"*`)
    .join(' ');
}
