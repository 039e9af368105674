import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Downloader, type DownloaderOptions, type DownloadRequest } from './downloader';
import { nodeDownloadFs, type DownloadFs } from './downloadFs';
import { DownloadError } from './errors';
import { SignedOutError } from './httpErrors';
import { RateLimiter } from './rateLimiter';
import { SLOT_BYTES } from './bodySlots';
import { FaultServer, writeRandomFile, type ServedFile } from './test/faultServer';

const SIZE = 2 * 1024 * 1024;
const FAST = { baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 5_000 };

let dir: string;
let dest: string;
let file: ServedFile;
let server: FaultServer;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dl-test-'));
  dest = join(dir, 'out');
  await mkdir(dest);
  file = await writeRandomFile(dir, 'source.bin', SIZE);
  server = new FaultServer(file);
  await server.start();
});

afterEach(async () => {
  await server.stop();
  await rm(dir, { recursive: true, force: true });
});

function downloader(options: DownloaderOptions = {}): Downloader {
  return new Downloader({ backoff: FAST, idleTimeoutMs: 2_000, ...options });
}

function request(overrides: Partial<DownloadRequest> = {}): DownloadRequest {
  return {
    url: server.url,
    destDir: dest,
    fileName: 'video.mp4',
    expected: { bytes: file.bytes, sha256: file.sha256 },
    ...overrides,
  };
}

async function sha(path: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
}

async function failure(promise: Promise<unknown>): Promise<DownloadError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DownloadError) return error;
    throw error;
  }
  throw new Error('expected the download to fail');
}

