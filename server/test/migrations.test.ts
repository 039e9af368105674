import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { DatabaseTooNewError } from '../../src/shared/sqlite/migrate';
import { openServerDb } from '../src/db/open';
import { SERVER_MIGRATIONS } from '../src/db/migrations';
import { startServer } from '../src/index';
import { tempDir } from './helpers/fixture';

const dir = tempDir();
afterAll(() => dir.remove());

describe('server database migrations', () => {
  it('a fresh database gets every migration, WAL, foreign keys and the change counter', () => {
    const db = openServerDb(join(dir.path, 'fresh.db'));
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(SERVER_MIGRATIONS.length);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      const tables = (
        db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
          name: string;
        }[]
      ).map((r) => r.name);
      expect(tables).toEqual(
        expect.arrayContaining([
          'users',
          'sessions',
          'videos',
          'video_tombstones',
          'credit_ledger',
          'action_log',
          'jobs',
          'assets',
          'asset_files',
          'idempotency_keys',
          'user_counters',
          'counters',
        ]),
      );
      expect(db.prepare("SELECT value FROM counters WHERE name = 'change_seq'").get()).toEqual({ value: 0 });
    } finally {
      db.close();
    }
    // Opening again is a no-op.
    const again = openServerDb(join(dir.path, 'fresh.db'));
    expect(again.pragma('user_version', { simple: true })).toBe(SERVER_MIGRATIONS.length);
    again.close();
  });

  it('a database from a newer version is refused and left untouched, also by startServer', async () => {
    const dataDir = join(dir.path, 'newer');
    const file = join(dataDir, 'server.db');
    // Make a valid database, then mark it as one from the future.
    mkdirSync(dataDir, { recursive: true });
    openServerDb(file).close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${SERVER_MIGRATIONS.length + 5}`);
    raw.close();

    expect(() => openServerDb(file)).toThrow(DatabaseTooNewError);
    await expect(startServer({ port: 0, dataDir, logLevel: 'silent' })).rejects.toBeInstanceOf(
      DatabaseTooNewError,
    );
    const check = new Database(file, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(SERVER_MIGRATIONS.length + 5);
    check.close();
  });
});
