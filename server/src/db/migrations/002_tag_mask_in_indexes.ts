import type { Migration } from '../../../../src/shared/sqlite/migrate';

// Tag filters are tested on `tag_mask`. With the mask at the end of each list index, SQLite checks it
// in the index itself and reads a table row only for videos that match, so sparse tag filters and
// deep pages stay an index walk. Same index names and leading columns as 001: every query plan that
// used them still does.
export const m002TagMaskInIndexes: Migration = {
  version: 2,
  name: 'tag_mask_in_indexes',
  up: `
    DROP INDEX videos_user_date;
    DROP INDEX videos_user_cost;
    DROP INDEX videos_user_title;
    DROP INDEX videos_user_status_date;
    DROP INDEX videos_user_status_cost;
    DROP INDEX videos_user_status_title;
    CREATE INDEX videos_user_date ON videos(user_id, created_at, id, tag_mask);
    CREATE INDEX videos_user_cost ON videos(user_id, credit_cost, id, tag_mask);
    CREATE INDEX videos_user_title ON videos(user_id, title COLLATE NOCASE, id, tag_mask);
    CREATE INDEX videos_user_status_date ON videos(user_id, status, created_at, id, tag_mask);
    CREATE INDEX videos_user_status_cost ON videos(user_id, status, credit_cost, id, tag_mask);
    CREATE INDEX videos_user_status_title ON videos(user_id, status, title COLLATE NOCASE, id, tag_mask);
  `,
};
