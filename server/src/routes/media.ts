import { join } from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Quality } from '../../../src/shared/api/vocabulary';
import { QUALITY_MIN_PLAN, planAllowsQuality } from '../../../src/shared/api/vocabulary';
import { authOf } from '../http/auth';
import { DomainError, notFound } from '../domain/errors';
import { DownloadParamsSchema, IdParamsSchema } from '../http/requestSchemas';
import { sendFile } from '../media/range';
import type { AssetKind } from '../repo/assetFiles';
import { getOwnedVideo, type VideoRow } from '../repo/videos';
import type { ServerContext } from '../services/context';

/** A safe, readable file name for Content-Disposition: the title plus the quality. */
export function downloadName(row: VideoRow, quality: Quality): string {
  const base = row.title
    .normalize('NFKD')
    .replace(/[^\w\- ]+/g, '')
    .trim()
    .replace(/\s+/g, '-')
    .slice(0, 80);
  return `${base || `video-${row.id}`}-${quality}.mp4`;
}

export function mediaRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    const fileOf = (userId: number, id: number, kind: AssetKind) => {
      const row = getOwnedVideo(ctx.db, userId, id);
      if (!row) throw notFound();
      if (row.status !== 'ready' || row.asset_id === null) {
        throw new DomainError('conflict', `The video is ${row.status}; its media exist once it is ready`);
      }
      const asset = ctx.assets.get(row.asset_id);
      const file = asset?.files.get(kind);
      if (!asset || !file) throw new DomainError('not_found', `This video has no ${kind} file`);
      return { row, path: join(ctx.mediaDir, asset.dir, file.file), file };
    };

    // A media response (a long 4K download above all) ends with the session that asked for it.
    const endWithSession = (request: FastifyRequest, reply: FastifyReply) => {
      const unwatch = ctx.sessions.watch(authOf(request).tokenHash, () => reply.raw.destroy());
      reply.raw.once('close', unwatch);
    };

    app.get('/api/videos/:id/thumbnail', { schema: { params: IdParamsSchema } }, async (request, reply) => {
      const { path, file } = fileOf(authOf(request).userId, request.params.id, 'thumbnail');
      endWithSession(request, reply);
      await sendFile(request, reply, { path, mime: file.mime, bytes: file.bytes, etag: file.etag });
      return reply;
    });

    app.get('/api/videos/:id/preview', { schema: { params: IdParamsSchema } }, async (request, reply) => {
      const { path, file } = fileOf(authOf(request).userId, request.params.id, 'preview');
      endWithSession(request, reply);
      await sendFile(request, reply, { path, mime: file.mime, bytes: file.bytes, etag: file.etag });
      return reply;
    });

    app.get(
      '/api/videos/:id/download/:quality',
      { schema: { params: DownloadParamsSchema } },
      async (request, reply) => {
        const auth = authOf(request);
        const { quality } = request.params;
        const { row, path, file } = fileOf(auth.userId, request.params.id, quality);
        if (!planAllowsQuality(auth.plan, quality)) {
          const needed = QUALITY_MIN_PLAN[quality];
          throw new DomainError(
            'plan_required',
            `${quality.toUpperCase()} downloads need the ${needed} plan or higher`,
            {
              plan_required: needed,
            },
          );
        }
        endWithSession(request, reply);
        await sendFile(request, reply, {
          path,
          mime: file.mime,
          bytes: file.bytes,
          etag: file.etag,
          downloadName: downloadName(row, quality),
        });
        return reply;
      },
    );
  };
}
