import type { Migration } from '../../../../src/shared/sqlite/migrate';

// List pages come from an in-memory index per user (repo/listIndex.ts), loaded with one query over
// the user's videos. This index covers every column that load reads, so it is an index-only range
// instead of a table row per video (a 10,000-video library: a few ms instead of tens).
export const m003ListIndexLoad: Migration = {
  version: 3,
  name: 'list_index_load',
  up: `
    CREATE INDEX videos_user_list ON videos(user_id, created_at, id, credit_cost, change_seq, status, tag_mask, title);
  `,
};
