import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiErrorSchema,
  RegenerateResponseSchema,
  VideoSchema,
  VideoStatusSchema,
  type Video,
} from '../../src/shared/api/schemas';
import { FAILURE_CODES } from '../../src/shared/api/vocabulary';
import { generationCost } from '../src/domain/cost';
import {
  call,
  createUser,
  login,
  SETTINGS,
  startTestServer,
  waitFor,
  type TestServer,
  RENDER_TEST_TIMEOUT,
} from './helpers/fixture';

let t: TestServer;
let failing: TestServer;

beforeAll(async () => {
  t = await startTestServer({ genSeconds: 0.2, failRate: 0 });
  failing = await startTestServer({ genSeconds: 0.1, failRate: 1 });
});
afterAll(async () => {
  await t.close();
  await failing.close();
});

const body = {
  prompt: 'Rain on a tin roof, close whispers',
  title: 'Tin roof',
  triggers: ['Rain', 'Whisper'],
  // Unknown fields and this key order must come back exactly as sent.
  settings: {
    seed: 7,
    extra: { lens: '35mm', list: [1, 2.5] },
    model_version: 'asmr-v1',
    duration_s: 4,
    aspect_ratio: '16:9',
  },
};

async function video(server: TestServer, token: string, id: number): Promise<Video> {
  const r = await call(server.url, `/api/videos/${id}`, { token });
  expect(r.status).toBe(200);
  return VideoSchema.parse(r.body);
}

describe('POST /api/videos', () => {
  it(
    'debits the cost, queues a job, and the job renders real media and marks the video ready',
    async () => {
      const user = await createUser(t.db, { credits: 50, plan: 'basic' });
      const token = await login(t.url, user);
      const cost = generationCost(SETTINGS);
      const r = await call(t.url, '/api/videos', { method: 'POST', token, json: body });
      expect(r.status, r.text).toBe(201);
      const created = RegenerateResponseSchema.parse(r.body);
      expect(created.video.status).toBe('processing');
      expect(created.video.credit_cost).toBe(cost);
      expect(created.credits.balance).toBe(50 - cost);
      expect(r.text).toContain(`"settings":${JSON.stringify(body.settings)}`);
      const storedText = t.db.prepare('SELECT settings FROM videos WHERE id = ?').get(created.video.id);
      expect(storedText).toEqual({ settings: JSON.stringify(body.settings) });
      const job = t.db.prepare('SELECT state FROM jobs WHERE video_id = ?').get(created.video.id) as {
        state: string;
      };
      expect(['queued', 'running']).toContain(job.state);

      const ready = await waitFor(
        () => video(t, token, created.video.id),
        (v) => v.status === 'ready',
        'the video to be ready',
      );
      const again = await call(t.url, `/api/videos/${ready.id}`, { token });
      expect(again.text).toContain(`"settings":${JSON.stringify(body.settings)}`);
      expect(ready.progress).toBeNull();
      expect(ready.thumbnail_url).toBe(`/api/videos/${ready.id}/thumbnail`);
      expect(ready.preview_url).toBe(`/api/videos/${ready.id}/preview`);
      expect(ready.downloads.map((d) => [d.quality, d.allowed])).toEqual([
        ['sd', true],
        ['hd', true],
        ['4k', false],
      ]);
      expect(ready.download_url).toBe(`/api/videos/${ready.id}/download/hd`);
      const status = await call(t.url, `/api/videos/${ready.id}/status`, { token });
      expect(VideoStatusSchema.parse(status.body)).toMatchObject({
        id: ready.id,
        status: 'ready',
        failure: null,
      });
      const ledger = t.db
        .prepare('SELECT kind, delta, balance_after FROM credit_ledger WHERE user_id = ?')
        .all(user.id);
      expect(ledger).toEqual([{ kind: 'generation', delta: -cost, balance_after: 50 - cost }]);
    },
    RENDER_TEST_TIMEOUT,
  );

  it('402 with the required amount and the balance when short; nothing is created', async () => {
    const user = await createUser(t.db, { credits: 3 });
    const token = await login(t.url, user);
    const r = await call(t.url, '/api/videos', { method: 'POST', token, json: body });
    expect(r.status).toBe(402);
    expect(ApiErrorSchema.parse(r.body).error).toMatchObject({
      code: 'insufficient_credits',
      required: generationCost(SETTINGS),
      balance: 3,
    });
    expect(t.db.prepare('SELECT COUNT(*) AS n FROM videos WHERE user_id = ?').get(user.id)).toEqual({ n: 0 });
  });

  it.each([
    [{ ...body, prompt: '' }, 'body.prompt'],
    [{ ...body, triggers: ['Lasers'] }, 'body.triggers'],
    [{ ...body, settings: { ...body.settings, duration_s: 1000 } }, 'body.settings.duration_s'],
    [{ ...body, settings: { ...body.settings, aspect_ratio: '4:3' } }, 'body.settings.aspect_ratio'],
    [{ prompt: 'x y z', triggers: [] }, 'body.settings'],
  ])('bad body → 400 naming the field (%#)', async (bad, field) => {
    const token = await login(t.url, await createUser(t.db));
    const r = await call(t.url, '/api/videos', { method: 'POST', token, json: bad });
    expect(r.status).toBe(400);
    expect(ApiErrorSchema.parse(r.body).error.message).toContain(field);
  });

  it(
    'a failed generation carries a reason code and refunds its credits',
    async () => {
      const user = await createUser(failing.db, { credits: 40 });
      const token = await login(failing.url, user);
      const r = await call(failing.url, '/api/videos', { method: 'POST', token, json: body });
      const created = RegenerateResponseSchema.parse(r.body);
      const failed = await waitFor(
        () => video(failing, token, created.video.id),
        (v) => v.status === 'failed',
        'the video to fail',
      );
      expect(FAILURE_CODES).toContain(failed.failure?.code);
      expect(failed.failure?.message.length).toBeGreaterThan(10);
      expect(failed.download_url).toBeNull();
      const credits = await call<{ balance: number }>(failing.url, '/api/user/credits', { token });
      expect(credits.body.balance).toBe(40);
      const kinds = failing.db
        .prepare('SELECT kind, delta FROM credit_ledger WHERE user_id = ? ORDER BY id')
        .all(user.id);
      expect(kinds).toEqual([
        { kind: 'generation', delta: -created.video.credit_cost },
        { kind: 'refund', delta: created.video.credit_cost },
      ]);
      const job = failing.db
        .prepare('SELECT state, error FROM jobs WHERE video_id = ?')
        .get(created.video.id);
      expect(job).toEqual({ state: 'failed', error: failed.failure?.code });
    },
    RENDER_TEST_TIMEOUT,
  );
});

