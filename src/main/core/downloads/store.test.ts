import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../shared/sqlite/migrate';
import { CACHE_MIGRATIONS } from '../cache/migrations';
import * as store from './store';

let dir: string;
let db: Db;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dl-store-test-'));
  db = new Database(join(dir, 'cache.db'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const download = (videoId: number): store.NewDownload => ({
  videoId,
  quality: 'sd',
  title: `Video ${videoId}`,
  url: `/api/videos/${videoId}/download/sd`,
  destDir: dir,
  fileName: `video-${videoId}.mp4`,
  bytesTotal: 10,
  sha256: '0'.repeat(64),
  sidecar: null,
});

const finish = (id: number) => db.prepare("UPDATE downloads SET state = 'completed' WHERE id = ?").run(id);

describe('download ids', () => {
  it('a removed download’s id is never given to the next one (a stale click cannot reach it)', () => {
    migrate(db, CACHE_MIGRATIONS);
    const first = store.insertDownload(db, download(1), 1);
    const newest = store.insertDownload(db, download(2), 1);
    finish(newest.id);
    expect(store.deleteFinished(db, [newest.id])).toEqual([newest.id]);
    const next = store.insertDownload(db, download(3), 2);
    expect(next.id).toBeGreaterThan(newest.id);
    finish(first.id);
    finish(next.id);
    expect(store.deleteAllFinished(db)).toEqual([first.id, next.id]);
    expect(store.insertDownload(db, download(4), 3).id).toBeGreaterThan(next.id);
  });

  it('the upgrade keeps every download row and the one-live-download-per-video rule', () => {
    migrate(db, CACHE_MIGRATIONS.slice(0, 2));
    const kept = store.insertDownload(db, download(7), 1);
    db.prepare("UPDATE downloads SET state = 'paused', bytes_done = 4, etag = '\"e\"' WHERE id = ?").run(
      kept.id,
    );
    const before = store.getDownload(db, kept.id);
    migrate(db, CACHE_MIGRATIONS);
    expect(store.getDownload(db, kept.id)).toEqual(before);
    expect(() => store.insertDownload(db, download(7), 2)).toThrow(/UNIQUE/);
    const indexes = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'downloads' ORDER BY name")
      .all();
    expect(indexes).toEqual([
      { name: 'downloads_live' },
      { name: 'downloads_part' },
      { name: 'downloads_state' },
    ]);
  });
});
