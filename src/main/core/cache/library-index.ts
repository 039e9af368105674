import { LRUCache } from 'lru-cache';
import type { Database } from 'better-sqlite3';
import {
  SORT_KEYS,
  TRIGGER_TAGS,
  VIDEO_STATUSES,
  type SortKey,
  type TriggerTag,
} from '../../../shared/api/vocabulary';
import type { LibraryQuery } from '../../../shared/ipc/models';
import { markUnindexedMatches, searchTokens } from './unindexed-search';
import { stmt } from '../../../shared/sqlite/statements';
import { tagMask } from './videos';

const STATUS_CODE = new Map<string, number>(VIDEO_STATUSES.map((s, i) => [s, i]));
const ALL_STATUSES = (1 << VIDEO_STATUSES.length) - 1;
/** Rows hidden from every query (a delete applied locally and not yet confirmed). */
const HIDDEN = 31;

// Each order is read as one number per row, `id`, status code and tag mask packed together (exact in a
// double for ids below 2^35; the index holds ids in Int32Arrays, so below 2^31 anyway), so rebuilding an order allocates one array of numbers instead of one row
// object and one status string per video: about half the time, and far less garbage for the collector
// to pause on during the queries that follow.
const TAG_BITS = TRIGGER_TAGS.length;
const HIDDEN_CODE = VIDEO_STATUSES.length;
const CODE_BITS = Math.ceil(Math.log2(HIDDEN_CODE + 1));
const LOW = 2 ** (TAG_BITS + CODE_BITS);
const PACKED = `id * ${LOW} + (CASE WHEN pending = 'delete' THEN ${HIDDEN_CODE} ${VIDEO_STATUSES.map(
  (s, i) => `WHEN status = '${s}' THEN ${i}`,
).join(' ')} ELSE ${HIDDEN_CODE} END) * ${2 ** TAG_BITS} + tag_mask`;
const SEARCH_CACHE_SIZE = 16;
const COUNT_CACHE_SIZE = 1000;

/** Natural orders: newest first, most credits first, title A to Z; ties by id in the same direction. */
const ORDER_SQL: Record<SortKey, string> = {
  date: 'created_at DESC, id DESC',
  cost: 'credit_cost DESC, id DESC',
  title: 'title COLLATE NOCASE ASC, id ASC',
};

/** One sort order with the filter columns laid out in that order, so a scan touches memory linearly. */
interface Ordered {
  ids: Int32Array;
  /** Bit (1 << status code), or 1 << HIDDEN. */
  status: Int32Array;
  masks: Int32Array;
}

interface Filter {
  statusBits: number;
  tags: number;
  all: boolean;
  /** Indexed by video id: 1 = matches the search. */
  found: Uint8Array | null;
}

/**
 * The library's three sort orders with their filter columns, held in typed arrays. An order is built
 * from SQLite (which sorts) on first use, then kept current through writes: the ids a write touched are
 * noted, and the next query of that order takes them out and merges them back in at their new places
 * (read and sorted by SQLite, placed by binary search on the sort keys). Counting or paging 100,000
 * videos under any sort, status and tag filter is then a tight linear pass over a few hundred kilobytes,
 * with no deep OFFSET scans; only the visible rows are read from the database. Text search comes from
 * FTS5, kept per search text until the data changes, and counts are kept per query until the data changes.
 */
export class LibraryIndex {
  private orders: Partial<Record<SortKey, Ordered>> = {};
  /** Per built order, the ids written since it was built or merged. */
  private readonly dirty = new Map<SortKey, Set<number>>();
  /** Per order that was merged into, each row's sort key by id (loaded on the first merge). */
  private readonly keys = new Map<SortKey, (number | string)[]>();
  // Each search's marks are max(id) + 1 bytes, so only the latest few searches are kept.
  private readonly searches = new LRUCache<string, Uint8Array>({ max: SEARCH_CACHE_SIZE });
  private readonly counts = new LRUCache<string, number>({ max: COUNT_CACHE_SIZE });
  private tagTotals: Record<TriggerTag, number> | null = null;
  /** Orders sorted from scratch so far (a test and the bench read it). */
  fullBuilds = 0;

  constructor(private readonly db: Database) {}