describe('POST /api/videos/:id/regenerate', () => {
  it(
    'creates a new processing video with the identical prompt and settings, and charges once per key',
    async () => {
      const user = await createUser(t.db, { credits: 100 });
      const token = await login(t.url, user);
      const first = RegenerateResponseSchema.parse(
        (await call(t.url, '/api/videos', { method: 'POST', token, json: body })).body,
      );
      const headers = { 'idempotency-key': 'regen-abc-1' };
      const a = await call(t.url, `/api/videos/${first.video.id}/regenerate`, {
        method: 'POST',
        token,
        headers,
      });
      const b = await call(t.url, `/api/videos/${first.video.id}/regenerate`, {
        method: 'POST',
        token,
        headers,
      });
      expect(a.status).toBe(201);
      expect(b.status).toBe(201);
      const ra = RegenerateResponseSchema.parse(a.body);
      expect(b.body).toEqual(a.body);
      expect(ra.video.regenerated_from).toBe(first.video.id);
      expect(ra.video.status).toBe('processing');
      expect(ra.video.prompt).toBe(first.video.prompt);
      expect(a.text).toContain(`"settings":${JSON.stringify(body.settings)}`);
      const stored = t.db
        .prepare('SELECT settings FROM videos WHERE id IN (?, ?)')
        .all(first.video.id, ra.video.id) as { settings: string }[];
      expect(stored[0]?.settings).toBe(stored[1]?.settings);
      const cost = first.video.credit_cost;
      expect(ra.credits.balance).toBe(100 - 2 * cost);
      const regens = t.db
        .prepare("SELECT COUNT(*) AS n FROM credit_ledger WHERE user_id = ? AND kind = 'regeneration'")
        .get(user.id);
      expect(regens).toEqual({ n: 1 });

      // The same key for a different request is a conflict, not a replay.
      const other = await call(t.url, `/api/videos/${ra.video.id}/regenerate`, {
        method: 'POST',
        token,
        headers,
      });
      expect(other.status).toBe(409);
      expect(ApiErrorSchema.parse(other.body).error.code).toBe('conflict');
      // Without a key every call is a new regeneration.
      const c = await call(t.url, `/api/videos/${first.video.id}/regenerate`, { method: 'POST', token });
      expect(RegenerateResponseSchema.parse(c.body).video.id).not.toBe(ra.video.id);
      const log = t.db
        .prepare("SELECT video_ids, outcome FROM action_log WHERE user_id = ? AND action = 'regenerate'")
        .all(user.id);
      expect(log).toHaveLength(2);
    },
    RENDER_TEST_TIMEOUT,
  );

  it('402 when short, logged as refused; bad ids 400; a bad Idempotency-Key 400', async () => {
    const user = await createUser(t.db, { credits: generationCost(SETTINGS) });
    const token = await login(t.url, user);
    const created = RegenerateResponseSchema.parse(
      (await call(t.url, '/api/videos', { method: 'POST', token, json: body })).body,
    );
    const r = await call(t.url, `/api/videos/${created.video.id}/regenerate`, { method: 'POST', token });
    expect(r.status).toBe(402);
    expect(ApiErrorSchema.parse(r.body).error).toMatchObject({
      required: created.video.credit_cost,
      balance: 0,
    });
    const refused = t.db
      .prepare("SELECT outcome FROM action_log WHERE user_id = ? AND action = 'regenerate'")
      .all(user.id);
    expect(refused).toEqual([{ outcome: 'refused' }]);
    for (const id of ['abc', '0', '-3', '1.5', '99999999999999999999']) {
      const bad = await call(t.url, `/api/videos/${id}/regenerate`, { method: 'POST', token });
      expect(bad.status, id).toBe(400);
      expect(ApiErrorSchema.parse(bad.body).error.message).toContain('params.id');
    }
    const badKey = await call(t.url, `/api/videos/${created.video.id}/regenerate`, {
      method: 'POST',
      token,
      headers: { 'idempotency-key': 'spaces are not allowed' },
    });
    expect(badKey.status).toBe(400);
  });
});
