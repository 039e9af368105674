import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './build-output';

// electron-builder.yml against electron-builder's own JSON schema (app-builder-lib/scheme.json, the
// one electron-builder validates with), plus the settings this app depends on.

const schema: object = JSON.parse(
  readFileSync(join(repoRoot, 'node_modules/app-builder-lib/scheme.json'), 'utf8'),
);
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
const config: unknown = parse(readFileSync(join(repoRoot, 'electron-builder.yml'), 'utf8'));

function field(path: string): unknown {
  let value: unknown = config;
  for (const key of path.split('.')) {
    value =
      typeof value === 'object' && value !== null
        ? Object.getOwnPropertyDescriptor(value, key)?.value
        : undefined;
  }
  return value;
}

describe('electron-builder.yml', () => {
  it("is valid against electron-builder's schema", () => {
    const ok = validate(config);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the validator does reject a wrong configuration', () => {
    expect(validate({ appId: 'x', electronFuses: { runAsNode: 'no' } })).toBe(false);
    expect(validate({ appId: 'x', notAnOption: true })).toBe(false);
  });

  it('flips the security fuses', () => {
    expect(field('electronFuses')).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableCookieEncryption: true,
    });
  });

  it('builds NSIS, dmg + zip, AppImage + deb with the icons in resources/', () => {
    expect(field('win.target')).toEqual(['nsis']);
    expect(field('mac.target')).toEqual(['dmg', 'zip']);
    expect(field('linux.target')).toEqual(['AppImage', 'deb']);
    for (const icon of [field('win.icon'), field('mac.icon'), field('linux.icon')]) {
      expect(typeof icon === 'string' && existsSync(join(repoRoot, icon)), String(icon)).toBe(true);
    }
    expect(field('appId')).toBe('so.aiasmr.video');
    expect(field('productName')).toBe('AIASMR Video');
  });

  it('unpacks native modules, rebuilds them for Electron, and never ships the server or sources', () => {
    expect(field('asarUnpack')).toEqual(['**/*.node']);
    expect(field('npmRebuild')).toBe(true);
    expect(field('files')).toEqual(expect.arrayContaining(['out/**/*', '!server/**', '!src/**']));
  });

  it('publishes for electron-updater through a generic server whose URL comes from the environment', () => {
    expect(field('publish')).toEqual({
      provider: 'generic',
      url: '${env.AIASMR_UPDATE_URL}',
      channel: 'latest',
    });
  });

  it('registers the aiasmr:// link scheme', () => {
    expect(field('protocols')).toEqual([{ name: 'AIASMR Video link', schemes: ['aiasmr'] }]);
  });
});
