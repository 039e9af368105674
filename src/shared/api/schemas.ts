import { z } from 'zod';
import {
  CREDIT_PACK_IDS,
  ERROR_CODES,
  FAILURE_CODES,
  PLANS,
  QUALITIES,
  TRIGGER_TAGS,
  VIDEO_STATUSES,
} from './vocabulary';
import { boundedJson, text, type JsonBounds } from './wellFormed';

// The wire format of the reference API. The server types its routes with these schemas and the desktop
// core validates every response with them, so the two can never drift apart silently.

export const VideoIdSchema = z.number().int().positive();
export const IsoDateSchema = z.iso.datetime({ offset: true });

/** Generation settings are stored and returned verbatim: known fields are checked, unknown ones kept. */
export const VideoSettingsSchema = z.looseObject({
  model_version: text().min(1).max(64),
  duration_s: z.number().int().min(2).max(120),
  aspect_ratio: z.enum(['16:9', '9:16', '1:1']),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1),
});
export type VideoSettings = z.infer<typeof VideoSettingsSchema>;

export const FailureSchema = z.object({
  code: z.enum(FAILURE_CODES),
  message: z.string(),
});

export const DownloadSchema = z.object({
  quality: z.enum(QUALITIES),
  url: z.string(),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** Whether the caller's plan may download this quality; the server answers 403 otherwise. */
  allowed: z.boolean(),
});
export type Download = z.infer<typeof DownloadSchema>;

export const VideoSchema = z.object({
  id: VideoIdSchema,
  title: z.string(),
  prompt: z.string(),
  triggers: z.array(z.enum(TRIGGER_TAGS)),
  settings: VideoSettingsSchema,
  status: z.enum(VIDEO_STATUSES),
  /** 0..1 while processing, null otherwise. */
  progress: z.number().min(0).max(1).nullable(),
  failure: FailureSchema.nullable(),
  credit_cost: z.number().int().nonnegative(),
  created_at: IsoDateSchema,
  updated_at: IsoDateSchema,
  thumbnail_url: z.string().nullable(),
  preview_url: z.string().nullable(),
  /** The best quality the caller's plan may download, or null while not ready. */
  download_url: z.string().nullable(),
  downloads: z.array(DownloadSchema),
  regenerated_from: VideoIdSchema.nullable(),
});
export type Video = z.infer<typeof VideoSchema>;

/**
 * A video as a list page carries it: the full record minus each download's sha256, which only a
 * download needs (it reads the video's own record or the change feed); pages are a fifth lighter.
 */
export const VideoListItemSchema = VideoSchema.extend({
  downloads: z.array(DownloadSchema.omit({ sha256: true })),
});
export type VideoListItem = z.infer<typeof VideoListItemSchema>;

export const VideoListSchema = z.object({
  items: z.array(VideoListItemSchema),
  total: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative(),
  limit: z.number().int().positive(),
  /** Opaque cursor for the page after this one (keyset pagination), or null at the end. */
  next_cursor: z.string().nullable(),
});
export type VideoList = z.infer<typeof VideoListSchema>;

export const ChangeSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('upsert'), seq: z.number().int().positive(), video: VideoSchema }),
  z.object({ type: z.literal('delete'), seq: z.number().int().positive(), id: VideoIdSchema }),
]);
export type Change = z.infer<typeof ChangeSchema>;

export const ChangesSchema = z.object({
  changes: z.array(ChangeSchema),
  /** Pass back as `since` to continue; unchanged when nothing new. */
  next_cursor: z.string(),
  has_more: z.boolean(),
});
export type Changes = z.infer<typeof ChangesSchema>;

export const VideoStatusSchema = z.object({
  id: VideoIdSchema,
  status: z.enum(VIDEO_STATUSES),
  progress: z.number().min(0).max(1).nullable(),
  failure: FailureSchema.nullable(),
  updated_at: IsoDateSchema,
});
export type VideoStatusPayload = z.infer<typeof VideoStatusSchema>;

export const UserSchema = z.object({
  id: z.number().int().positive(),
  email: z.string(),
  plan: z.enum(PLANS),
});
export type User = z.infer<typeof UserSchema>;

export const LoginRequestSchema = z.object({
  email: text().trim().toLowerCase().max(254).pipe(z.email()),
  password: text().min(1).max(256),
});
export const LoginResponseSchema = z.object({
  token: z.string().min(20),
  expires_at: IsoDateSchema,
  user: UserSchema,
});
export type LoginResponse = z.infer<typeof LoginResponseSchema>;

