import { downloadsFor } from '../../downloads/service';
import type { Handlers } from '../handler-types';
import type { HandlerContext } from './context';

export function downloadHandlers({ core }: HandlerContext) {
  const downloads = downloadsFor(core);
  return {
    'downloads:start': ({ videoIds, quality }) => downloads.start(videoIds, quality),
    'downloads:pause': async ({ id }) => downloads.requireQueue().pause(id),
    'downloads:resume': ({ id }) => downloads.requireQueue().resume(id),
    'downloads:cancel': ({ id }) => downloads.requireQueue().cancel(id),
    'downloads:retry': ({ id }) => downloads.requireQueue().retry(id),
    'downloads:remove': async ({ id }) => downloads.requireQueue().remove(id),
    'downloads:clearFinished': async () => downloads.requireQueue().clearFinished(),
    'downloads:list': async () => downloads.list(),
    'downloads:checkFiles': async () => ({ changed: await downloads.requireQueue().checkFiles() }),
    'downloads:reveal': ({ id }) => downloads.reveal(id),
    'downloads:open': ({ id }) => downloads.open(id),
    'downloads:startDrag': ({ videoIds }) => downloads.startDrag(videoIds),
  } satisfies Partial<Handlers>;
}
