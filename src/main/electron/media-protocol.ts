import { Readable } from 'node:stream';
import type { FileResponse } from '../core/media/range';
import { MEDIA_SCHEME } from './media-scheme';

// Local thumbnails and preview loops reach the renderer through aiasmr-media://video/<id>/<kind>:
// by video id and kind only, never by path. The core maps the id to its cached file and answers with
// Range support (206 / 416), which video elements need to seek and stream.

export type MediaKind = 'thumbnail' | 'preview';
const KINDS: readonly string[] = ['thumbnail', 'preview'] satisfies MediaKind[];

export function mediaUrl(id: number, kind: MediaKind): string {
  return `${MEDIA_SCHEME}://video/${id}/${kind}`;
}

export const MEDIA_SCHEME_PRIVILEGES = {
  scheme: MEDIA_SCHEME,
  privileges: {
    standard: true,
    secure: true,
    // Lets <video> stream and seek through the handler's Range answers.
    stream: true,
    supportFetchAPI: true,
    bypassCSP: false,
    corsEnabled: false,
    allowServiceWorkers: false,
  },
} as const;

export interface ProtocolLike {
  registerSchemesAsPrivileged(schemes: (typeof MEDIA_SCHEME_PRIVILEGES)[]): void;
  handle(scheme: string, handler: (request: Request) => Promise<Response>): void;
}

export interface MediaSource {
  mediaResponse(
    id: number,
    kind: MediaKind,
    range: string | undefined,
    method: 'GET' | 'HEAD',
  ): Promise<FileResponse>;
}

/** Must run before the app is ready (Electron's rule for privileged schemes). */
export function registerMediaScheme(protocol: Pick<ProtocolLike, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([MEDIA_SCHEME_PRIVILEGES]);
}

export function parseMediaUrl(raw: string): { id: number; kind: MediaKind } | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== `${MEDIA_SCHEME}:` || url.host !== 'video' || url.search !== '') return null;
  const match = /^\/([1-9]\d{0,9})\/([a-z]+)$/.exec(url.pathname);
  if (match === null) return null;
  const [, idText = '', kind = ''] = match;
  const id = Number(idText);
  if (id > 2 ** 31 - 1 || !KINDS.includes(kind)) return null;
  return { id, kind: kind === 'preview' ? 'preview' : 'thumbnail' };
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}

export function createMediaHandler(source: MediaSource, log: (message: string) => void) {
  return async (request: Request): Promise<Response> => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed');
    const target = parseMediaUrl(request.url);
    if (target === null) {
      log(`Refused media request ${request.url.slice(0, 200)}`);
      return plain(404, 'Not found');
    }
    try {
      const answer = await source.mediaResponse(
        target.id,
        target.kind,
        request.headers.get('range') ?? undefined,
        request.method === 'HEAD' ? 'HEAD' : 'GET',
      );
      const body = answer.body === null ? null : Readable.toWeb(answer.body());
      return new Response(body, { status: answer.status, headers: answer.headers });
    } catch (error) {
      log(`Media ${target.kind} of video ${target.id} failed: ${String(error)}`);
      return plain(500, 'Media unavailable');
    }
  };
}

export function handleMediaProtocol(
  protocol: Pick<ProtocolLike, 'handle'>,
  source: MediaSource,
  log: (m: string) => void,
): void {
  protocol.handle(MEDIA_SCHEME, createMediaHandler(source, log));
}
