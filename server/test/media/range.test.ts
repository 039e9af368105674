import { createHash } from 'node:crypto';
import { mkdtemp, rm, unlink, writeFile, appendFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendFile, type SendFaults, type SendableFile } from '../../src/media/range';
import { contentDisposition, ifRangeHolds, noneMatchHits } from '../../src/media/rangeHeaders';

const SIZE = 100_000;
const content = Buffer.alloc(SIZE);
for (let i = 0; i < SIZE; i++) content[i] = (i * 31 + 7) % 251;
const sha = createHash('sha256').update(content).digest('hex');
const ETAG = `"${sha}"`;

let dir: string;
let app: FastifyInstance;
let base: string;
const files = new Map<string, SendableFile>();
const faults = new Map<string, SendFaults>();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'range-test-'));
  const path = join(dir, 'video.mp4');
  await writeFile(path, content);
  await writeFile(join(dir, 'empty.bin'), '');
  await writeFile(join(dir, 'gone.mp4'), content);
  await writeFile(join(dir, 'grown.mp4'), content);
  files.set('video', { path, mime: 'video/mp4', bytes: SIZE, etag: ETAG });
  files.set('download', {
    path,
    mime: 'video/mp4',
    bytes: SIZE,
    etag: ETAG,
    downloadName: 'Rain on glass — 4K.mp4',
  });
  files.set('empty', {
    path: join(dir, 'empty.bin'),
    mime: 'application/octet-stream',
    bytes: 0,
    etag: '"e"',
  });
  files.set('gone', { path: join(dir, 'gone.mp4'), mime: 'video/mp4', bytes: SIZE, etag: ETAG });
  files.set('grown', { path: join(dir, 'grown.mp4'), mime: 'video/mp4', bytes: SIZE, etag: ETAG });
  files.set('dropped', { path, mime: 'video/mp4', bytes: SIZE, etag: ETAG });
  faults.set('dropped', { dropAfterBytes: 30_000 });
  files.set('slow', { path, mime: 'video/mp4', bytes: SIZE, etag: ETAG });
  faults.set('slow', { bytesPerSecond: 2_000_000 });
  await unlink(join(dir, 'gone.mp4'));
  await appendFile(join(dir, 'grown.mp4'), 'more');

  app = Fastify({ logger: false });
  app.get<{ Params: { name: string } }>('/f/:name', async (request, reply) => {
    const file = files.get(request.params.name);
    if (!file) return reply.code(404).send({ error: { code: 'not_found', message: 'no such test file' } });
    await sendFile(request, reply, file, faults.get(request.params.name));
    return reply;
  });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await app.close();
  await rm(dir, { recursive: true, force: true });
});

async function get(name: string, headers: Record<string, string> = {}, method = 'GET') {
  const res = await fetch(`${base}/f/${name}`, { method, headers });
  const body = Buffer.from(await res.arrayBuffer());
  return { res, body };
}

