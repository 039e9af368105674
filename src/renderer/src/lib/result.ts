import type { IpcError, IpcResult } from '../../../shared/ipc/contract';

/** Thrown by `unwrap` so that a failed IPC call can travel through async code and be shown in words. */
export class IpcCallError extends Error {
  readonly code: IpcError['code'];
  constructor(error: IpcError) {
    super(error.message);
    this.name = 'IpcCallError';
    this.code = error.code;
  }
}

export function unwrap<T>(result: IpcResult<T>): T {
  if (result.ok) return result.value;
  throw new IpcCallError(result.error);
}

/** A message for the user from anything thrown by an IPC call (a rejected transport included). */
export function errorMessage(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong. Please try again.';
}
