import { join } from 'node:path';
import got, { type Got, type Response } from 'got';
import { abortError, sleep } from './abort';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff';
import { receiveBody, type Progress } from './bodyWriter';
import { nodeDownloadFs, type DownloadFs } from './downloadFs';
import { diskError, DownloadError, isNetworkError } from './errors';
import { errorFromResponse, header, RetryableHttpError } from './httpErrors';
import { uniqueFileName } from './filenames';
import type { RateLimiter } from './rateLimiter';
import { Sha256Stream } from './sha256Worker';

// One resumable download. got does the HTTP with its own retries off (retry.limit 0); the loop here
// decides what to do with every answer, resumes from the bytes already in `<name>.part` with
// Range + If-Range on the strong ETag, and only renames the part into place once it is flushed and
// its sha256 matches the server's record.

export type { AbortReason } from './abort';

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

type AttemptOutcome = { kind: 'complete' } | { kind: 'again'; progressed: boolean; reason: string };

function isStrong(etag: string | null | undefined): etag is string {
  return typeof etag === 'string' && etag.startsWith('"');
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

    // One running sha256 for the whole call, restarted whenever the part file is re-read or discarded.
    const hash = new Sha256Stream();
    try {
      return await this.run(req, partPath, hash, () => etag, setEtag, resumedFrom);
    } finally {
      hash.close();
    }
  }

  private async run(
    req: DownloadRequest,
    partPath: string,
    hash: Sha256Stream,
    etag: () => string | null,
    setEtag: (etag: string | null) => void,
    resumedFrom: number,
  ): Promise<DownloadResult> {
    const { signal } = req;
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
        if (progress?.bytes !== have) {
          // Re-hashing resets the one running hash: should it fail half-way, no old count may pair
          // with it on the next turn.
          progress = null;
          progress = await this.hashExisting(req, partPath, have, hash);
        }
        attemptStart = progress.bytes;

        const outcome = await this.attempt(req, partPath, progress, etag(), setEtag, counter);
        if (outcome.kind === 'again') {
          failures = outcome.progressed ? 1 : failures + 1;
          if (failures > this.maxFailures) {
            throw new DownloadError('network', `The download kept failing (${outcome.reason}).`, true);
          }
          await this.pause(req, failures, null, outcome.reason);
          continue;
        }

        const digest = await progress.hash.digest();
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
  private async hashExisting(
    req: DownloadRequest,
    partPath: string,
    have: number,
    hash: Sha256Stream,
  ): Promise<Progress> {
    hash.reset();
    if (have === 0) return { hash, bytes: 0 };
    let bytes = 0;
    try {
      for await (const chunk of this.fs.readStream(partPath)) {
        const take = Math.min(chunk.length, have - bytes);
        const data = take === chunk.length ? chunk : chunk.subarray(0, take);
        bytes += take;
        try {
          await hash.update(data);
        } catch (error) {
          throw new DownloadError('io_error', 'Checking the partial file failed; trying again.', true, {
            cause: error,
          });
        }
        if (bytes >= have) break;
      }
    } catch (error) {
      if (error instanceof DownloadError) throw error;
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
        throw await errorFromResponse(stream, response);
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
      await receiveBody({
        req,
        fs: this.fs,
        partPath,
        stream,
        progress,
        start,
        counter,
        limiter: this.options.rateLimiter,
        idleTimeoutMs: this.idleTimeoutMs,
      });
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
    progress.hash.reset();
    progress.bytes = 0;
    setEtag(null);
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
