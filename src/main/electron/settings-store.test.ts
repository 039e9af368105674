import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultSettings } from '../core/settings/settings-store';
import { ElectronSettingsStore, SETTINGS_SCHEMA_VERSION, migrateSettings } from './settings-store';

// electron-store is conf plus Electron's userData path; conf is the real storage engine, so these tests
// run it on a real temp folder instead of faking it.
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'aiasmr-settings-'));
  dirs.push(dir);
  return dir;
}

const defaults = defaultSettings({ serverUrl: 'http://127.0.0.1:4100', downloadDir: '/home/u/Videos' });

function open(dir: string) {
  const logs: string[] = [];
  const store = new ElectronSettingsStore({
    open: () =>
      new Conf<Record<string, unknown>>({ cwd: dir, configName: 'settings', projectName: 'aiasmr-test' }),
    file: join(dir, 'settings.json'),
    defaults,
    now: () => 1234,
    log: (m) => logs.push(m),
  });
  return { store, logs, file: join(dir, 'settings.json') };
}
const onDisk = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

describe('electron-store settings', () => {
  it('starts from the defaults and persists validated changes across launches', () => {
    const dir = tempDir();
    const first = open(dir);
    expect(first.store.get()).toEqual(defaults);
    expect(first.store.takeLoadProblem()).toBeNull();
    first.store.set({ theme: 'dark', downloadConcurrency: 4 });
    expect(onDisk(first.file)).toEqual({
      schemaVersion: SETTINGS_SCHEMA_VERSION,
      settings: { ...defaults, theme: 'dark', downloadConcurrency: 4 },
    });
    expect(open(dir).store.get()).toMatchObject({ theme: 'dark', downloadConcurrency: 4 });
  });

  it('rejects an invalid change and keeps the previous settings', () => {
    const { store, file } = open(tempDir());
    expect(() => store.set({ downloadConcurrency: 99 })).toThrow();
    expect(() => store.set({ serverUrl: 'ftp://x' })).toThrow();
    expect(store.get()).toEqual(defaults);
    expect(onDisk(file)).toMatchObject({ settings: defaults });
  });

  it('migrates an unversioned file (flat keys of the previews) to the current schema', () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'settings.json'),
      JSON.stringify({ theme: 'light', pageSize: 24, unknownOld: 1 }),
    );
    const { store, logs, file } = open(dir);
    expect(store.get()).toEqual({ ...defaults, theme: 'light', pageSize: 24 });
    expect(onDisk(file)).toEqual({
      schemaVersion: 1,
      settings: { ...defaults, theme: 'light', pageSize: 24 },
    });
    expect(logs).toContain('Settings migrated from schema 0 to 1');
  });

  it('resets only the invalid fields, keeps the valid ones and says which', () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'settings.json'),
      JSON.stringify({
        schemaVersion: 1,
        settings: { theme: 'purple', mediaCacheMb: 2048, serverUrl: 'javascript:x' },
      }),
    );
    const { store } = open(dir);
    expect(store.get()).toEqual({ ...defaults, mediaCacheMb: 2048 });
    expect(store.takeLoadProblem()).toBe(
      'Some settings were invalid and were reset to their defaults: serverUrl, theme.',
    );
    expect(store.takeLoadProblem()).toBeNull();
  });

  it('keeps a file that is not JSON aside and starts from the defaults', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'settings.json'), '{"schemaVersion": 1, "settings": {');
    const { store } = open(dir);
    expect(store.get()).toEqual(defaults);
    expect(store.takeLoadProblem()).toContain('settings.json.corrupt-1234');
    expect(readdirSync(dir).sort()).toEqual(['settings.json', 'settings.json.corrupt-1234']);
    expect(readFileSync(join(dir, 'settings.json.corrupt-1234'), 'utf8')).toBe(
      '{"schemaVersion": 1, "settings": {',
    );
  });

  it('never rewrites a file from a newer version of the app', () => {
    const dir = tempDir();
    const newer = JSON.stringify({
      schemaVersion: 7,
      settings: { ...defaults, theme: 'dark', futureField: true },
    });
    writeFileSync(join(dir, 'settings.json'), newer);
    const { store, file } = open(dir);
    expect(store.get().theme).toBe('dark');
    expect(store.takeLoadProblem()).toContain('newer version');
    expect(store.set({ theme: 'light' }).theme).toBe('light');
    expect(readFileSync(file, 'utf8')).toBe(newer);
  });
});

describe('migrateSettings', () => {
  it('treats a missing or bogus version as 0 and prefers nested values over flat ones', () => {
    const result = migrateSettings(
      { schemaVersion: 'x', theme: 'light', settings: { theme: 'dark' } },
      defaults,
    );
    expect(result).toMatchObject({ fromVersion: 0, readOnly: false, resetFields: [] });
    expect(result.settings.theme).toBe('dark');
  });
});
