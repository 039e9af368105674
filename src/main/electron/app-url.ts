import { pathToFileURL } from 'node:url';

// Which URLs are "the app itself": the built index.html (file://) in production, the Vite dev server's
// origin in development. Used by the navigation guard, the permission handlers and the IPC sender check.

export interface AppUrlMatcher {
  /** The URL the window loads. */
  readonly entryUrl: string;
  isAppUrl(url: string): boolean;
}

export function createAppUrlMatcher(options: {
  indexHtmlPath: string;
  devServerUrl?: string;
}): AppUrlMatcher {
  if (options.devServerUrl !== undefined) {
    const dev = new URL(options.devServerUrl);
    return {
      entryUrl: dev.href,
      isAppUrl: (url) => parse(url)?.origin === dev.origin,
    };
  }
  const entry = pathToFileURL(options.indexHtmlPath);
  return {
    entryUrl: entry.href,
    isAppUrl: (url) => {
      const parsed = parse(url);
      if (parsed === null || parsed.protocol !== 'file:') return false;
      // Chromium reports the origin of file:// pages as "file://" (no path) in permission checks.
      return (
        parsed.pathname === entry.pathname ||
        ((parsed.pathname === '' || parsed.pathname === '/') && parsed.host === '')
      );
    },
  };
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}
