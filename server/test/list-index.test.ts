import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SortKey, SortOrder, TagMatch, TriggerTag, VideoStatus } from '../../src/shared/api/vocabulary';
import { SORT_KEYS, SORT_ORDERS } from '../../src/shared/api/vocabulary';
import { openServerDb } from '../src/db/open';
import { ListIndex } from '../src/repo/listIndex';
import { listVideos, type ListQuery } from '../src/repo/videoList';
import { deleteOwnedVideo, tagMask, updateTitleTags } from '../src/repo/videos';
import { createUser, insertVideos, tempDir } from './helpers/fixture';

// The in-memory list index must page exactly as SQLite orders and filters the same rows, also after
// edits, deletions and inserts reach it as patches or reloads. SQLite's own ORDER BY is the reference.

const TITLES = [
  'apple',
  'Apple',
  'APPLE pie',
  'banana',
  'Zebra',
  'zebra',
  'éclair',
  'Éclair',
  '_under',
  '\u{1F600} grin',
  '\uFF21 fullwidth',
  '\uFFFD replacement',
  'a',
  '',
];
const TAG_SETS: TriggerTag[][] = [['Water'], ['Whisper', 'Rain'], ['Water', 'Rain'], ['Tapping'], []];
const STATUSES: VideoStatus[] = ['ready', 'failed', 'processing'];
const COLUMN: Record<SortKey, string> = {
  date: 'created_at',
  cost: 'credit_cost',
  title: 'title COLLATE NOCASE',
};

let dir: ReturnType<typeof tempDir>;
let db: Database;
let userId: number;
let otherId: number;

beforeAll(async () => {
  dir = tempDir('list-index-');
  db = openServerDb(join(dir.path, 'server.db'));
  userId = (await createUser(db)).id;
  otherId = (await createUser(db)).id;
  insertVideos(db, userId, specs(300, 0));
  insertVideos(db, otherId, specs(20, 1));
});
afterAll(() => {
  db?.close();
  dir?.remove();
});

function specs(n: number, salt: number) {
  return Array.from({ length: n }, (_, i) => ({
    title: `${TITLES[(i * 5 + salt) % TITLES.length] ?? ''}${i % 5 === 0 ? '' : ` ${i % 3}`}`,
    createdAt: Date.UTC(2026, 0, 1) + Math.floor(i / 4) * 1000,
    creditCost: (i * 13) % 9,
    triggers: TAG_SETS[i % TAG_SETS.length],
    status: STATUSES[(i + salt) % 3],
  }));
}

interface Case {
  sort: SortKey;
  order: SortOrder;
  status?: VideoStatus;
  tags: TriggerTag[];
  match: TagMatch;
}

const CASES: Case[] = SORT_KEYS.flatMap((sort) =>
  SORT_ORDERS.flatMap((order): Case[] => [
    { sort, order, tags: [], match: 'any' },
    { sort, order, status: 'failed', tags: [], match: 'any' },
    { sort, order, tags: ['Water', 'Tapping'], match: 'any' },
    { sort, order, status: 'ready', tags: ['Water', 'Rain'], match: 'all' },
    { sort, order, tags: ['Rain'], match: 'any' },
    { sort, order, status: 'processing', tags: ['Whisper', 'Tapping'], match: 'any' },
  ]),
);

/** The ids in SQLite's order for the case: what every page walk must add up to. */
function sqlOrder(c: Case, user = userId): number[] {
  const desc = (c.sort === 'title') === (c.order === 'reversed');
  const dir = desc ? 'DESC' : 'ASC';
  const mask = tagMask(c.tags);
  const tagSql = mask === 0 ? '' : c.match === 'all' ? ' AND (tag_mask & ?) = ?' : ' AND (tag_mask & ?) != 0';
  const params: (number | string)[] = [user];
  if (c.status) params.push(c.status);
  if (mask !== 0) params.push(...(c.match === 'all' ? [mask, mask] : [mask]));
  return (
    db
      .prepare(
        `SELECT id FROM videos WHERE user_id = ?${c.status ? ' AND status = ?' : ''}${tagSql}
         ORDER BY ${COLUMN[c.sort]} ${dir}, id ${dir}`,
      )
      .all(...params) as { id: number }[]
  ).map((r) => r.id);
}

