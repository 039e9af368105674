import { hash, randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { LRUCache } from 'lru-cache';
import type { Plan } from '../../../src/shared/api/vocabulary';
import { dbStamp, type DbStamp } from './dbStamp';
import { stmt } from '../../../src/shared/sqlite/statements';

/** Tokens are 256 random bits; only their SHA-256 is stored, so a copy of the database opens no account. */
export function hashToken(token: string): string {
  // The one-shot form (Node 20.12+): no Hash object per request.
  return hash('sha256', token, 'hex');
}

export function createSession(
  db: Database,
  userId: number,
  now: number,
  ttlMs: number,
): { token: string; expiresAt: number } {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = now + ttlMs;
  stmt(db, 'INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)').run(
    hashToken(token),
    userId,
    now,
    expiresAt,
  );
  return { token, expiresAt };
}

export interface SessionLookup {
  userId: number;
  email: string;
  plan: Plan;
  expiresAt: number;
  revokedAt: number | null;
  tokenHash: string;
}

/**
 * Sessions as last read, by token hash, per connection. Writes on this connection that change what a
 * lookup returns (sign-out, pruning, a plan change) clear it; `PRAGMA data_version` moves whenever
 * another connection commits, which clears it too. So a hit is always what the database holds now,
 * and a request's auth costs a hash and the stamp (which the list route reuses) instead of a join.
 */
const lookups = new WeakMap<Database, { dataVersion: number; byHash: LRUCache<string, SessionLookup> }>();
const MAX_CACHED_SESSIONS = 10_000;

function cacheFor(db: Database, dataVersion: number): LRUCache<string, SessionLookup> {
  let cache = lookups.get(db);
  if (!cache || cache.dataVersion !== dataVersion) {
    cache = { dataVersion, byHash: new LRUCache({ max: MAX_CACHED_SESSIONS }) };
    lookups.set(db, cache);
  }
  return cache.byHash;
}

/** Call after any write on `db` that changes a session or what its lookup returns. */
export function forgetSessions(db: Database): void {
  lookups.delete(db);
}

/** `stamp`: the connection's stamp read just now (read here when not given). */
export function findSession(
  db: Database,
  token: string,
  stamp: DbStamp = dbStamp(db),
): SessionLookup | undefined {
  return findSessionByHash(db, hashToken(token), stamp);
}

/** As findSession, for a session already known by its token's hash (a live stream re-checking it). */
export function findSessionByHash(
  db: Database,
  tokenHash: string,
  stamp: DbStamp = dbStamp(db),
): SessionLookup | undefined {
  const cache = cacheFor(db, stamp.dataVersion);
  const hit = cache.get(tokenHash);
  if (hit) return hit;
  const row = stmt(
    db,
    `SELECT s.user_id AS userId, u.email AS email, u.plan AS plan, s.expires_at AS expiresAt,
            s.revoked_at AS revokedAt
       FROM sessions s JOIN users u ON u.id = s.user_id
      WHERE s.token_hash = ?`,
  ).get(tokenHash) as Omit<SessionLookup, 'tokenHash'> | undefined;
  if (!row) return undefined;
  const found = { ...row, tokenHash };
  cache.set(tokenHash, found);
  return found;
}

/**
 * Whether a session may still be used: it exists, was not signed out or revoked (by this process or any
 * other writing the same database) and has not expired. A cache hit while the database is unchanged, so
 * a long-lived stream can ask before every write.
 */
export function sessionLive(db: Database, tokenHash: string, now: number): boolean {
  const session = findSessionByHash(db, tokenHash);
  return session !== undefined && session.revokedAt === null && session.expiresAt > now;
}

export function revokeSession(db: Database, tokenHash: string, now: number): void {
  forgetSessions(db);
  stmt(db, 'UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL').run(
    now,
    tokenHash,
  );
}

/** Expired sessions are kept a day (so a client can still be told "expired") and then dropped. */
export function pruneSessions(db: Database, now: number): number {
  forgetSessions(db);
  return stmt(db, 'DELETE FROM sessions WHERE expires_at < ?').run(now - 24 * 3600_000).changes;
}
