import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

// The optional JSON written next to a downloaded video (a setting), so the prompt, the generation
// settings and the tags travel with the file into an editor's project folder.

export const SidecarSchema = z.object({
  id: z.number().int(),
  title: z.string(),
  prompt: z.string(),
  tags: z.array(z.string()),
  settings: z.record(z.string(), z.unknown()),
  quality: z.string(),
  sha256: z.string(),
  createdAt: z.string(),
});
export type SidecarContent = z.infer<typeof SidecarSchema>;

/** The sidecar's name for a video file: the same stem with ".json". */
export function sidecarName(videoFileName: string): string {
  const dot = videoFileName.lastIndexOf('.');
  return `${dot > 0 ? videoFileName.slice(0, dot) : videoFileName}.json`;
}

/** Writes the sidecar atomically (temp file, then rename) and returns its path. */
export async function writeSidecar(
  folder: string,
  videoFileName: string,
  content: SidecarContent,
): Promise<string> {
  const path = join(folder, sidecarName(videoFileName));
  const temp = `${path}.tmp`;
  await writeFile(temp, `${JSON.stringify(content, null, 2)}\n`, { encoding: 'utf8', mode: 0o644 });
  await rename(temp, path);
  return path;
}

/** Writes the sidecar a download recorded (as JSON text) next to its finished file. */
export async function writeRecordedSidecar(
  folder: string,
  videoFileName: string,
  recorded: string,
): Promise<string> {
  return await writeSidecar(folder, videoFileName, SidecarSchema.parse(JSON.parse(recorded)));
}
