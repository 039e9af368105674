import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Database } from 'better-sqlite3';
import got, { RequestError } from 'got';
import { ApiRequestError, AuthError, BadResponseError, OfflineError } from '../api/errors';
import type { ApiClient } from '../api/client';
import { stmt } from '../../../shared/sqlite/statements';
import { getVideoRow, type MediaKind } from '../cache/videos';

interface MediaRow {
  video_id: number;
  kind: MediaKind;
  file: string;
  mime: string;
  bytes: number;
  last_used: number;
}

const MAX_FILE_BYTES = 64 * 1024 * 1024;
const ALLOWED_MIME = /^(image\/(jpeg|png|webp)|video\/(mp4|webm))$/;

/**
 * Thumbnails and preview loops on disk, fetched with the user's token, kept under a size cap by evicting
 * the least recently used, and served from disk offline once fetched.
 */
export class MediaCache {
  private readonly inflight = new Map<string, Promise<{ file: string; mime: string } | null>>();

  constructor(
    private readonly db: Database,
    private readonly dir: string,
    private readonly client: ApiClient,
    private readonly capBytes: () => number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The local file for a video's thumbnail or preview, fetching it if needed; null if it has none. */
  async resolve(id: number, kind: MediaKind): Promise<{ file: string; mime: string } | null> {
    const row = stmt(this.db, 'SELECT * FROM media_files WHERE video_id = ? AND kind = ?').get(id, kind) as
      MediaRow | undefined;
    if (row) {
      const path = join(this.dir, row.file);
      if (await exists(path)) {
        stmt(this.db, 'UPDATE media_files SET last_used = ? WHERE video_id = ? AND kind = ?').run(
          this.now(),
          id,
          kind,
        );
        return { file: path, mime: row.mime };
      }
      stmt(this.db, 'DELETE FROM media_files WHERE video_id = ? AND kind = ?').run(id, kind);
    }
    const key = `${id}-${kind}`;
    let pending = this.inflight.get(key);
    if (!pending) {
      pending = this.fetch(id, kind).finally(() => this.inflight.delete(key));
      this.inflight.set(key, pending);
    }
    return pending;
  }

  async clear(): Promise<{ bytesFreed: number }> {
    const rows = stmt(this.db, 'SELECT * FROM media_files').all() as MediaRow[];
    let bytesFreed = 0;
    for (const r of rows) {
      await rm(join(this.dir, r.file), { force: true });
      bytesFreed += r.bytes;
    }
    stmt(this.db, 'DELETE FROM media_files').run();
    return { bytesFreed };
  }

  /**
   * Removes the files of deleted videos (moved to `media_trash` by the cache's delete trigger). A file
   * that a row names again is kept.
   */
  async sweep(): Promise<number> {
    const trashed = stmt(this.db, 'SELECT file FROM media_trash').all() as { file: string }[];
    let removed = 0;
    for (const { file } of trashed) {
      const inUse = stmt(this.db, 'SELECT 1 FROM media_files WHERE file = ?').get(file) !== undefined;
      if (!inUse) {
        await rm(join(this.dir, file), { force: true });
        removed++;
      }
      stmt(this.db, 'DELETE FROM media_trash WHERE file = ?').run(file);
    }
    return removed;
  }

  usedBytes(): number {
    return (stmt(this.db, 'SELECT coalesce(sum(bytes), 0) AS n FROM media_files').get() as { n: number }).n;
  }

  private async fetch(id: number, kind: MediaKind): Promise<{ file: string; mime: string } | null> {
    const video = getVideoRow(this.db, id);
    const path = kind === 'thumbnail' ? video?.thumbnail_url : video?.preview_url;
    if (!path) return null;
    await mkdir(this.dir, { recursive: true });
    const name = `${id}-${kind}`;
    const part = join(this.dir, `${name}.part`);
    const url = this.client.url(path);
    const stream = got.stream(url, {
      headers: this.client.authHeaders(url),
      retry: { limit: 0 },
      throwHttpErrors: false,
      timeout: { connect: 5_000, socket: 20_000 },
    });
    let mime = '';
    let bytes = 0;
    const response = new Promise<void>((resolve, reject) => {
      stream.once(
        'response',
        (res: { statusCode: number; headers: Record<string, string | string[] | undefined> }) => {
          const type =
            String(res.headers['content-type'] ?? '')
              .split(';')[0]
              ?.trim() ?? '';
          if (res.statusCode === 401)
            reject(new AuthError('revoked', 'Your session is no longer valid. Please sign in again.'));
          else if (res.statusCode === 404)
            reject(new ApiRequestError(404, 'not_found', `Video ${id} has no ${kind}.`));
          else if (res.statusCode !== 200)
            reject(new OfflineError(`The server answered ${res.statusCode} for the ${kind} of video ${id}.`));
          else if (!ALLOWED_MIME.test(type))
            reject(new BadResponseError(`the ${kind} of video ${id}`, `unexpected type "${type}"`));
          else {
            mime = type;
            resolve();
          }
        },
      );
    });
    const cap = new Transform({
      transform(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        if (bytes > MAX_FILE_BYTES)
          done(new BadResponseError(`the ${kind} of video ${id}`, 'it is too large'));
        else done(null, chunk);
      },
    });
    try {
      await Promise.all([response, pipeline(stream, cap, createWriteStream(part))]);
    } catch (err) {
      stream.destroy();
      await rm(part, { force: true });
      if (err instanceof RequestError)
        throw new OfflineError(`The ${kind} of video ${id} could not be fetched (${err.code}).`, {
          cause: err,
        });
      throw err;
    }
    await rename(part, join(this.dir, name));
    // Recorded only while the video is still in the cache: one deleted during the fetch keeps no media.
    const recorded = stmt(
      this.db,
      `INSERT INTO media_files (video_id, kind, file, mime, bytes, last_used)
       SELECT ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM videos WHERE id = ?)
       ON CONFLICT(video_id, kind) DO UPDATE SET file = excluded.file, mime = excluded.mime,
         bytes = excluded.bytes, last_used = excluded.last_used`,
    ).run(id, kind, name, mime, bytes, this.now(), id);
    if (recorded.changes === 0) {
      await rm(join(this.dir, name), { force: true });
      return null;
    }
    await this.evict(`${name}`);
    return { file: join(this.dir, name), mime };
  }

  /** Removes least recently used files until the cache fits its cap (never the one just fetched). */
  private async evict(keep: string): Promise<void> {
    const cap = this.capBytes();
    let used = this.usedBytes();
    if (used <= cap) return;
    const rows = stmt(this.db, 'SELECT * FROM media_files ORDER BY last_used, video_id').all() as MediaRow[];
    for (const r of rows) {
      if (used <= cap) break;
      if (r.file === keep) continue;
      await rm(join(this.dir, r.file), { force: true });
      stmt(this.db, 'DELETE FROM media_files WHERE video_id = ? AND kind = ?').run(r.video_id, r.kind);
      used -= r.bytes;
    }
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
