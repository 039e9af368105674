import type { ActionOutcome } from '../../../../shared/ipc/models';
import type { ToastLevel } from '../toasts/ToastProvider';
import { plural } from '../../lib/format';

export type BulkAction = 'delete' | 'regenerate';

/** One toast per kind of result, in words: done, queued offline, failed (with the first reason). */
export function outcomeToasts(
  action: BulkAction,
  outcome: ActionOutcome,
): { level: ToastLevel; message: string }[] {
  const toasts: { level: ToastLevel; message: string }[] = [];
  if (outcome.done.length) {
    toasts.push({
      level: 'success',
      message:
        action === 'delete'
          ? `Deleted ${plural(outcome.done.length, 'video', 'videos')}.`
          : `Regeneration started for ${plural(outcome.done.length, 'video', 'videos')}.`,
    });
  }
  if (outcome.queued.length) {
    toasts.push({
      level: 'info',
      message: `You are offline: ${plural(outcome.queued.length, 'video', 'videos')} will be ${
        action === 'delete' ? 'deleted' : 'regenerated'
      } when you reconnect.`,
    });
  }
  if (outcome.failed.length) {
    const first = outcome.failed[0];
    toasts.push({
      level: 'error',
      message: `Could not ${action} ${plural(outcome.failed.length, 'video', 'videos')}: ${first.message}`,
    });
  }
  if (toasts.length === 0)
    toasts.push({ level: 'info', message: 'Nothing to do: those videos are already gone.' });
  return toasts;
}
