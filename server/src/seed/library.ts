import type { Database, Statement } from 'better-sqlite3';
import type { VideoSettings } from '../../../src/shared/api/schemas';
import { FAILURE_CODES, TRIGGER_TAGS, type Plan, type TriggerTag } from '../../../src/shared/api/vocabulary';
import { generationCost } from '../domain/cost';
import { FAILURE_MESSAGES } from '../jobs/failures';
import { renderKeyFor, type RenderInputs } from '../media/render';
import { nextId } from '../repo/ids';
import type { Random } from './random';
import { describe } from './vocabulary';

// Writes one user's library: the user, a credit grant, their videos with one ledger row per generation
// (and a refund per failure), queued jobs for videos still processing, and their counters. Everything
// is computed in memory first so the ledger can be made consistent with the final balance, then written
// with prepared statements inside the caller's transaction.

export interface PoolEntry {
  assetId: number;
  inputs: RenderInputs;
}

export interface LibrarySpec {
  email: string;
  passwordHash: string;
  plan: Plan;
  videos: number;
  now: number;
  rng: Random;
  /** Pre-rendered assets that ready videos show. At least one. */
  pool: readonly PoolEntry[];
  /**
   * Processing videos reuse a pool entry's render inputs, so the server's worker finds their media
   * already rendered (large seeds); otherwise each gets its own inputs and is rendered for real (demo).
   */
  processingFromPool: boolean;
  /**
   * Finished videos take a pool entry's inputs too and show that entry's media, so each picture and
   * sound matches its video's triggers and title (demo); otherwise they show any entry of their shape.
   */
  finishedFromPool?: boolean;
  /** Share of videos still processing, 0..1 (default 0.08). */
  processingShare?: number;
  /** Share of the finished videos that failed, 0..1 (default 12/92: ≈80% ready, ≈12% failed overall). */
  failedShare?: number;
  /** Whether the worker may simulate a failure for the processing videos' jobs (default true). */
  processingMayFail?: boolean;
}

export interface LibraryStats {
  userId: number;
  videos: number;
  ready: number;
  failed: number;
  processing: number;
  regenerations: number;
  balance: number;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MODELS = ['asmr-gen-2.1', 'asmr-gen-2.1', 'asmr-gen-3.0', 'asmr-gen-3.0-pro', 'asmr-gen-3.0-hq'];
const DURATIONS = [8, 10, 15, 20, 30, 45, 60];
const ASPECTS: readonly VideoSettings['aspect_ratio'][] = ['16:9', '16:9', '9:16', '1:1'];
const FAILED_OF_FINISHED = 12 / 92;
const REGENERATION_SHARE = 0.05;
const FINAL_BALANCE: Record<Plan, [number, number]> = { free: [0, 60], basic: [100, 800], pro: [500, 4000] };

interface VideoDraft {
  title: string;
  prompt: string;
  triggers: string;
  tagMask: number;
  settings: string;
  aspect: VideoSettings['aspect_ratio'];
  status: 'processing' | 'ready' | 'failed';
  failureCode: string | null;
  failureMessage: string | null;
  cost: number;
  createdAt: number;
  updatedAt: number;
  regeneratedFrom: number | null;
  inputs: RenderInputs;
  /** The pool asset this video's inputs were taken from, when they were. */
  poolAssetId: number | null;
}

export function tagMaskOf(triggers: readonly TriggerTag[]): number {
  let mask = 0;
  for (const t of triggers) mask |= 1 << TRIGGER_TAGS.indexOf(t);
  return mask;
}

function pickTriggers(rng: Random): TriggerTag[] {
  const count = rng.chance(0.45) ? 1 : rng.chance(0.6) ? 2 : 3;
  const chosen = new Set<TriggerTag>();
  while (chosen.size < count) chosen.add(rng.pick(TRIGGER_TAGS));
  return [...chosen];
}

function sortedTimes(rng: Random, count: number, from: number, to: number): Float64Array {
  const times = new Float64Array(count);
  for (let i = 0; i < count; i++) times[i] = Math.floor(from + rng.next() * (to - from));
  return times.sort();
}

export class LibraryWriter {
  private readonly insertUser: Statement;
  private readonly insertVideo: Statement;
  private readonly insertLedger: Statement;
  private readonly insertJob: Statement;
  private readonly insertCounter: Statement;
  private readonly setBalance: Statement;
  private nextVideoId: number;
  private readonly next: Record<'videos' | 'users' | 'jobs' | 'credit_ledger', number>;
  private nextSeq: number;

