import { join } from 'node:path';
import type { Quality } from '../../../shared/api/vocabulary';
import { nodeDownloadFs } from './downloadFs';
import { pathInside, safeFileName, uniqueFileName } from './filenames';
import { QUALITY_LABEL } from './targets';

/**
 * The file name for a new download of `title`: "Title (HD).mp4", made safe on every OS, and free of
 * any file in the folder, any part file, and any name `reserved` by another download.
 */
export async function freeDownloadName(
  dir: string,
  title: string,
  quality: Quality,
  reserved: ReadonlySet<string>,
): Promise<string> {
  const name = await uniqueFileName(
    safeFileName(`${title} (${QUALITY_LABEL[quality]})`, '.mp4'),
    async (candidate) =>
      reserved.has(candidate) ||
      (await nodeDownloadFs.exists(join(dir, candidate))) ||
      (await nodeDownloadFs.exists(join(dir, `${candidate}.part`))),
  );
  // A last guard: whatever the title, the file lands in the download folder and nowhere else.
  pathInside(dir, name);
  return name;
}
