import { describe, expect, it } from 'vitest';
import { VideoListSchema, VideoSchema } from '../../src/shared/api/schemas';
import { PageBuffers, videoListJson } from '../src/domain/videoJson';
import { toListItem, toVideo } from '../src/domain/videoPayload';
import type { AssetFileRow, AssetKind } from '../src/repo/assetFiles';
import type { VideoRow } from '../src/repo/videos';

const row = (id: number, seq: number, title = `v${id}`): VideoRow => ({
  id,
  user_id: 1,
  title,
  prompt: 'p p p',
  triggers: '["Water"]',
  tags: null,
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

describe('videoListJson', () => {
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

  it('leaves out videos gone between the page and its texts, and fills the exact length asked for', () => {
    const text = (id: number) =>
      Buffer.from(JSON.stringify(toVideo(row(id, id, 'título ✓'), 'free', undefined)));
    const lengths: number[] = [];
    const out = videoListJson(
      [undefined, text(1), undefined, text(3), undefined],
      { total: 5, offset: 0, limit: 5, next_cursor: 'c-é' },
      {
        take: (length) => {
          lengths.push(length);
          return Buffer.alloc(length, 0x20);
        },
      },
    );
    expect(lengths).toEqual([out.length]);
    const parsed = VideoListSchema.parse(JSON.parse(out.toString('utf8')));
    expect(parsed.items.map((v) => v.id)).toEqual([1, 3]);
    expect(parsed.items[0]?.title).toBe('título ✓');
    expect(parsed.next_cursor).toBe('c-é');
    expect(out.at(-1)).toBe(0x7d); // '}': no slack left at the end of the buffer
    expect(
      JSON.parse(videoListJson([undefined], { total: 1, offset: 0, limit: 1, next_cursor: null }).toString())
        .items,
    ).toEqual([]);
  });

  it('list items are the full record without per-file checksums', () => {
    const file = (kind: AssetKind, width: number): AssetFileRow => ({
      asset_id: 1,
      kind,
      file: `${kind}.mp4`,
      mime: 'video/mp4',
      bytes: width * 100,
      sha256: 'a'.repeat(64),
      etag: '"e"',
      width,
      height: width / 2,
    });
    const ready: VideoRow = { ...row(1, 1), status: 'ready', progress: null, asset_id: 1 };
    const asset = { dir: 'x', files: new Map([file('sd', 640), file('hd', 1920)].map((f) => [f.kind, f])) };
    const full = VideoSchema.parse(toVideo(ready, 'free', asset));
    expect(full.downloads.map((d) => d.sha256)).toEqual(['a'.repeat(64), 'a'.repeat(64)]);
    const item = toListItem(full);
    expect(JSON.stringify(item)).not.toContain('sha256');
    const { downloads, ...rest } = item;
    const { downloads: fullDownloads, ...fullRest } = full;
    expect(rest).toEqual(fullRest);
    expect(downloads).toEqual(
      fullDownloads.map((d) => Object.fromEntries(Object.entries(d).filter(([key]) => key !== 'sha256'))),
    );
    const page = VideoListSchema.parse(
      JSON.parse(
        videoListJson([Buffer.from(JSON.stringify(item))], {
          total: 1,
          offset: 0,
          limit: 1,
          next_cursor: null,
        }).toString(),
      ),
    );
    expect(page.items[0]?.downloads[1]).toMatchObject({ quality: 'hd', allowed: false, width: 1920 });
  });
});

describe('PageBuffers', () => {
  it('never hands out a slab that is still held, reuses it once given back, and takes it back once', () => {
    const pool = new PageBuffers(1024, 4);
    const a = pool.take(100);
    const b = pool.take(200);
    expect(a.length).toBe(100);
    expect(b.length).toBe(200);
    expect(a.buffer).not.toBe(b.buffer);
    pool.give(a);
    pool.give(a);
    const c = pool.take(300);
    const d = pool.take(300);
    expect(c.buffer).toBe(a.buffer);
    expect(d.buffer).not.toBe(a.buffer);
    expect(d.buffer).not.toBe(b.buffer);
    // Larger than a slab: its own buffer, never pooled.
    const big = pool.take(5000);
    expect(big.length).toBe(5000);
    pool.give(big);
    expect(pool.take(10).buffer).not.toBe(big.buffer);
    // A buffer the pool never handed out is not taken in.
    const stranger = Buffer.alloc(1024);
    pool.give(stranger);
    expect(pool.take(10).buffer).not.toBe(stranger.buffer);
  });

  it('a page written into a pooled buffer is the same JSON as a freshly allocated one', () => {
    const pool = new PageBuffers(4096);
    const items = [row(1, 1), row(2, 2)].map((r) =>
      Buffer.from(JSON.stringify(toListItem(toVideo(r, 'free', undefined)))),
    );
    for (const envelope of [
      { total: 2, offset: 0, limit: 2, next_cursor: 'abc' },
      { total: 2, offset: 7, limit: 2, next_cursor: 'quote " and é' },
      { total: 0, offset: 0, limit: 1, next_cursor: null },
    ]) {
      const pooled = videoListJson(items, envelope, pool);
      expect(pooled.toString()).toBe(videoListJson(items, envelope).toString());
      expect(JSON.parse(pooled.toString())).toEqual({
        items: items.map((i) => JSON.parse(i.toString())),
        ...envelope,
      });
    }
  });
});
