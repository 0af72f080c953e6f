/** The settings rules (pure): next session date per cadence, facilitator rotation. */
import fc from 'fast-check';
import {
  advanceRotation,
  changeRotation,
  ROTATION_MAX,
  nextFacilitator,
  nextSessionDate,
  type CommunitySettings,
} from '../../../src/domain/community';

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

describe('changeRotation', () => {
  type Rotation = CommunitySettings['rotation'];
  const people = fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), { maxLength: 6 });
  const rotationArb = people.chain((facilitators) =>
    fc.record({ facilitators: fc.constant(facilitators), next: fc.nat({ max: 10 }) }),
  );
  const apply = (r: Rotation, change: Parameters<typeof changeRotation>[1]): Rotation => {
    const result = changeRotation(r, change);
    if (!result.ok) throw new Error(result.error.message);
    return result.value;
  };

  it('given any rotation, when people join in any order, then each is in it exactly once and whoever was next stays next', () => {
    fc.assert(
      fc.property(rotationArb, fc.array(fc.constantFrom('a', 'b', 'g', 'h')), (r, joiners) => {
        const after = joiners.reduce<Rotation>(
          (acc, a) => apply(acc, { type: 'join', accountId: a }),
          r,
        );
        for (const a of [...r.facilitators, ...joiners]) {
          expect(after.facilitators.filter((x) => x === a)).toHaveLength(1);
        }
        if (r.facilitators.length > 0) expect(nextFacilitator(after)).toBe(nextFacilitator(r));
      }),
      { numRuns: 1000 },
    );
  });

  it('given any rotation, when someone leaves, then they are gone, the others keep their order, and the turn stays unless it was theirs', () => {
    fc.assert(
      fc.property(rotationArb, fc.constantFrom('a', 'b', 'c', 'z'), (r, a) => {
        const after = apply(r, { type: 'leave', accountId: a });
        expect(after.facilitators).toEqual(r.facilitators.filter((x) => x !== a));
        const was = nextFacilitator(r);
        expect(nextFacilitator(after)).toBe(was === a ? after.facilitators[0] : was);
      }),
      { numRuns: 1000 },
    );
  });

  it('given any rotation, when someone moves up then down, then it is the same rotation unless they were at an end', () => {
    fc.assert(
      fc.property(rotationArb, fc.constantFrom('a', 'b', 'c'), (r, a) => {
        const at = r.facilitators.indexOf(a);
        const up = apply(r, { type: 'move', accountId: a, by: -1 });
        expect([...up.facilitators].sort()).toEqual([...r.facilitators].sort());
        expect(nextFacilitator(up)).toBe(nextFacilitator(r));
        if (at > 0) {
          expect(up.facilitators.indexOf(a)).toBe(at - 1);
          expect(apply(up, { type: 'move', accountId: a, by: 1 }).facilitators).toEqual(
            r.facilitators,
          );
        } else {
          expect(up).toEqual(r);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('given a full rotation, when someone new joins, then it is refused', () => {
    const full = { facilitators: Array.from({ length: ROTATION_MAX }, (_, i) => `p${i}`), next: 0 };
    expect(changeRotation(full, { type: 'join', accountId: 'new' })).toMatchObject({
      ok: false,
      error: { code: 'ROTATION_FULL' },
    });
    expect(changeRotation(full, { type: 'join', accountId: 'p3' })).toEqual({
      ok: true,
      value: full,
    });
  });
});
