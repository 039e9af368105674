import { afterAll, describe, expect, it } from 'vitest';
import { VideoListSchema } from '../../src/shared/api/schemas';
import { DEMO_ACCOUNT } from '../src/seed/demo';
import { call, startTestServer, tempDir } from './helpers/fixture';

const dir = tempDir();
afterAll(() => dir.remove());

describe('startServer({ demo: true })', () => {
  it('creates the demo account with its library once, and a later start leaves the user’s changes alone', async () => {
    // Every generation a user asks for would fail here; the demo's own processing videos still finish.
    const first = await startTestServer({ demo: true, genSeconds: 3, failRate: 1 }, dir.path);
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
      expect(login.body.user.plan).toBe('basic');
      expect(list.total).toBeGreaterThan(120);
      expect(new Set(list.items.map((v) => v.status))).toEqual(new Set(['ready', 'failed', 'processing']));
      const processing = list.items.filter((v) => v.status === 'processing').map((v) => v.id);
      const statusesOf = async () =>
        Promise.all(
          processing.map(async (id) => {
            const got = await call<{ status: string }>(first.url, `/api/videos/${id}`, {
              token: login.body.token,
            });
            return got.body.status;
          }),
        );
      let statuses = await statusesOf();
      for (let i = 0; i < 150 && statuses.includes('processing'); i++) {
        await new Promise((r) => setTimeout(r, 200));
        statuses = await statusesOf();
      }
      expect(statuses).toEqual(processing.map(() => 'ready'));
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
