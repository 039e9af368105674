import type { Database } from 'better-sqlite3';
import type { Plan } from '../../../src/shared/api/vocabulary';
import { PLANS } from '../../../src/shared/api/vocabulary';
import { nextId } from './ids';
import { forgetSessions } from './sessions';
import { stmt } from '../../../src/shared/sqlite/statements';

export interface UserRow {
  id: number;
  email: string;
  password_hash: string;
  plan: Plan;
  credits_balance: number;
  created_at: number;
}

function isPlan(v: unknown): v is Plan {
  return typeof v === 'string' && (PLANS as readonly string[]).includes(v);
}

function toUser(raw: unknown): UserRow | undefined {
  if (raw === undefined) return undefined;
  const r = raw as Record<string, unknown>;
  if (!isPlan(r.plan)) throw new Error(`User ${String(r.id)} has an unknown plan`);
  return {
    id: Number(r.id),
    email: String(r.email),
    password_hash: String(r.password_hash),
    plan: r.plan,
    credits_balance: Number(r.credits_balance),
    created_at: Number(r.created_at),
  };
}

export function findUserByEmail(db: Database, email: string): UserRow | undefined {
  return toUser(stmt(db, 'SELECT * FROM users WHERE email = ?').get(email));
}

export function getUser(db: Database, id: number): UserRow | undefined {
  return toUser(stmt(db, 'SELECT * FROM users WHERE id = ?').get(id));
}

/** Creates an account (the seed and the test fixtures use this; there is no public sign-up). */
export function insertUser(
  db: Database,
  user: { email: string; passwordHash: string; plan: Plan; credits: number; now: number },
): number {
  const row = stmt(
    db,
    `INSERT INTO users (id, email, password_hash, plan, credits_balance, created_at)
     VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
  ).get(nextId(db, 'users'), user.email, user.passwordHash, user.plan, user.credits, user.now) as {
    id: number;
  };
  return row.id;
}

export function setPlan(db: Database, userId: number, plan: Plan): void {
  stmt(db, 'UPDATE users SET plan = ? WHERE id = ?').run(plan, userId);
  // Session lookups carry the plan.
  forgetSessions(db);
}