  /** Forgets every order; the next query sorts from scratch. */
  invalidate(): void {
    this.orders = {};
    this.dirty.clear();
    this.keys.clear();
    this.forgetResults();
  }

  /** Rows with these ids were inserted, updated or deleted; the next query merges them into its order. */
  changed(ids: readonly number[]): void {
    for (const set of this.dirty.values()) for (const id of ids) set.add(id);
    this.forgetResults();
  }

  /**
   * A video changed without moving in any order (same date, cost and title: a status, progress or tag
   * change, or a removal): patch its filter columns where it stands instead of merging it.
   */
  patch(id: number, row: { status: string; tag_mask: number; pending: string | null } | null): void {
    const status =
      row === null || row.pending === 'delete' ? 1 << HIDDEN : 1 << (STATUS_CODE.get(row.status) ?? HIDDEN);
    for (const sort of SORT_KEYS) {
      const o = this.orders[sort];
      if (!o) continue;
      const k = o.ids.indexOf(id);
      if (k === -1) {
        this.dirty.get(sort)?.add(id);
        continue;
      }
      o.status[k] = status;
      o.masks[k] = row?.tag_mask ?? 0;
    }
    this.forgetResults();
  }

  count(query: LibraryQuery): number {
    const order = this.order(query.sort);
    const key = countKey(query);
    const cached = this.counts.get(key);
    if (cached !== undefined) return cached;
    const total = scan(order, this.filter(query), false, 0, 0, null);
    this.counts.set(key, total);
    return total;
  }

  /** The ids at [offset, offset + limit) of the query's order, and the total. */
  slice(query: LibraryQuery, offset: number, limit: number): { ids: number[]; total: number } {
    const order = this.order(query.sort);
    const filter = this.filter(query);
    const key = countKey(query);
    const known = this.counts.get(key);
    const ids: number[] = [];
    const seen = scan(order, filter, query.order === 'reversed', offset, limit, ids, known !== undefined);
    const total = known ?? seen;
    this.counts.set(key, total);
    return { ids, total };
  }

  tagCounts(): Record<TriggerTag, number> {
    const o = this.order('date');
    if (this.tagTotals) return this.tagTotals;
    const bits = new Array<number>(TRIGGER_TAGS.length).fill(0);
    const hidden = 1 << HIDDEN;
    for (let k = 0; k < o.masks.length; k++) {
      if ((o.status[k] ?? hidden) === hidden) continue;
      const m = o.masks[k] ?? 0;
      for (let i = 0; i < bits.length; i++) if (m & (1 << i)) bits[i] = (bits[i] ?? 0) + 1;
    }
    const totals = Object.fromEntries(TRIGGER_TAGS.map((t, i) => [t, bits[i] ?? 0]));
    this.tagTotals = totals as Record<TriggerTag, number>;
    return this.tagTotals;
  }

  private forgetResults(): void {
    this.searches.clear();
    this.counts.clear();
    this.tagTotals = null;
  }

  private filter(query: LibraryQuery): Filter {
    let statusBits = 0;
    for (const s of query.statuses) statusBits |= 1 << (STATUS_CODE.get(s) ?? 0);
    return {
      statusBits: statusBits === 0 ? ALL_STATUSES : statusBits,
      tags: tagMask(query.tags),
      all: query.tagMatch === 'all',
      found: query.search.trim() === '' ? null : this.search(query.search),
    };
  }

  private search(text: string): Uint8Array {
    const key = text.trim().toLowerCase();
    const hit = this.searches.get(key);
    if (hit) return hit;
    const maxId = (stmt(this.db, 'SELECT coalesce(max(id), 0) FROM videos').pluck().get() as number) ?? 0;
    const marks = new Uint8Array(maxId + 1);
    const fts = toFtsQuery(text);
    if (fts !== null) {
      // One string for all matches instead of one JavaScript value per row: far cheaper for broad words.
      const list = stmt(this.db, "SELECT group_concat(rowid, ',') FROM videos_fts WHERE videos_fts MATCH ?")
        .pluck()
        .get(fts);
      if (typeof list === 'string') markIds(list, marks);
      // Rows whose indexing is still to come are matched directly, so the search never misses them.
      markUnindexedMatches(this.db, searchTokens(searchWords(text).join(' ')), marks);
    }
    this.searches.set(key, marks);
    return marks;
  }

