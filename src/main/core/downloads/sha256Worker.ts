import { Worker } from 'node:worker_threads';

// The sha256 of every download is computed on one worker thread shared by all downloads, so the
// thread that receives the body only copies it: hashing is about a third of the CPU a download costs
// (measured at 1.7 GB/s with the CPU's SHA instructions), and on the same thread it held a single
// download to ~80% of curl's speed on loopback.
//
// The body arrives in shared memory slots (see bodySlots.ts): the worker hashes them in place, so
// nothing is copied between the threads. Anything else (the part file re-read on resume) is copied.

/**
 * The worker's code, plain JavaScript evaluated by `new Worker(…, { eval: true })`: a separate file
 * would need its own entry in every bundle (electron-vite, the web host, tsx in tests), and it is
 * this small on purpose.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const hashes = new Map();
const buffers = new Map();
parentPort.on('message', (m) => {
  try {
    let value = null;
    if (m.op === 'buffer') buffers.set(m.key, m.buffer);
    else if (m.op === 'reset') hashes.set(m.id, createHash('sha256'));
    else if (m.op === 'update') {
      const hash = hashes.get(m.id);
      if (!hash) throw new Error('no hash ' + m.id);
      const source = m.bytes ?? buffers.get(m.key);
      if (!source) throw new Error('no buffer ' + m.key);
      hash.update(new Uint8Array(source.buffer ?? source, m.offset, m.length));
    } else if (m.op === 'digest') {
      const hash = hashes.get(m.id);
      if (!hash) throw new Error('no hash ' + m.id);
      value = hash.copy().digest('hex');
    } else if (m.op === 'close') hashes.delete(m.id);
    if (m.seq !== undefined) parentPort.postMessage({ seq: m.seq, value });
  } catch (error) {
    parentPort.postMessage({ seq: m.seq, error: String(error && error.message ? error.message : error) });
  }
});
`;

interface Waiter {
  resolve: (value: string | null) => void;
  reject: (error: Error) => void;
}

interface Reply {
  seq: number;
  value?: string | null;
  error?: string;
}

function isReply(value: unknown): value is Reply {
  return typeof value === 'object' && value !== null && 'seq' in value && typeof value.seq === 'number';
}

/** The worker thread and the requests waiting on it. Restarted on the next request after a crash. */
class HashThread {
  private worker: Worker | null = null;
  /** Bumped on every (re)start: a hash begun on an earlier worker is gone with it. */
  generation = 0;
  private seq = 0;
  private readonly waiting = new Map<number, Waiter>();
  private registered = new WeakMap<SharedArrayBuffer, number>();
  private nextKey = 0;

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    this.generation += 1;
    this.registered = new WeakMap();
    worker.unref();
    worker.on('message', (message: unknown) => {
      if (!isReply(message)) return;
      const waiter = this.waiting.get(message.seq);
      if (!waiter) return;
      this.waiting.delete(message.seq);
      if (this.waiting.size === 0) worker.unref();
      if (message.error !== undefined) waiter.reject(new Error(`sha256 worker: ${message.error}`));
      else waiter.resolve(message.value ?? null);
    });
    const fail = (error: Error): void => {
      if (this.worker !== worker) return;
      this.worker = null;
      const waiters = [...this.waiting.values()];
      this.waiting.clear();
      for (const w of waiters) w.reject(error);
    };
    worker.on('error', (error) => fail(error));
    worker.on('exit', (code) => fail(new Error(`The sha256 worker stopped (exit ${code}).`)));
    this.worker = worker;
    return worker;
  }

  /** Sends without waiting (messages are handled in order, so later requests see its effect). */
  post(message: Record<string, unknown>, transfer?: ArrayBuffer[]): void {
    this.ensure().postMessage(message, transfer);
  }

  request(message: Record<string, unknown>, transfer?: ArrayBuffer[]): Promise<string | null> {
    const worker = this.ensure();
    const seq = ++this.seq;
    return new Promise((resolve, reject) => {
      this.waiting.set(seq, { resolve, reject });
      // Referenced while a reply is due, so a process waiting only on a hash does not exit early.
      worker.ref();
      worker.postMessage({ ...message, seq }, transfer);
    });
  }

  /** The key under which the worker knows this shared buffer, sending it once per worker. */
  keyOf(buffer: SharedArrayBuffer): number {
    this.ensure();
    let key = this.registered.get(buffer);
    if (key === undefined) {
      key = ++this.nextKey;
      this.registered.set(buffer, key);
      this.post({ op: 'buffer', key, buffer });
    }
    return key;
  }

  get running(): boolean {
    return this.worker !== null;
  }

  /** Stops the worker (tests use this to prove a crash is reported, not hidden). */
  async stop(): Promise<void> {
    const worker = this.worker;
    if (worker) await worker.terminate();
  }
}

const thread = new HashThread();
let nextId = 0;

/** Thrown when the worker that held a hash is gone: the hash must be rebuilt from the file. */
export class HashLostError extends Error {
  constructor(cause?: unknown) {
    super('The checksum of the partial file was lost and must be rebuilt.', { cause });
    this.name = 'HashLostError';
  }
}

/**
 * One running sha256, fed in order. `update` resolves once the worker has read the bytes, so their
 * memory may then be reused. Call `close` when done with it.
 */
export class Sha256Stream {
  private readonly id = ++nextId;
  private generation = -1;

  constructor() {
    this.reset();
  }

  /** Starts over from no bytes. */
  reset(): void {
    thread.post({ op: 'reset', id: this.id });
    this.generation = thread.generation;
  }

  async update(data: Uint8Array): Promise<void> {
    if (data.length === 0) return;
    const live = this.generation === thread.generation;
    try {
      if (data.buffer instanceof SharedArrayBuffer) {
        const key = thread.keyOf(data.buffer);
        if (!live || this.generation !== thread.generation) throw new HashLostError();
        await thread.request({
          op: 'update',
          id: this.id,
          key,
          offset: data.byteOffset,
          length: data.length,
        });
      } else {
        if (!live) throw new HashLostError();
        // A copy of its own (Buffer#slice would share, and transferring it would detach the caller's).
        const copy = new Uint8Array(data.length);
        copy.set(data);
        await thread.request(
          { op: 'update', id: this.id, bytes: copy.buffer, offset: 0, length: copy.length },
          [copy.buffer],
        );
      }
    } catch (error) {
      throw error instanceof HashLostError ? error : new HashLostError(error);
    }
  }

  /** The hex digest of the bytes so far; the stream can go on. */
  async digest(): Promise<string> {
    if (this.generation !== thread.generation) throw new HashLostError();
    try {
      const value = await thread.request({ op: 'digest', id: this.id });
      if (typeof value !== 'string') throw new Error('no digest');
      return value;
    } catch (error) {
      throw new HashLostError(error);
    }
  }

  close(): void {
    // A worker that is gone took the hash with it; starting one only to forget it would be waste.
    if (this.generation === thread.generation && thread.running) thread.post({ op: 'close', id: this.id });
  }
}

/** For tests: ends the worker as a crash would. */
export function stopSha256WorkerForTests(): Promise<void> {
  return thread.stop();
}
