import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCore, type Harness } from '../test/core-harness';
import { deleteVideo } from '../cache/videos';
import { MediaCache } from './media-cache';
import { FaultProxy } from '../test/fault-proxy';
import { startTestServer, type TestServer } from '../test/server';

describe('media cache', () => {
  let server: TestServer;
  let proxy: FaultProxy;
  let h: Harness;
  let ready: number[];

  beforeAll(async () => {
    server = await startTestServer({ users: 1, videos: 30 });
    proxy = new FaultProxy(server.url);
    await proxy.start();
    h = makeCore(proxy.url);
    await h.core.start();
    const user = server.users[0];
    if (!user) throw new Error('no user');
    await h.call('session:signIn', { email: user.email, password: user.password });
    await h.call('sync:now', {});
    ready = (await h.call('library:ids', { query: { statuses: ['ready'] }, offset: 0, limit: 100 })).ids;
  });
  afterAll(async () => {
    await h?.close();
    await proxy?.close();
    await server?.close();
  });

  it('fetches with the token, serves ranges, and works offline once fetched', async () => {
    const id = ready[0] ?? 0;
    const full = await h.core.media.respond(id, 'thumbnail', undefined);
    expect(full.status).toBe(200);
    expect(full.headers['content-type']).toMatch(/^image\//);
    const size = Number(full.headers['content-length']);
    expect(size).toBeGreaterThan(100);
    const part = await h.core.media.respond(id, 'preview', 'bytes=0-99');
    expect(part).toMatchObject({ status: 206, headers: { 'content-length': '100' } });
    // An invalid range (last < first) is ignored as RFC 9110 says, the same as on the server.
    const invalid = await h.core.media.respond(id, 'thumbnail', 'bytes=5-3');
    expect(invalid).toMatchObject({ status: 200, headers: { 'content-length': String(size) } });
    const past = await h.core.media.respond(id, 'thumbnail', `bytes=${size}-`);
    expect(past).toMatchObject({ status: 416, headers: { 'content-range': `bytes */${size}` } });

    proxy.set([{ path: /./, mode: { kind: 'down' } }]);
    expect((await h.core.media.respond(id, 'thumbnail', 'bytes=-10')).status).toBe(206);
    // Not fetched before and the server is gone: a clear 503, not a crash.
    expect((await h.core.media.respond(ready[1] ?? 0, 'thumbnail', undefined)).status).toBe(503);
    proxy.set([]);
    expect((await h.core.media.respond(999_999, 'thumbnail', undefined)).status).toBe(404);
  });

  it('stays under its size cap by evicting the least recently used, and clears on request', async () => {
    const account = h.core.core.requireAccount();
    const one = Number(
      (await h.core.media.respond(ready[0] ?? 0, 'thumbnail', undefined)).headers['content-length'],
    );
    // The same cache with room for about two thumbnails (the setting's minimum is 50 MB).
    const capBytes = Math.floor(one * 2.5);
    const dir = join(account.dir, 'media-small');
    const cache = new MediaCache(account.db, dir, account.api.client, () => capBytes);
    await cache.clear();
    for (const id of ready.slice(0, 5)) {
      const found = await cache.resolve(id, 'thumbnail');
      expect(found?.mime).toMatch(/^image\//);
    }
    expect(cache.usedBytes()).toBeLessThanOrEqual(capBytes);
    const files = readdirSync(dir);
    expect(files).toContain(`${ready[4] ?? 0}-thumbnail`);
    expect(files).not.toContain(`${ready[0] ?? 0}-thumbnail`);
    const cleared = await h.call('media:clearCache', {});
    expect(cleared.bytesFreed).toBeGreaterThan(0);
    expect(account.media.usedBytes()).toBe(0);
  });

  it("drops a deleted video's cached thumbnail and preview, rows and files", async () => {
    const account = h.core.core.requireAccount();
    const [byAction, bySync] = [ready[6] ?? 0, ready[7] ?? 0];
    const mediaRows = (id: number) =>
      account.db.prepare('SELECT kind FROM media_files WHERE video_id = ?').all(id).length;
    for (const id of [byAction, bySync]) {
      expect((await h.core.media.respond(id, 'thumbnail', undefined)).status).toBe(200);
      expect((await h.core.media.respond(id, 'preview', 'bytes=0-9')).status).toBe(206);
      expect(mediaRows(id)).toBe(2);
    }
    const files = (id: number) =>
      [`${id}-thumbnail`, `${id}-preview`].filter((f) => existsSync(join(account.dir, 'media', f)));
    expect(files(byAction)).toHaveLength(2);

    // The user's delete, and a delete that arrives from the server (sync and live events call the same).
    expect(await h.call('actions:delete', { ids: [byAction] })).toMatchObject({ done: [byAction] });
    await expect.poll(() => files(byAction), { timeout: 5_000 }).toEqual([]);
    deleteVideo(account.db, bySync);
    await account.media.sweep();
    expect(files(bySync)).toEqual([]);
    expect(mediaRows(byAction) + mediaRows(bySync)).toBe(0);
    // Asking again is a 404 from the cache, never the old picture.
    expect((await h.core.media.respond(byAction, 'thumbnail', undefined)).status).toBe(404);
  });
});
