import type { Handlers } from '../handler-types';
import type { HandlerContext } from './context';

export function billingHandlers({ core }: HandlerContext) {
  return {
    'credits:get': async () => core.requireAccount().credits.get(),
    'billing:catalog': () => core.requireAccount().api.catalog(),
    'billing:purchase': async ({ pack }) => {
      const account = core.requireAccount();
      const res = await account.api.purchase(pack);
      return account.credits.apply(res.credits);
    },
    'billing:changePlan': async ({ plan }) => {
      const account = core.requireAccount();
      const res = await account.api.changePlan(plan);
      await core.updatePlan(res.user.plan);
      const summary = account.credits.apply(res.credits);
      // Which qualities may be downloaded depends on the plan: pick up the new flags.
      void account.syncNow();
      return summary;
    },
  } satisfies Partial<Handlers>;
}
