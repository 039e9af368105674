import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerEventSchema, type ServerEvent } from '../../src/shared/api/schemas';
import {
  call,
  createUser,
  login,
  SETTINGS,
  startTestServer,
  waitFor,
  type TestServer,
} from './helpers/fixture';

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer({ genSeconds: 0.2, failRate: 1, heartbeatMs: 100 });
});
afterAll(async () => t.close());

interface Stream {
  events: ServerEvent[];
  comments: string[];
  /** Malformed events (wrong schema or an event name that does not match its type). */
  errors: string[];
  status: number;
  contentType: string | null;
  close(): void;
}

async function open(token: string): Promise<Stream> {
  const abort = new AbortController();
  const res = await fetch(`${t.url}/api/user/events`, {
    headers: { authorization: `Bearer ${token}` },
    signal: abort.signal,
  });
  const stream: Stream = {
    events: [],
    comments: [],
    errors: [],
    status: res.status,
    contentType: res.headers.get('content-type'),
    close: () => abort.abort(),
  };
  const body = res.body;
  if (!body) return stream;
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (block.startsWith(':')) stream.comments.push(block.slice(1).trim());
          const data = block.split('\n').find((l) => l.startsWith('data: '));
          const name = block.split('\n').find((l) => l.startsWith('event: '));
          if (data) {
            const parsed = ServerEventSchema.safeParse(JSON.parse(data.slice(6)));
            if (!parsed.success) stream.errors.push(parsed.error.message);
            else if (name !== `event: ${parsed.data.type}`) stream.errors.push(`event name ${name ?? ''}`);
            else stream.events.push(parsed.data);
          }
        }
      }
    } catch {
      // aborted by close()
    }
  })();
  return stream;
}

const sseGauge = async () => {
  const text = (await call(t.url, '/metrics')).text;
  return Number(/^sse_clients (\d+)$/m.exec(text)?.[1] ?? -1);
};

describe('GET /api/user/events', () => {
  it('needs a token', async () => {
    const r = await call(t.url, '/api/user/events');
    expect(r.status).toBe(401);
  });

  it('pushes the owner’s status changes, credits and deletions, heartbeats, and nothing of other users', async () => {
    const user = await createUser(t.db, { credits: 50 });
    const other = await createUser(t.db, { credits: 50 });
    const token = await login(t.url, user);
    const otherToken = await login(t.url, other);
    const mine = await open(token);
    const theirs = await open(otherToken);
    expect(mine.status).toBe(200);
    expect(mine.contentType).toContain('text/event-stream');
    await waitFor(
      async () => mine.events.length,
      (n) => n >= 1,
      'the first credits event',
    );
    expect(mine.events[0]).toMatchObject({ type: 'credits', credits: { balance: 50 } });

    const created = await call<{ video: { id: number } }>(t.url, '/api/videos', {
      method: 'POST',
      token,
      json: { prompt: 'Glass tapping', triggers: ['Glass', 'Tapping'], settings: SETTINGS },
    });
    const id = created.body.video.id;
    // failRate 1: processing → progress… → failed, with the refund as a credits event.
    await waitFor(
      async () => mine.events,
      (evs) => evs.some((e) => e.type === 'video' && e.video.id === id && e.video.status === 'failed'),
      'the failure event',
    );
    await waitFor(
      async () => mine.events.at(-1),
      (e) => e?.type === 'credits' && e.credits.balance === 50,
      'the refund event',
    );
    const videoEvents = mine.events.filter(
      (e): e is Extract<ServerEvent, { type: 'video' }> => e.type === 'video',
    );
    expect(videoEvents[0]?.video.status).toBe('processing');
    for (let i = 1; i < videoEvents.length; i++)
      expect(videoEvents[i]?.seq ?? 0).toBeGreaterThan(videoEvents[i - 1]?.seq ?? 0);
    expect(mine.events.some((e) => e.type === 'credits' && e.credits.balance < 50)).toBe(true);

    expect((await call(t.url, `/api/videos/${id}`, { method: 'DELETE', token })).status).toBe(204);
    await waitFor(
      async () => mine.events.at(-1),
      (e) => e?.type === 'video_deleted' && e.id === id,
      'the deletion event',
    );

    await waitFor(
      async () => mine.comments,
      (c) => c.includes('heartbeat'),
      'a heartbeat',
    );
    expect(theirs.events.every((e) => e.type === 'credits' && e.credits.balance === 50)).toBe(true);

    expect(mine.errors).toEqual([]);
    expect(theirs.errors).toEqual([]);
    expect(await sseGauge()).toBe(2);
    mine.close();
    theirs.close();
    await waitFor(sseGauge, (n) => n === 0, 'the streams to be cleaned up');
  });

  it('shutting the server down ends open streams', async () => {
    const own = await startTestServer();
    const user = await createUser(own.db);
    const token = await login(own.url, user);
    const res = await fetch(`${own.url}/api/user/events`, { headers: { authorization: `Bearer ${token}` } });
    const reader = res.body?.getReader();
    await reader?.read();
    await own.close();
    let done = false;
    while (!done && reader) done = (await reader.read()).done;
    expect(done).toBe(true);
  });
});
