import type { Handlers } from '../handler-types';
import type { HandlerContext } from './context';

export function appHandlers({ core }: HandlerContext) {
  return {
    'app:info': async () => core.options.appInfo,
    'external:open': async ({ url }) => {
      if (!/^https?:\/\//i.test(url) || !core.options.openExternal) return { opened: false };
      return { opened: await core.options.openExternal(url) };
    },
  } satisfies Partial<Handlers>;
}
