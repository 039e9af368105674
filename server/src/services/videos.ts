import type { z } from 'zod';
import {
  BulkResultSchema,
  RegenerateResponseSchema,
  type BulkResult,
  type RegenerateResponse,
  type Video,
} from '../../../src/shared/api/schemas';
import type { Plan, TriggerTag } from '../../../src/shared/api/vocabulary';
import { generationCost } from '../domain/cost';
import { creditsOf } from '../domain/usage';
import { parseSettings, parseTriggers, toVideo } from '../domain/videoPayload';
import { DomainError, insufficientCredits, notFound } from '../domain/errors';
import { renderKeyFor } from '../media/render';
import { logAction } from '../repo/actionLog';
import { deleteAssetIfUnused } from '../media/assets';
import { bumpUserCounter } from '../repo/counters';
import { findIdempotent, storeIdempotent } from '../repo/idempotency';
import { applyCredit, balanceOf } from '../repo/ledger';
import {
  deleteOwnedVideo,
  getOwnedVideo,
  getOwnedVideos,
  insertProcessingVideo,
  updateTitleTags,
  type VideoRow,
} from '../repo/videos';
import type { ServerContext } from './context';
import { publishCredits, publishDeletions, publishVideos } from './publish';
import { renderInputsOf } from './renderInputs';

export interface Caller {
  userId: number;
  plan: Plan;
}

export interface Idempotency {
  key: string;
  hash: string;
}

function payload(ctx: ServerContext, caller: Caller, row: VideoRow): Video {
  const asset = row.asset_id === null ? undefined : ctx.assets.get(row.asset_id);
  return toVideo(row, caller.plan, asset);
}

/**
 * Runs `work` in one transaction, replaying the stored result when the Idempotency-Key was seen before
 * with the same request (checked against `schema` on the way back). The result is stored in the same
 * transaction as the work, so a retry after a crash either finds both or neither. Write transactions here and elsewhere are IMMEDIATE: they take
 * the write lock up front, so a read-then-write never fails on a lock upgrade when another
 * connection (the seed, a second process) writes at the same time; busy_timeout makes them wait.
 */
function idempotent<T>(
  ctx: ServerContext,
  caller: Caller,
  idem: Idempotency | undefined,
  schema: z.ZodType<T>,
  work: () => { result: T; after: () => void },
): T {
  let after: (() => void) | undefined;
  const result = ctx.db
    .transaction((): T => {
      if (idem) {
        const earlier = findIdempotent(ctx.db, caller.userId, idem.key, idem.hash);
        if (earlier !== undefined) return schema.parse(earlier);
      }
      const done = work();
      after = done.after;
      if (idem) {
        storeIdempotent(ctx.db, {
          userId: caller.userId,
          key: idem.key,
          hash: idem.hash,
          result: done.result,
          now: ctx.now(),
        });
      }
      return done.result;
    })
    .immediate();
  after?.();
  return result;
}

function startGeneration(
  ctx: ServerContext,
  caller: Caller,
  spec: {
    title: string;
    prompt: string;
    triggers: readonly TriggerTag[];
    tags: readonly TriggerTag[] | null;
    settingsJson: string;
    cost: number;
    regeneratedFrom: number | null;
  },
): VideoRow {
  const now = ctx.now();
  const settings = parseSettings(spec.settingsJson);
  const row = insertProcessingVideo(
    ctx.db,
    {
      userId: caller.userId,
      title: spec.title,
      prompt: spec.prompt,
      triggers: spec.triggers,
      tags: spec.tags,
      settingsJson: spec.settingsJson,
      creditCost: spec.cost,
      regeneratedFrom: spec.regeneratedFrom,
      now,
    },
    renderKeyFor(renderInputsOf(spec.triggers, settings)),
  );
  applyCredit(ctx.db, {
    userId: caller.userId,
    kind: spec.regeneratedFrom === null ? 'generation' : 'regeneration',
    delta: -spec.cost,
    videoId: row.id,
    now,
  });
  bumpUserCounter(ctx.db, caller.userId, 'created');
  bumpUserCounter(ctx.db, caller.userId, spec.regeneratedFrom === null ? 'generations' : 'regenerations');
  return row;
}

function defaultTitle(prompt: string): string {
  const words = prompt.trim().split(/\s+/).slice(0, 8).join(' ');
  return words.length > 80 ? `${words.slice(0, 79)}…` : words;
}

/**
 * The result of a generation that started (new or regenerated): the video and the credits after
 * the charge, the success in the action log, and the live events sent once the transaction committed.
 */
