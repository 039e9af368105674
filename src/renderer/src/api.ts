import type { RendererApi } from '../../shared/ipc/contract';

/**
 * The API the page talks to: the preload's `window.api` inside Electron, or the web host's WebSocket
 * bridge when the page runs in a plain browser. The bridge is loaded lazily so that the Electron build
 * never pulls it in.
 */
export async function resolveApi(loadBridge: () => Promise<RendererApi>): Promise<RendererApi> {
  if (window.api) return window.api;
  return loadBridge();
}
