import type { Hash } from 'node:crypto';
import { sleep } from './abort';
import type { DownloadRequest } from './downloader';
import type { DownloadFs, PartFile } from './downloadFs';
import { diskError } from './errors';
import type { RateLimiter } from './rateLimiter';

// Writes one response body into the part file: hashing as it goes, under the bandwidth limit, with an
// idle watchdog, keeping what arrived when the body fails.
//
// Cheap per chunk on purpose (the bench compares us with curl): chunks are gathered into batches and
// written with one writev each (no second stream with its own buffer between the body and the file),
// and the hash runs while libuv's thread hands a batch to the kernel.

/**
 * Bytes gathered before a write. While one batch is being written the next one fills, and the body is
 * paused once it is full, so at most about two batches (plus a socket read) are in memory: that is what
 * a SIGKILL can lose and the next attempt fetches again (the bench's target is at most 1 MiB).
 */
const BATCH = 384 * 1024;
/** The bandwidth limit is paid in slices, so it shapes the rate even for a small file. */
const RATE_SLICE = 16 * 1024;
/**
 * Flushed in the background as the body arrives, every this many bytes. Measured side by side on a
 * quiet machine (1 GiB, loopback), a flush every 32 MiB held the writes back behind the disk (app 410 to
 * 480 MB/s against 560 to 590 MB/s with one fsync before the rename), so it is large: the final fsync
 * makes the file durable before it is renamed, and a resume after a power cut re-verifies the bytes
 * it keeps through the sha256 anyway.
 */
const FLUSH_EVERY = 1024 * 1024 * 1024;

export interface Progress {
  hash: Hash;
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

async function payLimit(limiter: RateLimiter | undefined, size: number, signal?: AbortSignal) {
  if (!limiter || limiter.limit <= 0) return;
  for (let paid = 0; paid < size; paid += RATE_SLICE) {
    const slice = Math.min(RATE_SLICE, size - paid);
    for (let wait = limiter.take(slice); wait > 0; wait = limiter.take(slice)) {
      await sleep(Math.min(wait, 250), signal);
    }
  }
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
  let position = start;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let writing = false;
  let paused = false;
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

  const writeBatch = async (buffers: Buffer[], size: number): Promise<void> => {
    await payLimit(limiter, size, req.signal);
    const written = file.writev(buffers, position);
    // Should the write fail, the hash is ahead of the file: it is marked unusable, to be rebuilt.
    for (const b of buffers) progress.hash.update(b);
    try {
      await written;
    } catch (error) {
      progress.bytes = Number.NaN;
      throw diskError(error, req.destDir);
    }
    position += size;
    progress.bytes = position;
    req.onProgress?.(position, total);
    if (position - flushedAt >= FLUSH_EVERY && flushing === null) {
      flushedAt = position;
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

  // One writer at a time: takes everything gathered, lets the body flow again while it writes.
  const pump = async (): Promise<void> => {
    writing = true;
    try {
      while (diskFailure === null && pendingBytes > 0 && (pendingBytes >= BATCH || ended)) {
        const buffers = pending;
        const size = pendingBytes;
        pending = [];
        pendingBytes = 0;
        if (paused && !ended) {
          paused = false;
          stream.resume();
        }
        await writeBatch(buffers, size);
        lastData = performance.now();
      }
    } catch (error) {
      diskFailure = error;
      stream.destroy();
    } finally {
      writing = false;
    }
    if (ended || diskFailure !== null) settle();
  };

  const onData = (chunk: Buffer): void => {
    counter.fetched += chunk.length;
    lastData = performance.now();
    req.onReceived?.(counter.fetched);
    if (diskFailure !== null) return;
    pending.push(chunk);
    pendingBytes += chunk.length;
    if (writing) {
      if (pendingBytes >= BATCH && !paused) {
        paused = true;
        stream.pause();
      }
    } else if (pendingBytes >= BATCH) {
      void pump();
    }
  };
  const onEnd = (): void => {
    if (ended) return;
    ended = true;
    if (!writing) void pump();
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
      if (writing) lastData = now;
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
