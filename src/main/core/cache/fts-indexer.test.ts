import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Video } from '../../../shared/api/schemas';
import { hasPendingIndex, indexInBackground } from './fts-indexer';
import { openCache } from './open';
import { deleteVideo, upsertVideo } from './videos';

const WORDS = ['soap', 'rain', 'whisper', 'crinkle', 'marble', 'velvet', 'glass', 'pages', 'cedar', 'foam'];

function video(i: number): Video {
  const w = (k: number) => WORDS[(i * 7 + k * 3) % WORDS.length] ?? 'x';
  const at = new Date(Date.UTC(2026, 0, 1)).toISOString();
  return {
    id: i,
    title: `${w(1)} ${w(2)} number${i}`,
    prompt: `close-up of ${w(3)} and ${w(4)}`,
    triggers: [],
    settings: { model_version: 'v', duration_s: 8, aspect_ratio: '16:9', seed: 1 },
    status: 'ready',
    progress: null,
    failure: null,
    credit_cost: 1,
    created_at: at,
    updated_at: at,
    thumbnail_url: null,
    preview_url: null,
    download_url: null,
    downloads: [],
    regenerated_from: null,
  };
}

const matches = (db: Database, word: string) =>
  db.prepare('SELECT count(*) FROM videos_fts WHERE videos_fts MATCH ?').pluck().get(`"${word}"*`);
const likeCount = (db: Database, word: string) =>
  db
    .prepare("SELECT count(*) FROM videos WHERE (' ' || title || ' ' || prompt) LIKE ?")
    .pluck()
    .get(`% ${word}%`);
// FTS5 stores each segment's pages under rowids that carry the segment id from bit 37 up.
const segments = (db: Database) =>
  db.prepare('SELECT count(DISTINCT id >> 37) FROM videos_fts_data WHERE (id >> 37) > 0').pluck().get();

describe('search indexing in the background', () => {
  let dir: string;
  let db: Database;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'fts-indexer-'));
    db = openCache(join(dir, 'cache.sqlite')).db;
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('turns FTS5 automerge off (merging happens in small steps between batches instead)', () => {
    const automerge = db.prepare("SELECT v FROM videos_fts_config WHERE k = 'automerge'").pluck().get();
    expect(automerge).toBe(0);
  });

  it('indexes every stored row in small batches, merges the segments, and stays consistent', async () => {
    db.transaction(() => {
      for (let i = 1; i <= 3000; i++) upsertVideo(db, video(i));
    })();
    expect(hasPendingIndex(db)).toBe(true);
    expect(matches(db, 'velvet')).toBe(0);

    await indexInBackground(db, () => false, 25);

    expect(hasPendingIndex(db)).toBe(false);
    // FTS5's own consistency check of the index against the videos table (throws when they disagree).
    expect(() =>
      db.exec("INSERT INTO videos_fts (videos_fts, rank) VALUES ('integrity-check', 1)"),
    ).not.toThrow();
    for (const w of ['velvet', 'rain', 'number29', 'cedar']) expect(matches(db, w)).toBe(likeCount(db, w));
    // 120 batches with automerge off and no merge steps leave 15 segments (crisis merging alone); the
    // steps keep it at a handful.
    expect(segments(db)).toBeLessThan(10);

    // Later edits and deletes (the triggers take rows out of the index) are picked up by the next run.
    db.transaction(() => {
      for (let i = 1; i <= 200; i++) upsertVideo(db, { ...video(i), title: `edited title ${i}` });
      for (let i = 201; i <= 300; i++) deleteVideo(db, i);
    })();
    expect(hasPendingIndex(db)).toBe(true);
    await indexInBackground(db, () => false, 25);
    expect(() =>
      db.exec("INSERT INTO videos_fts (videos_fts, rank) VALUES ('integrity-check', 1)"),
    ).not.toThrow();
    expect(matches(db, 'edited')).toBe(200);
    for (const w of ['velvet', 'number250', 'number2999']) expect(matches(db, w)).toBe(likeCount(db, w));
  });

  it('stops between batches when told, leaving the rest pending', async () => {
    db.transaction(() => {
      for (let i = 1; i <= 500; i++) upsertVideo(db, video(i));
    })();
    let batches = 0;
    await indexInBackground(db, () => ++batches > 2, 50);
    expect(hasPendingIndex(db)).toBe(true);
    const indexed = db.prepare('SELECT count(*) FROM videos WHERE fts_state = 1').pluck().get();
    expect(indexed).toBeGreaterThan(0);
    expect(indexed).toBeLessThan(500);
  });
});
