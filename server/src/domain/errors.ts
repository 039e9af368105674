import type { ApiError as ApiErrorBody } from '../../../src/shared/api/schemas';
import type { ErrorCode, Plan } from '../../../src/shared/api/vocabulary';

type Extra = { required?: number; balance?: number; plan_required?: Plan };

/**
 * A refusal the API explains to its caller: a code from the shared vocabulary, a message and the
 * figures behind it. Repositories and services throw it without knowing HTTP; the error handler
 * gives it the status of its code.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: Extra = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }

  body(): ApiErrorBody {
    return { error: { code: this.code, message: this.message, ...this.extra } };
  }
}

export const notFound = (what = 'Video') => new DomainError('not_found', `${what} not found`);

export function insufficientCredits(required: number, balance: number): DomainError {
  return new DomainError(
    'insufficient_credits',
    `This needs ${required} credits but the balance is ${balance}`,
    { required, balance },
  );
}