function started(
  ctx: ServerContext,
  caller: Caller,
  row: VideoRow,
  action: 'generate' | 'regenerate',
  videoIds: readonly number[],
  detail: { cost: number },
): { result: RegenerateResponse; after: () => void } {
  const result: RegenerateResponse = {
    video: payload(ctx, caller, row),
    credits: creditsOf(ctx.db, caller.userId, ctx.now()),
  };
  logAction(ctx.db, { userId: caller.userId, action, videoIds, outcome: 'ok', detail, now: ctx.now() });
  return {
    result,
    after: () => {
      publishVideos(ctx, caller.userId, [row]);
      publishCredits(ctx, caller.userId);
    },
  };
}

export function createVideo(
  ctx: ServerContext,
  caller: Caller,
  req: { prompt: string; title?: string; triggers: TriggerTag[]; settingsJson: string },
  idem: Idempotency | undefined,
): RegenerateResponse {
  const cost = generationCost(parseSettings(req.settingsJson));
  return idempotent(ctx, caller, idem, RegenerateResponseSchema, () => {
    const row = startGeneration(ctx, caller, {
      title: req.title ?? defaultTitle(req.prompt),
      prompt: req.prompt,
      triggers: req.triggers,
      tags: null,
      settingsJson: req.settingsJson,
      cost,
      regeneratedFrom: null,
    });
    return started(ctx, caller, row, 'generate', [row.id], { cost });
  });
}

function regenerateRow(ctx: ServerContext, caller: Caller, original: VideoRow): VideoRow {
  return startGeneration(ctx, caller, {
    title: original.title,
    prompt: original.prompt,
    // The original configuration (never edited), whatever the user relabelled; the labels come along.
    triggers: parseTriggers(original.triggers),
    tags: original.tags === null ? null : parseTriggers(original.tags),
    settingsJson: original.settings,
    cost: original.credit_cost,
    regeneratedFrom: original.id,
  });
}

/**
 * Runs a charging action; when it is refused for lack of credits, the refusal (which videos, the
 * amount required and the balance) goes to the action log before the 402 reaches the caller.
 */
function refusalLogged<T>(
  ctx: ServerContext,
  caller: Caller,
  action: 'regenerate' | 'bulk_regenerate',
  videoIds: readonly number[],
  charge: () => T,
): T {
  try {
    return charge();
  } catch (err) {
    if (err instanceof DomainError && err.code === 'insufficient_credits') {
      logAction(ctx.db, {
        userId: caller.userId,
        action,
        videoIds,
        outcome: 'refused',
        detail: { reason: err.code, ...err.extra },
        now: ctx.now(),
      });
    }
    throw err;
  }
}

export function regenerateVideo(
  ctx: ServerContext,
  caller: Caller,
  id: number,
  idem: Idempotency | undefined,
): RegenerateResponse {
  return refusalLogged(ctx, caller, 'regenerate', [id], () =>
    idempotent(ctx, caller, idem, RegenerateResponseSchema, () => {
      const original = getOwnedVideo(ctx.db, caller.userId, id);
      if (!original) throw notFound();
      const row = regenerateRow(ctx, caller, original);
      return started(ctx, caller, row, 'regenerate', [id, row.id], { cost: row.credit_cost });
    }),
  );
}

export function patchVideo(
  ctx: ServerContext,
  caller: Caller,
  id: number,
  change: { title?: string; tags?: TriggerTag[] },
): Video {
  const row = ctx.db
    .transaction(() => {
      const updated = updateTitleTags(ctx.db, caller.userId, id, change, ctx.now());
      if (!updated) throw notFound();
      logAction(ctx.db, {
        userId: caller.userId,
        action: 'edit',
        videoIds: [id],
        outcome: 'ok',
        detail: { fields: Object.keys(change).filter((k) => k === 'title' || k === 'tags') },
        now: ctx.now(),
      });
      return updated;
    })
    .immediate();
  publishVideos(ctx, caller.userId, [row]);
  return payload(ctx, caller, row);
}

/** Deletes inside the caller's transaction; returns what must happen after the commit. */
function deleteOne(
  ctx: ServerContext,
  caller: Caller,
  id: number,
): { seq: number; orphanAssetId: number | null; refunded: boolean } | undefined {
  const now = ctx.now();
  const deleted = deleteOwnedVideo(ctx.db, caller.userId, id, now);
  if (!deleted) return undefined;
  bumpUserCounter(ctx.db, caller.userId, 'deletes');
  // A video deleted before it finished never delivered anything, so its credits come back.
  let refunded = false;
  if (deleted.row.status === 'processing' && deleted.row.credit_cost > 0) {
    applyCredit(ctx.db, {
      userId: caller.userId,
      kind: 'refund',
      delta: deleted.row.credit_cost,
      videoId: id,
      note: 'deleted while processing',
      now,
    });
    refunded = true;
  }
  return { seq: deleted.seq, orphanAssetId: deleted.orphanAssetId, refunded };
}

