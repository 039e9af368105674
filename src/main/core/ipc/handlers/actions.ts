import type { Handlers } from '../handler-types';
import type { HandlerContext } from './context';

export function actionHandlers({ core }: HandlerContext) {
  return {
    'actions:estimate': async ({ action, ids }) => core.requireAccount().actions.estimate(action, ids),
    'actions:delete': ({ ids }) => core.requireAccount().actions.delete(ids),
    'actions:regenerate': ({ ids }) => core.requireAccount().actions.regenerate(ids),
    'actions:edit': ({ id, title, tags }) => core.requireAccount().actions.edit(id, { title, tags }),
  } satisfies Partial<Handlers>;
}
