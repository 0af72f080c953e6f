import fc from 'fast-check';
import {
  isSameSplit,
  latestRecord,
  lockedSplit,
  validateSplit,
  type SplitRecord,
} from '../../../src/domain/thirty-five/split';

const RUNS = { numRuns: 1000 };

const record = (kind: SplitRecord['kind'], x: number, at = 1): SplitRecord => ({
  kind,
  points: { c1: x, c2: 7 - x },
  at,
});

describe('split rules', () => {
  it('accepts exactly the whole-number splits 0..P that sum to P', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: -3, max: 23 }),
        fc.integer({ min: -3, max: 23 }),
        (total, x, y) => {
          const result = validateSplit({ c1: x, c2: y }, ['c1', 'c2'], total);
          const isValid = x >= 0 && y >= 0 && x + y === total;
          return result.ok === isValid;
        },
      ),
      RUNS,
    );
  });

  it('a locked split is the confirmed numbers and sums to P, in any fold order', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 7 }), (x, y) => {
        const proposal = record('proposed', x);
        const confirmation = record('confirmed', y);
        const lock = lockedSplit(proposal, confirmation);
        expect(lockedSplit(confirmation, proposal)).toEqual(lock);
        if (x === y) {
          expect(lock).toEqual({ c1: x, c2: 7 - x });
          expect(Object.values(lock ?? {}).reduce((s, v) => s + v, 0)).toBe(7);
        } else {
          expect(lock).toBeNull();
        }
      }),
      RUNS,
    );
  });

  it('does not lock two proposals, even with the same numbers, nor a lone record', () => {
    expect(lockedSplit(record('proposed', 3), record('proposed', 3))).toBeNull();
    expect(lockedSplit(record('confirmed', 3), undefined)).toBeNull();
  });

  it('keeps the later record, and on equal times the same one whatever the order', () => {
    const early = record('proposed', 2, 1);
    const late = record('proposed', 5, 2);
    expect(latestRecord(early, late)).toBe(late);
    expect(latestRecord(late, early)).toBe(late);
    const x = record('proposed', 2, 3);
    const y = record('confirmed', 2, 3);
    expect(latestRecord(x, y)).toBe(latestRecord(y, x));
  });

  it('compares splits card by card', () => {
    expect(isSameSplit({ c1: 3, c2: 4 }, { c2: 4, c1: 3 })).toBe(true);
    expect(isSameSplit({ c1: 3, c2: 4 }, { c1: 4, c2: 3 })).toBe(false);
    expect(isSameSplit({ c1: 7 }, { c1: 7, c2: 0 })).toBe(false);
  });
});
