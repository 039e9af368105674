import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { direct, directLogin, serverVideoIds, storedToken } from './test/direct';
import { useProxiedServer } from './test/proxied-server';

describe('bulk actions, the credit summary, sign-out and settings, against the real server', () => {
  const env = useProxiedServer({ users: 6, videos: 30 });
  const { nextUser, core } = env;
  const setBalance = (email: string, credits: number) =>
    env.server.withDb((db) =>
      db.prepare('UPDATE users SET credits_balance = ? WHERE email = ?').run(credits, email),
    );
  const regeneratedFrom = (id: number) =>
    env.server.withDb(
      (db) =>
        (db.prepare('SELECT count(*) AS n FROM videos WHERE regenerated_from = ?').get(id) as { n: number })
          .n,
    );

  it('bulk delete removes every chosen video, on the server and in the cache', async () => {
    const { user, h } = await env.syncedCore();
    const ids = (await h.call('library:ids', { query: {}, offset: 0, limit: 3 })).ids;
    expect(ids).toHaveLength(3);
    expect(await h.call('actions:delete', { ids })).toEqual({ done: ids, queued: [], failed: [] });
    expect(env.proxy.seen.filter((s) => s.startsWith('POST /api/videos/bulk')).length).toBe(1);
    for (const id of ids) expect(await h.call('library:get', { id })).toBeNull();
    const left = serverVideoIds(env.server, user.email);
    expect(left.some((id) => ids.includes(id))).toBe(false);
    await h.call('sync:now', {});
    expect((await h.call('library:count', { query: {} })).total).toBe(left.length);
  });

  it('a bulk regenerate whose answer was lost is sent again with its key and charged once per video', async () => {
    const user = nextUser();
    setBalance(user.email, 1000);
    const h = core();
    await h.core.start();
    await h.call('session:signIn', { email: user.email, password: user.password });
    await h.call('sync:now', {});
    const items = (await h.call('library:page', { query: { statuses: ['ready'] }, offset: 0, limit: 2 }))
      .items;
    const ids = items.map((v) => v.id);
    expect(ids).toHaveLength(2);
    const estimate = await h.call('actions:estimate', { action: 'regenerate', ids });
    expect(estimate.cost).toBe(items.reduce((sum, v) => sum + v.creditCost, 0));

    env.proxy.set([
      { method: 'POST', path: /^\/api\/videos\/bulk$/, mode: { kind: 'drop-response' }, times: 1 },
    ]);
    const outcome = await h.call('actions:regenerate', { ids });
    expect(outcome).toMatchObject({ queued: [], failed: [] });
    expect([...outcome.done].sort((x, y) => x - y)).toEqual([...ids].sort((x, y) => x - y));
    expect(env.proxy.seen.filter((s) => s.startsWith('POST /api/videos/bulk')).length).toBe(2);
    for (const id of ids) expect(regeneratedFrom(id)).toBe(1);
    expect((await h.call('credits:get', {}))?.balance).toBe(estimate.balanceAfter);
  });

  it('the credit summary follows the server on its timer, without any action here', async () => {
    const user = nextUser();
    const h = core({ tuning: { creditsEveryMs: 150 } });
    await h.core.start();
    await h.call('session:signIn', { email: user.email, password: user.password });
    await h.call('sync:now', {});
    setBalance(user.email, 4321);
    const fresh = await h.waitFor('credits:changed', (c) => c.balance === 4321);
    expect(fresh.balance).toBe(4321);
    expect((await h.call('credits:get', {}))?.balance).toBe(4321);
  });

  it('the credit summary follows the live event of a charge made elsewhere', async () => {
    const user = nextUser();
    setBalance(user.email, 500);
    const h = core({ tuning: { creditsEveryMs: 3_600_000 } });
    await h.core.start();
    await h.call('session:signIn', { email: user.email, password: user.password });
    await h.call('sync:now', {});
    await h.waitFor('sync:status', (st) => st.online);
    const [v] = (await h.call('library:page', { query: { statuses: ['ready'] }, offset: 0, limit: 1 })).items;
    if (!v) throw new Error('no video');
    // Another client regenerates; the events stream tells this core the new balance.
    const token = await directLogin(env.server, user.email, user.password);
    const res = await fetch(`${env.server.url}/api/videos/${v.id}/regenerate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'idempotency-key': 'credits-event-test' },
    });
    expect(res.status).toBe(201);
    const fresh = await h.waitFor('credits:changed', (c) => c.balance === 500 - v.creditCost);
    expect(fresh.balance).toBe(500 - v.creditCost);
  });

  it('signing out revokes the token on the server, keeps the cache, and a new sign-in shows it at once', async () => {
    const { user, h } = await env.syncedCore();
    const count = (await h.call('library:count', { query: {} })).total;
    const token = storedToken(h.dataDir);
    expect(await h.call('session:signOut', {})).toMatchObject({ status: 'signed_out', reason: 'signed_out' });
    expect((await direct(env.server, token, 'GET', '/api/user/credits')).status).toBe(401);
    expect(await h.raw('library:count', { query: {} })).toMatchObject({
      ok: false,
      error: { code: 'not_signed_in' },
    });
    env.proxy.set([{ path: /^\/api\/user\/videos\/changes$/, mode: { kind: 'down' } }]);
    await h.call('session:signIn', { email: user.email, password: user.password });
    expect((await h.call('library:count', { query: {} })).total).toBe(count);
  });

  it('a corrupt settings file is reported at start and replaced by defaults; the app still works', async () => {
    const user = nextUser();
    const first = core({ keepDir: true });
    await first.core.start();
    await first.call('settings:set', { pageSize: 90 });
    await first.core.stop();
    writeFileSync(join(first.dataDir, 'settings.json'), '{"serverUrl": "http://127.0.0.1:1", "pageSi');

    const h = core({ dataDir: first.dataDir });
    await h.core.start();
    const notice = h.events.notice?.find((x) => x.code === 'settings_reset');
    expect(notice?.message).toMatch(/reset/);
    const settings = await h.call('settings:get', {});
    expect(settings.pageSize).toBe(60);
    expect(settings.serverUrl).toBe(env.proxy.url);
    expect(await h.call('session:signIn', { email: user.email, password: user.password })).toMatchObject({
      status: 'signed_in',
    });
  });
});
