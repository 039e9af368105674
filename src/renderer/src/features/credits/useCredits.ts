import { useCallback, useEffect, useState } from 'react';
import type { CreditsSummary } from '../../../../shared/ipc/models';
import { useApi } from '../../app/ApiContext';
import { useApiEvent } from '../../lib/useEvent';
import { errorMessage } from '../../lib/result';

export interface CreditsState {
  credits: CreditsSummary | null;
  loading: boolean;
  error: string | null;
  reload: () => void;
}

export function useCredits(): CreditsState {
  const api = useApi();
  const [credits, setCredits] = useState<CreditsSummary | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    api['credits:get']({}).then(
      (r) => {
        if (!live) return;
        setLoading(false);
        if (r.ok) {
          setCredits(r.value);
          setError(null);
        } else setError(r.error.message);
      },
      (e: unknown) => {
        if (!live) return;
        setLoading(false);
        setError(errorMessage(e));
      },
    );
    return () => {
      live = false;
    };
  }, [api, attempt]);
  useApiEvent('credits:changed', (c) => {
    setCredits(c);
    setError(null);
  });
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { credits, loading, error, reload };
}
