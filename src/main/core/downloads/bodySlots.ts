// Memory a download body is gathered into before it is written and hashed: shared with the sha256
// worker (no copy between threads) and page-aligned, as direct I/O needs (see downloadFs.ts).
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
type SharedMemoryConstructor = new (descriptor: { initial: number; maximum: number; shared: true }) => {
  readonly buffer: SharedArrayBuffer;
};

function isConstructor(value: unknown): value is SharedMemoryConstructor {
  return typeof value === 'function';
}

function sharedMemory(pages: number): SharedArrayBuffer {
  const Memory: unknown = Reflect.get(Reflect.get(globalThis, 'WebAssembly') ?? {}, 'Memory');
  if (!isConstructor(Memory)) throw new Error('WebAssembly.Memory is not available');
  return new Memory({ initial: pages, maximum: pages, shared: true }).buffer;
}

export function acquireSlot(): Buffer {
  const pooled = free.pop();
  if (pooled) return pooled;
  const pages = SLOT_BYTES / WASM_PAGE;
  return Buffer.from(sharedMemory(pages), 0, SLOT_BYTES);
}

export function releaseSlot(slot: Buffer): void {
  if (free.length < KEEP && !free.includes(slot)) free.push(slot);
}
