import type { Database } from 'better-sqlite3';
import { nextId } from './ids';
import { stmt } from '../../../src/shared/sqlite/statements';

export type ActionOutcome = 'ok' | 'partial' | 'refused' | 'error';

/** One audit row: who (user id, or null for an unknown login), what, which videos, outcome, when. */
export function logAction(
  db: Database,
  entry: {
    userId: number | null;
    action: string;
    videoIds?: readonly number[];
    outcome: ActionOutcome;
    detail?: Record<string, unknown>;
    now: number;
  },
): void {
  stmt(
    db,
    `INSERT INTO action_log (id, user_id, action, video_ids, outcome, detail, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    nextId(db, 'action_log'),
    entry.userId,
    entry.action,
    JSON.stringify(entry.videoIds ?? []),
    entry.outcome,
    entry.detail === undefined ? null : JSON.stringify(entry.detail),
    entry.now,
  );
}
