import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { DomainError } from '../domain/errors';
import { stmt } from '../../../src/shared/sqlite/statements';

export function requestHash(parts: readonly string[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex');
}

/**
 * Looks up the result stored for (user, key), inside the caller's transaction, as the JSON it was
 * stored as. The same key with a different request is a client bug and is refused (conflict) rather
 * than silently replaying the wrong result.
 */
export function findIdempotent(db: Database, userId: number, key: string, hash: string): unknown {
  const row = stmt(
    db,
    'SELECT request_hash, response FROM idempotency_keys WHERE user_id = ? AND key = ?',
  ).get(userId, key) as { request_hash: string; response: string } | undefined;
  if (!row) return undefined;
  if (row.request_hash !== hash) {
    throw new DomainError('conflict', 'Idempotency-Key was already used for a different request');
  }
  const result: unknown = JSON.parse(row.response);
  return result;
}

export function storeIdempotent(
  db: Database,
  entry: { userId: number; key: string; hash: string; result: unknown; now: number },
): void {
  // status_code is no longer read: a replay answers with its route's status, as the first answer
  // did. The column stays (0 from here on) rather than rebuilding the table for it.
  stmt(
    db,
    `INSERT INTO idempotency_keys (user_id, key, request_hash, status_code, response, created_at)
     VALUES (?, ?, ?, 0, ?, ?)`,
  ).run(entry.userId, entry.key, entry.hash, JSON.stringify(entry.result), entry.now);
}

/** Keys are kept for a day, long enough for any client's retries. */
export function pruneIdempotency(db: Database, now: number): number {
  return stmt(db, 'DELETE FROM idempotency_keys WHERE created_at < ?').run(now - 24 * 3600_000).changes;
}
