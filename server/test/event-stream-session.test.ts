import { mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../src/repo/sessions';
import {
  call,
  createUser,
  insertVideos,
  login,
  startTestServer,
  type TestServer,
  type TestUser,
} from './helpers/fixture';

let t: TestServer;

// Heartbeats every 5 s: a stream that ends here was ended by its session check, not by a write.
beforeAll(async () => {
  t = await startTestServer({ heartbeatMs: 5_000 });
});
afterAll(async () => t.close());

interface Stream {
  /** Event names received, in order. */
  events: string[];
  /** Resolves with the time the server ended the stream. */
  ended: Promise<number>;
  close(): void;
}

async function open(token: string, base = t.url): Promise<Stream> {
  const abort = new AbortController();
  const res = await fetch(`${base}/api/user/events`, {
    headers: { authorization: `Bearer ${token}` },
    signal: abort.signal,
  });
  expect(res.status).toBe(200);
  const body = res.body;
  if (!body) throw new Error('no body');
  const events: string[] = [];
  const ended = (async () => {
    const decoder = new TextDecoder();
    let text = '';
    try {
      for await (const chunk of body) {
        text += decoder.decode(chunk, { stream: true });
        for (const line of text.split('\n')) if (line.startsWith('event: ')) events.push(line.slice(7));
        text = text.slice(text.lastIndexOf('\n') + 1);
      }
    } catch {
      // aborted by close()
    }
    return Date.now();
  })();
  // The first event (the balance) is written at once: wait for it so the stream is surely open.
  await expect.poll(() => events.length).toBeGreaterThan(0);
  return { events, ended, close: () => abort.abort() };
}

const within = <T>(p: Promise<T>, ms: number): Promise<T | 'still open'> =>
  Promise.race([p, new Promise<'still open'>((r) => setTimeout(() => r('still open'), ms))]);

async function userWithStream(): Promise<{ user: TestUser; token: string; stream: Stream }> {
  const user = await createUser(t.db, { credits: 100 });
  const token = await login(t.url, user);
  return { user, token, stream: await open(token) };
}

const buy = async (token: string) =>
  expect(
    (await call(t.url, '/api/billing/purchase', { method: 'POST', token, json: { pack: 'starter' } })).status,
  ).toBe(200);

describe('a live-event stream ends with its session', () => {
  it('sign-out ends the stream at once; nothing is delivered after it', async () => {
    const { user, token, stream } = await userWithStream();
    const signedOutAt = Date.now();
    expect((await call(t.url, '/api/auth/logout', { method: 'POST', token })).status).toBe(204);
    const ended = await within(stream.ended, 1_000);
    expect(ended).not.toBe('still open');
    expect(Number(ended) - signedOutAt).toBeLessThan(1_000);
    await buy(await login(t.url, user));
    expect(stream.events).toEqual(['credits']);
  });

  it('a revocation written by another process ends the stream within a second', async () => {
    const { token, stream } = await userWithStream();
    // t.db is a second connection to the server's database file, as the CLI or another server would be.
    t.db.prepare('UPDATE sessions SET revoked_at = ? WHERE token_hash = ?').run(Date.now(), hashToken(token));
    expect(await within(stream.ended, 1_000)).not.toBe('still open');
  });

  it('expiry ends the stream within a second, with no request or event to prompt it', async () => {
    const { token, stream } = await userWithStream();
    const expiresAt = Date.now() + 300;
    t.db.prepare('UPDATE sessions SET expires_at = ? WHERE token_hash = ?').run(expiresAt, hashToken(token));
    const ended = await within(stream.ended, 1_500);
    expect(ended).not.toBe('still open');
    expect(Number(ended) - expiresAt).toBeLessThan(1_000);
  });

  it('an event published after a revocation is never written, and a sign-out needs no timer', async () => {
    // A server whose periodic check would come only after a minute: only the check before each write
    // can stop the event.
    const slow = await startTestServer({ heartbeatMs: 60_000, sessionCheckMs: 60_000 });
    try {
      const user = await createUser(slow.db, { credits: 100 });
      const [token, other] = [await login(slow.url, user), await login(slow.url, user)];
      const stream = await open(token, slow.url);
      slow.db
        .prepare('UPDATE sessions SET revoked_at = ? WHERE token_hash = ?')
        .run(Date.now(), hashToken(token));
      expect(
        (
          await call(slow.url, '/api/billing/purchase', {
            method: 'POST',
            token: other,
            json: { pack: 'starter' },
          })
        ).status,
      ).toBe(200);
      // The event ended the stream instead of being written.
      expect(await within(stream.ended, 1_000)).not.toBe('still open');
      expect(stream.events).toEqual(['credits']);

      // A sign-out in this process ends its streams at once, without waiting for the timer.
      const quiet = await open(other, slow.url);
      expect((await call(slow.url, '/api/auth/logout', { method: 'POST', token: other })).status).toBe(204);
      expect(await within(quiet.ended, 1_000)).not.toBe('still open');
    } finally {
      await slow.close();
    }
  });

  it('a live session keeps its stream and its events', async () => {
    const { token, stream } = await userWithStream();
    await buy(token);
    await expect.poll(() => stream.events).toEqual(['credits', 'credits']);
    expect(await within(stream.ended, 600)).toBe('still open');
    stream.close();
  });

  it('a download under way ends within a second of its sign-out', async () => {
    // A 256 MiB file (sparse), far more than the socket buffers hold while the client reads nothing.
    const bytes = 256 * 1024 * 1024;
    mkdirSync(join(t.dataDir, 'media', 'big'), { recursive: true });
    const path = join(t.dataDir, 'media', 'big', 'sd.mp4');
    writeFileSync(path, '');
    truncateSync(path, bytes);
    const { id: assetId } = t.db
      .prepare(
        "INSERT INTO assets (render_key, status, dir, created_at) VALUES ('big', 'ready', 'big', 0) RETURNING id",
      )
      .get() as { id: number };
    t.db
      .prepare(
        `INSERT INTO asset_files (asset_id, kind, file, mime, bytes, sha256, etag, width, height)
         VALUES (?, 'sd', 'sd.mp4', 'video/mp4', ?, ?, '"big"', 640, 360)`,
      )
      .run(assetId, bytes, '0'.repeat(64));
    const user = await createUser(t.db, { credits: 100 });
    const [videoId] = insertVideos(t.db, user.id, [{ assetId }]);
    const token = await login(t.url, user);

    const res = await fetch(`${t.url}/api/videos/${videoId}/download/sd`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    const reader = res.body?.getReader();
    if (!reader) throw new Error('no body');
    let received = (await reader.read()).value?.length ?? 0;
    // The client pauses; the server is held by backpressure with most of the file unsent.
    await new Promise((r) => setTimeout(r, 300));
    const signedOutAt = Date.now();
    expect((await call(t.url, '/api/auth/logout', { method: 'POST', token })).status).toBe(204);
    await new Promise((r) => setTimeout(r, 1_000));
    const drained = (async () => {
      try {
        for (;;) {
          const chunk = await reader.read();
          if (chunk.done) return 'ended';
          received += chunk.value.length;
        }
      } catch {
        return 'cut';
      }
    })();
    expect(await drained).toBe('cut');
    expect(received).toBeLessThan(bytes);
    expect(Date.now() - signedOutAt).toBeLessThan(10_000);
  });
});
