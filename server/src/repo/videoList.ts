import { z } from 'zod';
import type { SortKey, SortOrder, TagMatch, VideoStatus } from '../../../src/shared/api/vocabulary';
import { SORT_KEYS, SORT_ORDERS, TAG_MATCHES, VIDEO_STATUSES } from '../../../src/shared/api/vocabulary';
import { DomainError } from '../domain/errors';
import type { DbStamp } from './dbStamp';
import type { ListIndex, UserList } from './listIndex';

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

// Whether each sort's cursor key is a number (created_at, credit_cost) or a string (title). Pages come
// from the in-memory ListIndex, which orders exactly as `ORDER BY <column>, id` would in SQLite.
const SORTS: Record<SortKey, { numeric: boolean }> = {
  date: { numeric: true },
  cost: { numeric: true },
  title: { numeric: false },
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
    throw new DomainError('bad_request', 'cursor: not a cursor this server issued');
  }
  const sameQuery =
    parsed.s === q.sort &&
    parsed.o === q.order &&
    parsed.st === (q.status ?? null) &&
    parsed.t === q.tagMask &&
    (q.tagMask === 0 || parsed.m === q.tagMatch) &&
    typeof parsed.k === (SORTS[q.sort].numeric ? 'number' : 'string');
  if (!sameQuery) {
    throw new DomainError(
      'bad_request',
      'cursor: it belongs to a different sort or filter; start from the first page',
    );
  }
  return parsed;
}

/** `stamp`: the database's stamp when the request came in (see ListIndex.forUser). */
export function listVideos(
  lists: ListIndex,
  q: ListQuery,
  stamp?: DbStamp,
): { list: UserList; slots: number[]; total: number; offset: number; nextCursor: string | null } {
  const sort = SORTS[q.sort];
  const backwards = q.order !== 'default';
  const filter = { status: q.status, tagMask: q.tagMask, tagMatch: q.tagMatch };
  const list = lists.forUser(q.userId, stamp);
  let offset = q.offset;
  let from: { key: number | string; id: number } | { offset: number } = { offset };
  if (q.cursor) {
    const c = decodeCursor(q.cursor, q);
    from = { key: c.k, id: c.i };
    offset = c.p;
  }
  const slots = list.page(q.sort, backwards, filter, from, q.limit + 1);
  const hasMore = slots.length > q.limit;
  if (hasMore) slots.length = q.limit;
  const lastSlot = slots.at(-1);
  const last = hasMore && lastSlot !== undefined ? list.rowOf(lastSlot) : undefined;
  const nextCursor = last
    ? encodeCursor({
        v: 1,
        s: q.sort,
        o: q.order,
        st: q.status ?? null,
        t: q.tagMask,
        m: q.tagMatch,
        k: sort.numeric ? (q.sort === 'date' ? last.created_at : last.credit_cost) : last.title,
        i: last.id,
        p: offset + slots.length,
      })
    : null;
  return { list, slots, total: list.total(filter), offset, nextCursor };
}
