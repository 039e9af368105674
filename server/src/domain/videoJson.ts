import type { Video, VideoList } from '../../../src/shared/api/schemas';
import type { Plan } from '../../../src/shared/api/vocabulary';
import type { VideoRow } from '../repo/videos';

/**
 * The JSON text of a video as one caller's plan sees it, cached by (id, change_seq, plan). Every
 * change to a video row takes a new change_seq and ready media never change in place, so an entry
 * can never be stale; it only falls out when the cache is full. List pages are then mostly string
 * joins instead of building and serialising 50 objects per request.
 */
export class VideoJsonCache {
  private readonly entries = new Map<string, string>();

  constructor(private readonly maxEntries = 50_000) {}

  lookup(row: Pick<VideoRow, 'id' | 'change_seq'>, plan: Plan): string | undefined {
    return this.entries.get(`${row.id}:${row.change_seq}:${plan}`);
  }

  json(row: Pick<VideoRow, 'id' | 'change_seq'>, plan: Plan, build: () => Video): string {
    const key = `${row.id}:${row.change_seq}:${plan}`;
    const hit = this.entries.get(key);
    if (hit !== undefined) return hit;
    const text = JSON.stringify(build());
    if (this.entries.size >= this.maxEntries) {
      // Drop the oldest tenth in insertion order: cheap, and keeps recently built pages.
      let drop = Math.ceil(this.maxEntries / 10);
      for (const k of this.entries.keys()) {
        this.entries.delete(k);
        if (--drop === 0) break;
      }
    }
    this.entries.set(key, text);
    return text;
  }
}

/** The list answer as text: the envelope is typed, the items are cached Video texts. */
export function videoListJson(items: readonly string[], envelope: Omit<VideoList, 'items'>): string {
  const rest = JSON.stringify(envelope);
  return `{"items":[${items.join(',')}],${rest.slice(1)}`;
}
