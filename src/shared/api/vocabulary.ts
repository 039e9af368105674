// Closed vocabularies shared by the server, the core and the renderer. Values outside these lists are
// rejected at every boundary (400 from the server, a validation error from IPC).

export const VIDEO_STATUSES = ['processing', 'ready', 'failed'] as const;
export type VideoStatus = (typeof VIDEO_STATUSES)[number];

export const PLANS = ['free', 'basic', 'pro'] as const;
export type Plan = (typeof PLANS)[number];

export const QUALITIES = ['sd', 'hd', '4k'] as const;
export type Quality = (typeof QUALITIES)[number];

/** The lowest plan that may download each quality. */
export const QUALITY_MIN_PLAN: Record<Quality, Plan> = { sd: 'free', hd: 'basic', '4k': 'pro' };

export const PLAN_RANK: Record<Plan, number> = { free: 0, basic: 1, pro: 2 };

export function planAllowsQuality(plan: Plan, quality: Quality): boolean {
  return PLAN_RANK[plan] >= PLAN_RANK[QUALITY_MIN_PLAN[quality]];
}

/** Trigger / category tags. The order is fixed forever: the server stores tags as a bit mask by index. */
export const TRIGGER_TAGS = [
  'Water',
  'Whisper',
  'Cutting',
  'Tapping',
  'Crinkle',
  'Brushing',
  'Typing',
  'Rain',
  'Scratching',
  'Soap',
  'Slime',
  'Sand',
  'Pages',
  'Wood',
  'Glass',
  'Fire',
] as const;
export type TriggerTag = (typeof TRIGGER_TAGS)[number];

export const SORT_KEYS = ['date', 'cost', 'title'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

/** `default` is each key's natural order: date newest first, cost most first, title A→Z. */
export const SORT_ORDERS = ['default', 'reversed'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

export const TAG_MATCHES = ['any', 'all'] as const;
export type TagMatch = (typeof TAG_MATCHES)[number];

/** Why a generation failed. Each code has an entry in the FAQ (src/shared/faq.ts). */
export const FAILURE_CODES = [
  'content_policy',
  'prompt_unclear',
  'render_timeout',
  'audio_synthesis',
  'capacity',
  'internal',
] as const;
export type FailureCode = (typeof FAILURE_CODES)[number];

export const ERROR_CODES = [
  'bad_request',
  'unauthorized',
  'token_expired',
  'forbidden',
  'plan_required',
  'not_found',
  'conflict',
  'insufficient_credits',
  'payload_too_large',
  'unsupported_media_type',
  'range_not_satisfiable',
  'rate_limited',
  'unavailable',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const CREDIT_PACK_IDS = ['starter', 'creator', 'studio'] as const;
export type CreditPack = (typeof CREDIT_PACK_IDS)[number];

export const CREDIT_PACKS: Record<CreditPack, { credits: number; price_usd: number }> = {
  starter: { credits: 100, price_usd: 9 },
  creator: { credits: 500, price_usd: 39 },
  studio: { credits: 2000, price_usd: 129 },
};

export const PLAN_PRICES_USD: Record<Plan, number> = { free: 0, basic: 12, pro: 29 };

export const BULK_MAX_IDS = 500;
export const LIST_MAX_LIMIT = 200;
