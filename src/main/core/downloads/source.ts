import { z } from 'zod';
import { DownloadSchema, VideoSettingsSchema, type Video } from '../../../shared/api/schemas';
import { TRIGGER_TAGS, planAllowsQuality, type Plan, type Quality } from '../../../shared/api/vocabulary';
import type { Account } from '../account';
import type { ApiClient } from '../api/client';
import { AuthError, OfflineError } from '../api/errors';
import { cachedPlan } from '../cache/meta';
import type { VideoRow } from '../cache/videos';
import { CoreError } from '../errors';
import type { DownloadSource, DownloadTarget } from './targets';
import { cachedVideoRows } from './store';

// Where the queue learns what to download. A bulk start reads the cache (kept current by the live
// sync) in one query for all its videos, and asks the server only about those the cache cannot serve
// (not there, not ready, without that quality, or above the current plan: the cache's flags are
// re-derived from the plan of the last credit summary, since a plan change does not resend videos). A retry asks the server for the current record (the file may have been
// re-rendered), or uses the cached one when offline. The bearer token is read at every attempt, so a
// refreshed token is used when a long download resumes.

const DownloadsJson = z.array(DownloadSchema);
const TriggersJson = z.array(z.enum(TRIGGER_TAGS));

type VideoRecord = Pick<
  Video,
  'id' | 'title' | 'prompt' | 'triggers' | 'settings' | 'status' | 'downloads' | 'created_at'
>;

/** A cached record, its downloads gated by the current plan (`plan`, when known) rather than the one it was synced under. */
function fromRow(row: VideoRow, plan: Plan | null): VideoRecord {
  const downloads = DownloadsJson.parse(JSON.parse(row.downloads));
  return {
    id: row.id,
    title: row.title,
    prompt: row.prompt,
    triggers: TriggersJson.parse(JSON.parse(row.triggers)),
    settings: VideoSettingsSchema.parse(JSON.parse(row.settings)),
    status: row.status,
    downloads: plan
      ? downloads.map((d) => ({ ...d, allowed: planAllowsQuality(plan, d.quality) }))
      : downloads,
    created_at: new Date(row.created_at).toISOString(),
  };
}

/** The target of one quality of a record, or the reason it cannot be downloaded. */
function targetOf(client: ApiClient, video: VideoRecord, quality: Quality): DownloadTarget {
  if (video.status !== 'ready') {
    throw new CoreError(
      'conflict',
      `"${video.title}" is ${video.status}; it can be downloaded once it is ready.`,
    );
  }
  const file = video.downloads.find((d) => d.quality === quality);
  if (!file) throw new CoreError('not_found', `"${video.title}" has no ${quality.toUpperCase()} file.`);
  return {
    videoId: video.id,
    quality,
    title: video.title,
    url: client.url(file.url),
    bytes: file.bytes,
    sha256: file.sha256,
    allowed: file.allowed,
    sidecar: {
      id: video.id,
      title: video.title,
      prompt: video.prompt,
      tags: video.triggers,
      settings: video.settings,
      quality,
      sha256: file.sha256,
      createdAt: video.created_at,
    },
  };
}

/** A cached record good enough to start from: ready, with the quality, allowed by the plan. */
function servable(
  client: ApiClient,
  row: VideoRow,
  plan: Plan | null,
  quality: Quality,
): DownloadTarget | null {
  try {
    const target = targetOf(client, fromRow(row, plan), quality);
    return target.allowed ? target : null;
  } catch {
    return null;
  }
}

export function accountDownloadSource(account: Account): DownloadSource {
  const client = account.api.client;

  async function fresh(videoId: number): Promise<VideoRecord> {
    try {
      return await account.api.video(videoId);
    } catch (error) {
      // A 401 here ends the session like anywhere else in the core (the user is asked to sign in).
      if (error instanceof AuthError) account.options.onAuthError(error);
      if (!(error instanceof OfflineError)) throw error;
      const row = cachedVideoRows(account.db, [videoId])[0];
      if (!row) throw error;
      return fromRow(row, cachedPlan(account.db));
    }
  }

  return {
    async describe(videoId, quality) {
      return targetOf(client, await fresh(videoId), quality);
    },
    async describeMany(videoIds, quality) {
      const out = new Map<number, DownloadTarget | Error>();
      const rows = new Map(cachedVideoRows(account.db, videoIds).map((r) => [r.id, r]));
      const plan = cachedPlan(account.db);
      let signedOut: AuthError | null = null;
      for (const videoId of videoIds) {
        const row = rows.get(videoId);
        const cached = row ? servable(client, row, plan, quality) : null;
        if (cached) {
          out.set(videoId, cached);
          continue;
        }
        // Once the server said the session ended, asking it about the rest would only repeat that.
        if (signedOut) {
          out.set(videoId, signedOut);
          continue;
        }
        try {
          out.set(videoId, targetOf(client, await fresh(videoId), quality));
        } catch (error) {
          if (error instanceof AuthError) signedOut = error;
          out.set(videoId, error instanceof Error ? error : new Error(String(error)));
        }
      }
      return out;
    },
    headers: () => client.authHeaders(client.baseUrl),
  };
}
