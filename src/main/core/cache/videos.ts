import type { Database } from 'better-sqlite3';
import { stmt } from '../../../shared/sqlite/statements';
import type { Change, Video } from '../../../shared/api/schemas';
import {
  FAILURE_CODES,
  QUALITIES,
  TRIGGER_TAGS,
  planAllowsQuality,
  type FailureCode,
  type Plan,
  type Quality,
  type TriggerTag,
  type VideoStatus,
} from '../../../shared/api/vocabulary';
import type { LibraryVideo, PendingAction } from '../../../shared/ipc/models';
import { cachedPlan } from './meta';

export interface VideoRow {
  id: number;
  title: string;
  prompt: string;
  triggers: string;
  tag_mask: number;
  settings: string;
  status: VideoStatus;
  progress: number | null;
  failure_code: string | null;
  failure_message: string | null;
  credit_cost: number;
  created_at: number;
  updated_at: number;
  thumbnail_url: string | null;
  preview_url: string | null;
  download_url: string | null;
  downloads: string;
  regenerated_from: number | null;
  pending: PendingAction | null;
}

export type MediaKind = 'thumbnail' | 'preview';
export type MediaUrlBuilder = (id: number, kind: MediaKind) => string;

const TAG_BIT = new Map<TriggerTag, number>(TRIGGER_TAGS.map((t, i) => [t, 1 << i]));

export function tagMask(tags: readonly TriggerTag[]): number {
  let mask = 0;
  for (const t of tags) mask |= TAG_BIT.get(t) ?? 0;
  return mask;
}

// While an edit is pending, the locally edited title and tags win over what the server sends, until the
// server confirms (the confirmation clears `pending` first) or refuses (the rollback restores them).
const UPSERT = `
  INSERT INTO videos (id, title, prompt, triggers, tag_mask, settings, status, progress, failure_code,
    failure_message, credit_cost, created_at, updated_at, thumbnail_url, preview_url, download_url,
    downloads, regenerated_from, pending)
  VALUES (@id, @title, @prompt, @triggers, @tag_mask, @settings, @status, @progress, @failure_code,
    @failure_message, @credit_cost, @created_at, @updated_at, @thumbnail_url, @preview_url, @download_url,
    @downloads, @regenerated_from, NULL)
  ON CONFLICT(id) DO UPDATE SET
    title = CASE WHEN videos.pending = 'edit' THEN videos.title ELSE excluded.title END,
    triggers = CASE WHEN videos.pending = 'edit' THEN videos.triggers ELSE excluded.triggers END,
    tag_mask = CASE WHEN videos.pending = 'edit' THEN videos.tag_mask ELSE excluded.tag_mask END,
    prompt = excluded.prompt, settings = excluded.settings, status = excluded.status,
    progress = excluded.progress, failure_code = excluded.failure_code,
    failure_message = excluded.failure_message, credit_cost = excluded.credit_cost,
    created_at = excluded.created_at, updated_at = excluded.updated_at,
    thumbnail_url = excluded.thumbnail_url, preview_url = excluded.preview_url,
    download_url = excluded.download_url, downloads = excluded.downloads,
    regenerated_from = excluded.regenerated_from`;

function toRowParams(v: Video): Omit<VideoRow, 'pending'> {
  return {
    id: v.id,
    title: v.title,
    prompt: v.prompt,
    triggers: JSON.stringify(v.triggers),
    tag_mask: tagMask(v.triggers),
    settings: JSON.stringify(v.settings),
    status: v.status,
    progress: v.progress,
    failure_code: v.failure?.code ?? null,
    failure_message: v.failure?.message ?? null,
    credit_cost: v.credit_cost,
    created_at: Date.parse(v.created_at),
    updated_at: Date.parse(v.updated_at),
    thumbnail_url: v.thumbnail_url,
    preview_url: v.preview_url,
    download_url: v.download_url,
    downloads: JSON.stringify(v.downloads),
    regenerated_from: v.regenerated_from,
  };
}

/** Stores a video as the server describes it (inside the caller's transaction, if any). */
export function upsertVideo(db: Database, v: Video): void {
  stmt(db, UPSERT).run(toRowParams(v));
}

export function deleteVideo(db: Database, id: number): boolean {
  const removed = stmt(db, 'DELETE FROM videos WHERE id = ?').run(id).changes > 0;
  stmt(db, 'DELETE FROM local_files WHERE video_id = ?').run(id);
  return removed;
}

