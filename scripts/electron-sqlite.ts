import { spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';

// better-sqlite3 is a native addon built for one ABI. node_modules keeps the build for Node (tests,
// server, web host); `npm start` with Electron needs one built for Electron's ABI. It is kept in a cache
// folder outside node_modules, keyed by both versions, platform and architecture, and handed to the main
// process, which opens SQLite with better-sqlite3's `nativeBinding` option. Packaged apps do not need
// this: electron-builder rebuilds the addon for Electron inside the app.

export interface ElectronSqliteTarget {
  sqliteVersion: string;
  electronVersion: string;
  platform: NodeJS.Platform;
  arch: string;
}

export type BindingResult = { ok: true; path: string; fetched: boolean } | { ok: false; reason: string };

/** Fills `workDir` (holding better-sqlite3's package.json) with build/Release/better_sqlite3.node. */
export type BindingFetcher = (
  workDir: string,
  target: ElectronSqliteTarget,
) => Promise<{ ok: true } | { ok: false; detail: string }>;

function versionOf(packageJson: string): string {
  const parsed: unknown = JSON.parse(readFileSync(packageJson, 'utf8'));
  if (
    typeof parsed === 'object' &&
    parsed !== null &&
    'version' in parsed &&
    typeof parsed.version === 'string'
  ) {
    return parsed.version;
  }
  throw new Error(`${packageJson} has no version`);
}

export function sqlitePackageJson(projectRoot: string): string {
  return createRequire(join(projectRoot, 'package.json')).resolve('better-sqlite3/package.json');
}

export function electronSqliteTarget(
  projectRoot: string,
  platform: NodeJS.Platform = process.platform,
  arch: string = process.arch,
): ElectronSqliteTarget {
  return {
    sqliteVersion: versionOf(sqlitePackageJson(projectRoot)),
    electronVersion: versionOf(join(projectRoot, 'node_modules', 'electron', 'package.json')),
    platform,
    arch,
  };
}

/** The per-user cache folder of the platform (AIASMR_NATIVE_CACHE overrides it). */
export function nativeCacheDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (env.AIASMR_NATIVE_CACHE !== undefined && env.AIASMR_NATIVE_CACHE !== '') return env.AIASMR_NATIVE_CACHE;
  if (platform === 'win32') {
    return join(
      env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'),
      'AIASMR Video',
      'Cache',
      'electron-native',
    );
  }
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'AIASMR Video', 'electron-native');
  return join(env.XDG_CACHE_HOME ?? join(home, '.cache'), 'aiasmr-video', 'electron-native');
}

function cacheKey(target: ElectronSqliteTarget): string {
  return `better-sqlite3-${target.sqliteVersion}-electron-${target.electronVersion}-${target.platform}-${target.arch}`;
}

const BINDING_IN_PACKAGE = join('build', 'Release', 'better_sqlite3.node');

export function cachedBindingPath(cacheDir: string, target: ElectronSqliteTarget): string {
  return join(cacheDir, cacheKey(target), BINDING_IN_PACKAGE);
}

function nonEmptyFile(path: string): boolean {
  try {
    const stat = statSync(path);
    return stat.isFile() && stat.size > 0;
  } catch {
    return false;
  }
}

/**
 * The Electron-ABI addon from the cache, fetched into it first if missing. A fetch works in a private
 * folder that is renamed into place only once it holds the addon, so an interrupted or failed fetch
 * leaves nothing behind that a later run would take for a good build.
 */
