import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginResponseSchema, VideoListSchema, VideoSchema, type Video } from '../../../shared/api/schemas';
import type { DownloadItem } from '../../../shared/ipc/downloads';
import { makeCore, type Harness } from '../test/core-harness';
import { FaultProxy } from '../test/fault-proxy';
import { startTestServer, type TestServer } from '../test/server';
import { DownloadProxy, type ProxyFault } from './test/downloadProxy';
import { Downloader } from './downloader';
import { nodeDownloadFs, type DownloadFs } from './downloadFs';
import { DownloadError } from './errors';
import { downloadsFor } from './service';

// The downloads subsystem end to end against the real reference server: the core signed in through
// its IPC handlers, real files rendered by the seed, the real download route with its plan gate and
// sendFile (Range, If-Range, ETag).

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ users: 3, videos: 10, rngSeed: 11 });
}, 240_000);

afterAll(async () => {
  await server?.close();
});

function user(i: number): { email: string; password: string } {
  const u = server.users[i];
  if (!u) throw new Error('the seed made too few users');
  return u;
}

// The server limits logins per window: one direct login per user for the whole file.
const tokens = new Map<number, Promise<string>>();
function token(i: number): Promise<string> {
  let t = tokens.get(i);
  if (!t) {
    t = fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(user(i)),
    }).then(async (res) => LoginResponseSchema.parse(await res.json()).token);
    tokens.set(i, t);
  }
  return t;
}

async function readyVideo(i: number): Promise<Video> {
  const bearer = await token(i);
  const res = await fetch(`${server.url}/api/user/videos?filter_status=ready&limit=20`, {
    headers: { authorization: `Bearer ${bearer}` },
  });
  const found = VideoListSchema.parse(await res.json()).items.find((v) => v.status === 'ready');
  if (!found) throw new Error('the seed made no ready video');
  // List items carry no checksums; the video's own record does.
  return video(found.id, bearer);
}

async function video(id: number, bearer: string): Promise<Video> {
  const res = await fetch(`${server.url}/api/videos/${id}`, {
    headers: { authorization: `Bearer ${bearer}` },
  });
  return VideoSchema.parse(await res.json());
}

async function signedIn(
  i: number,
  url = server.url,
): Promise<{ h: Harness; items: DownloadItem[]; readyId: number }> {
  const h = makeCore(url);
  const items: DownloadItem[] = [];
  h.core.on('downloads:progress', (p) => items.push(...p.items));
  await h.call('session:signIn', { ...user(i), serverUrl: url });
  await h.call('sync:now', {});
  const page = await h.call('library:page', {
    query: { statuses: ['ready'] },
    offset: 0,
    limit: 1,
  });
  const readyId = page.items[0]?.id;
  if (readyId === undefined) throw new Error('the seed made no ready video');
  return { h, items, readyId };
}

function settled(items: DownloadItem[], id: number, timeoutMs = 60_000): Promise<DownloadItem> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const check = (): void => {
      const done = items.find((i) => i.id === id && (i.state === 'completed' || i.state === 'failed'));
      if (done) return resolve(done);
      if (Date.now() - started > timeoutMs) return reject(new Error(`download ${id} did not settle`));
      setTimeout(check, 20);
    };
    check();
  });
}

async function sha(path: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
}

