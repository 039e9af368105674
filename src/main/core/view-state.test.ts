import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DownloadItem } from '../../shared/ipc/downloads';
import { makeCore } from './test/core-harness';
import { startTestServer, type TestServer } from './test/server';

// The library's view (last query, view mode, paging mode) is saved apart from the settings: typing a
// search must not reach the listeners of `settings:changed`, the download queue among them.

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ users: 1, videos: 6, rngSeed: 5 });
}, 240_000);

afterAll(async () => {
  await server?.close();
});

describe('view state', () => {
  it('a query change emits no settings:changed, is kept for the next start, and leaves a download running', async () => {
    const h = makeCore(server.url);
    const items: DownloadItem[] = [];
    h.core.on('downloads:progress', (p) => items.push(...p.items));
    try {
      const user = server.users[0];
      if (!user) throw new Error('the seed made no user');
      await h.call('session:signIn', { email: user.email, password: user.password, serverUrl: server.url });
      await h.call('sync:now', {});
      const ready = await h.call('library:page', { query: { statuses: ['ready'] }, offset: 0, limit: 1 });
      const videoId = ready.items[0]?.id;
      if (videoId === undefined) throw new Error('the seed made no ready video');

      // A slow download, so it is still running while the view changes.
      await h.call('settings:set', { bandwidthLimitKBps: 16 });
      const started = await h.call('downloads:start', { videoIds: [videoId], quality: 'sd' });
      const id = started.started[0]?.id ?? 0;
      const running = (): DownloadItem | undefined =>
        items.findLast((i) => i.id === id && i.state === 'active' && i.bytesDone > 0);
      await expect.poll(running, { timeout: 20_000 }).toBeDefined();
      const bytesBefore = running()?.bytesDone ?? 0;

      const settingsEvents = h.events['settings:changed']?.length ?? 0;
      const progressSeen = items.length;
      const view = await h.call('view:set', {
        lastQuery: { search: 'rain', sort: 'title', statuses: ['ready'] },
        viewMode: 'list',
        paginationMode: 'pages',
      });
      expect(view).toMatchObject({
        viewMode: 'list',
        paginationMode: 'pages',
        lastQuery: { search: 'rain' },
      });
      expect(h.events['settings:changed']?.length ?? 0).toBe(settingsEvents);

      // Same download, same bytes on: it carried on from where it was, not from the start.
      await expect.poll(() => (running()?.bytesDone ?? 0) > bytesBefore, { timeout: 20_000 }).toBe(true);
      const since = items.slice(progressSeen).filter((i) => i.id === id);
      expect(since.map((i) => i.state)).not.toContain('queued');
      expect(Math.min(...since.map((i) => i.bytesDone))).toBeGreaterThanOrEqual(bytesBefore);
      expect((await h.call('downloads:list', {})).find((i) => i.id === id)?.state).toBe('active');
      // Still part of the settings the next start reads.
      expect(await h.call('settings:get', {})).toMatchObject({
        viewMode: 'list',
        lastQuery: { sort: 'title' },
      });

      const wrong = await h.raw('view:set', { theme: 'dark' });
      expect(wrong).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
      expect(h.events['settings:changed']?.length ?? 0).toBe(settingsEvents);
    } finally {
      await h.close();
    }
  });
});
