// Builds the object the preload exposes as window.api: one method per invoke channel (the list is
// compiled in from the IPC contract) plus on(event, listener). The renderer never sees ipcRenderer or
// the IPC event object, and can neither invoke nor listen to a channel that is not in the contract.

export interface IpcRendererLike {
  invoke(channel: string, payload: unknown): Promise<unknown>;
  on(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
}

export type ExposedApi = Record<string, unknown> & {
  on(event: string, listener: (payload: unknown) => void): () => void;
};

export function createRendererApi(
  ipc: IpcRendererLike,
  invokeChannels: readonly string[],
  eventChannels: readonly string[],
): ExposedApi {
  const methods = Object.fromEntries(
    invokeChannels.map((channel) => [
      channel,
      async (request: unknown): Promise<unknown> => {
        try {
          return await ipc.invoke(channel, request ?? {});
        } catch (error) {
          // Only when main has no handler or the payload cannot be cloned: keep errors as values.
          return {
            ok: false,
            error: { code: 'internal', message: error instanceof Error ? error.message : String(error) },
          };
        }
      },
    ]),
  );
  const events = new Set(eventChannels);
  return {
    ...methods,
    on(event: string, listener: (payload: unknown) => void): () => void {
      if (!events.has(event)) throw new Error(`Unknown event channel: ${String(event)}`);
      if (typeof listener !== 'function') throw new Error('The listener must be a function');
      const wrapped = (_event: unknown, payload: unknown): void => listener(payload);
      ipc.on(event, wrapped);
      return () => void ipc.removeListener(event, wrapped);
    },
  };
}
