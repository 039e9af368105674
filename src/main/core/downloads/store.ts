import type { Database } from 'better-sqlite3';
import type { Quality } from '../../../shared/api/vocabulary';
import type { DownloadItem, DownloadState } from '../../../shared/ipc/downloads';
import type { VideoRow } from '../cache/videos';

// SQL for the download queue and the verified local files: plain functions over the cache database,
// rows mapped to domain objects here and nowhere else. No transaction is held across an await.

export interface DownloadRow {
  id: number;
  video_id: number;
  quality: Quality;
  title: string;
  url: string;
  dest_dir: string;
  file_name: string;
  bytes_total: number;
  sha256: string;
  etag: string | null;
  state: DownloadState;
  bytes_done: number;
  error_code: string | null;
  error_message: string | null;
  path: string | null;
  sidecar: string | null;
  created_at: number;
  updated_at: number;
  completed_at: number | null;
}

export interface NewDownload {
  videoId: number;
  quality: Quality;
  title: string;
  url: string;
  destDir: string;
  fileName: string;
  bytesTotal: number;
  sha256: string;
  /** JSON of the sidecar to write next to the file, or null for none. */
  sidecar: string | null;
}

export interface LocalFileRow {
  video_id: number;
  quality: Quality;
  path: string;
  bytes: number;
  sha256: string;
  verified_at: number;
  missing_since: number | null;
}

function row(db: Database, sql: string, ...params: unknown[]): DownloadRow | undefined {
  // better-sqlite3 returns unknown rows; the table's CHECK constraints guarantee this shape.
  return db.prepare<unknown[], DownloadRow>(sql).get(...params);
}

export function insertDownload(db: Database, d: NewDownload, now: number): DownloadRow {
  const info = db
    .prepare(
      `INSERT INTO downloads (video_id, quality, title, url, dest_dir, file_name, bytes_total, sha256, state,
         sidecar, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?)`,
    )
    .run(
      d.videoId,
      d.quality,
      d.title,
      d.url,
      d.destDir,
      d.fileName,
      d.bytesTotal,
      d.sha256,
      d.sidecar,
      now,
      now,
    );
  const created = getDownload(db, Number(info.lastInsertRowid));
  if (!created) throw new Error('The new download could not be read back');
  return created;
}

/** Inserts several downloads in one transaction (a bulk start), returning their rows in order. */
export function insertDownloads(db: Database, list: readonly NewDownload[], now: number): DownloadRow[] {
  return db.transaction(() => list.map((d) => insertDownload(db, d, now)))();
}

export function getDownload(db: Database, id: number): DownloadRow | undefined {
  return row(db, 'SELECT * FROM downloads WHERE id = ?', id);
}

/** The live download (queued, active, paused or failed) of each of these videos in one quality. */
export function liveDownloadsFor(
  db: Database,
  videoIds: readonly number[],
  quality: Quality,
): Map<number, DownloadRow> {
  const rows = db
    .prepare<[string, Quality], DownloadRow>(
      `SELECT * FROM downloads WHERE video_id IN (SELECT value FROM json_each(?)) AND quality = ?
         AND state IN ('queued', 'active', 'paused', 'failed')`,
    )
    .all(JSON.stringify(videoIds), quality);
  return new Map(rows.map((r) => [r.video_id, r]));
}

/** The cached records of these videos, in one query (a bulk start reads them all at once). */
export function cachedVideoRows(db: Database, videoIds: readonly number[]): VideoRow[] {
  if (videoIds.length === 0) return [];
  return db
    .prepare<[string], VideoRow>('SELECT * FROM videos WHERE id IN (SELECT value FROM json_each(?))')
    .all(JSON.stringify(videoIds));
}

export function listDownloads(db: Database, limit = 1000): DownloadRow[] {
  return db.prepare<[number], DownloadRow>('SELECT * FROM downloads ORDER BY id DESC LIMIT ?').all(limit);
}

export function nextQueued(db: Database, exclude: readonly number[]): DownloadRow | undefined {
  const placeholders = exclude.map(() => '?').join(',');
  const notIn = exclude.length > 0 ? `AND id NOT IN (${placeholders})` : '';
  return row(db, `SELECT * FROM downloads WHERE state = 'queued' ${notIn} ORDER BY id LIMIT 1`, ...exclude);
}

/** Names in `destDir` taken by downloads that still own a part file. */
export function reservedNames(db: Database, destDir: string): Set<string> {
  const rows = db
    .prepare<[string], { file_name: string }>(
      `SELECT file_name FROM downloads WHERE dest_dir = ? AND state IN ('queued', 'active', 'paused', 'failed')`,
    )
    .all(destDir);
  return new Set(rows.map((r) => r.file_name));
}

export function setState(
  db: Database,
  id: number,
  state: DownloadState,
  now: number,
  error: { code: string; message: string } | null = null,
): void {
  db.prepare(
    'UPDATE downloads SET state = ?, error_code = ?, error_message = ?, updated_at = ? WHERE id = ?',
  ).run(state, error?.code ?? null, error?.message ?? null, now, id);
}

export function setEtag(db: Database, id: number, etag: string | null, now: number): void {
  db.prepare('UPDATE downloads SET etag = ?, updated_at = ? WHERE id = ?').run(etag, now, id);
}

