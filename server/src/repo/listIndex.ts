import { LRUCache } from 'lru-cache';
import type { Database } from 'better-sqlite3';
import type { SortKey, TagMatch, VideoStatus } from '../../../src/shared/api/vocabulary';
import { VIDEO_STATUSES } from '../../../src/shared/api/vocabulary';
import { dbStamp, sameStamp, type DbStamp } from './dbStamp';
import { ItemTexts, TextBudget } from './itemTexts';
import { compareNoCase, foldNoCase } from './noCase';
import { stmt } from '../../../src/shared/sqlite/statements';
import type { VideoRow } from './videos';

/** What the list holds of each row besides its status and tags: identity, version and sort keys. */
export type PageRow = Pick<VideoRow, 'id' | 'change_seq' | 'created_at' | 'credit_cost' | 'title'>;

export interface PageFilter {
  status?: VideoStatus;
  tagMask: number;
  tagMatch: TagMatch;
}

type IndexedRow = PageRow & Pick<VideoRow, 'status' | 'tag_mask'>;

/** A sort's slots in its natural order, with each one's filter code (see codeOf) alongside. */
interface SortedSlots {
  slots: number[];
  codes: number[];
}

const COLUMNS = 'id, change_seq, created_at, credit_cost, title, status, tag_mask';
/** Past this many changed rows since the last look, one full reload is cheaper than patching. */
const MAX_PATCH = 256;

/**
 * One user's videos, held in memory in every list order: the sort keys, status and tag mask of each
 * video (not its text), one array of slots per sort in that sort's natural order (date and cost
 * newest/most first, title A→Z under SQLite's NOCASE, ties by id in the same direction; the reversed
 * order is the same array walked backwards). A page is then a walk over an array: offset pages skip
 * without touching SQLite, a cursor is a binary search, and tag filters test a mask per entry.
 * Each slot also keeps its rendered list item texts (see ItemTexts), cleared whenever its row changes.
 */
export class UserList {
  private readonly ids: number[] = [];
  private readonly seqs: number[] = [];
  private readonly created: number[] = [];
  private readonly costs: number[] = [];
  private readonly titles: string[] = [];
  private readonly folded: string[] = [];
  private readonly statuses: number[] = [];
  private readonly masks: number[] = [];
  private readonly slotOf = new Map<number, number>();
  private readonly free: number[] = [];
  /** Each sort's slots in natural order, built when first needed. */
  private readonly orders = new Map<SortKey, SortedSlots>();
  /** Video counts by (tag mask, status), for totals; rebuilt after a change. */
  private groups: Map<number, number> | null = null;
  /** Totals already summed from `groups`, by filter. */
  private readonly totals = new LRUCache<string, number>({ max: 1000 });
  /**
   * The database's stamp taken before the list was last checked against it: while the stamp is
   * unchanged, nothing was written anywhere since, and the check can be skipped.
   */
  checkedAt: DbStamp | null = null;
  readonly texts: ItemTexts;

  constructor(
    /** MAX(change_seq) and MAX(tombstone seq) of the user when this was last brought up to date. */
    public maxSeq: number,
    public maxTomb: number,
    budget: TextBudget = new TextBudget(Infinity),
  ) {
    this.texts = new ItemTexts(budget);
  }

  get size(): number {
    return this.slotOf.size;
  }

  upsert(row: IndexedRow): void {
    this.remove(row.id);
    const slot = this.store(row);
    for (const [sort, order] of this.orders) {
      const at = this.upperBound(sort, order.slots, slot);
      order.slots.splice(at, 0, slot);
      order.codes.splice(at, 0, this.codeOf(slot));
    }
  }

  /**
   * Fills an empty list from rows in date order (newest first, ties by id, as the load query reads
   * them): the date order is then the load order, with nothing to sort.
   */
  fill(rowsByDate: readonly IndexedRow[]): void {
    if (this.slotOf.size > 0) throw new Error('fill is for an empty list');
    const slots = rowsByDate.map((row) => this.store(row));
    this.orders.set('date', { slots, codes: slots.map((slot) => this.codeOf(slot)) });
  }

