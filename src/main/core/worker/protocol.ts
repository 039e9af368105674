import type {
  AppInfo,
  EventChannel,
  EventPayloads,
  InvokeChannel,
  IpcResult,
} from '../../../shared/ipc/contract';
import type { SessionState, Settings } from '../../../shared/ipc/models';
import type { MediaKind } from '../cache/videos';
import type { CoreOptions, MediaFile } from '../core';

// The one message protocol between a host's main thread and the core's worker. Calls are the IPC
// contract's channels (the host validates, the worker runs the handler) plus the few things a host edge
// needs from the core (a media file to stream); events are the contract's event channels. Every message
// is structured-cloned, so nothing here holds a function or a stream.

/** What the worker needs to build the core: everything serializable (no function crosses threads). */
export interface CoreWorkerConfig {
  dataDir: string;
  settingsFile: string;
  /** Used where the settings file is missing or damaged. */
  defaultSettings: Settings;
  secretsFile: string;
  defaultServerUrl: string;
  appInfo: AppInfo;
  /** A video's media URL for the renderer is `${prefix}${id}/${kind}${suffix}`. */
  mediaUrl: { prefix: string; suffix: string };
  tuning?: CoreOptions['tuning'];
  sqliteNativeBinding?: string;
}

/** A host-side call of the worker: its request and its answer, typed together. */
export interface WorkerCalls {
  /** The host's dispatch already checked the payload against the contract; the worker checks it again. */
  invoke: { request: { channel: InvokeChannel; payload: unknown }; response: IpcResult<unknown> };
  mediaFile: { request: { id: number; kind: MediaKind }; response: MediaFile };
  stop: { request: Record<string, never>; response: null };
}
export type WorkerCall = keyof WorkerCalls;

export interface CallMessage<K extends WorkerCall> {
  t: 'call';
  id: number;
  call: K;
  request: WorkerCalls[K]['request'];
}
export type HostToWorker = { [K in WorkerCall]: CallMessage<K> }[WorkerCall];

export interface EventMessage<E extends EventChannel> {
  t: 'event';
  event: E;
  payload: EventPayloads[E];
}

export type WorkerToHost =
  | { t: 'ready'; session: SessionState }
  | { t: 'answer'; id: number; value: WorkerCalls[WorkerCall]['response'] }
  | { t: 'failed'; id: number; message: string }
  | { [E in EventChannel]: EventMessage<E> }[EventChannel]
  | { t: 'log'; level: 'info' | 'warn' | 'error'; msg: string; fields: Record<string, unknown> };
