import type { BillingResponse } from '../../../src/shared/api/schemas';
import type { CreditPack, Plan } from '../../../src/shared/api/vocabulary';
import { CREDIT_PACKS, PLAN_RANK } from '../../../src/shared/api/vocabulary';
import { PLAN_MONTHLY_CREDITS } from '../domain/catalog';
import { creditsOf, startOfMonthUtc } from '../domain/usage';
import { notFound } from '../domain/errors';
import { logAction } from '../repo/actionLog';
import { applyCredit, planGrantsSince } from '../repo/ledger';
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
 * The credits a change from `from` to `to` grants, and the ledger note that says why. Plan credits are
 * granted at most once per billing period (the calendar month, UTC): an upgrade tops the period's plan
 * grants up to the new plan's monthly credits, so switching back and forth grants nothing more, and
 * Free -> Basic -> Pro in one month grants Pro's 2,000 in all. A downgrade grants nothing.
 */
function planGrant(
  from: Plan,
  to: Plan,
  grantedThisPeriod: number,
  period: string,
): { delta: number; note: string } {
  const change = `${from}->${to}`;
  if (PLAN_RANK[to] <= PLAN_RANK[from])
    return { delta: 0, note: `${change}: ${from === to ? 'no change' : 'downgrade'}, no grant` };
  const monthly = PLAN_MONTHLY_CREDITS[to];
  const delta = Math.max(0, monthly - grantedThisPeriod);
  if (delta === 0)
    return {
      delta,
      note: `${change}: no grant, ${grantedThisPeriod} plan credits were already granted in ${period} (${to} grants ${monthly} a month)`,
    };
  if (grantedThisPeriod === 0)
    return { delta, note: `${change}: ${to}'s ${monthly} monthly credits for ${period}` };
  return {
    delta,
    note: `${change}: the rest of ${to}'s ${monthly} monthly credits for ${period} (${grantedThisPeriod} granted earlier)`,
  };
}

/**
 * Changes the plan, granting credits as `planGrant` says. Either way the ledger gets a `plan_change`
 * row whose note says what was granted and why, so the history shows when it happened.
 */
export function changePlan(ctx: ServerContext, userId: number, plan: Plan): BillingResponse {
  const body = ctx.db
    .transaction(() => {
      const user = getUser(ctx.db, userId);
      if (!user) throw notFound('User');
      const now = ctx.now();
      const periodStart = startOfMonthUtc(now);
      const grant = planGrant(
        user.plan,
        plan,
        planGrantsSince(ctx.db, userId, periodStart),
        new Date(periodStart).toISOString().slice(0, 7),
      );
      setPlan(ctx.db, userId, plan);
      applyCredit(ctx.db, { userId, kind: 'plan_change', delta: grant.delta, note: grant.note, now });
      logAction(ctx.db, {
        userId,
        action: 'plan_change',
        outcome: 'ok',
        detail: { from: user.plan, to: plan, granted: grant.delta },
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
