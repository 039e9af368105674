import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiErrorSchema,
  BillingResponseSchema,
  CatalogSchema,
  CreditsSchema,
  MetricsSchema,
} from '../../src/shared/api/schemas';
import { call, createUser, insertVideos, login, startTestServer, type TestServer } from './helpers/fixture';

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer({ genSeconds: 600 });
});
afterAll(async () => t.close());

describe('billing stand-ins', () => {
  it('the catalog lists packs and plans with their qualities', async () => {
    const token = await login(t.url, await createUser(t.db));
    const c = CatalogSchema.parse((await call(t.url, '/api/billing/catalog', { token })).body);
    expect(c.packs.map((p) => p.id)).toEqual(['starter', 'creator', 'studio']);
    expect(c.plans.map((p) => [p.id, p.qualities])).toEqual([
      ['free', ['sd']],
      ['basic', ['sd', 'hd']],
      ['pro', ['sd', 'hd', '4k']],
    ]);
    expect((await call(t.url, '/api/billing/catalog')).status).toBe(401);
  });

  it('buying a pack credits the balance, writes the ledger and the action log', async () => {
    const user = await createUser(t.db, { credits: 5 });
    const token = await login(t.url, user);
    const r = await call(t.url, '/api/billing/purchase', {
      method: 'POST',
      token,
      json: { pack: 'creator' },
    });
    expect(r.status).toBe(200);
    expect(BillingResponseSchema.parse(r.body).credits.balance).toBe(505);
    expect(
      t.db
        .prepare('SELECT kind, delta, balance_after, note FROM credit_ledger WHERE user_id = ?')
        .all(user.id),
    ).toEqual([{ kind: 'purchase', delta: 500, balance_after: 505, note: 'pack:creator' }]);
    expect(
      t.db.prepare("SELECT outcome FROM action_log WHERE user_id = ? AND action = 'purchase'").all(user.id),
    ).toEqual([{ outcome: 'ok' }]);
    const bad = await call(t.url, '/api/billing/purchase', {
      method: 'POST',
      token,
      json: { pack: 'free-money' },
    });
    expect(bad.status).toBe(400);
    expect(ApiErrorSchema.parse(bad.body).error.message).toContain('body.pack');
  });

  it('changing plan updates the user, grants credits on an upgrade, and is recorded', async () => {
    const user = await createUser(t.db, { plan: 'free', credits: 0 });
    const token = await login(t.url, user);
    const up = BillingResponseSchema.parse(
      (await call(t.url, '/api/billing/plan', { method: 'POST', token, json: { plan: 'basic' } })).body,
    );
    expect(up.user.plan).toBe('basic');
    expect(up.credits).toMatchObject({ plan: 'basic', balance: 500 });
    const down = BillingResponseSchema.parse(
      (await call(t.url, '/api/billing/plan', { method: 'POST', token, json: { plan: 'free' } })).body,
    );
    expect(down.credits).toMatchObject({ plan: 'free', balance: 500 });
    expect(
      t.db.prepare('SELECT kind, delta, note FROM credit_ledger WHERE user_id = ? ORDER BY id').all(user.id),
    ).toEqual([
      {
        kind: 'plan_change',
        delta: 500,
        note: expect.stringMatching(/^free->basic: basic's 500 monthly credits/),
      },
      { kind: 'plan_change', delta: 0, note: 'basic->free: downgrade, no grant' },
    ]);
    expect(
      t.db
        .prepare("SELECT COUNT(*) AS n FROM action_log WHERE user_id = ? AND action = 'plan_change'")
        .get(user.id),
    ).toEqual({ n: 2 });
    expect(
      (await call(t.url, '/api/billing/plan', { method: 'POST', token, json: { plan: 'gold' } })).status,
    ).toBe(400);
  });

  it("a plan's credits are granted once per billing period, however often the plan is switched", async () => {
    const user = await createUser(t.db, { plan: 'free', credits: 0 });
    const token = await login(t.url, user);
    const switchTo = async (plan: string) =>
      BillingResponseSchema.parse(
        (await call(t.url, '/api/billing/plan', { method: 'POST', token, json: { plan } })).body,
      ).credits.balance;
    expect(await switchTo('basic')).toBe(500);
    // Up to Pro in the same month: only the rest of Pro's 2,000.
    expect(await switchTo('pro')).toBe(2000);
    for (let i = 0; i < 3; i++) {
      expect(await switchTo('free')).toBe(2000);
      expect(await switchTo('pro')).toBe(2000);
    }
    expect(await switchTo('basic')).toBe(2000);
    expect(await switchTo('pro')).toBe(2000);
    const period = new Date().toISOString().slice(0, 7);
    const ledger = t.db
      .prepare('SELECT kind, delta, note FROM credit_ledger WHERE user_id = ? ORDER BY id')
      .all(user.id) as { kind: string; delta: number; note: string }[];
    expect(ledger.map((r) => r.delta)).toEqual([500, 1500, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(ledger.every((r) => r.kind === 'plan_change')).toBe(true);
    expect(ledger[1]?.note).toBe(
      `basic->pro: the rest of pro's 2000 monthly credits for ${period} (500 granted earlier)`,
    );
    expect(ledger[3]?.note).toBe(
      `free->pro: no grant, 2000 plan credits were already granted in ${period} (pro grants 2000 a month)`,
    );
    expect(ledger[2]?.note).toBe('pro->free: downgrade, no grant');
  });
});

describe('usage', () => {
  it('credits: balance, plan, totals, spent this month, average per video', async () => {
    const user = await createUser(t.db, { credits: 100, plan: 'pro' });
    const token = await login(t.url, user);
    const [a] = insertVideos(t.db, user.id, [{ creditCost: 10 }, { creditCost: 20 }]);
    await call(t.url, `/api/videos/${a}/regenerate`, { method: 'POST', token });
    const c = CreditsSchema.parse((await call(t.url, '/api/user/credits', { token })).body);
    expect(c).toEqual({
      balance: 90,
      plan: 'pro',
      total_videos: 3,
      credits_spent_this_month: 10,
      average_credits_per_video: 13.33,
    });
  });

  it('metrics: generations, regeneration frequency, delete rate, success ratio, average cost', async () => {
    const user = await createUser(t.db, { credits: 1000 });
    const token = await login(t.url, user);
    const empty = MetricsSchema.parse((await call(t.url, '/api/user/metrics', { token })).body);
    expect(empty).toMatchObject({
      total_videos: 0,
      regeneration_frequency: 0,
      delete_rate: 0,
      success_ratio: null,
    });

    const settings = { model_version: 'asmr-v1', duration_s: 4, aspect_ratio: '1:1', seed: 1 };
    for (let i = 0; i < 4; i++) {
      await call(t.url, '/api/videos', {
        method: 'POST',
        token,
        json: { prompt: `metric ${i}`, triggers: [], settings },
      });
    }
    const ids = (
      t.db.prepare('SELECT id FROM videos WHERE user_id = ? ORDER BY id').all(user.id) as { id: number }[]
    ).map((r) => r.id);
    await call(t.url, `/api/videos/${ids[0]}/regenerate`, { method: 'POST', token });
    await call(t.url, `/api/videos/${ids[1]}`, { method: 'DELETE', token });
    insertVideos(t.db, user.id, [
      { status: 'ready', creditCost: 4 },
      { status: 'ready', creditCost: 4 },
      { status: 'ready', creditCost: 4 },
      { status: 'failed', creditCost: 4 },
    ]);
    const m = MetricsSchema.parse((await call(t.url, '/api/user/metrics', { token })).body);
    expect(m).toEqual({
      total_videos: 8,
      generations: 4,
      regenerations: 1,
      regeneration_frequency: 0.25,
      deletes: 1,
      delete_rate: 0.2,
      ready: 3,
      failed: 1,
      processing: 4,
      success_ratio: 0.75,
      average_credits_per_video: 4,
    });
  });
});
