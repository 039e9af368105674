import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiErrorSchema, VideoListSchema, type VideoListItem as Video } from '../../src/shared/api/schemas';
import { call, createUser, insertVideos, login, startTestServer, type TestServer } from './helpers/fixture';
import type { TriggerTag } from '../../src/shared/api/vocabulary';

let t: TestServer;
let token: string;
const TAGS: TriggerTag[][] = [['Water'], ['Whisper', 'Rain'], ['Water', 'Rain'], ['Tapping'], []];
const STATUSES = ['ready', 'failed', 'processing'] as const;
const N = 120;

beforeAll(async () => {
  t = await startTestServer();
  const user = await createUser(t.db);
  const other = await createUser(t.db);
  const base = Date.UTC(2026, 0, 1);
  insertVideos(
    t.db,
    user.id,
    Array.from({ length: N }, (_, i) => ({
      // Duplicate dates, costs and titles on purpose: the id tie-break must keep pages stable.
      title: ['banana', 'Apple', 'cherry', 'apple'][i % 4] ?? 'x',
      createdAt: base + Math.floor(i / 3) * 1000,
      creditCost: (i * 7) % 10,
      triggers: TAGS[i % TAGS.length],
      status: STATUSES[i % 3],
    })),
  );
  insertVideos(t.db, other.id, [{ title: 'not yours' }]);
  token = await login(t.url, user);
});
afterAll(async () => t.close());

async function list(query: string) {
  const r = await call(t.url, `/api/user/videos?${query}`, { token });
  expect(r.status, r.text).toBe(200);
  return VideoListSchema.parse(r.body);
}

async function all(query: string, pageSize: number, mode: 'offset' | 'cursor'): Promise<Video[]> {
  const out: Video[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 100; page++) {
    const q: string =
      mode === 'cursor'
        ? `${query}&limit=${pageSize}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`
        : `${query}&limit=${pageSize}&offset=${page * pageSize}`;
    const r = await list(q);
    out.push(...r.items);
    if (mode === 'cursor') {
      if (!r.next_cursor) break;
      expect(r.offset).toBe(page * pageSize);
      cursor = r.next_cursor;
    } else if (r.items.length < pageSize) break;
  }
  return out;
}

function expectOrdered(items: Video[], key: (v: Video) => string | number, desc: boolean) {
  for (let i = 1; i < items.length; i++) {
    const a = items[i - 1] as Video;
    const b = items[i] as Video;
    const ka = key(a);
    const kb = key(b);
    if (ka === kb) expect(desc ? a.id > b.id : a.id < b.id).toBe(true);
    else expect(desc ? ka > kb : ka < kb).toBe(true);
  }
}

