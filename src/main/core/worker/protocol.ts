import type {
  AppInfo,
  EventChannel,
  EventPayloads,
  InvokeChannel,
  IpcResult,
} from '../../../shared/ipc/contract';
import type { SessionState, Settings } from '../../../shared/ipc/models';
import type { DownloadItem } from '../../../shared/ipc/downloads';
import type { MediaKind } from '../cache/videos';
import type { CoreOptions, MediaFile } from '../core';

// The one message protocol between a host's main thread and the core's worker. Calls are the IPC
// contract's channels (the host validates, the worker runs the handler) plus the few things a host edge
// needs from the core (a media file to stream); events are the contract's event channels. Every message
// is structured-cloned, so nothing here holds a function or a stream.

/**
 * Where the core keeps settings and secrets: its own files (the web host), or the host's stores
 * (Electron: electron-store, safeStorage), reached through host calls. With the host's stores the
 * worker keeps a copy of the settings, sent whole to the host on each change (it is their only writer).
 */
export type WorkerStores =
  | { kind: 'files'; settingsFile: string; defaultSettings: Settings; secretsFile: string }
  | { kind: 'host'; settings: Settings; loadProblem: string | null };

/** The host edges a worker may call (each only where the host has it: HostServices). */
export type HostHook = 'openExternal' | 'pickFolder' | 'reveal' | 'open' | 'startDrag' | 'settled';

/** What the worker needs to build the core: everything serializable (no function crosses threads). */
export interface CoreWorkerConfig {
  dataDir: string;
  stores: WorkerStores;
  /** The host edges this host has (the web host: none). */
  hostHooks?: HostHook[];
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

export interface EventMessage<E extends EventChannel> {
  t: 'event';
  event: E;
  payload: EventPayloads[E];
}

/** A call from the worker to the host's main thread: its stores and its Electron edges. */
export interface HostCalls {
  secretGet: { request: { key: string }; response: string | null };
  secretSet: { request: { key: string; value: string }; response: null };
  secretDelete: { request: { key: string }; response: null };
  settingsSave: { request: { settings: Settings }; response: null };
  openExternal: { request: { url: string }; response: boolean };
  pickFolder: { request: { dir: string }; response: string | null };
  reveal: { request: { path: string }; response: boolean };
  open: { request: { path: string }; response: boolean };
  startDrag: { request: { files: string[] }; response: null };
  settled: { request: { item: DownloadItem }; response: null };
}
export type HostCall = keyof HostCalls;

/** The host's side of each host call (what the host has; the rest are never called). */
export type HostServices = {
  [K in HostCall]?: (request: HostCalls[K]['request']) => Promise<HostCalls[K]['response']>;
};

export interface HostCallMessage<K extends HostCall> {
  t: 'hostCall';
  id: number;
  call: K;
  request: HostCalls[K]['request'];
}

export type HostToWorker =
  | { [K in WorkerCall]: CallMessage<K> }[WorkerCall]
  | { t: 'hostAnswer'; id: number; value: HostCalls[HostCall]['response'] }
  | { t: 'hostFailed'; id: number; message: string };

export type WorkerToHost =
  | { t: 'ready'; session: SessionState }
  | { [K in HostCall]: HostCallMessage<K> }[HostCall]
  | { t: 'answer'; id: number; value: WorkerCalls[WorkerCall]['response'] }
  | { t: 'failed'; id: number; message: string }
  | { [E in EventChannel]: EventMessage<E> }[EventChannel]
  | { t: 'log'; level: 'info' | 'warn' | 'error'; msg: string; fields: Record<string, unknown> };
