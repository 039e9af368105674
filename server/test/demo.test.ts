import { afterAll, describe, expect, it } from 'vitest';
import { VideoListSchema } from '../../src/shared/api/schemas';
import { DEMO_ACCOUNT } from '../src/seed/demo';
import { call, startTestServer, tempDir } from './helpers/fixture';

const dir = tempDir();
afterAll(() => dir.remove());

describe('startServer({ demo: true })', () => {
  it('creates the demo account with its library once, and a later start leaves the user’s changes alone', async () => {
    const first = await startTestServer({ demo: true, genSeconds: 600 }, dir.path);
    let deleted: number;
    try {
      const login = await call<{ token: string; user: { plan: string } }>(first.url, '/api/auth/login', {
        method: 'POST',
        json: DEMO_ACCOUNT,
      });
      expect(login.status).toBe(200);
      const list = VideoListSchema.parse(
        (await call(first.url, '/api/user/videos?limit=200', { token: login.body.token })).body,
      );
      expect(list.total).toBeGreaterThan(10);
      expect(new Set(list.items.map((v) => v.status))).toEqual(new Set(['ready', 'failed', 'processing']));
      // Issue 13, first run: more than a page, every shape, and a plan that shows a locked quality.
      expect(login.body.user.plan).toBe('basic');
      expect(list.total).toBeGreaterThan(60);
      expect(new Set(list.items.map((v) => v.settings.aspect_ratio))).toEqual(
        new Set(['16:9', '9:16', '1:1']),
      );
      const downloads = list.items.find((v) => v.status === 'ready')?.downloads ?? [];
      expect(Object.fromEntries(downloads.map((d) => [d.quality, d.allowed]))).toMatchObject({
        hd: true,
        '4k': false,
      });
      const ages = list.items.map((v) => Date.parse(v.created_at));
      expect(Math.max(...ages) - Math.min(...ages)).toBeGreaterThan(60 * 86_400_000);
      const ready = list.items.find((v) => v.status === 'ready');
      deleted = ready?.id ?? 0;
      const thumb = await fetch(`${first.url}${ready?.thumbnail_url ?? ''}`, {
        headers: { authorization: `Bearer ${login.body.token}` },
      });
      expect(thumb.status).toBe(200);
      expect(
        (await call(first.url, `/api/videos/${deleted}`, { method: 'DELETE', token: login.body.token }))
          .status,
      ).toBe(204);
    } finally {
      await first.close();
    }
    const second = await startTestServer({ demo: true, genSeconds: 600 }, dir.path);
    try {
      const login = await call<{ token: string }>(second.url, '/api/auth/login', {
        method: 'POST',
        json: DEMO_ACCOUNT,
      });
      expect((await call(second.url, `/api/videos/${deleted}`, { token: login.body.token })).status).toBe(
        404,
      );
      expect(
        second.db.prepare('SELECT COUNT(*) AS n FROM users WHERE email = ?').get(DEMO_ACCOUNT.email),
      ).toEqual({ n: 1 });
    } finally {
      await second.close();
    }
  }, 240_000); // renders the demo's media pool with ffmpeg: tens of seconds on 2 shared cores
});
