import { z } from 'zod';
import { text } from '../api/wellFormed';
import { MAX_IDS_PER_CALL } from './limits';
import {
  CREDIT_PACK_IDS,
  PLANS,
  QUALITIES,
  SORT_KEYS,
  SORT_ORDERS,
  TAG_MATCHES,
  TRIGGER_TAGS,
  VIDEO_STATUSES,
  type FailureCode,
  type Plan,
  type Quality,
  type TriggerTag,
  type VideoStatus,
} from '../api/vocabulary';

// What the renderer sees. The renderer never talks to the remote API: these are the core's shapes, in
// camelCase, built from the local cache.

export const LibraryQuerySchema = z.object({
  sort: z.enum(SORT_KEYS).default('date'),
  order: z.enum(SORT_ORDERS).default('default'),
  /** Empty = every status. */
  statuses: z.array(z.enum(VIDEO_STATUSES)).max(VIDEO_STATUSES.length).default([]),
  /** Empty = every tag. */
  tags: z.array(z.enum(TRIGGER_TAGS)).max(TRIGGER_TAGS.length).default([]),
  tagMatch: z.enum(TAG_MATCHES).default('any'),
  /** Full-text search over title and prompt; empty = none. */
  search: text().max(200).default(''),
});
export type LibraryQuery = z.infer<typeof LibraryQuerySchema>;

export type PendingAction = 'delete' | 'regenerate' | 'edit';

export interface LibraryVideoQuality {
  quality: Quality;
  bytes: number;
  width: number;
  height: number;
  /** The user's plan may download it. */
  allowed: boolean;
}

export interface LibraryVideo {
  id: number;
  title: string;
  prompt: string;
  triggers: TriggerTag[];
  status: VideoStatus;
  /** 0..1 while processing. */
  progress: number | null;
  failure: { code: FailureCode; message: string } | null;
  creditCost: number;
  /** ISO 8601. */
  createdAt: string;
  updatedAt: string;
  regeneratedFrom: number | null;
  qualities: LibraryVideoQuality[];
  /** URLs the renderer can load (media protocol in Electron, the web host's media route otherwise). */
  thumbnailUrl: string | null;
  previewUrl: string | null;
  /** An action applied locally and not yet confirmed by the server (queued offline or in flight). */
  pending: PendingAction | null;
  /** Verified local files, per quality (filled by the downloads subsystem). */
  localFiles: { quality: Quality; present: boolean }[];
}

export interface LibraryPage {
  total: number;
  offset: number;
  items: LibraryVideo[];
}

export type SessionState =
  | {
      status: 'signed_out';
      serverUrl: string;
      /** server_changed: the server address in the settings changed, so the old server's session ended. */
      reason?: 'expired' | 'revoked' | 'signed_out' | 'server_changed';
    }
  | { status: 'signed_in'; serverUrl: string; user: { id: number; email: string; plan: Plan } };

export interface SyncStatus {
  online: boolean;
  syncing: boolean;
  /** ISO 8601 of the last complete sync, null before the first. */
  lastSyncedAt: string | null;
  /** Actions waiting in the outbox. */
  pendingActions: number;
  /** Last problem, in words for the user; null when all is well. */
  error: string | null;
}

export interface CreditsSummary {
  balance: number;
  plan: Plan;
  totalVideos: number;
  creditsSpentThisMonth: number;
  averageCreditsPerVideo: number;
  /** ISO 8601 of when this was fetched from the server. */
  asOf: string;
}

export interface ActionEstimate {
  action: 'delete' | 'regenerate';
  count: number;
  /** Credits the action will charge (0 for delete). */
  cost: number;
  /** Credits already spent generating these videos (what a delete loses: it is not refunded). */
  spent: number;
  balance: number;
  balanceAfter: number;
  affordable: boolean;
  plan: Plan;
}

export interface ActionOutcome {
  /** Applied and confirmed by the server. */
  done: number[];
  /** Waiting in the outbox (offline); replayed on reconnect. */
  queued: number[];
  failed: { id: number; code: string; message: string }[];
}

export const PAGINATION_MODES = ['pages', 'infinite'] as const;
export const THEMES = ['system', 'light', 'dark'] as const;
export const VIEW_MODES = ['auto', 'grid', 'list'] as const;
export const DENSITIES = ['comfortable', 'compact'] as const;

export const SettingsSchema = z.object({
  serverUrl: z.url({ protocol: /^https?$/ }),
  downloadDir: text().min(1),
  paginationMode: z.enum(PAGINATION_MODES),
  pageSize: z.number().int().min(12).max(200),
  downloadConcurrency: z.number().int().min(1).max(8),
  /** 0 = unlimited. */
  bandwidthLimitKBps: z.number().int().min(0).max(10_000_000),
  mediaCacheMb: z.number().int().min(50).max(100_000),
  theme: z.enum(THEMES),
  viewMode: z.enum(VIEW_MODES),
  /** How tightly the grid packs cards (compact: smaller cards, more per row). */
  density: z.enum(DENSITIES),
  writeSidecar: z.boolean(),
  /** The last view of the library, restored at start. */
  lastQuery: LibraryQuerySchema,
});
export type Settings = z.infer<typeof SettingsSchema>;
export const SettingsPatchSchema = SettingsSchema.partial();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

/**
 * The library's view (last query, view mode, paging mode): read with the settings, but saved through its
 * own channel, which tells no one. A search typed or a view toggled is not a settings change, so it must
 * not wake every listener of `settings:changed` (the app's state, the download queue).
 */
export const ViewStateSchema = SettingsSchema.pick({
  lastQuery: true,
  viewMode: true,
  paginationMode: true,
  density: true,
});
export type ViewState = z.infer<typeof ViewStateSchema>;
export const ViewStatePatchSchema = ViewStateSchema.partial().strict();
export type ViewStatePatch = z.infer<typeof ViewStatePatchSchema>;

export const SignInRequestSchema = z.object({
  email: text().trim().min(3).max(254),
  password: text().min(1).max(256),
  serverUrl: z.url({ protocol: /^https?$/ }).optional(),
});

export const IdsSchema = z.array(z.number().int().positive()).min(1).max(MAX_IDS_PER_CALL);

export { CREDIT_PACK_IDS, PLANS, QUALITIES };
