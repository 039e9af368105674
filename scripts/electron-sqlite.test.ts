import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  cachedBindingPath,
  electronSqliteTarget,
  ensureElectronSqlite,
  nativeCacheDir,
  prebuildInstallDetail,
  prebuildInstallFetcher,
  sqlitePackageJson,
  type BindingFetcher,
  type ElectronSqliteTarget,
} from './electron-sqlite';

const root = resolve(import.meta.dirname, '..');
const target: ElectronSqliteTarget = {
  sqliteVersion: '12.11.1',
  electronVersion: '45.4.1',
  platform: 'linux',
  arch: 'x64',
};

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'aiasmr-native-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A fetcher that records its calls and writes (or not) an addon where prebuild-install would. */
function fakeFetcher(outcome: 'addon' | 'nothing' | { fail: string }): BindingFetcher & { calls: string[] } {
  const calls: string[] = [];
  const fetcher = async (workDir: string) => {
    calls.push(workDir);
    if (typeof outcome === 'object') return { ok: false as const, detail: outcome.fail };
    if (outcome === 'addon') {
      mkdirSync(join(workDir, 'build', 'Release'), { recursive: true });
      writeFileSync(join(workDir, 'build', 'Release', 'better_sqlite3.node'), 'electron addon');
    }
    return { ok: true as const };
  };
  return Object.assign(fetcher, { calls });
}

