import type { EventChannel, IpcResult } from '../../shared/ipc/contract';

// Registers one ipcMain handler per contract channel. Every call is checked first: it must come from
// the app's own page in the top frame of the app's window; anything else gets a forbidden_sender error
// value and is logged. Validation and the work itself belong to the core's dispatch.

export interface IpcSenderFrameLike {
  url: string;
  /** null for the top frame. */
  parent: unknown;
}
export interface IpcInvokeEventLike {
  sender: { id: number };
  senderFrame: IpcSenderFrameLike | null;
}
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEventLike, payload: unknown) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export interface SenderPolicy {
  isAppUrl(url: string): boolean;
  /** The id of the main window's webContents, or null when it is not open. */
  appContentsId(): number | null;
}

export function isTrustedSender(event: IpcInvokeEventLike, policy: SenderPolicy): boolean {
  const frame = event.senderFrame;
  if (frame === null || frame.parent !== null) return false;
  if (event.sender.id !== policy.appContentsId()) return false;
  return policy.isAppUrl(frame.url);
}

export type Dispatch = (channel: string, payload: unknown) => Promise<IpcResult<unknown>>;

export function registerIpcHandlers(
  ipcMain: IpcMainLike,
  options: {
    channels: readonly string[];
    dispatch: Dispatch;
    policy: SenderPolicy;
    log(message: string): void;
  },
): () => void {
  for (const channel of options.channels) {
    ipcMain.handle(channel, async (event, payload): Promise<IpcResult<unknown>> => {
      if (!isTrustedSender(event, options.policy)) {
        options.log(
          `Refused IPC "${channel}" from ${event.senderFrame?.url.slice(0, 200) ?? 'a closed frame'}`,
        );
        return {
          ok: false,
          error: { code: 'forbidden_sender', message: 'This caller may not use the app API.' },
        };
      }
      try {
        return await options.dispatch(channel, payload);
      } catch (error) {
        // dispatch returns errors as values; this only guards against a bug throwing past it.
        options.log(
          `IPC "${channel}" threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
        return { ok: false, error: { code: 'internal', message: 'Something went wrong in the app.' } };
      }
    });
  }
  return () => {
    for (const channel of options.channels) ipcMain.removeHandler(channel);
  };
}

export interface EventTargetLike {
  isDestroyed(): boolean;
  send(channel: string, payload: unknown): void;
}

/** Forwards the core's events to the window (if it is open) on the channel of the same name. */
export function forwardEvents(
  source: { on(event: EventChannel, listener: (payload: unknown) => void): () => void },
  channels: readonly EventChannel[],
  target: () => EventTargetLike | null,
): () => void {
  const unsubscribers = channels.map((channel) =>
    source.on(channel, (payload) => {
      const contents = target();
      if (contents !== null && !contents.isDestroyed()) contents.send(channel, payload);
    }),
  );
  return () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}
