import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { migrate } from '../../../src/shared/sqlite/migrate';
import { SERVER_MIGRATIONS } from './migrations';

/**
 * Opens (creating if needed) the server database with WAL, a busy timeout and foreign keys, and brings
 * its schema up to date.
 */
export function openServerDb(file: string): Db {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    // A library of a million videos is a few hundred MB: reading it through a memory map and a 64 MB
    // page cache instead of a read() per page halves the cost of a list page.
    db.pragma('mmap_size = 1073741824');
    db.pragma('cache_size = -65536');
    migrate(db, SERVER_MIGRATIONS);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}
