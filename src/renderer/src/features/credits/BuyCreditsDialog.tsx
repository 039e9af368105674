import { useState } from 'react';
import type { CreditPack } from '../../../../shared/api/vocabulary';
import { Modal } from '../../components/Modal';
import { useApi } from '../../app/ApiContext';
import { formatUsd } from '../../lib/format';
import { errorMessage, unwrap } from '../../lib/result';
import { useToasts } from '../toasts/ToastProvider';
import { useCatalog } from './useCatalog';

interface Props {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  balance: number | null;
}

export function BuyCreditsDialog({ open, onOpenChange, balance }: Props) {
  const api = useApi();
  const { show } = useToasts();
  const { catalog, error, retry } = useCatalog(open);
  const [busy, setBusy] = useState<CreditPack | null>(null);

  const buy = async (pack: CreditPack, credits: number) => {
    setBusy(pack);
    try {
      const summary = unwrap(await api['billing:purchase']({ pack }));
      show(
        'success',
        `Added ${credits.toLocaleString()} credits. Balance: ${summary.balance.toLocaleString()} credits.`,
      );
      onOpenChange(false);
    } catch (e) {
      show('error', `Purchase failed: ${errorMessage(e)}`);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Modal
      open={open}
      onOpenChange={onOpenChange}
      title="Buy More Credits"
      description={
        balance === null
          ? 'Choose a credit pack.'
          : `You have ${balance.toLocaleString()} credits. Choose a pack to add more.`
      }
    >
      {catalog ? (
        <ul className="offer-list">
          {catalog.packs.map((pack) => (
            <li key={pack.id} className="offer">
              <div>
                <strong>{pack.credits.toLocaleString()} credits</strong>
                <span className="offer-sub">{formatUsd(pack.price_usd)}</span>
              </div>
              <button
                type="button"
                className="button button-primary"
                disabled={busy !== null}
                aria-label={`Buy ${pack.credits} credits for ${formatUsd(pack.price_usd)}`}
                onClick={() => void buy(pack.id, pack.credits)}
              >
                {busy === pack.id ? 'Buying…' : 'Buy'}
              </button>
            </li>
          ))}
        </ul>
      ) : error ? (
        <p role="alert">
          Could not load the packs: {error}{' '}
          <button type="button" className="link-button" onClick={retry}>
            Retry
          </button>
        </p>
      ) : (
        <p aria-busy="true">Loading packs…</p>
      )}
    </Modal>
  );
}
