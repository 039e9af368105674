import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiErrorSchema,
  ChangesSchema,
  VideoListSchema,
  type Video,
  type VideoListItem,
} from '../../src/shared/api/schemas';
import { toListItem } from '../src/domain/videoPayload';
import {
  call,
  createUser,
  insertVideos,
  login,
  SETTINGS,
  startTestServer,
  type TestServer,
} from './helpers/fixture';

let t: TestServer;
let token: string;
let ids: number[];

beforeAll(async () => {
  // Long generations keep the created videos in processing: this test is about the feed, not renders.
  t = await startTestServer({ genSeconds: 600 });
  const user = await createUser(t.db, { credits: 10_000 });
  ids = insertVideos(
    t.db,
    user.id,
    Array.from({ length: 300 }, (_, i) => ({ title: `v${i}` })),
  );
  token = await login(t.url, user);
});
afterAll(async () => t.close());

async function page(since: string | null, limit: number) {
  const q = since === null ? `limit=${limit}` : `since=${encodeURIComponent(since)}&limit=${limit}`;
  const r = await call(t.url, `/api/user/videos/changes?${q}`, { token });
  expect(r.status, r.text).toBe(200);
  return ChangesSchema.parse(r.body);
}

async function serverState(): Promise<Map<number, VideoListItem>> {
  const out = new Map<number, VideoListItem>();
  let cursor: string | null = null;
  for (;;) {
    const r = await call(t.url, `/api/user/videos?limit=200${cursor ? `&cursor=${cursor}` : ''}`, { token });
    const list = VideoListSchema.parse(r.body);
    for (const v of list.items) out.set(v.id, v);
    if (!list.next_cursor) return out;
    cursor = list.next_cursor;
  }
}

describe('GET /api/user/videos/changes', () => {
  it('pages while videos change concurrently: nothing missed, nothing repeated', async () => {
    const local = new Map<number, Video>();
    const seen: number[] = [];
    let since: string | null = null;
    let editsDone = false;

    const apply = (changes: ReturnType<typeof ChangesSchema.parse>['changes']) => {
      for (const c of changes) {
        seen.push(c.seq);
        if (c.type === 'upsert') local.set(c.video.id, c.video);
        else local.delete(c.id);
      }
    };

    const editor = (async () => {
      for (let i = 0; i < 60; i++) {
        const id = ids[(i * 37) % ids.length] ?? 0;
        if (i % 5 === 0) await call(t.url, `/api/videos/${id}`, { method: 'DELETE', token });
        else if (i % 5 === 1)
          await call(t.url, '/api/videos', {
            method: 'POST',
            token,
            json: { prompt: `new ${i}`, triggers: ['Rain'], settings: SETTINGS },
          });
        else if (i % 5 === 2) await call(t.url, `/api/videos/${id}/regenerate`, { method: 'POST', token });
        else
          await call(t.url, `/api/videos/${id}`, {
            method: 'PATCH',
            token,
            json: { title: `edited ${i}`, tags: ['Glass', 'Wood'] },
          });
      }
      editsDone = true;
    })();

    const reader = (async () => {
      for (let n = 0; n < 10_000; n++) {
        const p = await page(since, 7);
        apply(p.changes);
        if (p.changes.length === 0) expect(p.next_cursor).toBe(since ?? p.next_cursor);
        since = p.next_cursor;
        if (!p.has_more && editsDone) break;
      }
    })();
    await Promise.all([editor, reader]);
    // Drain whatever the last edits added after the reader's final page.
    for (;;) {
      const p = await page(since, 50);
      apply(p.changes);
      since = p.next_cursor;
      if (!p.has_more) break;
    }

    for (let i = 1; i < seen.length; i++) expect(seen[i] ?? 0).toBeGreaterThan(seen[i - 1] ?? 0);
    const truth = await serverState();
    expect([...local.keys()].sort((a, b) => a - b)).toEqual([...truth.keys()].sort((a, b) => a - b));
    for (const [id, v] of truth) {
      const mine = local.get(id);
      expect(mine && toListItem(mine)).toEqual(v);
    }
    expect(truth.size).toBe(300 - 12 + 12 + 12);
  }, 150_000); // about 150 requests; generous for 2 loaded cores

  it('reports deletions with their sequence, and an up-to-date cursor returns nothing', async () => {
    let since: string | null = null;
    for (;;) {
      const p = await page(since, 500);
      since = p.next_cursor;
      if (!p.has_more) break;
    }
    const id = ids[1] ?? 0;
    expect((await call(t.url, `/api/videos/${id}`, { method: 'DELETE', token })).status).toBe(204);
    const p = await page(since, 10);
    expect(p.changes).toEqual([{ type: 'delete', seq: expect.any(Number), id }]);
    expect(p.has_more).toBe(false);
    const empty = await page(p.next_cursor, 10);
    expect(empty).toEqual({ changes: [], next_cursor: p.next_cursor, has_more: false });
  });

  it.each(['garbage', 'c1.!!', '12', 'c1.zzzzzzzzzzzzzzzzzz'])('since=%s → 400', async (since) => {
    const r = await call(t.url, `/api/user/videos/changes?since=${encodeURIComponent(since)}`, { token });
    expect(r.status).toBe(400);
    expect(ApiErrorSchema.parse(r.body).error.message).toContain('since');
  });

  it('limit is bounded', async () => {
    for (const limit of ['0', '1001', 'x']) {
      const r = await call(t.url, `/api/user/videos/changes?limit=${limit}`, { token });
      expect(r.status).toBe(400);
    }
  });
});