export async function ensureElectronSqlite(options: {
  projectRoot: string;
  cacheDir: string;
  target: ElectronSqliteTarget;
  fetch: BindingFetcher;
}): Promise<BindingResult> {
  const { projectRoot, cacheDir, target, fetch } = options;
  const path = cachedBindingPath(cacheDir, target);
  if (nonEmptyFile(path)) return { ok: true, path, fetched: false };
  const what = `better-sqlite3 ${target.sqliteVersion} built for Electron ${target.electronVersion} (${target.platform}-${target.arch})`;
  let manifest: string;
  try {
    manifest = sqlitePackageJson(projectRoot);
  } catch (error) {
    return { ok: false, reason: `better-sqlite3 is not installed in ${projectRoot}: ${message(error)}` };
  }
  let work: string | null = null;
  try {
    mkdirSync(cacheDir, { recursive: true });
    work = mkdtempSync(join(cacheDir, `${cacheKey(target)}.partial-`));
    copyFileSync(manifest, join(work, 'package.json'));
  } catch (error) {
    if (work !== null) rmSync(work, { recursive: true, force: true });
    return { ok: false, reason: `${what} cannot be cached in ${cacheDir}: ${message(error)}` };
  }
  try {
    const fetched = await fetch(work, target);
    if (!fetched.ok)
      return { ok: false, reason: `${what} is not cached and could not be fetched (${fetched.detail})` };
    if (!nonEmptyFile(join(work, BINDING_IN_PACKAGE))) {
      return {
        ok: false,
        reason: `${what} could not be fetched (the download held no ${BINDING_IN_PACKAGE})`,
      };
    }
    const final = join(cacheDir, cacheKey(target));
    if (existsSync(final)) rmSync(final, { recursive: true, force: true });
    renameSync(work, final);
    return { ok: true, path, fetched: true };
  } catch (error) {
    return { ok: false, reason: `${what} could not be fetched: ${message(error)}` };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** prebuild-install's last complaint, e.g. "getaddrinfo ENOTFOUND github.com" or "No prebuilt binaries found". */
export function prebuildInstallDetail(stderr: string, exitCode: number | null): string {
  const complaints = stderr
    .split('\n')
    .map((line) => /^prebuild-install (?:warn|ERR!|error)\s+(?:\S+\s+)?(.+)$/.exec(line.trim())?.[1]?.trim())
    .filter((line): line is string => line !== undefined && line !== '');
  return complaints.at(-1) ?? `prebuild-install exited with code ${exitCode ?? 'none'}`;
}

/**
 * Fetches the prebuilt addon that better-sqlite3 publishes for each Electron ABI, with the
 * prebuild-install that better-sqlite3 itself installs with (needs internet on first use; prebuild-install
 * keeps the download in npm's cache too). `localPrebuilds` is a folder of such archives to use instead.
 */
export function prebuildInstallFetcher(
  projectRoot: string,
  options: { localPrebuilds?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): BindingFetcher {
  const bin = createRequire(sqlitePackageJson(projectRoot)).resolve('prebuild-install/bin.js');
  const timeoutMs = options.timeoutMs ?? 5 * 60_000;
  return (workDir, target) =>
    new Promise((resolveFetch) => {
      const args = [
        bin,
        '--runtime',
        'electron',
        '--target',
        target.electronVersion,
        '--platform',
        target.platform,
        '--arch',
        target.arch,
        ...(options.localPrebuilds === undefined ? [] : ['--local-prebuilds', options.localPrebuilds]),
      ];
      const child = spawn(process.execPath, args, {
        cwd: workDir,
        env: prebuildEnv(options.env ?? process.env),
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (chunk: string) => {
        stderr = (stderr + chunk).slice(-16_384);
      });
      const timer = setTimeout(() => {
        child.kill();
        stderr += `\nprebuild-install warn timed out after ${Math.round(timeoutMs / 1000)} s`;
      }, timeoutMs);
      child.on('error', (error) => {
        clearTimeout(timer);
        resolveFetch({ ok: false, detail: `prebuild-install could not run: ${error.message}` });
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        resolveFetch(code === 0 ? { ok: true } : { ok: false, detail: prebuildInstallDetail(stderr, code) });
      });
    });
}

/**
 * `npm start` runs with npm's view of this project in the environment; prebuild-install would read it as
 * the addon's own (npm_package_resolved, build-from-source flags), so those variables are left out.
 */
function prebuildEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const skipped = /^npm_package_|^npm_config_(build_from_source|download|runtime|target|arch|platform)$/i;
  return Object.fromEntries(Object.entries(env).filter(([key]) => !skipped.test(key)));
}