export const CreditsSchema = z.object({
  balance: z.number().int().nonnegative(),
  plan: z.enum(PLANS),
  total_videos: z.number().int().nonnegative(),
  credits_spent_this_month: z.number().int().nonnegative(),
  average_credits_per_video: z.number().nonnegative(),
});
export type Credits = z.infer<typeof CreditsSchema>;

export const MetricsSchema = z.object({
  total_videos: z.number().int().nonnegative(),
  generations: z.number().int().nonnegative(),
  regenerations: z.number().int().nonnegative(),
  /** regenerations / generations (0 when none). */
  regeneration_frequency: z.number().nonnegative(),
  deletes: z.number().int().nonnegative(),
  /** deletes / videos ever created (0 when none). */
  delete_rate: z.number().nonnegative(),
  ready: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  processing: z.number().int().nonnegative(),
  /** ready / (ready + failed), null when nothing has finished. */
  success_ratio: z.number().min(0).max(1).nullable(),
  average_credits_per_video: z.number().nonnegative(),
});
export type Metrics = z.infer<typeof MetricsSchema>;

/**
 * Settings are stored as sent, unknown fields included: bounded so that no request can make the server
 * walk or stringify an arbitrarily deep or large value (a flat object of a few fields is the norm).
 */
export const SETTINGS_BOUNDS: JsonBounds = { maxDepth: 8, maxBytes: 16 * 1024 };

export const CreateVideoRequestSchema = z.object({
  prompt: text().trim().min(3).max(2000),
  title: text().trim().min(1).max(200).optional(),
  triggers: z.array(z.enum(TRIGGER_TAGS)).max(TRIGGER_TAGS.length),
  settings: VideoSettingsSchema.superRefine(boundedJson(SETTINGS_BOUNDS)),
});

export const PatchVideoRequestSchema = z
  .object({
    title: text().trim().min(1).max(200).optional(),
    tags: z.array(z.enum(TRIGGER_TAGS)).max(TRIGGER_TAGS.length).optional(),
  })
  .refine((v) => v.title !== undefined || v.tags !== undefined, {
    message: 'Give a title or tags to change',
  });
export type PatchVideoRequest = z.infer<typeof PatchVideoRequestSchema>;

export const BulkRequestSchema = z.object({
  action: z.enum(['delete', 'regenerate']),
  ids: z.array(VideoIdSchema).min(1).max(500),
});

export const BulkResultSchema = z.object({
  action: z.enum(['delete', 'regenerate']),
  results: z.array(
    z.object({
      id: VideoIdSchema,
      ok: z.boolean(),
      /** For regenerate: the new video. */
      video: VideoSchema.optional(),
      error: z.object({ code: z.enum(ERROR_CODES), message: z.string() }).optional(),
    }),
  ),
  credits: CreditsSchema,
});
export type BulkResult = z.infer<typeof BulkResultSchema>;

export const RegenerateResponseSchema = z.object({ video: VideoSchema, credits: CreditsSchema });
export type RegenerateResponse = z.infer<typeof RegenerateResponseSchema>;

export const ApiErrorSchema = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string(),
    /** For insufficient_credits. */
    required: z.number().int().optional(),
    balance: z.number().int().optional(),
    /** For plan_required. */
    plan_required: z.enum(PLANS).optional(),
  }),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;

export const PurchaseRequestSchema = z.object({ pack: z.enum(CREDIT_PACK_IDS) });
export const ChangePlanRequestSchema = z.object({ plan: z.enum(PLANS) });
export const BillingResponseSchema = z.object({ credits: CreditsSchema, user: UserSchema });
export type BillingResponse = z.infer<typeof BillingResponseSchema>;

export const CatalogSchema = z.object({
  packs: z.array(z.object({ id: z.enum(CREDIT_PACK_IDS), credits: z.number().int(), price_usd: z.number() })),
  plans: z.array(
    z.object({
      id: z.enum(PLANS),
      price_usd: z.number(),
      qualities: z.array(z.enum(QUALITIES)),
      monthly_credits: z.number().int(),
    }),
  ),
});
export type Catalog = z.infer<typeof CatalogSchema>;

/** Server-sent events on GET /api/user/events (`event:` name = `type`, `data:` = the JSON object). */
export const ServerEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('video'), seq: z.number().int().positive(), video: VideoSchema }),
  z.object({ type: z.literal('video_deleted'), seq: z.number().int().positive(), id: VideoIdSchema }),
  z.object({ type: z.literal('credits'), credits: CreditsSchema }),
]);
export type ServerEvent = z.infer<typeof ServerEventSchema>;
