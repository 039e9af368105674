// Memory a download body is gathered into before it is written and hashed: shared with the sha256
// worker (no copy between threads) and page-aligned, as direct I/O needs (see directIo.ts).
// WebAssembly memory gives both: its buffer is a SharedArrayBuffer when `shared`, and V8 maps it
// from whole pages. Slots are pooled, since a download uses one for its whole length and mapping one
// reserves address space.

const WASM_PAGE = 64 * 1024;

/** Bytes per slot: a multiple of the wasm page and of any disk's block size. */
export const SLOT_BYTES = 12 * WASM_PAGE;

/** Free slots kept for the next downloads (the default concurrency is 3, plus resumes). */
const KEEP = 8;
const free: Buffer[] = [];

/** The part of `WebAssembly.Memory` used here: Node has it, the project's type libraries do not. */
type MemoryConstructor = new (descriptor: { initial: number; maximum: number; shared: boolean }) => {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
};

function isConstructor(value: unknown): value is MemoryConstructor {
  return typeof value === 'function';
}

/**
 * Shared wasm memory where the runtime has it; else unshared wasm memory (still page-aligned: the
 * sha256 worker then gets a copy); else, without WebAssembly at all (V8's --jitless), plain memory,
 * which direct I/O refuses, so those writes go through the page cache.
 */
function newSlot(): Buffer {
  const pages = SLOT_BYTES / WASM_PAGE;
  const Memory: unknown = Reflect.get(Reflect.get(globalThis, 'WebAssembly') ?? {}, 'Memory');
  if (isConstructor(Memory)) {
    for (const shared of [true, false]) {
      try {
        return Buffer.from(new Memory({ initial: pages, maximum: pages, shared }).buffer, 0, SLOT_BYTES);
      } catch {
        // Not available in this runtime: try the next kind.
      }
    }
  }
  return Buffer.allocUnsafeSlow(SLOT_BYTES);
}

export function acquireSlot(): Buffer {
  return free.pop() ?? newSlot();
}

export function releaseSlot(slot: Buffer): void {
  if (free.length < KEEP && !free.includes(slot)) free.push(slot);
}
