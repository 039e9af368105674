import { z } from 'zod';
import type { Catalog } from '../api/schemas';
import { CREDIT_PACK_IDS, PLANS, TRIGGER_TAGS, type TriggerTag } from '../api/vocabulary';
import { text } from '../api/wellFormed';
import {
  IdsSchema,
  LibraryQuerySchema,
  SettingsPatchSchema,
  SignInRequestSchema,
  ViewStatePatchSchema,
  type ActionEstimate,
  type ActionOutcome,
  type CreditsSummary,
  type LibraryPage,
  type LibraryVideo,
  type SessionState,
  type Settings,
  type SyncStatus,
  type ViewState,
} from './models';
import { downloadRequests, type DownloadProgressEvent, type DownloadResponses } from './downloads';

// The one IPC contract. Each invoke channel has a request schema (validated in the core's host: Electron
// main or the web host) and a response type. The preload exposes one method per channel; the web host
// bridges the same map over a WebSocket. Errors are values: see IpcResult.

const none = z.object({}).strict();

export const invokeRequests = {
  'app:info': none,
  'session:get': none,
  'session:signIn': SignInRequestSchema,
  'session:signOut': none,
  'library:page': z.object({
    query: LibraryQuerySchema,
    offset: z.number().int().min(0).max(10_000_000),
    limit: z.number().int().min(1).max(500),
  }),
  'library:count': z.object({ query: LibraryQuerySchema }),
  'library:ids': z.object({
    query: LibraryQuerySchema,
    offset: z.number().int().min(0).max(10_000_000),
    limit: z.number().int().min(1).max(200_000),
  }),
  'library:get': z.object({ id: z.number().int().positive() }),
  'library:tagCounts': none,
  'sync:now': none,
  'sync:status': none,
  'actions:estimate': z.object({ action: z.enum(['delete', 'regenerate']), ids: IdsSchema }),
  'actions:delete': z.object({ ids: IdsSchema }),
  'actions:regenerate': z.object({ ids: IdsSchema }),
  'actions:edit': z
    .object({
      id: z.number().int().positive(),
      title: text().trim().min(1).max(200).optional(),
      tags: z.array(z.enum(TRIGGER_TAGS)).max(TRIGGER_TAGS.length).optional(),
    })
    .refine((v) => v.title !== undefined || v.tags !== undefined, { message: 'Give a title or tags' }),
  'credits:get': none,
  'billing:catalog': none,
  'billing:purchase': z.object({ pack: z.enum(CREDIT_PACK_IDS) }),
  'billing:changePlan': z.object({ plan: z.enum(PLANS) }),
  'settings:get': none,
  'settings:set': SettingsPatchSchema,
  'view:set': ViewStatePatchSchema,
  'media:clearCache': none,
  'dialog:pickFolder': none,
  'external:open': z.object({ url: text().max(2048) }),
  ...downloadRequests,
} as const satisfies Record<string, z.ZodType>;

export type InvokeChannel = keyof typeof invokeRequests;
export type InvokeRequest<C extends InvokeChannel> = z.input<(typeof invokeRequests)[C]>;
export type ParsedInvokeRequest<C extends InvokeChannel> = z.output<(typeof invokeRequests)[C]>;

export interface AppInfo {
  name: string;
  version: string;
  host: 'electron' | 'web';
  platform: string;
}

export interface InvokeResponses extends DownloadResponses {
  'app:info': AppInfo;
  'session:get': SessionState;
  'session:signIn': SessionState;
  'session:signOut': SessionState;
  'library:page': LibraryPage;
  'library:count': { total: number };
  'library:ids': { ids: number[] };
  'library:get': LibraryVideo | null;
  'library:tagCounts': Record<TriggerTag, number>;
  'sync:now': SyncStatus;
  'sync:status': SyncStatus;
  'actions:estimate': ActionEstimate;
  'actions:delete': ActionOutcome;
  'actions:regenerate': ActionOutcome;
  'actions:edit': LibraryVideo;
  'credits:get': CreditsSummary | null;
  'billing:catalog': Catalog;
  'billing:purchase': CreditsSummary;
  'billing:changePlan': CreditsSummary;
  'settings:get': Settings;
  'settings:set': Settings;
  /** Saves the library's view; no `settings:changed` follows. */
  'view:set': ViewState;
  'media:clearCache': { bytesFreed: number };
  /** The chosen download folder (already saved to the settings), or null when the user cancelled. */
  'dialog:pickFolder': { path: string | null };
  'external:open': { opened: boolean };
}

// Compile-time proof that the request map and the response map name the same channels.
type SameKeys<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>] extends [never, never]
  ? true
  : never;
export const contractKeysAgree: SameKeys<typeof invokeRequests, InvokeResponses> = true;

export interface Notice {
  level: 'info' | 'success' | 'error';
  message: string;
  /** Machine-readable reason, e.g. insufficient_credits, not_found. */
  code?: string;
}

/**
 * Commands from the desktop shell to the page (application menu, aiasmr://video/<id> links). Only the
 * Electron host sends them; the web host never does.
 */
export type AppCommand =
  | { command: 'search' }
  | { command: 'settings' }
  | { command: 'openVideo'; id: number }
  /** Edit → Select All: the videos matching the query, or the text of the focused text field. */
  | { command: 'selectAll' };

/** Events pushed from the core to the renderer. */
export interface EventPayloads {
  'library:changed': { ids: number[] | null };
  'sync:status': SyncStatus;
  'credits:changed': CreditsSummary;
  'session:changed': SessionState;
  'settings:changed': Settings;
  notice: Notice;
  'downloads:progress': DownloadProgressEvent;
  'app:command': AppCommand;
}
export type EventChannel = keyof EventPayloads;
export const EVENT_CHANNELS = [
  'library:changed',
  'sync:status',
  'credits:changed',
  'session:changed',
  'settings:changed',
  'notice',
  'downloads:progress',
  'app:command',
] as const satisfies readonly EventChannel[];
// Hosts forward exactly EVENT_CHANNELS, so a channel missing here would never reach the renderer:
// this fails to compile, naming the channel, until every key of EventPayloads is listed.
type UnlistedEventChannel = Exclude<EventChannel, (typeof EVENT_CHANNELS)[number]>;
export const EVENT_CHANNELS_COMPLETE: [UnlistedEventChannel] extends [never] ? true : UnlistedEventChannel =
  true;

export const IPC_ERROR_CODES = [
  'invalid_request',
  'unknown_channel',
  'forbidden_sender',
  'not_signed_in',
  'offline',
  'not_found',
  'insufficient_credits',
  'plan_required',
  'server_error',
  'bad_response',
  'conflict',
  'rate_limited',
  'cache_unavailable',
  'not_supported',
  'internal',
] as const;
export type IpcErrorCode = (typeof IPC_ERROR_CODES)[number];

export interface IpcError {
  code: IpcErrorCode;
  message: string;
}

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

/** The typed API the renderer sees as `window.api`. */
export type RendererApi = {
  [C in InvokeChannel]: (request: InvokeRequest<C>) => Promise<IpcResult<InvokeResponses[C]>>;
} & {
  on<E extends EventChannel>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
};

/** Every invoke channel, in a stable order (used by the preload, the web bridge and the tests). */
export const INVOKE_CHANNELS = Object.keys(invokeRequests).filter(
  (k): k is InvokeChannel => k in invokeRequests,
);
