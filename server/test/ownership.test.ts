import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BulkResultSchema, ChangesSchema, VideoListSchema } from '../../src/shared/api/schemas';
import { call, createUser, insertVideos, login, startTestServer, type TestServer } from './helpers/fixture';

let t: TestServer;
let intruder: string;
let ownerToken: string;
let victimVideo: number;
const MISSING = 987654;

beforeAll(async () => {
  t = await startTestServer();
  const owner = await createUser(t.db, { plan: 'pro', credits: 500 });
  const other = await createUser(t.db, { plan: 'pro', credits: 500 });
  [victimVideo] = insertVideos(t.db, owner.id, [{ title: 'private', status: 'ready' }]);
  ownerToken = await login(t.url, owner);
  intruder = await login(t.url, other);
});
afterAll(async () => t.close());

const ROUTES: [string, string, unknown?][] = [
  ['GET', '/api/videos/:id'],
  ['GET', '/api/videos/:id/status'],
  ['PATCH', '/api/videos/:id', { title: 'mine now' }],
  ['POST', '/api/videos/:id/regenerate'],
  ['DELETE', '/api/videos/:id'],
  ['GET', '/api/videos/:id/thumbnail'],
  ['GET', '/api/videos/:id/preview'],
  ['GET', '/api/videos/:id/download/sd'],
  ['GET', '/api/videos/:id/download/hd'],
  ['GET', '/api/videos/:id/download/4k'],
];

describe('ownership', () => {
  it.each(ROUTES)(
    '%s %s on another user’s video answers exactly like a missing one',
    async (method, path, json) => {
      const theirs = await call(t.url, path.replace(':id', String(victimVideo)), {
        method,
        token: intruder,
        json,
      });
      const missing = await call(t.url, path.replace(':id', String(MISSING)), {
        method,
        token: intruder,
        json,
      });
      expect(theirs.status).toBe(404);
      expect(theirs.text).toBe(missing.text);
      expect(theirs.text).not.toContain('private');
    },
  );

  it('bulk actions report another user’s ids as not found and touch nothing', async () => {
    for (const action of ['delete', 'regenerate'] as const) {
      const r = await call(t.url, '/api/videos/bulk', {
        method: 'POST',
        token: intruder,
        json: { action, ids: [victimVideo] },
      });
      expect(r.status).toBe(200);
      expect(BulkResultSchema.parse(r.body).results).toEqual([
        { id: victimVideo, ok: false, error: { code: 'not_found', message: 'Video not found' } },
      ]);
    }
  });

  it('lists, the change feed and credits show only the caller’s data', async () => {
    const list = VideoListSchema.parse((await call(t.url, '/api/user/videos', { token: intruder })).body);
    expect(list.total).toBe(0);
    const feed = ChangesSchema.parse(
      (await call(t.url, '/api/user/videos/changes', { token: intruder })).body,
    );
    expect(feed.changes).toEqual([]);
  });

  it('the owner’s video is untouched after all of that', async () => {
    const r = await call<{ title: string; status: string }>(t.url, `/api/videos/${victimVideo}`, {
      token: ownerToken,
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ title: 'private', status: 'ready' });
    expect(t.db.prepare('SELECT COUNT(*) AS n FROM videos').get()).toEqual({ n: 1 });
  });
});
