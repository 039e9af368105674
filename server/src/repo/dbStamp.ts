import type { Database, Statement } from 'better-sqlite3';

/**
 * Where a connection's view of the database stands: `PRAGMA data_version` moves whenever another
 * connection (of this process or another) commits, and `total_changes()` whenever a statement on this
 * connection changes a row (rolled-back changes included: they only cost a needless re-check). Both
 * only grow, so two equal stamps mean nothing changed between them. Reading one is a pragma and an
 * in-memory counter; what it guards (a session lookup, a list's MAX queries) costs more.
 */
export interface DbStamp {
  readonly dataVersion: number;
  readonly changes: number;
}

// Prepared once per connection in pluck mode (each returns its single value).
const readers = new WeakMap<Database, { version: Statement; changes: Statement }>();

export function dbStamp(db: Database): DbStamp {
  let r = readers.get(db);
  if (!r) {
    r = {
      version: db.prepare('PRAGMA data_version').pluck(),
      changes: db.prepare('SELECT total_changes()').pluck(),
    };
    readers.set(db, r);
  }
  return { dataVersion: r.version.get() as number, changes: r.changes.get() as number };
}

export function sameStamp(a: DbStamp, b: DbStamp): boolean {
  return a.dataVersion === b.dataVersion && a.changes === b.changes;
}
