import { z } from 'zod';
import {
  LIST_MAX_LIMIT,
  QUALITIES,
  SORT_KEYS,
  SORT_ORDERS,
  TAG_MATCHES,
  TRIGGER_TAGS,
  VIDEO_STATUSES,
} from '../../../src/shared/api/vocabulary';

// Request shapes that only the server needs (bodies live in src/shared/api/schemas.ts).

/** Path ids: decimal digits only, no sign, no leading zero, within the safe integer range. */
export const IdParamsSchema = z.object({
  id: z
    .string()
    .regex(/^[1-9][0-9]{0,14}$/, 'must be a positive whole number')
    .transform(Number),
});

export const DownloadParamsSchema = IdParamsSchema.extend({
  quality: z.enum(QUALITIES),
});

/** The deepest offset a list page may ask for. */
export const MAX_LIST_OFFSET = 10_000_000;

/** `filter_tag` may repeat (`?filter_tag=Water&filter_tag=Rain`) or be comma-separated. */
const TagListSchema = z
  .union([z.string(), z.array(z.string())])
  .transform((v) =>
    (Array.isArray(v) ? v : [v])
      .flatMap((s) => s.split(','))
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  )
  .pipe(z.array(z.enum(TRIGGER_TAGS)).max(TRIGGER_TAGS.length));

const intParam = (min: number, max: number) =>
  z
    .string()
    .regex(/^-?[0-9]{1,16}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

export const ListQuerySchema = z.object({
  sort: z.enum(SORT_KEYS).default('date'),
  order: z.enum(SORT_ORDERS).default('default'),
  filter_status: z.enum(VIDEO_STATUSES).optional(),
  filter_tag: TagListSchema.optional(),
  tag_match: z.enum(TAG_MATCHES).default('any'),
  offset: intParam(0, MAX_LIST_OFFSET).default(0),
  limit: intParam(1, LIST_MAX_LIMIT).default(50),
  cursor: z.string().min(1).max(1024).optional(),
});

export const ChangesQuerySchema = z.object({
  since: z.string().max(64).optional(),
  limit: intParam(1, 1000).default(500),
});

/** Loose: Fastify replaces request.headers with the parsed value, so every other header must survive. */
export const IdempotencyHeaderSchema = z.looseObject({
  'idempotency-key': z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,200}$/, 'must be 1-200 letters, digits or _ . : -')
    .optional(),
});
