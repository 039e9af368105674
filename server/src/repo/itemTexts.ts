import { PLANS } from '../../../src/shared/api/vocabulary';

/** Bytes of rendered list items held by all lists together, against one limit. */
export class TextBudget {
  bytes = 0;

  constructor(readonly maxBytes: number) {}

  get over(): boolean {
    return this.bytes > this.maxBytes;
  }
}

/**
 * The list item JSON of each slot of one user's list, as each plan sees it, as UTF-8 bytes. The
 * list clears a slot's texts whenever the slot's row changes or the slot is freed, so a text is
 * always that of the row version the list holds: a page reads it by slot, with no lookup by id.
 */
export class ItemTexts {
  /** By plan index (PLANS order), then slot. */
  private readonly byPlan: (Buffer | undefined)[][] = PLANS.map(() => []);

  constructor(private readonly budget: TextBudget) {}

  get(plan: number, slot: number): Buffer | undefined {
    return this.byPlan[plan]?.[slot];
  }

  set(plan: number, slot: number, text: Buffer): void {
    const texts = this.byPlan[plan];
    if (!texts) throw new Error(`no plan ${plan}`);
    this.budget.bytes += text.length - (texts[slot]?.length ?? 0);
    // Grown one by one, never with a gap: a far write would turn the array into a slow dictionary.
    while (texts.length < slot) texts.push(undefined);
    texts[slot] = text;
  }

  clearSlot(slot: number): void {
    for (const texts of this.byPlan) {
      const old = texts[slot];
      if (old === undefined) continue;
      this.budget.bytes -= old.length;
      texts[slot] = undefined;
    }
  }

  clear(): void {
    for (const texts of this.byPlan) {
      for (const old of texts) if (old !== undefined) this.budget.bytes -= old.length;
      texts.length = 0;
    }
  }
}
