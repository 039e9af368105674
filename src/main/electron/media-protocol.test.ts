import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { respondWithFile } from '../core/media/range';
import {
  MEDIA_SCHEME_PRIVILEGES,
  createMediaHandler,
  handleMediaProtocol,
  mediaUrl,
  parseMediaUrl,
  registerMediaScheme,
  type MediaKind,
  type MediaSource,
} from './media-protocol';

// The handler runs for real against the core's Range responder over a real file; only the `protocol`
// module of Electron is faked.
let dir = '';
let file = '';
const bytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 256));
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'aiasmr-media-'));
  file = join(dir, '42-preview.mp4');
  writeFileSync(file, bytes);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function source(asked: [number, MediaKind, string | undefined][]): MediaSource {
  return {
    mediaResponse: async (id, kind, range, method) => {
      asked.push([id, kind, range]);
      if (id !== 42) return { status: 404, headers: {}, body: null };
      return respondWithFile(file, 'video/mp4', range, method);
    },
  };
}

describe('media protocol registration', () => {
  it('registers aiasmr-media as a privileged, streaming scheme that does not bypass the CSP', () => {
    const registered: unknown[] = [];
    registerMediaScheme({ registerSchemesAsPrivileged: (schemes) => void registered.push(...schemes) });
    expect(registered).toEqual([MEDIA_SCHEME_PRIVILEGES]);
    expect(MEDIA_SCHEME_PRIVILEGES.privileges).toMatchObject({
      stream: true,
      standard: true,
      secure: true,
      bypassCSP: false,
    });
  });

  it('installs the handler with protocol.handle', () => {
    const handled: string[] = [];
    handleMediaProtocol({ handle: (scheme) => void handled.push(scheme) }, source([]), () => undefined);
    expect(handled).toEqual(['aiasmr-media']);
  });
});

describe('media requests', () => {
  it('serves the whole file with 200 and its length', async () => {
    const asked: [number, MediaKind, string | undefined][] = [];
    const res = await createMediaHandler(
      source(asked),
      () => undefined,
    )(new Request(mediaUrl(42, 'preview')));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe('1000');
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(bytes);
    expect(asked).toEqual([[42, 'preview', undefined]]);
  });

  it('answers a Range with 206 and exactly those bytes', async () => {
    const handler = createMediaHandler(source([]), () => undefined);
    const res = await handler(new Request(mediaUrl(42, 'preview'), { headers: { Range: 'bytes=100-199' } }));
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe('bytes 100-199/1000');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(bytes.subarray(100, 200));
  });

  it('answers an unsatisfiable Range with 416', async () => {
    const handler = createMediaHandler(source([]), () => undefined);
    const res = await handler(new Request(mediaUrl(42, 'preview'), { headers: { Range: 'bytes=5000-' } }));
    expect(res.status).toBe(416);
    expect(res.headers.get('content-range')).toBe('bytes */1000');
  });

  it('answers HEAD without a body and unknown ids with 404', async () => {
    const handler = createMediaHandler(source([]), () => undefined);
    const head = await handler(new Request(mediaUrl(42, 'thumbnail'), { method: 'HEAD' }));
    expect(head.status).toBe(200);
    expect(head.body).toBeNull();
    expect((await handler(new Request(mediaUrl(7, 'thumbnail')))).status).toBe(404);
  });

  it.each([
    'aiasmr-media://video/42/../../../../etc/passwd',
    'aiasmr-media://video/%2Fetc%2Fpasswd/preview',
    'aiasmr-media://video/42/original',
    'aiasmr-media://video/0/preview',
    'aiasmr-media://video/042/preview',
    'aiasmr-media://video/42/preview?path=/etc/passwd',
    'aiasmr-media://file/42/preview',
    'aiasmr-media://video/99999999999/preview',
  ])('never resolves a path: %s is refused without asking the core', async (url) => {
    const asked: [number, MediaKind, string | undefined][] = [];
    const logs: string[] = [];
    const res = await createMediaHandler(source(asked), (m) => logs.push(m))(new Request(url));
    expect(res.status).toBe(404);
    expect(asked).toEqual([]);
    expect(logs[0]).toContain('Refused media request');
  });

  it('refuses methods other than GET and HEAD', async () => {
    const res = await createMediaHandler(
      source([]),
      () => undefined,
    )(new Request(mediaUrl(42, 'preview'), { method: 'POST' }));
    expect(res.status).toBe(405);
  });

  it('answers 500 (and logs) when the core throws', async () => {
    const logs: string[] = [];
    const failing: MediaSource = { mediaResponse: async () => Promise.reject(new Error('disk gone')) };
    const res = await createMediaHandler(failing, (m) => logs.push(m))(new Request(mediaUrl(42, 'preview')));
    expect(res.status).toBe(500);
    expect(logs[0]).toContain('disk gone');
  });

  it('parses only well-formed media URLs', () => {
    expect(parseMediaUrl('aiasmr-media://video/42/thumbnail')).toEqual({ id: 42, kind: 'thumbnail' });
    expect(parseMediaUrl('not a url')).toBeNull();
  });
});
