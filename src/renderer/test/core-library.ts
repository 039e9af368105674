import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { Video } from '../../shared/api/schemas';
import type { LibraryVideo } from '../../shared/ipc/models';
import { indexPendingBatch } from '../../main/core/cache/fts-indexer';
import { Library } from '../../main/core/cache/library';
import { openCache } from '../../main/core/cache/open';
import { deleteVideo, setPending, upsertVideo } from '../../main/core/cache/videos';

// The library half of the component tests' api runs on the app's real core: a real SQLite cache
// file (the core's own migrations), written through the core's cache functions and read through its
// Library, so sorting (NOCASE, tie order), filtering and full-text search are the app's, not a copy.

const open = new Set<CoreLibrary>();

/** A LibraryVideo as the server would have sent it. */
function asServerVideo(v: LibraryVideo): Video {
  return {
    id: v.id,
    title: v.title,
    prompt: v.prompt,
    triggers: v.triggers,
    settings: { model_version: 'asmr-2', duration_s: 8, aspect_ratio: '16:9', seed: v.id },
    status: v.status,
    progress: v.progress,
    failure: v.failure,
    credit_cost: v.creditCost,
    created_at: v.createdAt,
    updated_at: v.updatedAt,
    thumbnail_url: v.thumbnailUrl,
    preview_url: v.previewUrl,
    download_url: null,
    downloads: v.qualities.map((q) => ({
      ...q,
      url: `/media/${v.id}/${q.quality}.mp4`,
      sha256: '0'.repeat(64),
    })),
    regenerated_from: v.regeneratedFrom,
  };
}

export class CoreLibrary {
  private readonly dir = mkdtempSync(join(tmpdir(), 'aiasmr-renderer-'));
  readonly db: Database = openCache(join(this.dir, 'cache.db')).db;
  readonly library: Library;

  constructor() {
    this.library = new Library(this.db, (id, kind) =>
      kind === 'thumbnail' ? `/media/${id}/thumbnail.jpg` : `/media/${id}/preview.mp4`,
    );
    open.add(this);
  }

  /** Writes these videos as the cache holds them (`ids` null: the whole library, removals too). */
  write(videos: readonly LibraryVideo[], ids: readonly number[] | null): void {
    const byId = new Map(videos.map((v) => [v.id, v]));
    const targets = ids ?? [
      ...new Set([...byId.keys(), ...(this.db.prepare('SELECT id FROM videos').pluck().all() as number[])]),
    ];
    this.db.transaction(() => {
      for (const id of targets) {
        const v = byId.get(id);
        if (!v) {
          deleteVideo(this.db, id);
          continue;
        }
        upsertVideo(this.db, asServerVideo(v));
        setPending(this.db, [id], v.pending);
        this.db.prepare('DELETE FROM local_files WHERE video_id = ?').run(id);
        for (const f of v.localFiles) {
          // The download queue records verified files this way (downloads/store.ts completeDownload).
          this.db
            .prepare(
              `INSERT INTO local_files (video_id, quality, path, bytes, sha256, verified_at, missing_since)
               VALUES (?, ?, ?, 1, ?, 0, ?)`,
            )
            .run(id, f.quality, `/downloads/${id}-${f.quality}.mp4`, '0'.repeat(64), f.present ? null : 0);
        }
      }
    })();
    while (indexPendingBatch(this.db, 1000) > 0);
    this.library.invalidate();
  }

  close(): void {
    open.delete(this);
    this.db.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Closes every library the tests opened (setup.ts calls it after each test). */
export function closeCoreLibraries(): void {
  for (const library of open) library.close();
}
