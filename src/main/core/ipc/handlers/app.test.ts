import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Core } from '../../core';
import { FileSecretsStore } from '../../secrets/file-secrets-store';
import { FileSettingsStore } from '../../settings/file-settings-store';
import { defaultSettings } from '../../settings/settings-store';
import { appHandlers } from './app';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function handlersWith(openExternal?: (url: string) => Promise<boolean>) {
  const dir = mkdtempSync(join(tmpdir(), 'aiasmr-app-handlers-'));
  dirs.push(dir);
  const serverUrl = 'http://127.0.0.1:9';
  const core = new Core({
    dataDir: dir,
    secrets: new FileSecretsStore(join(dir, 'secret')),
    settings: new FileSettingsStore(join(dir, 'settings.json'), defaultSettings({ serverUrl })),
    defaultServerUrl: serverUrl,
    appInfo: { name: 'AIASMR Video', version: '0.0.0-test', host: 'web', platform: 'linux' },
    mediaUrl: (id, kind) => `/media/${id}/${kind}`,
    ...(openExternal ? { openExternal } : {}),
  });
  return appHandlers({ core });
}

describe('external:open', () => {
  it('hands web links and the support mail link to the host, which decides', async () => {
    const asked: string[] = [];
    const handlers = handlersWith(async (url) => {
      asked.push(url);
      return url.startsWith('mailto:');
    });
    expect(await handlers['external:open']({ url: 'mailto:support@aiasmr.so' })).toEqual({ opened: true });
    expect(await handlers['external:open']({ url: 'https://aiasmr.so/faq' })).toEqual({ opened: false });
    expect(asked).toEqual(['mailto:support@aiasmr.so', 'https://aiasmr.so/faq']);
  });

  it('never passes other schemes to the host', async () => {
    const asked: string[] = [];
    const handlers = handlersWith(async (url) => {
      asked.push(url);
      return true;
    });
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'smb://host/share', 'aiasmr://video/1']) {
      expect(await handlers['external:open']({ url })).toEqual({ opened: false });
    }
    expect(asked).toEqual([]);
  });

  it('opens nothing where the host has no way to open links', async () => {
    expect(await handlersWith()['external:open']({ url: 'mailto:support@aiasmr.so' })).toEqual({
      opened: false,
    });
  });
});
