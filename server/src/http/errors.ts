import type { ApiError as ApiErrorBody } from '../../../src/shared/api/schemas';
import type { ErrorCode, Plan } from '../../../src/shared/api/vocabulary';

const STATUS_OF: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  token_expired: 401,
  forbidden: 403,
  plan_required: 403,
  not_found: 404,
  conflict: 409,
  insufficient_credits: 402,
  payload_too_large: 413,
  unsupported_media_type: 415,
  range_not_satisfiable: 416,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

type Extra = { required?: number; balance?: number; plan_required?: Plan };

/** An error that reaches the client as `{"error":{"code","message",…}}` with the status of its code. */
export class HttpError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: Extra = {},
  ) {
    super(message);
    this.name = 'HttpError';
    this.status = STATUS_OF[code];
  }

  body(): ApiErrorBody {
    return { error: { code: this.code, message: this.message, ...this.extra } };
  }
}

export function errorBody(code: ErrorCode, message: string, extra: Extra = {}): ApiErrorBody {
  return { error: { code, message, ...extra } };
}

export function statusOf(code: ErrorCode): number {
  return STATUS_OF[code];
}

export const notFound = (what = 'Video') => new HttpError('not_found', `${what} not found`);

export function insufficientCredits(required: number, balance: number): HttpError {
  return new HttpError(
    'insufficient_credits',
    `This needs ${required} credits but the balance is ${balance}`,
    { required, balance },
  );
}
