import type { Migration } from '../../../../shared/sqlite/migrate';

// One cache database per server and account, so nothing here carries an account key. Times are integer
// milliseconds since the epoch. Triggers are stored twice, as the JSON array the server sent and as a bit
// mask over TRIGGER_TAGS, so tag filters are integer operations.
export const m001Cache: Migration = {
  version: 1,
  name: 'cache',
  up: `
    CREATE TABLE videos (
      id INTEGER PRIMARY KEY,
      title TEXT NOT NULL,
      prompt TEXT NOT NULL,
      triggers TEXT NOT NULL,
      tag_mask INTEGER NOT NULL,
      settings TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('processing', 'ready', 'failed')),
      progress REAL,
      failure_code TEXT,
      failure_message TEXT,
      credit_cost INTEGER NOT NULL,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      thumbnail_url TEXT,
      preview_url TEXT,
      download_url TEXT,
      downloads TEXT NOT NULL,
      regenerated_from INTEGER,
      -- An action applied here and not yet confirmed by the server.
      pending TEXT CHECK (pending IN ('delete', 'regenerate', 'edit')),
      -- 1 once title and prompt are in videos_fts.
      fts_state INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX videos_processing ON videos(status) WHERE status = 'processing';
    CREATE INDEX videos_pending ON videos(pending) WHERE pending IS NOT NULL;

    -- Full-text search over title and prompt. Rows are indexed after they are stored (fts_state 0 → 1,
    -- by FtsIndexer in small batches), so a large sync does not pay for tokenizing inside its
    -- transactions; a changed title or prompt takes its row out of the index until it is indexed again.
    CREATE VIRTUAL TABLE videos_fts USING fts5(
      title, prompt, content = 'videos', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
    );
    CREATE INDEX videos_fts_pending ON videos(id) WHERE fts_state = 0;
    CREATE TRIGGER videos_fts_delete AFTER DELETE ON videos WHEN old.fts_state = 1 BEGIN
      INSERT INTO videos_fts (videos_fts, rowid, title, prompt) VALUES ('delete', old.id, old.title, old.prompt);
    END;
    CREATE TRIGGER videos_fts_update AFTER UPDATE OF title, prompt ON videos
      WHEN old.fts_state = 1 AND (old.title IS NOT new.title OR old.prompt IS NOT new.prompt) BEGIN
      INSERT INTO videos_fts (videos_fts, rowid, title, prompt) VALUES ('delete', old.id, old.title, old.prompt);
      UPDATE videos SET fts_state = 0 WHERE id = new.id;
    END;

    -- Verified files on this computer, per video and quality (written by the downloads subsystem).
    CREATE TABLE local_files (
      video_id INTEGER NOT NULL,
      quality TEXT NOT NULL CHECK (quality IN ('sd', 'hd', '4k')),
      path TEXT NOT NULL,
      bytes INTEGER NOT NULL,
      sha256 TEXT NOT NULL,
      verified_at INTEGER NOT NULL,
      PRIMARY KEY (video_id, quality)
    ) WITHOUT ROWID;

    -- Small named values: the sync cursor, the last sync time, the credit summary (JSON).
    CREATE TABLE meta (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) WITHOUT ROWID;

    -- Actions waiting for the server, replayed in order with their idempotency keys.
    CREATE TABLE outbox (
      id INTEGER PRIMARY KEY,
      kind TEXT NOT NULL CHECK (kind IN ('delete', 'regenerate', 'edit')),
      video_ids TEXT NOT NULL,
      payload TEXT NOT NULL,
      idempotency_key TEXT NOT NULL UNIQUE,
      created_at INTEGER NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0,
      last_error TEXT
    );

    -- Thumbnails and preview loops on disk, for the size cap and least-recently-used eviction.
    CREATE TABLE media_files (
      video_id INTEGER NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('thumbnail', 'preview')),
      file TEXT NOT NULL,
      mime TEXT NOT NULL,
      bytes INTEGER NOT NULL,
      last_used INTEGER NOT NULL,
      PRIMARY KEY (video_id, kind)
    ) WITHOUT ROWID;
    CREATE INDEX media_files_lru ON media_files(last_used);
  `,
};
