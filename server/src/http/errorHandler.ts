import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ErrorCode } from '../../../src/shared/api/vocabulary';
import { DomainError } from '../domain/errors';
import { errorBody, statusOf } from './errors';

function validationMessage(
  error: FastifyError & { validation: { instancePath: string; message?: string }[] },
): string {
  const where = error.validationContext ?? 'request';
  return error.validation
    .slice(0, 5)
    .map((v) => {
      const field = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
      return `${where}${field ? `.${field}` : ''}: ${v.message ?? 'is invalid'}`;
    })
    .join('; ');
}

// Fastify's own error codes that mean "the client sent something we cannot take".
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'bad_request',
  FST_ERR_CTP_INVALID_JSON_BODY: 'bad_request',
  FST_ERR_VALIDATION: 'bad_request',
};

function isFastifyError(err: unknown): err is FastifyError {
  return err instanceof Error && typeof (err as Partial<FastifyError>).code === 'string';
}

/** Every error leaves as `{"error":{"code","message"}}`; internals are logged, never sent. */
export function errorHandler(err: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (err instanceof DomainError) return reply.code(statusOf(err.code)).send(err.body());
  if (hasZodFastifySchemaValidationErrors(err)) {
    return reply.code(400).send(errorBody('bad_request', validationMessage(err)));
  }
  if (isFastifyError(err)) {
    const mapped = FASTIFY_CODES[err.code];
    if (mapped) return reply.code(statusOf(mapped)).send(errorBody(mapped, err.message));
  }
  const status = err instanceof Error ? (err as Partial<FastifyError>).statusCode : undefined;
  if (status === 429) {
    return reply
      .code(429)
      .send(errorBody('rate_limited', err instanceof Error ? err.message : 'Too many requests'));
  }
  if (err instanceof SyntaxError) {
    return reply.code(400).send(errorBody('bad_request', `The body is not valid JSON: ${err.message}`));
  }
  if (status !== undefined && status >= 400 && status < 500) {
    return reply
      .code(status)
      .send(errorBody('bad_request', err instanceof Error ? err.message : 'Bad request'));
  }
  request.log.error({ err }, 'request failed');
  return reply.code(500).send(errorBody('internal', 'Something went wrong on the server'));
}
