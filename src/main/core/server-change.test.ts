import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { accountDir } from './account';
import { FileSettingsStore } from './settings/file-settings-store';
import { defaultSettings } from './settings/settings-store';
import { makeCore, type Harness } from './test/core-harness';
import { direct, storedToken } from './test/direct';
import { startTestServer, type TestServer } from './test/server';

// Two real reference servers with different libraries (12 and 7 videos per user).
describe('changing the server address', () => {
  let a: TestServer;
  let b: TestServer;
  const open: Harness[] = [];
  const core = (...args: Parameters<typeof makeCore>) => {
    const h = makeCore(...args);
    open.push(h);
    return h;
  };

  beforeAll(async () => {
    [a, b] = await Promise.all([
      startTestServer({ users: 1, videos: 12, rngSeed: 11 }),
      startTestServer({ users: 1, videos: 7, rngSeed: 12 }),
    ]);
  });
  afterEach(async () => {
    for (const h of open.splice(0)) await h.close();
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('signs out of the old server with a notice, signs in to the new one, and keeps each cache apart', async () => {
    const userA = a.users[0];
    const userB = b.users[0];
    if (!userA || !userB) throw new Error('no users');
    const h = core(a.url);
    await h.core.start();
    const signedA = await h.call('session:signIn', { email: userA.email, password: userA.password });
    if (signedA.status !== 'signed_in') throw new Error('not signed in');
    await h.call('sync:now', {});
    expect((await h.call('library:count', { query: {} })).total).toBe(12);
    const tokenA = storedToken(h.dataDir);

    // Other settings, and the same address written differently, keep the session.
    await h.call('settings:set', { pageSize: 90 });
    await h.call('settings:set', { serverUrl: `${a.url}/` });
    expect(await h.call('session:get', {})).toMatchObject({ status: 'signed_in', serverUrl: a.url });

    await h.call('settings:set', { serverUrl: b.url });
    expect(await h.call('session:get', {})).toEqual({
      status: 'signed_out',
      serverUrl: b.url,
      reason: 'server_changed',
    });
    const notice = await h.waitFor('notice', (n) => n.code === 'server_changed');
    expect(notice.message).toContain(b.url);
    expect(notice.message).toContain(a.url);
    expect(h.events['session:changed']?.at(-1)).toMatchObject({ status: 'signed_out', serverUrl: b.url });
    expect(await h.raw('library:count', { query: {} })).toMatchObject({
      ok: false,
      error: { code: 'not_signed_in' },
    });
    // The old server's token was revoked (awaited by stop(), so it has landed once the core is stopped).
    await h.core.stop();
    expect((await direct(a, tokenA, 'GET', '/api/user/credits')).status).toBe(401);
    await h.core.start();
    expect(await h.call('session:get', {})).toMatchObject({ status: 'signed_out', serverUrl: b.url });
    // A's cache stays on disk.
    expect(existsSync(join(accountDir(h.dataDir, a.url, signedA.user.id), 'cache.sqlite'))).toBe(true);

    // Signing in (no address given) goes to the new server, into an account of its own.
    const signedB = await h.call('session:signIn', { email: userB.email, password: userB.password });
    expect(signedB).toMatchObject({ status: 'signed_in', serverUrl: b.url });
    await h.call('sync:now', {});
    expect((await h.call('library:count', { query: {} })).total).toBe(7);

    // Back to A: signed out of B, and after signing in A's library is there before any sync.
    await h.call('settings:set', { serverUrl: a.url });
    expect(await h.call('session:get', {})).toMatchObject({ status: 'signed_out', serverUrl: a.url });
    await h.call('session:signIn', { email: userA.email, password: userA.password });
    expect((await h.call('library:count', { query: {} })).total).toBe(12);
  });

  it('a server address changed while the app was closed ends the old session at start, with the notice', async () => {
    const userA = a.users[0];
    if (!userA) throw new Error('no users');
    const first = core(a.url, { keepDir: true });
    await first.core.start();
    await first.call('session:signIn', { email: userA.email, password: userA.password });
    await first.core.stop();
    new FileSettingsStore(
      join(first.dataDir, 'settings.json'),
      defaultSettings({ serverUrl: a.url, downloadDir: join(first.dataDir, 'dl') }),
    ).set({ serverUrl: b.url });

    const h = core(a.url, { dataDir: first.dataDir });
    await h.core.start();
    expect(await h.call('session:get', {})).toEqual({
      status: 'signed_out',
      serverUrl: b.url,
      reason: 'server_changed',
    });
    expect(h.events.notice?.some((n) => n.code === 'server_changed')).toBe(true);
  });

  it('signed out, a new address is where the next sign-in goes', async () => {
    const userB = b.users[0];
    if (!userB) throw new Error('no users');
    const h = core(a.url);
    await h.core.start();
    expect(await h.call('session:get', {})).toMatchObject({ status: 'signed_out', serverUrl: a.url });
    await h.call('settings:set', { serverUrl: b.url });
    expect(await h.call('session:get', {})).toMatchObject({ status: 'signed_out', serverUrl: b.url });
    expect(h.events.notice?.some((n) => n.code === 'server_changed') ?? false).toBe(false);
    expect(await h.call('session:signIn', { email: userB.email, password: userB.password })).toMatchObject({
      status: 'signed_in',
      serverUrl: b.url,
    });
  });
});
