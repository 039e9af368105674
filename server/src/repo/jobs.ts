import type { Database } from 'better-sqlite3';
import { stmt } from '../../../src/shared/sqlite/statements';

export interface JobRow {
  id: number;
  video_id: number;
  render_key: string;
  state: 'queued' | 'running' | 'done' | 'failed';
  attempts: number;
  run_after: number;
  started_at: number | null;
  finished_at: number | null;
  error: string | null;
  /** 0: the worker never simulates a failure for this job (the demo's first-run videos). */
  may_fail: 0 | 1;
}

/** Jobs that were running when the process stopped go back to the queue: a restart loses none. */
export function requeueRunning(db: Database): number {
  return stmt(db, "UPDATE jobs SET state = 'queued', started_at = NULL WHERE state = 'running'").run()
    .changes;
}

/** Takes the oldest due job and marks it running, atomically. */
export function claimJob(db: Database, now: number): JobRow | undefined {
  return db
    .transaction(() => {
      const job = stmt(
        db,
        "SELECT * FROM jobs WHERE state = 'queued' AND run_after <= ? ORDER BY run_after, id LIMIT 1",
      ).get(now) as JobRow | undefined;
      if (!job) return undefined;
      return stmt(
        db,
        "UPDATE jobs SET state = 'running', started_at = ?, attempts = attempts + 1 WHERE id = ? RETURNING *",
      ).get(now, job.id) as JobRow;
    })
    .immediate();
}

export function parkJob(db: Database, jobId: number): void {
  stmt(db, "UPDATE jobs SET state = 'queued', started_at = NULL WHERE id = ? AND state = 'running'").run(
    jobId,
  );
}

export function finishJob(
  db: Database,
  jobId: number,
  state: 'done' | 'failed',
  now: number,
  error?: string,
): void {
  stmt(db, 'UPDATE jobs SET state = ?, finished_at = ?, error = ? WHERE id = ?').run(
    state,
    now,
    error ?? null,
    jobId,
  );
}

export function jobCounts(db: Database): Record<'queued' | 'running', number> {
  const rows = stmt(
    db,
    "SELECT state, COUNT(*) AS n FROM jobs WHERE state IN ('queued', 'running') GROUP BY state",
  ).all() as { state: 'queued' | 'running'; n: number }[];
  const out = { queued: 0, running: 0 };
  for (const r of rows) out[r.state] = r.n;
  return out;
}