describe('the Electron-ABI better-sqlite3 cache', () => {
  it('lives in the per-user cache folder of each system, outside node_modules', () => {
    expect(nativeCacheDir({}, 'linux', '/home/ada')).toBe('/home/ada/.cache/aiasmr-video/electron-native');
    expect(nativeCacheDir({ XDG_CACHE_HOME: '/xdg' }, 'linux', '/home/ada')).toBe(
      '/xdg/aiasmr-video/electron-native',
    );
    expect(nativeCacheDir({}, 'darwin', '/Users/ada')).toBe(
      '/Users/ada/Library/Caches/AIASMR Video/electron-native',
    );
    expect(nativeCacheDir({ LOCALAPPDATA: 'C:\\Local' }, 'win32', 'C:\\Users\\ada')).toBe(
      join('C:\\Local', 'AIASMR Video', 'Cache', 'electron-native'),
    );
    expect(nativeCacheDir({ AIASMR_NATIVE_CACHE: '/elsewhere' }, 'linux', '/home/ada')).toBe('/elsewhere');
  });

  it('keys each build by both versions, platform and architecture', () => {
    expect(cachedBindingPath('/c', target)).toBe(
      join(
        '/c',
        'better-sqlite3-12.11.1-electron-45.4.1-linux-x64',
        'build',
        'Release',
        'better_sqlite3.node',
      ),
    );
    expect(cachedBindingPath('/c', { ...target, electronVersion: '46.0.0' })).not.toBe(
      cachedBindingPath('/c', target),
    );
    expect(cachedBindingPath('/c', { ...target, arch: 'arm64' })).not.toBe(cachedBindingPath('/c', target));
  });

  it('reads the installed versions of better-sqlite3 and electron', () => {
    const found = electronSqliteTarget(root, 'linux', 'x64');
    const version = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8')).version;
    expect(found).toEqual({
      sqliteVersion: version(sqlitePackageJson(root)),
      electronVersion: version(join(root, 'node_modules/electron/package.json')),
      platform: 'linux',
      arch: 'x64',
    });
  });

  it('fetches a missing build into a private folder holding the package manifest, then moves it into place', async () => {
    const cacheDir = join(tempDir(), 'cache');
    const fetch = fakeFetcher('addon');
    const result = await ensureElectronSqlite({ projectRoot: root, cacheDir, target, fetch });
    expect(result).toEqual({ ok: true, path: cachedBindingPath(cacheDir, target), fetched: true });
    expect(readFileSync(cachedBindingPath(cacheDir, target), 'utf8')).toBe('electron addon');
    expect(fetch.calls).toHaveLength(1);
    expect(fetch.calls[0]).toContain('.partial-');
    expect(readdirSync(cacheDir)).toEqual(['better-sqlite3-12.11.1-electron-45.4.1-linux-x64']);
    expect(
      JSON.parse(readFileSync(join(cacheDir, readdirSync(cacheDir)[0] ?? '', 'package.json'), 'utf8')),
    ).toMatchObject({ name: 'better-sqlite3' });
  });

  it('uses the cached build without fetching again', async () => {
    const cacheDir = join(tempDir(), 'cache');
    await ensureElectronSqlite({ projectRoot: root, cacheDir, target, fetch: fakeFetcher('addon') });
    const fetch = fakeFetcher({ fail: 'must not be called' });
    await expect(ensureElectronSqlite({ projectRoot: root, cacheDir, target, fetch })).resolves.toEqual({
      ok: true,
      path: cachedBindingPath(cacheDir, target),
      fetched: false,
    });
    expect(fetch.calls).toEqual([]);
  });

  it('says in one line why a build could not be fetched, and leaves nothing behind', async () => {
    const cacheDir = join(tempDir(), 'cache');
    const result = await ensureElectronSqlite({
      projectRoot: root,
      cacheDir,
      target,
      fetch: fakeFetcher({ fail: 'getaddrinfo ENOTFOUND github.com' }),
    });
    expect(result).toEqual({
      ok: false,
      reason:
        'better-sqlite3 12.11.1 built for Electron 45.4.1 (linux-x64) is not cached and could not be fetched (getaddrinfo ENOTFOUND github.com)',
    });
    expect(readdirSync(cacheDir)).toEqual([]);
  });

  it('refuses a fetch that produced no addon, and a cache folder that cannot be created', async () => {
    const base = tempDir();
    const cacheDir = join(base, 'cache');
    const empty = await ensureElectronSqlite({
      projectRoot: root,
      cacheDir,
      target,
      fetch: fakeFetcher('nothing'),
    });
    expect(empty).toMatchObject({ ok: false, reason: expect.stringContaining('held no build') });
    expect(readdirSync(cacheDir)).toEqual([]);

    writeFileSync(join(base, 'blocked'), 'a file where the cache folder should be');
    const blocked = await ensureElectronSqlite({
      projectRoot: root,
      cacheDir: join(base, 'blocked', 'cache'),
      target,
      fetch: fakeFetcher('addon'),
    });
    expect(blocked).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/cannot be cached in .*blocked/),
    });
    expect(blocked.ok || blocked.reason.includes('\n')).toBe(false);
  });

  it('says so when better-sqlite3 itself is not installed, without touching the cache', async () => {
    const base = tempDir();
    const cacheDir = join(base, 'cache');
    const fetch = fakeFetcher('addon');
    const result = await ensureElectronSqlite({
      projectRoot: join(base, 'empty-project'),
      cacheDir,
      target,
      fetch,
    });
    expect(result).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^better-sqlite3 is not installed in /),
    });
    expect(fetch.calls).toEqual([]);
    expect(existsSync(cacheDir)).toBe(false);
  });

  it('replaces a cached build that is empty (an earlier copy cut short)', async () => {
    const cacheDir = join(tempDir(), 'cache');
    const path = cachedBindingPath(cacheDir, target);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, '');
    const result = await ensureElectronSqlite({
      projectRoot: root,
      cacheDir,
      target,
      fetch: fakeFetcher('addon'),
    });
    expect(result).toMatchObject({ ok: true, fetched: true });
    expect(readFileSync(path, 'utf8')).toBe('electron addon');
  });
});

