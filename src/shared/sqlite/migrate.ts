// Type-only import: this file runs wherever better-sqlite3 does (server, core), never in the renderer.
import type { Database } from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  /** SQL run inside the migration's transaction. */
  up: string;
}

export class DatabaseTooNewError extends Error {
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `The database is at schema version ${found}, newer than this program supports (${supported}). ` +
        'It was left untouched; use a newer version of the program.',
    );
    this.name = 'DatabaseTooNewError';
  }
}

/**
 * Runs the pending migrations in order, each in its own transaction, and records the version in
 * `user_version`. A database from a newer version is refused without being touched.
 */
export function migrate(db: Database, migrations: readonly Migration[]): { from: number; to: number } {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  sorted.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(`Migration versions must be 1..n without gaps (got ${m.version})`);
  });
  const latest = sorted.length;
  const from = db.pragma('user_version', { simple: true });
  if (typeof from !== 'number') throw new Error('Could not read the schema version');
  if (from > latest) throw new DatabaseTooNewError(from, latest);
  for (const m of sorted) {
    if (m.version <= from) continue;
    db.transaction(() => {
      db.exec(m.up);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return { from, to: latest };
}
