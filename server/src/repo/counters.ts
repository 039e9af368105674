import type { Database } from 'better-sqlite3';
import { stmt } from '../../../src/shared/sqlite/statements';

/** The next value of the change feed's global sequence. Call inside the write transaction. */
export function nextSeq(db: Database): number {
  const row = stmt(
    db,
    "UPDATE counters SET value = value + 1 WHERE name = 'change_seq' RETURNING value",
  ).get() as { value: number } | undefined;
  if (!row) throw new Error('The change_seq counter is missing');
  return row.value;
}

export type UserCounter = 'created' | 'generations' | 'regenerations' | 'deletes';

export function bumpUserCounter(db: Database, userId: number, name: UserCounter, by = 1): void {
  stmt(
    db,
    `INSERT INTO user_counters (user_id, name, value) VALUES (?, ?, ?)
     ON CONFLICT (user_id, name) DO UPDATE SET value = value + excluded.value`,
  ).run(userId, name, by);
}

export function userCounters(db: Database, userId: number): Record<UserCounter, number> {
  const rows = stmt(db, 'SELECT name, value FROM user_counters WHERE user_id = ?').all(userId) as {
    name: UserCounter;
    value: number;
  }[];
  const out: Record<UserCounter, number> = { created: 0, generations: 0, regenerations: 0, deletes: 0 };
  for (const r of rows) out[r.name] = r.value;
  return out;
}
