import type { Handlers } from '../handler-types';
import type { HandlerContext } from './context';

export function appHandlers({ core }: HandlerContext) {
  return {
    'app:info': async () => core.options.appInfo,
    // The core lets through only the kinds of link the app has (web pages and the support mail link);
    // the host applies its own exact allow-list before opening anything.
    'external:open': async ({ url }) => {
      if (!/^(https?:\/\/|mailto:)/i.test(url) || !core.options.openExternal) return { opened: false };
      return { opened: await core.options.openExternal(url) };
    },
  } satisfies Partial<Handlers>;
}
