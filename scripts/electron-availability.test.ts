import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { electronAvailability } from './electron-availability';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A node_modules/electron folder in some state of installation. */
function electronDir(state: 'absent' | 'no-binary' | 'path-only' | 'complete'): string {
  const root = mkdtempSync(join(tmpdir(), 'aiasmr-electron-'));
  dirs.push(root);
  const dir = join(root, 'electron');
  if (state === 'absent') return dir;
  mkdirSync(join(dir, 'dist'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{"name":"electron"}');
  if (state === 'no-binary') return dir;
  writeFileSync(join(dir, 'path.txt'), 'electron');
  if (state === 'complete') writeFileSync(join(dir, 'dist', 'electron'), '');
  return dir;
}

const withDisplay = { DISPLAY: ':0' };

describe('can npm start run Electron?', () => {
  it('yes, with the binary and a display', () => {
    const dir = electronDir('complete');
    expect(electronAvailability({ electronDir: dir, platform: 'linux', env: withDisplay })).toEqual({
      ok: true,
      binary: join(dir, 'dist', 'electron'),
    });
    expect(electronAvailability({ electronDir: dir, platform: 'darwin', env: {} }).ok).toBe(true);
  });

  it.each([
    ['absent', 'the electron package is not installed'],
    ['no-binary', 'has not been downloaded (node_modules/electron/path.txt is missing)'],
    ['path-only', 'the Electron binary is missing'],
  ] as const)('no, when the electron package is %s', (state, reason) => {
    const result = electronAvailability({
      electronDir: electronDir(state),
      platform: 'linux',
      env: withDisplay,
    });
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining(reason) });
  });

  it('no, on Linux without a display', () => {
    const result = electronAvailability({ electronDir: electronDir('complete'), platform: 'linux', env: {} });
    expect(result).toEqual({
      ok: false,
      reason: 'there is no display (DISPLAY and WAYLAND_DISPLAY are unset)',
    });
    expect(
      electronAvailability({
        electronDir: electronDir('complete'),
        platform: 'linux',
        env: { WAYLAND_DISPLAY: 'wayland-0' },
      }).ok,
    ).toBe(true);
  });

  it('no, when the web host is asked for', () => {
    const result = electronAvailability({
      electronDir: electronDir('complete'),
      platform: 'win32',
      env: { AIASMR_WEB_HOST: '1' },
    });
    expect(result).toMatchObject({ ok: false });
  });

  it('follows ELECTRON_OVERRIDE_DIST_PATH', () => {
    const dir = electronDir('path-only');
    const override = join(dir, 'elsewhere');
    mkdirSync(override);
    writeFileSync(join(override, 'electron'), '');
    expect(
      electronAvailability({
        electronDir: dir,
        platform: 'darwin',
        env: { ELECTRON_OVERRIDE_DIST_PATH: override },
      }),
    ).toEqual({
      ok: true,
      binary: join(override, 'electron'),
    });
  });
});
