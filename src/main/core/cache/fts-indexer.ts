import type { Database } from 'better-sqlite3';
import { stmt } from '../../../shared/sqlite/statements';

/** Leaf pages of segment merging per step: a few milliseconds of work. */
const MERGE_PAGES = 64;

/**
 * FTS5 merges its segments inside whichever write fills a level (automerge), and that merge can take
 * tens of milliseconds in one go. The cache turns it off and merges in small steps between index batches
 * instead ({@link mergeStep}), so no single slice of indexing holds the thread for long. Crisis merging
 * (a level reaching 16 segments, e.g. after many live deletes with no indexing since) stays on as the
 * bound on how far the index can fragment. The setting is stored in the index; setting it again is a
 * no-op.
 */
export function disableAutomerge(db: Database): void {
  stmt(db, "INSERT INTO videos_fts (videos_fts, rank) VALUES ('automerge', 0)").run();
}

/**
 * Brings videos_fts up to date with the videos table, a batch at a time. Rows are stored without
 * tokenizing (fts_state 0); this indexes them afterwards, in short transactions, between which the host
 * yields. Until a row is indexed, searches match it directly (unindexed-search.ts).
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

/**
 * One bounded step of segment merging (at most {@link MERGE_PAGES} leaf pages, and only where a level
 * holds several segments). Returns whether it did any work: FTS5 reports none as fewer than two changes.
 */
export function mergeStep(db: Database): boolean {
  const total = stmt(db, 'SELECT total_changes()').pluck();
  const before = total.get() as number;
  stmt(db, "INSERT INTO videos_fts (videos_fts, rank) VALUES ('merge', ?)").run(MERGE_PAGES);
  return (total.get() as number) - before >= 2;
}

export function hasPendingIndex(db: Database): boolean {
  return stmt(db, 'SELECT 1 FROM videos WHERE fts_state = 0 LIMIT 1').pluck().get() !== undefined;
}

const yieldToLoop = (): Promise<void> => new Promise((r) => setImmediate(r));

/**
 * Runs batches until nothing is left, then merges until the index is compact, yielding to the event loop
 * after every batch and every merge step; stops when told.
 */
export async function indexInBackground(db: Database, isStopped: () => boolean, batch = 100): Promise<void> {
  const running = () => !isStopped() && db.open;
  while (running() && indexPendingBatch(db, batch) > 0) {
    await yieldToLoop();
    if (!running()) return;
    mergeStep(db);
    await yieldToLoop();
  }
  while (running() && mergeStep(db)) await yieldToLoop();
}
