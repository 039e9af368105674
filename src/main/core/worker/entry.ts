import { parentPort, workerData } from 'node:worker_threads';
import { EVENT_CHANNELS, type EventChannel } from '../../../shared/ipc/contract';
import { createCore } from '../index';
import { dispatch } from '../ipc/dispatch';
import type { Logger } from '../logger';
import { FileSecretsStore } from '../secrets/file-secrets-store';
import { FileSettingsStore } from '../settings/file-settings-store';
import type { DownloadItem } from '../../../shared/ipc/downloads';
import type { CoreOptions } from '../core';
import { downloadsFor } from '../downloads/service';
import { hostSecretsStore, HostSettingsStore, type CallHost } from './host-stores';
import type {
  CoreWorkerConfig,
  EventMessage,
  HostCallMessage,
  HostToWorker,
  WorkerCall,
  WorkerCalls,
  WorkerToHost,
} from './protocol';

// The core's own thread: the cache database, the sync, the full-text index and the downloads run here,
// so no SQL statement ever holds up the host's main thread, which only routes calls and events.

const port = parentPort;
if (!port) throw new Error('The core worker must run in a worker thread.');
const config = workerData as CoreWorkerConfig;

const send = (msg: WorkerToHost): void => port.postMessage(msg);

/** Errors do not survive structured cloning with their class: the host gets their words. */
function plain(fields: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    out[k] = v instanceof Error ? { message: v.message, name: v.name } : v;
  }
  return out;
}
const logger: Logger = {
  info: (obj, msg) => send({ t: 'log', level: 'info', msg: msg ?? '', fields: plain(obj) }),
  warn: (obj, msg) => send({ t: 'log', level: 'warn', msg: msg ?? '', fields: plain(obj) }),
  error: (obj, msg) => send({ t: 'log', level: 'error', msg: msg ?? '', fields: plain(obj) }),
};

const hostCalls = new Map<number, { resolve: (value: never) => void; reject: (err: Error) => void }>();
let nextHostCall = 1;
const callHost: CallHost = (call, request) =>
  new Promise((resolve, reject) => {
    const id = nextHostCall++;
    hostCalls.set(id, { resolve: resolve as (value: never) => void, reject });
    const message: HostCallMessage<typeof call> = { t: 'hostCall', id, call, request };
    port.postMessage(message);
  });

function stores(): Pick<CoreOptions, 'settings' | 'secrets'> {
  const s = config.stores;
  if (s.kind === 'files') {
    return {
      settings: new FileSettingsStore(s.settingsFile, s.defaultSettings),
      secrets: new FileSecretsStore(s.secretsFile),
    };
  }
  return {
    settings: new HostSettingsStore(s.settings, s.loadProblem, callHost, (err) =>
      logger.error({ err }, 'the settings could not be saved'),
    ),
    secrets: hostSecretsStore(callHost),
  };
}

const hooks = new Set(config.hostHooks ?? []);
const { prefix, suffix } = config.mediaUrl;
const desktop = createCore({
  dataDir: config.dataDir,
  ...stores(),
  defaultServerUrl: config.defaultServerUrl,
  appInfo: config.appInfo,
  mediaUrl: (id, kind) => `${prefix}${id}/${kind}${suffix}`,
  logger,
  tuning: config.tuning,
  sqliteNativeBinding: config.sqliteNativeBinding,
  ...(hooks.has('openExternal') ? { openExternal: (url: string) => callHost('openExternal', { url }) } : {}),
  ...(hooks.has('pickFolder') ? { pickFolder: (dir: string) => callHost('pickFolder', { dir }) } : {}),
});
downloadsFor(desktop.core).setHostHooks({
  ...(hooks.has('reveal') ? { reveal: (path: string) => callHost('reveal', { path }) } : {}),
  ...(hooks.has('open') ? { open: (path: string) => callHost('open', { path }) } : {}),
  ...(hooks.has('startDrag')
    ? { startDrag: async (files: string[]) => void (await callHost('startDrag', { files })) }
    : {}),
  ...(hooks.has('settled')
    ? {
        settled: (item: DownloadItem) =>
          void callHost('settled', { item }).catch((err: unknown) =>
            logger.warn({ err }, 'the host could not show a finished download'),
          ),
      }
    : {}),
});
const forward = <E extends EventChannel>(event: E): void => {
  desktop.on(event, (payload) => {
    const message: EventMessage<E> = { t: 'event', event, payload };
    port.postMessage(message);
  });
};
for (const event of EVENT_CHANNELS) forward(event);

async function answer(
  msg: Extract<HostToWorker, { t: 'call' }>,
): Promise<WorkerCalls[WorkerCall]['response']> {
  switch (msg.call) {
    case 'invoke':
      return dispatch(desktop.handlers, msg.request.channel, msg.request.payload, logger);
    case 'mediaFile':
      return desktop.core.mediaFile(msg.request.id, msg.request.kind);
    case 'stop':
      await desktop.stop();
      return null;
  }
}

// Host answers are taken at once: the core's start itself waits on them (the stored session's secret).
const started = desktop.start();
port.on('message', (msg: HostToWorker) => {
  if (msg.t !== 'call') {
    const pending = hostCalls.get(msg.id);
    hostCalls.delete(msg.id);
    // The host answers each call with that call's response type.
    if (msg.t === 'hostAnswer') pending?.resolve(msg.value as never);
    else pending?.reject(new Error(msg.message));
    return;
  }
  started
    .then(() => answer(msg))
    .then(
      (value) => send({ t: 'answer', id: msg.id, value }),
      (err: unknown) =>
        send({ t: 'failed', id: msg.id, message: err instanceof Error ? err.message : String(err) }),
    );
});
started.then(
  () => send({ t: 'ready', session: desktop.core.sessionState() }),
  (err: unknown) => {
    // The host sees the worker exit with this reason and starts a new one.
    throw err;
  },
);
