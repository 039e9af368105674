import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

// `npm run dist [-- <electron-builder options>]`: builds the app with electron-vite, then the installers
// for this system with electron-builder (or the targets passed, e.g. `-- --win --linux`).
// AIASMR_UPDATE_URL is where electron-updater will look for latest.yml; it defaults to the production
// update server and can point at a local one to try updates (see README, "Updates").

const root = resolve(import.meta.dirname, '..');
const DEFAULT_UPDATE_URL = 'https://updates.aiasmr.so/desktop';

const env = { ...process.env, AIASMR_UPDATE_URL: process.env.AIASMR_UPDATE_URL ?? DEFAULT_UPDATE_URL };
try {
  const url = new URL(env.AIASMR_UPDATE_URL);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('not http(s)');
} catch {
  process.stderr.write(
    `dist: AIASMR_UPDATE_URL must be an http(s) URL, got ${JSON.stringify(env.AIASMR_UPDATE_URL)}\n`,
  );
  process.exit(2);
}

function step(label: string, script: string, args: string[]): void {
  process.stdout.write(`dist: ${label}\n`);
  const result = spawnSync(process.execPath, [join(root, 'node_modules', script), ...args], {
    cwd: root,
    env,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    process.stderr.write(`dist: ${label} failed (exit ${result.status ?? result.signal})\n`);
    process.exit(result.status ?? 1);
  }
}

step('building main, preload and renderer', 'electron-vite/bin/electron-vite.js', ['build']);
step(`packaging (updates from ${env.AIASMR_UPDATE_URL})`, 'electron-builder/cli.js', process.argv.slice(2));
