import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServerDb } from '../src/db/open';
import { createSession, findSession, pruneSessions, revokeSession } from '../src/repo/sessions';
import { setPlan } from '../src/repo/users';
import { createUser, tempDir } from './helpers/fixture';

// Session lookups are cached per connection; every change to what a lookup returns must show on the
// next lookup, whether this connection wrote it or another one did.

let dir: ReturnType<typeof tempDir>;
let db: Db;
let other: Db;

beforeAll(() => {
  dir = tempDir('session-cache-');
  db = openServerDb(join(dir.path, 'server.db'));
  other = new Database(join(dir.path, 'server.db'));
});
afterAll(() => {
  other?.close();
  db?.close();
  dir?.remove();
});

describe('findSession cache', () => {
  it('follows a plan change and a sign-out made on the same connection', async () => {
    const user = await createUser(db, { plan: 'free' });
    const { token } = createSession(db, user.id, Date.now(), 60_000);
    const first = findSession(db, token);
    expect(first).toMatchObject({ userId: user.id, plan: 'free', revokedAt: null });
    expect(findSession(db, token)).toEqual(first);
    setPlan(db, user.id, 'pro');
    expect(findSession(db, token)?.plan).toBe('pro');
    revokeSession(db, first?.tokenHash ?? '', Date.now());
    expect(findSession(db, token)?.revokedAt).not.toBeNull();
  });

  it('follows changes committed by another connection', async () => {
    const user = await createUser(db, { plan: 'basic' });
    const { token } = createSession(db, user.id, Date.now(), 60_000);
    const hash = findSession(db, token)?.tokenHash ?? '';
    other.prepare('UPDATE sessions SET expires_at = 1 WHERE token_hash = ?').run(hash);
    expect(findSession(db, token)?.expiresAt).toBe(1);
    other.prepare("UPDATE users SET plan = 'pro' WHERE id = ?").run(user.id);
    expect(findSession(db, token)?.plan).toBe('pro');
    other.prepare('DELETE FROM sessions WHERE token_hash = ?').run(hash);
    expect(findSession(db, token)).toBeUndefined();
  });

  it('forgets sessions that pruning removed', async () => {
    const user = await createUser(db);
    const { token } = createSession(db, user.id, Date.now() - 3 * 86_400_000, 1000);
    expect(findSession(db, token)).toBeDefined();
    expect(pruneSessions(db, Date.now())).toBeGreaterThan(0);
    expect(findSession(db, token)).toBeUndefined();
  });

  it('keeps the sessions in use when more are looked up than it holds, instead of starting over', async () => {
    const user = await createUser(db);
    const now = Date.now();
    const active = createSession(db, user.id, now, 60_000).token;
    const others = db.transaction(() =>
      Array.from({ length: 12_000 }, () => createSession(db, user.id, now, 60_000).token),
    )();
    const first = findSession(db, active);
    others.forEach((token, i) => {
      expect(findSession(db, token)).toBeDefined();
      if (i % 1000 === 0) findSession(db, active);
    });
    // Still the object read at first: never dropped, though more sessions than the bound went by.
    expect(findSession(db, active)).toBe(first);
  });
});
