import { useState } from 'react';
import type { IpcResult } from '../../../../shared/ipc/contract';
import type { CreditsSummary } from '../../../../shared/ipc/models';
import { errorMessage, unwrap } from '../../lib/result';
import { useToasts } from '../toasts/ToastProvider';

/**
 * Runs one billing call at a time for a dialog: remembers which offer is busy, toasts the outcome and
 * closes the dialog on success.
 */
export function useBillingAction<K extends string>(options: { failure: string; onDone: () => void }) {
  const { show } = useToasts();
  const [busy, setBusy] = useState<K | null>(null);
  const run = async (
    key: K,
    call: () => Promise<IpcResult<CreditsSummary>>,
    success: (summary: CreditsSummary) => string,
  ) => {
    setBusy(key);
    try {
      const summary = unwrap(await call());
      show('success', success(summary));
      options.onDone();
    } catch (e) {
      show('error', `${options.failure}: ${errorMessage(e)}`);
    } finally {
      setBusy(null);
    }
  };
  return { busy, run };
}
