import type { Migration } from '../../../../src/shared/sqlite/migrate';
import { m001Initial } from './001_initial';
import { m002TagMaskInIndexes } from './002_tag_mask_in_indexes';
import { m003ListIndexLoad } from './003_list_index_load';
import { m004DropUnusedIndexes } from './004_drop_unused_indexes';

/** Every migration of the server database, in order. Append only; never edit a released one. */
export const SERVER_MIGRATIONS: readonly Migration[] = [
  m001Initial,
  m002TagMaskInIndexes,
  m003ListIndexLoad,
  m004DropUnusedIndexes,
];
