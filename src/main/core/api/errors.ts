import type { IpcErrorCode } from '../../../shared/ipc/contract';
import type { ErrorCode } from '../../../shared/api/vocabulary';
import { CoreError } from '../errors';

/** The server could not be reached (refused, reset, timed out, 502/503/504): the app is offline. */
export class OfflineError extends CoreError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('offline', message, options);
    this.name = 'OfflineError';
  }
}

/** The server answered, but with something that is not what the API promises. Nothing was stored. */
export class BadResponseError extends CoreError {
  constructor(
    readonly context: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super('bad_response', `The server sent an unexpected answer to ${context}: ${detail}`, options);
    this.name = 'BadResponseError';
  }
}

/** The answer stopped before its end (connection reset or closed mid-body). */
export class TruncatedResponseError extends BadResponseError {
  constructor(context: string, options?: { cause?: unknown }) {
    super(context, 'the answer was cut off', options);
    this.name = 'TruncatedResponseError';
  }
}

/** The token is no longer accepted: the user must sign in again. */
export class AuthError extends CoreError {
  constructor(
    readonly reason: 'expired' | 'revoked',
    message: string,
  ) {
    super('not_signed_in', message);
    this.name = 'AuthError';
  }
}

const CODE_MAP: Record<ErrorCode, IpcErrorCode> = {
  bad_request: 'invalid_request',
  unauthorized: 'not_signed_in',
  token_expired: 'not_signed_in',
  forbidden: 'invalid_request',
  plan_required: 'plan_required',
  not_found: 'not_found',
  conflict: 'conflict',
  insufficient_credits: 'insufficient_credits',
  payload_too_large: 'invalid_request',
  unsupported_media_type: 'invalid_request',
  range_not_satisfiable: 'server_error',
  rate_limited: 'rate_limited',
  unavailable: 'offline',
  internal: 'server_error',
};

/** The server refused the request with a well-formed API error. */
export class ApiRequestError extends CoreError {
  constructor(
    readonly status: number,
    readonly apiCode: ErrorCode,
    message: string,
    readonly details: { required?: number; balance?: number; planRequired?: string } = {},
  ) {
    super(CODE_MAP[apiCode], message);
    this.name = 'ApiRequestError';
  }
}
