import type { Database } from 'better-sqlite3';
import { insufficientCredits } from '../domain/errors';
import { nextId } from './ids';
import { stmt } from '../../../src/shared/sqlite/statements';

export type LedgerKind = 'grant' | 'generation' | 'regeneration' | 'refund' | 'purchase' | 'plan_change';

/**
 * Moves the balance by `delta` and writes the ledger row, inside the caller's transaction. A debit
 * larger than the balance throws 402 before anything is written; the CHECK constraints on
 * users.credits_balance and credit_ledger.balance_after are the last line of defence.
 */
export function applyCredit(
  db: Database,
  entry: {
    userId: number;
    kind: LedgerKind;
    delta: number;
    videoId?: number | null;
    note?: string;
    now: number;
  },
): number {
  const row = stmt(
    db,
    `UPDATE users SET credits_balance = credits_balance + ?
      WHERE id = ? AND credits_balance + ? >= 0 RETURNING credits_balance`,
  ).get(entry.delta, entry.userId, entry.delta) as { credits_balance: number } | undefined;
  if (!row) {
    const current = stmt(db, 'SELECT credits_balance FROM users WHERE id = ?').get(entry.userId) as
      { credits_balance: number } | undefined;
    if (!current) throw new Error(`User ${entry.userId} does not exist`);
    throw insufficientCredits(-entry.delta, current.credits_balance);
  }
  stmt(
    db,
    `INSERT INTO credit_ledger (id, user_id, kind, delta, balance_after, video_id, note, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    nextId(db, 'credit_ledger'),
    entry.userId,
    entry.kind,
    entry.delta,
    row.credits_balance,
    entry.videoId ?? null,
    entry.note ?? null,
    entry.now,
  );
  return row.credits_balance;
}

export function balanceOf(db: Database, userId: number): number {
  const row = stmt(db, 'SELECT credits_balance FROM users WHERE id = ?').get(userId) as
    { credits_balance: number } | undefined;
  return row?.credits_balance ?? 0;
}

/** Credits granted by plan changes since `since`. */
export function planGrantsSince(db: Database, userId: number, since: number): number {
  const row = stmt(
    db,
    `SELECT COALESCE(SUM(delta), 0) AS granted FROM credit_ledger
      WHERE user_id = ? AND created_at >= ? AND kind = 'plan_change'`,
  ).get(userId, since) as { granted: number };
  return row.granted;
}

/** Credits spent (debits minus refunds) since `since`, never below zero. */
export function spentSince(db: Database, userId: number, since: number): number {
  const row = stmt(
    db,
    `SELECT COALESCE(-SUM(delta), 0) AS spent FROM credit_ledger
      WHERE user_id = ? AND created_at >= ? AND kind IN ('generation', 'regeneration', 'refund')`,
  ).get(userId, since) as { spent: number };
  return Math.max(0, row.spent);
}
