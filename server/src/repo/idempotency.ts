import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { DomainError } from '../domain/errors';
import { stmt } from '../../../src/shared/sqlite/statements';

export function requestHash(parts: readonly string[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex');
}

export interface StoredResponse {
  statusCode: number;
  body: unknown;
}

/**
 * Looks up an earlier answer for (user, key), inside the caller's transaction. The same key with a
 * different request is a client bug and answers 409 rather than silently replaying the wrong result.
 */
export function findIdempotent(
  db: Database,
  userId: number,
  key: string,
  hash: string,
): StoredResponse | undefined {
  const row = stmt(
    db,
    'SELECT request_hash, status_code, response FROM idempotency_keys WHERE user_id = ? AND key = ?',
  ).get(userId, key) as { request_hash: string; status_code: number; response: string } | undefined;
  if (!row) return undefined;
  if (row.request_hash !== hash) {
    throw new DomainError('conflict', 'Idempotency-Key was already used for a different request');
  }
  const body: unknown = JSON.parse(row.response);
  return { statusCode: row.status_code, body };
}

export function storeIdempotent(
  db: Database,
  entry: { userId: number; key: string; hash: string; statusCode: number; body: unknown; now: number },
): void {
  stmt(
    db,
    `INSERT INTO idempotency_keys (user_id, key, request_hash, status_code, response, created_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(entry.userId, entry.key, entry.hash, entry.statusCode, JSON.stringify(entry.body), entry.now);
}

/** Keys are kept for a day, long enough for any client's retries. */
export function pruneIdempotency(db: Database, now: number): number {
  return stmt(db, 'DELETE FROM idempotency_keys WHERE created_at < ?').run(now - 24 * 3600_000).changes;
}
