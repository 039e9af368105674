import type { Migration } from '../../../../src/shared/sqlite/migrate';

// Times are integer milliseconds since the epoch (UTC). Video triggers are stored twice: as a JSON array
// in their original order, and as a bit mask over TRIGGER_TAGS (by index) so tag filters use integer ops.
export const m001Initial: Migration = {
  version: 1,
  name: 'initial',
  up: `
    CREATE TABLE users (
      id INTEGER PRIMARY KEY,
      email TEXT NOT NULL UNIQUE COLLATE NOCASE,
      password_hash TEXT NOT NULL,
      plan TEXT NOT NULL CHECK (plan IN ('free', 'basic', 'pro')),
      credits_balance INTEGER NOT NULL CHECK (credits_balance >= 0),
      created_at INTEGER NOT NULL
    );

    CREATE TABLE sessions (
      token_hash TEXT PRIMARY KEY,
      user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      created_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL,
      revoked_at INTEGER
    ) WITHOUT ROWID;
    CREATE INDEX sessions_user ON sessions(user_id);

    -- One rendered set of media (thumbnail, preview loop, sd/hd/4k) per distinct render input.
    CREATE TABLE assets (
      id INTEGER PRIMARY KEY,
      render_key TEXT NOT NULL UNIQUE,
      status TEXT NOT NULL CHECK (status IN ('pending', 'ready', 'failed')),
      dir TEXT NOT NULL,
      created_at INTEGER NOT NULL
    );

    CREATE TABLE asset_files (
      asset_id INTEGER NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
      kind TEXT NOT NULL CHECK (kind IN ('thumbnail', 'preview', 'sd', 'hd', '4k')),
      file TEXT NOT NULL,
      mime TEXT NOT NULL,
      bytes INTEGER NOT NULL,
      sha256 TEXT NOT NULL,
      etag TEXT NOT NULL,
      width INTEGER NOT NULL,
      height INTEGER NOT NULL,
      PRIMARY KEY (asset_id, kind)
    ) WITHOUT ROWID;

    CREATE TABLE videos (
      id INTEGER PRIMARY KEY,
      user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      title TEXT NOT NULL,
      prompt TEXT NOT NULL,
      triggers TEXT NOT NULL,
      tag_mask INTEGER NOT NULL,
      settings TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('processing', 'ready', 'failed')),
      progress REAL,
      failure_code TEXT,
      failure_message TEXT,
      credit_cost INTEGER NOT NULL CHECK (credit_cost >= 0),
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      asset_id INTEGER REFERENCES assets(id),
      regenerated_from INTEGER,
      change_seq INTEGER NOT NULL
    );
    -- Keyset orders for every sort, with and without a status filter. Tag filters are residual.
    CREATE INDEX videos_user_date ON videos(user_id, created_at, id);
    CREATE INDEX videos_user_cost ON videos(user_id, credit_cost, id);
    CREATE INDEX videos_user_title ON videos(user_id, title COLLATE NOCASE, id);
    CREATE INDEX videos_user_status_date ON videos(user_id, status, created_at, id);
    CREATE INDEX videos_user_status_cost ON videos(user_id, status, credit_cost, id);
    CREATE INDEX videos_user_status_title ON videos(user_id, status, title COLLATE NOCASE, id);
    CREATE UNIQUE INDEX videos_change_seq ON videos(user_id, change_seq);
    CREATE INDEX videos_asset ON videos(asset_id);

    -- Deleted videos stay visible to the change feed as tombstones.
    CREATE TABLE video_tombstones (
      user_id INTEGER NOT NULL,
      seq INTEGER NOT NULL,
      video_id INTEGER NOT NULL,
      deleted_at INTEGER NOT NULL,
      PRIMARY KEY (user_id, seq)
    ) WITHOUT ROWID;

    -- Single-row counters (the change feed's global monotonic sequence).
    CREATE TABLE counters (
      name TEXT PRIMARY KEY,
      value INTEGER NOT NULL
    ) WITHOUT ROWID;
    INSERT INTO counters (name, value) VALUES ('change_seq', 0);

    CREATE TABLE credit_ledger (
      id INTEGER PRIMARY KEY,
      user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      kind TEXT NOT NULL CHECK (kind IN ('grant', 'generation', 'regeneration', 'refund', 'purchase', 'plan_change')),
      delta INTEGER NOT NULL,
      balance_after INTEGER NOT NULL CHECK (balance_after >= 0),
      video_id INTEGER,
      note TEXT,
      created_at INTEGER NOT NULL
    );
    CREATE INDEX credit_ledger_user_time ON credit_ledger(user_id, created_at);

    CREATE TABLE action_log (
      id INTEGER PRIMARY KEY,
      user_id INTEGER,
      action TEXT NOT NULL,
      video_ids TEXT NOT NULL,
      outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'partial', 'refused', 'error')),
      detail TEXT,
      created_at INTEGER NOT NULL
    );
    CREATE INDEX action_log_user_time ON action_log(user_id, created_at);
    CREATE INDEX action_log_user_action ON action_log(user_id, action);

    CREATE TABLE idempotency_keys (
      user_id INTEGER NOT NULL,
      key TEXT NOT NULL,
      request_hash TEXT NOT NULL,
      status_code INTEGER NOT NULL,
      response TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      PRIMARY KEY (user_id, key)
    ) WITHOUT ROWID;

    -- The persistent generation queue: one job per video in processing.
    CREATE TABLE jobs (
      id INTEGER PRIMARY KEY,
      video_id INTEGER NOT NULL UNIQUE REFERENCES videos(id) ON DELETE CASCADE,
      render_key TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
      attempts INTEGER NOT NULL DEFAULT 0,
      run_after INTEGER NOT NULL,
      started_at INTEGER,
      finished_at INTEGER,
      error TEXT
    );
    CREATE INDEX jobs_state_run_after ON jobs(state, run_after);

    -- Per-user, per-action counters for the section 7 metrics (kept as the actions happen, so they
    -- survive deletions of the videos they describe).
    CREATE TABLE user_counters (
      user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      name TEXT NOT NULL CHECK (name IN ('created', 'generations', 'regenerations', 'deletes')),
      value INTEGER NOT NULL,
      PRIMARY KEY (user_id, name)
    ) WITHOUT ROWID;
  `,
};
