import { Icon } from '../../lib/icons';
import { PLAN_LABELS } from '../../lib/format';
import type { CreditsState } from './useCredits';
import { BuyCreditsDialog } from './BuyCreditsDialog';
import { UpgradePlanDialog } from './UpgradePlanDialog';
import './credits.css';

export type BillingDialog = 'buy' | 'upgrade' | null;

interface CreditSummaryProps {
  state: CreditsState;
  dialog: BillingDialog;
  onDialog: (dialog: BillingDialog) => void;
}

function Stat({ label, value, className }: { label: string; value: string; className?: string }) {
  return (
    <div className={className ? `stat ${className}` : 'stat'}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

/** Usage at a glance, with the ways to get more credits. */
export function CreditSummary({ state, dialog, onDialog }: CreditSummaryProps) {
  const { credits, loading, error, reload } = state;
  return (
    <section className="credit-summary" aria-label="Credits and usage">
      {credits ? (
        <dl className="stats">
          <Stat label="Total videos" value={credits.totalVideos.toLocaleString()} />
          <Stat
            label="Spent this month"
            value={`${credits.creditsSpentThisMonth.toLocaleString()} credits`}
          />
          <div className="stat stat-balance">
            <dt>Remaining</dt>
            <dd>
              <Icon name="coin" size={16} /> {credits.balance.toLocaleString()} credits
            </dd>
          </div>
          <Stat label="Plan" value={PLAN_LABELS[credits.plan]} className="stat-plan" />
        </dl>
      ) : loading ? (
        <div className="stats stats-loading" aria-busy="true">
          <span className="visually-hidden">Loading credits</span>
          {[0, 1, 2, 3].map((i) => (
            <div key={i} className="skeleton-line stat-skeleton" />
          ))}
        </div>
      ) : (
        <p className="credit-error" role="alert">
          Credits unavailable{error ? `: ${error}` : ''}.{' '}
          <button type="button" className="link-button" onClick={reload}>
            Retry
          </button>
        </p>
      )}
      <div className="credit-actions">
        <button type="button" className="button button-primary" onClick={() => onDialog('buy')}>
          Buy More Credits
        </button>
        <button
          type="button"
          className="button"
          onClick={() => onDialog('upgrade')}
          title={credits?.plan === 'pro' ? 'You are on the highest plan; you can still change it' : undefined}
        >
          Upgrade Plan
        </button>
      </div>
      <BuyCreditsDialog
        open={dialog === 'buy'}
        onOpenChange={(open) => onDialog(open ? 'buy' : null)}
        balance={credits?.balance ?? null}
      />
      <UpgradePlanDialog
        open={dialog === 'upgrade'}
        onOpenChange={(open) => onDialog(open ? 'upgrade' : null)}
        plan={credits?.plan ?? null}
      />
    </section>
  );
}
