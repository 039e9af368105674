import { CoreError } from '../../errors';
import type { Handlers } from '../handler-types';
import type { HandlerContext } from './context';

export function settingsHandlers({ core }: HandlerContext) {
  return {
    'settings:get': async () => core.options.settings.get(),
    'settings:set': (patch) => core.updateSettings(patch),
    'view:set': async (patch) => core.updateViewState(patch),
    'media:clearCache': async () => {
      const account = core.currentAccount();
      return account ? account.media.clear() : { bytesFreed: 0 };
    },
    'dialog:pickFolder': async () => {
      const { pickFolder } = core.options;
      if (!pickFolder)
        throw new CoreError('not_supported', 'Choosing a folder is only available in the desktop app');
      const chosen = await pickFolder(core.options.settings.get().downloadDir);
      if (chosen === null) return { path: null };
      const next = core.options.settings.set({ downloadDir: chosen });
      core.events.emit('settings:changed', next);
      return { path: next.downloadDir };
    },
  } satisfies Partial<Handlers>;
}
