import type { IpcError, IpcErrorCode } from '../../shared/ipc/contract';

/**
 * An error the core expects and can explain to the user. Its code is one of the IPC error codes, so a
 * host maps it to an IpcError value without guessing.
 */
export class CoreError extends Error {
  constructor(
    readonly code: IpcErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CoreError';
  }
}

/** Maps anything thrown to an IpcError value; unexpected errors become `internal` without internals. */
export function toIpcError(err: unknown): IpcError {
  if (err instanceof CoreError) return { code: err.code, message: err.message };
  return { code: 'internal', message: 'Something went wrong inside the app. Please try again.' };
}
