import type { Catalog } from '../../../src/shared/api/schemas';
import type { Plan } from '../../../src/shared/api/vocabulary';
import {
  CREDIT_PACKS,
  CREDIT_PACK_IDS,
  PLANS,
  PLAN_PRICES_USD,
  QUALITIES,
  planAllowsQuality,
} from '../../../src/shared/api/vocabulary';

/** Credits granted when a plan starts (the billing stand-in grants them at once on a change). */
export const PLAN_MONTHLY_CREDITS: Record<Plan, number> = { free: 50, basic: 500, pro: 2000 };

export function catalog(): Catalog {
  return {
    packs: CREDIT_PACK_IDS.map((id) => ({ id, ...CREDIT_PACKS[id] })),
    plans: PLANS.map((id) => ({
      id,
      price_usd: PLAN_PRICES_USD[id],
      qualities: QUALITIES.filter((q) => planAllowsQuality(id, q)),
      monthly_credits: PLAN_MONTHLY_CREDITS[id],
    })),
  };
}
