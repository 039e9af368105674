import type { VideoList } from '../../../src/shared/api/schemas';

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
