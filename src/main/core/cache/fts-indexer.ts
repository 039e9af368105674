import type { Database } from 'better-sqlite3';
import { stmt } from './videos';

/**
 * Brings videos_fts up to date with the videos table, a batch at a time. Rows are stored without
 * tokenizing (fts_state 0); this indexes them afterwards, in short transactions, between which the host
 * yields. A search first indexes whatever is left, so it never misses a stored video.
 */
export function indexPendingBatch(db: Database, max: number): number {
  const ids = stmt(db, 'SELECT id FROM videos WHERE fts_state = 0 LIMIT ?').pluck().all(max) as number[];
  if (ids.length === 0) return 0;
  const insert = stmt(
    db,
    'INSERT INTO videos_fts (rowid, title, prompt) SELECT id, title, prompt FROM videos WHERE id = ?',
  );
  const mark = stmt(db, 'UPDATE videos SET fts_state = 1 WHERE id = ?');
  db.transaction(() => {
    for (const id of ids) {
      insert.run(id);
      mark.run(id);
    }
  })();
  return ids.length;
}

export function hasPendingIndex(db: Database): boolean {
  return stmt(db, 'SELECT 1 FROM videos WHERE fts_state = 0 LIMIT 1').pluck().get() !== undefined;
}

/** Indexes everything left, in batches (used before a search). */
export function indexAllPending(db: Database): void {
  while (indexPendingBatch(db, 2000) > 0);
}

/** Runs batches until nothing is left, yielding to the event loop between them; stops when told. */
export async function indexInBackground(db: Database, isStopped: () => boolean, batch = 100): Promise<void> {
  while (!isStopped() && db.open && indexPendingBatch(db, batch) > 0) {
    await new Promise((r) => setImmediate(r));
  }
}
