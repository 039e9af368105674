import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createAppUpdater,
  releaseNotesText,
  type AutoUpdaterLike,
  type UpdateDialog,
  type UpdateInfoLike,
  type UpdaterLoggerLike,
} from './updater';

type Listener = (arg: never) => void;

class FakeUpdater implements AutoUpdaterLike {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  logger: UpdaterLoggerLike | null = null;
  checks = 0;
  installs = 0;
  failNext: Error | null = null;
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  emit(event: string, arg: unknown) {
    for (const l of this.listeners.get(event) ?? []) (l as (a: unknown) => void)(arg);
  }
  async checkForUpdates() {
    this.checks += 1;
    if (this.failNext !== null) {
      const error = this.failNext;
      this.failNext = null;
      this.emit('error', error);
      throw error;
    }
    return null;
  }
  quitAndInstall() {
    this.installs += 1;
  }
}

function setup(enabled: boolean, dialogResponse = 0) {
  const updater = new FakeUpdater();
  const dialogs: UpdateDialog[] = [];
  const notices: { level: string; message: string; code: string }[] = [];
  const logs: string[] = [];
  const app = createAppUpdater({
    updater,
    enabled,
    disabledReason: 'development build',
    intervalMs: 1000,
    showDialog: async (d) => {
      dialogs.push(d);
      return { response: dialogResponse };
    },
    notify: (n) => notices.push(n),
    log: (m) => logs.push(m),
  });
  return { updater, app, dialogs, notices, logs };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('auto-update', () => {
  it('is off in development: never checks, and says so when asked', async () => {
    const { updater, app, notices, logs } = setup(false);
    app.start();
    await app.checkNow();
    expect(updater.checks).toBe(0);
    expect(updater.listeners.size).toBe(0);
    expect(logs).toEqual(['Auto-update off: development build']);
    expect(notices).toEqual([
      { level: 'info', message: 'Updates are off: development build.', code: 'update_disabled' },
    ]);
  });

  it('checks at start and then on every interval, downloading in the background', async () => {
    vi.useFakeTimers();
    const { updater, app } = setup(true);
    expect(updater.autoDownload).toBe(true);
    expect(updater.autoInstallOnAppQuit).toBe(true);
    app.start();
    expect(updater.checks).toBe(1);
    await vi.advanceTimersByTimeAsync(3000);
    expect(updater.checks).toBe(4);
    app.stop();
    await vi.advanceTimersByTimeAsync(3000);
    expect(updater.checks).toBe(4);
  });

  it("writes electron-updater's own messages to the app log", () => {
    const { updater, logs } = setup(true);
    updater.logger?.info('Checking for update');
    updater.logger?.warn('slow');
    updater.logger?.error(new Error('net::ERR_CONNECTION_REFUSED'));
    expect(logs).toEqual([
      'updater: Checking for update',
      'updater warning: slow',
      'updater error: Error: net::ERR_CONNECTION_REFUSED',
    ]);
    expect(setup(false).updater.logger).toBeNull();
  });

  it('offers "Restart to Update" with the release notes once the update is downloaded, and installs on yes', async () => {
    const { updater, dialogs, notices } = setup(true, 0);
    const info: UpdateInfoLike = {
      version: '1.2.0',
      releaseNotes: '<p>Faster grid</p><ul><li>Fix A &amp; B</li></ul>',
    };
    updater.emit('update-downloaded', info);
    await vi.waitFor(() => expect(updater.installs).toBe(1));
    expect(notices).toEqual([
      { level: 'info', message: 'Version 1.2.0 is ready: restart to update.', code: 'update_ready' },
    ]);
    expect(dialogs[0]?.buttons).toEqual(['Restart to Update', 'Later']);
    expect(dialogs[0]?.detail).toBe("What's new:\nFaster grid\n• Fix A & B");
  });

  it('leaves the update for the next quit on "Later" and does not ask twice for the same version', async () => {
    const { updater, dialogs } = setup(true, 1);
    updater.emit('update-downloaded', { version: '1.2.0', releaseNotes: null });
    updater.emit('update-downloaded', { version: '1.2.0', releaseNotes: null });
    await vi.waitFor(() => expect(dialogs).toHaveLength(1));
    expect(dialogs[0]?.detail).toContain('installed when you quit');
    expect(updater.installs).toBe(0);
  });

  it('logs a failed background check quietly, but reports a failed manual check', async () => {
    const { updater, app, notices, logs } = setup(true);
    updater.failNext = new Error('net::ERR_CONNECTION_REFUSED');
    app.start();
    await vi.waitFor(() => expect(logs.some((l) => l.startsWith('Update check failed'))).toBe(true));
    expect(notices).toEqual([]);
    updater.failNext = new Error('404 latest.yml');
    await app.checkNow();
    expect(notices).toEqual([
      { level: 'error', message: 'Could not check for updates: 404 latest.yml', code: 'update_error' },
    ]);
    app.stop();
  });

  it('tells a manual check when there is nothing new', async () => {
    const { updater, app, notices } = setup(true);
    updater.checkForUpdates = async () => {
      updater.emit('update-not-available', { version: '0.1.0' });
      return null;
    };
    await app.checkNow();
    expect(notices.map((n) => n.code)).toEqual(['update_none']);
  });
});

describe('release notes', () => {
  it('joins per-version notes and truncates very long ones', () => {
    expect(
      releaseNotesText({
        version: '2',
        releaseNotes: [
          { version: '2', note: 'B' },
          { version: '1', note: null },
        ],
      }),
    ).toBe('2\nB\n\n1');
    expect(releaseNotesText({ version: '2', releaseNotes: 'x'.repeat(5000) })).toHaveLength(1501);
  });
});
