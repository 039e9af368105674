import { useApiEvent } from '../../lib/useEvent';
import { useToasts } from './ToastProvider';

/** Shows every `notice` the core pushes (sync problems, replayed actions, ...) as a toast. */
export function useNoticeToasts(): void {
  const { show } = useToasts();
  useApiEvent('notice', (notice) => show(notice.level, notice.message));
}
