import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { BulkResult, Video } from '../../../shared/api/schemas';
import type { TriggerTag } from '../../../shared/api/vocabulary';
import { BULK_MAX_IDS } from '../../../shared/api/vocabulary';
import type { ActionEstimate, ActionOutcome, LibraryVideo } from '../../../shared/ipc/models';
import { ApiRequestError, AuthError, OfflineError } from '../api/errors';
import type { RemoteApi } from '../api/remote';
import type { Library } from '../cache/library';
import {
  addOutbox,
  listOutbox,
  noteOutboxAttempt,
  outboxSize,
  removeOutbox,
  type OutboxEntry,
} from '../cache/outbox';
import { deleteVideo, getVideoRow, setPending, setTitleAndTags, upsertVideo } from '../cache/videos';
import type { CreditsService } from '../credits/credits';
import { CoreError } from '../errors';
import type { Emit } from '../events';

type Failure = ActionOutcome['failed'][number];

/** What happened to one outbox entry when it was sent. */
type EntryResult =
  | { state: 'done'; done: number[]; failed: Failure[] }
  | { state: 'queued' }
  | { state: 'failed'; failed: Failure[] };

export interface ActionsHooks {
  /** The server could not be reached: the host goes offline. */
  onOffline: (err: OfflineError) => void;
  onAuthError: (err: AuthError) => void;
  onOutboxChanged: () => void;
}

const gone = (id: number): Failure => ({
  id,
  code: 'not_found',
  message: `Video ${id} no longer exists on the server; it was removed from your library.`,
});

/**
 * Delete, regenerate and edit: applied to the cache at once (marked pending), written to the outbox in
 * the same transaction, then sent. The server's answer confirms or rolls back each video. Unreachable
 * server: the entries stay in the outbox and are replayed on reconnect with the same idempotency keys,
 * so a regenerate is never charged twice.
 */
export class Actions {
  private flushing: Promise<Map<number, EntryResult>> | null = null;
  private flushAgain = false;

  constructor(
    private readonly db: Database,
    private readonly api: RemoteApi,
    private readonly library: Library,
    private readonly credits: CreditsService,
    private readonly emit: Emit,
    private readonly hooks: ActionsHooks,
    private readonly now: () => number = Date.now,
  ) {}

  pendingCount(): number {
    return outboxSize(this.db);
  }

  estimate(action: 'delete' | 'regenerate', ids: readonly number[]): ActionEstimate {
    const summary = this.credits.get();
    if (!summary)
      throw new CoreError('offline', 'Your credit balance is not known yet; connect to the server first.');
    const costs = this.library.costs(ids);
    const spent = [...costs.values()].reduce((a, b) => a + b, 0);
    const cost = action === 'regenerate' ? spent : 0;
    return {
      action,
      count: costs.size,
      cost,
      spent,
      balance: summary.balance,
      balanceAfter: summary.balance - cost,
      affordable: summary.balance >= cost,
      plan: summary.plan,
    };
  }

  delete(ids: readonly number[]): Promise<ActionOutcome> {
    return this.run('delete', ids);
  }

  regenerate(ids: readonly number[]): Promise<ActionOutcome> {
    return this.run('regenerate', ids);
  }

  async edit(id: number, patch: { title?: string; tags?: TriggerTag[] }): Promise<LibraryVideo> {
    const row = getVideoRow(this.db, id);
    if (!row || row.pending === 'delete')
      throw new CoreError('not_found', `Video ${id} is not in your library.`);
    const before = { title: row.title, tags: this.library.get(id)?.triggers ?? [] };
    const entryId = this.db.transaction(() => {
      setTitleAndTags(this.db, id, patch.title ?? before.title, patch.tags ?? before.tags);
      setPending(this.db, [id], 'edit');
      return addOutbox(this.db, {
        kind: 'edit',
        videoIds: [id],
        payload: { patch, before },
        idempotencyKey: randomUUID(),
        createdAt: this.now(),
      });
    })();
    this.changed([id]);
    const result = (await this.flush()).get(entryId) ?? { state: 'queued' };
    if (result.state === 'failed') {
      const f = result.failed[0];
      throw new CoreError(
        f?.code === 'not_found' ? 'not_found' : 'conflict',
        f?.message ?? 'The edit was refused.',
      );
    }
    const video = this.library.get(id);
    if (!video) throw new CoreError('not_found', `Video ${id} no longer exists on the server.`);
    return video;
  }

