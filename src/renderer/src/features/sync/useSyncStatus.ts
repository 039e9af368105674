import { useEffect, useState } from 'react';
import type { SyncStatus } from '../../../../shared/ipc/models';
import { useApi } from '../../app/ApiContext';
import { useApiEvent } from '../../lib/useEvent';

export function useSyncStatus(): SyncStatus | null {
  const api = useApi();
  const [status, setStatus] = useState<SyncStatus | null>(null);
  useEffect(() => {
    let live = true;
    // A failed read leaves the banner hidden; the next sync:status event fills it in.
    void api['sync:status']({}).then(
      (r) => live && r.ok && setStatus(r.value),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api]);
  useApiEvent('sync:status', setStatus);
  return status;
}
