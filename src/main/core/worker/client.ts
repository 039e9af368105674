import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { INVOKE_CHANNELS, type EventChannel, type InvokeChannel } from '../../../shared/ipc/contract';
import type { SessionState } from '../../../shared/ipc/models';
import { CoreError } from '../errors';
import { CoreEvents, type Listener } from '../events';
import type { Handler, Handlers } from '../ipc/handler-types';
import { silentLogger, type Logger } from '../logger';
import { respondWithFile } from '../media/range';
import type { HostCore } from '../host-core';
import type {
  CallMessage,
  CoreWorkerConfig,
  HostCall,
  HostCallMessage,
  HostCalls,
  HostServices,
  HostToWorker,
  WorkerCall,
  WorkerCalls,
  WorkerToHost,
} from './protocol';

// The host's side of the core worker: the same face as the in-process core (a handler per contract
// channel, the event channels, media), each call a message to the worker. A worker that dies is started
// again on the same data folder, so the cache is reopened; the calls it was answering get a clear error.

// From TypeScript, the entry beside this file; bundled (scripts/webhost-build.js), the worker's bundle
// beside the host's. Electron's main process names its own bundle.
const ENTRY = fileURLToPath(
  new URL(import.meta.url.endsWith('.ts') ? './entry.ts' : './core-worker.js', import.meta.url),
);

export interface CoreWorkerOptions {
  logger?: Logger;
  /** The host's stores and edges the worker may call (see CoreWorkerConfig's stores and hostHooks). */
  services?: HostServices;
  /** The worker's script; default the TypeScript entry next to this file (run through tsx). */
  entry?: string;
}

interface Pending {
  resolve: (value: never) => void;
  reject: (err: Error) => void;
}

/** Runs a TypeScript entry through tsx's loader, registered inside the worker (Node 20 workers do not inherit --import). */
function spawn(entry: string, config: CoreWorkerConfig): Worker {
  if (!entry.endsWith('.ts')) return new Worker(entry, { workerData: config });
  const cjs = createRequire(import.meta.url).resolve('tsx/esm/api');
  const api = pathToFileURL(cjs.replace(/\.cjs$/, '.mjs')).href;
  const source =
    `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); ` +
    `return import(${JSON.stringify(pathToFileURL(entry).href)}); });`;
  return new Worker(source, { eval: true, workerData: config });
}

export class CoreWorker implements HostCore {
  readonly handlers: Handlers;
  readonly media: HostCore['media'];
  readonly core: HostCore['core'];
  /** How many times the worker was started again after dying. */
  restarts = 0;
  private readonly events: CoreEvents;
  private readonly logger: Logger;
  private readonly entry: string;
  private worker: Worker | null = null;
  private ready: Promise<void> = Promise.resolve();
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  /** As the worker last reported it; before the first worker is ready, signed out. */
  private session: SessionState = { status: 'signed_out', serverUrl: '' };
  private stopping = false;
  private recentCrashes: number[] = [];

  private readonly services: HostServices;
  private readonly config: () => CoreWorkerConfig;

  /** `config` may be a function: read again at each (re)start, so a new worker gets the current settings. */
  constructor(config: CoreWorkerConfig | (() => CoreWorkerConfig), options: CoreWorkerOptions = {}) {
    this.config = typeof config === 'function' ? config : () => config;
    this.services = options.services ?? {};
    this.logger = options.logger ?? silentLogger;
    this.entry = options.entry ?? ENTRY;
    this.events = new CoreEvents((err) => this.logger.error({ err }, 'event listener failed'));
    const handlers: Partial<Record<InvokeChannel, Handler<InvokeChannel>>> = {};
    for (const channel of INVOKE_CHANNELS) handlers[channel] = (request) => this.invoke(channel, request);
    // Filled from the contract's own channel list just above: every channel has its handler.
    this.handlers = handlers as Handlers;
    this.media = {
      respond: async (id, kind, range, method) => {
        const found = await this.call('mediaFile', { id, kind });
        if ('status' in found) return { status: found.status, headers: {}, body: null };
        return respondWithFile(found.file, found.mime, range, method);
      },
    };
    this.core = { sessionState: () => this.session };
  }

  on<E extends EventChannel>(event: E, listener: Listener<E>): () => void {
    return this.events.on(event, listener);
  }

  /** Starts the worker and resolves once its core has opened the stored session's cache. */
  start(): Promise<void> {
    this.stopping = false;
    this.launch();
    return this.ready;
  }

  async stop(): Promise<void> {
    const worker = this.worker;
    this.stopping = true;
    if (!worker) return;
    await this.call('stop', {}).catch(() => undefined);
    await worker.terminate();
  }

