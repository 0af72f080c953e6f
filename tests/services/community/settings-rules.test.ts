/** The settings rules (pure): next session date per cadence, facilitator rotation. */
import fc from 'fast-check';
import {
  advanceRotation,
  nextFacilitator,
  nextSessionDate,
  type CommunitySettings,
} from '../../../src/services/settings-rules';

type Cadence = CommunitySettings['cadence'];

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const day = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY;

describe('nextSessionDate', () => {
  it.each<[Cadence, string, string]>([
    [{ sessionsPerMonth: 4, anchorDate: '2026-11-04' }, '2026-11-24', '2026-11-25'],
    [{ sessionsPerMonth: 4, anchorDate: '2026-11-04' }, '2026-11-25', '2026-11-25'],
    [{ sessionsPerMonth: 2, anchorDate: '2026-11-04' }, '2026-11-24', '2026-12-02'],
    [{ sessionsPerMonth: 3, anchorDate: '2026-11-04' }, '2026-11-24', '2026-11-24'],
    [{ sessionsPerMonth: 1, anchorDate: '2026-01-31' }, '2026-02-10', '2026-02-28'],
    [{ sessionsPerMonth: 1, anchorDate: '2026-01-15' }, '2026-12-16', '2027-01-15'],
    [{ sessionsPerMonth: 2, anchorDate: '2027-03-03' }, '2026-11-24', '2026-11-25'],
  ])('given cadence %j, when today is %s, then the next session is %s', (cadence, today, next) => {
    expect(nextSessionDate(cadence, today)).toBe(next);
  });

  it('given an invalid date, when asked, then there is no next date', () => {
    expect(nextSessionDate({ sessionsPerMonth: 2, anchorDate: '2026-02-30' }, '2026-11-24')).toBe(
      undefined,
    );
  });

  it('given any cadence and today, then the next date is today or later, within one interval, and in the series (1,000 runs)', () => {
    const date = fc
      .integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) })
      .map((ms) => iso(ms));
    fc.assert(
      fc.property(
        fc.constantFrom<1 | 2 | 3 | 4>(1, 2, 3, 4),
        date,
        date,
        (n, anchorDate, today) => {
          const next = nextSessionDate({ sessionsPerMonth: n, anchorDate }, today);
          expect(next).toBeDefined();
          const gap = day(next ?? '') - day(today);
          expect(gap).toBeGreaterThanOrEqual(0);
          if (n === 1) {
            expect(gap).toBeLessThanOrEqual(31);
            const wanted = Number(anchorDate.slice(8, 10));
            const got = Number((next ?? '').slice(8, 10));
            expect(got === wanted || got < wanted).toBe(true);
          } else {
            const interval = { 2: 14, 3: 10, 4: 7 }[n];
            expect(gap).toBeLessThan(interval);
            expect((((day(next ?? '') - day(anchorDate)) % interval) + interval) % interval).toBe(
              0,
            );
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('rotation', () => {
  it('given three facilitators, when the turn passes four times, then it wraps around', () => {
    let rotation: CommunitySettings['rotation'] = { facilitators: ['a', 'b', 'c'], next: 0 };
    const turns = [];
    for (let i = 0; i < 4; i += 1) {
      turns.push(nextFacilitator(rotation));
      rotation = advanceRotation(rotation);
    }
    expect(turns).toEqual(['a', 'b', 'c', 'a']);
  });

  it('given an empty rotation, when asked, then nobody is next and passing changes nothing', () => {
    const empty = { facilitators: [], next: 0 };
    expect(nextFacilitator(empty)).toBeUndefined();
    expect(advanceRotation(empty)).toEqual(empty);
  });
});
