import type { Migration } from '../../../../src/shared/sqlite/migrate';

// Ids are never reused. SQLite gives an `INTEGER PRIMARY KEY` row max(id) + 1, so deleting the newest
// video handed its id to the next one (whose ledger, audit rows, stale client retries and client caches
// then pointed at the wrong video). Each table whose ids leave the server or are stored elsewhere takes
// its ids from a high-water counter here instead (repo/ids.ts). A counter rather than AUTOINCREMENT:
// AUTOINCREMENT needs every such table rebuilt, and rebuilding `videos` and `assets` under foreign keys
// (which cannot be switched off inside the migration's transaction) would cascade-delete their jobs and
// files; a counter row is also what a PostgreSQL dialect would keep as a sequence. Each counter starts
// above every id still referenced anywhere (tombstones, ledger, audit log), so ids that were reused
// before this migration are not handed out a third time.
//
// `tags`: the user's own labels, edited by PATCH. `triggers` stays what the video was generated with
// (Regenerate reuses it); NULL tags means the labels are still the triggers.
export const m004IdsAndTags: Migration = {
  version: 4,
  name: 'ids_and_tags',
  up: `
    INSERT INTO counters (name, value) VALUES
      ('videos.id', max(
        (SELECT coalesce(max(id), 0) FROM videos),
        (SELECT coalesce(max(regenerated_from), 0) FROM videos),
        (SELECT coalesce(max(video_id), 0) FROM video_tombstones),
        (SELECT coalesce(max(video_id), 0) FROM credit_ledger),
        (SELECT coalesce(max(video_id), 0) FROM jobs),
        (SELECT coalesce(max(j.value), 0) FROM action_log AS a, json_each(a.video_ids) AS j)
      )),
      ('users.id', max(
        (SELECT coalesce(max(id), 0) FROM users),
        (SELECT coalesce(max(user_id), 0) FROM credit_ledger),
        (SELECT coalesce(max(user_id), 0) FROM action_log)
      )),
      ('jobs.id', (SELECT coalesce(max(id), 0) FROM jobs)),
      ('assets.id', max(
        (SELECT coalesce(max(id), 0) FROM assets),
        (SELECT coalesce(max(asset_id), 0) FROM videos)
      )),
      ('credit_ledger.id', (SELECT coalesce(max(id), 0) FROM credit_ledger)),
      ('action_log.id', (SELECT coalesce(max(id), 0) FROM action_log));

    ALTER TABLE videos ADD COLUMN tags TEXT;
  `,
};
