import type { Hash } from 'node:crypto';
import { Writable } from 'node:stream';
import { sleep } from './abort';
import type { DownloadRequest } from './downloader';
import type { DownloadFs, PartFile } from './downloadFs';
import { diskError } from './errors';
import type { RateLimiter } from './rateLimiter';

// Writes one response body into the part file: hashing as it goes, under the bandwidth limit, with an
// idle watchdog and background flushes, keeping what arrived when the body fails.

// What may sit in memory between the socket and the disk: enough to keep both busy, small enough that
// little is lost (and fetched again) when the process is killed.
const WRITE_BUFFER = 1024 * 1024;
const FLUSH_EVERY = 32 * 1024 * 1024;
const RATE_SLICE = 16 * 1024;

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

/**
 * Pipes the body into the part file. Unlike pipeline(), a failing body (dropped connection, idle
 * timeout, pause) still lets the bytes already received reach the disk, so the next attempt resumes
 * from the last byte that arrived; a failing disk stops the body at once.
 */
function drain(
  source: NodeJS.ReadableStream & { destroy(error?: Error): void },
  sink: Writable,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let sourceError: unknown = null;
    source.once('error', (error: unknown) => {
      sourceError = error;
      source.unpipe(sink);
      if (!sink.writableEnded) sink.end();
    });
    sink.once('error', (error) => {
      source.destroy();
      reject(error);
    });
    sink.once('finish', () => (sourceError === null ? resolve() : reject(sourceError)));
    source.pipe(sink);
  });
}

export async function receiveBody(o: BodyOptions): Promise<void> {
  const { req, stream, progress, start, counter, limiter, idleTimeoutMs } = o;
  let file: PartFile;
  try {
    file = await o.fs.openPart(o.partPath);
  } catch (error) {
    throw diskError(error, req.destDir);
  }
  let position = start;
  let busySince: number | null = null;
  let flushedAt = start;
  let flushing: Promise<void> | null = null;
  let flushError: unknown = null;
  let lastData = performance.now();
  const total = req.expected.bytes;

  const sink = new Writable({
    highWaterMark: WRITE_BUFFER,
    writev: (chunks, callback) => {
      const buffers = chunks.map((c) => (Buffer.isBuffer(c.chunk) ? c.chunk : Buffer.from(String(c.chunk))));
      let size = 0;
      for (const b of buffers) size += b.length;
      busySince = performance.now();
      const write = async (): Promise<void> => {
        // Small slices, so the limit shapes the rate even when a whole small file arrives at once.
        for (let paid = 0; limiter && paid < size; paid += RATE_SLICE) {
          for (let wait = limiter.take(Math.min(RATE_SLICE, size - paid)); wait > 0;) {
            await sleep(Math.min(wait, 250), req.signal);
            wait = limiter.take(Math.min(RATE_SLICE, size - paid));
          }
        }
        const written = file.writev(buffers, position);
        // Hash while libuv's thread hands the bytes to the kernel, so the two overlap. Should the
        // write fail, the hash is ahead of the file: it is marked unusable, to be rebuilt from disk.
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
        // Flush in the background as we go: the disk works while the network does, and the fsync
        // before the rename finds little left to write.
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
      write().then(
        () => {
          busySince = null;
          lastData = performance.now();
          callback();
        },
        (error: unknown) => {
          busySince = null;
          callback(error instanceof Error ? error : new Error(String(error)));
        },
      );
    },
  });

  stream.on('data', (chunk: Buffer) => {
    counter.fetched += chunk.length;
    lastData = performance.now();
    req.onReceived?.(counter.fetched);
  });
  // Idle watchdog: time spent waiting on our own disk or bandwidth limit is not the server's fault.
  const watchdog = setInterval(
    () => {
      const now = performance.now();
      if (busySince !== null) lastData = now;
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
  let failure: unknown = null;
  try {
    await drain(stream, sink);
  } catch (error) {
    failure = error;
  }
  clearInterval(watchdog);
  try {
    // Flushed at the end of every attempt, so a pause or a crash leaves durable bytes behind.
    await flushing;
    await file.sync();
    await file.close();
  } catch (error) {
    throw diskError(error, req.destDir);
  }
  if (failure !== null) throw failure;
}
