import { invokeRequests, type InvokeChannel, type IpcResult } from '../../../shared/ipc/contract';
import { CoreError, toIpcError } from '../errors';
import type { Logger } from '../logger';
import type { Handler, Handlers } from './handler-types';

function isChannel(channel: string): channel is InvokeChannel {
  return Object.hasOwn(invokeRequests, channel);
}

/**
 * Host-agnostic entry point for one IPC call: validates the payload against the contract, runs the
 * handler and turns any thrown error into an IpcError value. Electron's ipcMain and the web host's
 * WebSocket both call this; it never throws.
 */
export async function dispatch(
  handlers: Handlers,
  channel: string,
  payload: unknown,
  logger?: Logger,
): Promise<IpcResult<unknown>> {
  if (!isChannel(channel)) {
    return { ok: false, error: { code: 'unknown_channel', message: `Unknown channel "${channel}".` } };
  }
  const parsed = invokeRequests[channel].safeParse(payload ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    return {
      ok: false,
      error: {
        code: 'invalid_request',
        message: `Invalid request for ${channel}: ${where}${issue?.message ?? 'bad payload'}`,
      },
    };
  }
  try {
    // The parsed payload is the output of this very channel's schema, so it fits this channel's handler.
    const handler = handlers[channel] as Handler<InvokeChannel> as (request: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.data) };
  } catch (err) {
    if (!(err instanceof CoreError)) logger?.error({ err, channel }, 'handler failed');
    return { ok: false, error: toIpcError(err) };
  }
}
