import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { sqlitePackageJson } from './electron-sqlite';
import { keepFile } from './keep-file';
import { updateUrlFrom } from './update-url';

// `npm run dist [-- <electron-builder options>]`: builds the app with electron-vite, then the installers
// for this system with electron-builder (or the targets passed, e.g. `-- --win --linux`).
// AIASMR_UPDATE_URL is where electron-updater will look for latest.yml (electron-builder.yml's
// `publish`); without it the build looks at the local update server of README "Updates".

const root = resolve(import.meta.dirname, '..');

const update = updateUrlFrom(process.env);
if (!update.ok) {
  process.stderr.write(`dist: ${update.problem}\n`);
  process.exit(2);
}
if (update.defaulted) {
  process.stdout.write(
    `dist: AIASMR_UPDATE_URL is not set: this build looks for updates at ${update.url} (the local update server); set it to your update server's URL\n`,
  );
}
const env = { ...process.env, AIASMR_UPDATE_URL: update.url };

/** Runs one tool; returns its failure, or null. */
function step(label: string, script: string, args: string[]): number | null {
  process.stdout.write(`dist: ${label}\n`);
  const result = spawnSync(process.execPath, [join(root, 'node_modules', script), ...args], {
    cwd: root,
    env,
    stdio: 'inherit',
  });
  if (result.status === 0) return null;
  process.stderr.write(`dist: ${label} failed (exit ${result.status ?? result.signal})\n`);
  return result.status ?? 1;
}

const built = step('building main, preload and renderer', 'electron-vite/bin/electron-vite.js', ['build']);
if (built !== null) process.exit(built);
// electron-builder rebuilds better-sqlite3 for Electron in node_modules (npmRebuild): the Node build
// is put back afterwards, so the tests, the server and the web host keep working.
const nodeAddon = keepFile(join(sqlitePackageJson(root), '..', 'build', 'Release', 'better_sqlite3.node'));
const packaged = step(
  `packaging (updates from ${update.url})`,
  'electron-builder/cli.js',
  process.argv.slice(2),
);
if (nodeAddon.restore()) process.stdout.write('dist: better-sqlite3 for Node put back in node_modules\n');
process.exit(packaged ?? 0);
