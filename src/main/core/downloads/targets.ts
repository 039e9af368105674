import type { Quality } from '../../../shared/api/vocabulary';
import { CoreError } from '../errors';
import type { SidecarContent } from './sidecar';

// What the queue downloads: the server's record of one video quality, and where the queue asks for it.

export interface DownloadTarget {
  videoId: number;
  quality: Quality;
  title: string;
  /** Absolute URL of the file on the server. */
  url: string;
  bytes: number;
  sha256: string;
  /** The user's plan may download this quality. */
  allowed: boolean;
  /** What a sidecar JSON would hold, written only when the setting is on. */
  sidecar: SidecarContent | null;
}

/** Where the queue learns what to download and how to authenticate (the core's cache and session). */
export interface DownloadSource {
  /** The current record of one video quality; throws CoreError not_found / conflict when unavailable. */
  describe(videoId: number, quality: Quality): Promise<DownloadTarget>;
  /**
   * The records of many videos at once (a bulk start): a target or the reason for each id. Without it,
   * describe() is asked for each.
   */
  describeMany?(videoIds: readonly number[], quality: Quality): Promise<Map<number, DownloadTarget | Error>>;
  /** Headers for each attempt (the current access token). */
  headers(): Promise<Record<string, string>> | Record<string, string>;
}

export const QUALITY_LABEL: Record<Quality, string> = { sd: 'SD', hd: 'HD', '4k': '4K' };

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** The target, or plan_required when the user's plan does not include its quality. */
export function allowedTarget(target: DownloadTarget): DownloadTarget {
  if (!target.allowed) {
    throw new CoreError(
      'plan_required',
      `Your plan does not include ${QUALITY_LABEL[target.quality]}; upgrade to download it.`,
    );
  }
  return target;
}

/** One allowed target, or the reason it cannot be downloaded. */
export async function describeTarget(
  source: DownloadSource,
  videoId: number,
  quality: Quality,
): Promise<DownloadTarget> {
  return allowedTarget(await source.describe(videoId, quality));
}

/** The allowed targets of many videos, from the source's bulk lookup where it has one. */
export async function describeTargets(
  source: DownloadSource,
  videoIds: readonly number[],
  quality: Quality,
): Promise<Map<number, DownloadTarget | Error>> {
  const out = new Map<number, DownloadTarget | Error>();
  if (videoIds.length === 0) return out;
  let found: Map<number, DownloadTarget | Error>;
  if (source.describeMany) found = await source.describeMany(videoIds, quality);
  else {
    found = new Map();
    for (const id of videoIds) {
      found.set(id, await source.describe(id, quality).catch((e: unknown) => toError(e)));
    }
  }
  for (const [id, target] of found) {
    if (target instanceof Error) {
      out.set(id, target);
      continue;
    }
    try {
      out.set(id, allowedTarget(target));
    } catch (error) {
      out.set(id, toError(error));
    }
  }
  return out;
}
