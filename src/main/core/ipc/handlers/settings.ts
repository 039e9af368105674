import type { Handlers } from '../handler-types';
import type { HandlerContext } from './context';

export function settingsHandlers({ core }: HandlerContext) {
  return {
    'settings:get': async () => core.options.settings.get(),
    'settings:set': async (patch) => {
      const next = core.options.settings.set(patch);
      core.events.emit('settings:changed', next);
      return next;
    },
    'media:clearCache': async () => {
      const account = core.currentAccount();
      return account ? account.media.clear() : { bytesFreed: 0 };
    },
  } satisfies Partial<Handlers>;
}
