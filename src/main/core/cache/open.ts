import { existsSync, renameSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { DatabaseTooNewError, migrate } from '../../../shared/sqlite/migrate';
import { CoreError } from '../errors';
import { CACHE_MIGRATIONS } from './migrations';

export interface OpenedCache {
  db: Db;
  /** Set when the file was unreadable: where the damaged copy was moved. */
  movedAside: string | null;
}

/** The cache file was written by a newer version of the app; it is left exactly as it is. */
export class CacheTooNewError extends CoreError {
  constructor(
    readonly file: string,
    cause: DatabaseTooNewError,
  ) {
    super(
      'cache_unavailable',
      `The local library (${file}) was written by a newer version of AIASMR Video (schema ${cause.found}, ` +
        `this version knows ${cause.supported}). It was left untouched: update the app to use it.`,
      { cause },
    );
    this.name = 'CacheTooNewError';
  }
}

/** Reads the schema version and checks the file's integrity without writing to it. */
function inspect(file: string): { version: number; healthy: boolean } {
  let db: Db | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const version = db.pragma('user_version', { simple: true });
    if (typeof version !== 'number') return { version: 0, healthy: false };
    if (version > CACHE_MIGRATIONS.length) return { version, healthy: true };
    const check = db.pragma('quick_check', { simple: true });
    return { version, healthy: check === 'ok' };
  } catch {
    return { version: 0, healthy: false };
  } finally {
    db?.close();
  }
}

function moveAside(file: string, now: number): string {
  const target = `${file}.corrupt-${now}`;
  renameSync(file, target);
  for (const suffix of ['-wal', '-shm']) {
    if (existsSync(file + suffix)) renameSync(file + suffix, target + suffix);
  }
  return target;
}

/**
 * Opens the cache database, creating it if needed, in WAL mode with its migrations applied. A file from
 * a newer app version is refused untouched; a damaged file is moved aside and a fresh cache created (the
 * caller tells the user and re-syncs from the server).
 */
export function openCache(file: string, now = Date.now()): OpenedCache {
  let movedAside: string | null = null;
  if (existsSync(file)) {
    const { version, healthy } = inspect(file);
    if (version > CACHE_MIGRATIONS.length) {
      throw new CacheTooNewError(file, new DatabaseTooNewError(version, CACHE_MIGRATIONS.length));
    }
    if (!healthy) movedAside = moveAside(file, now);
  }
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    migrate(db, CACHE_MIGRATIONS);
    return { db, movedAside };
  } catch (err) {
    db.close();
    if (err instanceof DatabaseTooNewError) throw new CacheTooNewError(file, err);
    throw err;
  }
}
