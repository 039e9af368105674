import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Changes, VideoList } from '../../../src/shared/api/schemas';
import { PLANS } from '../../../src/shared/api/vocabulary';
import {
  BulkRequestSchema,
  CreateVideoRequestSchema,
  PatchVideoRequestSchema,
} from '../../../src/shared/api/schemas';
import { PageBuffers, videoListJson } from '../domain/videoJson';
import { toListItem, toStatus, toVideo } from '../domain/videoPayload';
import { authOf } from '../http/auth';
import { notFound } from '../domain/errors';
import { validateListQuery } from '../http/listQueryValidator';
import {
  ChangesQuerySchema,
  IdParamsSchema,
  IdempotencyHeaderSchema,
  ListQuerySchema,
} from '../http/requestSchemas';
import { decodeChangeCursor, encodeChangeCursor, readChanges } from '../repo/changes';
import { requestHash } from '../repo/idempotency';
import { listVideos } from '../repo/videoList';
import { getOwnedVideo, getOwnedVideos, tagMask, type VideoRow } from '../repo/videos';
import type { ServerContext } from '../services/context';
import {
  bulk,
  createVideo,
  deleteVideo,
  patchVideo,
  regenerateVideo,
  type Caller,
  type Idempotency,
} from '../services/videos';

declare module 'fastify' {
  interface FastifyRequest {
    /** The list page's pooled buffer, handed back when the response is done with it. */
    listPage: Buffer | null;
  }
}

function callerOf(request: FastifyRequest): Caller {
  const auth = authOf(request);
  return { userId: auth.userId, plan: auth.plan };
}

function idempotencyOf(request: FastifyRequest, key: string | undefined): Idempotency | undefined {
  if (key === undefined) return undefined;
  const path = request.routeOptions.url ?? request.url;
  return {
    key,
    hash: requestHash([
      request.method,
      path,
      JSON.stringify(request.params),
      JSON.stringify(request.body ?? null),
    ]),
  };
}

/** The settings object exactly as the client sent it (key order and unknown fields kept). */
function rawSettingsJson(request: FastifyRequest): string {
  const raw = request.rawBody;
  if (raw !== undefined) {
    const parsed: unknown = JSON.parse(raw);
    if (parsed !== null && typeof parsed === 'object' && 'settings' in parsed)
      return JSON.stringify(parsed.settings);
  }
  const body: unknown = request.body;
  if (body !== null && typeof body === 'object' && 'settings' in body) return JSON.stringify(body.settings);
  throw new Error('settings missing after validation');
}

