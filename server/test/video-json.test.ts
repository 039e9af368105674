import { describe, expect, it } from 'vitest';
import { VideoListSchema } from '../../src/shared/api/schemas';
import { VideoJsonCache, videoListJson } from '../src/domain/videoJson';
import { toVideo } from '../src/domain/videoPayload';
import type { VideoRow } from '../src/repo/videos';

const row = (id: number, seq: number, title = `v${id}`): VideoRow => ({
  id,
  user_id: 1,
  title,
  prompt: 'p p p',
  triggers: '["Water"]',
  tag_mask: 1,
  settings: '{"seed":1,"model_version":"m","duration_s":4,"aspect_ratio":"1:1"}',
  status: 'processing',
  progress: 0.5,
  failure_code: null,
  failure_message: null,
  credit_cost: 4,
  created_at: 0,
  updated_at: 0,
  asset_id: null,
  regenerated_from: null,
  change_seq: seq,
});

describe('VideoJsonCache', () => {
  it('reuses the text for the same (id, change_seq, plan) and rebuilds when any of them moves', () => {
    const cache = new VideoJsonCache(10);
    let builds = 0;
    const get = (r: VideoRow, plan: 'free' | 'pro') =>
      cache
        .json(r, plan, () => {
          builds++;
          return toVideo(r, plan, undefined);
        })
        .toString('utf8');
    const a = get(row(1, 5), 'free');
    expect(get(row(1, 5), 'free')).toBe(a);
    expect(builds).toBe(1);
    expect(JSON.parse(get(row(1, 6, 'renamed'), 'free'))).toMatchObject({ title: 'renamed' });
    get(row(1, 6, 'renamed'), 'pro');
    expect(builds).toBe(3);
  });

  it('stays bounded and keeps answering correctly after evictions', () => {
    const cache = new VideoJsonCache(10);
    for (let i = 1; i <= 100; i++) cache.json(row(i, i), 'free', () => toVideo(row(i, i), 'free', undefined));
    expect(
      JSON.parse(cache.json(row(3, 3), 'free', () => toVideo(row(3, 3), 'free', undefined)).toString()),
    ).toMatchObject({ id: 3 });
    expect(cache.lookup(row(100, 100), 'free')).toBeDefined();
    expect(cache.lookup(row(100, 101), 'free')).toBeUndefined();
    expect(cache.lookup(row(100, 100), 'pro')).toBeUndefined();
  });

  it('the list text parses as the shared VideoList schema, settings key order kept', () => {
    const items = [row(1, 1), row(2, 2)].map((r) =>
      Buffer.from(JSON.stringify(toVideo(r, 'free', undefined))),
    );
    const text = videoListJson(items, { total: 2, offset: 0, limit: 50, next_cursor: null }).toString();
    const parsed = VideoListSchema.parse(JSON.parse(text));
    expect(parsed.items.map((v) => v.id)).toEqual([1, 2]);
    expect(text).toContain('"settings":{"seed":1,"model_version":"m"');
    expect(
      JSON.parse(videoListJson([], { total: 0, offset: 0, limit: 1, next_cursor: null }).toString()),
    ).toEqual({
      items: [],
      total: 0,
      offset: 0,
      limit: 1,
      next_cursor: null,
    });
  });
});
