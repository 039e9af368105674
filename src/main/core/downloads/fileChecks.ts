import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { nodeDownloadFs } from './downloadFs';
import * as store from './store';
import type { DownloadRow, LocalFileRow } from './store';

// Downloaded files on disk: are they still there, and is a file left by a stopped process already
// the finished download.

/** The recorded file is on disk with its verified size (a moved or replaced file is not). */
export async function fileIsThere(f: LocalFileRow): Promise<boolean> {
  try {
    const s = await stat(f.path);
    return s.isFile() && s.size === f.bytes;
  } catch {
    return false;
  }
}

/**
 * Checks that every recorded file is still on disk with its size; marks the missing ones (and those
 * back again). Returns the videos whose state changed.
 */
export async function checkLocalFiles(db: Database, now: number): Promise<number[]> {
  const changed = new Set<number>();
  for (const f of store.localFiles(db)) {
    const present = await fileIsThere(f);
    if (present && f.missing_since !== null) store.setMissing(db, f.video_id, f.quality, null);
    else if (!present && f.missing_since === null) store.setMissing(db, f.video_id, f.quality, now);
    else continue;
    changed.add(f.video_id);
  }
  return [...changed];
}

/**
 * A download that finished just as the process was stopping has its file in place and no part, but
 * its row still says queued: the file is taken as done once its checksum is proven.
 */
export async function adoptFinishedFile(
  r: DownloadRow,
): Promise<{ path: string; bytes: number; sha256: string } | null> {
  const path = join(r.dest_dir, r.file_name);
  if (await nodeDownloadFs.exists(`${path}.part`)) return null;
  const size = await nodeDownloadFs.size(path).catch(() => null);
  if (size !== r.bytes_total) return null;
  const hash = createHash('sha256');
  try {
    for await (const chunk of nodeDownloadFs.readStream(path)) hash.update(chunk);
  } catch {
    return null;
  }
  const sha256 = hash.digest('hex');
  return sha256 === r.sha256 ? { path, bytes: size, sha256 } : null;
}
