import { describe, expect, it } from 'vitest';
import { useProxiedServer } from './test/proxied-server';

// Issue 13, defect 1: after a plan change the cached videos keep the download flags of the plan they were
// synced under (the server does not resend them), so the core gates by the current plan instead.
describe('download qualities follow the current plan, against the real server', () => {
  const env = useProxiedServer({ users: 2, videos: 20 });

  async function readyVideo(h: Awaited<ReturnType<typeof env.syncedCore>>['h']) {
    const page = await h.call('library:page', {
      query: { statuses: ['ready'] },
      offset: 0,
      limit: 1,
    });
    const video = page.items[0];
    if (!video) throw new Error('the seed has no ready video');
    return video;
  }
  const allowed = (v: { qualities: { quality: string; allowed: boolean }[] }) =>
    Object.fromEntries(v.qualities.map((q) => [q.quality, q.allowed]));

  it('a downgrade locks HD and 4K at once, and a download of 4K is refused before it starts', async () => {
    const { h } = await env.syncedCore();
    await h.call('billing:changePlan', { plan: 'pro' });
    await h.call('sync:now', {});
    const video = await readyVideo(h);
    expect(allowed(video)).toMatchObject({ sd: true, hd: true, '4k': true });

    await h.call('billing:changePlan', { plan: 'free' });
    expect(allowed((await h.call('library:get', { id: video.id })) ?? video)).toMatchObject({
      sd: true,
      hd: false,
      '4k': false,
    });
    const before = env.proxy.seen.length;
    const outcome = await h.call('downloads:start', { videoIds: [video.id], quality: '4k' });
    expect(outcome.started).toEqual([]);
    expect(outcome.failed).toEqual([expect.objectContaining({ videoId: video.id, code: 'plan_required' })]);
    // Refused from the cache and the current plan: no file request reached the server.
    expect(env.proxy.seen.slice(before).some((s) => s.includes('/files/') || s.includes('/download'))).toBe(
      false,
    );
  });

  it('an upgrade offers 4K at once, without waiting for a sync', async () => {
    const { h } = await env.syncedCore();
    await h.call('billing:changePlan', { plan: 'free' });
    await h.call('sync:now', {});
    const video = await readyVideo(h);
    expect(allowed(video)['4k']).toBe(false);
    await h.call('billing:changePlan', { plan: 'pro' });
    expect(allowed((await h.call('library:get', { id: video.id })) ?? video)['4k']).toBe(true);
  });
});
