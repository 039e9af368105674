import { describe, expect, it } from 'vitest';
import { decideRange, type RangeDecision } from './http-range';

const part = (start: number, end: number): RangeDecision => ({ kind: 'partial', start, end });
const FULL: RangeDecision = { kind: 'full' };
const UNSATISFIABLE: RangeDecision = { kind: 'unsatisfiable' };

describe('decideRange (RFC 9110 §14)', () => {
  // The examples of §14.1.2, on a 10000-byte representation.
  it.each([
    ['bytes=0-499', part(0, 499)],
    ['bytes=500-999', part(500, 999)],
    ['bytes=-500', part(9500, 9999)],
    ['bytes=9500-', part(9500, 9999)],
    ['bytes=0-0', part(0, 0)],
    ['bytes=-1', part(9999, 9999)],
  ])('§14.1.2 example %s', (header, expected) => {
    expect(decideRange(header, 10_000)).toEqual(expected);
  });

  it.each([
    // §14.1.1: a last-pos beyond the end means up to the end; a suffix longer than the
    // representation selects all of it.
    ['bytes=90-500', part(90, 99)],
    ['bytes=-500', part(0, 99)],
    // §14.1.1: last-pos < first-pos is invalid; §14.2: an invalid Range is ignored → the whole file.
    ['bytes=5-3', FULL],
    ['bytes=-', FULL],
    ['bytes=a-b', FULL],
    // §14.2: a server may ignore a range unit it does not support.
    ['items=0-1', FULL],
    // Several ranges: this code answers the whole file (§14.2 allows ignoring Range).
    ['bytes=0-1,5-6', FULL],
    // Numbers past what can be represented exactly are not trusted.
    ['bytes=99999999999999999999-', FULL],
    ['bytes=-99999999999999999999', FULL],
    // §14.1.1: a first-pos at or past the end, or a zero suffix, is unsatisfiable (→ 416).
    ['bytes=100-', UNSATISFIABLE],
    ['bytes=100-200', UNSATISFIABLE],
    ['bytes=-0', UNSATISFIABLE],
    // The unit is case-insensitive and optional whitespace around `=` is tolerated.
    ['Bytes = 2-', part(2, 99)],
  ])('%s on 100 bytes → %j', (header, expected) => {
    expect(decideRange(header, 100)).toEqual(expected);
  });

  it('answers the whole file without a Range header, and nothing is satisfiable in an empty one', () => {
    expect(decideRange(undefined, 100)).toEqual(FULL);
    expect(decideRange('bytes=0-', 0)).toEqual(UNSATISFIABLE);
    expect(decideRange('bytes=-5', 0)).toEqual(UNSATISFIABLE);
  });
});
