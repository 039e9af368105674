import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Video } from '../../../shared/api/schemas';
import { SORT_KEYS, SORT_ORDERS, TRIGGER_TAGS, type TriggerTag } from '../../../shared/api/vocabulary';
import { LibraryQuerySchema, type LibraryQuery } from '../../../shared/ipc/models';
import { indexInBackground } from './fts-indexer';
import { Library } from './library';
import { compareNoCase } from './library-index';
import { openCache } from './open';
import { deleteVideo, setPending, tagMask, upsertVideo } from './videos';

const WORDS = ['soap', 'rain', 'whisper', 'crinkle', 'marble', 'velvet', 'glass', 'pages'];

function video(i: number): Video {
  const pick = (k: number) => WORDS[(i * 7 + k * 3) % WORDS.length] ?? 'x';
  const triggers = TRIGGER_TAGS.filter((_, t) => (i * 13 + t * 5) % 7 === 0).slice(0, 3);
  const status = (['ready', 'failed', 'processing'] as const)[i % 3] ?? 'ready';
  // Few distinct dates, costs and titles, so ties (broken by id) are everywhere.
  const created = new Date(Date.UTC(2026, 0, 1 + (i % 9))).toISOString();
  return {
    id: i,
    title: `${i % 4 === 0 ? 'Ä' : i % 4 === 1 ? 'a' : 'B'} ${pick(1)}`,
    prompt: `close-up of ${pick(2)} and ${pick(3)}`,
    triggers,
    settings: { model_version: 'v', duration_s: 8, aspect_ratio: '16:9', seed: 1 },
    status,
    progress: status === 'processing' ? 0.2 : null,
    failure: status === 'failed' ? { code: 'capacity', message: 'busy' } : null,
    credit_cost: (i * 5) % 11,
    created_at: created,
    updated_at: created,
    thumbnail_url: null,
    preview_url: null,
    download_url: null,
    downloads: [],
    regenerated_from: null,
  };
}

/** The same query answered by plain SQL, the reference the index must agree with. */
function reference(db: Database, q: LibraryQuery): number[] {
  const where = ["(pending IS NULL OR pending != 'delete')"];
  const params: (string | number)[] = [];
  if (q.statuses.length > 0) {
    where.push(`status IN (${q.statuses.map(() => '?').join(',')})`);
    params.push(...q.statuses);
  }
  const mask = tagMask(q.tags);
  if (mask !== 0)
    where.push(q.tagMatch === 'all' ? `(tag_mask & ${mask}) = ${mask}` : `(tag_mask & ${mask}) != 0`);
  if (q.search.trim() !== '') {
    for (const w of q.search.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
      where.push(
        '(lower(title) LIKE ? OR lower(prompt) LIKE ? OR lower(title) LIKE ? OR lower(prompt) LIKE ?)',
      );
      params.push(`${w}%`, `${w}%`, `% ${w}%`, `% ${w}%`);
    }
  }
  const dir = q.order === 'reversed';
  const order = {
    date: dir ? 'created_at ASC, id ASC' : 'created_at DESC, id DESC',
    cost: dir ? 'credit_cost ASC, id ASC' : 'credit_cost DESC, id DESC',
    title: dir ? 'title COLLATE NOCASE DESC, id DESC' : 'title COLLATE NOCASE ASC, id ASC',
  }[q.sort];
  return db
    .prepare(`SELECT id FROM videos WHERE ${where.join(' AND ')} ORDER BY ${order}`)
    .pluck()
    .all(...params) as number[];
}

