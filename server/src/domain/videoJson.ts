import type { VideoList } from '../../../src/shared/api/schemas';

const OPEN = Buffer.from('{"items":[');
const COMMA = 0x2c; // ','

/**
 * Reusable output buffers for list pages. A page is ~50 KB: a fresh buffer per answer grows V8's
 * external memory by ~100 MB/s under load, and V8 answers that with a full mark-compact every
 * fraction of a second (5–30 ms pauses for every request in flight). A slab goes back to the pool when
 * its response has finished (its bytes handed to the socket) or failed; a response that never does
 * only loses its slab to the garbage collector.
 */
export class PageBuffers {
  private readonly free: ArrayBuffer[] = [];
  /**
   * Slabs handed out and not given back yet: a second give of the same buffer does nothing. Weak, so
   * the slab of a response that never finished (a dropped connection) is still collected.
   */
  private readonly held = new WeakSet<ArrayBufferLike>();

  constructor(
    private readonly slabBytes = 256 * 1024,
    private readonly keep = 64,
  ) {}

  /** A buffer of `length` bytes: a slab's first bytes, or a buffer of its own when too long for one. */
  take(length: number): Buffer {
    if (length > this.slabBytes) return Buffer.allocUnsafeSlow(length);
    const slab = this.free.pop() ?? new ArrayBuffer(this.slabBytes);
    this.held.add(slab);
    return Buffer.from(slab, 0, length);
  }

  /** Hands back a buffer from `take` once its bytes are needed no more (later calls do nothing). */
  give(buf: Buffer): void {
    const slab = buf.buffer;
    if (!this.held.delete(slab)) return;
    if (slab instanceof ArrayBuffer && this.free.length < this.keep) this.free.push(slab);
  }
}

/** Where a page's bytes go: a buffer of exactly the length asked for. */
export interface PageAlloc {
  take(length: number): Buffer;
}

const fresh: PageAlloc = { take: (length) => Buffer.allocUnsafe(length) };

/**
 * The list answer as bytes, written into a buffer of the exact length from `alloc`: the envelope is
 * typed, the items are cached list item texts (undefined ones, videos gone meanwhile, are left out).
 */
export function videoListJson(
  items: readonly (Buffer | undefined)[],
  envelope: Omit<VideoList, 'items'>,
  alloc: PageAlloc = fresh,
): Buffer {
  // The tail is written straight into the output: no Buffer of its own for a few dozen bytes. Its
  // keys in the order JSON.stringify(envelope) would write them.
  const cursor = envelope.next_cursor === null ? 'null' : JSON.stringify(envelope.next_cursor);
  const tail = `],"total":${envelope.total},"offset":${envelope.offset},"limit":${envelope.limit},"next_cursor":${cursor}}`;
  const tailBytes = Buffer.byteLength(tail);
  let count = 0;
  let length = OPEN.length + tailBytes;
  for (const item of items) {
    if (item === undefined) continue;
    length += item.length;
    count++;
  }
  if (count > 1) length += count - 1;
  const out = alloc.take(length);
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
