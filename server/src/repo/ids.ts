import type { Database } from 'better-sqlite3';
import { stmt } from '../../../src/shared/sqlite/statements';

/** Tables whose ids leave the server or are stored elsewhere, so an id must never name two rows. */
export type IdTable = 'videos' | 'users' | 'jobs' | 'assets' | 'credit_ledger' | 'action_log';

// Constant texts per table (never built from input). The counter is a high-water mark (migration 004);
// taking the max with the table's own max(id) (one index seek) also covers rows inserted without it,
// such as a test fixture's or an older seed's.
const NEXT_ID: Record<IdTable, string> = {
  videos: idSql('videos'),
  users: idSql('users'),
  jobs: idSql('jobs'),
  assets: idSql('assets'),
  credit_ledger: idSql('credit_ledger'),
  action_log: idSql('action_log'),
};

function idSql(table: IdTable): string {
  return `UPDATE counters SET value = max(value, (SELECT coalesce(max(id), 0) FROM ${table})) + 1
           WHERE name = '${table}.id' RETURNING value`;
}

/** A fresh id for `table`, never handed out before. Call inside the write transaction that inserts it. */
export function nextId(db: Database, table: IdTable): number {
  const row = stmt(db, NEXT_ID[table]).get() as { value: number } | undefined;
  if (!row) throw new Error(`The ${table}.id counter is missing`);
  return row.value;
}

/**
 * Takes `count` ids at once (the seed): returns the first; the caller uses first .. first + count - 1.
 */
export function reserveIds(db: Database, table: IdTable, count: number): number {
  const first = nextId(db, table);
  if (count > 1)
    stmt(db, 'UPDATE counters SET value = value + ? WHERE name = ?').run(count - 1, `${table}.id`);
  return first;
}