export function videoRoutes(ctx: ServerContext, wake: () => void): FastifyPluginAsyncZod {
  return async (app) => {
    const pages = new PageBuffers();
    const toPayload = (caller: Caller, row: VideoRow) =>
      toVideo(row, caller.plan, row.asset_id === null ? undefined : ctx.assets.get(row.asset_id));

    app.decorateRequest('listPage', null);
    const listRoute = {
      schema: { querystring: ListQuerySchema },
      validatorCompiler: () => validateListQuery,
      // After 'finish' (the last byte went to the socket) or an error: the page's buffer is free.
      onResponse: (request: FastifyRequest, _reply: FastifyReply, done: () => void) => {
        if (request.listPage) pages.give(request.listPage);
        done();
      },
    };
    app.get('/api/user/videos', listRoute, async (request, reply) => {
      const auth = authOf(request);
      const caller = { userId: auth.userId, plan: auth.plan };
      const q = request.query;
      const page = listVideos(
        ctx.lists,
        {
          userId: caller.userId,
          sort: q.sort,
          order: q.order,
          status: q.filter_status,
          tagMask: tagMask(q.filter_tag ?? []),
          tagMatch: q.tag_match,
          offset: q.offset,
          limit: q.limit,
          cursor: q.cursor,
        },
        auth.stamp,
      );
      const envelope: Omit<VideoList, 'items'> = {
        total: page.total,
        offset: page.offset,
        limit: q.limit,
        next_cursor: page.nextCursor,
      };
      // Texts the list keeps with each slot first; the videos without one for this plan (new,
      // changed, or not listed by this plan yet) are read in one query and rendered.
      const { list, slots } = page;
      const plan = PLANS.indexOf(auth.plan);
      const texts = new Array<Buffer | undefined>(slots.length);
      let missing: number[] | undefined;
      for (let i = 0; i < slots.length; i++) {
        const text = list.texts.get(plan, slots[i] ?? 0);
        texts[i] = text;
        if (text === undefined) (missing ??= []).push(i);
      }
      if (missing) {
        const found = getOwnedVideos(
          ctx.db,
          auth.userId,
          missing.map((i) => list.idOf(slots[i] ?? 0)),
        );
        for (const i of missing) {
          const slot = slots[i] ?? 0;
          const row = found.get(list.idOf(slot));
          // Gone between the two reads only if another process deleted it: left out of the page.
          if (!row) continue;
          const text = Buffer.from(JSON.stringify(toListItem(toPayload(caller, row))));
          texts[i] = text;
          // Kept only for the row version the list holds: another process may have written since.
          if (row.change_seq === list.seqOf(slot)) list.texts.set(plan, slot, text);
        }
      }
      const body = videoListJson(texts, envelope, pages);
      request.listPage = body;
      return reply.type('application/json; charset=utf-8').send(body);
    });

    app.get(
      '/api/user/videos/changes',
      { schema: { querystring: ChangesQuerySchema } },
      async (request): Promise<Changes> => {
        const caller = callerOf(request);
        const since = decodeChangeCursor(request.query.since);
        const feed = readChanges(ctx.db, caller.userId, since, request.query.limit);
        return {
          changes: feed.entries.map((e) =>
            e.type === 'upsert'
              ? { type: 'upsert', seq: e.seq, video: toPayload(caller, e.row) }
              : { type: 'delete', seq: e.seq, id: e.id },
          ),
          next_cursor: encodeChangeCursor(feed.lastSeq),
          has_more: feed.hasMore,
        };
      },
    );

    app.get('/api/videos/:id', { schema: { params: IdParamsSchema } }, async (request) => {
      const caller = callerOf(request);
      const row = getOwnedVideo(ctx.db, caller.userId, request.params.id);
      if (!row) throw notFound();
      return toPayload(caller, row);
    });

    app.get('/api/videos/:id/status', { schema: { params: IdParamsSchema } }, async (request) => {
      const caller = callerOf(request);
      const row = getOwnedVideo(ctx.db, caller.userId, request.params.id);
      if (!row) throw notFound();
      return toStatus(row);
    });

    app.post(
      '/api/videos',
      { schema: { body: CreateVideoRequestSchema, headers: IdempotencyHeaderSchema } },
      async (request, reply) => {
        const caller = callerOf(request);
        const result = createVideo(
          ctx,
          caller,
          {
            prompt: request.body.prompt,
            title: request.body.title,
            triggers: request.body.triggers,
            settingsJson: rawSettingsJson(request),
          },
          idempotencyOf(request, request.headers['idempotency-key']),
        );
        wake();
        return reply.code(201).send(result);
      },
    );

    app.post(
      '/api/videos/:id/regenerate',
      { schema: { params: IdParamsSchema, headers: IdempotencyHeaderSchema } },
      async (request, reply) => {
        const result = regenerateVideo(
          ctx,
          callerOf(request),
          request.params.id,
          idempotencyOf(request, request.headers['idempotency-key']),
        );
        wake();
        return reply.code(201).send(result);
      },
    );

    app.patch(
      '/api/videos/:id',
      { schema: { params: IdParamsSchema, body: PatchVideoRequestSchema } },
      async (request) => patchVideo(ctx, callerOf(request), request.params.id, request.body),
    );

    app.delete('/api/videos/:id', { schema: { params: IdParamsSchema } }, async (request, reply) => {
      await deleteVideo(ctx, callerOf(request), request.params.id);
      return reply.code(204).send();
    });

    app.post(
      '/api/videos/bulk',
      { schema: { body: BulkRequestSchema, headers: IdempotencyHeaderSchema } },
      async (request, reply) => {
        const result = await bulk(
          ctx,
          callerOf(request),
          request.body.action,
          request.body.ids,
          idempotencyOf(request, request.headers['idempotency-key']),
        );
        if (request.body.action === 'regenerate') wake();
        return reply.code(200).send(result);
      },
    );
  };
}