  /** Ends the worker as a crash would (tests, and a stuck worker): it is started again. */
  async kill(): Promise<void> {
    await this.worker?.terminate();
  }

  private launch(): void {
    const config = this.config();
    if (this.restarts === 0) this.session = { status: 'signed_out', serverUrl: config.defaultServerUrl };
    const worker = spawn(this.entry, config);
    this.worker = worker;
    let reason = 'it exited';
    this.ready = new Promise<void>((resolve, reject) => {
      worker.on('message', (msg: WorkerToHost) => {
        if (msg.t === 'ready') {
          this.session = msg.session;
          resolve();
        } else this.receive(msg);
      });
      worker.on('error', (err) => {
        reason = err.message;
        reject(err);
      });
      worker.on('exit', (code) => {
        if (this.worker === worker) this.worker = null;
        this.failPending(`The app's core stopped (${reason}); please try again.`);
        if (this.stopping) return;
        this.crashed(`${reason}, exit code ${code}`);
      });
    });
    // A start that fails is reported to start()'s caller; a later crash restarts it instead.
    this.ready.catch(() => undefined);
  }

  private crashed(reason: string): void {
    const now = Date.now();
    this.recentCrashes = [...this.recentCrashes.filter((t) => now - t < 60_000), now];
    // A worker that keeps dying is not restarted in a tight loop: wait longer after each crash.
    const delay = this.recentCrashes.length <= 1 ? 0 : Math.min(10_000, 250 * 2 ** this.recentCrashes.length);
    this.logger.error({ err: new Error(reason), delay }, 'the core worker stopped; starting it again');
    setTimeout(() => {
      if (this.stopping) return;
      this.restarts += 1;
      this.launch();
    }, delay).unref();
  }

  private receive(msg: Exclude<WorkerToHost, { t: 'ready' }>): void {
    switch (msg.t) {
      case 'hostCall':
        this.serve(msg);
        return;
      case 'answer':
      case 'failed': {
        const pending = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        if (msg.t === 'failed') pending?.reject(new CoreError('internal', msg.message));
        // The worker answers each call with that call's response type.
        else pending?.resolve(msg.value as never);
        return;
      }
      case 'event':
        if (msg.event === 'session:changed') this.session = msg.payload;
        this.emit(msg);
        return;
      case 'log': {
        const { err, ...fields } = msg.fields;
        const restored =
          err && typeof err === 'object' && 'message' in err ? { err: new Error(String(err.message)) } : {};
        this.logger[msg.level]({ ...fields, ...restored }, msg.msg);
        return;
      }
    }
  }

  private emit(msg: Extract<WorkerToHost, { t: 'event' }>): void {
    // Each message pairs an event with its own payload (see WorkerToHost); TypeScript cannot follow
    // that pairing through a union, so the emit is widened here, once.
    const emit = this.events.emit as (event: EventChannel, payload: unknown) => void;
    emit(msg.event, msg.payload);
  }

  /** Runs a host call for the worker and posts the answer back to the worker that asked. */
  private serve<K extends HostCall>(msg: HostCallMessage<K>): void {
    const worker = this.worker;
    const service = this.services[msg.call] as
      ((request: HostCalls[K]['request']) => Promise<HostCalls[K]['response']>) | undefined;
    const answer = service
      ? Promise.resolve().then(() => service(msg.request))
      : Promise.reject(new Error(`This host has no ${msg.call}.`));
    answer.then(
      (value) => worker?.postMessage({ t: 'hostAnswer', id: msg.id, value } satisfies HostToWorker),
      (err: unknown) => {
        const message = err instanceof Error ? err.message : String(err);
        worker?.postMessage({ t: 'hostFailed', id: msg.id, message } satisfies HostToWorker);
      },
    );
  }

  private failPending(message: string): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(new CoreError('internal', message));
  }

  private async invoke<C extends InvokeChannel>(channel: C, payload: unknown) {
    const result = await this.call('invoke', { channel, payload });
    if (!result.ok) throw new CoreError(result.error.code, result.error.message);
    // The worker ran this channel's own handler.
    return result.value as never;
  }

  private call<K extends WorkerCall>(
    call: K,
    request: WorkerCalls[K]['request'],
  ): Promise<WorkerCalls[K]['response']> {
    const worker = this.worker;
    if (!worker) {
      return Promise.reject(
        new CoreError('internal', "The app's core is starting again after a problem; please try again."),
      );
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: never) => void, reject });
      const message: CallMessage<K> = { t: 'call', id, call, request };
      worker.postMessage(message);
    });
  }
}
