import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import type { SortKey, SortOrder, TagMatch, VideoStatus } from '../../../src/shared/api/vocabulary';
import { SORT_KEYS, SORT_ORDERS, TAG_MATCHES, VIDEO_STATUSES } from '../../../src/shared/api/vocabulary';
import { HttpError } from '../http/errors';
import { stmt } from './statements';
import type { VideoRow } from './videos';

/** What a page needs from each row before its JSON is known: identity, version and sort keys. */
export type PageRow = Pick<VideoRow, 'id' | 'change_seq' | 'created_at' | 'credit_cost' | 'title'>;

export interface ListQuery {
  userId: number;
  sort: SortKey;
  order: SortOrder;
  status?: VideoStatus;
  tagMask: number;
  tagMatch: TagMatch;
  offset: number;
  limit: number;
  cursor?: string;
}

// Each sort's column and natural direction; `id` in the same direction breaks ties, and the indexes
// of migration 001 cover (user_id[, status], column, id), so a keyset page is one index range.
const SORTS: Record<SortKey, { column: string; desc: boolean; numeric: boolean }> = {
  date: { column: 'created_at', desc: true, numeric: true },
  cost: { column: 'credit_cost', desc: true, numeric: true },
  title: { column: 'title COLLATE NOCASE', desc: false, numeric: false },
};

const CursorSchema = z.object({
  v: z.literal(1),
  s: z.enum(SORT_KEYS),
  o: z.enum(SORT_ORDERS),
  st: z.enum(VIDEO_STATUSES).nullable(),
  t: z.number().int().nonnegative(),
  m: z.enum(TAG_MATCHES),
  k: z.union([z.number(), z.string()]),
  i: z.number().int().positive(),
  p: z.number().int().nonnegative(),
});
type Cursor = z.infer<typeof CursorSchema>;

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

/** Cursors are opaque to clients but checked here: malformed or from another query → 400. */
function decodeCursor(text: string, q: ListQuery): Cursor {
  let parsed: Cursor;
  try {
    parsed = CursorSchema.parse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
  } catch {
    throw new HttpError('bad_request', 'cursor: not a cursor this server issued');
  }
  const sameQuery =
    parsed.s === q.sort &&
    parsed.o === q.order &&
    parsed.st === (q.status ?? null) &&
    parsed.t === q.tagMask &&
    (q.tagMask === 0 || parsed.m === q.tagMatch) &&
    typeof parsed.k === (SORTS[q.sort].numeric ? 'number' : 'string');
  if (!sameQuery) {
    throw new HttpError(
      'bad_request',
      'cursor: it belongs to a different sort or filter; start from the first page',
    );
  }
  return parsed;
}

function filterSql(q: ListQuery): { sql: string; params: (number | string)[] } {
  let sql = 'user_id = ?';
  const params: (number | string)[] = [q.userId];
  if (q.status) {
    sql += ' AND status = ?';
    params.push(q.status);
  }
  if (q.tagMask !== 0) {
    if (q.tagMatch === 'all') {
      sql += ' AND (tag_mask & ?) = ?';
      params.push(q.tagMask, q.tagMask);
    } else {
      sql += ' AND (tag_mask & ?) != 0';
      params.push(q.tagMask);
    }
  }
  return { sql, params };
}

/**
 * Counting a user's matching videos is the one part of a page whose cost grows with the library. So
 * each user's videos are counted once per (status, tag mask) pair — a few hundred groups at most —
 * and every filter's total is summed from those groups, until that user's newest change sequence
 * moves. Any status / tag / any-all combination is then answered without touching the table.
 */
export class TotalCache {
  private readonly entries = new Map<
    number,
    { version: string; groups: { status: string; mask: number; n: number }[] }
  >();

  constructor(private readonly db: Database) {}

  private version(userId: number): string {
    const v = stmt(
      this.db,
      `SELECT (SELECT MAX(change_seq) FROM videos WHERE user_id = ?) AS a,
              (SELECT MAX(seq) FROM video_tombstones WHERE user_id = ?) AS b`,
    ).get(userId, userId) as { a: number | null; b: number | null };
    return `${v.a ?? 0}:${v.b ?? 0}`;
  }

  total(q: ListQuery): number {
    const version = this.version(q.userId);
    let entry = this.entries.get(q.userId);
    if (!entry || entry.version !== version) {
      const groups = stmt(
        this.db,
        'SELECT status, tag_mask AS mask, COUNT(*) AS n FROM videos WHERE user_id = ? GROUP BY status, tag_mask',
      ).all(q.userId) as { status: string; mask: number; n: number }[];
      entry = { version, groups };
      if (this.entries.size > 10_000) this.entries.clear();
      this.entries.set(q.userId, entry);
    }
    let total = 0;
    for (const g of entry.groups) {
      if (q.status && g.status !== q.status) continue;
      if (q.tagMask !== 0) {
        const hit = g.mask & q.tagMask;
        if (q.tagMatch === 'all' ? hit !== q.tagMask : hit === 0) continue;
      }
      total += g.n;
    }
    return total;
  }
}

export function listVideos(
  db: Database,
  totals: TotalCache,
  q: ListQuery,
): { rows: PageRow[]; total: number; offset: number; nextCursor: string | null } {
  const sort = SORTS[q.sort];
  const desc = q.order === 'default' ? sort.desc : !sort.desc;
  const dir = desc ? 'DESC' : 'ASC';
  const f = filterSql(q);
  let where = f.sql;
  const params = [...f.params];
  let offset = q.offset;
  if (q.cursor) {
    const c = decodeCursor(q.cursor, q);
    // Spelled out rather than as a row value: SQLite then bounds the index range on the column even
    // with COLLATE NOCASE, so a deep page costs the same as the first.
    const [cmpEq, cmp] = desc ? ['<=', '<'] : ['>=', '>'];
    where += ` AND ${sort.column} ${cmpEq} ? AND (${sort.column} ${cmp} ? OR id ${cmp} ?)`;
    params.push(c.k, c.k, c.i);
    offset = c.p;
  }
  const sql =
    // Only the small columns: most pages are answered from cached JSON, and the big text columns
    // (prompt, settings) are read by id just for the videos whose JSON is not cached.
    `SELECT id, change_seq, created_at, credit_cost, title FROM videos WHERE ${where} ` +
    `ORDER BY ${sort.column} ${dir}, id ${dir} LIMIT ? OFFSET ?`;
  params.push(q.limit + 1, q.cursor ? 0 : q.offset);
  const rows = stmt(db, sql).all(...params) as PageRow[];
  const hasMore = rows.length > q.limit;
  if (hasMore) rows.length = q.limit;
  const last = rows.at(-1);
  const nextCursor =
    hasMore && last
      ? encodeCursor({
          v: 1,
          s: q.sort,
          o: q.order,
          st: q.status ?? null,
          t: q.tagMask,
          m: q.tagMatch,
          k: q.sort === 'date' ? last.created_at : q.sort === 'cost' ? last.credit_cost : last.title,
          i: last.id,
          p: offset + rows.length,
        })
      : null;
  return { rows, total: totals.total(q), offset, nextCursor };
}
