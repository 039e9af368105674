import type { Migration } from '../../../../src/shared/sqlite/migrate';
import { m001Initial } from './001_initial';

/** Every migration of the server database, in order. Append only; never edit a released one. */
export const SERVER_MIGRATIONS: readonly Migration[] = [m001Initial];
