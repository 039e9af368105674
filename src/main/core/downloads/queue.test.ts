import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Quality } from '../../../shared/api/vocabulary';
import type { DownloadItem } from '../../../shared/ipc/downloads';
import { migrate } from '../../../shared/sqlite/migrate';
import { CACHE_MIGRATIONS } from '../cache/migrations';
import { CoreError } from '../errors';
import { SignedOutError } from './httpErrors';
import { DownloadQueue, type DownloadQueueOptions, type QueueSettings } from './queue';
import type { DownloadTarget } from './targets';
import * as store from './store';
import { FaultServer, writeRandomFile, type ServedFile } from './test/faultServer';

const SIZE = 1024 * 1024;

let dir: string;
let dest: string;
let db: Db;
let file: ServedFile;
let server: FaultServer;
let settings: QueueSettings;
const queues: DownloadQueue[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dlq-test-'));
  dest = join(dir, 'Downloads', 'AIASMR Video');
  db = new Database(join(dir, 'cache.db'));
  db.pragma('journal_mode = WAL');
  migrate(db, CACHE_MIGRATIONS);
  file = await writeRandomFile(dir, 'source.bin', SIZE);
  server = new FaultServer(file);
  await server.start();
  settings = { downloadDir: dest, downloadConcurrency: 3, bandwidthLimitKBps: 0, writeSidecar: false };
});

afterEach(async () => {
  for (const q of queues.splice(0)) await q.close();
  await server.stop();
  db.close();
  await rm(dir, { recursive: true, force: true });
});

function target(videoId: number, quality: Quality, overrides: Partial<DownloadTarget> = {}): DownloadTarget {
  return {
    videoId,
    quality,
    title: `Video ${videoId}`,
    url: server.url,
    bytes: file.bytes,
    sha256: file.sha256,
    allowed: true,
    sidecar: null,
    ...overrides,
  };
}

function makeQueue(
  overrides: Partial<DownloadQueueOptions> & { targets?: (id: number, q: Quality) => DownloadTarget } = {},
): { queue: DownloadQueue; events: DownloadItem[][]; settled: DownloadItem[] } {
  const events: DownloadItem[][] = [];
  const settled: DownloadItem[] = [];
  const targets = overrides.targets ?? target;
  const queue = new DownloadQueue({
    db,
    settings: () => settings,
    source: {
      describe: (id, q) => Promise.resolve(targets(id, q)),
      headers: () => ({ authorization: 'Bearer test' }),
    },
    downloader: { backoff: { baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 2000 }, idleTimeoutMs: 2000 },
    onItems: (items) => events.push(items),
    onSettled: (item) => settled.push(item),
    progressIntervalMs: 0,
    ...overrides,
  });
  queues.push(queue);
  return { queue, events, settled };
}

function settledOnce(settled: DownloadItem[], count: number): Promise<void> {
  return new Promise((resolve) => {
    const check = (): void => {
      if (settled.length >= count) resolve();
      else setTimeout(check, 10);
    };
    check();
  });
}

async function sha(path: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
}

