import { mkdtempSync, openSync, rmSync, statSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeCache, openCache } from './open';

// The integrity check (PRAGMA quick_check reads every page) runs at an open only when the last run did
// not close the cache cleanly: after a crash a damaged page is found and the file moved aside; after a
// clean close the open does not read every page (a quarter of a cold start at 100,000 videos).

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A cache with enough rows to span many pages, closed cleanly or not, then its last page overwritten. */
function damagedCache(clean: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'aiasmr-open-'));
  dirs.push(dir);
  const file = join(dir, 'cache.sqlite');
  const { db } = openCache(file);
  db.exec('CREATE TABLE filler (id INTEGER PRIMARY KEY, body TEXT)');
  const insert = db.prepare('INSERT INTO filler (body) VALUES (?)');
  db.transaction(() => {
    for (let i = 0; i < 2000; i++) insert.run(`row ${i} `.repeat(20));
  })();
  if (clean) closeCache(db, file);
  else {
    // What a kill leaves: the database closed by the process ending, no clean-close marker.
    db.close();
  }
  const pageSize = 4096;
  const size = statSync(file).size;
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.alloc(pageSize, 0x5a), 0, pageSize, size - pageSize);
  closeSync(fd);
  return file;
}

describe('opening the cache', () => {
  it('checks every page after a run that did not close the cache, and moves a damaged file aside', () => {
    const file = damagedCache(false);
    const opened = openCache(file, 7);
    expect(opened.movedAside).toBe(`${file}.corrupt-7`);
    opened.db.close();
  });

  it('skips the full check after a clean close (only an unreadable file counts as damaged then)', () => {
    const file = damagedCache(true);
    const opened = openCache(file, 8);
    expect(opened.movedAside).toBeNull();
    // The marker is consumed by the open: a crash during this run means a check at the next.
    opened.db.close();
    const next = openCache(file, 9);
    expect(next.movedAside).toBe(`${file}.corrupt-9`);
    next.db.close();
  });
});
