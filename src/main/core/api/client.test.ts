import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FaultProxy } from '../test/fault-proxy';
import { startTestServer, type TestServer } from '../test/server';
import { ApiClient } from './client';
import { RemoteApi } from './remote';

const CREDITS = /^\/api\/user\/credits$/;
const LOGIN = /^\/api\/auth\/login$/;

// The API client against the real server behind a fault-injecting proxy on loopback.
describe('API client: retries, timeouts and refusals', () => {
  let server: TestServer;
  let proxy: FaultProxy;
  let token = '';
  const clients: ApiClient[] = [];
  const api = (opts: { attempts?: number; idleTimeoutMs?: number } = {}) => {
    const client = new ApiClient({ baseUrl: proxy.url, getToken: () => token, backoffMs: 5, ...opts });
    clients.push(client);
    return new RemoteApi(client);
  };
  const seen = (path: string) => proxy.seen.filter((s) => s.split('?')[0]?.endsWith(path)).length;

  beforeAll(async () => {
    server = await startTestServer({ users: 1, videos: 3 });
    proxy = new FaultProxy(server.url);
    await proxy.start();
    const user = server.users[0];
    if (!user) throw new Error('no user');
    token = (await api().login(user.email, user.password)).token;
  });
  afterEach(() => {
    proxy.set([]);
    proxy.delayMs = 0;
    proxy.seen.length = 0;
    for (const c of clients.splice(0)) c.close();
  });
  afterAll(async () => {
    await proxy?.close();
    await server?.close();
  });

  it('retries a safe call after dropped connections and a 503 with Retry-After, then succeeds', async () => {
    proxy.set([
      { path: CREDITS, mode: { kind: 'down' }, times: 1 },
      { path: CREDITS, mode: { kind: 'status', status: 503, retryAfter: '0' }, times: 1 },
    ]);
    const credits = await api({ attempts: 4 }).credits();
    expect(credits.balance).toBeGreaterThanOrEqual(0);
    expect(seen('/api/user/credits')).toBe(3);
  });

  it('gives up after its attempts with an offline error naming the call', async () => {
    proxy.set([{ path: CREDITS, mode: { kind: 'down' } }]);
    await expect(api({ attempts: 3 }).credits()).rejects.toMatchObject({
      code: 'offline',
      message: expect.stringMatching(/could not be reached|connection to the server failed/),
    });
    expect(seen('/api/user/credits')).toBe(3);
  });

  it('never repeats a call that is not safe to send twice (sign-in whose answer was lost)', async () => {
    const user = server.users[0];
    if (!user) throw new Error('no user');
    proxy.set([{ path: LOGIN, mode: { kind: 'drop-response' } }]);
    await expect(api({ attempts: 4 }).login(user.email, user.password)).rejects.toMatchObject({
      code: expect.stringMatching(/offline|bad_response/),
    });
    expect(seen('/api/auth/login')).toBe(1);
  });

  it('does not retry a refusal (401 ends the session instead)', async () => {
    proxy.set([{ path: CREDITS, mode: { kind: 'status', status: 401 } }]);
    await expect(api({ attempts: 4 }).credits()).rejects.toMatchObject({ code: 'not_signed_in' });
    expect(seen('/api/user/credits')).toBe(1);
  });

  it('treats a server that stops answering as offline after the idle timeout, and retries it', async () => {
    proxy.delayMs = 1500;
    await expect(api({ attempts: 2, idleTimeoutMs: 200 }).credits()).rejects.toMatchObject({
      code: 'offline',
      message: expect.stringMatching(/ETIMEDOUT/),
    });
    expect(seen('/api/user/credits')).toBe(2);
  });
});
