import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Plan } from '../../../src/shared/api/vocabulary';
import { dbStamp, type DbStamp } from '../repo/dbStamp';
import { findSession } from '../repo/sessions';
import type { ServerContext } from '../services/context';
import { DomainError } from '../domain/errors';

export interface AuthContext {
  userId: number;
  email: string;
  plan: Plan;
  tokenHash: string;
  /**
   * The database's stamp when the request was authenticated: the list route checks its index against
   * it instead of reading its own, so a page is what the database held when the request came in.
   */
  stamp: DbStamp;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext | null;
  }
}

const BEARER = /^Bearer ([A-Za-z0-9_-]{20,200})$/;

/** The session behind a request's Authorization header, or the 401 that refuses it. */
function authContext(ctx: ServerContext, header: string | undefined): AuthContext {
  if (!header)
    throw new DomainError('unauthorized', 'Sign in first: this route needs an Authorization: Bearer token');
  const match = BEARER.exec(header);
  if (!match?.[1])
    throw new DomainError('unauthorized', 'The Authorization header is not a valid Bearer token');
  const stamp = dbStamp(ctx.db);
  const session = findSession(ctx.db, match[1], stamp);
  if (!session) throw new DomainError('unauthorized', 'The token is not valid; sign in again');
  if (session.revokedAt !== null)
    throw new DomainError('unauthorized', 'The token was signed out; sign in again');
  if (session.expiresAt <= ctx.now())
    throw new DomainError('token_expired', 'The session expired; sign in again');
  return {
    userId: session.userId,
    email: session.email,
    plan: session.plan,
    tokenHash: session.tokenHash,
    stamp,
  };
}

/**
 * onRequest hook for every protected route: runs before the body is even read. A callback hook, not
 * an async one: the lookup is synchronous, and a promise per request is a microtask hop for nothing.
 */
export function authenticate(ctx: ServerContext) {
  return (request: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void): void => {
    let auth: AuthContext;
    try {
      auth = authContext(ctx, request.headers.authorization);
    } catch (err) {
      done(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    request.auth = auth;
    done();
  };
}

export function authOf(request: FastifyRequest): AuthContext {
  if (!request.auth) throw new DomainError('unauthorized', 'Sign in first');
  return request.auth;
}
