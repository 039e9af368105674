import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileSettingsStore } from './file-settings-store';
import { defaultSettings } from './settings-store';

describe('FileSettingsStore', () => {
  let dir: string;
  const defaults = () => defaultSettings({ serverUrl: 'http://127.0.0.1:8787', downloadDir: '/tmp/dl' });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'settings-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('starts from the defaults and persists changes', () => {
    const file = join(dir, 'settings.json');
    const s = new FileSettingsStore(file, defaults());
    expect(s.get()).toEqual(defaults());
    expect(s.takeLoadProblem()).toBeNull();
    s.set({ pageSize: 120, theme: 'dark' });
    expect(new FileSettingsStore(file, defaults()).get()).toMatchObject({ pageSize: 120, theme: 'dark' });
  });

  it('refuses an invalid change and keeps the last good settings', () => {
    const s = new FileSettingsStore(join(dir, 'settings.json'), defaults());
    expect(() => s.set({ downloadConcurrency: 99 })).toThrow();
    expect(s.get().downloadConcurrency).toBe(defaults().downloadConcurrency);
  });

  it.each([
    ['not JSON', '{"serverUrl": "http://x'],
    ['invalid values', JSON.stringify({ pageSize: -4, theme: 'neon' })],
    ['not an object', '[1,2,3]'],
  ])('a corrupt file (%s) is reported, kept aside and replaced by the defaults', (_name, content) => {
    const file = join(dir, 'settings.json');
    writeFileSync(file, content);
    const s = new FileSettingsStore(file, defaults(), 1234);
    expect(s.get()).toEqual(defaults());
    expect(s.takeLoadProblem()).toMatch(/could not be read and was reset/);
    expect(s.takeLoadProblem()).toBeNull();
    expect(readFileSync(join(dir, 'settings.json.corrupt-1234'), 'utf8')).toBe(content);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(defaults());
  });

  it('fills fields missing from an older file with their defaults', () => {
    const file = join(dir, 'settings.json');
    writeFileSync(file, JSON.stringify({ theme: 'light' }));
    const s = new FileSettingsStore(file, defaults());
    expect(s.get()).toEqual({ ...defaults(), theme: 'light' });
    expect(readdirSync(dir)).toEqual(['settings.json']);
  });
});
