import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { LoginResponse } from '../../../src/shared/api/schemas';
import { LoginRequestSchema } from '../../../src/shared/api/schemas';
import { verifyPassword } from '../auth/password';
import { authOf, authenticate } from '../http/auth';
import { DomainError } from '../domain/errors';
import { logAction } from '../repo/actionLog';
import { createSession, revokeSession } from '../repo/sessions';
import { findUserByEmail } from '../repo/users';
import type { ServerContext } from '../services/context';

export interface LoginLimits {
  /** Attempts allowed per IP and e-mail address in each window. */
  max: number;
  windowMs: number;
  sessionTtlMs: number;
}

// Verifying against a real hash when the account does not exist keeps the response time from telling
// whether an address is registered.
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

export function authRoutes(ctx: ServerContext, limits: LoginLimits): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/auth/login',
      {
        schema: { body: LoginRequestSchema },
        config: {
          rateLimit: {
            max: limits.max,
            timeWindow: limits.windowMs,
            hook: 'preHandler',
            keyGenerator: (request) => {
              const body: unknown = request.body;
              const email =
                body !== null && typeof body === 'object' && 'email' in body && typeof body.email === 'string'
                  ? body.email.toLowerCase()
                  : '';
              return `${request.ip}|${email}`;
            },
          },
        },
      },
      async (request): Promise<LoginResponse> => {
        const { email, password } = request.body;
        const user = findUserByEmail(ctx.db, email);
        const ok = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH);
        if (!user || !ok) {
          logAction(ctx.db, {
            userId: user?.id ?? null,
            action: 'login',
            outcome: 'refused',
            detail: { reason: 'bad_credentials', ip: request.ip },
            now: ctx.now(),
          });
          throw new DomainError('unauthorized', 'The e-mail address or password is wrong');
        }
        const session = createSession(ctx.db, user.id, ctx.now(), limits.sessionTtlMs);
        logAction(ctx.db, {
          userId: user.id,
          action: 'login',
          outcome: 'ok',
          detail: { ip: request.ip },
          now: ctx.now(),
        });
        return {
          token: session.token,
          expires_at: new Date(session.expiresAt).toISOString(),
          user: { id: user.id, email: user.email, plan: user.plan },
        };
      },
    );

    app.post('/api/auth/logout', { onRequest: authenticate(ctx) }, async (request, reply) => {
      const auth = authOf(request);
      revokeSession(ctx.db, auth.tokenHash, ctx.now());
      ctx.sessions.sweep();
      logAction(ctx.db, { userId: auth.userId, action: 'logout', outcome: 'ok', now: ctx.now() });
      return reply.code(204).send();
    });
  };
}
