import { useEffect, useState } from 'react';
import type { Catalog } from '../../../../shared/api/schemas';
import { useApi } from '../../app/ApiContext';
import { errorMessage } from '../../lib/result';

export function useCatalog(enabled: boolean) {
  const api = useApi();
  const [catalog, setCatalog] = useState<Catalog | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (!enabled || catalog) return;
    let live = true;
    api['billing:catalog']({}).then(
      (r) => {
        if (!live) return;
        if (r.ok) setCatalog(r.value);
        else setError(r.error.message);
      },
      (e: unknown) => live && setError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [api, enabled, catalog, attempt]);
  return {
    catalog,
    error,
    retry: () => {
      setError(null);
      setAttempt((n) => n + 1);
    },
  };
}