describe('GET /api/user/videos', () => {
  it('defaults to newest first, 50 per page, with the total and only the caller’s videos', async () => {
    const r = await list('');
    expect(r.total).toBe(N);
    expect(r.limit).toBe(50);
    expect(r.offset).toBe(0);
    expect(r.items).toHaveLength(50);
    expect(r.items.some((v) => v.title === 'not yours')).toBe(false);
    expectOrdered(r.items, (v) => v.created_at, true);
    expect(r.next_cursor).not.toBeNull();
  });

  it.each([
    ['sort=date', (v: Video) => v.created_at, true],
    ['sort=date&order=reversed', (v: Video) => v.created_at, false],
    ['sort=cost', (v: Video) => v.credit_cost, true],
    ['sort=cost&order=reversed', (v: Video) => v.credit_cost, false],
    ['sort=title', (v: Video) => v.title.toLowerCase(), false],
    ['sort=title&order=reversed', (v: Video) => v.title.toLowerCase(), true],
  ])('%s: offset pages and cursor pages give the same stable order', async (query, key, desc) => {
    const byOffset = await all(query, 17, 'offset');
    const byCursor = await all(query, 17, 'cursor');
    expect(byOffset).toHaveLength(N);
    expect(byCursor.map((v) => v.id)).toEqual(byOffset.map((v) => v.id));
    expect(new Set(byCursor.map((v) => v.id)).size).toBe(N);
    expectOrdered(byCursor, key, desc);
  });

  it('filters by status and by several tags (any / all), with matching totals', async () => {
    const failed = await all('filter_status=failed', 50, 'cursor');
    expect(failed).toHaveLength(N / 3);
    expect(failed.every((v) => v.status === 'failed' && v.failure?.code === 'capacity')).toBe(true);
    expect((await list('filter_status=failed')).total).toBe(N / 3);

    const any = await all('filter_tag=Water&filter_tag=Tapping', 50, 'cursor');
    expect(any.length).toBe(N * (3 / 5));
    expect(any.every((v) => v.triggers.includes('Water') || v.triggers.includes('Tapping'))).toBe(true);
    expect((await list('filter_tag=Water,Tapping')).total).toBe(any.length);

    const both = await all('filter_tag=Water&filter_tag=Rain&tag_match=all', 50, 'cursor');
    expect(both.length).toBe(N / 5);
    expect(both.every((v) => v.triggers.includes('Water') && v.triggers.includes('Rain'))).toBe(true);

    const combined = await list('filter_status=ready&filter_tag=Rain&sort=cost&limit=200');
    expect(combined.total).toBe(combined.items.length);
    expect(combined.items.every((v) => v.status === 'ready' && v.triggers.includes('Rain'))).toBe(true);
  });

  it('concurrent pages each get their own bytes (page buffers are reused only after a response closed)', async () => {
    const queries = Array.from(
      { length: 30 },
      (_, i) => `sort=${['date', 'cost', 'title'][i % 3] ?? 'date'}&limit=${5 + i}&offset=${i * 2}`,
    );
    const one = async (q: string) => (await call(t.url, `/api/user/videos?${q}`, { token })).text;
    const alone: string[] = [];
    for (const q of queries) alone.push(await one(q));
    for (let round = 0; round < 3; round++) expect(await Promise.all(queries.map(one))).toEqual(alone);
  });

  it('an offset past the end gives an empty page, not an error', async () => {
    const r = await list('offset=100000');
    expect(r.items).toEqual([]);
    expect(r.total).toBe(N);
    expect(r.next_cursor).toBeNull();
  });

  it('the total follows inserts and deletes', async () => {
    const before = (await list('filter_status=ready')).total;
    const [id] = insertVideos(t.db, userIdOf(), [{ status: 'ready' }]);
    expect((await list('filter_status=ready')).total).toBe(before + 1);
    expect((await call(t.url, `/api/videos/${id}`, { method: 'DELETE', token })).status).toBe(204);
    expect((await list('filter_status=ready')).total).toBe(before);
  });

  it.each([
    ['sort=size', 'querystring.sort'],
    ['order=up', 'querystring.order'],
    ['filter_status=done', 'querystring.filter_status'],
    ['filter_tag=Water&filter_tag=Lasers', 'querystring.filter_tag'],
    ['tag_match=some', 'querystring.tag_match'],
    ['offset=-1', 'querystring.offset'],
    ['offset=99999999999', 'querystring.offset'],
    ['offset=1.5', 'querystring.offset'],
    ['limit=0', 'querystring.limit'],
    ['limit=201', 'querystring.limit'],
    ['limit=ten', 'querystring.limit'],
    ['cursor=garbage', 'cursor'],
  ])('%s → 400 naming %s', async (query, field) => {
    const r = await call(t.url, `/api/user/videos?${query}`, { token });
    expect(r.status).toBe(400);
    const err = ApiErrorSchema.parse(r.body).error;
    expect(err.code).toBe('bad_request');
    expect(err.message).toContain(field);
  });

  it('a cursor from another sort or filter is refused', async () => {
    const first = await list('sort=cost&limit=5');
    expect(first.next_cursor).not.toBeNull();
    const r = await call(t.url, `/api/user/videos?sort=title&cursor=${first.next_cursor ?? ''}`, { token });
    expect(r.status).toBe(400);
    expect(ApiErrorSchema.parse(r.body).error.message).toMatch(/different sort or filter/);
    const ok = await call(t.url, `/api/user/videos?sort=cost&cursor=${first.next_cursor ?? ''}`, { token });
    expect(ok.status).toBe(200);
  });
});

function userIdOf(): number {
  const row = t.db.prepare("SELECT user_id FROM videos WHERE title = 'banana' LIMIT 1").get() as {
    user_id: number;
  };
  return row.user_id;
}
