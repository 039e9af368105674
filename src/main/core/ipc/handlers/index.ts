import type { Handlers } from '../handler-types';
import { actionHandlers } from './actions';
import { appHandlers } from './app';
import { billingHandlers } from './billing';
import type { HandlerContext } from './context';
import { downloadHandlers } from './downloads';
import { libraryHandlers } from './library';
import { sessionHandlers } from './session';
import { settingsHandlers } from './settings';
import { syncHandlers } from './sync';

/** Every domain's handlers in one map; `satisfies` fails typecheck if a contract channel has none. */
export function createHandlers(ctx: HandlerContext): Handlers {
  return {
    ...appHandlers(ctx),
    ...sessionHandlers(ctx),
    ...libraryHandlers(ctx),
    ...syncHandlers(ctx),
    ...actionHandlers(ctx),
    ...billingHandlers(ctx),
    ...settingsHandlers(ctx),
    ...downloadHandlers(ctx),
  } satisfies Handlers;
}