  /** Sends everything waiting in the outbox, in order (on reconnect and after each action). */
  flush(): Promise<Map<number, EntryResult>> {
    if (this.flushing) {
      this.flushAgain = true;
      return this.flushing.then(() => this.flush());
    }
    this.flushing = this.flushAll().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async run(kind: 'delete' | 'regenerate', requested: readonly number[]): Promise<ActionOutcome> {
    const unique = [...new Set(requested)];
    const failed: Failure[] = [];
    const ids: number[] = [];
    for (const id of unique) {
      const row = getVideoRow(this.db, id);
      if (!row || row.pending === 'delete')
        failed.push({ id, code: 'not_found', message: `Video ${id} is not in your library.` });
      else if (row.pending !== null)
        failed.push({ id, code: 'conflict', message: `Video ${id} has an action still in progress.` });
      else ids.push(id);
    }
    if (ids.length === 0) return { done: [], queued: [], failed };
    const entryIds = this.db.transaction(() => {
      setPending(this.db, ids, kind);
      const out: number[] = [];
      for (let i = 0; i < ids.length; i += BULK_MAX_IDS) {
        out.push(
          addOutbox(this.db, {
            kind,
            videoIds: ids.slice(i, i + BULK_MAX_IDS),
            payload: {},
            idempotencyKey: randomUUID(),
            createdAt: this.now(),
          }),
        );
      }
      return out;
    })();
    this.changed(ids);
    this.hooks.onOutboxChanged();
    const results = await this.flush();
    const outcome: ActionOutcome = { done: [], queued: [], failed };
    const entries = new Map(listOutbox(this.db).map((e) => [e.id, e]));
    entryIds.forEach((entryId, i) => {
      const chunk = ids.slice(i * BULK_MAX_IDS, (i + 1) * BULK_MAX_IDS);
      const r = results.get(entryId) ?? (entries.has(entryId) ? { state: 'queued' as const } : null);
      if (!r || r.state === 'queued') outcome.queued.push(...chunk);
      else if (r.state === 'done') {
        outcome.done.push(...r.done);
        outcome.failed.push(...r.failed);
      } else outcome.failed.push(...r.failed);
    });
    return outcome;
  }

  private async flushAll(): Promise<Map<number, EntryResult>> {
    const results = new Map<number, EntryResult>();
    do {
      this.flushAgain = false;
      for (const entry of listOutbox(this.db)) {
        // The account may have been closed (sign-out) while a request was in flight.
        if (!this.db.open) return results;
        if (results.has(entry.id)) continue;
        let result: EntryResult;
        try {
          result = await this.send(entry);
        } catch (err) {
          if (err instanceof OfflineError) {
            this.db.transaction(() => noteOutboxAttempt(this.db, entry.id, err.message))();
            this.hooks.onOffline(err);
            return results;
          }
          if (err instanceof AuthError) {
            this.hooks.onAuthError(err);
            return results;
          }
          result = this.refuse(entry, err);
        }
        if (!this.db.open) return results;
        results.set(entry.id, result);
        this.report(entry, result);
      }
    } while (this.flushAgain && this.db.open);
    if (this.db.open) this.hooks.onOutboxChanged();
    return results;
  }

  /** Replays refused by the server come back to the user as a notice (the caller sees its own outcome). */
  private report(entry: OutboxEntry, result: EntryResult): void {
    if (result.state === 'queued') return;
    const failures = result.failed;
    if (failures.length === 0 || entry.attempts === 0) return;
    const first = failures[0];
    if (!first) return;
    const more = failures.length > 1 ? ` (and ${failures.length - 1} more)` : '';
    this.emit('notice', {
      level: 'error',
      code: first.code,
      message: `A queued ${entry.kind} could not be applied: ${first.message}${more}`,
    });
  }

  private async send(entry: OutboxEntry): Promise<EntryResult> {
    if (entry.kind === 'edit') return this.sendEdit(entry);
    const [only] = entry.videoIds;
    if (entry.videoIds.length === 1 && only !== undefined) {
      if (entry.kind === 'delete') return this.sendSingleDelete(entry, only);
      return this.sendSingleRegenerate(entry, only);
    }
    const result = await this.api.bulk(entry.kind, entry.videoIds, entry.idempotencyKey);
    return this.applyBulk(entry, result);
  }

  private async sendSingleDelete(entry: OutboxEntry, id: number): Promise<EntryResult> {
    try {
      await this.api.deleteVideo(id);
    } catch (err) {
      // Already gone on the server: the delete's goal is met.
      if (!(err instanceof ApiRequestError && err.apiCode === 'not_found')) throw err;
    }
    this.commit(entry, () => deleteVideo(this.db, id));
    void this.credits.refresh().catch(() => undefined);
    return { state: 'done', done: [id], failed: [] };
  }

  private async sendSingleRegenerate(entry: OutboxEntry, id: number): Promise<EntryResult> {
    try {
      const res = await this.api.regenerate(id, entry.idempotencyKey);
      this.commit(entry, () => {
        setPending(this.db, [id], null);
        upsertVideo(this.db, res.video);
      });
      this.credits.apply(res.credits);
      return { state: 'done', done: [id], failed: [] };
    } catch (err) {
      if (err instanceof ApiRequestError && err.apiCode === 'not_found') {
        this.commit(entry, () => deleteVideo(this.db, id));
        return { state: 'failed', failed: [gone(id)] };
      }
      throw err;
    }
  }

  private async sendEdit(entry: OutboxEntry): Promise<EntryResult> {
    const [id] = entry.videoIds;
    const patch = entry.payload.patch;
    if (id === undefined || !patch)
      return this.refuse(entry, new CoreError('internal', 'A queued edit was incomplete.'));
    let video: Video;
    try {
      video = await this.api.patch(id, patch);
    } catch (err) {
      if (err instanceof ApiRequestError && err.apiCode === 'not_found') {
        this.commit(entry, () => deleteVideo(this.db, id));
        return { state: 'failed', failed: [gone(id)] };
      }
      throw err;
    }
    this.commit(entry, () => {
      setPending(this.db, [id], null);
      upsertVideo(this.db, video);
    });
    return { state: 'done', done: [id], failed: [] };
  }

  private applyBulk(entry: OutboxEntry, result: BulkResult): EntryResult {
    const done: number[] = [];
    const failed: Failure[] = [];
    this.commit(entry, () => {
      const answered = new Set<number>();
      for (const r of result.results) {
        answered.add(r.id);
        if (r.ok) {
          done.push(r.id);
          if (entry.kind === 'delete') deleteVideo(this.db, r.id);
          else {
            setPending(this.db, [r.id], null);
            if (r.video) upsertVideo(this.db, r.video);
          }
        } else if (r.error?.code === 'not_found') {
          deleteVideo(this.db, r.id);
          if (entry.kind === 'delete') done.push(r.id);
          else failed.push(gone(r.id));
        } else {
          setPending(this.db, [r.id], null);
          failed.push({
            id: r.id,
            code: r.error?.code ?? 'internal',
            message: r.error?.message ?? 'Refused by the server.',
          });
        }
      }
      // Ids the server did not mention: nothing happened to them.
      for (const id of entry.videoIds) {
        if (answered.has(id)) continue;
        setPending(this.db, [id], null);
        failed.push({ id, code: 'internal', message: 'The server did not answer for this video.' });
      }
    });
    this.credits.apply(result.credits);
    return { state: 'done', done, failed };
  }

  /** The server refused the whole entry: undo the optimistic change. */
  private refuse(entry: OutboxEntry, err: unknown): EntryResult {
    const code =
      err instanceof CoreError ? (err instanceof ApiRequestError ? err.apiCode : err.code) : 'internal';
    let message = err instanceof CoreError ? err.message : 'The action failed unexpectedly.';
    if (err instanceof ApiRequestError && err.apiCode === 'insufficient_credits') {
      const { required, balance } = err.details;
      message =
        required !== undefined && balance !== undefined
          ? `Not enough credits: this needs ${required} and your balance is ${balance}.`
          : 'Not enough credits for this action.';
    }
    this.commit(entry, () => {
      setPending(this.db, entry.videoIds, null);
      const [id] = entry.videoIds;
      const before = entry.payload.before;
      if (entry.kind === 'edit' && before && id !== undefined)
        setTitleAndTags(this.db, id, before.title, before.tags);
    });
    if (err instanceof ApiRequestError && err.apiCode === 'insufficient_credits') {
      void this.credits.refresh().catch(() => undefined);
    }
    return { state: 'failed', failed: entry.videoIds.map((id) => ({ id, code, message })) };
  }

  /** Applies an answer and drops its outbox entry in one transaction. */
  private commit(entry: OutboxEntry, apply: () => void): void {
    if (!this.db.open) return;
    this.db.transaction(() => {
      apply();
      removeOutbox(this.db, entry.id);
    })();
    this.changed(entry.videoIds);
  }

  private changed(ids: number[]): void {
    this.library.invalidate();
    this.emit('library:changed', { ids });
  }
}
