import type { Migration } from '../../../../src/shared/sqlite/migrate';

// List pages come from the in-memory list index (repo/listIndex.ts), loaded through 003's
// videos_user_list: no query sorts or filters the videos table by cost, title or status any more,
// so the six sort indexes of 001/002 only cost every write. Nothing reads the action log by user
// either (it is an append-only audit trail). server/test/indexes.test.ts shows which query uses
// each index that remains.
export const m005DropUnusedIndexes: Migration = {
  version: 5,
  name: 'drop_unused_indexes',
  up: `
    DROP INDEX videos_user_date;
    DROP INDEX videos_user_cost;
    DROP INDEX videos_user_title;
    DROP INDEX videos_user_status_date;
    DROP INDEX videos_user_status_cost;
    DROP INDEX videos_user_status_title;
    DROP INDEX action_log_user_time;
    DROP INDEX action_log_user_action;
  `,
};
