import type { BillingResponse } from '../../../src/shared/api/schemas';
import type { CreditPack, Plan } from '../../../src/shared/api/vocabulary';
import { CREDIT_PACKS, PLAN_RANK } from '../../../src/shared/api/vocabulary';
import { PLAN_MONTHLY_CREDITS } from '../domain/catalog';
import { creditsOf } from '../domain/usage';
import { notFound } from '../domain/errors';
import { logAction } from '../repo/actionLog';
import { applyCredit } from '../repo/ledger';
import { getUser, setPlan } from '../repo/users';
import type { ServerContext } from './context';
import { publishCredits } from './publish';

// Stand-ins for a payment provider: they succeed at once, but leave the same ledger and audit trail a
// real integration would.

function response(ctx: ServerContext, userId: number): BillingResponse {
  const user = getUser(ctx.db, userId);
  if (!user) throw notFound('User');
  return {
    credits: creditsOf(ctx.db, userId, ctx.now()),
    user: { id: user.id, email: user.email, plan: user.plan },
  };
}

export function purchasePack(ctx: ServerContext, userId: number, pack: CreditPack): BillingResponse {
  const body = ctx.db
    .transaction(() => {
      const { credits, price_usd } = CREDIT_PACKS[pack];
      applyCredit(ctx.db, { userId, kind: 'purchase', delta: credits, note: `pack:${pack}`, now: ctx.now() });
      logAction(ctx.db, {
        userId,
        action: 'purchase',
        outcome: 'ok',
        detail: { pack, credits, price_usd },
        now: ctx.now(),
      });
      return response(ctx, userId);
    })
    .immediate();
  publishCredits(ctx, userId);
  return body;
}

/**
 * Changes the plan. An upgrade grants the new plan's monthly credits at once; a downgrade grants
 * nothing. Either way the ledger gets a `plan_change` row, so the history shows when it happened.
 */
export function changePlan(ctx: ServerContext, userId: number, plan: Plan): BillingResponse {
  const body = ctx.db
    .transaction(() => {
      const user = getUser(ctx.db, userId);
      if (!user) throw notFound('User');
      const upgrade = PLAN_RANK[plan] > PLAN_RANK[user.plan];
      const grant = upgrade ? PLAN_MONTHLY_CREDITS[plan] : 0;
      setPlan(ctx.db, userId, plan);
      applyCredit(ctx.db, {
        userId,
        kind: 'plan_change',
        delta: grant,
        note: `${user.plan}->${plan}`,
        now: ctx.now(),
      });
      logAction(ctx.db, {
        userId,
        action: 'plan_change',
        outcome: 'ok',
        detail: { from: user.plan, to: plan, granted: grant },
        now: ctx.now(),
      });
      return response(ctx, userId);
    })
    .immediate();
  publishCredits(ctx, userId);
  // Download `allowed` flags follow the plan; clients re-derive them (planAllowsQuality) from the
  // credits event's plan instead of the server rewriting every video's change sequence.
  return body;
}
