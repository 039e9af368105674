// aiasmr://video/<id> links: registered as the app's protocol, they open that video in the app. On
// Windows and Linux the link arrives in the command line (of the first or a second instance); on macOS
// through the open-url event.

export const DEEP_LINK_SCHEME = 'aiasmr';

export type DeepLink = { kind: 'video'; id: number };

const MAX_ID = 2 ** 31 - 1;

export function parseDeepLink(raw: string): DeepLink | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== `${DEEP_LINK_SCHEME}:`) return null;
  // "aiasmr://video/42" parses as host "video", path "/42"; tolerate a trailing slash.
  const match = /^\/(\d{1,10})\/?$/.exec(url.pathname);
  if (url.host !== 'video' || match === null) return null;
  const id = Number(match[1]);
  return id >= 1 && id <= MAX_ID ? { kind: 'video', id } : null;
}

/** The first aiasmr:// link in a command line, if any. */
export function deepLinkFromArgv(argv: readonly string[]): DeepLink | null {
  for (const arg of argv) {
    if (!arg.toLowerCase().startsWith(`${DEEP_LINK_SCHEME}:`)) continue;
    const link = parseDeepLink(arg);
    if (link !== null) return link;
  }
  return null;
}
