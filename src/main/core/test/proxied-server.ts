import { afterAll, afterEach, beforeAll } from 'vitest';
import { makeCore, type Harness } from './core-harness';
import { FaultProxy } from './fault-proxy';
import { startTestServer, type TestServer } from './server';

type SeededUser = TestServer['users'][number];

export interface ProxiedServer {
  readonly server: TestServer;
  readonly proxy: FaultProxy;
  /** Each test takes its own seeded user, so tests do not see each other's changes. */
  nextUser(): SeededUser;
  /** A core that talks to the server through the fault proxy; closed after the test. */
  core(opts?: Parameters<typeof makeCore>[1]): Harness;
  /** The usual start of a test: a fresh user's core, started, signed in and synced once. */
  syncedCore(): Promise<{ user: SeededUser; h: Harness }>;
}

/**
 * For a describe block: one real reference server behind a fault proxy for the whole block, the
 * proxy's faults, delay and log cleared and every core closed after each test.
 */
export function useProxiedServer(seed: { users: number; videos: number }): ProxiedServer {
  let server: TestServer | undefined;
  let proxy: FaultProxy | undefined;
  const open: Harness[] = [];
  let taken = 0;
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the test ${what} is not started (used outside a test?)`);
    return value;
  };

  beforeAll(async () => {
    server = await startTestServer(seed);
    proxy = new FaultProxy(server.url);
    await proxy.start();
  });
  afterEach(async () => {
    if (proxy) {
      proxy.set([]);
      proxy.delayMs = 0;
      proxy.seen.length = 0;
    }
    for (const h of open.splice(0)) await h.close();
  });
  afterAll(async () => {
    await proxy?.close();
    await server?.close();
  });

  return {
    get server() {
      return started(server, 'server');
    },
    get proxy() {
      return started(proxy, 'proxy');
    },
    nextUser() {
      const u = started(server, 'server').users[taken++];
      if (!u) throw new Error(`out of seeded users (${seed.users})`);
      return u;
    },
    core(opts = {}) {
      const h = makeCore(started(proxy, 'proxy').url, opts);
      open.push(h);
      return h;
    },
    async syncedCore() {
      const user = this.nextUser();
      const h = this.core();
      await h.core.start();
      await h.call('session:signIn', { email: user.email, password: user.password });
      await h.call('sync:now', {});
      return { user, h };
    },
  };
}
