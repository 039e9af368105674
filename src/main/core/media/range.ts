import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';

/** A host-agnostic HTTP answer for a file: the web host pipes it, Electron wraps it in a Response. */
export interface FileResponse {
  status: 200 | 206 | 404 | 416 | 503;
  headers: Record<string, string>;
  /** Opens the body; null for answers without one (HEAD, 404, 416). */
  body: (() => Readable) | null;
}

export type ByteRange = { start: number; end: number };

/**
 * Parses a single `bytes=` range against a size. Returns null for no (or an ignorable) Range header,
 * 'unsatisfiable' for a syntactically valid range outside the file.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | null | 'unsatisfiable' {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  // Multiple ranges and other units are legal to ignore: the whole file is sent instead.
  if (!m) return null;
  const [, a = '', b = ''] = m;
  if (a === '' && b === '') return null;
  if (a === '') {
    const suffix = Number(b);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(a);
  const end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
  if (start >= size || (b !== '' && Number(b) < start)) return 'unsatisfiable';
  return { start, end };
}

export async function respondWithFile(
  file: string,
  mime: string,
  rangeHeader: string | undefined,
  method: 'GET' | 'HEAD' = 'GET',
): Promise<FileResponse> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch {
    return { status: 404, headers: {}, body: null };
  }
  const base = { 'content-type': mime, 'accept-ranges': 'bytes', 'cache-control': 'private, max-age=3600' };
  const range = parseRange(rangeHeader, size);
  if (range === 'unsatisfiable') {
    return { status: 416, headers: { ...base, 'content-range': `bytes */${size}` }, body: null };
  }
  if (range === null) {
    return {
      status: 200,
      headers: { ...base, 'content-length': String(size) },
      body: method === 'HEAD' ? null : () => createReadStream(file),
    };
  }
  return {
    status: 206,
    headers: {
      ...base,
      'content-length': String(range.end - range.start + 1),
      'content-range': `bytes ${range.start}-${range.end}/${size}`,
    },
    body: method === 'HEAD' ? null : () => createReadStream(file, { start: range.start, end: range.end }),
  };
}