  constructor(private readonly db: Database) {
    this.insertUser = db.prepare(
      'INSERT INTO users (id, email, password_hash, plan, credits_balance, created_at) VALUES (?, ?, ?, ?, 0, ?)',
    );
    this.insertVideo = db.prepare(
      `INSERT INTO videos (id, user_id, title, prompt, triggers, tag_mask, settings, status, progress, failure_code,
         failure_message, credit_cost, created_at, updated_at, asset_id, regenerated_from, change_seq)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertLedger = db.prepare(
      `INSERT INTO credit_ledger (id, user_id, kind, delta, balance_after, video_id, note, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertJob = db.prepare(
      "INSERT INTO jobs (id, video_id, render_key, state, attempts, run_after, may_fail) VALUES (?, ?, ?, 'queued', 0, ?, ?)",
    );
    this.insertCounter = db.prepare('INSERT INTO user_counters (user_id, name, value) VALUES (?, ?, ?)');
    this.setBalance = db.prepare('UPDATE users SET credits_balance = ? WHERE id = ?');
    // Ids come from the never-reused counters (repo/ids.ts), taken here and stored back by finish().
    this.next = {
      videos: nextId(db, 'videos'),
      users: nextId(db, 'users'),
      jobs: nextId(db, 'jobs'),
      credit_ledger: nextId(db, 'credit_ledger'),
    };
    this.nextVideoId = this.next.videos;
    const seq = db.prepare("SELECT value FROM counters WHERE name = 'change_seq'").get() as
      { value: number } | undefined;
    if (!seq) throw new Error('The change_seq counter is missing: is this a server database?');
    this.nextSeq = seq.value + 1;
  }

  /** Stores the change feed position; call once after the last library, in the same transaction. */
  finish(): void {
    this.db.prepare("UPDATE counters SET value = ? WHERE name = 'change_seq'").run(this.nextSeq - 1);
    this.next.videos = this.nextVideoId;
    const setId = this.db.prepare('UPDATE counters SET value = max(value, ?) WHERE name = ?');
    for (const [table, next] of Object.entries(this.next)) setId.run(next - 1, `${table}.id`);
  }

  private take(table: 'users' | 'jobs' | 'credit_ledger'): number {
    return this.next[table]++;
  }

  write(spec: LibrarySpec): LibraryStats {
    const { rng, now } = spec;
    if (spec.pool.length === 0) throw new Error('At least one pre-rendered asset is needed for ready videos');
    const userCreated = now - 365 * DAY + Math.floor(rng.next() * 12 * HOUR);
    const processing = Math.round(spec.videos * (spec.processingShare ?? 0.08));
    const older = sortedTimes(rng, spec.videos - processing, userCreated + HOUR, now - 6 * HOUR);
    const recent = sortedTimes(rng, processing, now - 6 * HOUR, now - 60_000);
    const drafts: VideoDraft[] = [];

    for (let i = 0; i < spec.videos; i++) {
      const isProcessing = i >= older.length;
      const createdAt = isProcessing ? (recent[i - older.length] ?? now) : (older[i] ?? now);
      const nextAt = isProcessing ? now : (older[i + 1] ?? now - 6 * HOUR);
      const draft = this.draft(spec, drafts, i, isProcessing, createdAt, nextAt);
      drafts.push(draft);
    }

    // Replay the ledger with no grant to find the lowest point, so the grant keeps every row >= 0.
    let running = 0;
    let lowest = 0;
    for (const d of drafts) {
      running -= d.cost;
      lowest = Math.min(lowest, running);
      if (d.status === 'failed') running += d.cost;
    }
    const [minFinal, maxFinal] = FINAL_BALANCE[spec.plan];
    const target = rng.int(minFinal, maxFinal);
    const grant = Math.max(target - running, -lowest);

    const userId = this.take('users');
    this.insertUser.run(userId, spec.email, spec.passwordHash, spec.plan, userCreated);
    let balance = grant;
    this.insertLedger.run(
      this.take('credit_ledger'),
      userId,
      'grant',
      grant,
      balance,
      null,
      `welcome grant (${spec.plan})`,
      userCreated,
    );
    const assetFor = new Map<string, number>();
    for (const entry of spec.pool)
      if (!assetFor.has(entry.inputs.aspectRatio)) assetFor.set(entry.inputs.aspectRatio, entry.assetId);
    const anyAsset = spec.pool[0]?.assetId ?? null;

    const stats: LibraryStats = {
      userId,
      videos: 0,
      ready: 0,
      failed: 0,
      processing: 0,
      regenerations: 0,
      balance: 0,
    };
    for (const d of drafts) {
      const id = this.nextVideoId++;
      const assetId = d.status === 'ready' ? (d.poolAssetId ?? assetFor.get(d.aspect) ?? anyAsset) : null;
      this.insertVideo.run(
        id,
        userId,
        d.title,
        d.prompt,
        d.triggers,
        d.tagMask,
        d.settings,
        d.status,
        d.status === 'processing' ? 0 : null,
        d.failureCode,
        d.failureMessage,
        d.cost,
        d.createdAt,
        d.updatedAt,
        assetId,
        d.regeneratedFrom,
        this.nextSeq++,
      );
      balance -= d.cost;
      const kind = d.regeneratedFrom === null ? 'generation' : 'regeneration';
      this.insertLedger.run(
        this.take('credit_ledger'),
        userId,
        kind,
        -d.cost,
        balance,
        id,
        null,
        d.createdAt,
      );
      if (d.status === 'failed') {
        balance += d.cost;
        this.insertLedger.run(
          this.take('credit_ledger'),
          userId,
          'refund',
          d.cost,
          balance,
          id,
          `generation failed: ${d.failureCode}`,
          d.updatedAt,
        );
      }
      if (d.status === 'processing')
        this.insertJob.run(
          this.take('jobs'),
          id,
          renderKeyFor(d.inputs),
          d.createdAt,
          spec.processingMayFail === false ? 0 : 1,
        );
      stats[d.status]++;
      if (d.regeneratedFrom !== null) stats.regenerations++;
    }
    this.setBalance.run(balance, userId);
    this.insertCounter.run(userId, 'created', drafts.length);
    this.insertCounter.run(userId, 'generations', drafts.length - stats.regenerations);
    this.insertCounter.run(userId, 'regenerations', stats.regenerations);
    this.insertCounter.run(userId, 'deletes', 0);
    stats.videos = drafts.length;
    stats.balance = balance;
    return stats;
  }

  private draft(
    spec: LibrarySpec,
    drafts: readonly VideoDraft[],
    index: number,
    isProcessing: boolean,
    createdAt: number,
    nextAt: number,
  ): VideoDraft {
    const { rng } = spec;
    const firstId = this.nextVideoId;
    const status = isProcessing
      ? 'processing'
      : rng.chance(spec.failedShare ?? FAILED_OF_FINISHED)
        ? 'failed'
        : 'ready';
    // Finished videos finish before the next one starts, so the ledger in id order is also in time order.
    const finishGap = Math.max(1, Math.min(120_000, Math.floor((nextAt - createdAt) / 2)));
    const updatedAt = isProcessing ? createdAt : createdAt + 1 + Math.floor(rng.next() * finishGap);
    const failureCode = status === 'failed' ? rng.pick(FAILURE_CODES) : null;
    const failure = {
      failureCode,
      failureMessage: failureCode === null ? null : FAILURE_MESSAGES[failureCode],
    };

    const canRegenerate = !(isProcessing && spec.processingFromPool) && index > 0;
    if (canRegenerate && rng.chance(REGENERATION_SHARE)) {
      const back = Math.min(index, 20);
      const sourceIndex = index - 1 - Math.floor(rng.next() * back);
      const source = drafts[sourceIndex];
      if (source) {
        return {
          ...source,
          ...failure,
          status,
          createdAt,
          updatedAt,
          regeneratedFrom: firstId + sourceIndex,
        };
      }
    }

    let triggers: TriggerTag[];
    let settings: VideoSettings;
    const model = rng.pick(MODELS);
    const fromPool = isProcessing ? spec.processingFromPool : spec.finishedFromPool === true;
    const poolEntry = fromPool ? rng.pick(spec.pool) : undefined;
    if (poolEntry) {
      triggers = [...poolEntry.inputs.triggers];
      settings = {
        model_version: model,
        duration_s: poolEntry.inputs.durationS,
        aspect_ratio: poolEntry.inputs.aspectRatio,
        seed: poolEntry.inputs.seed,
      };
    } else {
      triggers = pickTriggers(rng);
      settings = {
        model_version: model,
        duration_s: rng.pick(DURATIONS),
        aspect_ratio: rng.pick(ASPECTS),
        seed: rng.int(0, 2 ** 31 - 1),
      };
    }
    const [primary, ...others] = triggers;
    const { title, prompt } = describe(rng, primary ?? 'Water', others);
    const renderInputs: RenderInputs = {
      triggers,
      aspectRatio: settings.aspect_ratio,
      durationS: settings.duration_s,
      seed: settings.seed,
    };
    return {
      title,
      prompt,
      triggers: JSON.stringify(triggers),
      tagMask: tagMaskOf(triggers),
      settings: JSON.stringify(settings),
      aspect: settings.aspect_ratio,
      status,
      ...failure,
      cost: generationCost(settings),
      createdAt,
      updatedAt,
      regeneratedFrom: null,
      inputs: renderInputs,
      poolAssetId: poolEntry && !isProcessing ? poolEntry.assetId : null,
    };
  }
}
