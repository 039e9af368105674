import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { accountDir } from './account';
import type { Harness } from './test/core-harness';
import { direct, directLogin, serverVideoIds, storedToken } from './test/direct';
import { useProxiedServer } from './test/proxied-server';

const CHANGES = /^\/api\/user\/videos\/changes$/;

describe('faults and bad input', () => {
  const env = useProxiedServer({ users: 16, videos: 60 });
  const { nextUser, core } = env;
  const fund = (email: string) =>
    env.server.withDb((db) =>
      db.prepare('UPDATE users SET credits_balance = 1000 WHERE email = ?').run(email),
    );
  const cachedIds = async (h: Harness) =>
    (await h.call('library:ids', { query: {}, offset: 0, limit: 100_000 })).ids.sort((a, b) => a - b);

  it.each([
    ['malformed JSON', { kind: 'malformed' } as const, /not valid JSON/],
    ['a body of the wrong shape', { kind: 'wrong-shape' } as const, /does not match the API/],
    ['a truncated body', { kind: 'truncated' } as const, /cut off|not valid JSON/],
    ['an oversized body', { kind: 'oversized', bytes: 3 * 1024 * 1024 } as const, /larger than/],
  ])(
    '%s from the change feed is an error with context; the cache is untouched',
    async (_name, mode, message) => {
      const user = nextUser();
      // No live events: the change must reach the cache through the (faulty) change feed only.
      const noEvents = { path: /^\/api\/user\/events$/, mode: { kind: 'down' } } as const;
      env.proxy.set([noEvents]);
      const h = core({ tuning: { maxResponseBytes: 1024 * 1024 } });
      await h.core.start();
      await h.call('session:signIn', { email: user.email, password: user.password });
      await h.call('sync:now', {});
      const before = await h.call('library:page', { query: {}, offset: 0, limit: 60 });
      const target = before.items[0];
      if (!target) throw new Error('empty');
      const token = await directLogin(env.server, user.email, user.password);
      expect(
        (await direct(env.server, token, 'PATCH', `/api/videos/${target.id}`, { title: 'Changed elsewhere' }))
          .status,
      ).toBe(200);

      env.proxy.set([noEvents, { path: CHANGES, mode }]);
      const status = await h.call('sync:now', {});
      expect(status.error).toMatch(message);
      expect(status.error).toMatch(/change feed/);
      // Nothing of the bad page was stored (status polling may still finish processing videos meanwhile).
      expect((await h.call('library:get', { id: target.id }))?.title).toBe(target.title);
      expect((await h.call('library:count', { query: {} })).total).toBe(before.total);

      env.proxy.set([noEvents]);
      expect(await h.call('sync:now', {})).toMatchObject({ online: true });
      expect((await h.call('library:get', { id: target.id }))?.title).toBe('Changed elsewhere');
    },
  );

  it('a cut-off answer to an edit the server applied: clear error, rolled back, then corrected by the sync', async () => {
    const user = nextUser();
    env.proxy.set([{ path: /^\/api\/user\/events$/, mode: { kind: 'down' } }]);
    const h = core();
    await h.core.start();
    await h.call('session:signIn', { email: user.email, password: user.password });
    await h.call('sync:now', {});
    const [v] = (await h.call('library:page', { query: {}, offset: 0, limit: 1 })).items;
    if (!v) throw new Error('no video');

    // The server applies the edit, but its answer reaches the core damaged.
    env.proxy.set([
      { path: /^\/api\/user\/events$/, mode: { kind: 'down' } },
      { method: 'PATCH', path: /^\/api\/videos\/\d+$/, mode: { kind: 'truncated' } },
    ]);
    const r = await h.raw('actions:edit', { id: v.id, title: 'Edited with a damaged answer' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/cut off/);
    expect(await h.call('library:get', { id: v.id })).toMatchObject({ title: v.title, pending: null });
    expect((await h.call('sync:status', {})).pendingActions).toBe(0);

    env.proxy.set([{ path: /^\/api\/user\/events$/, mode: { kind: 'down' } }]);
    await h.call('sync:now', {});
    expect((await h.call('library:get', { id: v.id }))?.title).toBe('Edited with a damaged answer');
  });

  it('server down at start: the cached library is there at once, offline is reported', async () => {
    const user = nextUser();
    const first = core({ keepDir: true });
    await first.core.start();
    await first.call('session:signIn', { email: user.email, password: user.password });
    await first.call('sync:now', {});
    const ids = await cachedIds(first);
    await first.core.stop();

    env.proxy.set([{ path: /./, mode: { kind: 'down' } }]);
    env.proxy.dropConnections();
    const h = core({ dataDir: first.dataDir });
    await h.core.start();
    // Before any network answer: the library comes from the cache.
    expect(await cachedIds(h)).toEqual(ids);
    expect(await h.call('session:get', {})).toMatchObject({ status: 'signed_in' });
    const offline = await h.waitFor('sync:status', (s) => !s.online && s.error !== null && !s.syncing);
    expect(offline.error).toMatch(/Offline/);
    expect(await cachedIds(h)).toEqual(ids);
  });

  it('server gone mid-sync: resumes from the cursor, nothing duplicated or lost', async () => {
    const user = nextUser();
    const h = core({ tuning: { syncPageSize: 10 } });
    await h.core.start();
    // No live events here: seeded videos finishing on the server would otherwise arrive through them.
    env.proxy.set([
      { path: /^\/api\/user\/events$/, mode: { kind: 'down' } },
      { path: CHANGES, mode: { kind: 'pass' }, times: 3 },
      { path: CHANGES, mode: { kind: 'down' } },
    ]);
    await h.call('session:signIn', { email: user.email, password: user.password });
    const failed = await h.waitFor('sync:status', (s) => !s.online && !s.syncing && s.error !== null);
    expect(failed.lastSyncedAt).toBeNull();
    expect((await h.call('library:count', { query: {} })).total).toBe(30);

    env.proxy.set([]);
    const resumedFrom = env.proxy.seen.length;
    const status = await h.call('sync:now', {});
    expect(status.online).toBe(true);
    expect(status.lastSyncedAt).not.toBeNull();
    expect(await cachedIds(h)).toEqual(serverVideoIds(env.server, user.email));
    // The resumed sync started from the stored cursor, not from the beginning.
    const feed = env.proxy.seen.slice(resumedFrom).filter((s) => s.includes('/api/user/videos/changes'));
    expect(feed.length).toBeGreaterThan(0);
    expect(feed.every((s) => s.includes('since=c1.'))).toBe(true);
  });

  it('token revoked: signed out with the reason, cache kept, back at once after signing in', async () => {
    const { user, h } = await env.syncedCore();
    const ids = await cachedIds(h);
    expect((await direct(env.server, storedToken(h.dataDir), 'POST', '/api/auth/logout')).status).toBe(204);

    await h.call('sync:now', {});
    const state = await h.waitFor('session:changed', (s) => s.status === 'signed_out');
    expect(state).toMatchObject({ status: 'signed_out', reason: 'revoked' });
    expect(h.events.notice?.some((x) => x.code === 'session_revoked')).toBe(true);
    expect((await h.raw('library:count', { query: {} })).ok).toBe(false);

    env.proxy.set([{ path: CHANGES, mode: { kind: 'down' } }]);
    await h.call('session:signIn', { email: user.email, password: user.password });
    expect(await cachedIds(h)).toEqual(ids);
  });

  it('a cache written by a newer app version is refused with a clear message and not touched', async () => {
    const user = nextUser();
    const first = core({ keepDir: true });
    await first.core.start();
    const signed = await first.call('session:signIn', { email: user.email, password: user.password });
    await first.call('sync:now', {});
    await first.core.stop();
    if (signed.status !== 'signed_in') throw new Error('not signed in');
    const file = join(accountDir(first.dataDir, env.proxy.url, signed.user.id), 'cache.sqlite');
    const db = new Database(file);
    db.pragma('journal_mode = DELETE');
    db.pragma('user_version = 99');
    db.close();
    const digest = () => createHash('sha256').update(readFileSync(file)).digest('hex');
    const before = digest();

    const h = core({ dataDir: first.dataDir });
    await h.core.start();
    const r = await h.raw('library:count', { query: {} });
    expect(r).toMatchObject({ ok: false, error: { code: 'cache_unavailable' } });
    if (!r.ok) expect(r.error.message).toMatch(/newer version/);
    expect(h.events.notice?.[0]?.message).toMatch(/newer version/);
    expect(digest()).toBe(before);
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it('a corrupt cache file is moved aside, rebuilt from the server, and the user is told', async () => {
    const user = nextUser();
    const first = core({ keepDir: true });
    await first.core.start();
    const signed = await first.call('session:signIn', { email: user.email, password: user.password });
    await first.call('sync:now', {});
    await first.core.stop();
    if (signed.status !== 'signed_in') throw new Error('not signed in');
    const dir = accountDir(first.dataDir, env.proxy.url, signed.user.id);
    writeFileSync(join(dir, 'cache.sqlite'), Buffer.alloc(8192, 0x5a));

    const h = core({ dataDir: first.dataDir });
    await h.core.start();
    const notice = await h.waitFor('notice', (x) => x.code === 'cache_rebuilt');
    expect(notice.message).toMatch(/moved aside/);
    expect(readdirSync(dir).some((f) => f.startsWith('cache.sqlite.corrupt-'))).toBe(true);
    await h.call('sync:now', {});
    expect(await cachedIds(h)).toEqual(serverVideoIds(env.server, user.email));
  });

  it('offline actions wait in the outbox and replay on reconnect, each applied once', async () => {
    const user = nextUser();
    fund(user.email);
    const h = core();
    await h.core.start();
    await h.call('session:signIn', { email: user.email, password: user.password });
    await h.call('sync:now', {});
    const page = await h.call('library:page', { query: { statuses: ['ready'] }, offset: 0, limit: 3 });
    const [a, b, c] = page.items;
    if (!a || !b || !c) throw new Error('not enough videos');
    const balance = (await h.call('credits:get', {}))?.balance ?? 0;

    env.proxy.set([{ path: /./, mode: { kind: 'down' } }]);
    env.proxy.dropConnections();
    expect(await h.call('actions:delete', { ids: [a.id] })).toEqual({ done: [], queued: [a.id], failed: [] });
    expect(await h.call('actions:regenerate', { ids: [b.id] })).toEqual({
      done: [],
      queued: [b.id],
      failed: [],
    });
    expect(await h.call('actions:edit', { id: c.id, title: 'Edited offline' })).toMatchObject({
      title: 'Edited offline',
      pending: 'edit',
    });
    expect(await h.call('library:get', { id: a.id })).toBeNull();
    expect((await h.call('library:get', { id: b.id }))?.pending).toBe('regenerate');
    expect((await h.call('sync:status', {})).pendingActions).toBe(3);

    // A restart while offline keeps the outbox (it is in the cache database).
    env.proxy.set([]);
    const status = await h.call('sync:now', {});
    expect(status.pendingActions).toBe(0);
    const ids = serverVideoIds(env.server, user.email);
    expect(ids).not.toContain(a.id);
    const regenerated = env.server.withDb(
      (db) =>
        db.prepare('SELECT count(*) AS n FROM videos WHERE regenerated_from = ?').get(b.id) as { n: number },
    );
    expect(regenerated.n).toBe(1);
    expect((await h.call('credits:get', {}))?.balance).toBe(balance - b.creditCost);
    expect(await h.call('library:get', { id: c.id })).toMatchObject({
      title: 'Edited offline',
      pending: null,
    });
    expect((await h.call('library:get', { id: b.id }))?.pending).toBeNull();
    expect(await cachedIds(h)).toEqual(ids);
  });

  it('a regenerate whose answer was lost is retried with its key and charged once', async () => {
    const user = nextUser();
    fund(user.email);
    const h = core();
    await h.core.start();
    await h.call('session:signIn', { email: user.email, password: user.password });
    await h.call('sync:now', {});
    const [b] = (await h.call('library:page', { query: { statuses: ['ready'] }, offset: 0, limit: 1 })).items;
    if (!b) throw new Error('no video');
    const balance = (await h.call('credits:get', {}))?.balance ?? 0;
    env.proxy.set([{ method: 'POST', path: /\/regenerate$/, mode: { kind: 'drop-response' }, times: 1 }]);
    const outcome = await h.call('actions:regenerate', { ids: [b.id] });
    expect(outcome, JSON.stringify(outcome)).toMatchObject({ queued: [], failed: [] });
    expect(outcome.done).toEqual([b.id]);
    expect(env.proxy.seen.filter((s) => s.endsWith(`/api/videos/${b.id}/regenerate`)).length).toBe(2);
    const count = env.server.withDb(
      (db) =>
        db.prepare('SELECT count(*) AS n FROM videos WHERE regenerated_from = ?').get(b.id) as { n: number },
    );
    expect(count.n).toBe(1);
    expect((await h.call('credits:get', {}))?.balance).toBe(balance - b.creditCost);
  });

  it('a replay the server refuses (credits now short) comes back as a notice and the cache is corrected', async () => {
    const { user, h } = await env.syncedCore();
    const items = (await h.call('library:page', { query: { statuses: ['ready'] }, offset: 0, limit: 2 }))
      .items;
    const ids = items.map((v) => v.id);
    env.proxy.set([{ path: /./, mode: { kind: 'down' } }]);
    env.proxy.dropConnections();
    expect((await h.call('actions:regenerate', { ids })).queued).toEqual(ids);
    env.server.withDb((db) =>
      db.prepare('UPDATE users SET credits_balance = 0 WHERE email = ?').run(user.email),
    );
    env.proxy.set([]);
    await h.call('sync:now', {});
    const notice = await h.waitFor('notice', (x) => x.code === 'insufficient_credits');
    expect(notice.message).toMatch(/Not enough credits/);
    for (const id of ids) expect((await h.call('library:get', { id }))?.pending).toBeNull();
    expect((await h.call('sync:status', {})).pendingActions).toBe(0);
  });

  it('a video deleted on the server while in the outbox: notice, removed from the cache', async () => {
    const { user, h } = await env.syncedCore();
    const [d] = (await h.call('library:page', { query: {}, offset: 0, limit: 1 })).items;
    if (!d) throw new Error('no video');
    env.proxy.set([{ path: /./, mode: { kind: 'down' } }]);
    env.proxy.dropConnections();
    await h.call('actions:edit', { id: d.id, title: 'Will never land' });
    const token = await directLogin(env.server, user.email, user.password);
    expect((await direct(env.server, token, 'DELETE', `/api/videos/${d.id}`)).status).toBe(204);
    env.proxy.set([]);
    await h.call('sync:now', {});
    const notice = await h.waitFor('notice', (x) => x.code === 'not_found');
    expect(notice.message).toMatch(/no longer exists/);
    expect(await h.call('library:get', { id: d.id })).toBeNull();
  });

  it('a video deleted on the server while selected disappears live; acting on it says it is gone', async () => {
    const { user, h } = await env.syncedCore();
    const [e] = (await h.call('library:page', { query: {}, offset: 0, limit: 1 })).items;
    if (!e) throw new Error('no video');
    const token = await directLogin(env.server, user.email, user.password);
    expect((await direct(env.server, token, 'DELETE', `/api/videos/${e.id}`)).status).toBe(204);
    await h.waitFor('library:changed', (x) => x.ids?.includes(e.id) === true);
    expect(await h.call('library:get', { id: e.id })).toBeNull();
    const outcome = await h.call('actions:regenerate', { ids: [e.id] });
    expect(outcome.failed).toEqual([
      { id: e.id, code: 'not_found', message: expect.stringMatching(/not in your library/) },
    ]);
  });

  it('with the event stream down, processing videos are polled until they finish', async () => {
    const user = nextUser();
    fund(user.email);
    env.proxy.set([{ path: /^\/api\/user\/events$/, mode: { kind: 'down' } }]);
    const h = core();
    await h.core.start();
    await h.call('session:signIn', { email: user.email, password: user.password });
    await h.call('sync:now', {});
    const [b] = (await h.call('library:page', { query: { statuses: ['ready'] }, offset: 0, limit: 1 })).items;
    if (!b) throw new Error('no video');
    await h.call('actions:regenerate', { ids: [b.id] });
    const [fresh] = (await h.call('library:page', { query: {}, offset: 0, limit: 1 })).items;
    expect(fresh).toMatchObject({ regeneratedFrom: b.id, status: 'processing' });
    await h.waitFor('library:changed', (x) => x.ids?.includes(fresh?.id ?? 0) === true);
    for (let i = 0; i < 100; i++) {
      if ((await h.call('library:get', { id: fresh?.id ?? 0 }))?.status === 'ready') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect((await h.call('library:get', { id: fresh?.id ?? 0 }))?.status).toBe('ready');
    expect(env.proxy.seen.some((s) => s.includes(`/api/videos/${fresh?.id ?? 0}/status`))).toBe(true);
  });
});
