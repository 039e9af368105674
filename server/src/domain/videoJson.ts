import type { VideoList, VideoListItem } from '../../../src/shared/api/schemas';
import type { Plan } from '../../../src/shared/api/vocabulary';
import { PLANS } from '../../../src/shared/api/vocabulary';
import type { VideoRow } from '../repo/videos';

interface Entry {
  seq: number;
  /** By plan, in PLANS order. */
  texts: (Buffer | undefined)[];
}

/**
 * The JSON of a video's list item as one caller's plan sees it, as UTF-8 bytes, cached by id and change_seq.
 * Every change to a video row takes a new change_seq and ready media never change in place, so an
 * entry can never be stale; it only falls out when the cache is full. A list page is then a copy of
 * 50 cached byte runs into one buffer: no objects built, nothing serialised or encoded per request.
 */
export class VideoJsonCache {
  private readonly entries = new Map<number, Entry>();

  constructor(private readonly maxEntries = 50_000) {}

  lookup(row: Pick<VideoRow, 'id' | 'change_seq'>, plan: Plan): Buffer | undefined {
    const entry = this.entries.get(row.id);
    return entry?.seq === row.change_seq ? entry.texts[PLANS.indexOf(plan)] : undefined;
  }

  json(row: Pick<VideoRow, 'id' | 'change_seq'>, plan: Plan, build: () => VideoListItem): Buffer {
    let entry = this.entries.get(row.id);
    if (entry?.seq !== row.change_seq) {
      if (entry) this.entries.delete(row.id);
      else if (this.entries.size >= this.maxEntries) this.evict();
      entry = { seq: row.change_seq, texts: [] };
      this.entries.set(row.id, entry);
    }
    const p = PLANS.indexOf(plan);
    let text = entry.texts[p];
    if (text === undefined) {
      text = Buffer.from(JSON.stringify(build()));
      entry.texts[p] = text;
    }
    return text;
  }

  /** Drops the oldest tenth in insertion order: cheap, and keeps recently built pages. */
  private evict(): void {
    let drop = Math.ceil(this.maxEntries / 10);
    for (const k of this.entries.keys()) {
      this.entries.delete(k);
      if (--drop === 0) break;
    }
  }
}

const OPEN = Buffer.from('{"items":[');
const COMMA = 0x2c; // ','

/**
 * Reusable output buffers for list pages. A page is ~50 KB: a fresh buffer per answer grows V8's
 * external memory by ~100 MB/s under load, and V8 answers that with a full mark-compact every
 * fraction of a second (5–30 ms pauses for every request in flight). A slab goes back to the pool when
 * its response is closed, that is once the socket needs its bytes no more.
 */
export class PageBuffers {
  private readonly free: Buffer[] = [];

  constructor(
    private readonly slabBytes = 256 * 1024,
    private readonly keep = 64,
  ) {}

  /** A buffer of `length` bytes, and the call that hands it back (once; later calls do nothing). */
  take(length: number): { buf: Buffer; release: () => void } {
    if (length > this.slabBytes) return { buf: Buffer.allocUnsafe(length), release: () => undefined };
    const slab = this.free.pop() ?? Buffer.allocUnsafeSlow(this.slabBytes);
    let held = true;
    return {
      buf: slab.subarray(0, length),
      release: () => {
        if (!held) return;
        held = false;
        if (this.free.length < this.keep) this.free.push(slab);
      },
    };
  }
}

/**
 * The list answer as bytes, written into a buffer of the exact length from `alloc`: the envelope is
 * typed, the items are cached list item texts (undefined ones, videos gone meanwhile, are left out).
 */
export function videoListJson(
  items: readonly (Buffer | undefined)[],
  envelope: Omit<VideoList, 'items'>,
  alloc: (length: number) => Buffer = (length) => Buffer.allocUnsafe(length),
): Buffer {
  // The tail is written straight into the output: no Buffer of its own for a few dozen bytes.
  const tail = `],${JSON.stringify(envelope).slice(1)}`;
  const tailBytes = Buffer.byteLength(tail);
  let count = 0;
  let length = OPEN.length + tailBytes;
  for (const item of items) {
    if (item === undefined) continue;
    length += item.length;
    count++;
  }
  if (count > 1) length += count - 1;
  const out = alloc(length);
  let at = OPEN.copy(out, 0);
  let first = true;
  for (const item of items) {
    if (item === undefined) continue;
    if (!first) out[at++] = COMMA;
    first = false;
    out.set(item, at);
    at += item.length;
  }
  out.write(tail, at, tailBytes, 'utf8');
  return out;
}
