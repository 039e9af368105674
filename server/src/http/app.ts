import type { ServerResponse } from 'node:http';
import type { Database } from 'better-sqlite3';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { jobCounts } from '../repo/jobs';
import { HttpMetrics } from '../metrics/prometheus';
import { authRoutes, type LoginLimits } from '../routes/auth';
import { mediaRoutes } from '../routes/media';
import { userRoutes } from '../routes/user';
import { videoRoutes } from '../routes/videos';
import { createContext, type ServerContext } from '../services/context';
import { authenticate } from './auth';
import { errorHandler } from './errorHandler';
import { errorBody } from './errors';
import { securityHeaders } from './securityHeaders';

declare module 'fastify' {
  interface FastifyRequest {
    /** The JSON body's text, kept so generation settings can be stored exactly as sent. */
    rawBody?: string;
  }
}

export interface AppOptions {
  db: Database;
  mediaDir: string;
  logLevel: string;
  /** Where JSON log lines go (stderr unless a test captures them). */
  logStream?: NodeJS.WritableStream;
  bodyLimit: number;
  login: LoginLimits;
  heartbeatMs: number;
  sessionCheckMs: number;
  sseClients: Set<ServerResponse>;
  wakeWorker: () => void;
  activeJobs: () => number;
}

// Paths whose values never reach the log, whatever a handler decides to log.
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'authorization',
  'password',
  'token',
  '*.password',
  '*.token',
  'body.password',
];

export async function buildApp(opts: AppOptions): Promise<{ app: FastifyInstance; ctx: ServerContext }> {
  const app = Fastify({
    // Logs go to stderr: stdout carries only the CLI's "listening on" line.
    logger: {
      level: opts.logLevel,
      redact: { paths: REDACT, censor: '[redacted]' },
      stream: opts.logStream ?? process.stderr,
    },
    bodyLimit: opts.bodyLimit,
    trustProxy: false,
    // Long-lived event streams are ended by the shutdown; idle keep-alive sockets must not hold it up.
    forceCloseConnections: 'idle',
  }).withTypeProvider<ZodTypeProvider>();
  const ctx = createContext(opts.db, opts.mediaDir, app.log, opts.sessionCheckMs);
  app.addHook('onClose', (_instance, done) => {
    ctx.sessions.close();
    done();
  });
  app.decorateRequest('auth', null);

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send(errorBody('not_found', `No route ${request.method} ${request.url.split('?')[0]}`)),
  );

  // Only JSON bodies are accepted; anything else is 415. The JSON parser is Fastify's own (which
  // rejects prototype-poisoning keys); the text is kept beside the parsed body.
  app.removeContentTypeParser('text/plain');
  const jsonParser = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    // Clients often send the JSON content type on bodiless POSTs (regenerate, logout): treat an
    // empty body as no body, and let the route's schema say whether one was needed.
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    request.rawBody = text;
    jsonParser(request, text, done);
  });

  // Helmet's default headers on every response (404s and errors included), computed once.
  const security = securityHeaders();
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(security);
    done();
  });
  await app.register(rateLimit, { global: false });

  const metrics = new HttpMetrics();
  metrics.gauge(
    'generation_jobs_queued',
    'Generation jobs waiting in the queue.',
    () => jobCounts(ctx.db).queued,
  );
  metrics.gauge('generation_jobs_running', 'Generation jobs running in this process.', opts.activeJobs);
  metrics.gauge('sse_clients', 'Open live-event streams.', () => opts.sseClients.size);
  // A callback hook: an async one would cost every response a promise and a microtask.
  app.addHook('onResponse', (request, reply, done) => {
    metrics.observe(
      request.method,
      request.routeOptions.url ?? 'unmatched',
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
    done();
  });

  app.get('/health', async () => ({ status: 'ok' as const }));
  app.get('/metrics', async (_request, reply) =>
    reply.type('text/plain; version=0.0.4; charset=utf-8').send(metrics.render()),
  );

  await app.register(authRoutes(ctx, opts.login));
  await app.register(async (protectedApp) => {
    protectedApp.addHook('onRequest', authenticate(ctx));
    await protectedApp.register(videoRoutes(ctx, opts.wakeWorker));
    await protectedApp.register(mediaRoutes(ctx));
    await protectedApp.register(userRoutes(ctx, { heartbeatMs: opts.heartbeatMs, open: opts.sseClients }));
  });
  return { app, ctx };
}
