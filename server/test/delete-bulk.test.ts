import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiErrorSchema,
  BulkResultSchema,
  ChangesSchema,
  RegenerateResponseSchema,
  VideoSchema,
} from '../../src/shared/api/schemas';
import {
  call,
  createUser,
  insertVideos,
  login,
  SETTINGS,
  startTestServer,
  waitFor,
  type TestServer,
  RENDER_TEST_TIMEOUT,
} from './helpers/fixture';

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer({ genSeconds: 0.1 });
});
afterAll(async () => t.close());

const assetDir = (videoId: number) => {
  const row = t.db
    .prepare('SELECT a.dir FROM videos v JOIN assets a ON a.id = v.asset_id WHERE v.id = ?')
    .get(videoId) as { dir: string } | undefined;
  if (!row) throw new Error(`video ${videoId} has no asset`);
  return join(t.dataDir, 'media', row.dir);
};

describe('DELETE /api/videos/:id', () => {
  it(
    'removes the video, writes a tombstone, and deletes media only when no other video uses them',
    async () => {
      const user = await createUser(t.db, { credits: 100 });
      const token = await login(t.url, user);
      const created = RegenerateResponseSchema.parse(
        (
          await call(t.url, '/api/videos', {
            method: 'POST',
            token,
            json: { prompt: 'Soap cutting', triggers: ['Soap', 'Cutting'], settings: SETTINGS },
          })
        ).body,
      );
      const first = created.video.id;
      await waitFor(
        async () => VideoSchema.parse((await call(t.url, `/api/videos/${first}`, { token })).body),
        (v) => v.status === 'ready',
        'first render',
      );
      const regen = RegenerateResponseSchema.parse(
        (await call(t.url, `/api/videos/${first}/regenerate`, { method: 'POST', token })).body,
      );
      const second = regen.video.id;
      await waitFor(
        async () => VideoSchema.parse((await call(t.url, `/api/videos/${second}`, { token })).body),
        (v) => v.status === 'ready',
        'second video',
      );
      const dir = assetDir(first);
      expect(assetDir(second)).toBe(dir);
      expect(existsSync(dir)).toBe(true);

      expect((await call(t.url, `/api/videos/${first}`, { method: 'DELETE', token })).status).toBe(204);
      expect((await call(t.url, `/api/videos/${first}`, { token })).status).toBe(404);
      expect(existsSync(dir)).toBe(true);
      expect((await call(t.url, `/api/videos/${second}/thumbnail`, { token })).status).toBe(200);

      expect((await call(t.url, `/api/videos/${second}`, { method: 'DELETE', token })).status).toBe(204);
      expect(existsSync(dir)).toBe(false);
      expect(t.db.prepare('SELECT COUNT(*) AS n FROM assets').get()).toEqual({ n: 0 });

      const feed = ChangesSchema.parse((await call(t.url, '/api/user/videos/changes', { token })).body);
      expect(
        feed.changes.filter((c) => c.type === 'delete').map((c) => (c.type === 'delete' ? c.id : 0)),
      ).toEqual([first, second]);
      const again = await call(t.url, `/api/videos/${first}`, { method: 'DELETE', token });
      expect(again.status).toBe(404);
      const log = t.db
        .prepare("SELECT outcome FROM action_log WHERE user_id = ? AND action = 'delete' ORDER BY id")
        .all(user.id);
      expect(log).toEqual([{ outcome: 'ok' }, { outcome: 'ok' }, { outcome: 'refused' }]);
      const metrics = await call<{ deletes: number }>(t.url, '/api/user/metrics', { token });
      expect(metrics.body.deletes).toBe(2);
    },
    RENDER_TEST_TIMEOUT,
  );

  it('deleting a video still processing cancels its job and refunds it', async () => {
    const slow = await startTestServer({ genSeconds: 600 });
    try {
      const user = await createUser(slow.db, { credits: 30 });
      const token = await login(slow.url, user);
      const created = RegenerateResponseSchema.parse(
        (
          await call(slow.url, '/api/videos', {
            method: 'POST',
            token,
            json: { prompt: 'Slow one', triggers: [], settings: SETTINGS },
          })
        ).body,
      );
      expect(
        (await call(slow.url, `/api/videos/${created.video.id}`, { method: 'DELETE', token })).status,
      ).toBe(204);
      expect(slow.db.prepare('SELECT COUNT(*) AS n FROM jobs').get()).toEqual({ n: 0 });
      expect((await call<{ balance: number }>(slow.url, '/api/user/credits', { token })).body.balance).toBe(
        30,
      );
    } finally {
      await slow.close();
    }
  });
});

