import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { DatabaseTooNewError, migrate } from '../../src/shared/sqlite/migrate';
import { m001Initial } from '../src/db/migrations/001_initial';
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

  it('a version-1 database with data is upgraded in order and keeps its rows', () => {
    const file = join(dir.path, 'v1.db');
    const v1 = new Database(file);
    migrate(v1, [m001Initial]);
    v1.prepare(
      "INSERT INTO users (email, password_hash, plan, credits_balance, created_at) VALUES ('a@example.com', 'x', 'free', 5, 1)",
    ).run();
    v1.prepare(
      `INSERT INTO videos (user_id, title, prompt, triggers, tag_mask, settings, status, credit_cost, created_at, updated_at, change_seq)
       VALUES (1, 't', 'p', '["Water"]', 1, '{}', 'ready', 3, 1, 1, 1)`,
    ).run();
    v1.close();
    const db = openServerDb(file);
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(SERVER_MIGRATIONS.length);
      expect(db.prepare('SELECT title, tag_mask FROM videos').all()).toEqual([{ title: 't', tag_mask: 1 }]);
      // 002 rebuilt the sort indexes and 005 dropped them: lists are served from memory.
      const names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index'").pluck().all();
      expect(names).not.toContain('videos_user_title');
      // The list index's load (repo/listIndex.ts) reads the index alone.
      const load = db
        .prepare(
          'EXPLAIN QUERY PLAN SELECT id, change_seq, created_at, credit_cost, title, status, tag_mask FROM videos WHERE user_id = 1',
        )
        .all() as { detail: string }[];
      expect(load.map((p) => p.detail).join()).toContain('COVERING INDEX videos_user_list');
    } finally {
      db.close();
    }
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
