import type { Handlers } from '../handler-types';
import type { HandlerContext } from './context';

export function syncHandlers({ core }: HandlerContext) {
  return {
    'sync:now': () => core.requireAccount().syncNow(),
    'sync:status': async () => core.syncStatus(),
  } satisfies Partial<Handlers>;
}
