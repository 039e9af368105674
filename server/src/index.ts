import { mkdirSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { openServerDb } from './db/open';
import { buildApp } from './http/app';
import { GenerationWorker } from './jobs/worker';
import { ensureAsset } from './media/assets';
import { checkFfmpeg } from './media/render';
import { pruneIdempotency } from './repo/idempotency';
import { pruneSessions } from './repo/sessions';

export interface StartOptions {
  port: number;
  /** Interface to bind; 127.0.0.1 unless told otherwise. */
  host?: string;
  dataDir: string;
  /** Simulated generation time in seconds (default 8). */
  genSeconds?: number;
  /** Probability 0..1 that a generation fails (default 0.1). */
  failRate?: number;
  /** Upper bound on rendered clip length in seconds (default 12; tests use 2). */
  renderMaxSeconds?: number;
  /** Load the demo account and its videos (idempotent). */
  demo?: boolean;
  logLevel?: string;
  /** Where JSON log lines go (default stderr). */
  logStream?: NodeJS.WritableStream;
  /** Session lifetime (default 30 days). */
  sessionTtlMs?: number;
  /** Login attempts per IP and address per window (default 10 per 15 minutes). */
  loginMax?: number;
  loginWindowMs?: number;
  /** Heartbeat period of the live-event stream (default 15 s). */
  heartbeatMs?: number;
  /** How often open event streams re-check their session (250 ms; each write checks it too). */
  sessionCheckMs?: number;
  /** Generation jobs that run at once (default 2). */
  jobConcurrency?: number;
  /** Source of randomness for simulated failures (tests pass a fixed one). */
  random?: () => number;
}

export interface RunningServer {
  url: string;
  port: number;
  /** Whether ffmpeg was found at start (renders fail with a clear reason without it). */
  ffmpeg: { ok: true; version: string } | { ok: false; message: string };
  close(): Promise<void>;
}

const HOUR = 3600_000;

/** Starts the reference API in this process (the CLI, the desktop core, the web host and tests use it). */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const mediaDir = join(options.dataDir, 'media');
  mkdirSync(mediaDir, { recursive: true });
  const db = openServerDb(join(options.dataDir, 'server.db'));
  const renderMaxSeconds = options.renderMaxSeconds ?? 12;
  const sseClients = new Set<ServerResponse>();
  let worker: GenerationWorker | undefined;
  let app: FastifyInstance | undefined;

  try {
    const ffmpeg = await checkFfmpeg();
    if (options.demo) {
      // Loaded only when asked for: the seed code is not needed to serve.
      const { ensureDemoData } = await import('./seed/demo');
      await ensureDemoData(db, options.dataDir);
    }
    const built = await buildApp({
      db,
      mediaDir,
      logLevel: options.logLevel ?? 'info',
      logStream: options.logStream,
      bodyLimit: 256 * 1024,
      login: {
        max: options.loginMax ?? 10,
        windowMs: options.loginWindowMs ?? 15 * 60_000,
        sessionTtlMs: options.sessionTtlMs ?? 30 * 24 * HOUR,
      },
      heartbeatMs: options.heartbeatMs ?? 15_000,
      sessionCheckMs: options.sessionCheckMs ?? 250,
      sseClients,
      wakeWorker: () => worker?.wake(),
      activeJobs: () => worker?.activeJobs ?? 0,
    });
    const fastify = built.app;
    app = fastify;
    const { ctx } = built;
    if (!ffmpeg.ok)
      fastify.log.error(
        { reason: ffmpeg.message },
        'ffmpeg is missing: generations will fail until it is installed',
      );

    worker = new GenerationWorker(ctx, {
      genSeconds: options.genSeconds ?? 8,
      failRate: options.failRate ?? 0.1,
      concurrency: options.jobConcurrency ?? 2,
      random: options.random,
      ensureAsset: (inputs, signal) =>
        ensureAsset(db, mediaDir, inputs, { maxSeconds: renderMaxSeconds, signal }),
    });

    await fastify.listen({ port: options.port, host });
    const address = fastify.server.address();
    if (address === null || typeof address === 'string') throw new Error('The server has no TCP address');
    worker.start();

    const housekeeping = setInterval(() => {
      try {
        pruneSessions(db, Date.now());
        pruneIdempotency(db, Date.now());
      } catch (err) {
        fastify.log.error({ err }, 'housekeeping failed');
      }
    }, HOUR);
    housekeeping.unref();

    let closing: Promise<void> | undefined;
    const urlHost = host.includes(':') ? `[${host}]` : host;
    return {
      url: `http://${urlHost === '0.0.0.0' ? '127.0.0.1' : urlHost}:${address.port}`,
      port: address.port,
      ffmpeg,
      close: () => {
        closing ??= (async () => {
          clearInterval(housekeeping);
          for (const res of sseClients) res.end();
          await fastify.close();
          await worker?.stop();
          db.close();
        })();
        return closing;
      },
    };
  } catch (err) {
    await app?.close();
    await worker?.stop();
    db.close();
    throw err;
  }
}
