import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openServerDb } from '../src/db/open';
import { RegenerateResponseSchema, VideoSchema } from '../../src/shared/api/schemas';
import type { TriggerTag } from '../../src/shared/api/vocabulary';
import {
  call,
  createUser,
  login,
  SETTINGS,
  startTestServer,
  tempDir,
  waitFor,
  RENDER_TEST_TIMEOUT,
} from './helpers/fixture';

const dir = tempDir();
afterAll(() => dir.remove());

describe('restart in the middle of a generation', () => {
  it(
    'a job interrupted by a shutdown is parked, then completes after the next start; credits charged once',
    async () => {
      const first = await startTestServer({ genSeconds: 4 }, dir.path);
      const user = await createUser(first.db, { credits: 40 });
      let token = await login(first.url, user);
      const created = await generate(first.url, token, 'Crinkly paper', 'Crinkle');
      const id = created.video.id;
      await waitFor(
        async () => VideoSchema.parse((await call(first.url, `/api/videos/${id}`, { token })).body),
        (v) => (v.progress ?? 0) > 0,
        'the job to be under way',
      );
      expect(first.db.prepare('SELECT state FROM jobs WHERE video_id = ?').get(id)).toEqual({
        state: 'running',
      });
      await first.close();

      // A clean stop parks the job instead of losing or failing it.
      const second = await startTestServer({ genSeconds: 0.2 }, dir.path);
      try {
        token = await login(second.url, user);
        const ready = await waitFor(
          async () => VideoSchema.parse((await call(second.url, `/api/videos/${id}`, { token })).body),
          (v) => v.status === 'ready',
          'the resumed job to finish',
        );
        expect(ready.downloads.length).toBeGreaterThan(0);
        const job = second.db.prepare('SELECT state, attempts FROM jobs WHERE video_id = ?').get(id);
        expect(job).toEqual({ state: 'done', attempts: 2 });
        const ledger = second.db.prepare('SELECT kind FROM credit_ledger WHERE user_id = ?').all(user.id);
        expect(ledger).toEqual([{ kind: 'generation' }]);
      } finally {
        await second.close();
      }
    },
    RENDER_TEST_TIMEOUT,
  );

  it(
    'a job left "running" by a crashed process is queued again at start and completes',
    async () => {
      const first = await startTestServer({ genSeconds: 600 }, dir.path);
      const user = await createUser(first.db, { credits: 40 });
      const token = await login(first.url, user);
      const created = await generate(first.url, token, 'Crash test', 'Crinkle');
      await first.close();
      // What a killed process leaves behind: the job still marked running (written with no server up).
      const db = openServerDb(join(dir.path, 'server.db'));
      db.prepare("UPDATE jobs SET state = 'running', started_at = 1, attempts = 1 WHERE video_id = ?").run(
        created.video.id,
      );
      db.close();
      const second = await startTestServer({ genSeconds: 0.1 }, dir.path);
      try {
        const t2 = await login(second.url, user);
        const ready = await waitFor(
          async () =>
            VideoSchema.parse(
              (await call(second.url, `/api/videos/${created.video.id}`, { token: t2 })).body,
            ),
          (v) => v.status === 'ready',
          'the requeued job to finish',
        );
        expect(ready.status).toBe('ready');
        expect(
          second.db.prepare('SELECT state, attempts FROM jobs WHERE video_id = ?').get(created.video.id),
        ).toEqual({
          state: 'done',
          attempts: 2,
        });
      } finally {
        await second.close();
      }
    },
    RENDER_TEST_TIMEOUT,
  );

  it(
    'a shutdown during a render kills ffmpeg, leaves no partial files, and the job renders again after the restart',
    async () => {
      const data = tempDir();
      try {
        const first = await startTestServer({ genSeconds: 0, renderMaxSeconds: 4 }, data.path);
        const user = await createUser(first.db, { credits: 40 });
        let token = await login(first.url, user);
        const created = await generate(first.url, token, 'Cut me off', 'Tapping');
        const id = created.video.id;
        const media = join(data.path, 'media');
        // ffmpeg is under way once it has created its .part outputs in the render's temporary folder.
        await waitFor(
          async () => partFiles(media),
          (parts) => parts.length > 0,
          'ffmpeg to start writing',
        );
        const renders = ffmpegProcessesIn(data.path);
        await first.close();

        // The render did not run to its end: no asset, the video still processing, the job queued again.
        const db = openServerDb(join(data.path, 'server.db'));
        try {
          expect(db.prepare('SELECT COUNT(*) AS n FROM assets').get()).toEqual({ n: 0 });
          expect(db.prepare('SELECT status FROM videos WHERE id = ?').get(id)).toEqual({
            status: 'processing',
          });
          expect(db.prepare('SELECT state, started_at FROM jobs WHERE video_id = ?').get(id)).toEqual({
            state: 'queued',
            started_at: null,
          });
        } finally {
          db.close();
        }
        expect(await partFiles(media)).toEqual([]);
        if (process.platform === 'linux') {
          expect(renders.length).toBeGreaterThan(0);
          for (const pid of renders) expect(isRunning(pid), `ffmpeg ${pid} still running`).toBe(false);
        }

        const second = await startTestServer({ genSeconds: 0 }, data.path);
        try {
          token = await login(second.url, user);
          const ready = await waitFor(
            async () => VideoSchema.parse((await call(second.url, `/api/videos/${id}`, { token })).body),
            (v) => v.status === 'ready',
            'the parked job to render after the restart',
          );
          expect(ready.downloads.map((d) => d.quality)).toEqual(['sd', 'hd', '4k']);
          expect(second.db.prepare('SELECT kind FROM credit_ledger WHERE user_id = ?').all(user.id)).toEqual([
            { kind: 'generation' },
          ]);
        } finally {
          await second.close();
        }
      } finally {
        data.remove();
      }
    },
    RENDER_TEST_TIMEOUT,
  );

  it(
    'a download interrupted by a restart resumes with Range + If-Range and the bytes add up',
    async () => {
      const user = await (async () => {
        const probe = await startTestServer({ genSeconds: 0.1 }, dir.path);
        const u = await createUser(probe.db, { credits: 40 });
        const token = await login(probe.url, u);
        const created = RegenerateResponseSchema.parse(
          (
            await call(probe.url, '/api/videos', {
              method: 'POST',
              token,
              json: { prompt: 'Download me', triggers: ['Crinkle'], settings: SETTINGS },
            })
          ).body,
        );
        const ready = await waitFor(
          async () =>
            VideoSchema.parse((await call(probe.url, `/api/videos/${created.video.id}`, { token })).body),
          (v) => v.status === 'ready',
          'the render',
        );
        const sd = ready.downloads.find((d) => d.quality === 'sd');
        if (!sd) throw new Error('no sd');
        const half = Math.floor(sd.bytes / 2);
        const first = await fetch(`${probe.url}${sd.url}`, {
          headers: { authorization: `Bearer ${token}`, range: `bytes=0-${half - 1}` },
        });
        expect(first.status).toBe(206);
        const part = Buffer.from(await first.arrayBuffer());
        await probe.close();
        return { u, sd, part, etag: first.headers.get('etag') ?? '' };
      })();

      const again = await startTestServer({ genSeconds: 0.1 }, dir.path);
      try {
        const token = await login(again.url, user.u);
        const rest = await fetch(`${again.url}${user.sd.url}`, {
          headers: {
            authorization: `Bearer ${token}`,
            range: `bytes=${user.part.length}-`,
            'if-range': user.etag,
          },
        });
        expect(rest.status).toBe(206);
        const whole = Buffer.concat([user.part, Buffer.from(await rest.arrayBuffer())]);
        expect(whole.length).toBe(user.sd.bytes);
        expect(createHash('sha256').update(whole).digest('hex')).toBe(user.sd.sha256);
      } finally {
        await again.close();
      }
    },
    RENDER_TEST_TIMEOUT,
  );
});

/** The hidden `.part` outputs of renders under way, anywhere below the media folder. */
async function partFiles(media: string): Promise<string[]> {
  const entries = await readdir(media, { recursive: true }).catch(() => []);
  return entries.filter((name) => basename(name).endsWith('.part'));
}

/** ffmpeg processes whose command line names a path under `dir` (Linux: read from /proc). */
function ffmpegProcessesIn(dir: string): number[] {
  if (process.platform !== 'linux') return [];
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (basename(cmd[0] ?? '') === 'ffmpeg' && cmd.some((arg) => arg.startsWith(dir)))
        pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

function isRunning(pid: number): boolean {
  try {
    // A zombie has no cmdline left to read: it is no longer running.
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8') !== '';
  } catch {
    return false;
  }
}

/** Starts a generation through the API and returns the 201 answer. */
async function generate(url: string, token: string, prompt: string, tag: TriggerTag) {
  const r = await call(url, '/api/videos', {
    method: 'POST',
    token,
    json: { prompt, triggers: [tag], settings: SETTINGS },
  });
  expect(r.status, r.text).toBe(201);
  return RegenerateResponseSchema.parse(r.body);
}
