import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiErrorSchema } from '../../src/shared/api/schemas';
import { call, createUser, insertVideos, login, startTestServer, type TestServer } from './helpers/fixture';

let t: TestServer;
let token: string;

beforeAll(async () => {
  t = await startTestServer();
  token = await login(t.url, await createUser(t.db));
});
afterAll(async () => t.close());

const errorOf = (body: unknown) => ApiErrorSchema.parse(body).error;

describe('HTTP edges', () => {
  it('unknown routes answer a JSON 404', async () => {
    const r = await call(t.url, '/api/nothing-here', { token });
    expect(r.status).toBe(404);
    expect(errorOf(r.body)).toEqual({ code: 'not_found', message: 'No route GET /api/nothing-here' });
    const unauth = await call(t.url, '/nope');
    expect(unauth.status).toBe(404);
  });

  it('a body that is not JSON answers 415', async () => {
    const r = await call(t.url, '/api/videos/bulk', {
      method: 'POST',
      token,
      body: 'action=delete&ids=1',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(r.status).toBe(415);
    expect(errorOf(r.body).code).toBe('unsupported_media_type');
    const plain = await call(t.url, '/api/videos/bulk', {
      method: 'POST',
      token,
      body: '{"action":"delete","ids":[1]}',
      headers: { 'content-type': 'text/plain' },
    });
    expect(plain.status).toBe(415);
  });

  it('broken JSON answers 400', async () => {
    const r = await call(t.url, '/api/videos/bulk', {
      method: 'POST',
      token,
      body: '{"action":',
      headers: { 'content-type': 'application/json' },
    });
    expect(r.status).toBe(400);
    expect(errorOf(r.body).code).toBe('bad_request');
  });

  it('an empty body with the JSON content type is no body: fine without a schema, 400 with one', async () => {
    const logout = await call(t.url, '/api/auth/logout', {
      method: 'POST',
      token: await login(t.url, await createUser(t.db)),
      body: '',
      headers: { 'content-type': 'application/json' },
    });
    expect(logout.status).toBe(204);
    const bulk = await call(t.url, '/api/videos/bulk', {
      method: 'POST',
      token,
      body: '',
      headers: { 'content-type': 'application/json' },
    });
    expect(bulk.status).toBe(400);
    expect(errorOf(bulk.body).message).toMatch(/^body/);
  });

  it('prototype-poisoning keys are refused', async () => {
    const r = await call(t.url, '/api/videos/bulk', {
      method: 'POST',
      token,
      body: '{"action":"delete","ids":[1],"__proto__":{"admin":true}}',
      headers: { 'content-type': 'application/json' },
    });
    expect(r.status).toBe(400);
  });

  it('an oversized body answers 413 without being read into a route', async () => {
    const r = await call(t.url, '/api/videos/bulk', {
      method: 'POST',
      token,
      json: { action: 'delete', ids: [1], pad: 'x'.repeat(300 * 1024) },
    });
    expect(r.status).toBe(413);
    expect(errorOf(r.body).code).toBe('payload_too_large');
  });

  it('validation errors name the field', async () => {
    const r = await call(t.url, '/api/videos/bulk', {
      method: 'POST',
      token,
      json: { action: 'explode', ids: [1] },
    });
    expect(r.status).toBe(400);
    expect(errorOf(r.body).message).toMatch(/^body\.action: /);
    const tooMany = await call(t.url, '/api/videos/bulk', {
      method: 'POST',
      token,
      json: { action: 'delete', ids: Array.from({ length: 501 }, (_, i) => i + 1) },
    });
    expect(tooMany.status).toBe(400);
    expect(errorOf(tooMany.body).message).toMatch(/body\.ids/);
  });

  it('a corrupt stored row answers a JSON 500 without internals', async () => {
    const user = await createUser(t.db);
    const [id] = insertVideos(t.db, user.id, [{ settings: { model_version: 'x' } }]);
    const r = await call(t.url, `/api/videos/${id}`, { token: await login(t.url, user) });
    expect(r.status).toBe(500);
    expect(errorOf(r.body)).toEqual({ code: 'internal', message: 'Something went wrong on the server' });
  });

  it('sets security headers and no CORS headers', async () => {
    const r = await call(t.url, '/health', { headers: { origin: 'https://evil.example' } });
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(r.headers.get('strict-transport-security')).not.toBeNull();
    expect(r.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(r.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${t.url}/api/user/videos`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.status).toBe(404);
  });

  it('sends the same security headers on refusals, missing routes and list pages', async () => {
    const health = await call(t.url, '/health');
    const expected = [...health.headers].filter(([name]) => name.startsWith('x-') || name.includes('polic'));
    expect(expected.length).toBeGreaterThanOrEqual(8);
    const refused = await call(t.url, '/api/user/videos');
    const missing = await call(t.url, '/no/such/route');
    const page = await call(t.url, '/api/user/videos', { token });
    expect([refused.status, missing.status, page.status]).toEqual([401, 404, 200]);
    for (const r of [refused, missing, page])
      for (const [name, value] of expected) expect(r.headers.get(name), name).toBe(value);
  });

  it('exposes Prometheus counters and latency histograms by route pattern', async () => {
    await call(t.url, '/api/user/credits', { token });
    const r = await call(t.url, '/metrics');
    expect(r.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    expect(r.text).toContain('# TYPE http_requests_total counter');
    expect(r.text).toMatch(
      /http_requests_total\{method="GET",route="\/api\/user\/credits",status="200"\} [1-9]/,
    );
    expect(r.text).toMatch(
      /http_request_duration_seconds_bucket\{method="GET",route="\/api\/user\/credits",le="\+Inf"\} [1-9]/,
    );
    expect(r.text).toContain('generation_jobs_queued 0');
    expect(r.text).not.toContain('/api/nothing-here');
  });
});
