import type { Handlers } from '../handler-types';
import type { HandlerContext } from './context';

export function libraryHandlers({ core }: HandlerContext) {
  return {
    'library:page': async ({ query, offset, limit }) =>
      core.requireAccount().library.page(query, offset, limit),
    'library:count': async ({ query }) => ({ total: core.requireAccount().library.count(query) }),
    'library:ids': async ({ query, offset, limit }) => ({
      ids: core.requireAccount().library.ids(query, offset, limit),
    }),
    'library:get': async ({ id }) => core.requireAccount().library.get(id),
    'library:tagCounts': async () => core.requireAccount().library.tagCounts(),
  } satisfies Partial<Handlers>;
}