/** Removes an asset's rows and files once no video uses it (checked again, after the commit). */
async function removeIfUnused(ctx: ServerContext, assetId: number): Promise<void> {
  try {
    if (await deleteAssetIfUnused(ctx.db, ctx.mediaDir, assetId)) ctx.assets.evict(assetId);
  } catch (err) {
    ctx.log.error({ err, assetId }, 'could not delete the files of an unused asset');
  }
}

export async function deleteVideo(ctx: ServerContext, caller: Caller, id: number): Promise<void> {
  const result = ctx.db
    .transaction(() => {
      const done = deleteOne(ctx, caller, id);
      logAction(ctx.db, {
        userId: caller.userId,
        action: 'delete',
        videoIds: [id],
        outcome: done ? 'ok' : 'refused',
        detail: done ? { refunded: done.refunded } : { reason: 'not_found' },
        now: ctx.now(),
      });
      return done;
    })
    .immediate();
  if (!result) throw notFound();
  publishDeletions(ctx, caller.userId, [{ id, seq: result.seq }]);
  if (result.refunded) publishCredits(ctx, caller.userId);
  if (result.orphanAssetId !== null) await removeIfUnused(ctx, result.orphanAssetId);
}

type BulkItem = BulkResult['results'][number];

export async function bulk(
  ctx: ServerContext,
  caller: Caller,
  action: 'delete' | 'regenerate',
  ids: readonly number[],
  idem: Idempotency | undefined,
): Promise<BulkResult> {
  const unique = [...new Set(ids)];
  if (action === 'delete') {
    const orphans: number[] = [];
    const deletions: { id: number; seq: number }[] = [];
    let anyRefund = false;
    const stored = idempotent(ctx, caller, idem, BulkResultSchema, () => {
      const results: BulkItem[] = unique.map((id) => {
        const done = deleteOne(ctx, caller, id);
        if (!done) return { id, ok: false, error: { code: 'not_found', message: 'Video not found' } };
        deletions.push({ id, seq: done.seq });
        if (done.refunded) anyRefund = true;
        if (done.orphanAssetId !== null) orphans.push(done.orphanAssetId);
        return { id, ok: true };
      });
      const okCount = results.filter((r) => r.ok).length;
      logAction(ctx.db, {
        userId: caller.userId,
        action: 'bulk_delete',
        videoIds: unique,
        outcome: okCount === unique.length ? 'ok' : okCount === 0 ? 'refused' : 'partial',
        detail: { deleted: okCount, not_found: unique.length - okCount },
        now: ctx.now(),
      });
      const result: BulkResult = { action, results, credits: creditsOf(ctx.db, caller.userId, ctx.now()) };
      return {
        result,
        after: () => {
          publishDeletions(ctx, caller.userId, deletions);
          if (anyRefund) publishCredits(ctx, caller.userId);
        },
      };
    });
    for (const assetId of new Set(orphans)) await removeIfUnused(ctx, assetId);
    return stored;
  }

  const created: VideoRow[] = [];
  return refusalLogged(ctx, caller, 'bulk_regenerate', unique, () =>
    idempotent(ctx, caller, idem, BulkResultSchema, () => {
      const owned = getOwnedVideos(ctx.db, caller.userId, unique);
      const required = [...owned.values()].reduce((sum, v) => sum + v.credit_cost, 0);
      const balance = balanceOf(ctx.db, caller.userId);
      // All or nothing: refuse before writing anything if the balance cannot cover every video.
      if (required > balance) throw insufficientCredits(required, balance);
      const results: BulkItem[] = unique.map((id) => {
        const original = owned.get(id);
        if (!original) return { id, ok: false, error: { code: 'not_found', message: 'Video not found' } };
        const row = regenerateRow(ctx, caller, original);
        created.push(row);
        return { id, ok: true, video: payload(ctx, caller, row) };
      });
      logAction(ctx.db, {
        userId: caller.userId,
        action: 'bulk_regenerate',
        videoIds: unique,
        outcome: created.length === unique.length ? 'ok' : created.length === 0 ? 'refused' : 'partial',
        detail: { regenerated: created.map((r) => [r.regenerated_from, r.id]), cost: required },
        now: ctx.now(),
      });
      const result: BulkResult = { action, results, credits: creditsOf(ctx.db, caller.userId, ctx.now()) };
      return {
        result,
        after: () => {
          publishVideos(ctx, caller.userId, created);
          publishCredits(ctx, caller.userId);
        },
      };
    }),
  );
}