  /**
   * The order, current. Sorting 100,000 rows from scratch takes about 90 ms, which a page request
   * during the first sync (one every 50 ms, a write batch between each) cannot afford: written rows are
   * merged instead, unless they are more than a quarter of the order, when sorting from scratch costs
   * about as much (and, the order growing by a quarter each time, adds up to a few full sorts per sync).
   */
  private order(sort: SortKey): Ordered {
    const existing = this.orders[sort];
    const dirty = this.dirty.get(sort);
    if (existing && dirty) {
      if (dirty.size === 0) return existing;
      if (dirty.size * 4 <= existing.ids.length) {
        const merged = this.merge(sort, existing, dirty);
        this.dirty.set(sort, new Set());
        this.orders[sort] = merged;
        return merged;
      }
    }
    const packed = stmt(this.db, `SELECT ${PACKED} FROM videos ORDER BY ${ORDER_SQL[sort]}`)
      .pluck()
      .all() as number[];
    const o = emptyOrder(packed.length);
    for (let k = 0; k < packed.length; k++) unpack(packed[k] ?? 0, o, k);
    this.fullBuilds++;
    this.orders[sort] = o;
    // The loaded keys stay: only the written rows' keys changed (a full read of them costs more).
    const keys = this.keys.get(sort);
    if (keys && dirty && dirty.size > 0) {
      const rows = stmt(
        this.db,
        `SELECT id, ${KEY_SQL[sort]} FROM videos WHERE id IN (SELECT value FROM json_each(?))`,
      )
        .raw()
        .all(JSON.stringify([...dirty])) as [number, number | string][];
      for (const [id, key] of rows) keys[id] = key;
    }
    this.dirty.set(sort, new Set());
    return o;
  }

  /** `o` without the rows in `dirty`, with their current versions (if any) at their places. */
  private merge(sort: SortKey, o: Ordered, dirty: Set<number>): Ordered {
    const keys = this.sortKeys(sort);
    const rows = stmt(
      this.db,
      `SELECT ${PACKED}, ${KEY_SQL[sort]} FROM videos WHERE id IN (SELECT value FROM json_each(?)) ORDER BY ${ORDER_SQL[sort]}`,
    )
      .raw()
      .all(JSON.stringify([...dirty])) as [number, number | string][];
    // The base: the order without the written rows (their keys in `keys` are about to change).
    const base = emptyOrder(o.ids.length);
    let n = 0;
    for (let k = 0; k < o.ids.length; k++) {
      const id = o.ids[k] ?? 0;
      if (dirty.has(id)) continue;
      base.ids[n] = id;
      base.status[n] = o.status[k] ?? 0;
      base.masks[n] = o.masks[k] ?? 0;
      n++;
    }
    const before = BEFORE[sort];
    const out = emptyOrder(n + rows.length);
    let from = 0;
    let at = 0;
    for (const [packed, key] of rows) {
      const id = Math.floor(packed / LOW);
      // The first base row that sorts after this one (rows come sorted, so the search starts at `from`).
      let lo = from;
      let hi = n;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        const other = base.ids[mid] ?? 0;
        if (before(keys[other] ?? 0, other, key, id)) lo = mid + 1;
        else hi = mid;
      }
      copy(base, from, lo, out, at);
      at += lo - from;
      from = lo;
      unpack(packed, out, at++);
      keys[id] = key;
    }
    copy(base, from, n, out, at);
    return out;
  }

  /** Each row's sort key by id, read once per order (merges keep it current). */
  private sortKeys(sort: SortKey): (number | string)[] {
    const known = this.keys.get(sort);
    if (known) return known;
    // Two columns of plain values in rowid order (no sort, no array per row): a tenth of the time of
    // reading [id, key] rows.
    const ids = stmt(this.db, 'SELECT id FROM videos ORDER BY id').pluck().all() as number[];
    const values = stmt(this.db, `SELECT ${KEY_SQL[sort]} FROM videos ORDER BY id`).pluck().all() as (
      number | string
    )[];
    const keys = new Array<number | string>(ids.at(-1) ?? 0);
    for (let k = 0; k < ids.length; k++) keys[ids[k] ?? 0] = values[k] ?? 0;
    this.keys.set(sort, keys);
    return keys;
  }
}