  private store(row: IndexedRow): number {
    const slot = this.free.pop() ?? this.ids.length;
    this.ids[slot] = row.id;
    this.seqs[slot] = row.change_seq;
    this.created[slot] = row.created_at;
    this.costs[slot] = row.credit_cost;
    this.titles[slot] = row.title;
    this.folded[slot] = foldNoCase(row.title);
    this.statuses[slot] = VIDEO_STATUSES.indexOf(row.status);
    this.masks[slot] = row.tag_mask;
    this.slotOf.set(row.id, slot);
    this.texts.clearSlot(slot);
    this.groups = null;
    return slot;
  }

  remove(id: number): void {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    for (const [sort, order] of this.orders) {
      const at = this.lowerBound(sort, order.slots, slot);
      if (order.slots[at] !== slot) throw new Error(`list index out of order for video ${id}`);
      order.slots.splice(at, 1);
      order.codes.splice(at, 1);
    }
    this.slotOf.delete(id);
    this.texts.clearSlot(slot);
    this.free.push(slot);
    this.groups = null;
  }

  /** Natural-order comparison of slot a with the key (created/cost/folded title, id) of slot b. */
  private compare(sort: SortKey, a: number, key: number | string, id: number): number {
    const ida = this.ids[a] ?? 0;
    if (sort === 'title') {
      return compareNoCase(this.folded[a] ?? '', typeof key === 'string' ? key : '') || ida - id;
    }
    const ka = (sort === 'date' ? this.created[a] : this.costs[a]) ?? 0;
    const kb = typeof key === 'number' ? key : 0;
    return kb - ka || id - ida;
  }

  private keyOf(sort: SortKey, slot: number): number | string {
    if (sort === 'title') return this.folded[slot] ?? '';
    return (sort === 'date' ? this.created[slot] : this.costs[slot]) ?? 0;
  }

