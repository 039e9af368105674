import type { Database } from 'better-sqlite3';
import type { FailureCode, TriggerTag, VideoStatus } from '../../../src/shared/api/vocabulary';
import { TRIGGER_TAGS } from '../../../src/shared/api/vocabulary';
import { nextSeq } from './counters';
import { nextId } from './ids';
import { stmt } from '../../../src/shared/sqlite/statements';

export interface VideoRow {
  id: number;
  user_id: number;
  title: string;
  prompt: string;
  /** The generation's triggers (JSON), as created: what a render and a regenerate use. Never edited. */
  triggers: string;
  /** The user's labels (JSON) once edited; null while they are still the triggers. */
  tags: string | null;
  /** Bit mask of the labels (tags, else triggers): what tag filters test. */
  tag_mask: number;
  settings: string;
  status: VideoStatus;
  progress: number | null;
  failure_code: FailureCode | null;
  failure_message: string | null;
  credit_cost: number;
  created_at: number;
  updated_at: number;
  asset_id: number | null;
  regenerated_from: number | null;
  change_seq: number;
}

export function tagMask(tags: readonly TriggerTag[]): number {
  let mask = 0;
  for (const t of tags) mask |= 1 << TRIGGER_TAGS.indexOf(t);
  return mask;
}

/** Ownership is part of the query: another user's video is indistinguishable from a missing one. */
export function getOwnedVideo(db: Database, userId: number, id: number): VideoRow | undefined {
  return stmt(db, 'SELECT * FROM videos WHERE id = ? AND user_id = ?').get(id, userId) as
    VideoRow | undefined;
}

export function getVideo(db: Database, id: number): VideoRow | undefined {
  return stmt(db, 'SELECT * FROM videos WHERE id = ?').get(id) as VideoRow | undefined;
}

/**
 * The user's videos among `ids`, by id, in one statement: a primary-key lookup per id (CROSS JOIN
 * keeps SQLite from walking the user's index instead), a third cheaper than one query per id.
 */
export function getOwnedVideos(db: Database, userId: number, ids: readonly number[]): Map<number, VideoRow> {
  const out = new Map<number, VideoRow>();
  if (ids.length === 0) return out;
  const rows = stmt(
    db,
    'SELECT v.* FROM json_each(?) AS j CROSS JOIN videos AS v ON v.id = j.value WHERE v.user_id = ?',
  ).all(JSON.stringify(ids), userId) as VideoRow[];
  for (const row of rows) out.set(row.id, row);
  return out;
}

export interface NewVideo {
  userId: number;
  title: string;
  prompt: string;
  triggers: readonly TriggerTag[];
  /** Labels that differ from the triggers (a regenerate keeps its original's), else null. */
  tags: readonly TriggerTag[] | null;
  /** The settings JSON text exactly as received. */
  settingsJson: string;
  creditCost: number;
  regeneratedFrom: number | null;
  now: number;
}

/** Inserts a video in processing with its queued job, inside the caller's transaction. */
export function insertProcessingVideo(db: Database, v: NewVideo, renderKey: string): VideoRow {
  const seq = nextSeq(db);
  const row = stmt(
    db,
    `INSERT INTO videos (id, user_id, title, prompt, triggers, tags, tag_mask, settings, status, progress,
                         credit_cost, created_at, updated_at, regenerated_from, change_seq)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'processing', 0, ?, ?, ?, ?, ?) RETURNING *`,
  ).get(
    nextId(db, 'videos'),
    v.userId,
    v.title,
    v.prompt,
    JSON.stringify(v.triggers),
    v.tags === null ? null : JSON.stringify(v.tags),
    tagMask(v.tags ?? v.triggers),
    v.settingsJson,
    v.creditCost,
    v.now,
    v.now,
    v.regeneratedFrom,
    seq,
  ) as VideoRow;
  stmt(
    db,
    "INSERT INTO jobs (id, video_id, render_key, state, attempts, run_after) VALUES (?, ?, ?, 'queued', 0, ?)",
  ).run(nextId(db, 'jobs'), row.id, renderKey, v.now);
  return row;
}

export function updateTitleTags(
  db: Database,
  userId: number,
  id: number,
  change: { title?: string; tags?: readonly TriggerTag[] },
  now: number,
): VideoRow | undefined {
  const current = getOwnedVideo(db, userId, id);
  if (!current) return undefined;
  const title = change.title ?? current.title;
  // Tags are the user's labels; the triggers stay as generated, so a regenerate renders the original.
  const tags = change.tags ? JSON.stringify(change.tags) : current.tags;
  const mask = change.tags ? tagMask(change.tags) : current.tag_mask;
  return stmt(
    db,
    `UPDATE videos SET title = ?, tags = ?, tag_mask = ?, updated_at = ?, change_seq = ?
      WHERE id = ? AND user_id = ? RETURNING *`,
  ).get(title, tags, mask, now, nextSeq(db), id, userId) as VideoRow | undefined;
}

export function setProgress(db: Database, id: number, progress: number, now: number): VideoRow | undefined {
  return stmt(
    db,
    `UPDATE videos SET progress = ?, updated_at = ?, change_seq = ?
      WHERE id = ? AND status = 'processing' RETURNING *`,
  ).get(progress, now, nextSeq(db), id) as VideoRow | undefined;
}

export function markReady(db: Database, id: number, assetId: number, now: number): VideoRow | undefined {
  return stmt(
    db,
    `UPDATE videos SET status = 'ready', progress = NULL, asset_id = ?, failure_code = NULL,
                       failure_message = NULL, updated_at = ?, change_seq = ?
      WHERE id = ? AND status = 'processing' RETURNING *`,
  ).get(assetId, now, nextSeq(db), id) as VideoRow | undefined;
}

export function markFailed(
  db: Database,
  id: number,
  failure: { code: FailureCode; message: string },
  now: number,
): VideoRow | undefined {
  return stmt(
    db,
    `UPDATE videos SET status = 'failed', progress = NULL, failure_code = ?, failure_message = ?,
                       updated_at = ?, change_seq = ?
      WHERE id = ? AND status = 'processing' RETURNING *`,
  ).get(failure.code, failure.message, now, nextSeq(db), id) as VideoRow | undefined;
}

/**
 * Deletes an owned video and writes its tombstone (inside the caller's transaction). Returns the
 * deleted row and whether its asset is now unused, or undefined when the video is not the user's.
 */
export function deleteOwnedVideo(
  db: Database,
  userId: number,
  id: number,
  now: number,
): { row: VideoRow; seq: number; orphanAssetId: number | null } | undefined {
  const row = stmt(db, 'DELETE FROM videos WHERE id = ? AND user_id = ? RETURNING *').get(id, userId) as
    VideoRow | undefined;
  if (!row) return undefined;
  const seq = nextSeq(db);
  stmt(db, 'INSERT INTO video_tombstones (user_id, seq, video_id, deleted_at) VALUES (?, ?, ?, ?)').run(
    userId,
    seq,
    id,
    now,
  );
  let orphanAssetId: number | null = null;
  if (row.asset_id !== null) {
    const user = stmt(db, 'SELECT 1 FROM videos WHERE asset_id = ? LIMIT 1').get(row.asset_id);
    if (!user) orphanAssetId = row.asset_id;
  }
  return { row, seq, orphanAssetId };
}
