import type { Database } from 'better-sqlite3';
import { PLANS, type Plan } from '../../../shared/api/vocabulary';

export type MetaKey = 'sync_cursor' | 'last_synced_at' | 'credits';

export function getMeta(db: Database, key: MetaKey): string | null {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value ?? null;
}

export function setMeta(db: Database, key: MetaKey, value: string): void {
  db.prepare(
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  ).run(key, value);
}

/**
 * The user's plan as of the last credit summary (written by CreditsService on every plan change, action
 * and refresh): the one source the core gates downloads by. A video's own `allowed` flags were rendered
 * under the plan of its last sync, and a plan change does not resend the videos.
 */
export function cachedPlan(db: Database): Plan | null {
  const raw = getMeta(db, 'credits');
  if (raw === null) return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    const plan = typeof parsed === 'object' && parsed !== null && 'plan' in parsed ? parsed.plan : null;
    return PLANS.find((p) => p === plan) ?? null;
  } catch {
    return null;
  }
}
