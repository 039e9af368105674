import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiErrorSchema, CreditsSchema, RegenerateResponseSchema } from '../../src/shared/api/schemas';
import { call, createUser, insertVideos, login, startTestServer, type TestServer } from './helpers/fixture';

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer({ genSeconds: 600 });
});
afterAll(async () => t.close());

function ledgerConsistent(userId: number) {
  const rows = t.db
    .prepare('SELECT delta, balance_after FROM credit_ledger WHERE user_id = ? ORDER BY id')
    .all(userId) as {
    delta: number;
    balance_after: number;
  }[];
  return rows;
}

describe('credits under concurrent requests', () => {
  it('many parallel regenerates never overdraw and each success is charged exactly once', async () => {
    const user = await createUser(t.db, { credits: 50 });
    const [id] = insertVideos(t.db, user.id, [{ creditCost: 7 }]);
    const token = await login(t.url, user);
    const replies = await Promise.all(
      Array.from({ length: 40 }, () =>
        call(t.url, `/api/videos/${id}/regenerate`, { method: 'POST', token }),
      ),
    );
    const ok = replies.filter((r) => r.status === 201);
    const refused = replies.filter((r) => r.status === 402);
    expect(ok.length + refused.length).toBe(40);
    expect(ok).toHaveLength(7); // floor(50 / 7)
    for (const r of refused)
      expect(ApiErrorSchema.parse(r.body).error).toMatchObject({ code: 'insufficient_credits', required: 7 });
    const credits = CreditsSchema.parse((await call(t.url, '/api/user/credits', { token })).body);
    expect(credits.balance).toBe(1);
    const rows = ledgerConsistent(user.id);
    expect(rows).toHaveLength(7);
    let balance = 50;
    for (const r of rows) {
      balance += r.delta;
      expect(r.balance_after).toBe(balance);
      expect(r.balance_after).toBeGreaterThanOrEqual(0);
    }
    const newIds = new Set(ok.map((r) => RegenerateResponseSchema.parse(r.body).video.id));
    expect(newIds.size).toBe(7);
  });

  it('parallel retries with one Idempotency-Key create one video and charge once', async () => {
    const user = await createUser(t.db, { credits: 100 });
    const [id] = insertVideos(t.db, user.id, [{ creditCost: 9 }]);
    const token = await login(t.url, user);
    const replies = await Promise.all(
      Array.from({ length: 20 }, () =>
        call(t.url, `/api/videos/${id}/regenerate`, {
          method: 'POST',
          token,
          headers: { 'idempotency-key': 'same-key' },
        }),
      ),
    );
    expect(new Set(replies.map((r) => r.status))).toEqual(new Set([201]));
    expect(new Set(replies.map((r) => r.text)).size).toBe(1);
    expect(ledgerConsistent(user.id)).toEqual([{ delta: -9, balance_after: 91 }]);
    expect(t.db.prepare('SELECT COUNT(*) AS n FROM videos WHERE user_id = ?').get(user.id)).toEqual({ n: 2 });
  });

  it('the database refuses a negative balance even if a code path forgot to check', () => {
    const user = t.db.prepare('SELECT id FROM users LIMIT 1').get() as { id: number };
    expect(() => t.db.prepare('UPDATE users SET credits_balance = -1 WHERE id = ?').run(user.id)).toThrow(
      /CHECK constraint/,
    );
  });
});