describe('DownloadQueue', () => {
  it('downloads, verifies, records the local file and writes the sidecar when asked', async () => {
    settings.writeSidecar = true;
    const changed: number[][] = [];
    const { queue, settled } = makeQueue({
      onLocalFilesChanged: (ids) => changed.push(ids),
      targets: (id, q) =>
        target(id, q, {
          title: 'Rain: on glass?',
          sidecar: {
            id,
            title: 'Rain: on glass?',
            prompt: 'rain on a window',
            tags: ['Rain'],
            settings: { seconds: 30 },
            quality: q,
            sha256: file.sha256,
            createdAt: '2026-01-01T00:00:00.000Z',
          },
        }),
    });
    const outcome = await queue.start([7], 'hd');
    expect(outcome.failed).toEqual([]);
    await settledOnce(settled, 1);
    const [done] = settled;
    expect(done?.state).toBe('completed');
    expect(done?.path).toBe(join(dest, 'Rain_ on glass_ (HD).mp4'));
    expect(await sha(join(dest, 'Rain_ on glass_ (HD).mp4'))).toBe(file.sha256);
    expect(store.localFile(db, 7, 'hd')).toMatchObject({
      sha256: file.sha256,
      bytes: SIZE,
      missing_since: null,
    });
    expect(changed).toEqual([[7]]);
    const sidecar: unknown = JSON.parse(await readFile(join(dest, 'Rain_ on glass_ (HD).json'), 'utf8'));
    expect(sidecar).toMatchObject({ prompt: 'rain on a window', tags: ['Rain'] });
    expect(server.log[0]?.authorization).toBe('Bearer test');
  });

  it('runs at most `downloadConcurrency` at once and finishes them all', async () => {
    settings.downloadConcurrency = 2;
    server.defaultFault = { kind: 'slow', chunkBytes: 128 * 1024, delayMs: 10 };
    const { queue, events, settled } = makeQueue();
    await queue.start([1, 2, 3, 4, 5], 'sd');
    await settledOnce(settled, 5);
    let maxActive = 0;
    const states = new Map<number, string>();
    for (const batch of events) {
      for (const i of batch) states.set(i.id, i.state);
      maxActive = Math.max(maxActive, [...states.values()].filter((s) => s === 'active').length);
    }
    expect(maxActive).toBe(2);
    expect(settled.every((i) => i.state === 'completed')).toBe(true);
    expect(new Set(settled.map((i) => i.fileName)).size).toBe(5);
  });

  it('gives one name per download when titles collide, and one download per video and quality', async () => {
    server.defaultFault = { kind: 'slow', chunkBytes: 256 * 1024, delayMs: 20 };
    const { queue, settled } = makeQueue({ targets: (id, q) => target(id, q, { title: 'Same' }) });
    const a = await queue.start([1, 2], 'hd');
    const again = await queue.start([1], 'hd');
    expect(a.started.map((i) => i.fileName)).toEqual(['Same (HD).mp4', 'Same (HD) (2).mp4']);
    expect(again.started[0]?.id).toBe(a.started[0]?.id);
    await settledOnce(settled, 2);
    expect((await readdir(dest)).sort()).toEqual(['Same (HD) (2).mp4', 'Same (HD).mp4']);
  });

  it('refuses a quality above the plan with plan_required and starts nothing', async () => {
    const { queue } = makeQueue({ targets: (id, q) => target(id, q, { allowed: q !== '4k' }) });
    const outcome = await queue.start([3], '4k');
    expect(outcome.started).toEqual([]);
    expect(outcome.failed).toEqual([
      { videoId: 3, code: 'plan_required', message: expect.stringMatching(/4K/) },
    ]);
    expect(queue.list()).toEqual([]);
  });

  it('marks a download failed with the reason and completes it on retry', async () => {
    server.plan({ kind: 'status', status: 403, body: { error: { code: 'plan_required', message: 'no' } } });
    const { queue, settled } = makeQueue();
    const [item] = (await queue.start([4], 'hd')).started;
    await settledOnce(settled, 1);
    expect(settled[0]?.state).toBe('failed');
    expect(settled[0]?.error?.code).toBe('plan_required');
    await queue.retry(item?.id ?? 0);
    await settledOnce(settled, 2);
    expect(settled[1]?.state).toBe('completed');
  });

  it('pauses, resumes from the part, and cancels removing the part', async () => {
    server.defaultFault = { kind: 'slow', chunkBytes: 64 * 1024, delayMs: 30 };
    const { queue, events, settled } = makeQueue();
    const [item] = (await queue.start([5], 'hd')).started;
    const id = item?.id ?? 0;
    await new Promise<void>((resolve) => {
      const check = (): void => {
        if (events.flat().some((i) => i.id === id && i.bytesDone >= 256 * 1024)) resolve();
        else setTimeout(check, 10);
      };
      check();
    });
    expect(queue.pause(id).state).toBe('paused');
    expect(() => queue.pause(id)).toThrow(CoreError);
    // Starting it again resumes it rather than making a second download.
    const restarted = await queue.start([5], 'hd');
    expect(restarted.started[0]?.id).toBe(id);
    expect(queue.pause(id).state).toBe('paused');
    await new Promise((r) => setTimeout(r, 100));
    expect((await readdir(dest)).some((n) => n.endsWith('.part'))).toBe(true);
    server.defaultFault = { kind: 'ok' };
    expect((await queue.resume(id)).state).toMatch(/queued|active/);
    await settledOnce(settled, 1);
    expect(settled[0]?.state).toBe('completed');
    expect(server.log.at(-1)?.range).toMatch(/^bytes=\d+-$/);

    server.defaultFault = { kind: 'slow', chunkBytes: 64 * 1024, delayMs: 30 };
    const [other] = (await queue.start([6], 'hd')).started;
    const cancelled = await queue.cancel(other?.id ?? 0);
    expect(cancelled.state).toBe('cancelled');
    expect((await readdir(dest)).filter((n) => n.endsWith('.part'))).toEqual([]);
    await expect(queue.cancel(other?.id ?? 0)).rejects.toThrow(/already cancelled/);
  });

  it('takes finished downloads off the list, keeps their files on record, and refuses live ones', async () => {
    const removedEvents: number[][] = [];
    const { queue, settled } = makeQueue({ onRemoved: (ids) => removedEvents.push(ids) });
    const [done] = (await queue.start([1], 'hd')).started;
    await settledOnce(settled, 1);
    server.defaultFault = { kind: 'slow', chunkBytes: 64 * 1024, delayMs: 30 };
    const [cancelled] = (await queue.start([2], 'hd')).started;
    await queue.cancel(cancelled?.id ?? 0);
    const [live] = (await queue.start([3], 'hd')).started;
    queue.pause(live?.id ?? 0);

    // A live download owns a part file: it must be cancelled before it can leave the list.
    expect(() => queue.remove(live?.id ?? 0)).toThrow(/paused; cancel it first/);
    expect(() => queue.remove(9999)).toThrow(CoreError);

    expect(queue.remove(done?.id ?? 0)).toEqual({ removed: [done?.id] });
    expect(queue.list().map((i) => i.id)).not.toContain(done?.id);
    // The verified file is still on disk and on record: badges and drag-out keep working.
    expect(store.localFile(db, 1, 'hd')).toMatchObject({ sha256: file.sha256, missing_since: null });
    expect((await queue.draggableFiles([1])).dragged).toHaveLength(1);

    expect(queue.clearFinished()).toEqual({ removed: [cancelled?.id] });
    expect(queue.list().map((i) => [i.id, i.state])).toEqual([[live?.id, 'paused']]);
    // Nothing left to clear: no event for nothing.
    expect(queue.clearFinished()).toEqual({ removed: [] });
    expect(removedEvents).toEqual([[done?.id], [cancelled?.id]]);
  });

  it('resumes an interrupted download after a restart of the queue', async () => {
    server.defaultFault = { kind: 'slow', chunkBytes: 64 * 1024, delayMs: 30 };
    const first = makeQueue();
    const [item] = (await first.queue.start([8], 'hd')).started;
    await new Promise<void>((resolve) => {
      const check = (): void => {
        if (first.events.flat().some((i) => i.bytesDone >= 300 * 1024)) resolve();
        else setTimeout(check, 10);
      };
      check();
    });
    await first.queue.close();
    expect(store.getDownload(db, item?.id ?? 0)?.state).toBe('queued');
    const partBytes = (await stat(join(dest, 'Video 8 (HD).mp4.part'))).size;
    expect(partBytes).toBeGreaterThanOrEqual(300 * 1024);

    server.defaultFault = { kind: 'ok' };
    const second = makeQueue();
    await second.queue.restore();
    await settledOnce(second.settled, 1);
    expect(second.settled[0]?.state).toBe('completed');
    expect(server.log.at(-1)?.range).toBe(`bytes=${partBytes}-`);
    expect(await sha(join(dest, 'Video 8 (HD).mp4'))).toBe(file.sha256);
  });

  it('resumes after the process is killed with SIGKILL mid-download', async () => {
    const big = await writeRandomFile(dir, 'big.bin', 8 * 1024 * 1024);
    server.file = big;
    server.defaultFault = { kind: 'slow', chunkBytes: 256 * 1024, delayMs: 40 };
    const dbPath = join(dir, 'cache.db');
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(import.meta.dirname, 'test', 'queueChild.ts'),
        dbPath,
        server.url,
        String(big.bytes),
        big.sha256,
        dest,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_c, s) => resolve(s)));
    await new Promise<void>((resolve, reject) => {
      let text = '';
      child.stdout.on('data', (d: Buffer) => {
        text += d.toString();
        if (
          text
            .split('\n')
            .some((l) => /"done":(\d+)/.exec(l) && Number(/"done":(\d+)/.exec(l)?.[1]) >= 2 * 1024 * 1024)
        ) {
          resolve();
        }
      });
      child.once('exit', () => reject(new Error('the child exited before it was killed')));
    });
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const partPath = join(dest, 'Killed midway (HD).mp4.part');
    const partBytes = (await stat(partPath)).size;
    expect(partBytes).toBeGreaterThanOrEqual(2 * 1024 * 1024);
    expect(partBytes).toBeLessThan(big.bytes);
    const row = db
      .prepare<[], { state: string; etag: string | null }>('SELECT state, etag FROM downloads')
      .get();
    expect(row).toEqual({ state: 'active', etag: big.etag });

    server.defaultFault = { kind: 'ok' };
    const fetchedBefore = server.log.length;
    const next = makeQueue({ targets: (id, q) => target(id, q, { bytes: big.bytes, sha256: big.sha256 }) });
    await next.queue.restore();
    await settledOnce(next.settled, 1);
    expect(next.settled[0]?.state).toBe('completed');
    expect(server.log.slice(fetchedBefore).map((l) => [l.range, l.ifRange])).toEqual([
      [`bytes=${partBytes}-`, big.etag],
    ]);
    expect(await sha(join(dest, 'Killed midway (HD).mp4'))).toBe(big.sha256);
  });

  it('throttles progress events and reports speed and time left while active', async () => {
    server.defaultFault = { kind: 'slow', chunkBytes: 32 * 1024, delayMs: 5 };
    const { queue, events, settled } = makeQueue({ progressIntervalMs: 60_000 });
    await queue.start([10], 'hd');
    await settledOnce(settled, 1);
    const states = events.flat().map((i) => i.state);
    // queued, active, one progress update within the interval, completed: not one event per chunk.
    expect(states).toEqual(['queued', 'active', 'active', 'completed']);
    const item = store.getDownload(db, settled[0]?.id ?? 0);
    if (!item) throw new Error('missing row');
    const live = store.toItem({ ...item, state: 'active' }, { bytesDone: 250, speedBps: 100 });
    expect(live).toMatchObject({ speedBps: 100, etaSeconds: Math.ceil((SIZE - 250) / 100) });
    expect(store.toItem(item, { bytesDone: 250, speedBps: 100 })).toMatchObject({
      speedBps: null,
      etaSeconds: null,
    });
  });

  it('notices recorded files that were deleted or moved, and when they come back', async () => {
    const changed: number[][] = [];
    const { queue, settled } = makeQueue({ onLocalFilesChanged: (ids) => changed.push(ids) });
    await queue.start([9], 'sd');
    await settledOnce(settled, 1);
    const path = settled[0]?.path ?? '';
    expect(await queue.checkFiles()).toEqual([]);
    await rename(path, `${path}.moved`);
    expect(await queue.checkFiles()).toEqual([9]);
    expect(store.localFile(db, 9, 'sd')?.missing_since).not.toBeNull();
    await expect(queue.completedPath(settled[0]?.id ?? 0)).rejects.toThrow(/moved or deleted/);
    await rename(`${path}.moved`, path);
    expect(await queue.checkFiles()).toEqual([9]);
    expect(store.localFile(db, 9, 'sd')?.missing_since).toBeNull();
    expect(await queue.completedPath(settled[0]?.id ?? 0)).toBe(path);
    expect(changed.at(-1)).toEqual([9]);
  });
  it('picks the best verified file on disk of each video for a drag-out (4K > HD > SD)', async () => {
    const changed: number[][] = [];
    const { queue, settled } = makeQueue({ onLocalFilesChanged: (ids) => changed.push(ids) });
    await queue.start([1], 'sd');
    await queue.start([1], 'hd');
    await queue.start([2], 'sd');
    await settledOnce(settled, 3);
    expect(settled.every((i) => i.state === 'completed')).toBe(true);
    const hd1 = join(dest, 'Video 1 (HD).mp4');
    const sd1 = join(dest, 'Video 1 (SD).mp4');
    const sd2 = join(dest, 'Video 2 (SD).mp4');
    changed.length = 0;

    expect(await queue.draggableFiles([3, 1, 2, 1])).toEqual({ dragged: [hd1, sd2], missing: [3] });
    expect(changed).toEqual([]);

    // The HD file is deleted behind the app's back: the drag falls back to SD and the card learns it.
    await rm(hd1);
    expect(await queue.draggableFiles([1, 2])).toEqual({ dragged: [sd1, sd2], missing: [] });
    expect(store.localFile(db, 1, 'hd')?.missing_since).not.toBeNull();
    expect(changed).toEqual([[1]]);

    // A file replaced by another one of a different size is not the verified file any more.
    await writeFile(sd2, 'something else');
    await rm(sd1);
    expect(await queue.draggableFiles([1, 2])).toEqual({ dragged: [], missing: [1, 2] });
  });
  it('pauses on a 401 mid-download keeping its bytes, holds the queue, and resumes after the next sign-in', async () => {
    settings.downloadConcurrency = 1;
    server.plan(
      { kind: 'drop', afterBytes: 300_000 },
      { kind: 'status', status: 401, body: { error: { code: 'token_expired', message: 'expired' } } },
    );
    const signedOut: SignedOutError[] = [];
    const first = makeQueue({ onSignedOut: (e) => signedOut.push(e) });
    const outcome = await first.queue.start([11, 12], 'hd');
    const [a, b] = outcome.started;
    await new Promise<void>((resolve) => {
      const check = (): void => (signedOut.length > 0 ? resolve() : void setTimeout(check, 10));
      check();
    });
    // Let the queue's bookkeeping after the 401 run (it would start the next download if it could).
    await new Promise((r) => setTimeout(r, 50));
    expect(signedOut.map((e) => e.reason)).toEqual(['expired']);
    expect(first.queue.get(a?.id ?? 0)).toMatchObject({
      state: 'paused',
      error: { code: 'signed_out', message: expect.stringMatching(/sign in again/) },
    });
    expect(first.queue.get(b?.id ?? 0).state).toBe('queued');
    expect(first.settled).toEqual([]);
    expect(server.log).toHaveLength(2);
    const partBytes = (await stat(join(dest, 'Video 11 (HD).mp4.part'))).size;
    expect(partBytes).toBeGreaterThan(0);
    await first.queue.close();

    // The host signed the user out; signing in again opens a new queue on the same database.
    const second = makeQueue();
    await second.queue.restore();
    await settledOnce(second.settled, 2);
    expect(second.settled.map((i) => i.state)).toEqual(['completed', 'completed']);
    expect(server.log[2]?.range).toBe(`bytes=${partBytes}-`);
    expect(await sha(join(dest, 'Video 11 (HD).mp4'))).toBe(file.sha256);
    expect(await sha(join(dest, 'Video 12 (HD).mp4'))).toBe(file.sha256);
  });
});
