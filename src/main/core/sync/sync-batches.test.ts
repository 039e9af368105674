import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LibraryQuerySchema } from '../../../shared/ipc/models';
import { ApiClient } from '../api/client';
import { RemoteApi } from '../api/remote';
import { Library } from '../cache/library';
import { openCache } from '../cache/open';
import { startTestServer, type TestServer } from '../test/server';
import { SyncEngine } from './sync-engine';

// A page of the change feed is written in small transactions with a turn of the event loop between
// them: a page request made while the sync runs waits for one small batch, not a whole page, and sees
// the library grow batch by batch.

let server: TestServer;
let dir: string;

beforeAll(async () => {
  server = await startTestServer({ users: 1, videos: 240 });
  dir = mkdtempSync(join(tmpdir(), 'sync-batches-'));
}, 240_000);

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('sync write batches', () => {
  it('writes a page in batches, answering page requests between them, its cursor with the last', async () => {
    const user = server.users[0];
    if (!user) throw new Error('no user');
    let token: string | null = null;
    const client = new ApiClient({ baseUrl: server.url, getToken: () => token });
    const api = new RemoteApi(client);
    token = (await api.login(user.email, user.password)).token;
    const { db } = openCache(join(dir, 'cache.sqlite'));
    const library = new Library(db, (id, kind) => `/media/${id}/${kind}`);
    const cursors: (string | undefined)[] = [];
    const engine = new SyncEngine(db, api, library, { pageSize: 240, writeBatch: 40 });
    const everything = LibraryQuerySchema.parse({});
    try {
      // A reader on the same thread, as the renderer's page requests are: it runs whenever the sync yields.
      const seen: number[] = [];
      let syncing = true;
      const read = (): void => {
        seen.push(library.page(everything, 0, 10).total);
        cursors.push(
          db.prepare("SELECT value FROM meta WHERE key = 'sync_cursor'").pluck().get() as string | undefined,
        );
        if (syncing) setImmediate(read);
      };
      setImmediate(read);
      await engine.sync();
      syncing = false;

      const totals = [...new Set(seen)];
      // Every batch boundary was seen by a reader, never a part of one.
      expect(totals).toEqual(expect.arrayContaining([40, 80, 120, 160, 200]));
      expect(totals.every((n) => n % 40 === 0)).toBe(true);
      // The page's cursor came with its last batch only.
      const cursorsBeforeLast = seen.flatMap((n, i) => (n < 240 ? [cursors[i]] : []));
      expect(new Set(cursorsBeforeLast)).toEqual(new Set([undefined]));
      expect(library.count(everything)).toBe(240);
    } finally {
      await engine.indexing;
      db.close();
      client.close();
    }
  });
});
