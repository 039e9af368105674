import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INVOKE_CHANNELS } from '../../shared/ipc/contract';
import { LibraryQuerySchema } from '../../shared/ipc/models';
import { makeCore, type Harness } from './test/core-harness';
import { startTestServer, type TestServer } from './test/server';

const q = (over: object = {}) => LibraryQuerySchema.parse(over);

describe('core against the real reference server', () => {
  let server: TestServer;
  let h: Harness;

  beforeAll(async () => {
    server = await startTestServer({ users: 2, videos: 60 });
    h = makeCore(server.url);
    await h.core.start();
  });
  afterAll(async () => {
    await h?.close();
    await server?.close();
  });

  it('has a handler for every contract channel', () => {
    for (const ch of INVOKE_CHANNELS) expect(typeof h.core.handlers[ch], ch).toBe('function');
  });

  it('refuses unknown channels and invalid payloads as error values', async () => {
    expect(await h.raw('nope:nothing', {})).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    expect(await h.raw('library:page', { offset: -1 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    expect(await h.raw('library:count', { query: {} })).toMatchObject({
      ok: false,
      error: { code: 'not_signed_in' },
    });
  });

  it('rejects a wrong password with a clear error', async () => {
    const r = await h.raw('session:signIn', { email: server.users[0]?.email, password: 'wrong-password' });
    expect(r.ok).toBe(false);
  });

  it('signs in, syncs the whole library and answers queries from the cache', async () => {
    const user = server.users[0];
    if (!user) throw new Error('no user');
    const state = await h.call('session:signIn', { email: user.email, password: user.password });
    expect(state).toMatchObject({ status: 'signed_in', user: { email: user.email } });
    await h.call('sync:now', {});
    const status = await h.call('sync:status', {});
    expect(status).toMatchObject({ online: true, error: null });
    expect(status.lastSyncedAt).not.toBeNull();
    expect((await h.call('library:count', { query: {} })).total).toBe(60);

    const page = await h.call('library:page', { query: {}, offset: 0, limit: 10 });
    expect(page.items).toHaveLength(10);
    const dates = page.items.map((v) => Date.parse(v.createdAt));
    expect([...dates].sort((a, b) => b - a)).toEqual(dates);

    const byCost = await h.call('library:page', {
      query: { sort: 'cost', order: 'reversed' },
      offset: 0,
      limit: 60,
    });
    const costs = byCost.items.map((v) => v.creditCost);
    expect([...costs].sort((a, b) => a - b)).toEqual(costs);

    const ready = await h.call('library:count', { query: { statuses: ['ready'] } });
    const failed = await h.call('library:count', { query: { statuses: ['failed'] } });
    const processing = await h.call('library:count', { query: { statuses: ['processing'] } });
    expect(ready.total + failed.total + processing.total).toBe(60);

    const counts = await h.call('library:tagCounts', {});
    const [tag] = Object.entries(counts).find(([, n]) => n > 0) ?? [];
    const tagged = await h.call('library:page', { query: q({ tags: [tag] }), offset: 0, limit: 60 });
    expect(tagged.total).toBe(counts[tag as keyof typeof counts]);
    expect(tagged.items.every((v) => v.triggers.includes(tag as never))).toBe(true);

    const first = page.items[0];
    if (!first) throw new Error('empty page');
    const word = first.title.split(/\s+/).find((w) => w.length > 3) ?? first.title;
    const found = await h.call('library:page', { query: { search: word }, offset: 0, limit: 60 });
    expect(found.items.some((v) => v.id === first.id)).toBe(true);

    const credits = await h.call('credits:get', {});
    expect(credits?.balance).toBeGreaterThanOrEqual(0);
  });

  it('edits, deletes and regenerates, confirmed by the server', async () => {
    const page = await h.call('library:page', { query: { statuses: ['ready'] }, offset: 0, limit: 3 });
    const [a, b] = page.items;
    if (!a || !b) throw new Error('not enough ready videos');

    const edited = await h.call('actions:edit', { id: a.id, title: 'Renamed by the test', tags: ['Rain'] });
    expect(edited).toMatchObject({ title: 'Renamed by the test', triggers: ['Rain'], pending: null });

    const before = (await h.call('library:count', { query: {} })).total;
    const del = await h.call('actions:delete', { ids: [a.id] });
    expect(del).toEqual({ done: [a.id], queued: [], failed: [] });
    expect(await h.call('library:get', { id: a.id })).toBeNull();
    expect((await h.call('library:count', { query: {} })).total).toBe(before - 1);

    const estimate = await h.call('actions:estimate', { action: 'regenerate', ids: [b.id] });
    expect(estimate.cost).toBe(b.creditCost);
    expect(estimate.balanceAfter).toBe(estimate.balance - b.creditCost);
    // A delete charges nothing and says what the videos cost, which is not refunded (issue 13, defect 4).
    const deleting = await h.call('actions:estimate', { action: 'delete', ids: [b.id] });
    expect(deleting).toMatchObject({ cost: 0, spent: b.creditCost, balanceAfter: deleting.balance });
    const regen = await h.call('actions:regenerate', { ids: [b.id] });
    expect(regen.done).toEqual([b.id]);
    expect((await h.call('credits:get', {}))?.balance).toBe(estimate.balanceAfter);
    const newest = await h.call('library:page', { query: {}, offset: 0, limit: 1 });
    expect(newest.items[0]?.regeneratedFrom).toBe(b.id);
  });

  it('signing in as another user never shows the previous library', async () => {
    const other = server.users[1];
    if (!other) throw new Error('no second user');
    const mine = await h.call('library:ids', { query: {}, offset: 0, limit: 1000 });
    await h.call('session:signIn', { email: other.email, password: other.password });
    const theirs = await h.call('library:ids', { query: {}, offset: 0, limit: 1000 });
    expect(theirs.ids.some((id) => mine.ids.includes(id))).toBe(false);
    await h.call('sync:now', {});
    const synced = await h.call('library:ids', { query: {}, offset: 0, limit: 1000 });
    expect(synced.ids.length).toBe(60);
    expect(synced.ids.some((id) => mine.ids.includes(id))).toBe(false);
  });
});
