import { MEDIA_SCHEME } from './media-scheme';

// Electron's security checklist, in one place: the window's webPreferences, the Content-Security-Policy
// (sent as a header by the session and written as a <meta> into the built index.html), the permission
// handlers and the navigation guards. Each is asserted by security.test.ts.

export const SECURE_WEB_PREFERENCES = {
  contextIsolation: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  sandbox: true,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  experimentalFeatures: false,
  navigateOnDragDrop: false,
  safeDialogs: true,
} as const;

/**
 * The app's CSP. Scripts only from the app itself; media and images also from the media protocol;
 * inline styles are allowed because video.js injects its default player styles in a <style> element.
 * The development variant adds the Vite dev server (its HMR socket and React Refresh preamble).
 */
export function contentSecurityPolicy(devServerUrl?: string): string {
  const dev = devServerUrl === undefined ? null : new URL(devServerUrl);
  const devScript = dev === null ? [] : [dev.origin, "'unsafe-inline'"];
  const devConnect = dev === null ? [] : [dev.origin, `ws://${dev.host}`];
  const directives: [string, string[]][] = [
    ['default-src', ["'none'"]],
    ['script-src', ["'self'", ...devScript]],
    ['style-src', ["'self'", "'unsafe-inline'"]],
    ['img-src', ["'self'", 'data:', `${MEDIA_SCHEME}:`]],
    ['media-src', ["'self'", 'blob:', `${MEDIA_SCHEME}:`]],
    ['font-src', ["'self'", 'data:']],
    ['connect-src', ["'self'", ...devConnect]],
    ['worker-src', ["'self'", 'blob:']],
    ['object-src', ["'none'"]],
    ['frame-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
  ];
  return directives.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');
}

/** Permissions the app's own page may use: fullscreen for the video player and writing to the clipboard. */
const ALLOWED_PERMISSIONS = new Set(['fullscreen', 'clipboard-sanitized-write']);

export interface HeadersDetails {
  url: string;
  responseHeaders?: Record<string, string[] | string>;
}
export interface SessionLike {
  webRequest: {
    onHeadersReceived(
      listener: (
        details: HeadersDetails,
        callback: (response: { responseHeaders?: Record<string, string[] | string> }) => void,
      ) => void,
    ): void;
  };
  setPermissionRequestHandler(
    handler: (
      webContents: unknown,
      permission: string,
      callback: (granted: boolean) => void,
      details: { requestingUrl?: string },
    ) => void,
  ): void;
  setPermissionCheckHandler(
    handler: (webContents: unknown, permission: string, requestingOrigin: string) => boolean,
  ): void;
}

/**
 * Adds the CSP header to every response of the app's session and denies every permission except the
 * two the app needs, and those only for the app's own page.
 */
export function hardenSession(
  session: SessionLike,
  options: { csp: string; isAppUrl: (url: string) => boolean; log?: (message: string) => void },
): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = Object.fromEntries(
      Object.entries(details.responseHeaders ?? {}).filter(
        ([key]) => key.toLowerCase() !== 'content-security-policy',
      ),
    );
    headers['Content-Security-Policy'] = [options.csp];
    callback({ responseHeaders: headers });
  });
  session.setPermissionRequestHandler((_webContents, permission, callback, details) => {
    const granted = ALLOWED_PERMISSIONS.has(permission) && options.isAppUrl(details.requestingUrl ?? '');
    if (!granted)
      options.log?.(`Denied permission request "${permission}" from ${details.requestingUrl ?? '?'}`);
    callback(granted);
  });
  session.setPermissionCheckHandler(
    (_webContents, permission, requestingOrigin) =>
      ALLOWED_PERMISSIONS.has(permission) && options.isAppUrl(requestingOrigin),
  );
}

export interface NavigationEventLike {
  preventDefault(): void;
}
export interface WebContentsLike {
  on(
    event: 'will-navigate' | 'will-redirect',
    listener: (event: NavigationEventLike, url: string) => void,
  ): void;
  on(event: 'will-attach-webview', listener: (event: NavigationEventLike) => void): void;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/**
 * Blocks every navigation away from the app, every new window and every <webview>. Links the user
 * clicks that point to an allowed external page are handed to `openExternal` (which checks the
 * allow-list again); all others are dropped and logged.
 */
export function hardenWebContents(
  contents: WebContentsLike,
  options: {
    isAppUrl: (url: string) => boolean;
    openExternal: (url: string) => void;
    log?: (message: string) => void;
  },
): void {
  const guard = (event: NavigationEventLike, url: string): void => {
    if (options.isAppUrl(url)) return;
    event.preventDefault();
    options.log?.(`Blocked navigation to ${url.slice(0, 200)}`);
    options.openExternal(url);
  };
  contents.on('will-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    options.log?.('Blocked a <webview>');
  });
  contents.setWindowOpenHandler(({ url }) => {
    options.log?.(`Blocked a new window for ${url.slice(0, 200)}`);
    options.openExternal(url);
    return { action: 'deny' };
  });
}
