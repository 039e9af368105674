import type { CreditPack } from '../../../../shared/api/vocabulary';
import { Modal } from '../../components/Modal';
import { useApi } from '../../app/ApiContext';
import { formatUsd } from '../../lib/format';
import { CatalogBody } from './CatalogBody';
import { useBillingAction } from './useBillingAction';

interface Props {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  balance: number | null;
}

export function BuyCreditsDialog({ open, onOpenChange, balance }: Props) {
  const api = useApi();
  const { busy, run } = useBillingAction<CreditPack>({
    failure: 'Purchase failed',
    onDone: () => onOpenChange(false),
  });

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
      <CatalogBody open={open} noun="packs">
        {(catalog) => (
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
                  onClick={() =>
                    void run(
                      pack.id,
                      () => api['billing:purchase']({ pack: pack.id }),
                      (summary) =>
                        `Added ${pack.credits.toLocaleString()} credits. Balance: ${summary.balance.toLocaleString()} credits.`,
                    )
                  }
                >
                  {busy === pack.id ? 'Buying…' : 'Buy'}
                </button>
              </li>
            ))}
          </ul>
        )}
      </CatalogBody>
    </Modal>
  );
}
