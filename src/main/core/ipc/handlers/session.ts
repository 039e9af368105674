import type { Handlers } from '../handler-types';
import type { HandlerContext } from './context';

export function sessionHandlers({ core }: HandlerContext) {
  return {
    'session:get': async () => core.sessionState(),
    'session:signIn': ({ email, password, serverUrl }) => core.signIn(email, password, serverUrl),
    'session:signOut': () => core.signOut(),
  } satisfies Partial<Handlers>;
}
