/**
 * `densestSecond` (bench/support/screens.ts): the schedule figure the screens bench sets beside
 * every phase's metered busiest second (`scheduledInOneSecond`).
 */
import fc from 'fast-check';
import { densestSecond } from '../../bench/support/screens';

describe('densestSecond', () => {
  it('counts the moments within one second of each other, in any order', () => {
    expect(densestSecond([])).toBe(0);
    expect(densestSecond([5])).toBe(1);
    expect(densestSecond([2500, 0, 999, 3000, 2100, 500])).toBe(3);
  });

  it('puts moments exactly 1,000 ms apart in different seconds', () => {
    expect(densestSecond([0, 1000, 2000])).toBe(1);
    expect(densestSecond([0, 999.9])).toBe(2);
  });

  it('counts everything when all happen at once (the burst)', () => {
    expect(densestSecond(Array.from({ length: 61 }, () => 0))).toBe(61);
  });

  it('equals a count of the moments in the second that starts at each moment', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20_000 }), { maxLength: 80 }), (xs) => {
        const brute = Math.max(
          0,
          ...xs.map((a) => xs.filter((b) => b >= a && b < a + 1000).length),
        );
        expect(densestSecond(xs)).toBe(brute);
      }),
    );
  });
});
