import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiErrorSchema, LoginResponseSchema } from '../../src/shared/api/schemas';
import { hashToken } from '../src/repo/sessions';
import { call, createUser, login, startTestServer, type TestServer, type TestUser } from './helpers/fixture';

let t: TestServer;
let user: TestUser;

beforeAll(async () => {
  t = await startTestServer({ loginMax: 12, sessionTtlMs: 60_000 });
  user = await createUser(t.db, { plan: 'basic' });
});
afterAll(async () => t.close());

describe('login', () => {
  it('returns an opaque token, stores only its hash, and logs the login', async () => {
    const r = await call(t.url, '/api/auth/login', {
      method: 'POST',
      json: { email: user.email.toUpperCase(), password: user.password },
    });
    expect(r.status).toBe(200);
    const body = LoginResponseSchema.parse(r.body);
    expect(body.user).toEqual({ id: user.id, email: user.email, plan: 'basic' });
    expect(Date.parse(body.expires_at)).toBeGreaterThan(Date.now());
    const rows = t.db.prepare('SELECT token_hash FROM sessions WHERE user_id = ?').all(user.id) as {
      token_hash: string;
    }[];
    expect(rows.map((x) => x.token_hash)).toContain(hashToken(body.token));
    expect(rows.map((x) => x.token_hash)).not.toContain(body.token);
    const log = t.db
      .prepare("SELECT outcome FROM action_log WHERE user_id = ? AND action = 'login'")
      .all(user.id);
    expect(log).toContainEqual({ outcome: 'ok' });
  });

  it('refuses a wrong password and an unknown address alike, and logs the refusal', async () => {
    const wrong = await call(t.url, '/api/auth/login', {
      method: 'POST',
      json: { email: user.email, password: 'nope' },
    });
    const unknown = await call(t.url, '/api/auth/login', {
      method: 'POST',
      json: { email: 'ghost@example.com', password: 'nope' },
    });
    for (const r of [wrong, unknown]) {
      expect(r.status).toBe(401);
      expect(ApiErrorSchema.parse(r.body).error).toEqual({
        code: 'unauthorized',
        message: 'The e-mail address or password is wrong',
      });
    }
    const log = t.db
      .prepare(
        "SELECT outcome FROM action_log WHERE user_id = ? AND action = 'login' AND outcome = 'refused'",
      )
      .all(user.id);
    expect(log.length).toBeGreaterThan(0);
  });

  it('validates the body and names the field', async () => {
    const r = await call<{ error: { code: string; message: string } }>(t.url, '/api/auth/login', {
      method: 'POST',
      json: { email: 'not-an-email', password: 'x' },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('bad_request');
    expect(r.body.error.message).toContain('body.email');
  });

  it('rate limits attempts per IP and address with 429', async () => {
    const victim = await createUser(t.db);
    const statuses: number[] = [];
    for (let i = 0; i < 14; i++) {
      const r = await call(t.url, '/api/auth/login', {
        method: 'POST',
        json: { email: victim.email, password: 'guess' },
      });
      statuses.push(r.status);
      if (r.status === 429) expect(ApiErrorSchema.parse(r.body).error.code).toBe('rate_limited');
    }
    expect(statuses.slice(0, 12)).toEqual(Array(12).fill(401));
    expect(statuses.slice(12)).toEqual([429, 429]);
    // Another address from the same IP is not locked out by it.
    expect(await login(t.url, user)).toMatch(/^[A-Za-z0-9_-]{40,}$/);
  });
});

describe('bearer tokens', () => {
  it('401 unauthorized without a token, with a malformed one, or an unknown one', async () => {
    const none = await call(t.url, '/api/user/credits');
    const malformed = await call(t.url, '/api/user/credits', { headers: { authorization: 'Basic abc' } });
    const unknown = await call(t.url, '/api/user/credits', { token: 'x'.repeat(43) });
    for (const r of [none, malformed, unknown]) {
      expect(r.status).toBe(401);
      expect(ApiErrorSchema.parse(r.body).error.code).toBe('unauthorized');
    }
  });

  it('401 token_expired once the session is past its expiry', async () => {
    const token = await login(t.url, user);
    expect((await call(t.url, '/api/user/credits', { token })).status).toBe(200);
    t.db
      .prepare('UPDATE sessions SET expires_at = ? WHERE token_hash = ?')
      .run(Date.now() - 1, hashToken(token));
    const r = await call(t.url, '/api/user/credits', { token });
    expect(r.status).toBe(401);
    expect(ApiErrorSchema.parse(r.body).error.code).toBe('token_expired');
  });

  it('logout revokes the token; other sessions keep working', async () => {
    const a = await login(t.url, user);
    const b = await login(t.url, user);
    const out = await call(t.url, '/api/auth/logout', { method: 'POST', token: a });
    expect(out.status).toBe(204);
    const r = await call(t.url, '/api/user/credits', { token: a });
    expect(r.status).toBe(401);
    expect(ApiErrorSchema.parse(r.body).error.message).toMatch(/signed out/);
    expect((await call(t.url, '/api/user/credits', { token: b })).status).toBe(200);
    expect((await call(t.url, '/api/auth/logout', { method: 'POST' })).status).toBe(401);
  });

  it('health and metrics need no token', async () => {
    const h = await call(t.url, '/health');
    expect(h.status).toBe(200);
    expect(h.body).toEqual({ status: 'ok' });
    expect((await call(t.url, '/metrics')).status).toBe(200);
  });
});
