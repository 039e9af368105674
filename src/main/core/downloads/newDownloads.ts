import type { Database } from 'better-sqlite3';
import type { Quality } from '../../../shared/api/vocabulary';
import { CoreError } from '../errors';
import { freeDownloadName } from './downloadName';
import * as store from './store';
import type { DownloadTarget } from './targets';

/**
 * The rows for new downloads of `videoIds`, from their described targets: each with a file name of
 * its own in the folder (none shared within the batch or with a live download's part file), and the
 * sidecar recorded when the setting is on. Videos that cannot be planned come back in `failures`.
 */
export async function planNewDownloads(
  db: Database,
  videoIds: readonly number[],
  targets: ReadonlyMap<number, DownloadTarget | Error>,
  quality: Quality,
  folder: { downloadDir: string; writeSidecar: boolean },
): Promise<{ planned: store.NewDownload[]; failures: Map<number, unknown> }> {
  const reserved = store.reservedNames(db, folder.downloadDir);
  const planned: store.NewDownload[] = [];
  const failures = new Map<number, unknown>();
  for (const videoId of videoIds) {
    try {
      const target = targets.get(videoId);
      if (target === undefined || target instanceof Error) {
        throw target ?? new CoreError('not_found', `Video ${videoId} was not found.`);
      }
      const fileName = await freeDownloadName(folder.downloadDir, target.title, quality, reserved);
      reserved.add(fileName);
      planned.push({
        videoId,
        quality,
        title: target.title,
        url: target.url,
        destDir: folder.downloadDir,
        fileName,
        bytesTotal: target.bytes,
        sha256: target.sha256,
        sidecar: folder.writeSidecar && target.sidecar ? JSON.stringify(target.sidecar) : null,
      });
    } catch (error) {
      failures.set(videoId, error);
    }
  }
  return { planned, failures };
}
