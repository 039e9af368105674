import type { Migration } from '../../../../shared/sqlite/migrate';

// A deleted video's cached thumbnail and preview go with it, whatever deleted it (a sync page, a live
// event, the user's own action): the trigger moves their rows to `media_trash` in the deleting
// transaction, and the media cache removes those files afterwards (MediaCache.sweep), so a later video
// can never be shown an earlier one's media. Rows already orphaned by earlier deletes go the same way.
export const m003MediaOfDeletedVideos: Migration = {
  version: 3,
  name: 'media_of_deleted_videos',
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
  `,
};
