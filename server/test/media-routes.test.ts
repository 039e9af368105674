import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiErrorSchema,
  RegenerateResponseSchema,
  VideoSchema,
  type Video,
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
let token: string;
let video: Video;
let freeToken: string;
let freeVideoId: number;

async function raw(path: string, headers: Record<string, string> = {}, bearer = token) {
  const res = await fetch(`${t.url}${path}`, { headers: { authorization: `Bearer ${bearer}`, ...headers } });
  return { res, bytes: Buffer.from(await res.arrayBuffer()) };
}

beforeAll(async () => {
  t = await startTestServer({ genSeconds: 0.1 });
  const user = await createUser(t.db, { plan: 'basic', credits: 100 });
  token = await login(t.url, user);
  const created = RegenerateResponseSchema.parse(
    (
      await call(t.url, '/api/videos', {
        method: 'POST',
        token,
        json: {
          prompt: 'Brushing a mic, typing',
          title: 'Mic brush: take #1',
          triggers: ['Brushing', 'Typing'],
          settings: SETTINGS,
        },
      })
    ).body,
  );
  video = await waitFor(
    async () => VideoSchema.parse((await call(t.url, `/api/videos/${created.video.id}`, { token })).body),
    (v) => v.status === 'ready',
    'the render',
  );
  // A Free user who owns a video with the same (already rendered) asset.
  const free = await createUser(t.db, { plan: 'free' });
  const assetId = (
    t.db.prepare('SELECT asset_id FROM videos WHERE id = ?').get(video.id) as { asset_id: number }
  ).asset_id;
  [freeVideoId] = insertVideos(t.db, free.id, [{ status: 'ready', assetId }]);
  freeToken = await login(t.url, free);
}, RENDER_TEST_TIMEOUT);
afterAll(async () => t.close());

describe('media routes', () => {
  it('thumbnail and preview are served with their type, length and a strong ETag', async () => {
    const thumb = await raw(video.thumbnail_url ?? '');
    expect(thumb.res.status).toBe(200);
    expect(thumb.res.headers.get('content-type')).toMatch(/^image\//);
    expect(Number(thumb.res.headers.get('content-length'))).toBe(thumb.bytes.length);
    expect(thumb.res.headers.get('etag')).toMatch(/^"[^"]+"$/);
    const preview = await raw(video.preview_url ?? '');
    expect(preview.res.status).toBe(200);
    expect(preview.res.headers.get('content-type')).toMatch(/^video\//);
  });

  it('downloads the allowed qualities whole, with Content-Disposition and the advertised sha256', async () => {
    for (const d of video.downloads.filter((x) => x.allowed)) {
      const { res, bytes } = await raw(d.url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toContain(`Mic-brush-take-1-${d.quality}.mp4`);
      expect(res.headers.get('accept-ranges')).toBe('bytes');
      expect(bytes.length).toBe(d.bytes);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(d.sha256);
    }
  });

  it('Range → 206 with Content-Range; If-Range with the current ETag → 206, with a stale one → 200 whole', async () => {
    const sd = video.downloads.find((d) => d.quality === 'sd');
    if (!sd) throw new Error('no sd download');
    const whole = await raw(sd.url);
    const etag = whole.res.headers.get('etag') ?? '';
    const part = await raw(sd.url, { range: 'bytes=100-199' });
    expect(part.res.status).toBe(206);
    expect(part.res.headers.get('content-range')).toBe(`bytes 100-199/${sd.bytes}`);
    expect(part.bytes.equals(whole.bytes.subarray(100, 200))).toBe(true);

    const resumed = await raw(sd.url, { range: 'bytes=1000-', 'if-range': etag });
    expect(resumed.res.status).toBe(206);
    expect(resumed.bytes.equals(whole.bytes.subarray(1000))).toBe(true);

    const changed = await raw(sd.url, { range: 'bytes=1000-', 'if-range': '"an-older-version"' });
    expect(changed.res.status).toBe(200);
    expect(changed.bytes.length).toBe(sd.bytes);

    const notModified = await raw(sd.url, { 'if-none-match': etag });
    expect(notModified.res.status).toBe(304);
  });

  it('an unsatisfiable range → 416 with the size', async () => {
    const sd = video.downloads.find((d) => d.quality === 'sd');
    const r = await raw(sd?.url ?? '', { range: `bytes=${(sd?.bytes ?? 0) + 10}-` });
    expect(r.res.status).toBe(416);
    expect(r.res.headers.get('content-range')).toBe(`bytes */${sd?.bytes ?? 0}`);
  });

  it('qualities above the plan → 403 plan_required naming the plan', async () => {
    const r = await call(t.url, `/api/videos/${video.id}/download/4k`, { token });
    expect(r.status).toBe(403);
    expect(ApiErrorSchema.parse(r.body).error).toMatchObject({ code: 'plan_required', plan_required: 'pro' });

    const free = await call(t.url, `/api/videos/${freeVideoId}`, { token: freeToken });
    const fv = VideoSchema.parse(free.body);
    expect(fv.downloads.map((d) => [d.quality, d.allowed])).toEqual([
      ['sd', true],
      ['hd', false],
      ['4k', false],
    ]);
    expect(fv.download_url).toBe(`/api/videos/${freeVideoId}/download/sd`);
    const hd = await call(t.url, `/api/videos/${freeVideoId}/download/hd`, { token: freeToken });
    expect(hd.status).toBe(403);
    expect(ApiErrorSchema.parse(hd.body).error).toMatchObject({ plan_required: 'basic' });
    expect((await raw(`/api/videos/${freeVideoId}/download/sd`, {}, freeToken)).res.status).toBe(200);

    // Upgrading opens 4K at once.
    expect(
      (await call(t.url, '/api/billing/plan', { method: 'POST', token, json: { plan: 'pro' } })).status,
    ).toBe(200);
    expect((await raw(`/api/videos/${video.id}/download/4k`, { range: 'bytes=0-9' })).res.status).toBe(206);
  });

  it('media of a video still processing or failed → 409; unknown quality → 400', async () => {
    const user = await createUser(t.db, { plan: 'pro' });
    const tk = await login(t.url, user);
    const [processing, failed] = insertVideos(t.db, user.id, [
      { status: 'processing' },
      { status: 'failed' },
    ]);
    for (const id of [processing, failed]) {
      for (const path of ['thumbnail', 'preview', 'download/sd']) {
        const r = await call(t.url, `/api/videos/${id}/${path}`, { token: tk });
        expect(r.status).toBe(409);
        expect(ApiErrorSchema.parse(r.body).error.code).toBe('conflict');
      }
    }
    const bad = await call(t.url, `/api/videos/${video.id}/download/8k`, { token });
    expect(bad.status).toBe(400);
    expect(ApiErrorSchema.parse(bad.body).error.message).toContain('params.quality');
  });
});