describe('library queries', () => {
  let dir: string;
  let db: Database;
  let library: Library;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'library-'));
    db = openCache(join(dir, 'cache.sqlite')).db;
    db.transaction(() => {
      for (let i = 1; i <= 400; i++) upsertVideo(db, video(i));
    })();
    library = new Library(db, (id, kind) => `/media/${id}/${kind}`);
  });
  afterAll(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const statusFilters = [[], ['ready'], ['processing', 'failed']] as const;
  const tagFilters: { tags: TriggerTag[]; tagMatch: 'any' | 'all' }[] = [
    { tags: [], tagMatch: 'any' },
    { tags: ['Water'], tagMatch: 'any' },
    { tags: ['Water', 'Rain', 'Soap'], tagMatch: 'any' },
    { tags: ['Water', 'Whisper'], tagMatch: 'all' },
  ];

  const agreeWithSql = () => {
    for (const sort of SORT_KEYS)
      for (const order of SORT_ORDERS)
        for (const statuses of statusFilters)
          for (const tf of tagFilters)
            for (const search of ['', 'soap', 'cl rain']) {
              const q = LibraryQuerySchema.parse({ sort, order, statuses: [...statuses], search, ...tf });
              const expected = reference(db, q);
              const label = JSON.stringify(q);
              expect(library.count(q), label).toBe(expected.length);
              for (const offset of [0, 7, 150, expected.length - 3, expected.length + 10]) {
                if (offset < 0) continue;
                const page = library.page(q, offset, 25);
                expect(page.total, label).toBe(expected.length);
                expect(
                  page.items.map((v) => v.id),
                  `${label} @${offset}`,
                ).toEqual(expected.slice(offset, offset + 25));
              }
            }
  };

  it('agrees with SQL for every sort × order × status × tags × search, in count and in every page', async () => {
    // Before search indexing (right after a sync), the pending rows are matched directly.
    expect(db.prepare('SELECT count(*) FROM videos WHERE fts_state = 0').pluck().get()).toBe(400);
    agreeWithSql();
    await indexInBackground(db, () => false);
    library.invalidate();
    agreeWithSql();
    // Partly indexed: edited titles leave the index until indexed again.
    db.transaction(() => {
      for (let i = 1; i <= 400; i += 9)
        upsertVideo(db, { ...video(i), title: `Soapy rain ${WORDS[i % 8] ?? ''}` });
    })();
    library.invalidate();
    expect(db.prepare('SELECT count(*) FROM videos WHERE fts_state = 0').pluck().get()).toBe(45);
    agreeWithSql();
  });

  it('follows changes: upserts, deletes and locally pending deletes', () => {
    const q = LibraryQuerySchema.parse({});
    const before = library.count(q);
    db.transaction(() => upsertVideo(db, { ...video(401), title: 'zzz newest' }))();
    library.invalidate();
    expect(library.count(q)).toBe(before + 1);
    expect(library.page(LibraryQuerySchema.parse({ search: 'zzz' }), 0, 5).items.map((v) => v.id)).toEqual([
      401,
    ]);
    setPending(db, [401], 'delete');
    library.invalidate();
    expect(library.count(q)).toBe(before);
    expect(library.get(401)).toBeNull();
    setPending(db, [401], null);
    db.transaction(() => deleteVideo(db, 401))();
    library.invalidate();
    expect(library.count(q)).toBe(before);
    expect(library.page(LibraryQuerySchema.parse({ search: 'zzz' }), 0, 5).total).toBe(0);
  });

  it('patches live updates in place and stays in agreement with SQL', () => {
    const queries = [
      LibraryQuerySchema.parse({ statuses: ['ready'] }),
      LibraryQuerySchema.parse({ sort: 'title', tags: ['Water'] }),
      LibraryQuerySchema.parse({ sort: 'cost', order: 'reversed', statuses: ['failed'], search: 'soap' }),
    ];
    for (const q of queries) library.page(q, 0, 10);
    const v = video(12);
    // Same date, cost and title: a status and tag change is patched where the video stands.
    library.writeOne(12, () =>
      upsertVideo(db, {
        ...v,
        status: 'failed',
        triggers: ['Water'],
        failure: { code: 'capacity', message: 'x' },
      }),
    );
    library.writeOne(13, () => deleteVideo(db, 13));
    // A new title moves the video: the index is rebuilt.
    library.writeOne(14, () => upsertVideo(db, { ...video(14), title: 'Aaa first' }));
    for (const q of queries) {
      const expected = reference(db, q);
      expect(library.count(q)).toBe(expected.length);
      expect(library.page(q, 0, 400).items.map((x) => x.id)).toEqual(expected);
    }
    expect(library.tagCounts().Water).toBe(
      reference(db, LibraryQuerySchema.parse({ tags: ['Water'] })).length,
    );
  });

  it('counts tags over the visible library', () => {
    const counts = library.tagCounts();
    for (const t of ['Water', 'Fire'] as const) {
      expect(counts[t]).toBe(reference(db, LibraryQuerySchema.parse({ tags: [t] })).length);
    }
  });

  it('treats search text as words, never as FTS syntax', () => {
    const rows = db.prepare('SELECT count(*) FROM videos').pluck().get();
    for (const text of ['"', 'soap OR', 'NEAR(', '*', 'title:soap', "'; DROP TABLE videos; --"]) {
      const q = LibraryQuerySchema.parse({ search: text });
      expect(() => library.count(q)).not.toThrow();
    }
    expect(db.prepare('SELECT count(*) FROM videos').pluck().get()).toBe(rows);
  });
});

