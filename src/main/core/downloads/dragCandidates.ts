// What a drag-out of videos carries: each video's best file that is really on disk.

import type { Database } from 'better-sqlite3';
import type { Quality } from '../../../shared/api/vocabulary';
import { fileIsThere } from './fileChecks';
import * as store from './store';
import type { LocalFileRow } from './store';

const QUALITY_RANK: Record<Quality, number> = { sd: 0, hd: 1, '4k': 2 };

/**
 * The best verified file (4K, then HD, then SD) of each video that is still on disk, for a drag-out.
 * Files found gone are marked missing on the way (`gone` lists their videos); videos with none are
 * returned in `missing`, in the order asked.
 */
export async function dragCandidates(
  db: Database,
  videoIds: readonly number[],
  now: number,
): Promise<{ dragged: string[]; missing: number[]; gone: number[] }> {
  const byVideo = new Map<number, LocalFileRow[]>();
  for (const f of store.localFilesFor(db, videoIds)) {
    const list = byVideo.get(f.video_id) ?? [];
    list.push(f);
    byVideo.set(f.video_id, list);
  }
  const dragged: string[] = [];
  const missing: number[] = [];
  const gone = new Set<number>();
  for (const videoId of new Set(videoIds)) {
    const files = (byVideo.get(videoId) ?? [])
      .filter((f) => f.missing_since === null)
      .sort((a, b) => QUALITY_RANK[b.quality] - QUALITY_RANK[a.quality]);
    let found: string | null = null;
    for (const f of files) {
      if (await fileIsThere(f)) {
        found = f.path;
        break;
      }
      store.setMissing(db, f.video_id, f.quality, now);
      gone.add(f.video_id);
    }
    if (found === null) missing.push(videoId);
    else dragged.push(found);
  }
  return { dragged, missing, gone: [...gone] };
}
