// Pure parsing of the conditional and range request headers (RFC 9110 §13 and §14), kept apart from
// the streaming so every branch is easy to test and to read.

export type RangeDecision =
  { kind: 'full' } | { kind: 'partial'; start: number; end: number } | { kind: 'unsatisfiable' };

/**
 * Decides what a `Range` header asks of a file of `size` bytes. Only one `bytes` range is honoured:
 * a header we do not understand, or several ranges, answer the whole file (RFC 9110 lets a server ignore
 * Range). Multipart/byteranges responses are left out on purpose: download clients resume with a single
 * range, and several ranges in one request are mostly used to amplify load.
 */
export function decideRange(header: string | undefined, size: number): RangeDecision {
  if (header === undefined) return { kind: 'full' };
  const match = /^\s*bytes\s*=\s*(.+)$/i.exec(header);
  if (!match?.[1]) return { kind: 'full' };
  const specs = match[1].split(',').map((s) => s.trim());
  if (specs.length !== 1) return { kind: 'full' };
  const spec = /^(\d*)-(\d*)$/.exec(specs[0] ?? '');
  if (!spec) return { kind: 'full' };
  const [, first = '', last = ''] = spec;
  if (first === '' && last === '') return { kind: 'full' };
  if (first === '') {
    // Suffix range: the last n bytes.
    const n = Number(last);
    if (n === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Number(last);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end)) return { kind: 'full' };
  // first > last is a syntactically invalid range: ignored, so the whole file is sent.
  if (last !== '' && end < start) return { kind: 'full' };
  if (start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'partial', start, end: Math.min(end, size - 1) };
}

function entityTags(header: string): string[] {
  return header
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t.length > 0);
}

const opaque = (tag: string) => (tag.startsWith('W/') ? tag.slice(2) : tag);

/** If-None-Match uses the weak comparison: `W/"x"` matches `"x"`. */
export function noneMatchHits(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const tags = entityTags(header);
  return tags.includes('*') || tags.some((t) => opaque(t) === opaque(etag));
}

/**
 * If-Range holds when it carries exactly our strong ETag. A weak tag never matches, and a date is
 * treated as not matching: our validator is the ETag, and a date cannot prove the bytes are the same.
 */
export function ifRangeHolds(header: string | undefined, etag: string): boolean {
  if (header === undefined) return true;
  const value = header.trim();
  return !value.startsWith('W/') && value === etag;
}

/** `attachment` with an ASCII fallback name and the exact UTF-8 name as RFC 5987 `filename*`. */
export function contentDisposition(downloadName: string | undefined): string {
  if (downloadName === undefined) return 'inline';
  const cleaned = downloadName
    .replace(/[/\\]/g, '_')
    // Control characters would let a name split or forge header fields.
    // eslint-disable-next-line no-control-regex -- matching control characters is the point here
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim()
    .slice(0, 200);
  const name = cleaned === '' || /^\.+$/.test(cleaned) ? 'download' : cleaned;
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["%;]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