describe('POST /api/videos/bulk', () => {
  it('deletes several ids with a result per id, ignoring duplicates', async () => {
    const user = await createUser(t.db);
    const token = await login(t.url, user);
    const ids = insertVideos(t.db, user.id, [{}, {}, {}]);
    const r = await call(t.url, '/api/videos/bulk', {
      method: 'POST',
      token,
      json: { action: 'delete', ids: [ids[0], ids[1], ids[0], 424242] },
    });
    expect(r.status).toBe(200);
    const result = BulkResultSchema.parse(r.body);
    expect(result.results).toEqual([
      { id: ids[0], ok: true },
      { id: ids[1], ok: true },
      { id: 424242, ok: false, error: { code: 'not_found', message: 'Video not found' } },
    ]);
    expect(result.credits.total_videos).toBe(1);
    const log = t.db
      .prepare("SELECT outcome, video_ids FROM action_log WHERE user_id = ? AND action = 'bulk_delete'")
      .get(user.id);
    expect(log).toEqual({ outcome: 'partial', video_ids: JSON.stringify([ids[0], ids[1], 424242]) });
  });

  it('regenerates all or nothing: 402 with the total when the balance cannot cover every video', async () => {
    const user = await createUser(t.db, { credits: 20 });
    const token = await login(t.url, user);
    const ids = insertVideos(t.db, user.id, [{ creditCost: 8 }, { creditCost: 8 }, { creditCost: 8 }]);
    const refused = await call(t.url, '/api/videos/bulk', {
      method: 'POST',
      token,
      json: { action: 'regenerate', ids },
    });
    expect(refused.status).toBe(402);
    expect(ApiErrorSchema.parse(refused.body).error).toMatchObject({
      code: 'insufficient_credits',
      required: 24,
      balance: 20,
    });
    expect(t.db.prepare('SELECT COUNT(*) AS n FROM videos WHERE user_id = ?').get(user.id)).toEqual({ n: 3 });
    expect(t.db.prepare('SELECT COUNT(*) AS n FROM credit_ledger WHERE user_id = ?').get(user.id)).toEqual({
      n: 0,
    });

    const headers = { 'idempotency-key': 'bulk-1' };
    const ok = await call(t.url, '/api/videos/bulk', {
      method: 'POST',
      token,
      headers,
      json: { action: 'regenerate', ids: ids.slice(0, 2) },
    });
    expect(ok.status).toBe(200);
    const result = BulkResultSchema.parse(ok.body);
    expect(result.results.map((x) => [x.id, x.ok, x.video?.regenerated_from])).toEqual([
      [ids[0], true, ids[0]],
      [ids[1], true, ids[1]],
    ]);
    expect(result.credits.balance).toBe(4);
    const replay = await call(t.url, '/api/videos/bulk', {
      method: 'POST',
      token,
      headers,
      json: { action: 'regenerate', ids: ids.slice(0, 2) },
    });
    expect(replay.text).toBe(ok.text);
    expect((await call<{ balance: number }>(t.url, '/api/user/credits', { token })).body.balance).toBe(4);
    const log = t.db
      .prepare("SELECT outcome FROM action_log WHERE user_id = ? AND action = 'bulk_regenerate' ORDER BY id")
      .all(user.id);
    expect(log).toEqual([{ outcome: 'refused' }, { outcome: 'ok' }]);
  });
});

describe('PATCH /api/videos/:id', () => {
  it('changes the title and tags, bumps the change feed, and logs the edit', async () => {
    const user = await createUser(t.db);
    const token = await login(t.url, user);
    const [id] = insertVideos(t.db, user.id, [{ title: 'old', triggers: ['Water'] }]);
    const r = await call(t.url, `/api/videos/${id}`, {
      method: 'PATCH',
      token,
      json: { title: '  New title ', tags: ['Fire', 'Wood'] },
    });
    expect(r.status).toBe(200);
    const v = VideoSchema.parse(r.body);
    expect(v.title).toBe('New title');
    expect(v.triggers).toEqual(['Fire', 'Wood']);
    const list = await call<{ total: number }>(t.url, '/api/user/videos?filter_tag=Fire', { token });
    expect(list.body.total).toBe(1);
    const tagsOnly = VideoSchema.parse(
      (await call(t.url, `/api/videos/${id}`, { method: 'PATCH', token, json: { tags: [] } })).body,
    );
    expect(tagsOnly).toMatchObject({ title: 'New title', triggers: [] });
    for (const bad of [{}, { title: '' }, { tags: ['Nope'] }, { title: 'x'.repeat(201) }]) {
      const res = await call(t.url, `/api/videos/${id}`, { method: 'PATCH', token, json: bad });
      expect(res.status, JSON.stringify(bad)).toBe(400);
    }
    const log = t.db
      .prepare("SELECT detail FROM action_log WHERE user_id = ? AND action = 'edit'")
      .all(user.id);
    expect(log).toEqual([{ detail: '{"fields":["title","tags"]}' }, { detail: '{"fields":["tags"]}' }]);
  });
});