describe('library orders kept through a sync', () => {
  let dir: string;
  let db: Database;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'library-sync-'));
    db = openCache(join(dir, 'cache.sqlite')).db;
  });
  afterAll(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // Titles where NOCASE order differs from naive orders: '[' and '_' sort between 'Z' and 'a' byte-wise
  // but before 'a' once folded; 'é', U+E000 and an emoji (a surrogate pair) order by code point.
  const TITLES = [
    'apple',
    'Apple',
    'APPLE pie',
    '[box]',
    '_under',
    'Zebra',
    'é clair',
    '\ue000 private',
    '😀 soap',
    'b',
  ];

  it('merges each write batch into every order: pages during the sync equal a fresh index, sorting again only after a large batch', () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const variant = (id: number): Video => ({
      ...video(id),
      title: `${TITLES[random(TITLES.length)] ?? ''} ${random(3)}`,
      credit_cost: random(6),
      created_at: new Date(Date.UTC(2026, 0, 1 + random(5))).toISOString(),
      status: (['ready', 'failed', 'processing'] as const)[random(3)] ?? 'ready',
    });
    db.transaction(() => {
      for (let id = 1; id <= 300; id++) upsertVideo(db, variant(id));
    })();
    const library = new Library(db, (id, kind) => `/media/${id}/${kind}`);
    const queries = SORT_KEYS.flatMap((sort) =>
      SORT_ORDERS.flatMap((order) =>
        [
          {},
          { statuses: ['ready'] },
          { tags: ['Water', 'Rain'], tagMatch: 'all' },
          { statuses: ['processing', 'failed'], search: 'soap' },
        ].map((f) => LibraryQuerySchema.parse({ sort, order, ...f })),
      ),
    );
    for (const q of queries) library.page(q, 0, 10);
    const sorted = library.fullSorts;
    expect(sorted).toBe(SORT_KEYS.length);

    let nextId = 301;
    for (let batch = 0; batch < 40; batch++) {
      const ids: number[] = [];
      db.transaction(() => {
        // Batch 20 writes more than a quarter of the library: each order is sorted again once, and the
        // merges after it must know the new sort keys of the rows it moved.
        for (let k = 0; k < (batch === 20 ? 200 : 12); k++) {
          const op = random(10);
          const id = op < 5 ? nextId++ : 1 + random(nextId - 1);
          ids.push(id);
          if (op < 8) upsertVideo(db, variant(id));
          else if (op < 9) deleteVideo(db, id);
          else setPending(db, [id], 'delete');
        }
      })();
      library.changed(ids);
      // A page request between batches, as the grid makes during the sync.
      const q = queries[random(queries.length)];
      if (q) library.page(q, random(50), 30);
      if (batch % 5 !== 4) continue;
      const fresh = new Library(db, (id, kind) => `/media/${id}/${kind}`);
      for (const query of queries) {
        const label = `batch ${batch} ${JSON.stringify(query)}`;
        expect(library.ids(query, 0, 1000), label).toEqual(fresh.ids(query, 0, 1000));
        expect(library.ids(query, 0, 1000), label).toEqual(reference(db, query));
        expect(library.count(query), label).toBe(fresh.count(query));
      }
      expect(library.tagCounts()).toEqual(fresh.tagCounts());
    }
    expect(library.fullSorts).toBe(sorted + SORT_KEYS.length);
  });

  it('orders titles as SQLite NOCASE does', () => {
    const titles = [...TITLES, 'a', 'A', 'ab', 'aB', '', 'Ä', 'z', '~', '\uffff', '𝔸'];
    const bySqlite = db
      .prepare(`SELECT value FROM json_each(?) ORDER BY value COLLATE NOCASE, value`)
      .pluck()
      .all(JSON.stringify(titles));
    expect([...titles].sort((a, b) => compareNoCase(a, b) || (a < b ? -1 : a > b ? 1 : 0))).toEqual(bySqlite);
  });
});
