import type { ServerResponse } from 'node:http';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type {
  BillingResponse,
  Catalog,
  Credits,
  Metrics,
  ServerEvent,
} from '../../../src/shared/api/schemas';
import { ChangePlanRequestSchema, PurchaseRequestSchema } from '../../../src/shared/api/schemas';
import { catalog } from '../domain/catalog';
import { creditsOf, metricsOf } from '../domain/usage';
import { authOf } from '../http/auth';
import { sessionLive } from '../repo/sessions';
import { changePlan, purchasePack } from '../services/billing';
import type { ServerContext } from '../services/context';

export interface EventStreamOptions {
  heartbeatMs: number;
  /** Open streams, so a shutdown can end them instead of waiting for clients to hang up. */
  open: Set<ServerResponse>;
}

export function userRoutes(ctx: ServerContext, opts: EventStreamOptions): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/user/credits', async (request): Promise<Credits> =>
      creditsOf(ctx.db, authOf(request).userId, ctx.now()),
    );

    app.get('/api/user/metrics', async (request): Promise<Metrics> =>
      metricsOf(ctx.db, authOf(request).userId),
    );

    app.get('/api/billing/catalog', async (): Promise<Catalog> => catalog());

    app.post(
      '/api/billing/purchase',
      { schema: { body: PurchaseRequestSchema } },
      async (request): Promise<BillingResponse> =>
        purchasePack(ctx, authOf(request).userId, request.body.pack),
    );

    app.post(
      '/api/billing/plan',
      { schema: { body: ChangePlanRequestSchema } },
      async (request): Promise<BillingResponse> => changePlan(ctx, authOf(request).userId, request.body.plan),
    );

    /**
     * Server-Sent Events: the caller's video changes, deletions and credit changes as they happen, a
     * comment line as heartbeat so proxies and clients can tell a quiet stream from a dead one.
     */
    app.get('/api/user/events', async (request, reply) => {
      const auth = authOf(request);
      reply.hijack();
      const res = reply.raw;
      const headers: Record<string, string | number | string[]> = {};
      for (const [k, v] of Object.entries(reply.getHeaders())) if (v !== undefined) headers[k] = v;
      res.writeHead(200, {
        ...headers,
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      let ended = false;
      // Set once the stream is subscribed (it may end before, on its first write).
      const subscribed: { unsubscribe?: () => void; unwatch?: () => void; heartbeat?: NodeJS.Timeout } = {};
      const cleanup = () => {
        clearInterval(subscribed.heartbeat);
        subscribed.unsubscribe?.();
        subscribed.unwatch?.();
        opts.open.delete(res);
      };
      // The session is checked before every write, not only on the timer: nothing is written after it
      // ended, even an event published in the same tick as the sign-out.
      const live = (): boolean => {
        if (ended) return false;
        if (sessionLive(ctx.db, auth.tokenHash, ctx.now())) return true;
        ended = true;
        cleanup();
        res.end();
        return false;
      };
      const write = (text: string) => {
        if (live()) res.write(text);
      };
      const send = (event: ServerEvent) => write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
      write(': connected\n\n');
      send({ type: 'credits', credits: creditsOf(ctx.db, auth.userId, ctx.now()) });
      if (ended) return;
      subscribed.unsubscribe = ctx.bus.subscribe(auth.userId, send);
      subscribed.heartbeat = setInterval(() => write(': heartbeat\n\n'), opts.heartbeatMs);
      opts.open.add(res);
      // Ends the stream within ctx.sessions' period when nothing comes to write.
      subscribed.unwatch = ctx.sessions.watch(auth.tokenHash, () => void live());
      request.raw.on('close', cleanup);
      res.on('close', cleanup);
      res.on('error', cleanup);
    });
  };
}
