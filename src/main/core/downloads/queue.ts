import { mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { Quality } from '../../../shared/api/vocabulary';
import type { DownloadItem, DownloadStartOutcome } from '../../../shared/ipc/downloads';
import { CoreError } from '../errors';
import { Downloader, type DownloaderOptions } from './downloader';
import { nodeDownloadFs } from './downloadFs';
import { DownloadError } from './errors';
import { SignedOutError } from './httpErrors';
import { dragCandidates } from './dragCandidates';
import { adoptFinishedFile, checkLocalFiles } from './fileChecks';
import { planNewDownloads } from './newDownloads';
import { recordProgress, startRunning, type Running } from './progress';
import { RateLimiter } from './rateLimiter';
import { writeRecordedSidecar } from './sidecar';
import * as store from './store';
import type { DownloadRow } from './store';
import { describeTarget, describeTargets, type DownloadSource } from './targets';

// The download queue: every download is a row in the cache database, so the queue outlives the
// process. At most `downloadConcurrency` run at once; the rest wait in order. Progress is kept in
// memory and pushed at most every `progressIntervalMs` per item; states are written at once.

export interface QueueSettings {
  downloadDir: string;
  downloadConcurrency: number;
  /** 0 = unlimited. */
  bandwidthLimitKBps: number;
  writeSidecar: boolean;
}

export interface DownloadQueueOptions {
  db: Database;
  source: DownloadSource;
  settings: () => QueueSettings;
  downloader?: Omit<DownloaderOptions, 'rateLimiter'>;
  /** Items whose state or progress changed. */
  onItems?: (items: DownloadItem[]) => void;
  /** Downloads taken off the list. */
  onRemoved?: (ids: number[]) => void;
  /** Verified local files of these videos were added, or found missing / present again. */
  onLocalFilesChanged?: (videoIds: number[]) => void;
  /** A download completed or failed (for a system notification). */
  onSettled?: (item: DownloadItem) => void;
  /** A problem that did not stop a download (e.g. the sidecar could not be written). */
  onWarning?: (message: string) => void;
  /**
   * The server said the session ended (401) mid-download. The download is paused, its bytes kept, and
   * the queue holds; the host signs the user out, and the next sign-in's queue resumes it.
   */
  onSignedOut?: (error: SignedOutError) => void;
  now?: () => number;
  progressIntervalMs?: number;
}

export class DownloadQueue {
  private readonly db: Database;
  private readonly running = new Map<number, Running>();
  private readonly limiter: RateLimiter;
  private readonly downloader: Downloader;
  private readonly now: () => number;
  private readonly interval: number;
  private closed = false;
  /** A 401 was seen: nothing more starts until the next sign-in opens a new queue. */
  private signedOut = false;

  constructor(private readonly options: DownloadQueueOptions) {
    this.db = options.db;
    this.now = options.now ?? Date.now;
    this.interval = options.progressIntervalMs ?? 250;
    this.limiter = new RateLimiter(options.settings().bandwidthLimitKBps * 1024);
    this.downloader = new Downloader({ ...options.downloader, rateLimiter: this.limiter });
  }

  /**
   * Picks up where the last process or session stopped: downloads it left running, and those paused
   * because the session ended, are queued again (they resume from their part files), recorded files
   * are checked, and the queue starts.
   */
  async restore(): Promise<void> {
    store.requeueInterrupted(this.db, this.now());
    await this.checkFiles();
    this.pump();
  }

  /** Applies changed settings: bandwidth at once, concurrency for the next starts. */
  settingsChanged(): void {
    this.limiter.setLimit(this.options.settings().bandwidthLimitKBps * 1024);
    this.pump();
  }

  list(): DownloadItem[] {
    return store.listDownloads(this.db).map((r) => this.item(r));
  }

  get(id: number): DownloadItem {
    return this.item(this.row(id));
  }

  async start(videoIds: readonly number[], quality: Quality): Promise<DownloadStartOutcome> {
    const { downloadDir, writeSidecar: sidecarOn } = this.options.settings();
    try {
      await mkdir(downloadDir, { recursive: true });
    } catch (error) {
      throw new CoreError(
        'invalid_request',
        `The download folder ${downloadDir} cannot be created: ${String(error)}`,
      );
    }
    const ids = [...new Set(videoIds)];
    const started = new Map<number, DownloadItem>();
    const failed = new Map<number, DownloadStartOutcome['failed'][number]>();
    const fail = (videoId: number, error: unknown): void => {
      const e = error instanceof CoreError || error instanceof DownloadError ? error : null;
      failed.set(videoId, {
        videoId,
        code: e?.code ?? 'internal',
        message: e?.message ?? 'The download could not be started.',
      });
    };

    // Asking again for a download that stopped means: go on with it.
    const live = store.liveDownloadsFor(this.db, ids, quality);
    const fresh: number[] = [];
    for (const videoId of ids) {
      const existing = live.get(videoId);
      if (!existing) {
        fresh.push(videoId);
        continue;
      }
      try {
        started.set(
          videoId,
          existing.state === 'failed'
            ? await this.retry(existing.id)
            : existing.state === 'paused'
              ? await this.resume(existing.id)
              : this.item(existing),
        );
      } catch (error) {
        fail(videoId, error);
      }
    }

    const targets = await describeTargets(this.options.source, fresh, quality);
    this.ensureOpen();
    const { planned, failures } = await planNewDownloads(this.db, fresh, targets, quality, {
      downloadDir,
      writeSidecar: sidecarOn,
    });
    for (const [videoId, error] of failures) fail(videoId, error);
    this.ensureOpen();
    // One transaction for the whole selection: a bulk start of thousands is one commit, not thousands.
    const rows = store.insertDownloads(this.db, planned, this.now());
    for (const row of rows) started.set(row.video_id, this.item(row));

    const outcome: DownloadStartOutcome = {
      started: ids.flatMap((id) => started.get(id) ?? []),
      failed: ids.flatMap((id) => failed.get(id) ?? []),
    };
    this.emit(outcome.started.map((i) => this.row(i.id)));
    this.pump();
    return outcome;
  }

  pause(id: number): DownloadItem {
    const r = this.row(id);
    if (r.state !== 'active' && r.state !== 'queued') {
      throw new CoreError(
        'conflict',
        `This download is ${r.state}; only a queued or running one can be paused.`,
      );
    }
    store.setState(this.db, id, 'paused', this.now());
    this.running.get(id)?.controller.abort('pause');
    return this.emitOne(id);
  }

  async resume(id: number): Promise<DownloadItem> {
    const r = this.row(id);
    if (r.state === 'failed') return await this.retry(id);
    if (r.state !== 'paused') throw new CoreError('conflict', `This download is ${r.state}, not paused.`);
    return this.requeue(id);
  }

  async cancel(id: number): Promise<DownloadItem> {
    const r = this.row(id);
    if (r.state === 'completed' || r.state === 'cancelled') {
      throw new CoreError('conflict', `This download is already ${r.state}.`);
    }
    store.setState(this.db, id, 'cancelled', this.now());
    const running = this.running.get(id);
    if (running) {
      // The downloader removes the part file itself once the request is torn down.
      running.controller.abort('cancel');
      await running.done;
    } else {
      await nodeDownloadFs.unlink(join(r.dest_dir, `${r.file_name}.part`)).catch(() => undefined);
    }
    store.setEtag(this.db, id, null, this.now());
    return this.emitOne(id);
  }

  /**
   * Takes a finished download off the list. A live one (queued, running, paused or failed) is refused:
   * it owns a part file, which Cancel deletes first.
   */
  remove(id: number): { removed: number[] } {
    const r = this.row(id);
    if (!store.FINISHED_STATES.includes(r.state)) {
      throw new CoreError(
        'conflict',
        `This download is ${r.state}; cancel it first, then remove it from the list.`,
      );
    }
    return this.removed(store.deleteFinished(this.db, [id]));
  }

  /** Takes every completed and cancelled download off the list. */
  clearFinished(): { removed: number[] } {
    return this.removed(store.deleteAllFinished(this.db));
  }

  private removed(ids: number[]): { removed: number[] } {
    if (ids.length > 0) this.options.onRemoved?.(ids);
    return { removed: ids };
  }

  /** Tries a failed download again with a fresh record from the server; a cancelled one starts anew. */
  async retry(id: number): Promise<DownloadItem> {
    const r = this.row(id);
    if (r.state === 'cancelled') {
      const outcome = await this.start([r.video_id], r.quality);
      const first = outcome.started[0];
      if (first) return first;
      const failure = outcome.failed[0];
      throw new CoreError('conflict', failure?.message ?? 'The download could not be started again.');
    }
    if (r.state !== 'failed') throw new CoreError('conflict', `This download is ${r.state}, not failed.`);
    try {
      const target = await describeTarget(this.options.source, r.video_id, r.quality);
      store.refreshTarget(this.db, id, { url: target.url, bytesTotal: target.bytes, sha256: target.sha256 });
    } catch (error) {
      // Offline: retry with the record we have; the server's answer will say what is wrong.
      if (!(error instanceof CoreError && error.code === 'offline')) throw error;
    }
    return this.requeue(id);
  }

  /** Puts a download back in line and starts it when a slot is free. */
  private requeue(id: number): DownloadItem {
    store.setState(this.db, id, 'queued', this.now());
    const item = this.emitOne(id);
    this.pump();
    return item;
  }

  /** The path of a completed download's file, if it is still there. */
  async completedPath(id: number): Promise<string> {
    const r = this.row(id);
    if (r.state !== 'completed' || r.path === null)
      throw new CoreError('conflict', 'This download is not complete.');
    const file = store.localFile(this.db, r.video_id, r.quality);
    const path = file?.path ?? r.path;
    if (!(await nodeDownloadFs.exists(path))) {
      await this.checkFiles();
      throw new CoreError('not_found', `The file ${path} was moved or deleted. Download it again.`);
    }
    return path;
  }

  /**
   * The best verified file (4K, then HD, then SD) of each video that is still on disk, for a drag-out.
   * Files found gone are marked missing on the way (the cards learn it at once); videos with none are
   * returned in `missing`, in the order asked.
   */
  async draggableFiles(videoIds: readonly number[]): Promise<{ dragged: string[]; missing: number[] }> {
    const { dragged, missing, gone } = await dragCandidates(this.db, videoIds, this.now());
    if (gone.length > 0) this.options.onLocalFilesChanged?.(gone);
    return { dragged, missing };
  }

  /**
   * Checks that every recorded file is still on disk with its size; marks the missing ones (and those
   * back again). Returns the videos whose state changed.
   */
  async checkFiles(): Promise<number[]> {
    const ids = await checkLocalFiles(this.db, this.now());
    if (ids.length > 0) this.options.onLocalFilesChanged?.(ids);
    return ids;
  }

  /**
   * Stops every running download, keeping its part and leaving it queued so the next start resumes it.
   * The database is written synchronously here (the caller may close it right after); the promise
   * settles once the part files are flushed and closed.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const waits: Promise<void>[] = [];
    const now = this.now();
    for (const [id, r] of this.running) {
      store.setBytesDone(this.db, id, r.bytesDone, now);
      if (store.getDownload(this.db, id)?.state === 'active') store.setState(this.db, id, 'queued', now);
      r.controller.abort('pause');
      waits.push(r.done);
    }
    await Promise.all(waits);
  }

  /** The account closed while a request was waiting (signed out by a 401, or signed out by the user). */
  private ensureOpen(): void {
    if (this.closed) throw new CoreError('not_signed_in', 'You were signed out. Sign in and try again.');
  }

  private row(id: number): DownloadRow {
    const r = store.getDownload(this.db, id);
    if (!r) throw new CoreError('not_found', 'There is no such download.');
    return r;
  }

  private item(r: DownloadRow): DownloadItem {
    const live = this.running.get(r.id);
    return store.toItem(r, live ? { bytesDone: live.bytesDone, speedBps: live.speedBps } : undefined);
  }

  private emit(rows: DownloadRow[]): void {
    if (rows.length > 0) this.options.onItems?.(rows.map((r) => this.item(r)));
  }

  private emitOne(id: number): DownloadItem {
    const item = this.item(this.row(id));
    this.options.onItems?.([item]);
    return item;
  }

  private pump(): void {
    if (this.closed || this.signedOut) return;
    const limit = Math.max(1, this.options.settings().downloadConcurrency);
    while (this.running.size < limit) {
      const next = store.nextQueued(this.db, [...this.running.keys()]);
      if (!next) return;
      this.launch(next);
    }
  }

  private launch(r: DownloadRow): void {
    const now = this.now();
    store.setState(this.db, r.id, 'active', now);
    const entry = startRunning(r.bytes_done, now);
    this.running.set(r.id, entry);
    this.emitOne(r.id);
    entry.done = this.run(r, entry).finally(() => {
      this.running.delete(r.id);
      this.pump();
    });
  }

  private async run(r: DownloadRow, entry: Running): Promise<void> {
    try {
      const adopted = await adoptFinishedFile(r);
      const result =
        adopted ??
        (await this.downloader.download({
          url: r.url,
          headers: () => this.options.source.headers(),
          destDir: r.dest_dir,
          fileName: r.file_name,
          expected: { bytes: r.bytes_total, sha256: r.sha256 },
          etag: r.etag,
          signal: entry.controller.signal,
          onValidator: (etag) => {
            if (!this.closed) store.setEtag(this.db, r.id, etag, this.now());
          },
          onProgress: (done) => this.progress(r.id, entry, done),
        }));
      store.completeDownload(this.db, r, result, this.now());
      if (r.sidecar !== null) await this.sidecar(r, result.path);
      this.running.delete(r.id);
      const item = this.emitOne(r.id);
      this.options.onLocalFilesChanged?.([r.video_id]);
      this.options.onSettled?.(item);
    } catch (error) {
      this.running.delete(r.id);
      // After close() the database may be gone; close() already recorded this download as queued.
      if (this.closed) return;
      const e =
        error instanceof DownloadError
          ? error
          : new DownloadError('io_error', `The download stopped unexpectedly: ${String(error)}`);
      store.setBytesDone(this.db, r.id, entry.bytesDone, this.now());
      if (e instanceof SignedOutError) {
        // Not a failure: paused with its reason, resumed by the next sign-in (see restore()).
        this.signedOut = true;
        store.setState(this.db, r.id, 'paused', this.now(), { code: e.code, message: e.message });
        this.emitOne(r.id);
        this.options.onSignedOut?.(e);
        return;
      }
      // 'paused' and 'cancelled' were written by pause() / cancel() when they were asked for.
      if (e.code !== 'paused' && e.code !== 'cancelled') {
        store.setState(this.db, r.id, 'failed', this.now(), { code: e.code, message: e.message });
      }
      const item = this.emitOne(r.id);
      if (item.state === 'failed') this.options.onSettled?.(item);
    }
  }

  private async sidecar(r: DownloadRow, path: string): Promise<void> {
    try {
      await writeRecordedSidecar(r.dest_dir, basename(path), r.sidecar ?? 'null');
    } catch (error) {
      this.options.onWarning?.(`The sidecar for ${r.file_name} could not be written: ${String(error)}`);
    }
  }

  private progress(id: number, entry: Running, done: number): void {
    if (this.closed) {
      entry.bytesDone = done;
      return;
    }
    const now = this.now();
    const { persist, emit } = recordProgress(entry, done, now, this.interval);
    if (persist) store.setBytesDone(this.db, id, done, now);
    if (emit) this.emitOne(id);
  }
}
