import type { FastifyRequest } from 'fastify';
import type { Plan } from '../../../src/shared/api/vocabulary';
import { findSession } from '../repo/sessions';
import type { ServerContext } from '../services/context';
import { HttpError } from './errors';

export interface AuthContext {
  userId: number;
  email: string;
  plan: Plan;
  tokenHash: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext | null;
  }
}

const BEARER = /^Bearer ([A-Za-z0-9_-]{20,200})$/;

/** onRequest hook for every protected route: runs before the body is even read. */
export function authenticate(ctx: ServerContext) {
  return async (request: FastifyRequest): Promise<void> => {
    const header = request.headers.authorization;
    if (!header)
      throw new HttpError('unauthorized', 'Sign in first: this route needs an Authorization: Bearer token');
    const match = BEARER.exec(header);
    if (!match?.[1])
      throw new HttpError('unauthorized', 'The Authorization header is not a valid Bearer token');
    const session = findSession(ctx.db, match[1]);
    if (!session) throw new HttpError('unauthorized', 'The token is not valid; sign in again');
    if (session.revokedAt !== null)
      throw new HttpError('unauthorized', 'The token was signed out; sign in again');
    if (session.expiresAt <= ctx.now())
      throw new HttpError('token_expired', 'The session expired; sign in again');
    request.auth = {
      userId: session.userId,
      email: session.email,
      plan: session.plan,
      tokenHash: session.tokenHash,
    };
  };
}

export function authOf(request: FastifyRequest): AuthContext {
  if (!request.auth) throw new HttpError('unauthorized', 'Sign in first');
  return request.auth;
}
