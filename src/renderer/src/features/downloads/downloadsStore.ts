import type { DownloadItem } from '../../../../shared/ipc/downloads';
import type { RendererApi } from '../../../../shared/ipc/contract';
import { errorMessage } from '../../lib/result';

/** Progress reaches the screen at most this often, however many events the core sends. */
export const FLUSH_EVERY_MS = 250;

export interface DownloadsSummary {
  /** Queued, active or paused: the downloads still to finish. */
  unfinished: number;
  active: number;
  failed: number;
  /** 0..1 over the unfinished downloads with a known size, or null when there are none. */
  progress: number | null;
}

export interface DownloadsSnapshot {
  /** Newest first. */
  items: readonly DownloadItem[];
  summary: DownloadsSummary;
  /** Why the list could not be read, or null. */
  error: string | null;
  loaded: boolean;
}

const UNFINISHED = new Set<DownloadItem['state']>(['queued', 'active', 'paused']);

function summarize(items: readonly DownloadItem[]): DownloadsSummary {
  let unfinished = 0;
  let active = 0;
  let failed = 0;
  let done = 0;
  let total = 0;
  for (const item of items) {
    if (item.state === 'failed') failed += 1;
    if (!UNFINISHED.has(item.state)) continue;
    unfinished += 1;
    if (item.state === 'active') active += 1;
    if (item.bytesTotal > 0) {
      done += Math.min(item.bytesDone, item.bytesTotal);
      total += item.bytesTotal;
    }
  }
  return { unfinished, active, failed, progress: total > 0 ? done / total : null };
}

/**
 * The download queue as the page sees it: the `downloads:list` snapshot with every
 * `downloads:progress` event merged in. It lives outside React so that progress re-renders only the
 * components that read it (the panel and the header toggle), never the grid, and it publishes a new
 * snapshot at most every FLUSH_EVERY_MS.
 */
export class DownloadsStore {
  private readonly items = new Map<number, DownloadItem>();
  /** Items an event updated while a list read was in flight: the event is newer than the list. */
  private touchedDuringLoad: Set<number> | null = null;
  private readonly listeners = new Set<() => void>();
  private snapshot: DownloadsSnapshot = {
    items: [],
    summary: summarize([]),
    error: null,
    loaded: false,
  };
  private error: string | null = null;
  private loaded = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastFlush = 0;
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly api: RendererApi) {}

  /** Listens for progress and reads the list; returns the teardown. */
  start(): () => void {
    this.unsubscribe = this.api.on('downloads:progress', ({ items, removed }) => {
      this.merge(items);
      if (removed) this.remove(removed);
    });
    void this.load();
    return () => {
      this.unsubscribe?.();
      this.unsubscribe = null;
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
    };
  }

  async load(): Promise<void> {
    const touched = new Set<number>();
    this.touchedDuringLoad = touched;
    try {
      const result = await this.api['downloads:list']({});
      if (!result.ok) {
        this.error = `Could not read the downloads: ${result.error.message}`;
      } else {
        this.error = null;
        const listed = new Set<number>();
        for (const item of result.value) {
          listed.add(item.id);
          if (!touched.has(item.id)) this.items.set(item.id, item);
        }
        // Gone from the core's list and not announced since: no longer there.
        for (const id of [...this.items.keys()])
          if (!listed.has(id) && !touched.has(id)) this.items.delete(id);
      }
    } catch (e) {
      this.error = `Could not read the downloads: ${errorMessage(e)}`;
    } finally {
      if (this.touchedDuringLoad === touched) this.touchedDuringLoad = null;
    }
    this.loaded = true;
    this.flush();
  }

  /** Newer copies of items (from an event or an action's answer); published within FLUSH_EVERY_MS. */
  merge(items: readonly DownloadItem[]): void {
    for (const item of items) {
      this.items.set(item.id, item);
      this.touchedDuringLoad?.add(item.id);
    }
    this.schedule();
  }

  /** Downloads taken off the list (by this window or another one); published at once. */
  remove(ids: readonly number[]): void {
    for (const id of ids) {
      this.items.delete(id);
      // A list read in flight may still hold them: the removal is newer.
      this.touchedDuringLoad?.add(id);
    }
    this.flush();
  }

  /** Applies an action's answer at once: the user's click shows without waiting for a tick. */
  mergeNow(items: readonly DownloadItem[]): void {
    this.merge(items);
    this.flush();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): DownloadsSnapshot => this.snapshot;

  private schedule(): void {
    if (this.timer) return;
    const wait = this.lastFlush + FLUSH_EVERY_MS - performance.now();
    if (wait <= 0) {
      this.flush();
      return;
    }
    this.timer = setTimeout(() => this.flush(), wait);
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.lastFlush = performance.now();
    const items = [...this.items.values()].sort(
      (a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id,
    );
    this.snapshot = { items, summary: summarize(items), error: this.error, loaded: this.loaded };
    for (const listener of this.listeners) listener();
  }
}
