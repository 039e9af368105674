import { describe, expect, it } from 'vitest';
import { parseListQueryFast, validateListQuery } from '../src/http/listQueryValidator';
import { ListQuerySchema } from '../src/http/requestSchemas';

// Values each query field may take in a generated query: valid ones, edge cases and bad ones.
const VALUES: Record<string, readonly (string | string[] | undefined)[]> = {
  sort: [undefined, 'date', 'cost', 'title', 'size', 'Date', ' date', '', ['date', 'cost']],
  order: [undefined, 'default', 'reversed', 'up', ''],
  filter_status: [undefined, 'ready', 'failed', 'processing', 'done', ''],
  filter_tag: [
    undefined,
    'Water',
    'Water,Rain',
    ' Water , Rain ',
    'Water,,Rain',
    ',',
    '',
    'Lasers',
    'Water,Lasers',
    ['Water', 'Rain'],
    'Water,Whisper,Cutting,Tapping,Crinkle,Brushing,Typing,Rain,Scratching,Soap,Slime,Sand,Pages,Wood,Glass,Fire,Water',
  ],
  tag_match: [undefined, 'any', 'all', 'some'],
  offset: [
    undefined,
    '0',
    '50',
    '007',
    '10000000',
    '10000001',
    '-1',
    '-0',
    '1.5',
    '1e3',
    '',
    'ten',
    '99999999999999999',
  ],
  limit: [undefined, '1', '50', '200', '201', '0', '-5', '020', ''],
  cursor: [undefined, 'abc', '', 'x'.repeat(1024), 'x'.repeat(1025), ['a', 'b']],
};

/** A small deterministic generator, so a failure names a query that can be replayed. */
function* queries(count: number): Generator<Record<string, string | string[]>> {
  // mulberry32
  let state = 12345;
  const next = (n: number) => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
  for (let i = 0; i < count; i++) {
    const q: Record<string, string | string[]> = {};
    for (const [key, values] of Object.entries(VALUES)) {
      // Mostly valid or absent, as clients send them; now and then one odd value.
      const v = values[next(4) === 0 ? next(values.length) : next(Math.min(values.length, 4))];
      if (v !== undefined) q[key] = v;
    }
    if (next(10) === 0) q.unknown = 'kept out';
    yield q;
  }
}

describe('the list query fast path', () => {
  it('accepts only what the schema accepts, with the same value', () => {
    let fast = 0;
    for (const q of queries(5000)) {
      const quick = parseListQueryFast(q);
      if (quick === undefined) continue;
      fast++;
      const schema = ListQuerySchema.safeParse(q);
      expect(schema.success, JSON.stringify(q)).toBe(true);
      expect(quick, JSON.stringify(q)).toEqual(schema.data);
    }
    // About a fifth of the generated queries are valid plain forms: the fast path must take them.
    expect(fast).toBeGreaterThan(500);
  });

  it('takes the plain forms clients send', () => {
    expect(parseListQueryFast({})).toEqual({
      sort: 'date',
      order: 'default',
      tag_match: 'any',
      offset: 0,
      limit: 50,
    });
    expect(
      parseListQueryFast({
        sort: 'title',
        order: 'reversed',
        filter_tag: 'Water,Rain',
        offset: '100',
        limit: '200',
      }),
    ).toEqual({
      sort: 'title',
      order: 'reversed',
      tag_match: 'any',
      filter_tag: ['Water', 'Rain'],
      offset: 100,
      limit: 200,
    });
  });

  it('leaves every input the schema refuses to the schema, whose error is reported', () => {
    for (const q of queries(5000)) {
      if (ListQuerySchema.safeParse(q).success) continue;
      expect(parseListQueryFast(q), JSON.stringify(q)).toBeUndefined();
      expect(validateListQuery(q), JSON.stringify(q)).toHaveProperty('error');
    }
    expect(validateListQuery({ filter_tag: ['Water', 'Rain'] })).toEqual({
      value: ListQuerySchema.parse({ filter_tag: ['Water', 'Rain'] }),
    });
  });
});
