import type { EventChannel } from '../../shared/ipc/contract';
import type { SessionState } from '../../shared/ipc/models';
import type { MediaKind } from './cache/videos';
import type { Listener } from './events';
import type { Handlers } from './ipc/handler-types';
import type { FileResponse } from './media/range';

/**
 * What a host's main thread sees of the core, whether it runs in the same thread (tests, createCore) or
 * in a worker (CoreWorker): one handler per contract channel, the event channels, media for the host's
 * route or protocol, and the session as last reported.
 */
/** How a host serves a video's local media (the web host's route, Electron's protocol). */
export interface CoreMedia {
  /** A video's thumbnail or preview as an HTTP answer (200/206/416/404/503), Range included. */
  respond(
    id: number,
    kind: MediaKind,
    range: string | undefined,
    method?: 'GET' | 'HEAD',
  ): Promise<FileResponse>;
}

export interface HostCore {
  handlers: Handlers;
  on<E extends EventChannel>(event: E, listener: Listener<E>): () => void;
  media: CoreMedia;
  start(): Promise<void>;
  stop(): Promise<void>;
  core: { sessionState(): SessionState };
}
