import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RegenerateResponse, Video } from '../../src/shared/api/schemas';
import { call, createUser, login, startTestServer, type TestServer } from './helpers/fixture';

let t: TestServer;
let token: string;

// Jobs never run here: only what the routes accept and store is under test.
beforeAll(async () => {
  t = await startTestServer({ genSeconds: 60 });
  token = await login(t.url, await createUser(t.db, { credits: 1000 }));
});
afterAll(async () => t.close());

const SETTINGS_TEXT = '"model_version":"asmr-v1","duration_s":4,"aspect_ratio":"16:9","seed":7';

/** POSTs a raw JSON text (so escapes such as \ud800 reach the server exactly as written). */
const post = (path: string, body: string, auth = true) =>
  call<{ error?: { code: string; message: string } } & Partial<RegenerateResponse>>(t.url, path, {
    method: 'POST',
    token: auth ? token : undefined,
    headers: { 'content-type': 'application/json' },
    body,
  });

const videosBefore = () => (t.db.prepare('SELECT count(*) AS n FROM videos').get() as { n: number }).n;

describe('free-form JSON is bounded', () => {
  it('settings nested 100,000 levels deep (under the body limit) is a 400 naming settings, not a 500', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const body = `{"prompt":"Rain on a tin roof","triggers":[],"settings":{${SETTINGS_TEXT},"extra":${deep}}}`;
    expect(body.length).toBeLessThan(256 * 1024);
    const before = videosBefore();
    const r = await post('/api/videos', body);
    expect(r.status).toBe(400);
    expect(r.body.error?.code).toBe('bad_request');
    expect(r.body.error?.message).toMatch(/^body\.settings\.extra[.\d]*: is nested too deeply/);
    expect(videosBefore()).toBe(before);
  });

  it('settings over 16 KiB is a 400 naming settings', async () => {
    const body = `{"prompt":"Rain on a tin roof","triggers":[],"settings":{${SETTINGS_TEXT},"notes":"${'x'.repeat(20_000)}"}}`;
    const r = await post('/api/videos', body);
    expect(r.status).toBe(400);
    expect(r.body.error?.message).toMatch(/^body\.settings.*too large/);
  });

  it('settings with a little nesting and unknown fields are still stored exactly as sent', async () => {
    const settings = `{${SETTINGS_TEXT},"mic":{"kind":"binaural","gain":[1,2,{"db":-3}]}}`;
    const r = await post(
      '/api/videos',
      `{"prompt":"Rain on a tin roof","triggers":[],"settings":${settings}}`,
    );
    expect(r.status).toBe(201);
    const id = r.body.video?.id ?? 0;
    expect(t.db.prepare('SELECT settings FROM videos WHERE id = ?').get(id)).toEqual({ settings });
  });
});

describe('ill-formed text (a lone surrogate) is refused in every text field', () => {
  const cases: { name: string; path: string; body: string; field: RegExp; auth?: boolean }[] = [
    {
      name: 'title',
      path: '/api/videos',
      body: `{"prompt":"Rain on a roof","title":"Bad \\ud800 title","triggers":[],"settings":{${SETTINGS_TEXT}}}`,
      field: /^body\.title: must be well-formed Unicode/,
    },
    {
      name: 'prompt',
      path: '/api/videos',
      body: `{"prompt":"Rain \\udc00 on a roof","triggers":[],"settings":{${SETTINGS_TEXT}}}`,
      field: /^body\.prompt: must be well-formed Unicode/,
    },
    {
      name: 'a known settings string',
      path: '/api/videos',
      body: `{"prompt":"Rain on a roof","triggers":[],"settings":{"model_version":"asmr\\ud800","duration_s":4,"aspect_ratio":"16:9","seed":7}}`,
      field: /^body\.settings\.model_version: must be well-formed Unicode/,
    },
    {
      name: 'an unknown settings string',
      path: '/api/videos',
      body: `{"prompt":"Rain on a roof","triggers":[],"settings":{${SETTINGS_TEXT},"mic":{"name":"\\udbff"}}}`,
      field: /^body\.settings\.mic\.name: must be well-formed Unicode/,
    },
    {
      name: 'a settings key',
      path: '/api/videos',
      body: `{"prompt":"Rain on a roof","triggers":[],"settings":{${SETTINGS_TEXT},"k\\ud800":1}}`,
      field: /^body\.settings\.k.*: has a key that must be well-formed Unicode/,
    },
    {
      name: 'the e-mail address',
      path: '/api/auth/login',
      body: '{"email":"a\\ud800@example.com","password":"secret"}',
      field: /^body\.email: must be well-formed Unicode/,
      auth: false,
    },
    {
      name: 'the password',
      path: '/api/auth/login',
      body: '{"email":"a@example.com","password":"se\\udfffcret"}',
      field: /^body\.password: must be well-formed Unicode/,
      auth: false,
    },
  ];
  for (const c of cases) {
    it(`${c.name}: 400 naming the field, nothing stored`, async () => {
      const before = videosBefore();
      const r = await post(c.path, c.body, c.auth !== false);
      expect(r.status).toBe(400);
      expect(r.body.error?.message).toMatch(c.field);
      expect(videosBefore()).toBe(before);
    });
  }

  it('PATCH title: 400 naming the field, the title unchanged; a real surrogate pair is stored and read back', async () => {
    const created = await post(
      '/api/videos',
      `{"prompt":"Rain on a roof","title":"Kept","triggers":[],"settings":{${SETTINGS_TEXT}}}`,
    );
    const id = created.body.video?.id ?? 0;
    const bad = await call<{ error: { message: string } }>(t.url, `/api/videos/${id}`, {
      method: 'PATCH',
      token,
      headers: { 'content-type': 'application/json' },
      body: '{"title":"\\ud800"}',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^body\.title: must be well-formed Unicode/);
    const pair = await call<Video>(t.url, `/api/videos/${id}`, {
      method: 'PATCH',
      token,
      headers: { 'content-type': 'application/json' },
      body: '{"title":"Rain \\ud83c\\udf27"}',
    });
    expect(pair.status).toBe(200);
    expect((await call<Video>(t.url, `/api/videos/${id}`, { token })).body.title).toBe('Rain \u{1F327}');
  });
});
