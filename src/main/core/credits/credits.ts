import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import type { Credits } from '../../../shared/api/schemas';
import { PLANS } from '../../../shared/api/vocabulary';
import type { CreditsSummary } from '../../../shared/ipc/models';
import type { RemoteApi } from '../api/remote';
import { getMeta, setMeta } from '../cache/meta';
import type { Emit } from '../events';

const SummarySchema = z.object({
  balance: z.number(),
  plan: z.enum(PLANS),
  totalVideos: z.number(),
  creditsSpentThisMonth: z.number(),
  averageCreditsPerVideo: z.number(),
  asOf: z.string(),
});

/** The credit and usage summary, cached so it shows offline, refreshed after actions, on events and on a timer. */
export class CreditsService {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Database,
    private readonly api: RemoteApi,
    private readonly emit: Emit,
    private readonly now: () => number = Date.now,
  ) {}

  get(): CreditsSummary | null {
    const raw = getMeta(this.db, 'credits');
    if (raw === null) return null;
    try {
      const parsed = SummarySchema.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  /** Stores a summary the server sent (with an action's answer or an event). */
  apply(c: Credits): CreditsSummary {
    const summary: CreditsSummary = {
      balance: c.balance,
      plan: c.plan,
      totalVideos: c.total_videos,
      creditsSpentThisMonth: c.credits_spent_this_month,
      averageCreditsPerVideo: c.average_credits_per_video,
      asOf: new Date(this.now()).toISOString(),
    };
    setMeta(this.db, 'credits', JSON.stringify(summary));
    this.emit('credits:changed', summary);
    return summary;
  }

  async refresh(): Promise<CreditsSummary> {
    return this.apply(await this.api.credits());
  }

  startTimer(everyMs: number, onError: (err: unknown) => void): void {
    this.stopTimer();
    this.timer = setInterval(() => {
      this.refresh().catch(onError);
    }, everyMs);
    this.timer.unref();
  }

  stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
