import { useState } from 'react';
import type { Catalog } from '../../../../shared/api/schemas';
import type { CreditPack } from '../../../../shared/api/vocabulary';
import { Modal } from '../../components/Modal';
import { useApi } from '../../app/ApiContext';
import { formatCredits, formatUsd } from '../../lib/format';
import { CatalogBody } from './CatalogBody';
import { useBillingAction } from './useBillingAction';
import '../confirm/confirm.css';

interface Props {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  balance: number | null;
}

type Pack = Catalog['packs'][number];

/**
 * Buying is two steps: choose a pack, then confirm it with its price and the balance it leaves, so one
 * stray click never charges the card.
 */
export function BuyCreditsDialog({ open, onOpenChange, balance }: Props) {
  const api = useApi();
  const [chosen, setChosen] = useState<Pack | null>(null);
  const changeOpen = (next: boolean) => {
    if (!next) setChosen(null);
    onOpenChange(next);
  };
  const { busy, run } = useBillingAction<CreditPack>({
    failure: 'Purchase failed',
    onDone: () => changeOpen(false),
  });

  return (
    <Modal
      open={open}
      onOpenChange={changeOpen}
      title={chosen ? 'Confirm your purchase' : 'Buy More Credits'}
      description={
        chosen
          ? 'Check the pack and the price. You are charged when you confirm.'
          : balance === null
            ? 'Choose a credit pack.'
            : `You have ${balance.toLocaleString()} credits. Choose a pack to add more.`
      }
    >
      {chosen ? (
        <>
          <dl className="impact" aria-label="Purchase">
            <div>
              <dt>Pack</dt>
              <dd>{formatCredits(chosen.credits)}</dd>
            </div>
            <div>
              <dt>Price</dt>
              <dd>{formatUsd(chosen.price_usd)}</dd>
            </div>
            {balance !== null ? (
              <div>
                <dt>Balance after</dt>
                <dd>{formatCredits(balance + chosen.credits)}</dd>
              </div>
            ) : null}
          </dl>
          <div className="modal-actions">
            <button type="button" className="button" disabled={busy !== null} onClick={() => setChosen(null)}>
              Back
            </button>
            <button
              type="button"
              className="button button-primary"
              disabled={busy !== null}
              onClick={() =>
                void run(
                  chosen.id,
                  () => api['billing:purchase']({ pack: chosen.id }),
                  (summary) =>
                    `Added ${chosen.credits.toLocaleString()} credits. Balance: ${summary.balance.toLocaleString()} credits.`,
                )
              }
            >
              {busy === chosen.id ? 'Buying…' : `Pay ${formatUsd(chosen.price_usd)}`}
            </button>
          </div>
        </>
      ) : (
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
                    aria-label={`Buy ${pack.credits} credits for ${formatUsd(pack.price_usd)}`}
                    onClick={() => setChosen(pack)}
                  >
                    Buy
                  </button>
                </li>
              ))}
            </ul>
          )}
        </CatalogBody>
      )}
    </Modal>
  );
}
