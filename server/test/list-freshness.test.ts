import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  RegenerateResponseSchema,
  VideoListSchema,
  VideoStatusSchema,
  type VideoList,
} from '../../src/shared/api/schemas';
import { planAllowsQuality, type Plan } from '../../src/shared/api/vocabulary';
import { updateTitleTags } from '../src/repo/videos';
import {
  call,
  createUser,
  insertVideos,
  login,
  SETTINGS,
  startTestServer,
  waitFor,
  type TestServer,
} from './helpers/fixture';

// A list page and a request's auth skip their checks against the database while its stamp (data
// version and this connection's change count) has not moved. Every write must still show on the very
// next request: from this server's own connection (routes, the job worker), from another connection,
// and from another process.

let t: TestServer;

beforeAll(async () => {
  // Every generation fails at once after its progress steps: a worker write with no render.
  t = await startTestServer({ genSeconds: 0.1, failRate: 1 });
});
afterAll(async () => t.close());

async function page(token: string): Promise<VideoList> {
  const r = await call(t.url, '/api/user/videos?sort=date&limit=50', { token });
  expect(r.status, r.text).toBe(200);
  return VideoListSchema.parse(r.body);
}

const titles = (list: VideoList) => list.items.map((v) => v.title);

/** Runs a script in a separate Node process on the server's database (tsx loads the server's modules). */
function inAnotherProcess(script: string): void {
  const open = resolve(__dirname, '../src/db/open.ts');
  const videos = resolve(__dirname, '../src/repo/videos.ts');
  execFileSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      `import { openServerDb } from ${JSON.stringify(open)};
       import * as videos from ${JSON.stringify(videos)};
       const db = openServerDb(${JSON.stringify(join(t.dataDir, 'server.db'))});
       ${script}
       db.close();`,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], timeout: 60_000 },
  );
}

describe('freshness of list pages and sessions', () => {
  it('a write committed by another connection or another process shows on the very next request', async () => {
    const user = await createUser(t.db);
    const ids = insertVideos(t.db, user.id, [{ title: 'one' }, { title: 'two' }, { title: 'three' }]);
    const [one = 0, two = 0, three = 0] = ids;
    const token = await login(t.url, user);
    // Twice, so the second page already took the path that skips the checks.
    await page(token);
    expect(titles(await page(token))).toEqual(['three', 'two', 'one']);

    updateTitleTags(t.db, user.id, two, { title: 'two, renamed next door' }, Date.now());
    expect(titles(await page(token))).toEqual(['three', 'two, renamed next door', 'one']);

    inAnotherProcess(
      `videos.updateTitleTags(db, ${user.id}, ${one}, { title: 'one, renamed elsewhere' }, Date.now());
       db.transaction(() => videos.deleteOwnedVideo(db, ${user.id}, ${three}, Date.now()))();`,
    );
    const after = await page(token);
    expect(titles(after)).toEqual(['two, renamed next door', 'one, renamed elsewhere']);
    expect(after.total).toBe(2);

    inAnotherProcess(
      `db.prepare('UPDATE sessions SET revoked_at = ? WHERE user_id = ?').run(Date.now(), ${user.id});`,
    );
    const refused = await call(t.url, '/api/user/videos', { token });
    expect(refused.status).toBe(401);
    expect(refused.text).toMatch(/signed out/);
  }, 120_000);

  it('a write through this server (edit, delete, plan change, sign-out) shows on the very next request', async () => {
    const user = await createUser(t.db, { plan: 'free' });
    // A ready video with every quality, so the plan decides which downloads are allowed.
    const assetId = (
      t.db
        .prepare(
          "INSERT INTO assets (render_key, status, dir, created_at) VALUES (?, 'ready', 'x', 0) RETURNING id",
        )
        .get(`fresh-${user.id}`) as { id: number }
    ).id;
    const file = t.db.prepare(
      `INSERT INTO asset_files (asset_id, kind, file, mime, bytes, sha256, etag, width, height)
       VALUES (?, ?, 'f', 'video/mp4', 10, 'aa', 'e', 640, 360)`,
    );
    for (const kind of ['thumbnail', 'preview', 'sd', 'hd', '4k']) file.run(assetId, kind);
    const [ready = 0, other = 0] = insertVideos(t.db, user.id, [
      { title: 'ready', status: 'ready', assetId, createdAt: 2000 },
      { title: 'other', createdAt: 1000 },
    ]);
    const token = await login(t.url, user);
    await page(token);

    const allowed = (list: VideoList) =>
      list.items.find((v) => v.id === ready)?.downloads.map((d) => [d.quality, d.allowed]);
    const expected = (plan: Plan) =>
      (['sd', 'hd', '4k'] as const).map((q) => [q, planAllowsQuality(plan, q)]);
    expect(allowed(await page(token))).toEqual(expected('free'));

    const patched = await call(t.url, `/api/videos/${ready}`, {
      method: 'PATCH',
      token,
      json: { title: 'renamed' },
    });
    expect(patched.status, patched.text).toBe(200);
    expect(titles(await page(token))).toEqual(['renamed', 'other']);

    const plan = await call(t.url, '/api/billing/plan', { method: 'POST', token, json: { plan: 'pro' } });
    expect(plan.status, plan.text).toBe(200);
    expect(expected('pro')).not.toEqual(expected('free'));
    expect(allowed(await page(token))).toEqual(expected('pro'));

    expect((await call(t.url, `/api/videos/${other}`, { method: 'DELETE', token })).status).toBe(204);
    const left = await page(token);
    expect(titles(left)).toEqual(['renamed']);
    expect(left.total).toBe(1);

    expect((await call(t.url, '/api/auth/logout', { method: 'POST', token })).status).toBe(204);
    expect((await call(t.url, '/api/user/videos', { token })).status).toBe(401);
  });

  it('the job worker’s writes show on the very next page', async () => {
    const user = await createUser(t.db, { credits: 100 });
    const token = await login(t.url, user);
    await page(token);
    const created = await call(t.url, '/api/videos', {
      method: 'POST',
      token,
      json: { prompt: 'Soft rain on leaves', title: 'Rain', triggers: ['Rain'], settings: SETTINGS },
    });
    expect(created.status, created.text).toBe(201);
    const { id } = RegenerateResponseSchema.parse(created.body).video;
    expect((await page(token)).items.find((v) => v.id === id)?.status).toBe('processing');
    // The status route reads the row itself; once it says failed, the list must say so too.
    await waitFor(
      async () => VideoStatusSchema.parse((await call(t.url, `/api/videos/${id}/status`, { token })).body),
      (s) => s.status === 'failed',
      'the generation to fail',
    );
    const item = (await page(token)).items.find((v) => v.id === id);
    expect(item?.status).toBe('failed');
    expect(item?.failure?.code).toBeDefined();
  });
});