/** Applies a page of the change feed; the caller wraps this and the cursor in one transaction. */
export function applyChanges(db: Database, changes: readonly Change[]): void {
  for (const c of changes) {
    if (c.type === 'upsert') upsertVideo(db, c.video);
    else deleteVideo(db, c.id);
  }
}

export function getVideoRow(db: Database, id: number): VideoRow | undefined {
  return stmt(db, 'SELECT * FROM videos WHERE id = ?').get(id) as VideoRow | undefined;
}

export function setPending(db: Database, ids: readonly number[], pending: PendingAction | null): void {
  const s = stmt(db, 'UPDATE videos SET pending = ? WHERE id = ?');
  for (const id of ids) s.run(pending, id);
}

export function setTitleAndTags(
  db: Database,
  id: number,
  title: string,
  triggers: readonly TriggerTag[],
): void {
  stmt(db, 'UPDATE videos SET title = ?, triggers = ?, tag_mask = ? WHERE id = ?').run(
    title,
    JSON.stringify(triggers),
    tagMask(triggers),
    id,
  );
}

export function processingIds(db: Database, limit: number): number[] {
  return (
    stmt(db, "SELECT id FROM videos WHERE status = 'processing' ORDER BY id DESC LIMIT ?").all(limit) as {
      id: number;
    }[]
  ).map((r) => r.id);
}

const KNOWN_TAGS = new Set<string>(TRIGGER_TAGS);
const isTag = (t: unknown): t is TriggerTag => typeof t === 'string' && KNOWN_TAGS.has(t);
const isFailureCode = (c: string | null): c is FailureCode =>
  c !== null && (FAILURE_CODES as readonly string[]).includes(c);

/** Stored JSON was validated on the way in; this re-check is cheap and drops anything foreign. */
function parseTriggers(json: string): TriggerTag[] {
  const v: unknown = JSON.parse(json);
  return Array.isArray(v) ? v.filter(isTag) : [];
}

const QUALITY_SET = new Set<string>(QUALITIES);
const isQuality = (q: unknown): q is Quality => typeof q === 'string' && QUALITY_SET.has(q);
const num = (x: unknown): number => (typeof x === 'number' && Number.isFinite(x) ? x : 0);

function parseQualities(json: string, plan: Plan | null): LibraryVideo['qualities'] {
  const v: unknown = JSON.parse(json);
  if (!Array.isArray(v)) return [];
  const out: LibraryVideo['qualities'] = [];
  for (const d of v as unknown[]) {
    if (typeof d !== 'object' || d === null || !('quality' in d) || !isQuality(d.quality)) continue;
    const r: Record<string, unknown> = { ...d };
    out.push({
      quality: d.quality,
      bytes: num(r.bytes),
      width: num(r.width),
      height: num(r.height),
      allowed: plan ? planAllowsQuality(plan, d.quality) : r.allowed === true,
    });
  }
  return out;
}

/** Maps stored rows (with their local files) to what the renderer sees. */
export function toLibraryVideos(
  db: Database,
  rows: readonly VideoRow[],
  mediaUrl: MediaUrlBuilder,
): LibraryVideo[] {
  if (rows.length === 0) return [];
  const plan = cachedPlan(db);
  const files = new Map<number, { quality: Quality; present: boolean }[]>();
  const placeholders = rows.map(() => '?').join(',');
  const local = stmt(
    db,
    `SELECT video_id, quality, missing_since IS NULL AS present FROM local_files WHERE video_id IN (${placeholders})`,
  ).all(...rows.map((r) => r.id)) as { video_id: number; quality: Quality; present: number }[];
  for (const f of local) {
    const list = files.get(f.video_id) ?? [];
    list.push({ quality: f.quality, present: f.present === 1 });
    files.set(f.video_id, list);
  }
  return rows.map((r) => {
    return {
      id: r.id,
      title: r.title,
      prompt: r.prompt,
      triggers: parseTriggers(r.triggers),
      status: r.status,
      progress: r.progress,
      failure: isFailureCode(r.failure_code)
        ? { code: r.failure_code, message: r.failure_message ?? '' }
        : null,
      creditCost: r.credit_cost,
      createdAt: new Date(r.created_at).toISOString(),
      updatedAt: new Date(r.updated_at).toISOString(),
      regeneratedFrom: r.regenerated_from,
      qualities: parseQualities(r.downloads, plan),
      thumbnailUrl: r.thumbnail_url === null ? null : mediaUrl(r.id, 'thumbnail'),
      previewUrl: r.preview_url === null ? null : mediaUrl(r.id, 'preview'),
      pending: r.pending,
      localFiles: files.get(r.id) ?? [],
    };
  });
}
