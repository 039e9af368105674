import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServerDb } from '../src/db/open';
import { tempDir } from './helpers/fixture';

// Every index of the server database earns its writes: each query shape the server runs on an
// indexed table is planned here on the real migrations, and each named index must be the one some
// query uses. An index that no query uses fails the last test; drop it in a migration.

const QUERY_SHAPES: { what: string; sql: string; index: string }[] = [
  {
    what: 'list index load (repo/listIndex.ts)',
    sql: `SELECT id, change_seq, created_at, credit_cost, title, status, tag_mask FROM videos
           WHERE user_id = ? ORDER BY created_at DESC, id DESC`,
    index: 'COVERING INDEX videos_user_list',
  },
  {
    what: 'list index patch (repo/listIndex.ts)',
    sql: `SELECT id, change_seq, created_at, credit_cost, title, status, tag_mask FROM videos
           WHERE user_id = ? AND change_seq > ? LIMIT 257`,
    index: 'INDEX videos_change_seq',
  },
  {
    what: 'list freshness check (repo/listIndex.ts)',
    sql: 'SELECT MAX(change_seq) FROM videos WHERE user_id = ?',
    index: 'COVERING INDEX videos_change_seq',
  },
  {
    what: 'change feed (repo/changes.ts)',
    sql: 'SELECT * FROM videos WHERE user_id = ? AND change_seq > ? ORDER BY change_seq LIMIT ?',
    index: 'INDEX videos_change_seq',
  },
  {
    what: 'usage summary (domain/usage.ts)',
    sql: `SELECT COUNT(*), COALESCE(SUM(credit_cost), 0), COALESCE(SUM(status = 'ready'), 0)
            FROM videos WHERE user_id = ?`,
    index: 'COVERING INDEX videos_user_list',
  },
  {
    what: 'is an asset still used (repo/videos.ts, media/assets.ts)',
    sql: 'SELECT 1 FROM videos WHERE asset_id = ? LIMIT 1',
    index: 'COVERING INDEX videos_asset',
  },
  {
    what: 'credits spent this period (repo/ledger.ts)',
    sql: `SELECT COALESCE(-SUM(delta), 0) FROM credit_ledger
           WHERE user_id = ? AND created_at >= ? AND kind IN ('generation', 'regeneration', 'refund')`,
    index: 'INDEX credit_ledger_user_time',
  },
  {
    what: 'next due job (repo/jobs.ts)',
    sql: "SELECT * FROM jobs WHERE state = 'queued' AND run_after <= ? ORDER BY run_after, id LIMIT 1",
    index: 'INDEX jobs_state_run_after',
  },
  {
    // Not a query of ours: the lookup SQLite makes for ON DELETE CASCADE from users.
    what: "a user's sessions (the sessions.user_id foreign key)",
    sql: 'SELECT 1 FROM sessions WHERE user_id = ?',
    index: 'COVERING INDEX sessions_user',
  },
];

let dir: ReturnType<typeof tempDir>;
let db: Database;

beforeAll(() => {
  dir = tempDir('indexes-');
  db = openServerDb(join(dir.path, 'server.db'));
});
afterAll(() => {
  db?.close();
  dir?.remove();
});

function plan(sql: string): string {
  const params = Array.from(sql.matchAll(/\?/g), () => 1);
  const rows = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[];
  return rows.map((r) => r.detail).join('; ');
}

describe('server indexes', () => {
  it.each(QUERY_SHAPES)('$what uses $index', ({ sql, index }) => {
    expect(plan(sql)).toContain(`USING ${index}`);
  });

  it('has no index that none of those queries uses', () => {
    const named = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
      .pluck()
      .all();
    const used = new Set(QUERY_SHAPES.map((q) => q.index.split(' ').at(-1)));
    expect(named.filter((name) => !used.has(String(name)))).toEqual([]);
  });
});
