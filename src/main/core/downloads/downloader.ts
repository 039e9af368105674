import { createHash, type Hash } from 'node:crypto';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import got, { type Got, type Response } from 'got';
import { backoffDelay, DEFAULT_BACKOFF, parseRetryAfter, type BackoffOptions } from './backoff';
import { nodeDownloadFs, type DownloadFs, type PartFile } from './downloadFs';
import { diskError, DownloadError, isNetworkError } from './errors';
import { uniqueFileName } from './filenames';
import type { RateLimiter } from './rateLimiter';

// One resumable download. got does the HTTP with its own retries off (retry.limit 0); the loop here
// decides what to do with every answer, resumes from the bytes already in `<name>.part` with
// Range + If-Range on the strong ETag, and only renames the part into place once it is flushed and
// its sha256 matches the server's record.

export type AbortReason = 'pause' | 'cancel';

export interface DownloadRequest {
  url: string;
  /** Called before each attempt, so a refreshed access token is used on resume. */
  headers?: () => Promise<Record<string, string>> | Record<string, string>;
  destDir: string;
  /** The final file name; the part is `<fileName>.part` next to it. */
  fileName: string;
  expected: { bytes: number; sha256: string };
  /** The ETag of the bytes already in the part file, as persisted by the caller. */
  etag?: string | null;
  /** Abort with reason 'pause' (keeps the part) or 'cancel' (removes it). */
  signal?: AbortSignal;
  onProgress?: (bytesDone: number, bytesTotal: number) => void;
  /** The validator of the part changed; persist it before any byte under it is written. */
  onValidator?: (etag: string | null) => void;
  onRetry?: (info: { failures: number; delayMs: number; reason: string }) => void;
  /** Bytes received from the network so far by this call (before they reach the disk). */
  onReceived?: (bytes: number) => void;
}

export interface DownloadResult {
  path: string;
  bytes: number;
  sha256: string;
  /** Bytes already in the part file when this call started. */
  resumedFrom: number;
  /** Bytes received over the network by this call (re-fetches included). */
  fetchedBytes: number;
}

export interface DownloaderOptions {
  fs?: DownloadFs;
  rateLimiter?: RateLimiter;
  /** No byte from the server for this long (while we are ready to take one) ends the attempt. */
  idleTimeoutMs?: number;
  connectTimeoutMs?: number;
  /** Consecutive attempts without progress before giving up. */
  maxFailures?: number;
  backoff?: BackoffOptions;
  /** Extra room to leave on the disk beyond the bytes still to fetch. */
  spaceMarginBytes?: number;
  random?: () => number;
}

// What may sit in memory between the socket and the disk: enough to keep both busy, small enough that
// little is lost (and fetched again) when the process is killed.
const WRITE_BUFFER = 1024 * 1024;
const FLUSH_EVERY = 32 * 1024 * 1024;
const RATE_SLICE = 16 * 1024;

interface Progress {
  hash: Hash;
  /** Bytes fed to `hash`, which are also the bytes known to be in the part file. */
  bytes: number;
}

type AttemptOutcome = { kind: 'complete' } | { kind: 'again'; progressed: boolean; reason: string };

class RetryableHttpError extends DownloadError {
  constructor(
    message: string,
    readonly retryAfterMs: number | null,
  ) {
    super('server_error', message, true);
  }
}