describe('prebuild-install as the fetcher', () => {
  it('keeps the last complaint of its output', () => {
    const stderr = [
      'prebuild-install info begin Prebuild-install version 7.1.3',
      'prebuild-install http request GET https://github.com/x.tar.gz',
      'prebuild-install warn install getaddrinfo ENOTFOUND github.com',
      '',
    ].join('\n');
    expect(prebuildInstallDetail(stderr, 1)).toBe('getaddrinfo ENOTFOUND github.com');
    expect(
      prebuildInstallDetail('prebuild-install warn install No prebuilt binaries found (target=45.4.1)', 1),
    ).toBe('No prebuilt binaries found (target=45.4.1)');
    expect(prebuildInstallDetail('', null)).toBe('prebuild-install exited with code none');
  });

  /** A gzipped tarball laid out like better-sqlite3's published prebuilds. */
  function prebuildArchive(dir: string, name: string, content: string): void {
    const staging = join(dir, 'staging');
    mkdirSync(join(staging, 'build', 'Release'), { recursive: true });
    writeFileSync(join(staging, 'build', 'Release', 'better_sqlite3.node'), content);
    const tar = spawnSync('tar', ['-czf', join(dir, name), '-C', staging, 'build'], { encoding: 'utf8' });
    if (tar.status !== 0) throw new Error(`tar failed: ${tar.stderr}`);
  }

  const current = electronSqliteTarget(root);
  const archiveName = (abi: string) =>
    `better-sqlite3-v${current.sqliteVersion}-electron-v${abi}-${current.platform}-${current.arch}.tar.gz`;
  const electronAbi = readFileSync(join(root, 'node_modules/electron/abi_version'), 'utf8').trim();

  /** A loopback stand-in for the release host: serves the archives in `dir`, 404 for anything else. */
  async function releaseHost(dir: string): Promise<{ url: string; requests: string[] }> {
    const requests: string[] = [];
    const server: Server = createServer((req, res) => {
      requests.push(req.url ?? '');
      const file = join(dir, (req.url ?? '').split('/').at(-1) ?? '');
      if (req.url?.endsWith('.tar.gz') && existsSync(file)) {
        res.writeHead(200, { 'content-type': 'application/gzip' }).end(readFileSync(file));
      } else res.writeHead(404).end();
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    cleanups.push(() => new Promise<void>((done) => server.close(() => done())));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
  }

  function isolatedEnv(base: string, host: string): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH,
      HOME: base,
      npm_config_cache: join(base, 'npm-cache'),
      npm_config_better_sqlite3_binary_host: host,
      npm_package_resolved: 'git+https://example.invalid/should-be-ignored.git',
    };
  }

  it('downloads the archive for Electron’s ABI and unpacks the addon into the cache', async () => {
    const base = tempDir();
    const served = join(base, 'served');
    mkdirSync(served);
    prebuildArchive(served, archiveName(electronAbi), 'addon for electron');
    const host = await releaseHost(served);
    const cacheDir = join(base, 'cache');
    const result = await ensureElectronSqlite({
      projectRoot: root,
      cacheDir,
      target: current,
      fetch: prebuildInstallFetcher(root, { env: isolatedEnv(base, host.url), timeoutMs: 60_000 }),
    });
    expect(result).toEqual({ ok: true, path: cachedBindingPath(cacheDir, current), fetched: true });
    expect(readFileSync(cachedBindingPath(cacheDir, current), 'utf8')).toBe('addon for electron');
    expect(host.requests).toEqual([`/v${current.sqliteVersion}/${archiveName(electronAbi)}`]);
  }, 60_000);

  it('fails cleanly when the release host has no build for this Electron', async () => {
    const base = tempDir();
    const served = join(base, 'served');
    mkdirSync(served);
    const host = await releaseHost(served);
    const cacheDir = join(base, 'cache');
    const result = await ensureElectronSqlite({
      projectRoot: root,
      cacheDir,
      target: current,
      fetch: prebuildInstallFetcher(root, { env: isolatedEnv(base, host.url), timeoutMs: 60_000 }),
    });
    expect(result).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/could not be fetched \(.+\)$/),
    });
    expect(result.ok || result.reason.includes('\n')).toBe(false);
    expect(host.requests).toHaveLength(1);
    expect(readdirSync(cacheDir)).toEqual([]);
  }, 60_000);
});