function query(c: Case, extra: Partial<ListQuery>, user = userId): ListQuery {
  return {
    userId: user,
    sort: c.sort,
    order: c.order,
    status: c.status,
    tagMask: tagMask(c.tags),
    tagMatch: c.match,
    offset: 0,
    limit: 23,
    ...extra,
  };
}

function walk(lists: ListIndex, c: Case, mode: 'offset' | 'cursor', user = userId) {
  const ids: number[] = [];
  let cursor: string | undefined;
  let total = -1;
  for (let page = 0; page < 100; page++) {
    const r = listVideos(lists, query(c, mode === 'cursor' ? { cursor } : { offset: page * 23 }, user));
    total = r.total;
    ids.push(...r.slots.map((slot) => r.list.idOf(slot)));
    if (mode === 'cursor') {
      expect(r.offset).toBe(page * 23);
      if (!r.nextCursor) break;
      cursor = r.nextCursor;
    } else if (r.slots.length < 23) break;
  }
  return { ids, total };
}

function expectSameAsSql(lists: ListIndex) {
  for (const c of CASES) {
    const expected = sqlOrder(c);
    expect(expected.length).toBeGreaterThan(0);
    for (const mode of ['offset', 'cursor'] as const) {
      const got = walk(lists, c, mode);
      expect(got.ids, `${JSON.stringify(c)} by ${mode}`).toEqual(expected);
      expect(got.total).toBe(expected.length);
    }
  }
}

describe('ListIndex', () => {
  it('pages in SQLite’s order (NOCASE titles, unicode, ties by id) for every sort, order and filter', () => {
    expectSameAsSql(new ListIndex(db));
  });

  it('follows edits, deletions and inserts made after it was built (patched, then reloaded)', () => {
    const lists = new ListIndex(db);
    expectSameAsSql(lists);
    const ids = sqlOrder({ sort: 'date', order: 'default', tags: [], match: 'any' });
    // A few changes: applied as a patch.
    updateTitleTags(db, userId, ids[3] ?? 0, { title: 'ZZZ moved', tags: ['Tapping'] }, Date.now());
    updateTitleTags(db, userId, ids[40] ?? 0, { title: '\u{1F600}', tags: [] }, Date.now());
    db.transaction(() => {
      deleteOwnedVideo(db, userId, ids[5] ?? 0, Date.now());
      deleteOwnedVideo(db, userId, ids[6] ?? 0, Date.now());
    })();
    insertVideos(db, userId, specs(7, 2));
    expectSameAsSql(lists);
    // More changes than a patch takes: reloaded.
    insertVideos(db, userId, specs(400, 3));
    db.transaction(() => {
      for (const id of ids.slice(100, 150)) deleteOwnedVideo(db, userId, id, Date.now());
    })();
    expectSameAsSql(lists);
    // Deleting the most recently changed video lowers MAX(change_seq): still right.
    const newest = db
      .prepare('SELECT id FROM videos WHERE user_id = ? ORDER BY change_seq DESC LIMIT 1')
      .get(userId) as { id: number };
    db.transaction(() => deleteOwnedVideo(db, userId, newest.id, Date.now()))();
    expectSameAsSql(lists);
  });

  it('keeps each user to their own videos, and evicts the least recently listed user when full', () => {
    const lists = new ListIndex(db, 50);
    const all: Case = { sort: 'cost', order: 'default', tags: [], match: 'any' };
    expect(walk(lists, all, 'cursor', otherId).ids).toEqual(sqlOrder(all, otherId));
    expect(walk(lists, all, 'cursor').ids).toEqual(sqlOrder(all));
    insertVideos(db, otherId, specs(3, 4));
    expect(walk(lists, all, 'offset', otherId).ids).toEqual(sqlOrder(all, otherId));
  });

  it('a cursor of another sort or filter is refused', () => {
    const lists = new ListIndex(db);
    const c: Case = { sort: 'title', order: 'default', tags: [], match: 'any' };
    const first = listVideos(lists, query(c, {}));
    expect(first.nextCursor).not.toBeNull();
    expect(() =>
      listVideos(lists, query({ ...c, sort: 'date' }, { cursor: first.nextCursor ?? undefined })),
    ).toThrow(/different sort or filter/);
  });
});

