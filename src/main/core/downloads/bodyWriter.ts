import { sleep } from './abort';
import { acquireSlot, releaseSlot, SLOT_BYTES } from './bodySlots';
import { DIRECT_BLOCK } from './directIo';
import type { DownloadRequest } from './downloader';
import type { DownloadFs, PartFile } from './downloadFs';
import { diskError, DownloadError } from './errors';
import type { RateLimiter } from './rateLimiter';
import type { Sha256Stream } from './sha256Worker';

// Writes one response body into the part file: hashing as it goes, under the bandwidth limit, with an
// idle watchdog, keeping what arrived when the body fails.
//
// Cheap per chunk on purpose (the bench compares us with curl): each chunk is copied as it arrives
// into a slot of shared, page-aligned memory (bodySlots.ts); a full slot is written by libuv's thread
// (directly to the disk where the file system allows it, see directIo.ts) while the sha256 worker
// hashes the same memory, and the other slot gathers meanwhile. This thread only parses HTTP and copies.
//
// The body is paused while both slots are full, so at most two slots (plus a socket read) are in
// memory: that is what a SIGKILL can lose and the next attempt fetches again (the bench's target is at
// most 1 MiB). Larger slots measured faster (fewer hand-offs between threads) until that bound.

/**
 * A slot that has been gathering this long is written as far as it is filled (to a block boundary)
 * once the disk is free, so a slow or limited download still shows progress, and keeps on disk what
 * it received, several times a second.
 */
const PARTIAL_AFTER_MS = 250;
/**
 * Flushed in the background as the body arrives, every this many bytes. Measured side by side on a
 * quiet machine (1 GiB, loopback), a flush every 32 MiB held the writes back behind the disk (app 410 to
 * 480 MB/s against 560 to 590 MB/s with one fsync before the rename), so it is large: the final fsync
 * makes the file durable before it is renamed, and a resume after a power cut re-verifies the bytes
 * it keeps through the sha256 anyway.
 */
const FLUSH_EVERY = 1024 * 1024 * 1024;

export interface Progress {
  hash: Sha256Stream;
  /** Bytes fed to `hash`, which are also the bytes known to be in the part file. */
  bytes: number;
}

export interface BodyOptions {
  req: DownloadRequest;
  fs: DownloadFs;
  partPath: string;
  stream: NodeJS.ReadableStream & { destroy(error?: Error): void };
  progress: Progress;
  /** Where in the file the body starts. */
  start: number;
  counter: { fetched: number };
  limiter: RateLimiter | undefined;
  idleTimeoutMs: number;
}

/**
 * Bytes the batch starting at `position` takes: a whole slot, less what brings a resumed position
 * back onto a block boundary, so every batch after the first can be written directly.
 */
function batchSize(position: number): number {
  return SLOT_BYTES - (position % DIRECT_BLOCK);
}

/**
 * Receives the body into the part file. A failing body (dropped connection, idle timeout, pause) still
 * lets the bytes already received reach the disk, so the next attempt resumes from the last byte that
 * arrived; a failing disk stops the body at once.
 */
