import type { Database, Statement } from 'better-sqlite3';

// Preparing a statement costs more than running a small one, so each SQL text is prepared once per
// connection: the one statement cache of the server's repositories and the app's local cache. Only
// constant SQL texts go through here (never text built from input), so the cache stays bounded.
const cache = new WeakMap<Database, Map<string, Statement>>();

export function stmt(db: Database, sql: string): Statement {
  let perDb = cache.get(db);
  if (!perDb) {
    perDb = new Map();
    cache.set(db, perDb);
  }
  let s = perDb.get(sql);
  if (!s) {
    s = db.prepare(sql);
    perDb.set(sql, s);
  }
  return s;
}