describe('item texts kept with the list', () => {
  const all = { tagMask: 0, tagMatch: 'any' } as const;
  /** The slot of each of the user's videos, by id. */
  function slotsById(lists: ListIndex, user: number): Map<number, number> {
    const list = lists.forUser(user);
    return new Map(list.page('date', false, all, { offset: 0 }, 1000).map((s) => [list.idOf(s), s]));
  }

  it('are kept per plan, and dropped when their row changes or their slot goes to another video', async () => {
    const user = (await createUser(db)).id;
    const [a = 0, b = 0] = insertVideos(db, user, [{ title: 'a' }, { title: 'b' }]);
    const lists = new ListIndex(db);
    const list = lists.forUser(user);
    let slots = slotsById(lists, user);
    const slotA = slots.get(a) ?? -1;
    const slotB = slots.get(b) ?? -1;
    list.texts.set(0, slotA, Buffer.from('a as free'));
    list.texts.set(2, slotA, Buffer.from('a as pro'));
    list.texts.set(0, slotB, Buffer.from('b as free'));
    expect(list.texts.get(0, slotA)?.toString()).toBe('a as free');
    expect(list.texts.get(1, slotA)).toBeUndefined();
    expect(list.texts.get(2, slotA)?.toString()).toBe('a as pro');

    updateTitleTags(db, user, a, { title: 'a renamed' }, Date.now());
    expect(lists.forUser(user)).toBe(list); // patched in place, not reloaded
    expect(list.texts.get(0, slotA)).toBeUndefined();
    expect(list.texts.get(2, slotA)).toBeUndefined();
    expect(list.texts.get(0, slotB)?.toString()).toBe('b as free');

    db.transaction(() => deleteOwnedVideo(db, user, b, Date.now()))();
    const [c = 0] = insertVideos(db, user, [{ title: 'c' }]);
    slots = slotsById(lists, user);
    expect(slots.get(c)).toBe(slotB); // the freed slot, reused
    expect(list.texts.get(0, slotB)).toBeUndefined();
  });

  it('stay within their byte budget, dropping the least recently listed user’s first', async () => {
    const first = (await createUser(db)).id;
    const second = (await createUser(db)).id;
    insertVideos(db, first, [{ title: 'x' }]);
    insertVideos(db, second, [{ title: 'y' }]);
    const lists = new ListIndex(db, 500_000, 100);
    const one = lists.forUser(first);
    const two = lists.forUser(second);
    const slot1 = one.page('date', false, all, { offset: 0 }, 1)[0] ?? -1;
    const slot2 = two.page('date', false, all, { offset: 0 }, 1)[0] ?? -1;
    one.texts.set(0, slot1, Buffer.alloc(60));
    two.texts.set(0, slot2, Buffer.alloc(60));
    expect(lists.forUser(second)).toBe(two);
    expect(one.texts.get(0, slot1)).toBeUndefined();
    expect(two.texts.get(0, slot2)?.length).toBe(60);
    // A single list over the budget on its own drops its own texts too.
    two.texts.set(1, slot2, Buffer.alloc(60));
    lists.forUser(second);
    expect(two.texts.get(0, slot2)).toBeUndefined();
    expect(two.texts.get(1, slot2)).toBeUndefined();
  });
});
