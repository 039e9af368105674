import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCore } from './test/core-harness';
import { startTestServer, type TestServer } from './test/server';

describe('session expiry', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ users: 1, videos: 10, sessionTtlMs: 2500 });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('an expired token signs out with reason "expired" and keeps the cache', async () => {
    const user = server.users[0];
    if (!user) throw new Error('no user');
    const h = makeCore(server.url, { keepDir: true });
    try {
      await h.core.start();
      await h.call('session:signIn', { email: user.email, password: user.password });
      await h.call('sync:now', {});
      expect((await h.call('library:count', { query: {} })).total).toBe(10);
      await new Promise((r) => setTimeout(r, 2700));
      await h.call('sync:now', {});
      expect(await h.waitFor('session:changed', (s) => s.status === 'signed_out')).toMatchObject({
        reason: 'expired',
      });
      expect(h.events.notice?.some((n) => n.code === 'session_expired')).toBe(true);
      // Starting again with the expired session: signed out at once, without a request.
      await h.core.stop();
      const again = makeCore(server.url, { dataDir: h.dataDir });
      await again.core.start();
      expect(await again.call('session:get', {})).toMatchObject({ status: 'signed_out' });
      await again.call('session:signIn', { email: user.email, password: user.password });
      expect((await again.call('library:count', { query: {} })).total).toBe(10);
      await again.close();
    } finally {
      await h.core.stop();
    }
  });
});
