import { parentPort, workerData } from 'node:worker_threads';
import { EVENT_CHANNELS, type EventChannel } from '../../../shared/ipc/contract';
import { createCore } from '../index';
import { dispatch } from '../ipc/dispatch';
import type { Logger } from '../logger';
import { FileSecretsStore } from '../secrets/file-secrets-store';
import { FileSettingsStore } from '../settings/file-settings-store';
import type { CoreWorkerConfig, EventMessage, HostToWorker, WorkerCalls, WorkerToHost } from './protocol';

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

const { prefix, suffix } = config.mediaUrl;
const desktop = createCore({
  dataDir: config.dataDir,
  settings: new FileSettingsStore(config.settingsFile, config.defaultSettings),
  secrets: new FileSecretsStore(config.secretsFile),
  defaultServerUrl: config.defaultServerUrl,
  appInfo: config.appInfo,
  mediaUrl: (id, kind) => `${prefix}${id}/${kind}${suffix}`,
  logger,
  tuning: config.tuning,
  sqliteNativeBinding: config.sqliteNativeBinding,
});
const forward = <E extends EventChannel>(event: E): void => {
  desktop.on(event, (payload) => {
    const message: EventMessage<E> = { t: 'event', event, payload };
    port.postMessage(message);
  });
};
for (const event of EVENT_CHANNELS) forward(event);

async function answer(msg: HostToWorker): Promise<WorkerCalls[typeof msg.call]['response']> {
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

const started = desktop.start();
port.on('message', (msg: HostToWorker) => {
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
