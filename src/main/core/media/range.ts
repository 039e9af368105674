import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { decideRange } from '../../../shared/http-range';

/** A host-agnostic HTTP answer for a file: the web host pipes it, Electron wraps it in a Response. */
export interface FileResponse {
  status: 200 | 206 | 404 | 416 | 503;
  headers: Record<string, string>;
  /** Opens the body; null for answers without one (HEAD, 404, 416). */
  body: (() => Readable) | null;
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
  const range = decideRange(rangeHeader, size);
  if (range.kind === 'unsatisfiable') {
    return { status: 416, headers: { ...base, 'content-range': `bytes */${size}` }, body: null };
  }
  if (range.kind === 'full') {
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
