import type { Migration } from '../../../../shared/sqlite/migrate';

// What a delete leaves behind must never be mistaken for something new.
//
// A deleted video's cached thumbnail and preview go with it, whatever deleted it (a sync page, a live
// event, the user's own action): the trigger moves their rows to `media_trash` in the deleting
// transaction, and the media cache removes those files afterwards (MediaCache.sweep), so a later video
// can never be shown an earlier one's media. Rows already orphaned by earlier deletes go the same way.
//
// Download ids reach the renderer (pause, cancel, remove by id) and finished rows are deleted (Remove,
// Clear finished): `downloads` is rebuilt with AUTOINCREMENT so a removed download's id is never given to
// the next one, and a stale click cannot act on another download. Nothing references the table, so the
// rebuild is a copy; its indexes are made again as in migration 2.
export const m003DeletedRows: Migration = {
  version: 3,
  name: 'deleted_rows',
  up: `
    CREATE TABLE media_trash (
      file TEXT PRIMARY KEY
    ) WITHOUT ROWID;

    CREATE TRIGGER videos_media_delete AFTER DELETE ON videos BEGIN
      INSERT OR IGNORE INTO media_trash (file) SELECT file FROM media_files WHERE video_id = old.id;
      DELETE FROM media_files WHERE video_id = old.id;
    END;

    INSERT OR IGNORE INTO media_trash (file)
      SELECT file FROM media_files WHERE video_id NOT IN (SELECT id FROM videos);
    DELETE FROM media_files WHERE video_id NOT IN (SELECT id FROM videos);

    CREATE TABLE downloads_new (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      video_id INTEGER NOT NULL,
      quality TEXT NOT NULL CHECK (quality IN ('sd', 'hd', '4k')),
      title TEXT NOT NULL,
      url TEXT NOT NULL,
      dest_dir TEXT NOT NULL,
      file_name TEXT NOT NULL,
      bytes_total INTEGER NOT NULL CHECK (bytes_total >= 0),
      sha256 TEXT NOT NULL,
      etag TEXT,
      state TEXT NOT NULL CHECK (state IN ('queued', 'active', 'paused', 'failed', 'completed', 'cancelled')),
      bytes_done INTEGER NOT NULL DEFAULT 0,
      error_code TEXT,
      error_message TEXT,
      path TEXT,
      sidecar TEXT,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      completed_at INTEGER
    );
    INSERT INTO downloads_new (id, video_id, quality, title, url, dest_dir, file_name, bytes_total, sha256, etag,
                               state, bytes_done, error_code, error_message, path, sidecar, created_at,
                               updated_at, completed_at)
      SELECT id, video_id, quality, title, url, dest_dir, file_name, bytes_total, sha256, etag, state, bytes_done,
             error_code, error_message, path, sidecar, created_at, updated_at, completed_at
        FROM downloads;
    DROP TABLE downloads;
    ALTER TABLE downloads_new RENAME TO downloads;
    CREATE UNIQUE INDEX downloads_live ON downloads(video_id, quality)
      WHERE state IN ('queued', 'active', 'paused', 'failed');
    CREATE UNIQUE INDEX downloads_part ON downloads(dest_dir, file_name)
      WHERE state IN ('queued', 'active', 'paused', 'failed');
    CREATE INDEX downloads_state ON downloads(state, id);
  `,
};
