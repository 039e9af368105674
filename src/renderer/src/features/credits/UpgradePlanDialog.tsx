import { PLAN_RANK, type Plan } from '../../../../shared/api/vocabulary';
import { Modal } from '../../components/Modal';
import { useApi } from '../../app/ApiContext';
import { PLAN_LABELS, formatUsd } from '../../lib/format';
import { CatalogBody } from './CatalogBody';
import { useBillingAction } from './useBillingAction';

interface Props {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  plan: Plan | null;
}

export function UpgradePlanDialog({ open, onOpenChange, plan }: Props) {
  const api = useApi();
  const { busy, run } = useBillingAction<Plan>({
    failure: 'Plan change failed',
    onDone: () => onOpenChange(false),
  });
  const change = (next: Plan) =>
    run(
      next,
      () => api['billing:changePlan']({ plan: next }),
      (summary) => `You are now on the ${PLAN_LABELS[summary.plan]} plan.`,
    );

  return (
    <Modal
      open={open}
      onOpenChange={onOpenChange}
      title="Upgrade Plan"
      wide
      description={plan ? `You are on the ${PLAN_LABELS[plan]} plan.` : 'Choose a plan.'}
    >
      <CatalogBody open={open} noun="plans">
        {(catalog) => (
          <ul className="plan-list">
            {catalog.plans.map((p) => {
              const current = p.id === plan;
              const verb = plan && PLAN_RANK[p.id] < PLAN_RANK[plan] ? 'Switch to' : 'Upgrade to';
              return (
                <li key={p.id} className={`plan${current ? ' is-current' : ''}`}>
                  <h3>{PLAN_LABELS[p.id]}</h3>
                  <p className="plan-price">
                    {p.price_usd === 0 ? 'Free' : `${formatUsd(p.price_usd)} / month`}
                  </p>
                  <ul className="plan-features">
                    <li>{p.monthly_credits.toLocaleString()} credits a month</li>
                    <li>Downloads: {p.qualities.map((q) => q.toUpperCase()).join(', ')}</li>
                  </ul>
                  <button
                    type="button"
                    className={current ? 'button' : 'button button-primary'}
                    disabled={current || busy !== null}
                    onClick={() => void change(p.id)}
                    aria-label={
                      current ? `${PLAN_LABELS[p.id]}: your current plan` : `${verb} ${PLAN_LABELS[p.id]}`
                    }
                  >
                    {current ? 'Current plan' : busy === p.id ? 'Changing…' : `${verb} ${PLAN_LABELS[p.id]}`}
                  </button>
                </li>
              );
            })}
          </ul>
        )}
      </CatalogBody>
    </Modal>
  );
}
