import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import {
  RenderAbortedError,
  renderAsset,
  renderKeyFor,
  type RenderInputs,
  type RenderedFile,
} from './render';
import { nextId } from '../repo/ids';

// An asset is one rendered set of media shared by every video with the same render inputs. Rows are
// written only once every file is on disk under its final directory, so a crash or a failed render
// never leaves a `ready` row without files. Renders happen in `<mediaDir>/.tmp-*` and the directory is
// renamed into place; directory names carry a random suffix so two processes rendering the same key
// can never write into each other's folder (the loser of the race removes its copy). A bulk writer (the
// seed) may insert a `pending` row and complete it in the same transaction once the files are in place.

export class AssetRenderError extends Error {
  constructor(
    readonly renderKey: string,
    cause: unknown,
  ) {
    super(`Rendering media ${renderKey} failed: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.name = 'AssetRenderError';
  }
}

const inFlight = new WeakMap<Database, Map<string, Promise<number>>>();

export function readyAssetId(db: Database, renderKey: string): number | undefined {
  const row = db.prepare("SELECT id FROM assets WHERE render_key = ? AND status = 'ready'").get(renderKey) as
    { id: number } | undefined;
  return row?.id;
}

function recordAsset(
  db: Database,
  renderKey: string,
  dir: string,
  files: RenderedFile[],
): number | undefined {
  return db.transaction(() => {
    const existing = readyAssetId(db, renderKey);
    if (existing !== undefined) return undefined;
    // A non-ready row (pending or failed, e.g. written by another tool) is replaced by this render.
    db.prepare("DELETE FROM assets WHERE render_key = ? AND status <> 'ready'").run(renderKey);
    const { id } = db
      .prepare(
        "INSERT INTO assets (id, render_key, status, dir, created_at) VALUES (?, ?, 'ready', ?, ?) RETURNING id",
      )
      .get(nextId(db, 'assets'), renderKey, dir, Date.now()) as { id: number };
    const insertFile = db.prepare(
      `INSERT INTO asset_files (asset_id, kind, file, mime, bytes, sha256, etag, width, height)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const f of files)
      insertFile.run(id, f.kind, f.file, f.mime, f.bytes, f.sha256, f.etag, f.width, f.height);
    return id;
  })();
}

/**
 * Renders into a temporary folder under `mediaDir` and renames it into place. Returns the final
 * folder name (relative to mediaDir) and the files; writes no database row. On failure nothing is left.
 * Aborting `signal` kills the render and rejects with RenderAbortedError (not an AssetRenderError).
 */
export async function renderIntoMediaDir(
  mediaDir: string,
  inputs: RenderInputs,
  maxSeconds: number,
  niceness?: number,
  signal?: AbortSignal,
): Promise<{ dir: string; files: RenderedFile[] }> {
  const renderKey = renderKeyFor(inputs);
  await mkdir(mediaDir, { recursive: true });
  const dir = `${renderKey}-${randomBytes(4).toString('hex')}`;
  const tmp = join(mediaDir, `.tmp-${dir}`);
  try {
    await mkdir(tmp);
    const files = await renderAsset(inputs, tmp, { maxSeconds, niceness, signal });
    await rename(tmp, join(mediaDir, dir));
    return { dir, files };
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    await rm(join(mediaDir, dir), { recursive: true, force: true });
    if (err instanceof RenderAbortedError) throw err;
    throw new AssetRenderError(renderKey, err);
  }
}

/** Marks a row written earlier as pending ready, with its files, in the caller's transaction. */
export function completePendingAsset(
  db: Database,
  assetId: number,
  dir: string,
  files: RenderedFile[],
): void {
  const changed = db
    .prepare("UPDATE assets SET status = 'ready', dir = ? WHERE id = ? AND status = 'pending'")
    .run(dir, assetId).changes;
  if (changed !== 1) throw new Error(`Asset ${assetId} is not pending`);
  insertFiles(db, assetId, files);
}

function insertFiles(db: Database, assetId: number, files: RenderedFile[]): void {
  const insertFile = db.prepare(
    `INSERT INTO asset_files (asset_id, kind, file, mime, bytes, sha256, etag, width, height)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const f of files)
    insertFile.run(assetId, f.kind, f.file, f.mime, f.bytes, f.sha256, f.etag, f.width, f.height);
}

async function renderAndRecord(
  db: Database,
  mediaDir: string,
  inputs: RenderInputs,
  renderKey: string,
  maxSeconds: number,
  signal: AbortSignal | undefined,
): Promise<number> {
  const { dir, files } = await renderIntoMediaDir(mediaDir, inputs, maxSeconds, undefined, signal);
  let id: number | undefined;
  try {
    id = recordAsset(db, renderKey, dir, files);
  } catch (err) {
    await rm(join(mediaDir, dir), { recursive: true, force: true });
    throw new AssetRenderError(renderKey, err);
  }
  if (id !== undefined) return id;
  // Another process finished the same key first: keep theirs, drop ours.
  await rm(join(mediaDir, dir), { recursive: true, force: true });
  const winner = readyAssetId(db, renderKey);
  if (winner === undefined) throw new AssetRenderError(renderKey, new Error('the asset row disappeared'));
  return winner;
}

/**
 * The id of the ready asset for these inputs, rendering it first when there is none. Concurrent calls
 * for the same key in this process share one render. Throws AssetRenderError when the render fails,
 * RenderAbortedError when `signal` (of the call that started the shared render) stopped it.
 */
export async function ensureAsset(
  db: Database,
  mediaDir: string,
  inputs: RenderInputs,
  opts: { maxSeconds: number; signal?: AbortSignal },
): Promise<number> {
  const renderKey = renderKeyFor(inputs);
  const existing = readyAssetId(db, renderKey);
  if (existing !== undefined) return existing;
  let pending = inFlight.get(db);
  if (!pending) {
    pending = new Map();
    inFlight.set(db, pending);
  }
  const running = pending.get(renderKey);
  if (running) return running;
  const job = renderAndRecord(db, mediaDir, inputs, renderKey, opts.maxSeconds, opts.signal).finally(() => {
    pending.delete(renderKey);
  });
  pending.set(renderKey, job);
  return job;
}

/**
 * Deletes the asset (rows, then files) when no video references it. Returns whether it was deleted.
 * The check and the row deletion run in one transaction, so a video inserted concurrently on the same
 * connection either keeps the asset alive or is refused by the foreign key.
 */
export async function deleteAssetIfUnused(db: Database, mediaDir: string, assetId: number): Promise<boolean> {
  const dir = db.transaction(() => {
    const used = db.prepare('SELECT 1 FROM videos WHERE asset_id = ? LIMIT 1').get(assetId);
    if (used) return undefined;
    const row = db.prepare('DELETE FROM assets WHERE id = ? RETURNING dir').get(assetId) as
      { dir: string } | undefined;
    return row?.dir;
  })();
  if (dir === undefined) return false;
  // `dir` comes from our own rows, but a path separator in it would escape the media folder.
  if (dir === '' || dir.includes('/') || dir.includes('\\') || dir.startsWith('.')) return true;
  await rm(join(mediaDir, dir), { recursive: true, force: true });
  return true;
}
