import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// Whether `npm start` can run Electron here, decided without require('electron') (which would try to
// download the binary). The electron package records its binary's path in path.txt once installed.

export type ElectronAvailability = { ok: true; binary: string } | { ok: false; reason: string };

export function electronAvailability(options: {
  electronDir: string;
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
}): ElectronAvailability {
  const { electronDir, platform, env } = options;
  if (env.AIASMR_WEB_HOST === '1') return { ok: false, reason: 'AIASMR_WEB_HOST=1 asks for the web host' };
  if (!existsSync(join(electronDir, 'package.json'))) {
    return { ok: false, reason: 'the electron package is not installed (run npm install)' };
  }
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) {
    return {
      ok: false,
      reason: 'the Electron binary has not been downloaded (node_modules/electron/path.txt is missing)',
    };
  }
  const relativeBinary = readFileSync(pathFile, 'utf8').trim();
  const distDir = env.ELECTRON_OVERRIDE_DIST_PATH ?? join(electronDir, 'dist');
  const binary = join(distDir, relativeBinary);
  if (relativeBinary === '' || !existsSync(binary)) {
    return { ok: false, reason: `the Electron binary is missing (${binary})` };
  }
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return { ok: false, reason: 'there is no display (DISPLAY and WAYLAND_DISPLAY are unset)' };
  }
  return { ok: true, binary };
}
