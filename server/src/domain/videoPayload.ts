import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import type {
  Download,
  Video,
  VideoListItem,
  VideoSettings,
  VideoStatusPayload,
} from '../../../src/shared/api/schemas';
import { VideoSettingsSchema } from '../../../src/shared/api/schemas';
import type { Plan, Quality, TriggerTag } from '../../../src/shared/api/vocabulary';
import { QUALITIES, TRIGGER_TAGS, planAllowsQuality } from '../../../src/shared/api/vocabulary';
import type { AssetFiles } from '../repo/assetFiles';
import type { VideoRow } from '../repo/videos';

const TriggersJson = z.array(z.enum(TRIGGER_TAGS));

// A library has few distinct trigger lists, so each JSON text is parsed and checked once per process.
const triggerCache = new LRUCache<string, readonly TriggerTag[]>({ max: 5000 });

export function parseTriggers(json: string): TriggerTag[] {
  let hit = triggerCache.get(json);
  if (!hit) {
    hit = TriggersJson.parse(JSON.parse(json));
    triggerCache.set(json, hit);
  }
  return [...hit];
}

/** Settings are returned exactly as they were received (unknown fields included). */
export function parseSettings(json: string): VideoSettings {
  const raw: unknown = JSON.parse(json);
  // Validated, but the original object is returned: zod's output would reorder the keys.
  if (isSettings(raw)) return raw;
  throw new Error(
    `Stored settings are not valid: ${VideoSettingsSchema.safeParse(raw).error?.message ?? ''}`,
  );
}

const ASPECTS: readonly unknown[] = ['16:9', '9:16', '1:1'];

/**
 * The stored text was validated by VideoSettingsSchema when it was written; on the read path (every
 * card of every list page) a structural check of the known fields is enough and much cheaper.
 */
function isSettings(v: unknown): v is VideoSettings {
  return (
    typeof v === 'object' &&
    v !== null &&
    'model_version' in v &&
    typeof v.model_version === 'string' &&
    'duration_s' in v &&
    Number.isInteger(v.duration_s) &&
    'aspect_ratio' in v &&
    ASPECTS.includes(v.aspect_ratio) &&
    'seed' in v &&
    Number.isInteger(v.seed)
  );
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Media URLs are paths relative to the server's origin; every one of them checks ownership. */
export const mediaPaths = {
  thumbnail: (id: number) => `/api/videos/${id}/thumbnail`,
  preview: (id: number) => `/api/videos/${id}/preview`,
  download: (id: number, q: Quality) => `/api/videos/${id}/download/${q}`,
};

export function toVideo(row: VideoRow, plan: Plan, asset: AssetFiles | undefined): Video {
  const ready = row.status === 'ready' && asset !== undefined;
  const downloads: Download[] = [];
  if (ready) {
    for (const q of QUALITIES) {
      const f = asset.files.get(q);
      if (!f) continue;
      downloads.push({
        quality: q,
        url: mediaPaths.download(row.id, q),
        bytes: f.bytes,
        sha256: f.sha256,
        width: f.width,
        height: f.height,
        allowed: planAllowsQuality(plan, q),
      });
    }
  }
  const best = downloads.filter((d) => d.allowed).at(-1);
  return {
    id: row.id,
    title: row.title,
    prompt: row.prompt,
    // Until the wire format carries tags of its own, `triggers` shows the user's labels (what PATCH
    // edits and filters test); the generation's own triggers stay in the row for renders and regenerates.
    triggers: parseTriggers(row.tags ?? row.triggers),
    settings: parseSettings(row.settings),
    status: row.status,
    progress: row.status === 'processing' ? Math.min(1, Math.max(0, row.progress ?? 0)) : null,
    failure:
      row.status === 'failed' && row.failure_code
        ? { code: row.failure_code, message: row.failure_message ?? '' }
        : null,
    credit_cost: row.credit_cost,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
    thumbnail_url: ready && asset.files.has('thumbnail') ? mediaPaths.thumbnail(row.id) : null,
    preview_url: ready && asset.files.has('preview') ? mediaPaths.preview(row.id) : null,
    download_url: best?.url ?? null,
    downloads,
    regenerated_from: row.regenerated_from,
  };
}

/** The list page's form of a video: no per-file checksums (a download reads the full record). */
export function toListItem(v: Video): VideoListItem {
  return {
    ...v,
    downloads: v.downloads.map((d) => ({
      quality: d.quality,
      url: d.url,
      bytes: d.bytes,
      width: d.width,
      height: d.height,
      allowed: d.allowed,
    })),
  };
}

export function toStatus(row: VideoRow): VideoStatusPayload {
  const v = toVideo(row, 'free', undefined);
  return { id: v.id, status: v.status, progress: v.progress, failure: v.failure, updated_at: v.updated_at };
}
