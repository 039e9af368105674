import type { Database } from 'better-sqlite3';
import { DomainError } from '../domain/errors';
import { stmt } from '../../../src/shared/sqlite/statements';
import type { VideoRow } from './videos';

export type FeedEntry =
  { type: 'upsert'; seq: number; row: VideoRow } | { type: 'delete'; seq: number; id: number };

const PREFIX = 'c1.';

export function encodeChangeCursor(seq: number): string {
  return `${PREFIX}${seq.toString(36)}`;
}

/** `since` is a cursor this server gave out (or empty for "from the beginning"). */
export function decodeChangeCursor(since: string | undefined): number {
  if (since === undefined || since === '') return 0;
  const body = since.startsWith(PREFIX) ? since.slice(PREFIX.length) : null;
  const seq = body !== null && /^[0-9a-z]{1,11}$/.test(body) ? parseInt(body, 36) : NaN;
  if (!Number.isSafeInteger(seq) || seq < 0) {
    throw new DomainError('bad_request', 'since: not a change cursor this server issued');
  }
  return seq;
}

/**
 * Upserts and deletions after `since`, in sequence order. Every write takes its sequence number inside
 * its own transaction and SQLite commits writers one at a time, so a reader never sees a sequence
 * before all smaller ones are visible: paging by "greater than the last seq seen" misses nothing and
 * repeats nothing. An edited video moves to its new, larger seq, so it is reported again only if it
 * changed again.
 */
export function readChanges(
  db: Database,
  userId: number,
  since: number,
  limit: number,
): { entries: FeedEntry[]; hasMore: boolean; lastSeq: number } {
  const read = db.transaction(() => {
    const ups = stmt(
      db,
      'SELECT * FROM videos WHERE user_id = ? AND change_seq > ? ORDER BY change_seq LIMIT ?',
    ).all(userId, since, limit + 1) as VideoRow[];
    const dels = stmt(
      db,
      'SELECT seq, video_id FROM video_tombstones WHERE user_id = ? AND seq > ? ORDER BY seq LIMIT ?',
    ).all(userId, since, limit + 1) as { seq: number; video_id: number }[];
    return { ups, dels };
  });
  const { ups, dels } = read();
  const merged: FeedEntry[] = [
    ...ups.map((row): FeedEntry => ({ type: 'upsert', seq: row.change_seq, row })),
    ...dels.map((d): FeedEntry => ({ type: 'delete', seq: d.seq, id: d.video_id })),
  ].sort((a, b) => a.seq - b.seq);
  const hasMore = merged.length > limit;
  const entries = merged.slice(0, limit);
  return { entries, hasMore, lastSeq: entries.at(-1)?.seq ?? since };
}
