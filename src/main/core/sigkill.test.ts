import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountDir } from './account';
import { openCache } from './cache/open';
import { makeCore } from './test/core-harness';
import { serverVideoIds } from './test/direct';
import { FaultProxy } from './test/fault-proxy';
import { startTestServer, type TestServer } from './test/server';

describe('SIGKILL in the middle of a sync', () => {
  let server: TestServer;
  let proxy: FaultProxy;
  let dataDir: string;

  beforeAll(async () => {
    server = await startTestServer({ users: 1, videos: 120 });
    proxy = new FaultProxy(server.url);
    await proxy.start();
    dataDir = mkdtempSync(join(tmpdir(), 'core-sigkill-'));
  });
  afterAll(async () => {
    await proxy?.close();
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('leaves a consistent cache that resumes from its cursor', async () => {
    const user = server.users[0];
    if (!user) throw new Error('no user');
    // Slow pages, so the kill lands mid-sync; no live events, whose videos would land between pages.
    proxy.delayMs = 60;
    proxy.set([{ path: /^\/api\/user\/events$/, mode: { kind: 'down' } }]);
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(import.meta.dirname, 'test', 'sync-child.ts'),
        proxy.url,
        dataDir,
        user.email,
        user.password,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    try {
      const userId = await new Promise<number>((resolve, reject) => {
        createInterface({ input: child.stdout }).on('line', (line) => {
          if (line.startsWith('{')) resolve((JSON.parse(line) as { userId: number }).userId);
          if (line === 'synced') reject(new Error('the sync finished before the kill'));
        });
        child.on('exit', () => reject(new Error('the child exited early')));
      });
      const file = join(accountDir(dataDir, proxy.url, userId), 'cache.sqlite');
      // Kill once a few pages are committed.
      for (let i = 0; i < 400; i++) {
        const n = (() => {
          try {
            const db = new Database(file, { readonly: true, fileMustExist: true });
            try {
              return db.prepare('SELECT count(*) FROM videos').pluck().get() as number;
            } finally {
              db.close();
            }
          } catch {
            return 0;
          }
        })();
        if (n >= 30) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');

      // The file opens healthy (not moved aside) and holds whole pages only, with their cursor.
      const opened = openCache(file);
      expect(opened.movedAside).toBeNull();
      const count = opened.db.prepare('SELECT count(*) FROM videos').pluck().get() as number;
      const cursor = opened.db
        .prepare("SELECT value FROM meta WHERE key = 'sync_cursor'")
        .pluck()
        .get() as string;
      opened.db.close();
      expect(count).toBeGreaterThanOrEqual(30);
      expect(count).toBeLessThan(120);
      expect(count % 10).toBe(0);
      expect(cursor).toMatch(/^c1\./);

      // A new process resumes from that cursor and ends with exactly the server's library.
      proxy.delayMs = 0;
      proxy.set([]);
      const before = proxy.seen.length;
      const h = makeCore(proxy.url, { dataDir, keepDir: true });
      try {
        await h.core.start();
        await h.call('sync:now', {});
        const firstFeed = proxy.seen.slice(before).find((s) => s.includes('/api/user/videos/changes'));
        expect(firstFeed).toContain(`since=${encodeURIComponent(cursor)}`);
        const ids = (await h.call('library:ids', { query: {}, offset: 0, limit: 1000 })).ids.sort(
          (a, b) => a - b,
        );
        expect(ids).toEqual(serverVideoIds(server, user.email));
      } finally {
        await h.core.stop();
      }
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});
