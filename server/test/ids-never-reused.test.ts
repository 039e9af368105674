import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RegenerateResponse } from '../../src/shared/api/schemas';
import { migrate } from '../../src/shared/sqlite/migrate';
import { SERVER_MIGRATIONS } from '../src/db/migrations';
import { openServerDb } from '../src/db/open';
import { nextId } from '../src/repo/ids';
import {
  call,
  createUser,
  login,
  SETTINGS,
  startTestServer,
  tempDir,
  type TestServer,
} from './helpers/fixture';

let t: TestServer;

// Jobs never run here (a minute of simulated generation): the videos stay in processing.
beforeAll(async () => {
  t = await startTestServer({ genSeconds: 60 });
});
afterAll(async () => t.close());

async function create(token: string, prompt: string): Promise<number> {
  const r = await call<RegenerateResponse>(t.url, '/api/videos', {
    method: 'POST',
    token,
    json: { prompt, triggers: ['Rain'], settings: SETTINGS },
  });
  expect(r.status).toBe(201);
  return r.body.video.id;
}

const jobIdOf = (videoId: number) =>
  (t.db.prepare('SELECT id FROM jobs WHERE video_id = ?').get(videoId) as { id: number } | undefined)?.id;

describe('ids are never reused', () => {
  it('a video deleted as the newest leaves its id (and its job id) unused; a stale DELETE retry is 404', async () => {
    const alice = await createUser(t.db, { credits: 100 });
    const bob = await createUser(t.db, { credits: 100 });
    const [aliceToken, bobToken] = [await login(t.url, alice), await login(t.url, bob)];

    const gone = await create(aliceToken, 'Rain on a tin roof');
    const goneJob = jobIdOf(gone);
    expect(goneJob).toBeDefined();
    expect((await call(t.url, `/api/videos/${gone}`, { method: 'DELETE', token: aliceToken })).status).toBe(
      204,
    );

    const fresh = await create(bobToken, 'Whispers by the fire');
    expect(fresh).toBeGreaterThan(gone);
    expect(jobIdOf(fresh)).toBeGreaterThan(goneJob ?? Infinity);

    // Alice's client retries the delete it already made: nothing of Bob's is touched.
    const retry = await call(t.url, `/api/videos/${gone}`, { method: 'DELETE', token: aliceToken });
    expect(retry.status).toBe(404);
    expect((await call(t.url, `/api/videos/${fresh}`, { token: bobToken })).status).toBe(200);

    // Every ledger and audit row about the deleted id is Alice's.
    const ledgerOwners = t.db
      .prepare('SELECT DISTINCT user_id FROM credit_ledger WHERE video_id = ?')
      .all(gone) as { user_id: number }[];
    expect(ledgerOwners).toEqual([{ user_id: alice.id }]);
    const auditOwners = t.db
      .prepare(
        'SELECT DISTINCT a.user_id FROM action_log AS a, json_each(a.video_ids) AS j WHERE j.value = ?',
      )
      .all(gone) as { user_id: number }[];
    expect(auditOwners).toEqual([{ user_id: alice.id }]);
  });

  it('ledger and audit rows deleted with the newest id are not reused either', () => {
    const db = t.db;
    const before = nextId(db, 'credit_ledger');
    db.prepare('DELETE FROM credit_ledger WHERE id = (SELECT max(id) FROM credit_ledger)').run();
    expect(nextId(db, 'credit_ledger')).toBe(before + 1);
  });
});

describe('migration 004', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());

  it('starts each counter above every id still referenced (tombstones, ledger, audit log)', () => {
    const file = join(dir.path, 'v3.db');
    const v3 = new Database(file);
    migrate(v3, SERVER_MIGRATIONS.slice(0, 3));
    v3.exec(`
      INSERT INTO users (id, email, password_hash, plan, credits_balance, created_at)
        VALUES (1, 'a@example.com', 'x', 'free', 5, 1);
      INSERT INTO videos (id, user_id, title, prompt, triggers, tag_mask, settings, status, credit_cost,
                          created_at, updated_at, change_seq)
        VALUES (5, 1, 't', 'ppp', '[]', 0, '{}', 'ready', 1, 1, 1, 1);
      INSERT INTO video_tombstones (user_id, seq, video_id, deleted_at) VALUES (1, 2, 9, 1);
      INSERT INTO credit_ledger (user_id, kind, delta, balance_after, video_id, created_at)
        VALUES (1, 'generation', -1, 4, 12, 1);
      INSERT INTO action_log (user_id, action, video_ids, outcome, created_at)
        VALUES (1, 'delete', '[3, 17]', 'ok', 1);
    `);
    v3.close();
    const db = openServerDb(file);
    try {
      expect(nextId(db, 'videos')).toBe(18);
      expect(nextId(db, 'users')).toBe(2);
      expect(nextId(db, 'credit_ledger')).toBe(2);
      const video = db.prepare('SELECT tags FROM videos WHERE id = 5').get();
      expect(video).toEqual({ tags: null });
    } finally {
      db.close();
    }
  });
});
