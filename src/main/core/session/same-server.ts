/**
 * Whether two server addresses name the same API: scheme, host, port and path compared, so a trailing
 * slash or a different letter case in the host does not count as another server.
 */
export function sameServer(a: string, b: string): boolean {
  return normalize(a) === normalize(b);
}

function normalize(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    return url.trim();
  }
}
