import type { ApiError as ApiErrorBody } from '../../../src/shared/api/schemas';
import type { ErrorCode, Plan } from '../../../src/shared/api/vocabulary';

// The HTTP face of the shared error codes; the errors themselves are `DomainError`s (domain/errors).

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

export function errorBody(
  code: ErrorCode,
  message: string,
  extra: { required?: number; balance?: number; plan_required?: Plan } = {},
): ApiErrorBody {
  return { error: { code, message, ...extra } };
}

export function statusOf(code: ErrorCode): number {
  return STATUS_OF[code];
}
