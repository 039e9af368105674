import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryApi } from '../../../test/memory-api';
import { DownloadsStore, FLUSH_EVERY_MS } from './downloadsStore';

describe('DownloadsStore', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance', 'Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('publishes a burst of progress events at most once per FLUSH_EVERY_MS, with the latest figures', async () => {
    const memory = new MemoryApi({ videos: 10 });
    const video = memory.videos.find((v) => v.status === 'ready');
    if (!video) throw new Error('no ready video');
    await memory.asApi()['downloads:start']({ videoIds: [video.id], quality: 'hd' });
    const store = new DownloadsStore(memory.asApi());
    const published: number[] = [];
    store.subscribe(() => published.push(store.getSnapshot().items[0]?.bytesDone ?? -1));
    const stop = store.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(published).toEqual([0]);

    // Ten events within one interval: the first waits for the interval, then one snapshot with the last.
    for (let i = 1; i <= 10; i++) memory.progress(1, i * 1000, 1000, 10);
    expect(published).toEqual([0]);
    await vi.advanceTimersByTimeAsync(FLUSH_EVERY_MS);
    expect(published).toEqual([0, 10_000]);
    // Quiet for longer than an interval: the next event shows at once.
    await vi.advanceTimersByTimeAsync(FLUSH_EVERY_MS * 2);
    memory.progress(1, 11_000, 1000, 9);
    expect(published).toEqual([0, 10_000, 11_000]);
    expect(store.getSnapshot().summary).toEqual({
      unfinished: 1,
      active: 1,
      failed: 0,
      progress: 11_000 / 48_000_000,
    });

    stop();
    memory.progress(1, 12_000, 1000, 8);
    await vi.advanceTimersByTimeAsync(FLUSH_EVERY_MS * 2);
    expect(published).toEqual([0, 10_000, 11_000]);
  });
});