  /** First position whose entry is not before (key, id). */
  private search(sort: SortKey, order: readonly number[], key: number | string, id: number, strict: boolean) {
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const c = this.compare(sort, order[mid] ?? 0, key, id);
      if (c < 0 || (strict && c === 0)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private lowerBound(sort: SortKey, order: readonly number[], slot: number): number {
    return this.search(sort, order, this.keyOf(sort, slot), this.ids[slot] ?? 0, false);
  }

  private upperBound(sort: SortKey, order: readonly number[], slot: number): number {
    return this.search(sort, order, this.keyOf(sort, slot), this.ids[slot] ?? 0, true);
  }

  /** Tag mask and status of a slot in one small integer: what a filter tests. */
  private codeOf(slot: number): number {
    return (this.masks[slot] ?? 0) * 4 + (this.statuses[slot] ?? 0);
  }

  private order(sort: SortKey): SortedSlots {
    let order = this.orders.get(sort);
    if (!order) {
      const slots = [...this.slotOf.values()];
      slots.sort((a, b) => this.compare(sort, a, this.keyOf(sort, b), this.ids[b] ?? 0));
      order = { slots, codes: slots.map((slot) => this.codeOf(slot)) };
      this.orders.set(sort, order);
    }
    return order;
  }

  /** The id of the video in a slot that a page returned. */
  idOf(slot: number): number {
    return this.ids[slot] ?? 0;
  }

  /** The change_seq of the row version the list holds in a slot. */
  seqOf(slot: number): number {
    return this.seqs[slot] ?? 0;
  }

  /** The row (as the list holds it) in a slot that a page returned. */
  rowOf(slot: number): PageRow {
    return {
      id: this.ids[slot] ?? 0,
      change_seq: this.seqs[slot] ?? 0,
      created_at: this.created[slot] ?? 0,
      credit_cost: this.costs[slot] ?? 0,
      title: this.titles[slot] ?? '',
    };
  }

  /**
   * The slots of up to `limit` rows of the sort, forwards (natural order) or backwards, that match
   * the filter: after the cursor key (when given, exclusive) or else after skipping `offset` matches.
   * Valid until the list next changes.
   */
  page(
    sort: SortKey,
    backwards: boolean,
    f: PageFilter,
    from: { key: number | string; id: number } | { offset: number },
    limit: number,
  ): number[] {
    const { slots: order, codes } = this.order(sort);
    const status = f.status ? VIDEO_STATUSES.indexOf(f.status) : -1;
    const { tagMask } = f;
    const filtered = status >= 0 || tagMask !== 0;
    // A code matches when (code & and) === want and, for "any" of several tags (`any` not 0), when
    // (code & any) !== 0.
    // One tag, or "all" tags, is part of `want`: each of its bits must be set.
    const tagBits = tagMask << 2;
    const anyOf = f.tagMatch === 'any' && (tagMask & (tagMask - 1)) !== 0;
    const and = (status >= 0 ? 3 : 0) | (anyOf ? 0 : tagBits);
    const want = (status >= 0 ? status : 0) | (anyOf ? 0 : tagBits);
    const any = anyOf ? tagBits : 0;
    if ('key' in from) {
      const key = typeof from.key === 'string' ? foldNoCase(from.key) : from.key;
      const at = backwards
        ? this.search(sort, order, key, from.id, false) - 1
        : this.search(sort, order, key, from.id, true);
      return filtered
        ? collect(order, codes, at, backwards ? -1 : 1, 0, limit, and, want, any)
        : slice(order, at, backwards ? -1 : 1, limit);
    }
    if (!filtered)
      return slice(
        order,
        backwards ? order.length - 1 - from.offset : from.offset,
        backwards ? -1 : 1,
        limit,
      );
    // Matches are counted from the nearer end: past the total there is nothing to walk at all.
    const total = this.total(f);
    const skip = from.offset;
    if (skip >= total) return [];
    const end = Math.min(skip + limit, total);
    if (skip <= total - end) {
      return collect(
        order,
        codes,
        backwards ? order.length - 1 : 0,
        backwards ? -1 : 1,
        skip,
        limit,
        and,
        want,
        any,
      );
    }
    const out = collect(
      order,
      codes,
      backwards ? 0 : order.length - 1,
      backwards ? 1 : -1,
      total - end,
      end - skip,
      and,
      want,
      any,
    );
    return out.reverse();
  }

  /** How many videos match the filter, from counts per (tag mask, status). */
  total(f: PageFilter): number {
    const memo = `${f.status ?? ''}|${f.tagMask}|${f.tagMask === 0 ? '' : f.tagMatch}`;
    const known = this.groups ? this.totals.get(memo) : undefined;
    if (known !== undefined) return known;
    if (!this.groups) {
      this.totals.clear();
      const groups = new Map<number, number>();
      for (const slot of this.slotOf.values()) {
        const k = this.codeOf(slot);
        groups.set(k, (groups.get(k) ?? 0) + 1);
      }
      this.groups = groups;
    }
    const status = f.status ? VIDEO_STATUSES.indexOf(f.status) : -1;
    let total = 0;
    for (const [k, n] of this.groups) {
      if (status >= 0 && k % 4 !== status) continue;
      if (f.tagMask !== 0) {
        const hit = Math.floor(k / 4) & f.tagMask;
        if (f.tagMatch === 'all' ? hit !== f.tagMask : hit === 0) continue;
      }
      total += n;
    }
    this.totals.set(memo, total);
    return total;
  }
}

/** Up to `limit` slots from position `at` on, one `step` at a time. */
function slice(order: readonly number[], at: number, step: number, limit: number): number[] {
  const out: number[] = [];
  for (; at >= 0 && at < order.length && out.length < limit; at += step) out.push(order[at] ?? 0);
  return out;
}

/**
 * Up to `limit` slots whose codes match (see UserList.page), from position `at` on, one `step` at a
 * time, after passing over `skip` matches. The skipping reads only the codes array, in order.
 */
function collect(
  order: readonly number[],
  codes: readonly number[],
  at: number,
  step: number,
  skip: number,
  limit: number,
  and: number,
  want: number,
  any: number,
): number[] {
  const n = codes.length;
  for (; skip > 0 && at >= 0 && at < n; at += step) {
    const code = codes[at] ?? 0;
    if ((code & and) === want && (any === 0 || (code & any) !== 0)) skip--;
  }
  const out: number[] = [];
  for (; at >= 0 && at < n && out.length < limit; at += step) {
    const code = codes[at] ?? 0;
    if ((code & and) === want && (any === 0 || (code & any) !== 0)) out.push(order[at] ?? 0);
  }
  return out;
}

/**
 * The list indexes of the users who list their videos, kept up to date from the database. A page
 * first compares the database's stamp (see DbStamp) with the one the list was last checked at; when
 * anything was written since, it reads the user's newest change sequence and newest deletion (two
 * index lookups), and when either moved it applies just the rows changed since (or reloads the user
 * after many changes), so a page is never stale, whichever process or connection wrote the change.
 * Bounded by the number of videos held; the users listed least recently go first.
 */
export class ListIndex {
  private readonly users = new Map<number, UserList>();
  private held = 0;
  private readonly budget: TextBudget;

  constructor(
    private readonly db: Database,
    /** About 200 bytes each: the default holds a few hundred big libraries in ~100 MB. */
    private readonly maxVideos = 500_000,
    /** Rendered item texts of all lists (about 800 bytes each); the least recently listed go first. */
    maxTextBytes = 96 * 1024 * 1024,
  ) {
    this.budget = new TextBudget(maxTextBytes);
  }

  /**
   * The user's list, brought up to date with the database as of `stamp` (read now when not given;
   * a request passes the one it was authenticated with).
   */
  forUser(userId: number, stamp: DbStamp = dbStamp(this.db)): UserList {
    let list = this.users.get(userId);
    if (list) {
      // Most recently used last, so eviction takes the first.
      this.users.delete(userId);
      this.users.set(userId, list);
      if (list.checkedAt !== null && sameStamp(list.checkedAt, stamp)) {
        if (this.budget.over) this.dropTexts(list);
        return list;
      }
    }
    const v = stmt(
      this.db,
      `SELECT (SELECT MAX(change_seq) FROM videos WHERE user_id = ?) AS a,
              (SELECT MAX(seq) FROM video_tombstones WHERE user_id = ?) AS b`,
    ).get(userId, userId) as { a: number | null; b: number | null };
    const maxSeq = v.a ?? 0;
    const maxTomb = v.b ?? 0;
    if (list && !(list.maxSeq === maxSeq && list.maxTomb === maxTomb)) {
      if (!this.patch(userId, list, maxSeq, maxTomb)) list = undefined;
    }
    if (!list) list = this.load(userId, maxSeq, maxTomb);
    // The stamp was read before the queries above, so the list is at least as new as it says.
    list.checkedAt = stamp;
    this.evict(userId);
    if (this.budget.over) this.dropTexts(list);
    return list;
  }

  /** Applies the deletions and row changes since the list's versions; false when a reload is due. */
  private patch(userId: number, list: UserList, maxSeq: number, maxTomb: number): boolean {
    // A sequence that went down means rows went away without a tombstone (or tombstones were pruned):
    // only a reload is sure to be right.
    if (maxTomb < list.maxTomb || (maxSeq < list.maxSeq && maxTomb === list.maxTomb)) return false;
    const gone = stmt(
      this.db,
      `SELECT video_id AS id FROM video_tombstones WHERE user_id = ? AND seq > ? LIMIT ${MAX_PATCH + 1}`,
    ).all(userId, list.maxTomb) as { id: number }[];
    const changed = stmt(
      this.db,
      `SELECT ${COLUMNS} FROM videos WHERE user_id = ? AND change_seq > ? LIMIT ${MAX_PATCH + 1}`,
    ).all(userId, list.maxSeq) as IndexedRow[];
    if (gone.length + changed.length > MAX_PATCH) return false;
    const before = list.size;
    for (const g of gone) list.remove(g.id);
    for (const row of changed) list.upsert(row);
    this.held += list.size - before;
    list.maxSeq = maxSeq;
    list.maxTomb = maxTomb;
    return true;
  }

  private load(userId: number, maxSeq: number, maxTomb: number): UserList {
    const old = this.users.get(userId);
    if (old) {
      this.held -= old.size;
      old.texts.clear();
    }
    const list = new UserList(maxSeq, maxTomb, this.budget);
    // An index-only range of videos_user_list (migration 003), read backwards: already in date order.
    list.fill(
      stmt(this.db, `SELECT ${COLUMNS} FROM videos WHERE user_id = ? ORDER BY created_at DESC, id DESC`).all(
        userId,
      ) as IndexedRow[],
    );
    this.users.set(userId, list);
    this.held += list.size;
    return list;
  }

  private evict(keep: number): void {
    for (const [userId, list] of this.users) {
      if (this.held <= this.maxVideos) return;
      if (userId === keep) continue;
      this.users.delete(userId);
      this.held -= list.size;
      list.texts.clear();
    }
  }

  /** Frees rendered texts, least recently listed first, the current list's last. */
  private dropTexts(current: UserList): void {
    for (const list of this.users.values()) {
      if (!this.budget.over) return;
      if (list !== current) list.texts.clear();
    }
    if (this.budget.over) current.texts.clear();
  }
}
