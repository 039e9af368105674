import type { Database } from 'better-sqlite3';
import type { Credits, Metrics } from '../../../src/shared/api/schemas';
import { userCounters } from '../repo/counters';
import { balanceOf, spentSince } from '../repo/ledger';
import { stmt } from '../../../src/shared/sqlite/statements';
import { getUser } from '../repo/users';

/** The billing period (and "this month" of the usage summary): the calendar month in UTC. */
export function startOfMonthUtc(now: number): number {
  const d = new Date(now);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

function videoStats(db: Database, userId: number) {
  return stmt(
    db,
    `SELECT COUNT(*) AS total,
            COALESCE(SUM(credit_cost), 0) AS cost,
            COALESCE(SUM(status = 'ready'), 0) AS ready,
            COALESCE(SUM(status = 'failed'), 0) AS failed,
            COALESCE(SUM(status = 'processing'), 0) AS processing
       FROM videos WHERE user_id = ?`,
  ).get(userId) as { total: number; cost: number; ready: number; failed: number; processing: number };
}

const round = (n: number) => Math.round(n * 100) / 100;

/** The credit summary of the "Credit & Usage" bar. Averages are over the videos the user has now. */
export function creditsOf(db: Database, userId: number, now: number): Credits {
  const user = getUser(db, userId);
  if (!user) throw new Error(`User ${userId} does not exist`);
  const s = videoStats(db, userId);
  return {
    balance: balanceOf(db, userId),
    plan: user.plan,
    total_videos: s.total,
    credits_spent_this_month: spentSince(db, userId, startOfMonthUtc(now)),
    average_credits_per_video: s.total === 0 ? 0 : round(s.cost / s.total),
  };
}

/**
 * Section 7 metrics. Generations, regenerations and deletes are counted as they happen
 * (user_counters), so deleting videos does not rewrite history; statuses are over current videos.
 */
export function metricsOf(db: Database, userId: number): Metrics {
  const c = userCounters(db, userId);
  const s = videoStats(db, userId);
  const finished = s.ready + s.failed;
  return {
    total_videos: s.total,
    generations: c.generations,
    regenerations: c.regenerations,
    regeneration_frequency: c.generations === 0 ? 0 : round(c.regenerations / c.generations),
    deletes: c.deletes,
    delete_rate: c.created === 0 ? 0 : round(c.deletes / c.created),
    ready: s.ready,
    failed: s.failed,
    processing: s.processing,
    success_ratio: finished === 0 ? null : round(s.ready / finished),
    average_credits_per_video: s.total === 0 ? 0 : round(s.cost / s.total),
  };
}