describe('downloads against the reference server', () => {
  it('downloads a 4K file on the Pro plan, verified against the server record, and tracks it on disk', async () => {
    const { h, items, readyId } = await signedIn(0);
    try {
      const outcome = await h.call('downloads:start', { videoIds: [readyId], quality: '4k' });
      expect(outcome.failed).toEqual([]);
      const id = outcome.started[0]?.id ?? 0;
      const done = await settled(items, id);
      expect(done.state).toBe('completed');
      const record = (await video(readyId, await token(0))).downloads.find((d) => d.quality === '4k');
      expect(await sha(done.path ?? '')).toBe(record?.sha256);
      expect((await stat(done.path ?? '')).size).toBe(record?.bytes);
      expect((await h.call('library:get', { id: readyId }))?.localFiles).toEqual([
        { quality: '4k', present: true },
      ]);
      expect((await h.call('downloads:list', {})).map((i) => i.state)).toEqual(['completed']);

      // "Show in folder" and "Open" go to the host with the verified file's path.
      const shown: string[] = [];
      downloadsFor(h.core.core).setHostHooks({
        reveal: (path) => {
          shown.push(path);
          return true;
        },
      });
      expect(await h.call('downloads:reveal', { id })).toEqual({ done: true });
      expect(await h.call('downloads:open', { id })).toEqual({ done: false });
      expect(shown).toEqual([done.path]);

      // Drag-out: refused clearly where the host has no OS drag, the verified file where it has.
      const noDrag = await h.raw('downloads:startDrag', { videoIds: [readyId] });
      expect(noDrag).toMatchObject({
        ok: false,
        error: { code: 'not_supported', message: expect.stringMatching(/desktop app/) },
      });
      const dragged: string[][] = [];
      downloadsFor(h.core.core).setHostHooks({ startDrag: (files) => void dragged.push(files) });
      expect(await h.call('downloads:startDrag', { videoIds: [readyId, 999_999] })).toEqual({
        dragged: [done.path],
        missing: [999_999],
      });
      expect(dragged).toEqual([[done.path]]);

      // The user moves the file away: the check notices, the card learns it, and "Show in folder"
      // and drag-out say it is gone.
      await rename(done.path ?? '', `${done.path ?? ''}.moved`);
      const changedBefore = h.events['library:changed']?.length ?? 0;
      expect(await h.call('downloads:checkFiles', {})).toEqual({ changed: [readyId] });
      expect(h.events['library:changed']?.slice(changedBefore)).toContainEqual({ ids: [readyId] });
      expect((await h.call('library:get', { id: readyId }))?.localFiles).toEqual([
        { quality: '4k', present: false },
      ]);
      const reveal = await h.raw('downloads:reveal', { id });
      expect(reveal).toMatchObject({ ok: false, error: { code: 'not_found' } });
      expect(await h.call('downloads:startDrag', { videoIds: [readyId] })).toEqual({
        dragged: [],
        missing: [readyId],
      });
      expect(dragged).toHaveLength(1);

      // Downloading it again gives a verified file in its place, and the card shows it present.
      const again = await h.call('downloads:start', { videoIds: [readyId], quality: '4k' });
      expect(again.failed).toEqual([]);
      expect(again.started[0]?.id).not.toBe(id);
      const redone = await settled(items, again.started[0]?.id ?? 0);
      expect(redone.state).toBe('completed');
      expect(redone.path).toBe(done.path);
      expect(await sha(redone.path ?? '')).toBe(record?.sha256);
      expect((await h.call('library:get', { id: readyId }))?.localFiles).toEqual([
        { quality: '4k', present: true },
      ]);
      expect(await h.call('downloads:checkFiles', {})).toEqual({ changed: [] });
    } finally {
      await h.close();
    }
  });

  it('at start, notices a downloaded file deleted while the app was closed', async () => {
    const first = makeCore(server.url, { keepDir: true });
    let second: Harness | null = null;
    try {
      const items: DownloadItem[] = [];
      first.core.on('downloads:progress', (p) => items.push(...p.items));
      await first.call('session:signIn', { ...user(2), serverUrl: server.url });
      await first.call('sync:now', {});
      const readyId = (
        await first.call('library:ids', { query: { statuses: ['ready'] }, offset: 0, limit: 1 })
      ).ids[0];
      if (readyId === undefined) throw new Error('the seed made no ready video');
      const outcome = await first.call('downloads:start', { videoIds: [readyId], quality: 'sd' });
      const done = await settled(items, outcome.started[0]?.id ?? 0);
      expect(done.state).toBe('completed');
      await first.close();
      await rm(done.path ?? '');

      // The next start opens the stored session; the queue checks the files before anything is asked.
      second = makeCore(server.url, { dataDir: first.dataDir });
      await second.core.start();
      await second.waitFor('library:changed', (p) => p.ids?.includes(readyId) === true);
      expect((await second.call('library:get', { id: readyId }))?.localFiles).toEqual([
        { quality: 'sd', present: false },
      ]);
    } finally {
      await (second ?? first).close();
      await rm(first.dataDir, { recursive: true, force: true });
    }
  });

  it('pauses, resumes and cancels through IPC', async () => {
    const { h, items, readyId } = await signedIn(0);
    try {
      await h.call('settings:set', { bandwidthLimitKBps: 16 });
      const outcome = await h.call('downloads:start', { videoIds: [readyId], quality: 'sd' });
      const id = outcome.started[0]?.id ?? 0;
      expect((await h.call('downloads:pause', { id })).state).toBe('paused');
      const paused = await h.raw('downloads:pause', { id });
      expect(paused).toMatchObject({ ok: false, error: { code: 'conflict' } });
      await h.call('settings:set', { bandwidthLimitKBps: 0 });
      await h.call('downloads:resume', { id });
      expect((await settled(items, id)).state).toBe('completed');

      const other = await h.call('downloads:start', { videoIds: [readyId], quality: 'hd' });
      const otherId = other.started[0]?.id ?? 0;
      expect((await h.call('downloads:cancel', { id: otherId })).state).toBe('cancelled');
      const again = await h.call('downloads:retry', { id: otherId });
      expect(again.id).not.toBe(otherId);
      expect((await settled(items, again.id)).state).toBe('completed');
      const unknown = await h.raw('downloads:pause', { id: 999_999 });
      expect(unknown).toMatchObject({ ok: false, error: { code: 'not_found' } });
    } finally {
      await h.close();
    }
  });

  it('starts a bulk selection from the cache in one go, with a clear reason for each video it cannot start', async () => {
    const proxy = new FaultProxy(server.url);
    const url = await proxy.start();
    const { h, items } = await signedIn(0, url);
    try {
      await h.call('settings:set', { bandwidthLimitKBps: 64 });
      const ready = (await h.call('library:ids', { query: { statuses: ['ready'] }, offset: 0, limit: 50 }))
        .ids;
      const notReady = (
        await h.call('library:ids', { query: { statuses: ['processing', 'failed'] }, offset: 0, limit: 3 })
      ).ids;
      expect(ready.length).toBeGreaterThan(1);
      const unknown = 999_999;
      const asked = [...ready, ...notReady, unknown, ready[0] ?? 0];
      const before = proxy.seen.length;
      const outcome = await h.call('downloads:start', { videoIds: asked, quality: 'sd' });

      // Every ready video started once, in the order asked; the others each with their own reason (a
      // video still processing in the cache may have finished on the server since: then it starts too).
      const finishedSince = outcome.started.map((i) => i.videoId).filter((id) => notReady.includes(id));
      expect(outcome.started.map((i) => i.videoId)).toEqual([...ready, ...finishedSince]);
      expect(new Set(outcome.started.map((i) => i.fileName)).size).toBe(outcome.started.length);
      expect(outcome.failed).toEqual([
        ...notReady
          .filter((id) => !finishedSince.includes(id))
          .map((videoId) => ({ videoId, code: 'conflict', message: expect.stringMatching(/ready/) })),
        { videoId: unknown, code: 'not_found', message: expect.any(String) },
      ]);
      // The ready videos came from the cache: the server was asked only about the ones it could not serve.
      const lookups = proxy.seen.slice(before).filter((r) => /^GET \/api\/videos\/\d+$/.test(r));
      expect(lookups.sort()).toEqual([...notReady, unknown].map((id) => `GET /api/videos/${id}`).sort());

      // Asking again starts nothing new.
      const again = await h.call('downloads:start', {
        videoIds: outcome.started.map((i) => i.videoId),
        quality: 'sd',
      });
      expect(again.started.map((i) => i.id)).toEqual(outcome.started.map((i) => i.id));
      for (const item of outcome.started) await h.call('downloads:cancel', { id: item.id });
      expect(items.length).toBeGreaterThan(0);
    } finally {
      await h.close();
      await proxy.close();
    }
  });

  it('refuses a quality above the plan with plan_required, and lets the allowed one through', async () => {
    const { h, items, readyId } = await signedIn(2);
    try {
      const refused = await h.call('downloads:start', { videoIds: [readyId], quality: 'hd' });
      expect(refused.started).toEqual([]);
      expect(refused.failed[0]?.code).toBe('plan_required');
      const allowed = await h.call('downloads:start', { videoIds: [readyId], quality: 'sd' });
      const done = await settled(items, allowed.started[0]?.id ?? 0);
      expect(done.state).toBe('completed');
    } finally {
      await h.close();
    }
  });

  it('survives the server restarting mid-download (bandwidth limit on to catch it in flight)', async () => {
    const { h, items, readyId } = await signedIn(0);
    try {
      await h.call('settings:set', { bandwidthLimitKBps: 16 });
      const outcome = await h.call('downloads:start', { videoIds: [readyId], quality: 'hd' });
      const id = outcome.started[0]?.id ?? 0;
      await new Promise<void>((resolve) => {
        const check = (): void => {
          if (items.some((i) => i.id === id && i.bytesDone > 0)) resolve();
          else setTimeout(check, 10);
        };
        check();
      });
      // Mid-download for real: nothing settled yet, and not all bytes are in.
      const before = items.filter((i) => i.id === id);
      expect(before.some((i) => i.state === 'completed' || i.state === 'failed')).toBe(false);
      expect(Math.max(...before.map((i) => i.bytesDone))).toBeLessThan(before[0]?.bytesTotal ?? 0);
      await server.restart();
      await h.call('settings:set', { bandwidthLimitKBps: 0 });
      const done = await settled(items, id);
      expect(done.state).toBe('completed');
      const record = (await video(readyId, await token(0))).downloads.find((d) => d.quality === 'hd');
      expect(await sha(done.path ?? '')).toBe(record?.sha256);
    } finally {
      await h.close();
    }
  });

  it('resumes when the connection is cut mid-body (fault proxy in front of the real server)', async () => {
    const proxy = new FaultProxy(server.url);
    const url = await proxy.start();
    const { h, items, readyId } = await signedIn(1, url);
    try {
      proxy.set([{ path: /\/download\//, mode: { kind: 'truncated' }, times: 1 }]);
      const outcome = await h.call('downloads:start', { videoIds: [readyId], quality: 'hd' });
      const done = await settled(items, outcome.started[0]?.id ?? 0);
      expect(done.state).toBe('completed');
      expect(proxy.seen.filter((s) => s.includes('/download/'))).toHaveLength(2);
      const record = (await video(readyId, await token(1))).downloads.find((d) => d.quality === 'hd');
      expect(await sha(done.path ?? '')).toBe(record?.sha256);
    } finally {
      await h.close();
      await proxy.close();
    }
  });

  it('a token revoked mid-download (logout from another client): paused, signed out, resumed after sign-in', async () => {
    const proxy = new DownloadProxy(server.url);
    const url = await proxy.start();
    const { h, items, readyId } = await signedIn(1, url);
    try {
      const account = h.core.core.currentAccount();
      if (!account) throw new Error('not signed in');
      const { authorization } = account.api.client.authHeaders(account.api.client.baseUrl);
      // Slow, and the connection drops after a while: the resume is the request that meets the 401.
      await h.call('settings:set', { bandwidthLimitKBps: 32 });
      proxy.plan({ kind: 'drop', afterBytes: 160 * 1024 });
      const outcome = await h.call('downloads:start', { videoIds: [readyId], quality: 'hd' });
      const item = outcome.started[0];
      if (!item) throw new Error('the download did not start');
      await new Promise<void>((resolve) => {
        const check = (): void =>
          items.some((i) => i.id === item.id && i.bytesDone > 0) ? resolve() : void setTimeout(check, 10);
        check();
      });

      // Another client signs this session out on the server.
      const logout = await fetch(`${server.url}/api/auth/logout`, {
        method: 'POST',
        headers: { authorization: authorization ?? '' },
      });
      expect(logout.status).toBe(204);
      await h.waitFor('session:changed', (s) => s.status === 'signed_out', 60_000);
      expect(h.events.notice?.some((n) => n.code === 'session_revoked')).toBe(true);
      const mine = items.filter((i) => i.id === item.id);
      expect(mine.some((i) => i.state === 'failed')).toBe(false);
      // The server ends the session's streams at the logout (media and events alike), so the core learns
      // of it either from the download's resume meeting a 401 (the item pauses) or from its event stream
      // (the account closes, which puts the running download back in the queue without another event).
      // Either way the part stays: wait until its writer has let go of it.
      const part = join(h.dataDir, 'dl', `${item.fileName}.part`);
      let partBytes = -1;
      for (let seen = (await stat(part)).size; seen !== partBytes; seen = (await stat(part)).size) {
        partBytes = seen;
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      expect(partBytes).toBeGreaterThan(0);

      // Signing in again resumes from the bytes on disk and ends in the verified file.
      await h.call('settings:set', { bandwidthLimitKBps: 0 });
      await h.call('session:signIn', { ...user(1), serverUrl: url });
      const done = await settled(items, item.id);
      expect(done.state).toBe('completed');
      expect(proxy.log.at(-1)).toEqual({ range: `bytes=${partBytes}-`, status: 206 });
      const record = (await video(readyId, await token(1))).downloads.find((d) => d.quality === 'hd');
      expect(await sha(done.path ?? '')).toBe(record?.sha256);
    } finally {
      await h.close();
      await proxy.close();
    }
  });

  it('a start that meets a revoked token is refused clearly and signs the core out', async () => {
    const { h } = await signedIn(1);
    try {
      const account = h.core.core.currentAccount();
      if (!account) throw new Error('not signed in');
      const { authorization } = account.api.client.authHeaders(account.api.client.baseUrl);
      await fetch(`${server.url}/api/auth/logout`, {
        method: 'POST',
        headers: { authorization: authorization ?? '' },
      });
      // Not in the cache, so the server is asked, and answers 401.
      const refused = await h.raw('downloads:start', { videoIds: [999_999], quality: 'sd' });
      expect(refused).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
      await h.waitFor('session:changed', (s) => s.status === 'signed_out' && s.reason === 'revoked');
    } finally {
      await h.close();
    }
  });

  describe('client-side faults on a real download', () => {
    async function realFile(): Promise<{ url: string; bytes: number; sha256: string; bearer: string }> {
      const bearer = await token(0);
      const record = (await readyVideo(0)).downloads.find((d) => d.quality === 'hd');
      if (!record) throw new Error('no HD file');
      return { url: `${server.url}${record.url}`, bytes: record.bytes, sha256: record.sha256, bearer };
    }

    async function attempt(fs: DownloadFs | undefined, setup?: (dir: string) => Promise<void>) {
      const file = await realFile();
      const dir = await mkdtemp(join(tmpdir(), 'dl-real-'));
      try {
        await setup?.(dir);
        const result = await new Downloader({
          fs,
          backoff: { baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 100 },
        })
          .download({
            url: file.url,
            headers: () => ({ authorization: `Bearer ${file.bearer}` }),
            destDir: join(dir, 'out'),
            fileName: 'v.mp4',
            etag: setup ? '"an-older-version"' : null,
            expected: { bytes: file.bytes, sha256: file.sha256 },
          })
          .catch((e: unknown) => e);
        const left = await readdirSafe(join(dir, 'out'));
        return { result, left, file };
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }

    async function readdirSafe(dir: string): Promise<string[]> {
      return (await import('node:fs/promises')).readdir(dir).catch(() => []);
    }

    const failing = (code: string): DownloadFs => ({
      ...nodeDownloadFs,
      openPart: () => Promise.reject(Object.assign(new Error(code), { code })),
    });

    it('disk full (injected ENOSPC), permission denied (injected EACCES: tests run as root), folder removed', async () => {
      const mk = (dir: string) => import('node:fs/promises').then((f) => f.mkdir(join(dir, 'out')));
      for (const [fs, code] of [
        [failing('ENOSPC'), 'disk_full'],
        [failing('EACCES'), 'permission_denied'],
      ] as const) {
        const { result, left } = await attempt(fs, mk);
        expect(result).toBeInstanceOf(DownloadError);
        expect(result instanceof DownloadError && result.code).toBe(code);
        expect(left).toEqual([]);
      }
      const gone = await attempt(undefined, async () => undefined);
      expect(gone.result instanceof DownloadError && gone.result.code).toBe('destination_missing');
    });

    it('a part from an older version of the file (stale ETag) is replaced by the whole current file', async () => {
      const { result, left, file } = await attempt(undefined, async (dir) => {
        const f = await import('node:fs/promises');
        await f.mkdir(join(dir, 'out'));
        await f.writeFile(join(dir, 'out', 'v.mp4.part'), Buffer.alloc(1000, 7));
      });
      expect(result).not.toBeInstanceOf(Error);
      expect(result).toMatchObject({ sha256: file.sha256, resumedFrom: 1000, bytes: file.bytes });
      expect(left).toEqual(['v.mp4']);
    });
  });

  describe('network and server faults injected by a proxy in front of the real server', () => {
    type Case = [string, (bytes: number) => ProxyFault[], (log: DownloadProxy['log']) => void];
    const third = (bytes: number): number => Math.max(1, Math.floor(bytes / 3));
    const cases: Case[] = [
      [
        'connection dropped mid-body',
        (b) => [{ kind: 'drop', afterBytes: third(b) }],
        (log) => expect(log[1]?.range).toMatch(/^bytes=[1-9]\d*-$/),
      ],
      [
        'a 200 answer to a range request',
        (b) => [{ kind: 'drop', afterBytes: third(b) }, { kind: 'stripRange' }],
        (log) => expect(log.map((l) => l.status)).toEqual([200, 200]),
      ],
      [
        '416 for a partial file',
        (b) => [
          { kind: 'drop', afterBytes: third(b) },
          { kind: 'status', status: 416 },
        ],
        (log) => expect(log.map((l) => l.range === undefined)).toEqual([true, false, true]),
      ],
      [
        'a truncated body that ends cleanly',
        (b) => [{ kind: 'truncate', afterBytes: third(b) }],
        (log) => expect(log).toHaveLength(2),
      ],
      [
        'a burst of 5xx with Retry-After',
        () => [
          { kind: 'status', status: 503, retryAfter: '0' },
          { kind: 'status', status: 502 },
          { kind: 'status', status: 500 },
          { kind: 'status', status: 503, retryAfter: '0' },
        ],
        (log) => expect(log.map((l) => l.status)).toEqual([503, 502, 500, 503, 200]),
      ],
      [
        'a server that stops sending (idle timeout, then resume)',
        (b) => [{ kind: 'stall', afterBytes: third(b) }],
        (log) => expect(log[1]?.range).toMatch(/^bytes=[1-9]\d*-$/),
      ],
    ];

    it.each(cases)('%s ends in the verified file', async (_name, faults, check) => {
      const bearer = await token(0);
      const record = (await readyVideo(0)).downloads.find((d) => d.quality === 'hd');
      if (!record) throw new Error('no HD file');
      const proxy = new DownloadProxy(server.url);
      const base = await proxy.start();
      const dir = await mkdtemp(join(tmpdir(), 'dl-proxy-'));
      try {
        proxy.plan(...faults(record.bytes));
        const result = await new Downloader({
          idleTimeoutMs: 400,
          backoff: { baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 100 },
        }).download({
          url: `${base}${record.url}`,
          headers: () => ({ authorization: `Bearer ${bearer}` }),
          destDir: dir,
          fileName: 'v.mp4',
          expected: { bytes: record.bytes, sha256: record.sha256 },
        });
        expect(await sha(result.path)).toBe(record.sha256);
        check(proxy.log);
      } finally {
        await proxy.close();
        await rm(dir, { recursive: true, force: true });
      }
    });
  });

  it('resumes after SIGKILL of the downloading process, from the bytes on disk', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dl-kill-'));
    try {
      const bearer = await token(0);
      const record = (await readyVideo(0)).downloads.find((d) => d.quality === '4k');
      if (!record) throw new Error('no 4K file');
      const url = `${server.url}${record.url}`;
      const dbPath = join(dir, 'cache.sqlite');
      const dest = join(dir, 'out');
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          join(import.meta.dirname, 'test', 'queueChild.ts'),
          dbPath,
          url,
          String(record.bytes),
          record.sha256,
          dest,
          '16',
          `Bearer ${bearer}`,
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        child.once('exit', (_c, s) => resolve(s)),
      );
      await new Promise<void>((resolve, reject) => {
        let text = '';
        child.stdout.on('data', (d: Buffer) => {
          text += d.toString();
          if (/"done":[1-9]/.test(text)) resolve();
        });
        child.once('exit', () => reject(new Error('the child exited before it was killed')));
      });
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      const part = join(dest, 'Killed midway (HD).mp4.part');
      const partBytes = (await stat(part)).size;
      expect(partBytes).toBeGreaterThan(0);
      expect(partBytes).toBeLessThan(record.bytes);

      const again = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          join(import.meta.dirname, 'test', 'queueChild.ts'),
          dbPath,
          url,
          String(record.bytes),
          record.sha256,
          dest,
          '0',
          `Bearer ${bearer}`,
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      await new Promise<void>((resolve, reject) => {
        let text = '';
        again.stdout.on('data', (d: Buffer) => {
          text += d.toString();
          if (text.includes('"state":"completed"')) resolve();
        });
        again.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`exit ${String(code)}`))));
      });
      if (again.exitCode === null) {
        const gone = new Promise((resolve) => again.once('exit', resolve));
        again.kill('SIGTERM');
        await gone;
      }
      const db = new Database(dbPath, { readonly: true });
      try {
        const row = db
          .prepare<[], { state: string; path: string }>('SELECT state, path FROM downloads')
          .get();
        expect(row?.state).toBe('completed');
        expect(await sha(row?.path ?? '')).toBe(record.sha256);
      } finally {
        db.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
