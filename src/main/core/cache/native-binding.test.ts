import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteEngineError, openCache } from './open';

// Under `npm start` Electron opens the cache with an addon built for its ABI (better-sqlite3's
// `nativeBinding`). Here the Node build stands in for it: the option must be honoured, and an addon that
// cannot be loaded must leave an existing cache file exactly where it is.

const nodeAddon = join(
  dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json')),
  'build',
  'Release',
  'better_sqlite3.node',
);

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'aiasmr-binding-'));
  dirs.push(dir);
  return dir;
}

describe('opening the cache with a given better-sqlite3 addon', () => {
  it('opens, migrates and reopens with the addon named', () => {
    const file = join(tempDir(), 'cache.sqlite');
    const first = openCache(file, 1, { nativeBinding: nodeAddon });
    expect(first.db.pragma('user_version', { simple: true })).toBeGreaterThan(0);
    first.db.close();
    const again = openCache(file, 2, { nativeBinding: nodeAddon });
    expect(again.movedAside).toBeNull();
    again.db.close();
  });

  it('refuses clearly when the addon cannot be loaded, leaving the cache file untouched', () => {
    const dir = tempDir();
    const file = join(dir, 'cache.sqlite');
    openCache(file).db.close();
    const missing = join(dir, 'missing', 'better_sqlite3.node');
    expect(() => openCache(file, 3, { nativeBinding: missing })).toThrow(SqliteEngineError);
    expect(() => openCache(file, 3, { nativeBinding: missing })).toThrow(
      /database engine \(better-sqlite3\) could not be loaded, so the local library was left untouched/,
    );
    const notAnAddon = join(dir, 'fake.node');
    writeFileSync(notAnAddon, 'not a shared library');
    expect(() => openCache(file, 4, { nativeBinding: notAnAddon })).toThrow(SqliteEngineError);
    expect(readdirSync(dir).filter((name) => name.includes('corrupt'))).toEqual([]);
    expect(existsSync(file)).toBe(true);
    const reopened = openCache(file, 5);
    expect(reopened.movedAside).toBeNull();
    reopened.db.close();
  });
});
