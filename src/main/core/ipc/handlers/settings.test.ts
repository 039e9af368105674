import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Settings } from '../../../../shared/ipc/models';
import { Core } from '../../core';
import { FileSecretsStore } from '../../secrets/file-secrets-store';
import { FileSettingsStore } from '../../settings/file-settings-store';
import { defaultSettings } from '../../settings/settings-store';
import { dispatch } from '../dispatch';
import { createHandlers } from '.';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function coreWith(pickFolder?: (currentDir: string) => Promise<string | null>) {
  const dir = mkdtempSync(join(tmpdir(), 'aiasmr-settings-handlers-'));
  dirs.push(dir);
  const serverUrl = 'http://127.0.0.1:9';
  const core = new Core({
    dataDir: dir,
    secrets: new FileSecretsStore(join(dir, 'secret')),
    settings: new FileSettingsStore(
      join(dir, 'settings.json'),
      defaultSettings({ serverUrl, downloadDir: join(dir, 'Downloads') }),
    ),
    defaultServerUrl: serverUrl,
    appInfo: { name: 'AIASMR Video', version: '0.0.0-test', host: 'web', platform: 'linux' },
    mediaUrl: (id, kind) => `/media/${id}/${kind}`,
    ...(pickFolder ? { pickFolder } : {}),
  });
  const changed: Settings[] = [];
  core.on('settings:changed', (s) => changed.push(s));
  return { core, dir, changed, handlers: createHandlers({ core }) };
}

describe('dialog:pickFolder', () => {
  it('opens the host picker at the current folder and saves the chosen one', async () => {
    const asked: string[] = [];
    const { core, dir, changed, handlers } = coreWith(async (current) => {
      asked.push(current);
      return join(dir, 'Chosen');
    });
    expect(await dispatch(handlers, 'dialog:pickFolder', {})).toEqual({
      ok: true,
      value: { path: join(dir, 'Chosen') },
    });
    expect(asked).toEqual([join(dir, 'Downloads')]);
    expect(core.options.settings.get().downloadDir).toBe(join(dir, 'Chosen'));
    expect(changed.map((s) => s.downloadDir)).toEqual([join(dir, 'Chosen')]);
  });

  it('keeps the folder when the user cancels', async () => {
    const { core, dir, changed, handlers } = coreWith(async () => null);
    expect(await dispatch(handlers, 'dialog:pickFolder', {})).toEqual({ ok: true, value: { path: null } });
    expect(core.options.settings.get().downloadDir).toBe(join(dir, 'Downloads'));
    expect(changed).toEqual([]);
  });

  it('answers not_supported where the host has no folder picker (web host)', async () => {
    const { core, dir, handlers } = coreWith();
    expect(await dispatch(handlers, 'dialog:pickFolder', {})).toEqual({
      ok: false,
      error: { code: 'not_supported', message: 'Choosing a folder is only available in the desktop app' },
    });
    expect(core.options.settings.get().downloadDir).toBe(join(dir, 'Downloads'));
  });

  it('refuses a payload the contract does not allow', async () => {
    const { handlers } = coreWith(async () => '/never');
    expect(await dispatch(handlers, 'dialog:pickFolder', { path: '/etc' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
  });
});
