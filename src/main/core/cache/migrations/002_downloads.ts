import type { Migration } from '../../../../shared/sqlite/migrate';

// The download queue (owned by src/main/core/downloads). Every download is one row that outlives the
// process: after a crash or a kill, rows left 'active' are queued again and resume from the bytes in
// their `.part` file, whose validator (`etag`) is written here before any byte under it.
// `local_files` (migration 1) gains `missing_since`: a verified file the user deleted or moved is kept
// on record, marked missing, so the card can say it is gone and offer to download again.
export const m002Downloads: Migration = {
  version: 2,
  name: 'downloads',
  up: `
    CREATE TABLE downloads (
      id INTEGER PRIMARY KEY,
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
    -- One live download per video and quality.
    CREATE UNIQUE INDEX downloads_live ON downloads(video_id, quality)
      WHERE state IN ('queued', 'active', 'paused', 'failed');
    -- Two downloads never share a part file.
    CREATE UNIQUE INDEX downloads_part ON downloads(dest_dir, file_name)
      WHERE state IN ('queued', 'active', 'paused', 'failed');
    CREATE INDEX downloads_state ON downloads(state, id);

    ALTER TABLE local_files ADD COLUMN missing_since INTEGER;
  `,
};
