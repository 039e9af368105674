import { describe, expect, it } from 'vitest';
import { createAppUrlMatcher } from './app-url';
import {
  SECURE_WEB_PREFERENCES,
  contentSecurityPolicy,
  hardenSession,
  hardenWebContents,
  type HeadersDetails,
  type NavigationEventLike,
  type SessionLike,
  type WebContentsLike,
} from './security';

const app = createAppUrlMatcher({
  indexHtmlPath: '/opt/AIASMR Video/resources/app.asar/out/renderer/index.html',
});

describe('web preferences', () => {
  it('isolate the renderer and keep Node out of it', () => {
    expect(SECURE_WEB_PREFERENCES).toMatchObject({
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      sandbox: true,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });
});

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(';').map((part) => {
      const [name = '', ...sources] = part.trim().split(/\s+/);
      return [name, sources];
    }),
  );
}

describe('Content-Security-Policy', () => {
  it('is strict in production: no inline or remote script, no eval, nothing by default', () => {
    const csp = directives(contentSecurityPolicy());
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('media-src')).toContain('aiasmr-media:');
    expect(contentSecurityPolicy()).not.toMatch(/unsafe-eval|\*|https?:/);
  });

  it('adds only the dev server in development', () => {
    const csp = directives(contentSecurityPolicy('http://localhost:5173/'));
    expect(csp.get('script-src')).toEqual(["'self'", 'http://localhost:5173', "'unsafe-inline'"]);
    expect(csp.get('connect-src')).toEqual(["'self'", 'http://localhost:5173', 'ws://localhost:5173']);
  });
});

function fakeSession() {
  let headersListener: Parameters<SessionLike['webRequest']['onHeadersReceived']>[0] | null = null;
  let requestHandler: Parameters<SessionLike['setPermissionRequestHandler']>[0] | null = null;
  let checkHandler: Parameters<SessionLike['setPermissionCheckHandler']>[0] | null = null;
  const session: SessionLike = {
    webRequest: { onHeadersReceived: (listener) => void (headersListener = listener) },
    setPermissionRequestHandler: (handler) => void (requestHandler = handler),
    setPermissionCheckHandler: (handler) => void (checkHandler = handler),
  };
  return {
    session,
    headers(details: HeadersDetails) {
      let out: Record<string, string[] | string> | undefined;
      headersListener?.(details, (response) => void (out = response.responseHeaders));
      return out;
    },
    request(permission: string, requestingUrl: string): boolean | undefined {
      let granted: boolean | undefined;
      requestHandler?.(null, permission, (g) => void (granted = g), { requestingUrl });
      return granted;
    },
    check(permission: string, origin: string): boolean | undefined {
      return checkHandler?.(null, permission, origin);
    },
  };
}

describe('session hardening', () => {
  it('replaces any CSP header with the app policy on every response', () => {
    const fake = fakeSession();
    hardenSession(fake.session, { csp: contentSecurityPolicy(), isAppUrl: app.isAppUrl });
    const headers = fake.headers({
      url: 'http://localhost/x',
      responseHeaders: { 'content-security-policy': ['default-src *'], 'X-Other': ['1'] },
    });
    expect(headers).toEqual({ 'X-Other': ['1'], 'Content-Security-Policy': [contentSecurityPolicy()] });
    expect(fake.headers({ url: 'file:///x' })).toEqual({
      'Content-Security-Policy': [contentSecurityPolicy()],
    });
  });

  it('denies every permission request by default and logs it', () => {
    const fake = fakeSession();
    const logged: string[] = [];
    hardenSession(fake.session, { csp: 'x', isAppUrl: app.isAppUrl, log: (m) => logged.push(m) });
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'hid', 'unknown']) {
      expect(fake.request(permission, app.entryUrl)).toBe(false);
      expect(fake.check(permission, 'file://')).toBe(false);
    }
    expect(logged[0]).toContain('Denied permission request "media"');
  });

  it('grants fullscreen to the app page only', () => {
    const fake = fakeSession();
    hardenSession(fake.session, { csp: 'x', isAppUrl: app.isAppUrl });
    expect(fake.request('fullscreen', app.entryUrl)).toBe(true);
    expect(fake.request('fullscreen', 'https://evil.example/')).toBe(false);
    expect(fake.check('fullscreen', 'https://evil.example')).toBe(false);
  });
});

function fakeContents() {
  const listeners = new Map<string, (event: NavigationEventLike, url: string) => void>();
  let openHandler: ((details: { url: string }) => { action: 'deny' }) | null = null;
  const contents: WebContentsLike = {
    on: (event: string, listener: (event: NavigationEventLike, url: string) => void) =>
      void listeners.set(event, listener),
    setWindowOpenHandler: (handler) => void (openHandler = handler),
  };
  const fire = (name: string, url = ''): boolean => {
    let prevented = false;
    listeners.get(name)?.({ preventDefault: () => void (prevented = true) }, url);
    return prevented;
  };
  return { contents, fire, open: (url: string) => openHandler?.({ url }) };
}

describe('navigation guards', () => {
  it('block navigation and redirects away from the app, handing links to the allow-listed opener', () => {
    const fake = fakeContents();
    const handedOut: string[] = [];
    hardenWebContents(fake.contents, { isAppUrl: app.isAppUrl, openExternal: (url) => handedOut.push(url) });
    expect(fake.fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(fake.fire('will-redirect', 'file:///etc/passwd')).toBe(true);
    expect(fake.fire('will-navigate', `${app.entryUrl}#/settings`)).toBe(false);
    expect(handedOut).toEqual(['https://evil.example/', 'file:///etc/passwd']);
  });

  it('deny every new window and every webview', () => {
    const fake = fakeContents();
    const handedOut: string[] = [];
    hardenWebContents(fake.contents, { isAppUrl: app.isAppUrl, openExternal: (url) => handedOut.push(url) });
    expect(fake.open('https://aiasmr.so/faq')).toEqual({ action: 'deny' });
    expect(fake.open(app.entryUrl)).toEqual({ action: 'deny' });
    expect(fake.fire('will-attach-webview')).toBe(true);
    expect(handedOut).toEqual(['https://aiasmr.so/faq', app.entryUrl]);
  });
});

describe('app URL matcher', () => {
  it('accepts only the built index.html in production', () => {
    expect(app.isAppUrl(app.entryUrl)).toBe(true);
    expect(app.isAppUrl('file:///opt/AIASMR%20Video/resources/app.asar/out/renderer/other.html')).toBe(false);
    expect(app.isAppUrl('file:///etc/passwd')).toBe(false);
    expect(app.isAppUrl('https://aiasmr.so/')).toBe(false);
    expect(app.isAppUrl('garbage')).toBe(false);
  });

  it('accepts only the dev server origin in development', () => {
    const dev = createAppUrlMatcher({
      indexHtmlPath: '/x/index.html',
      devServerUrl: 'http://localhost:5173',
    });
    expect(dev.isAppUrl('http://localhost:5173/src/main.tsx')).toBe(true);
    expect(dev.isAppUrl('http://localhost:5174/')).toBe(false);
    expect(dev.isAppUrl('file:///x/index.html')).toBe(false);
  });
});
