import type { Migration } from '../../../../src/shared/sqlite/migrate';
import { m001Initial } from './001_initial';
import { m002TagMaskInIndexes } from './002_tag_mask_in_indexes';
import { m003ListIndexLoad } from './003_list_index_load';
import { m004IdsAndTags } from './004_ids_and_tags';
import { m005DropUnusedIndexes } from './005_drop_unused_indexes';
import { m006JobsMayFail } from './006_jobs_may_fail';

/** Every migration of the server database, in order. Append only; never edit a released one. */
export const SERVER_MIGRATIONS: readonly Migration[] = [
  m001Initial,
  m002TagMaskInIndexes,
  m003ListIndexLoad,
  m004IdsAndTags,
  m005DropUnusedIndexes,
  m006JobsMayFail,
];