describe('Downloader', () => {
  it('downloads, verifies and renames into place', async () => {
    const seen: number[] = [];
    const result = await downloader().download(request({ onProgress: (done) => seen.push(done) }));
    expect(result.path).toBe(join(dest, 'video.mp4'));
    expect(await sha(result.path)).toBe(file.sha256);
    expect(await readdir(dest)).toEqual(['video.mp4']);
    expect(seen.at(-1)).toBe(SIZE);
    expect(server.log[0]?.range).toBeUndefined();
  });

  it('resumes after the connection drops mid-body, with Range and If-Range on the ETag', async () => {
    server.plan({ kind: 'drop', afterBytes: 700_000 });
    const etags: (string | null)[] = [];
    const result = await downloader().download(request({ onValidator: (e) => etags.push(e) }));
    expect(await sha(result.path)).toBe(file.sha256);
    expect(server.log).toHaveLength(2);
    expect(server.log[1]?.range).toMatch(/^bytes=\d+-$/);
    expect(server.log[1]?.ifRange).toBe(file.etag);
    expect(etags).toEqual([file.etag]);
    // Only what was not on disk is fetched again.
    expect(result.fetchedBytes).toBe(SIZE);
  });

  it('survives the server going away and coming back on the same port', async () => {
    server.plan({ kind: 'stall', afterBytes: 500_000 });
    const port = Number(new URL(server.url).port);
    let restarted = false;
    const result = await downloader({ idleTimeoutMs: 300 }).download(
      request({
        onRetry: () => {
          if (restarted) return;
          restarted = true;
          void server.stop().then(() => server.start(port));
        },
      }),
    );
    expect(restarted).toBe(true);
    expect(await sha(result.path)).toBe(file.sha256);
  });

  it('starts over when a range request is answered with 200', async () => {
    server.plan({ kind: 'drop', afterBytes: 600_000 }, { kind: 'ignoreRange' });
    const result = await downloader().download(request());
    expect(server.log.map((l) => l.status)).toEqual([200, 200]);
    expect(server.log[1]?.range).toBeDefined();
    expect(await sha(result.path)).toBe(file.sha256);
    expect(result.fetchedBytes).toBeGreaterThan(SIZE);
  });

  it('starts over when the answer is a different range than asked', async () => {
    server.plan({ kind: 'drop', afterBytes: 600_000 }, { kind: 'wrongRange' });
    const result = await downloader().download(request());
    expect(await sha(result.path)).toBe(file.sha256);
    expect(server.log.at(-1)?.range).toBeUndefined();
  });

  it('downloads the new file when the ETag changed between attempts and the record matches it', async () => {
    server.plan({ kind: 'drop', afterBytes: 600_000 });
    const replacement = await writeRandomFile(dir, 'replacement.bin', SIZE);
    let swapped = false;
    const result = await downloader().download(
      request({
        expected: { bytes: replacement.bytes, sha256: replacement.sha256 },
        onRetry: () => {
          if (swapped) return;
          swapped = true;
          server.file = replacement;
        },
      }),
    );
    expect(server.log[1]?.ifRange).toBe(file.etag);
    expect(server.log[1]?.status).toBe(200);
    expect(await sha(result.path)).toBe(replacement.sha256);
  });

  it('fails clearly, leaving nothing, when the file changed on the server but the record did not', async () => {
    server.plan({ kind: 'drop', afterBytes: 600_000 });
    const replacement = await writeRandomFile(dir, 'replacement.bin', SIZE);
    const error = await failure(
      downloader().download(
        request({
          onRetry: () => {
            server.file = replacement;
          },
        }),
      ),
    );
    expect(error.code).toBe('checksum_mismatch');
    expect(await readdir(dest)).toEqual([]);
  });

  it('refuses a server file whose size is not the recorded one, fetching nothing', async () => {
    const error = await failure(
      downloader().download(request({ expected: { bytes: SIZE + 1, sha256: file.sha256 } })),
    );
    expect(error.code).toBe('bad_response');
    expect(error.message).toMatch(/record says/);
    expect(server.log).toHaveLength(1);
    expect(await readdir(dest)).toEqual([]);
  });

  it('starts over after a 416 for a partial file', async () => {
    await writeFile(join(dest, 'video.mp4.part'), (await readFile(file.path)).subarray(0, 1000));
    server.plan({ kind: 'status', status: 416 });
    const result = await downloader().download(request({ etag: file.etag }));
    expect(server.log.map((l) => l.status)).toEqual([416, 200]);
    expect(await sha(result.path)).toBe(file.sha256);
  });

  it('accepts a complete part already on disk once its checksum is proven', async () => {
    await copyFile(file.path, join(dest, 'video.mp4.part'));
    const result = await downloader().download(request({ etag: file.etag }));
    expect(server.log).toHaveLength(0);
    expect(result.fetchedBytes).toBe(0);
    expect(await sha(result.path)).toBe(file.sha256);
  });

  it('discards a complete but corrupt part and fetches again', async () => {
    const bad = await readFile(file.path);
    bad[12345] = (bad[12345] ?? 0) ^ 0xff;
    await writeFile(join(dest, 'video.mp4.part'), bad);
    const result = await downloader().download(request({ etag: file.etag }));
    expect(await sha(result.path)).toBe(file.sha256);
    expect(server.log).toHaveLength(1);
  });

  it('resumes after a body that ends early without an error', async () => {
    server.plan({ kind: 'truncate', afterBytes: 300_000 }, { kind: 'truncate', afterBytes: 300_000 });
    const result = await downloader().download(request());
    expect(server.log).toHaveLength(3);
    expect(await sha(result.path)).toBe(file.sha256);
  });

  it('rides out a burst of 5xx and honours Retry-After', async () => {
    server.plan(
      { kind: 'status', status: 503, retryAfter: '0' },
      { kind: 'status', status: 502 },
      { kind: 'status', status: 503, retryAfter: '1' },
      { kind: 'status', status: 500 },
    );
    const delays: number[] = [];
    const result = await downloader().download(request({ onRetry: (r) => delays.push(r.delayMs) }));
    expect(await sha(result.path)).toBe(file.sha256);
    expect(delays).toHaveLength(4);
    expect(delays[0]).toBe(0);
    expect(delays[2]).toBe(1000);
  });

  it('gives up with a clear error when 5xx never stops, keeping the part for later', async () => {
    server.plan({ kind: 'drop', afterBytes: 400_000 });
    server.plan(...Array.from({ length: 10 }, () => ({ kind: 'status' as const, status: 503 })));
    const error = await failure(downloader({ maxFailures: 3 }).download(request()));
    expect(error.code).toBe('server_error');
    expect(error.message).toMatch(/after 4 attempts/);
    expect(await readdir(dest)).toEqual(['video.mp4.part']);
  });

  it('lets a slow but steady server finish without any timeout', async () => {
    // About 3 s in all, twice the idle timeout: only a whole-request timeout would cut it.
    server.file = await writeRandomFile(dir, 'small.bin', 480 * 1024);
    file = server.file;
    server.plan({ kind: 'slow', chunkBytes: 16 * 1024, delayMs: 100 });
    const retries: string[] = [];
    const result = await downloader({ idleTimeoutMs: 1500 }).download(
      request({ onRetry: (r) => retries.push(r.reason) }),
    );
    expect(retries).toEqual([]);
    expect(await sha(result.path)).toBe(file.sha256);
  });

  it('ends an attempt on an idle server and resumes', async () => {
    server.plan({ kind: 'stall', afterBytes: 500_000 });
    const retries: string[] = [];
    const result = await downloader({ idleTimeoutMs: 300 }).download(
      request({ onRetry: (r) => retries.push(r.reason) }),
    );
    // At least the stall; a loaded machine may add a spurious one, which must resume just the same.
    expect(retries.length).toBeGreaterThanOrEqual(1);
    for (const r of retries) expect(r).toMatch(/No data from the server/);
    expect(server.log[1]?.range).toMatch(/^bytes=\d+-$/);
    expect(await sha(result.path)).toBe(file.sha256);
  });

  it('keeps under a bandwidth limit, charging every byte, and shows progress as it goes', async () => {
    // 1 MB/s for 2 MiB: about two seconds, so a slot would take most of a second to fill.
    class CountingLimiter extends RateLimiter {
      charged = 0;
      waits = 0;
      override take(bytes: number): number {
        const wait = super.take(bytes);
        if (wait > 0) this.waits += 1;
        else this.charged += bytes;
        return wait;
      }
    }
    const limiter = new CountingLimiter(1_000_000);
    const seen: number[] = [];
    const result = await downloader({ rateLimiter: limiter }).download(
      request({ onProgress: (done) => seen.push(done) }),
    );
    expect(await sha(result.path)).toBe(file.sha256);
    expect(limiter.charged).toBe(SIZE);
    // The body was held back (the bucket was in debt), not just counted.
    expect(limiter.waits).toBeGreaterThan(0);
    // Partial batches: progress moves in steps smaller than a slot, several times over.
    const steps = seen.map((done, i) => done - (seen[i - 1] ?? 0));
    expect(seen.length).toBeGreaterThan(4);
    expect(Math.max(...steps.slice(0, -1))).toBeLessThan(SLOT_BYTES);
  });

  it('stops on 401 (revoked or expired), 403 plan_required and 409 without retrying', async () => {
    server.plan({ kind: 'status', status: 401, body: { error: { code: 'unauthorized', message: 'no' } } });
    const revoked = await failure(downloader().download(request()));
    expect(revoked).toBeInstanceOf(SignedOutError);
    expect(revoked).toMatchObject({ code: 'signed_out', reason: 'revoked' });
    server.plan({ kind: 'status', status: 401, body: { error: { code: 'token_expired', message: 'old' } } });
    expect(await failure(downloader().download(request()))).toMatchObject({
      code: 'signed_out',
      reason: 'expired',
    });
    server.plan({
      kind: 'status',
      status: 403,
      body: { error: { code: 'plan_required', message: 'pro only' } },
    });
    expect((await failure(downloader().download(request()))).code).toBe('plan_required');
    server.plan({
      kind: 'status',
      status: 409,
      body: { error: { code: 'conflict', message: 'processing' } },
    });
    expect((await failure(downloader().download(request()))).code).toBe('not_ready');
    expect(server.log).toHaveLength(4);
  });

  it('sends the headers from the callback on every attempt', async () => {
    server.plan({ kind: 'drop', afterBytes: 300_000 });
    let n = 0;
    await downloader().download(request({ headers: () => ({ authorization: `Bearer t${++n}` }) }));
    expect(server.log.map((l) => l.authorization)).toEqual(['Bearer t1', 'Bearer t2']);
  });

  it('refuses to start without enough free space', async () => {
    const fs: DownloadFs = { ...nodeDownloadFs, freeBytes: () => Promise.resolve(SIZE / 2) };
    const error = await failure(downloader({ fs }).download(request()));
    expect(error.code).toBe('insufficient_space');
    expect(error.message).toMatch(/needs 3 MB, 1 MB is free/);
    expect(server.log).toHaveLength(0);
  });

  it('reports a full disk (injected ENOSPC) and keeps what was written', async () => {
    let written = 0;
    const fs: DownloadFs = {
      ...nodeDownloadFs,
      async openPart(path) {
        const real = await nodeDownloadFs.openPart(path);
        return {
          ...real,
          sync: () => real.sync(),
          close: () => real.close(),
          async write(data, position) {
            if (written + data.length > 1_000_000)
              throw Object.assign(new Error('no space'), { code: 'ENOSPC' });
            written += data.length;
            await real.write(data, position);
          },
        };
      },
    };
    const error = await failure(downloader({ fs }).download(request()));
    expect(error.code).toBe('disk_full');
    expect(error.message).toMatch(/full/);
    expect(await readdir(dest)).toEqual(['video.mp4.part']);
    // The kept part is a valid prefix, so a later resume continues from it.
    const result = await downloader().download(request({ etag: file.etag }));
    expect(await sha(result.path)).toBe(file.sha256);
    expect(result.resumedFrom).toBe(written);
  });

  it('fails clearly when flushing the part fails (injected EIO), never presenting the file as complete', async () => {
    // Every flush fails, so at the latest the one before the rename does.
    const big = await writeRandomFile(dir, 'big.bin', 4 * 1024 * 1024);
    server.file = big;
    let syncs = 0;
    const fs: DownloadFs = {
      ...nodeDownloadFs,
      async openPart(path) {
        const real = await nodeDownloadFs.openPart(path);
        return {
          write: (data, position) => real.write(data, position),
          close: () => real.close(),
          sync: () => {
            syncs += 1;
            return Promise.reject(Object.assign(new Error('i/o error'), { code: 'EIO' }));
          },
        };
      },
    };
    const error = await failure(
      downloader({ fs }).download(request({ expected: { bytes: big.bytes, sha256: big.sha256 } })),
    );
    expect(error.code).toBe('io_error');
    expect(error.message).toMatch(/EIO/);
    expect(syncs).toBeGreaterThanOrEqual(1);
    expect(await readdir(dest)).toEqual(['video.mp4.part']);
  });

  it('reports a removed destination folder', async () => {
    server.plan({ kind: 'drop', afterBytes: 400_000 });
    const error = await failure(
      downloader().download(
        request({
          // Synchronously, so the folder is gone before the next attempt starts.
          onRetry: () => rmSync(dest, { recursive: true, force: true }),
        }),
      ),
    );
    expect(error.code).toBe('destination_missing');
    expect(error.message).toContain(dest);
  });

  it('reports permission denied (injected EACCES: tests run as root, which ignores modes)', async () => {
    const fs: DownloadFs = {
      ...nodeDownloadFs,
      openPart: () => Promise.reject(Object.assign(new Error('denied'), { code: 'EACCES' })),
    };
    const error = await failure(downloader({ fs }).download(request()));
    expect(error.code).toBe('permission_denied');
    expect(await readdir(dest)).toEqual([]);
  });

  it('fails clearly when the server file never matches the record', async () => {
    const error = await failure(
      downloader().download(request({ expected: { bytes: SIZE, sha256: 'a'.repeat(64) } })),
    );
    expect(error.code).toBe('checksum_mismatch');
    expect(server.log).toHaveLength(2);
    expect(await readdir(dest)).toEqual([]);
  });

  it('pauses keeping the part, resumes from it, and cancel removes it', async () => {
    server.plan({ kind: 'slow', chunkBytes: 64 * 1024, delayMs: 20 });
    const pause = new AbortController();
    const paused = await failure(
      downloader().download(
        request({
          signal: pause.signal,
          onProgress: (done) => {
            if (done >= 256 * 1024) pause.abort('pause');
          },
        }),
      ),
    );
    expect(paused.code).toBe('paused');
    expect(await readdir(dest)).toEqual(['video.mp4.part']);

    server.plan({ kind: 'slow', chunkBytes: 64 * 1024, delayMs: 20 });
    const cancel = new AbortController();
    const cancelled = await failure(
      downloader().download(
        request({
          etag: file.etag,
          signal: cancel.signal,
          onProgress: (done) => {
            if (done >= 512 * 1024) cancel.abort('cancel');
          },
        }),
      ),
    );
    expect(cancelled.code).toBe('cancelled');
    expect(server.log[1]?.range).toMatch(/^bytes=\d+-$/);
    expect(await readdir(dest)).toEqual([]);
  });

  it('never overwrites a file that appeared under the final name', async () => {
    await writeFile(join(dest, 'video.mp4'), 'mine');
    const result = await downloader().download(request());
    expect(result.path).toBe(join(dest, 'video (2).mp4'));
    expect(await readFile(join(dest, 'video.mp4'), 'utf8')).toBe('mine');
  });
});