describe('sendFile over real HTTP', () => {
  it('sends the whole file with validators and inline disposition', async () => {
    const { res, body } = await get('video');
    expect(res.status).toBe(200);
    expect(body.equals(content)).toBe(true);
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(res.headers.get('etag')).toBe(ETAG);
    expect(res.headers.get('content-length')).toBe(String(SIZE));
    expect(res.headers.get('content-type')).toBe('video/mp4');
    expect(res.headers.get('content-disposition')).toBe('inline');
    expect(Number.isNaN(Date.parse(res.headers.get('last-modified') ?? ''))).toBe(false);
  });

  it('names downloads as attachments with an RFC 5987 filename*', async () => {
    const { res } = await get('download', { range: 'bytes=0-0' });
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="Rain on glass _ 4K.mp4"; filename*=UTF-8''Rain%20on%20glass%20%E2%80%94%204K.mp4`,
    );
  });

  it.each([
    ['bytes=0-99', 0, 99],
    ['bytes=1000-', 1000, SIZE - 1],
    ['bytes=-500', SIZE - 500, SIZE - 1],
    ['bytes=99990-200000', 99_990, SIZE - 1],
    ['bytes=-200000', 0, SIZE - 1],
  ])('answers %s with 206 and the exact bytes', async (range, start, end) => {
    const { res, body } = await get('video', { range });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes ${start}-${end}/${SIZE}`);
    expect(res.headers.get('content-length')).toBe(String(end - start + 1));
    expect(body.equals(content.subarray(start, end + 1))).toBe(true);
  });

  it.each(['bytes=100000-', 'bytes=200000-300000', 'bytes=-0'])('answers %s with 416', async (range) => {
    const { res, body } = await get('video', { range });
    expect(res.status).toBe(416);
    expect(res.headers.get('content-range')).toBe(`bytes */${SIZE}`);
    expect(JSON.parse(body.toString()).error.code).toBe('range_not_satisfiable');
  });

  it.each(['bytes=0-1,5-6', 'bytes=5-2', 'items=0-5', 'bytes=abc'])(
    'answers %s (several, reversed or unknown ranges) with the whole file',
    async (range) => {
      const { res, body } = await get('video', { range });
      expect(res.status).toBe(200);
      expect(body.equals(content)).toBe(true);
    },
  );

  it('honours a range when If-Range carries the current ETag', async () => {
    const { res, body } = await get('video', { range: 'bytes=10-19', 'if-range': ETAG });
    expect(res.status).toBe(206);
    expect(body.equals(content.subarray(10, 20))).toBe(true);
  });

  it.each([['"stale"'], [`W/${ETAG}`], ['Tue, 24 Nov 2026 00:00:00 GMT']])(
    'sends the whole file when If-Range is %s',
    async (ifRange) => {
      const { res, body } = await get('video', { range: 'bytes=10-19', 'if-range': ifRange });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-range')).toBeNull();
      expect(body.equals(content)).toBe(true);
    },
  );

  it('answers 304 without a body when If-None-Match matches', async () => {
    for (const inm of [ETAG, `"other", W/${ETAG}`, '*']) {
      const { res, body } = await get('video', { 'if-none-match': inm });
      expect(res.status).toBe(304);
      expect(res.headers.get('etag')).toBe(ETAG);
      expect(body.length).toBe(0);
    }
    const { res } = await get('video', { 'if-none-match': '"other"' });
    expect(res.status).toBe(200);
  });

  it('answers HEAD with the headers and no body, for full and ranged requests', async () => {
    const full = await get('video', {}, 'HEAD');
    expect(full.res.status).toBe(200);
    expect(full.res.headers.get('content-length')).toBe(String(SIZE));
    expect(full.res.headers.get('etag')).toBe(ETAG);
    expect(full.body.length).toBe(0);
    const part = await get('video', { range: 'bytes=0-9' }, 'HEAD');
    expect(part.res.status).toBe(206);
    expect(part.res.headers.get('content-length')).toBe('10');
    expect(part.res.headers.get('content-range')).toBe(`bytes 0-9/${SIZE}`);
  });

  it('sends an empty file as 200 with length 0, and any range of it as 416', async () => {
    const whole = await get('empty');
    expect(whole.res.status).toBe(200);
    expect(whole.res.headers.get('content-length')).toBe('0');
    const ranged = await get('empty', { range: 'bytes=0-' });
    expect(ranged.res.status).toBe(416);
    expect(ranged.res.headers.get('content-range')).toBe('bytes */0');
  });

  it('answers a file vanished from disk with a JSON 404, and the server keeps serving', async () => {
    const { res, body } = await get('gone');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(JSON.parse(body.toString())).toEqual({
      error: { code: 'not_found', message: 'This file is no longer available on the server' },
    });
    expect((await get('video')).res.status).toBe(200);
  });

  it('refuses a file whose size no longer matches its record with a JSON 500', async () => {
    const { res, body } = await get('grown');
    expect(res.status).toBe(500);
    expect(JSON.parse(body.toString()).error.code).toBe('internal');
  });

  it('cuts the connection after dropAfterBytes when that fault is injected', async () => {
    const outcome = await new Promise<{ received: number; error: string | null; length: string | undefined }>(
      (resolve) => {
        let received = 0;
        const req = httpRequest(`${base}/f/dropped`, (res) => {
          res.on('data', (chunk: Buffer) => {
            received += chunk.length;
          });
          res.on('error', (err) =>
            resolve({ received, error: err.message, length: res.headers['content-length'] }),
          );
          res.on('end', () => resolve({ received, error: null, length: res.headers['content-length'] }));
        });
        req.on('error', (err) => resolve({ received, error: err.message, length: undefined }));
        req.end();
      },
    );
    expect(outcome.length).toBe(String(SIZE));
    expect(outcome.received).toBeLessThanOrEqual(30_000);
    expect(outcome.error).not.toBeNull();
    expect((await get('video', { range: 'bytes=0-9' })).res.status).toBe(206);
  });

  it('still sends every byte when the body is paced', async () => {
    const { res, body } = await get('slow', { range: 'bytes=50000-' });
    expect(res.status).toBe(206);
    expect(body.equals(content.subarray(50_000))).toBe(true);
  });
});

describe('conditional header parsing', () => {
  it('compares entity tags as RFC 9110 says', () => {
    expect(noneMatchHits(undefined, '"a"')).toBe(false);
    expect(noneMatchHits('W/"a"', '"a"')).toBe(true);
    expect(ifRangeHolds(undefined, '"a"')).toBe(true);
    expect(ifRangeHolds('"a"', '"a"')).toBe(true);
    expect(ifRangeHolds('W/"a"', '"a"')).toBe(false);
  });

  it('makes safe download names', () => {
    expect(contentDisposition('../../etc/passwd')).toBe(
      `attachment; filename=".._.._etc_passwd"; filename*=UTF-8''.._.._etc_passwd`,
    );
    expect(contentDisposition('a"b;c\r\nX-Evil: 1')).toBe(
      `attachment; filename="a_b_cX-Evil: 1"; filename*=UTF-8''a%22b%3BcX-Evil%3A%201`,
    );
    expect(contentDisposition('..')).toContain('filename="download"');
  });
});