function abortError(signal: AbortSignal | undefined): DownloadError {
  return signal?.reason === 'cancel'
    ? new DownloadError('cancelled', 'The download was cancelled.')
    : new DownloadError('paused', 'The download is paused.');
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortError(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function header(response: Response, name: string): string | undefined {
  const v = response.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function isStrong(etag: string | null | undefined): etag is string {
  return typeof etag === 'string' && etag.startsWith('"');
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

export class Downloader {
  private readonly fs: DownloadFs;
  private readonly http: Got;
  private readonly idleTimeoutMs: number;
  private readonly maxFailures: number;
  private readonly backoff: BackoffOptions;
  private readonly spaceMargin: number;
  private readonly random: () => number;

  constructor(private readonly options: DownloaderOptions = {}) {
    this.fs = options.fs ?? nodeDownloadFs;
    this.idleTimeoutMs = options.idleTimeoutMs ?? 30_000;
    this.maxFailures = options.maxFailures ?? 8;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.spaceMargin = options.spaceMarginBytes ?? 1024 * 1024;
    this.random = options.random ?? Math.random;
    const connect = options.connectTimeoutMs ?? 15_000;
    this.http = got.extend({
      retry: { limit: 0 },
      decompress: false,
      throwHttpErrors: false,
      followRedirect: true,
      // Phase timeouts only: a large file on a slow line must never hit a whole-request limit.
      timeout: {
        lookup: connect,
        connect,
        secureConnect: connect,
        send: connect,
        response: this.idleTimeoutMs,
      },
    });
  }

  async download(req: DownloadRequest): Promise<DownloadResult> {
    const partPath = join(req.destDir, `${req.fileName}.part`);
    const { signal } = req;
    if (signal?.aborted) throw await this.aborted(req, partPath);

    let etag = req.etag ?? null;
    const setEtag = (value: string | null): void => {
      if (value === etag) return;
      etag = value;
      req.onValidator?.(value);
    };

    const resumedFrom = await this.partSize(req, partPath);
    await this.checkSpace(req, resumedFrom);

    let progress: Progress | null = null;
    let failures = 0;
    let checksumFailures = 0;
    const counter = { fetched: 0 };

    for (;;) {
      let attemptStart: number | null = null;
      try {
        let have = await this.partSize(req, partPath);
        if (have > req.expected.bytes) {
          await this.fs
            .truncate(partPath, 0)
            .catch((e: unknown) => Promise.reject(diskError(e, req.destDir)));
          have = 0;
          setEtag(null);
        }
        if (progress?.bytes !== have) progress = await this.hashExisting(req, partPath, have);
        attemptStart = progress.bytes;

        const outcome = await this.attempt(req, partPath, progress, etag, setEtag, counter);
        if (outcome.kind === 'again') {
          failures = outcome.progressed ? 1 : failures + 1;
          if (failures > this.maxFailures) {
            throw new DownloadError('network', `The download kept failing (${outcome.reason}).`, true);
          }
          await this.pause(req, failures, null, outcome.reason);
          continue;
        }

        const digest = progress.hash.copy().digest('hex');
        if (digest !== req.expected.sha256) {
          checksumFailures += 1;
          await this.fs.unlink(partPath).catch((e: unknown) => Promise.reject(diskError(e, req.destDir)));
          progress = null;
          setEtag(null);
          if (checksumFailures > 1) {
            throw new DownloadError(
              'checksum_mismatch',
              'The downloaded file does not match the checksum the server recorded for it, twice. ' +
                'It was discarded; try again later or contact support.',
            );
          }
          continue;
        }
        const path = await this.finish(req, partPath);
        return { path, bytes: progress.bytes, sha256: digest, resumedFrom, fetchedBytes: counter.fetched };
      } catch (error) {
        if (signal?.aborted) throw await this.aborted(req, partPath);
        if (error instanceof DownloadError && !error.retryable) throw error;
        if (!(error instanceof DownloadError) && !isNetworkError(error)) {
          throw new DownloadError('io_error', `The download failed: ${String(error)}`, false, {
            cause: error,
          });
        }
        // A dropped connection after real progress is a fresh start, not one more strike.
        if (attemptStart !== null && progress !== null && progress.bytes > attemptStart) failures = 0;
        failures += 1;
        const reason = error instanceof Error ? error.message : String(error);
        if (failures > this.maxFailures) {
          throw new DownloadError(
            error instanceof DownloadError ? error.code : 'network',
            `The download failed after ${failures} attempts: ${reason}`,
            false,
            { cause: error },
          );
        }
        await this.pause(
          req,
          failures,
          error instanceof RetryableHttpError ? error.retryAfterMs : null,
          reason,
        );
      }
    }
  }

  private async pause(req: DownloadRequest, failures: number, retryAfterMs: number | null, reason: string) {
    const delayMs = backoffDelay(failures, this.backoff, retryAfterMs, this.random);
    req.onRetry?.({ failures, delayMs, reason });
    await sleep(delayMs, req.signal);
  }

  private async aborted(req: DownloadRequest, partPath: string): Promise<DownloadError> {
    const error = abortError(req.signal);
    if (error.code === 'cancelled') {
      await this.fs.unlink(partPath).catch(() => undefined);
      req.onValidator?.(null);
    }
    return error;
  }

  private async partSize(req: DownloadRequest, partPath: string): Promise<number> {
    try {
      const dirPresent = await this.fs.exists(req.destDir);
      if (!dirPresent) throw Object.assign(new Error('no such directory'), { code: 'ENOENT' });
      return (await this.fs.size(partPath)) ?? 0;
    } catch (error) {
      throw diskError(error, req.destDir);
    }
  }

  private async checkSpace(req: DownloadRequest, have: number): Promise<void> {
    let free: number;
    try {
      free = await this.fs.freeBytes(req.destDir);
    } catch (error) {
      throw diskError(error, req.destDir);
    }
    const needed = Math.max(0, req.expected.bytes - have) + this.spaceMargin;
    if (free < needed) {
      const mb = (n: number): string => `${Math.ceil(n / (1024 * 1024))} MB`;
      throw new DownloadError(
        'insufficient_space',
        `Not enough free space in ${req.destDir}: the download needs ${mb(needed)}, ${mb(free)} is free.`,
      );
    }
  }

  /** Re-hashes the bytes already on disk once, so hashing can continue incrementally. */
  private async hashExisting(req: DownloadRequest, partPath: string, have: number): Promise<Progress> {
    const hash = createHash('sha256');
    if (have === 0) return { hash, bytes: 0 };
    let bytes = 0;
    try {
      for await (const chunk of this.fs.readStream(partPath)) {
        const take = Math.min(chunk.length, have - bytes);
        hash.update(take === chunk.length ? chunk : chunk.subarray(0, take));
        bytes += take;
        if (bytes >= have) break;
      }
    } catch (error) {
      throw diskError(error, req.destDir);
    }
    if (bytes !== have)
      throw new DownloadError('io_error', `The partial file ${partPath} changed while it was read.`);
    return { hash, bytes };
  }

  private async attempt(
    req: DownloadRequest,
    partPath: string,
    progress: Progress,
    etag: string | null,
    setEtag: (etag: string | null) => void,
    counter: { fetched: number },
  ): Promise<AttemptOutcome> {
    const have = progress.bytes;
    const total = req.expected.bytes;
    if (have === total && have > 0) return { kind: 'complete' };

    const headers: Record<string, string> = { ...(await req.headers?.()), 'accept-encoding': 'identity' };
    if (have > 0) {
      headers.range = `bytes=${have}-`;
      if (isStrong(etag)) headers['if-range'] = etag;
    }
    if (req.signal?.aborted) throw abortError(req.signal);
    const stream = this.http.stream(req.url, { headers });
    const onAbort = (): void => {
      stream.destroy(abortError(req.signal));
    };
    req.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const response = await new Promise<Response>((resolve, reject) => {
        stream.once('response', resolve);
        stream.once('error', reject);
      });
      const status = response.statusCode;
      const responseEtag = header(response, 'etag') ?? null;

      if (status === 416) {
        stream.destroy();
        if (have === total) return { kind: 'complete' };
        await this.restart(req, partPath, progress, setEtag);
        return { kind: 'again', progressed: false, reason: 'the server refused the range (416)' };
      }
      if (status !== 200 && status !== 206) {
        throw await this.httpError(stream, response);
      }

      // The server's file must be the size its record says; otherwise it was replaced since the record
      // was read, and fetching it would only end in a checksum failure.
      const declared =
        status === 206
          ? /\/(\d+)$/.exec(header(response, 'content-range') ?? '')?.[1]
          : header(response, 'content-length');
      if (declared !== undefined && Number(declared) !== total) {
        stream.destroy();
        throw new DownloadError(
          'bad_response',
          `The server's file is ${declared} bytes but its record says ${total}; it was probably replaced. ` +
            'Retry to fetch the current version.',
        );
      }

      let start = 0;
      if (status === 206) {
        const range = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(header(response, 'content-range') ?? '');
        const sameFile = !isStrong(etag) || responseEtag === null || responseEtag === etag;
        if (range === null || Number(range[1]) !== have || !sameFile) {
          // Not the bytes we asked for, or a different file: start over rather than splice.
          stream.destroy();
          await this.restart(req, partPath, progress, setEtag);
          return { kind: 'again', progressed: false, reason: 'the server answered with a different range' };
        }
        start = have;
      } else if (have > 0) {
        // A 200 to a range request is the whole file (changed, or a server without ranges).
        await this.restart(req, partPath, progress, setEtag);
      }
      setEtag(isStrong(responseEtag) ? responseEtag : null);

      const before = progress.bytes;
      await this.receive(req, partPath, stream, progress, start, counter);
      const progressed = progress.bytes > before;
      if (progress.bytes === total) return { kind: 'complete' };
      if (progress.bytes > total) {
        await this.restart(req, partPath, progress, setEtag);
        return { kind: 'again', progressed: false, reason: 'the server sent more bytes than the file has' };
      }
      return { kind: 'again', progressed, reason: 'the server ended the body early' };
    } finally {
      req.signal?.removeEventListener('abort', onAbort);
      if (!stream.destroyed) stream.destroy();
    }
  }

  private async restart(
    req: DownloadRequest,
    partPath: string,
    progress: Progress,
    setEtag: (etag: string | null) => void,
  ): Promise<void> {
    try {
      await this.fs.truncate(partPath, 0);
    } catch (error) {
      throw diskError(error, req.destDir);
    }
    progress.hash = createHash('sha256');
    progress.bytes = 0;
    setEtag(null);
  }

  private async httpError(stream: NodeJS.ReadableStream & { destroy(): void }, response: Response) {
    const status = response.statusCode;
    let body = '';
    try {
      for await (const chunk of stream) {
        body += String(chunk);
        if (body.length > 16_384) break;
      }
    } catch {
      // The body is only a hint; the status code decides.
    }
    stream.destroy();
    let code = '';
    let message = '';
    try {
      const parsed: unknown = JSON.parse(body);
      if (typeof parsed === 'object' && parsed !== null && 'error' in parsed) {
        const e = parsed.error;
        if (typeof e === 'object' && e !== null) {
          if ('code' in e && typeof e.code === 'string') code = e.code;
          if ('message' in e && typeof e.message === 'string') message = e.message;
        }
      }
    } catch {
      message = '';
    }
    const detail = message === '' ? `HTTP ${status}` : `${message} (HTTP ${status})`;
    if (status === 401)
      return new DownloadError('unauthorized', `You are signed out; sign in again (${detail}).`);
    if (status === 403) {
      return code === 'plan_required'
        ? new DownloadError(
            'plan_required',
            `Your plan does not include this quality; upgrade to download it.`,
          )
        : new DownloadError('unauthorized', `The server refused this download (${detail}).`);
    }
    if (status === 404 || status === 410)
      return new DownloadError('not_found', `The video is gone (${detail}).`);
    if (status === 409)
      return new DownloadError('not_ready', `The video is not ready to download yet (${detail}).`);
    if (status === 408 || status === 425 || status === 429 || status >= 500) {
      return new RetryableHttpError(
        `The server is busy (${detail}).`,
        parseRetryAfter(response.headers['retry-after']),
      );
    }
    return new DownloadError('bad_response', `The server answered the download with ${detail}.`);
  }

  private async receive(
    req: DownloadRequest,
    partPath: string,
    stream: NodeJS.ReadableStream & { destroy(error?: Error): void },
    progress: Progress,
    start: number,
    counter: { fetched: number },
  ): Promise<void> {
    let file: PartFile;
    try {
      file = await this.fs.openPart(partPath);
    } catch (error) {
      throw diskError(error, req.destDir);
    }
    const limiter = this.options.rateLimiter;
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
        const buffers = chunks.map((c) =>
          Buffer.isBuffer(c.chunk) ? c.chunk : Buffer.from(String(c.chunk)),
        );
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
        else if (now - lastData > this.idleTimeoutMs) {
          stream.destroy(
            Object.assign(new Error(`No data from the server for ${this.idleTimeoutMs} ms`), {
              code: 'ETIMEDOUT',
            }),
          );
        }
      },
      Math.max(50, Math.min(1000, this.idleTimeoutMs / 4)),
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

  private async finish(req: DownloadRequest, partPath: string): Promise<string> {
    try {
      const name = await uniqueFileName(req.fileName, (candidate) =>
        this.fs.exists(join(req.destDir, candidate)),
      );
      const finalPath = join(req.destDir, name);
      await this.fs.rename(partPath, finalPath);
      await this.fs.syncDir(req.destDir);
      return finalPath;
    } catch (error) {
      throw diskError(error, req.destDir);
    }
  }
}
