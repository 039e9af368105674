import type { EventChannel } from '../../shared/ipc/contract';
import type { CoreMedia } from './host-core';
import { Core, type CoreOptions } from './core';
import type { Listener } from './events';
import type { Handlers } from './ipc/handler-types';
import { createHandlers } from './ipc/handlers';

export { dispatch } from './ipc/dispatch';
export type { Handlers, Handler } from './ipc/handler-types';
export type { CoreOptions } from './core';
export type { SecretsStore } from './secrets/secrets-store';
export { FileSecretsStore } from './secrets/file-secrets-store';
export type { SettingsStore } from './settings/settings-store';
export { defaultSettings } from './settings/settings-store';
export { FileSettingsStore } from './settings/file-settings-store';
export type { FileResponse } from './media/range';
export { respondWithFile } from './media/range';
export type { MediaKind, MediaUrlBuilder } from './cache/videos';
export type { Logger } from './logger';

export interface DesktopCore {
  /** One handler per contract channel; hosts call them through dispatch(). */
  handlers: Handlers;
  on<E extends EventChannel>(event: E, listener: Listener<E>): () => void;
  media: CoreMedia;
  /** Opens the stored session's cached library at once, then syncs in the background. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The session and account services (for the downloads subsystem and tests). */
  core: Core;
}

export type { CoreMedia, HostCore } from './host-core';

/** Builds the desktop core: pure Node, no Electron; the host injects paths, stores and URL builders. */
export function createCore(options: CoreOptions): DesktopCore {
  const core = new Core(options);
  return {
    handlers: createHandlers({ core }),
    on: (event, listener) => core.on(event, listener),
    media: { respond: (id, kind, range, method) => core.mediaResponse(id, kind, range, method) },
    start: () => core.start(),
    stop: () => core.stop(),
    core,
  };
}
