import type { RendererApi } from '../../shared/ipc/contract';

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent in the web host, where the WebSocket bridge stands in. */
    api?: RendererApi;
  }
}

export {};