export function setBytesDone(db: Database, id: number, bytes: number, now: number): void {
  db.prepare('UPDATE downloads SET bytes_done = ?, updated_at = ? WHERE id = ?').run(bytes, now, id);
}

/** A fresh record from the server (retry after a checksum failure or a replaced file). */
export function refreshTarget(
  db: Database,
  id: number,
  t: { url: string; bytesTotal: number; sha256: string },
) {
  db.prepare('UPDATE downloads SET url = ?, bytes_total = ?, sha256 = ? WHERE id = ?').run(
    t.url,
    t.bytesTotal,
    t.sha256,
    id,
  );
}

export const FINISHED_STATES: readonly DownloadState[] = ['completed', 'cancelled'];

/**
 * Deletes these downloads if they are finished (completed or cancelled), returning the ids deleted. The
 * verified files of completed ones stay in local_files: taking a row off the list forgets no file.
 */
export function deleteFinished(db: Database, ids: readonly number[]): number[] {
  return db
    .prepare<[string], { id: number }>(
      `DELETE FROM downloads WHERE id IN (SELECT value FROM json_each(?))
         AND state IN ('completed', 'cancelled') RETURNING id`,
    )
    .all(JSON.stringify(ids))
    .map((r) => r.id)
    .sort((a, b) => a - b);
}

/** Deletes every finished download (completed or cancelled), returning the ids deleted. */
export function deleteAllFinished(db: Database): number[] {
  return db
    .prepare<[], { id: number }>(
      `DELETE FROM downloads WHERE state IN ('completed', 'cancelled') RETURNING id`,
    )
    .all()
    .map((r) => r.id)
    .sort((a, b) => a - b);
}

/**
 * Rows a previous process left running (crash, kill, quit), and rows paused because the session ended
 * (401): they go back to the queue.
 */
export function requeueInterrupted(db: Database, now: number): number {
  return db
    .prepare(
      `UPDATE downloads SET state = 'queued', error_code = NULL, error_message = NULL, updated_at = ?
       WHERE state = 'active' OR (state = 'paused' AND error_code = 'signed_out')`,
    )
    .run(now).changes;
}

/** Marks the download complete and records its verified file, atomically. */
export function completeDownload(
  db: Database,
  d: DownloadRow,
  file: { path: string; bytes: number; sha256: string },
  now: number,
): void {
  db.transaction(() => {
    db.prepare(
      `UPDATE downloads SET state = 'completed', path = ?, bytes_done = ?, error_code = NULL, error_message = NULL,
         etag = NULL, completed_at = ?, updated_at = ? WHERE id = ?`,
    ).run(file.path, file.bytes, now, now, d.id);
    db.prepare(
      `INSERT INTO local_files (video_id, quality, path, bytes, sha256, verified_at, missing_since)
       VALUES (?, ?, ?, ?, ?, ?, NULL)
       ON CONFLICT (video_id, quality) DO UPDATE SET path = excluded.path, bytes = excluded.bytes,
         sha256 = excluded.sha256, verified_at = excluded.verified_at, missing_since = NULL`,
    ).run(d.video_id, d.quality, file.path, file.bytes, file.sha256, now);
  })();
}

export function localFiles(db: Database): LocalFileRow[] {
  return db.prepare<[], LocalFileRow>('SELECT * FROM local_files').all();
}

/** The recorded files of these videos (present or not), in one query. */
export function localFilesFor(db: Database, videoIds: readonly number[]): LocalFileRow[] {
  if (videoIds.length === 0) return [];
  // json_each keeps this one statement whatever the number of ids (no variable-count limit).
  return db
    .prepare<[string], LocalFileRow>(
      'SELECT * FROM local_files WHERE video_id IN (SELECT value FROM json_each(?))',
    )
    .all(JSON.stringify(videoIds));
}

export function localFile(db: Database, videoId: number, quality: Quality): LocalFileRow | undefined {
  return db
    .prepare<[number, Quality], LocalFileRow>('SELECT * FROM local_files WHERE video_id = ? AND quality = ?')
    .get(videoId, quality);
}

export function setMissing(
  db: Database,
  videoId: number,
  quality: Quality,
  missingSince: number | null,
): void {
  db.prepare('UPDATE local_files SET missing_since = ? WHERE video_id = ? AND quality = ?').run(
    missingSince,
    videoId,
    quality,
  );
}

export function toItem(r: DownloadRow, live?: { bytesDone: number; speedBps: number | null }): DownloadItem {
  const bytesDone = live?.bytesDone ?? r.bytes_done;
  const speed = r.state === 'active' ? (live?.speedBps ?? null) : null;
  return {
    id: r.id,
    videoId: r.video_id,
    quality: r.quality,
    title: r.title,
    fileName: r.file_name,
    path: r.path,
    state: r.state,
    bytesDone,
    bytesTotal: r.bytes_total,
    speedBps: speed,
    etaSeconds: speed !== null && speed > 0 ? Math.ceil((r.bytes_total - bytesDone) / speed) : null,
    error: r.error_code === null ? null : { code: r.error_code, message: r.error_message ?? '' },
    createdAt: new Date(r.created_at).toISOString(),
    completedAt: r.completed_at === null ? null : new Date(r.completed_at).toISOString(),
  };
}
