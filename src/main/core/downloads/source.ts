import { z } from 'zod';
import { DownloadSchema, VideoSettingsSchema, type Video } from '../../../shared/api/schemas';
import { TRIGGER_TAGS, type Quality } from '../../../shared/api/vocabulary';
import type { Account } from '../account';
import { OfflineError } from '../api/errors';
import { getVideoRow } from '../cache/videos';
import { CoreError } from '../errors';
import type { DownloadSource, DownloadTarget } from './queue';

// Where the queue learns what to download: the server's current record of the video (its file may have
// been re-rendered since the last sync), or the cached one when offline. The bearer token is read at
// every attempt, so a refreshed token is used when a long download resumes.

const DownloadsJson = z.array(DownloadSchema);
const TriggersJson = z.array(z.enum(TRIGGER_TAGS));

type VideoRecord = Pick<
  Video,
  'id' | 'title' | 'prompt' | 'triggers' | 'settings' | 'status' | 'downloads' | 'created_at'
>;

function cached(account: Account, videoId: number): VideoRecord | null {
  const row = getVideoRow(account.db, videoId);
  if (!row) return null;
  return {
    id: row.id,
    title: row.title,
    prompt: row.prompt,
    triggers: TriggersJson.parse(JSON.parse(row.triggers)),
    settings: VideoSettingsSchema.parse(JSON.parse(row.settings)),
    status: row.status,
    downloads: DownloadsJson.parse(JSON.parse(row.downloads)),
    created_at: new Date(row.created_at).toISOString(),
  };
}

export function accountDownloadSource(account: Account): DownloadSource {
  const client = account.api.client;
  return {
    async describe(videoId: number, quality: Quality): Promise<DownloadTarget> {
      let video: VideoRecord | null;
      try {
        video = await account.api.video(videoId);
      } catch (error) {
        if (!(error instanceof OfflineError)) throw error;
        video = cached(account, videoId);
        if (!video) throw error;
      }
      if (video.status !== 'ready') {
        throw new CoreError(
          'conflict',
          `"${video.title}" is ${video.status}; it can be downloaded once it is ready.`,
        );
      }
      const file = video.downloads.find((d) => d.quality === quality);
      if (!file) throw new CoreError('not_found', `"${video.title}" has no ${quality.toUpperCase()} file.`);
      return {
        videoId,
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
    },
    headers: () => client.authHeaders(client.baseUrl),
  };
}
