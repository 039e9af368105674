import type { Migration } from '../../../../shared/sqlite/migrate';
import { m001Cache } from './001_cache';
import { m002Downloads } from './002_downloads';
import { m003DeletedRows } from './003_deleted_rows';

/** Every migration of the cache database, in order. Append only once released. */
export const CACHE_MIGRATIONS: readonly Migration[] = [m001Cache, m002Downloads, m003DeletedRows];
