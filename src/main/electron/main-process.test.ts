import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { INVOKE_CHANNELS } from '../../shared/ipc/contract';
import { fake } from './test/fake-electron';

// The main process as composed in src/main/index.ts, started against a faked `electron` (and the two
// modules that load Electron themselves), with the real core behind it: proves the wiring (privileged
// scheme before ready, session hardening, IPC through the sender check to the core, media protocol,
// menu, window) rather than each adapter alone.

vi.mock('electron', async () => {
  const { fake: f } = await import('./test/fake-electron');
  return { ...f.electron, default: f.electron };
});
vi.mock('electron-store', async () => ({
  default: (await import('./test/fake-electron')).FakeElectronStore,
}));
vi.mock('electron-updater', async () => ({
  default: { autoUpdater: (await import('./test/fake-electron')).fakeAutoUpdater },
}));

let appSender: unknown;

beforeAll(async () => {
  fake.state.root = mkdtempSync(join(tmpdir(), 'aiasmr-main-'));
  vi.stubEnv('AIASMR_SERVER_URL', 'http://127.0.0.1:9');
  await import('../index');
  await vi.waitFor(() => expect(fake.state.windows).toHaveLength(1), { timeout: 20_000 });
  const loaded = fake.state.windows[0]?.loaded[0] ?? '';
  appSender = { sender: { id: 1 }, senderFrame: { url: loaded, parent: null } };
}, 60_000);

afterAll(async () => {
  for (const listener of fake.state.appEvents.get('before-quit') ?? []) listener();
  vi.unstubAllEnvs();
  await new Promise((resolve) => setTimeout(resolve, 50));
  rmSync(fake.state.root, { recursive: true, force: true });
});

async function call(channel: string, event: unknown, payload: unknown = {}) {
  const handler = fake.state.ipc.get(channel);
  if (handler === undefined) throw new Error(`no handler for ${channel}`);
  return handler(event, payload);
}

describe('main process composition', () => {
  it('registers the media scheme as privileged before the app is ready, then handles it', () => {
    expect(fake.state.schemesRegisteredBeforeReady).toBe(true);
    expect([...fake.state.protocols.keys()]).toEqual(['aiasmr-media']);
  });

  it('hardens the session (CSP header, permission handler)', () => {
    expect(fake.state.permissionHandlerSet).toBe(true);
    let headers: unknown;
    fake.state.csp?.({ url: 'http://x/', responseHeaders: {} }, (r) => void (headers = r));
    expect(JSON.stringify(headers)).toContain("default-src 'none'");
  });

  it('opens one secure window on the built page with the sandboxed preload', () => {
    const win = fake.state.windows[0];
    expect(win?.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    });
    expect(win?.options.webPreferences).toMatchObject({
      preload: expect.stringMatching(/preload[/\\]index\.cjs$/),
    });
    expect(win?.loaded[0]).toMatch(/^file:\/\/.*\/renderer\/index\.html$/);
  });

  it('registers every contract channel and answers the app page through the core', async () => {
    expect([...fake.state.ipc.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort());
    await expect(call('app:info', appSender)).resolves.toEqual({
      ok: true,
      value: { name: 'AIASMR Video', version: '0.1.0', host: 'electron', platform: process.platform },
    });
    await expect(call('settings:get', appSender)).resolves.toMatchObject({
      ok: true,
      value: { serverUrl: 'http://127.0.0.1:9' },
    });
    await expect(call('session:get', appSender)).resolves.toMatchObject({
      ok: true,
      value: { status: 'signed_out' },
    });
    await expect(call('library:count', appSender, { query: 'nope' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
  });

  it('chooses the download folder with the native picker over the window and saves it', async () => {
    const win = fake.state.windows[0];
    fake.state.openDialogAnswer = { canceled: true, filePaths: [] };
    await expect(call('dialog:pickFolder', appSender)).resolves.toEqual({ ok: true, value: { path: null } });
    const chosen = join(fake.state.root, 'Chosen Videos');
    fake.state.openDialogAnswer = { canceled: false, filePaths: [chosen] };
    await expect(call('dialog:pickFolder', appSender)).resolves.toEqual({
      ok: true,
      value: { path: chosen },
    });
    await expect(call('settings:get', appSender)).resolves.toMatchObject({
      ok: true,
      value: { downloadDir: chosen },
    });
    expect(fake.state.openDialogCalls).toHaveLength(2);
    expect(fake.state.openDialogCalls[0]?.parent).toBeInstanceOf(fake.electron.BrowserWindow);
    expect(fake.state.openDialogCalls[0]?.parent).toHaveProperty('record', win);
  });

  it('sets the native theme from the theme setting and follows its changes', async () => {
    expect(fake.state.themeSource).toBeNull();
    await expect(call('settings:set', appSender, { theme: 'dark' })).resolves.toMatchObject({ ok: true });
    expect(fake.state.themeSource).toBe('dark');
    await expect(call('settings:set', appSender, { theme: 'system' })).resolves.toMatchObject({ ok: true });
    expect(fake.state.themeSource).toBe('system');
  });

  it('refuses callers other than the app page', async () => {
    const stranger = { sender: { id: 1 }, senderFrame: { url: 'https://evil.example/', parent: null } };
    await expect(call('app:info', stranger)).resolves.toMatchObject({
      ok: false,
      error: { code: 'forbidden_sender' },
    });
  });

  it('serves no media while signed out, by id only', async () => {
    const handler = fake.state.protocols.get('aiasmr-media');
    expect((await handler?.(new Request('aiasmr-media://video/1/thumbnail')))?.status).toBe(404);
    expect((await handler?.(new Request('aiasmr-media://video/..%2F..%2Fetc/thumbnail')))?.status).toBe(404);
  });

  it('sets the application menu with Search, Refresh and Settings', () => {
    const labels = JSON.stringify(fake.state.menu);
    for (const label of ['Search Videos', 'Refresh', 'Settings', 'Open Logs Folder'])
      expect(labels).toContain(label);
  });

  it('forwards aiasmr:// links and menu commands to the page once it has loaded', () => {
    const win = fake.state.windows[0];
    const menuItems = (items: unknown): { label?: string; click?: () => void }[] =>
      Array.isArray(items)
        ? items.flatMap((item: { label?: string; click?: () => void; submenu?: unknown }) => [
            item,
            ...menuItems(item.submenu),
          ])
        : [];
    for (const listener of fake.state.appEvents.get('second-instance') ?? [])
      listener({}, ['app', 'aiasmr://video/5']);
    expect(win?.sent.filter(([channel]) => channel === 'app:command')).toEqual([]);
    for (const listener of win?.contents.get('did-finish-load') ?? []) listener();
    for (const label of ['Search Videos', 'Select All'])
      menuItems(fake.state.menu)
        .find((item) => item.label === label)
        ?.click?.();
    expect(win?.sent.filter(([channel]) => channel === 'app:command')).toEqual([
      ['app:command', { command: 'openVideo', id: 5 }],
      ['app:command', { command: 'search' }],
      ['app:command', { command: 'selectAll' }],
    ]);
  });
});