export async function receiveBody(o: BodyOptions): Promise<void> {
  const { req, stream, progress, start, counter, limiter, idleTimeoutMs } = o;
  let file: PartFile;
  try {
    file = await o.fs.openPart(o.partPath);
  } catch (error) {
    throw diskError(error, req.destDir);
  }
  const total = req.expected.bytes;
  // Two slots: one gathers the body while the other is written and hashed.
  const slots: readonly [Buffer, Buffer] = [acquireSlot(), acquireSlot()];
  let gathering: 0 | 1 = 0;
  let gathered = 0;
  /** Where the gathering slot's bytes go in the file. */
  let gatherAt = start;
  let target = batchSize(start);
  /** The gathering slot is complete and waits for the one in flight; the body is paused meanwhile. */
  let full = false;
  /** What arrived after both slots were complete, taken when one is free again. */
  const overflow: Buffer[] = [];
  let gatherStarted = performance.now();
  let inFlight = false;
  /** Paused because both slots are full, or to keep under the bandwidth limit. */
  let paused = false;
  let throttled = false;
  let ended = false;
  let sourceError: unknown = null;
  let diskFailure: unknown = null;
  let lastData = performance.now();
  let flushedAt = start;
  let flushing: Promise<void> | null = null;
  let flushError: unknown = null;
  let settle: () => void = () => undefined;
  const settled = new Promise<void>((resolve) => {
    settle = resolve;
  });

  const writeBatch = async (slot: Buffer, size: number, at: number): Promise<void> => {
    const data = slot.subarray(0, size);
    const written = file.write(data, at);
    const hashed = progress.hash.update(data).then(
      () => null,
      (error: unknown) => error,
    );
    try {
      await written;
    } catch (error) {
      // The hash is ahead of the file now: it is marked unusable, to be rebuilt from the file. The
      // worker is still let finish with the slot, which goes back to the pool after this.
      progress.bytes = Number.NaN;
      await hashed;
      throw diskError(error, req.destDir);
    }
    const hashError = await hashed;
    if (hashError !== null) {
      progress.bytes = Number.NaN;
      throw new DownloadError('io_error', 'Checking the download failed; it resumes from the file.', true, {
        cause: hashError,
      });
    }
    progress.bytes = at + size;
    req.onProgress?.(at + size, total);
    if (at + size - flushedAt >= FLUSH_EVERY && flushing === null) {
      flushedAt = at + size;
      flushing = file.sync().then(
        () => {
          flushing = null;
        },
        (e: unknown) => {
          flushing = null;
          flushError ??= e;
        },
      );
    }
    if (flushError !== null) throw diskError(flushError, req.destDir);
  };

  /** Lets the body flow when nothing holds it back, or holds it. */
  const flow = (): void => {
    const hold = (full || throttled) && !ended;
    if (hold && !paused) {
      paused = true;
      stream.pause();
    } else if (!hold && paused) {
      paused = false;
      stream.resume();
    }
  };

  /**
   * Sends the first `size` bytes of the gathering slot to be written and hashed; the other slot
   * gathers from now on, starting with the rest (a partial batch ends on a block boundary).
   */
  const issue = (size = gathered): void => {
    const slot = slots[gathering];
    const at = gatherAt;
    gathering = gathering === 0 ? 1 : 0;
    if (size < gathered) slot.copy(slots[gathering], 0, size, gathered);
    gathered -= size;
    full = false;
    gatherAt += size;
    target = batchSize(gatherAt);
    gatherStarted = performance.now();
    inFlight = true;
    writeBatch(slot, size, at).then(afterBatch, (error: unknown) => {
      inFlight = false;
      diskFailure ??= error;
      stream.destroy();
      settle();
    });
  };

  /** Writes what a slow body has gathered so far, when the disk is free and the slot has waited. */
  const issuePartial = (now: number): void => {
    if (inFlight || full || now - gatherStarted < PARTIAL_AFTER_MS) return;
    const size = gathered - ((gatherAt + gathered) % DIRECT_BLOCK);
    if (size > 0) issue(size);
  };

  /** Copies a chunk into the gathering slot, sending each slot as it completes. */
  const gather = (chunk: Buffer): void => {
    let offset = 0;
    while (offset < chunk.length) {
      if (full) {
        overflow.push(offset === 0 ? chunk : chunk.subarray(offset));
        flow();
        return;
      }
      const take = Math.min(target - gathered, chunk.length - offset);
      chunk.copy(slots[gathering], gathered, offset, offset + take);
      gathered += take;
      offset += take;
      if (gathered === target) {
        if (inFlight) full = true;
        else issue();
      }
    }
  };

  const afterBatch = (): void => {
    inFlight = false;
    lastData = performance.now();
    if (diskFailure !== null) return settle();
    if (full) issue();
    while (overflow.length > 0 && !full) {
      const chunk = overflow.shift();
      if (chunk) gather(chunk);
    }
    flow();
    if (ended && !inFlight) {
      if (gathered > 0) issue();
      else settle();
    }
  };

  /** Charges a received chunk to the bandwidth limit, holding the body while the bucket is in debt. */
  const throttle = (rate: RateLimiter, bytes: number): void => {
    let wait = rate.take(bytes);
    if (wait <= 0) return;
    throttled = true;
    flow();
    void (async () => {
      try {
        for (; wait > 0; wait = rate.take(bytes)) {
          await sleep(Math.min(wait, 250), req.signal);
        }
      } catch {
        // Aborted: the abort ends the body through the stream.
      }
      throttled = false;
      flow();
    })();
  };

  const onData = (chunk: Buffer): void => {
    counter.fetched += chunk.length;
    lastData = performance.now();
    req.onReceived?.(counter.fetched);
    if (diskFailure !== null) return;
    gather(chunk);
    issuePartial(lastData);
    if (limiter && limiter.limit > 0) throttle(limiter, chunk.length);
  };
  const onEnd = (): void => {
    if (ended) return;
    ended = true;
    if (inFlight) return;
    if (diskFailure === null && gathered > 0) issue();
    else settle();
  };
  const onError = (error: unknown): void => {
    sourceError ??= error;
    onEnd();
  };
  stream.on('data', onData);
  stream.once('end', onEnd);
  stream.once('close', onEnd);
  stream.once('error', onError);

  // Idle watchdog: time spent waiting on our own disk or bandwidth limit is not the server's fault.
  const watchdog = setInterval(
    () => {
      const now = performance.now();
      if (inFlight || throttled) lastData = now;
      else if (now - lastData > idleTimeoutMs) {
        stream.destroy(
          Object.assign(new Error(`No data from the server for ${idleTimeoutMs} ms`), {
            code: 'ETIMEDOUT',
          }),
        );
      }
    },
    Math.max(50, Math.min(1000, idleTimeoutMs / 4)),
  );
  try {
    await settled;
  } finally {
    clearInterval(watchdog);
    stream.off('data', onData);
    for (const slot of slots) releaseSlot(slot);
  }
  // Flushed at the end of every attempt, so a pause or a crash leaves durable bytes behind.
  await flushing;
  if (flushError !== null) diskFailure ??= diskError(flushError, req.destDir);
  const flushed = await file.sync().then(
    () => null,
    (error: unknown) => error,
  );
  const closed = await file.close().then(
    () => null,
    (error: unknown) => error,
  );
  if (diskFailure !== null) throw diskFailure;
  if (flushed !== null || closed !== null) throw diskError(flushed ?? closed, req.destDir);
  if (sourceError !== null) throw sourceError;
}
