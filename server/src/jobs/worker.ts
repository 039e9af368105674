import type { FailureCode } from '../../../src/shared/api/vocabulary';
import { parseSettings, parseTriggers } from '../domain/videoPayload';
import type { RenderInputs } from '../media/render';
import { logAction } from '../repo/actionLog';
import { claimJob, finishJob, parkJob, requeueRunning, type JobRow } from '../repo/jobs';
import { applyCredit } from '../repo/ledger';
import { getVideo, markFailed, markReady, setProgress, type VideoRow } from '../repo/videos';
import type { ServerContext } from '../services/context';
import { publishCredits, publishVideos } from '../services/publish';
import { renderInputsOf } from '../services/renderInputs';
import { FAILURE_MESSAGES, SIMULATED_FAILURES } from './failures';

/** The asset for these inputs, rendered if needed; aborting `signal` stops the render (RenderAbortedError). */
export type EnsureAsset = (inputs: RenderInputs, signal: AbortSignal) => Promise<number>;

export interface WorkerOptions {
  /** Simulated generation time before the render, in seconds. */
  genSeconds: number;
  /** Probability (0..1) that a generation fails with a simulated reason. */
  failRate: number;
  /** How many jobs run at once (renders are CPU-heavy; 2 cores here). */
  concurrency: number;
  ensureAsset: EnsureAsset;
  random?: () => number;
}

const PROGRESS_STEPS = 4;
const POLL_MS = 200;

class Parked extends Error {}

/**
 * The generation queue's consumer. Jobs live in the `jobs` table: a job that was running when the
 * server stopped (cleanly or not) is queued again and runs from the beginning at the next start.
 */
export class GenerationWorker {
  private readonly running = new Map<number, { abort: AbortController; done: Promise<void> }>();
  private timer: NodeJS.Timeout | undefined;
  private stopping = false;
  private readonly random: () => number;

  constructor(
    private readonly ctx: ServerContext,
    private readonly opts: WorkerOptions,
  ) {
    this.random = opts.random ?? Math.random;
  }

  start(): void {
    const requeued = requeueRunning(this.ctx.db);
    if (requeued > 0)
      this.ctx.log.info({ requeued }, 'generation jobs interrupted by the last stop were queued again');
    this.schedule(0);
  }

  /** New work was queued: look now instead of at the next poll. */
  wake(): void {
    if (!this.stopping) this.schedule(0);
  }

  get activeJobs(): number {
    return this.running.size;
  }

  /**
   * Stops taking jobs and stops the running ones: a job waiting or rendering is parked (queued again,
   * its render killed and its partial files removed) and runs from the start after the next start.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    for (const job of this.running.values()) job.abort.abort();
    await Promise.all([...this.running.values()].map((j) => j.done));
  }

  private schedule(ms: number): void {
    if (this.stopping) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.pump(), ms);
    this.timer.unref();
  }

  private pump(): void {
    this.timer = undefined;
    try {
      while (!this.stopping && this.running.size < this.opts.concurrency) {
        const job = claimJob(this.ctx.db, this.ctx.now());
        if (!job) break;
        const abort = new AbortController();
        const done = this.run(job, abort.signal).finally(() => {
          this.running.delete(job.id);
          this.schedule(0);
        });
        this.running.set(job.id, { abort, done });
      }
    } catch (err) {
      this.ctx.log.error({ err }, 'the generation queue could not be read');
    }
    this.schedule(POLL_MS);
  }

  private async run(job: JobRow, signal: AbortSignal): Promise<void> {
    const { ctx } = this;
    try {
      const video = getVideo(ctx.db, job.video_id);
      if (!video || video.status !== 'processing') {
        finishJob(ctx.db, job.id, 'failed', ctx.now(), 'video gone or no longer processing');
        return;
      }
      const stepMs = (this.opts.genSeconds * 1000) / PROGRESS_STEPS;
      for (let i = 1; i <= PROGRESS_STEPS; i++) {
        await sleep(stepMs, signal);
        const row = ctx.db
          .transaction(() => setProgress(ctx.db, video.id, i / (PROGRESS_STEPS + 1), ctx.now()))
          .immediate();
        if (!row) return; // deleted meanwhile (its job row went with it)
        publishVideos(ctx, row.user_id, [row]);
      }
      if (job.may_fail === 1 && this.random() < this.opts.failRate) {
        const code = SIMULATED_FAILURES[Math.floor(this.random() * SIMULATED_FAILURES.length)] ?? 'capacity';
        this.fail(job, video, code);
        return;
      }
      let assetId: number;
      try {
        assetId = await this.opts.ensureAsset(
          renderInputsOf(parseTriggers(video.triggers), parseSettings(video.settings)),
          signal,
        );
      } catch (err) {
        if (signal.aborted) throw new Parked();
        ctx.log.error({ err, videoId: video.id }, 'rendering failed');
        this.fail(job, video, 'internal');
        return;
      }
      const ready = ctx.db
        .transaction(() => {
          const row = markReady(ctx.db, video.id, assetId, ctx.now());
          if (row) finishJob(ctx.db, job.id, 'done', ctx.now());
          return row;
        })
        .immediate();
      if (ready) publishVideos(ctx, ready.user_id, [ready]);
    } catch (err) {
      if (err instanceof Parked) {
        parkJob(ctx.db, job.id);
        return;
      }
      ctx.log.error({ err, jobId: job.id }, 'generation job crashed');
      const video = getVideo(ctx.db, job.video_id);
      if (video) this.fail(job, video, 'internal');
    }
  }

  /** Marks the video failed with a reason and refunds its credits, in one transaction. */
  private fail(job: JobRow, video: VideoRow, code: FailureCode): void {
    const { ctx } = this;
    const row = ctx.db
      .transaction(() => {
        const failed = markFailed(ctx.db, video.id, { code, message: FAILURE_MESSAGES[code] }, ctx.now());
        if (!failed) return undefined;
        finishJob(ctx.db, job.id, 'failed', ctx.now(), code);
        if (failed.credit_cost > 0) {
          applyCredit(ctx.db, {
            userId: failed.user_id,
            kind: 'refund',
            delta: failed.credit_cost,
            videoId: failed.id,
            note: `generation failed: ${code}`,
            now: ctx.now(),
          });
        }
        logAction(ctx.db, {
          userId: failed.user_id,
          action: 'generation_failed',
          videoIds: [failed.id],
          outcome: 'error',
          detail: { code, refunded: failed.credit_cost },
          now: ctx.now(),
        });
        return failed;
      })
      .immediate();
    if (!row) return;
    publishVideos(ctx, row.user_id, [row]);
    publishCredits(ctx, row.user_id);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new Parked());
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(new Parked());
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
