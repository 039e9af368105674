import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { DatabaseTooNewError, migrate } from '../../../shared/sqlite/migrate';
import { CoreError } from '../errors';
import { disableAutomerge } from './fts-indexer';
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

export interface OpenCacheOptions {
  /**
   * The better-sqlite3 addon to load instead of the one in node_modules (better-sqlite3's `nativeBinding`):
   * under `npm start` node_modules holds the build for Node and Electron needs one built for its own ABI.
   */
  nativeBinding?: string;
}

/** The better-sqlite3 addon could not be loaded (missing file, built for another ABI): nothing is known about the cache file. */
export class SqliteEngineError extends CoreError {
  constructor(cause: Error) {
    super(
      'cache_unavailable',
      `The database engine (better-sqlite3) could not be loaded, so the local library was left untouched: ${cause.message.split('\n')[0]}`,
      { cause },
    );
    this.name = 'SqliteEngineError';
  }
}

function newDatabase(file: string, options: Database.Options): Db {
  try {
    return new Database(file, options);
  } catch (err) {
    const code = err instanceof Error && 'code' in err ? err.code : undefined;
    if (err instanceof Error && (code === 'ERR_DLOPEN_FAILED' || code === 'MODULE_NOT_FOUND')) {
      throw new SqliteEngineError(err);
    }
    throw err;
  }
}

/**
 * Written when the cache is closed cleanly, removed when it is opened: missing at an open, the last run
 * ended without closing it (a crash, a kill, a power cut) or the file predates the marker.
 */
const cleanMarker = (file: string): string => `${file}.closed-cleanly`;

/** Closes the cache and notes that it was closed cleanly, so the next open can skip the integrity check. */
export function closeCache(db: Db, file: string): void {
  db.close();
  writeFileSync(cleanMarker(file), '');
}

/**
 * Reads the schema version and, with `check`, checks the file's integrity, without writing to it.
 * PRAGMA quick_check reads every page: about 270 ms at 100,000 videos, a quarter of a cold start.
 */
function inspect(
  file: string,
  options: OpenCacheOptions,
  check: boolean,
): { version: number; healthy: boolean } {
  let db: Db | null = null;
  try {
    db = newDatabase(file, { readonly: true, fileMustExist: true, ...options });
    const version = db.pragma('user_version', { simple: true });
    if (typeof version !== 'number') return { version: 0, healthy: false };
    if (version > CACHE_MIGRATIONS.length || !check) return { version, healthy: true };
    return { version, healthy: db.pragma('quick_check', { simple: true }) === 'ok' };
  } catch (err) {
    // A damaged file is moved aside; an addon that will not load says nothing about the file.
    if (err instanceof SqliteEngineError) throw err;
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
 * caller tells the user and re-syncs from the server). Every page is checked only when the last run did
 * not close the cache cleanly (closeCache); otherwise only a file SQLite cannot read counts as damaged.
 */
export function openCache(file: string, now = Date.now(), options: OpenCacheOptions = {}): OpenedCache {
  let movedAside: string | null = null;
  const closedCleanly = existsSync(cleanMarker(file));
  rmSync(cleanMarker(file), { force: true });
  if (existsSync(file)) {
    const { version, healthy } = inspect(file, options, !closedCleanly);
    if (version > CACHE_MIGRATIONS.length) {
      throw new CacheTooNewError(file, new DatabaseTooNewError(version, CACHE_MIGRATIONS.length));
    }
    if (!healthy) movedAside = moveAside(file, now);
  }
  const db = newDatabase(file, options);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    migrate(db, CACHE_MIGRATIONS);
    disableAutomerge(db);
    return { db, movedAside };
  } catch (err) {
    db.close();
    if (err instanceof DatabaseTooNewError) throw new CacheTooNewError(file, err);
    throw err;
  }
}
