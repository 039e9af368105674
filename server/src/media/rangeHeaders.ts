// Pure parsing of the conditional request headers (RFC 9110 §13), kept apart from the streaming so
// every branch is easy to test and to read. Range itself is read by src/shared/http-range.

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
