import { validatorCompiler } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { TriggerTag } from '../../../src/shared/api/vocabulary';
import {
  LIST_MAX_LIMIT,
  SORT_KEYS,
  SORT_ORDERS,
  TAG_MATCHES,
  TRIGGER_TAGS,
  VIDEO_STATUSES,
} from '../../../src/shared/api/vocabulary';
import { ListQuerySchema, MAX_LIST_OFFSET } from './requestSchemas';

type ListQuery = z.output<typeof ListQuerySchema>;

const DIGITS = /^[0-9]{1,16}$/;

function oneOf<T extends string>(values: readonly T[], v: unknown): v is T {
  return typeof v === 'string' && (values as readonly string[]).includes(v);
}

function whole(v: string, min: number, max: number): number | undefined {
  if (!DIGITS.test(v)) return undefined;
  const n = Number(v);
  return n >= min && n <= max ? n : undefined;
}

/**
 * The list query as ListQuerySchema would parse it, for the plain single-valued forms clients send
 * (and `undefined` for anything else). A list page is the hottest route and zod's generic walk of
 * eight optional fields costs more than the page lookup itself; this accepts only inputs that the
 * schema accepts too, with the same output, and leaves every other input (every error among them)
 * to the schema.
 */
export function parseListQueryFast(query: unknown): ListQuery | undefined {
  if (typeof query !== 'object' || query === null) return undefined;
  const q = query as Record<string, unknown>;
  const { sort = 'date', order = 'default', tag_match = 'any', filter_status, filter_tag, cursor } = q;
  if (!oneOf(SORT_KEYS, sort) || !oneOf(SORT_ORDERS, order) || !oneOf(TAG_MATCHES, tag_match))
    return undefined;
  const out: ListQuery = { sort, order, tag_match, offset: 0, limit: 50 };
  if (q.offset !== undefined) {
    const offset = typeof q.offset === 'string' ? whole(q.offset, 0, MAX_LIST_OFFSET) : undefined;
    if (offset === undefined) return undefined;
    out.offset = offset;
  }
  if (q.limit !== undefined) {
    const limit = typeof q.limit === 'string' ? whole(q.limit, 1, LIST_MAX_LIMIT) : undefined;
    if (limit === undefined) return undefined;
    out.limit = limit;
  }
  if (filter_status !== undefined) {
    if (!oneOf(VIDEO_STATUSES, filter_status)) return undefined;
    out.filter_status = filter_status;
  }
  if (filter_tag !== undefined) {
    if (typeof filter_tag !== 'string') return undefined;
    const tags: TriggerTag[] = [];
    for (const part of filter_tag.split(',')) {
      const tag = part.trim();
      if (tag === '') continue;
      if (!oneOf(TRIGGER_TAGS, tag)) return undefined;
      tags.push(tag);
    }
    if (tags.length > TRIGGER_TAGS.length) return undefined;
    out.filter_tag = tags;
  }
  if (cursor !== undefined) {
    if (typeof cursor !== 'string' || cursor.length < 1 || cursor.length > 1024) return undefined;
    out.cursor = cursor;
  }
  return out;
}

const viaSchema = validatorCompiler({
  schema: ListQuerySchema,
  method: 'GET',
  url: '/api/user/videos',
  httpPart: 'querystring',
});

/** The list route's validation: the fast parse, else the schema (whose errors the 400 then reports). */
export function validateListQuery(data: unknown): ReturnType<typeof viaSchema> {
  const fast = parseListQueryFast(data);
  return fast === undefined ? viaSchema(data) : { value: fast };
}