const KEY_SQL: Record<SortKey, string> = { date: 'created_at', cost: 'credit_cost', title: 'title' };

/** Whether row (a, idA) comes before row (b, idB) in the order: ORDER_SQL, in JavaScript. */
const BEFORE: Record<SortKey, (a: number | string, idA: number, b: number | string, idB: number) => boolean> =
  {
    date: descending,
    cost: descending,
    title: (a, idA, b, idB) => {
      const c = compareNoCase(String(a), String(b));
      return c < 0 || (c === 0 && idA < idB);
    },
  };

function descending(a: number | string, idA: number, b: number | string, idB: number): boolean {
  return a > b || (a === b && idA > idB);
}

/**
 * SQLite's NOCASE collation: ASCII letters folded, then the UTF-8 bytes compared, which is code point
 * order (UTF-16 units put U+E000–U+FFFF after the surrogates that encode U+10000 and above).
 */
export function compareNoCase(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 65 && x <= 90) x += 32;
    if (y >= 65 && y <= 90) y += 32;
    if (x === y) continue;
    if (x >= 0xd800 && x < 0xe000) x += 0x10000;
    if (y >= 0xd800 && y < 0xe000) y += 0x10000;
    return x - y;
  }
  return a.length - b.length;
}

function emptyOrder(n: number): Ordered {
  return { ids: new Int32Array(n), status: new Int32Array(n), masks: new Int32Array(n) };
}

/** Writes one packed row (id, status code, tag mask) at position k. */
function unpack(v: number, o: Ordered, k: number): void {
  const id = Math.floor(v / LOW);
  const low = v - id * LOW;
  const code = Math.floor(low / 2 ** TAG_BITS);
  o.ids[k] = id;
  o.status[k] = 1 << (code === HIDDEN_CODE ? HIDDEN : code);
  o.masks[k] = low & (2 ** TAG_BITS - 1);
}

function copy(from: Ordered, start: number, end: number, to: Ordered, at: number): void {
  to.ids.set(from.ids.subarray(start, end), at);
  to.status.set(from.status.subarray(start, end), at);
  to.masks.set(from.masks.subarray(start, end), at);
}

/**
 * Counts the matching rows of `o` and copies the ids at [offset, offset + limit) into `out`. With
 * `stopEarly` (the total is already known) it stops once the window is filled.
 */
function scan(
  o: Ordered,
  f: Filter,
  reversed: boolean,
  offset: number,
  limit: number,
  out: number[] | null,
  stopEarly = false,
): number {
  const { ids, status, masks } = o;
  const n = ids.length;
  const statusBits = f.statusBits;
  const tags = f.tags;
  const all = f.all;
  const found = f.found;
  const end = offset + limit;
  let seen = 0;
  for (let k = 0; k < n; k++) {
    const i = reversed ? n - 1 - k : k;
    if (((status[i] ?? 0) & statusBits) === 0) continue;
    if (tags !== 0) {
      const m = masks[i] ?? 0;
      if (all ? (m & tags) !== tags : (m & tags) === 0) continue;
    }
    if (found !== null && found[ids[i] ?? 0] !== 1) continue;
    if (out !== null && seen >= offset && seen < end) out.push(ids[i] ?? 0);
    seen++;
    if (stopEarly && seen >= end) break;
  }
  return seen;
}

/** Sets marks[id] for each id of a comma-separated list of decimal ids. */
function markIds(list: string, marks: Uint8Array): void {
  let id = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list.charCodeAt(i);
    if (c === 44) {
      if (id < marks.length) marks[id] = 1;
      id = 0;
    } else id = id * 10 + (c - 48);
  }
  if (list.length > 0 && id < marks.length) marks[id] = 1;
}

function countKey(q: LibraryQuery): string {
  return `${[...q.statuses].sort().join(',')}|${[...q.tags].sort().join(',')}|${q.tagMatch}|${q.search.trim().toLowerCase()}`;
}

/** Words of the user's text as an FTS5 prefix query (quoted, so no FTS syntax leaks through). */
export function toFtsQuery(text: string): string | null {
  const words = searchWords(text);
  if (words.length === 0) return null;
  return words.map((w) => `"${w}"*`).join(' ');
}

/** The words searched for (at most 12), each matched as the start of a word. */
function searchWords(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 12);
}
