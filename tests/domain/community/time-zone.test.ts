/** Civil dates and time zones without `Date`: golden values around DST changes, and properties. */
import fc from 'fast-check';
import {
  addDays,
  civilFromDays,
  daysBetween,
  daysFromCivil,
  formatIsoDate,
  fromLocal,
  isTimeZone,
  localDateOf,
  offsetAt,
  parseIsoDate,
  parseLocalTime,
  toLocal,
  utcDateTimeOf,
  validateTimeZone,
  weekdayOf,
} from '../../../src/domain/community';
import { at, ZONES } from './builders';

const DAY = 86_400_000;
const MIN = 60_000;

describe('civil calendar', () => {
  it('given day numbers, then they match the proleptic Gregorian calendar for years 1000–9999 (checked against Date, 2,000 runs)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -354_285, max: 2_932_896 }), (days) => {
        const date = civilFromDays(days);
        const iso = new Date(days * DAY).toISOString().slice(0, 10);
        expect(formatIsoDate(date)).toBe(iso);
        expect(daysFromCivil(date)).toBe(days);
        expect(weekdayOf(formatIsoDate(date))).toBe(
          ((new Date(days * DAY).getUTCDay() + 6) % 7) + 1,
        );
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    ['2024-02-28', 1, '2024-02-29'],
    ['2023-02-28', 1, '2023-03-01'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2000-03-01', -1, '2000-02-29'],
    ['1900-03-01', -1, '1900-02-28'],
  ])('given %s, when adding %p day, then %s', (date, n, expected) => {
    expect(addDays(date, n)).toBe(expected);
    expect(daysBetween(date, expected)).toBe(n);
  });

  it('given an instant, when read as UTC, then the date and time are those of Date', () => {
    expect(utcDateTimeOf(at('2027-03-28T01:30:59.999Z'))).toEqual({
      year: 2027,
      month: 3,
      day: 28,
      hour: 1,
      minute: 30,
      second: 59,
    });
    expect(utcDateTimeOf(-1)).toMatchObject({
      year: 1969,
      month: 12,
      day: 31,
      hour: 23,
      second: 59,
    });
  });

  it.each(['2023-02-29', '2026-13-01', '2026-1-5', 'x'])('given %s, then it is not a date', (v) => {
    expect(parseIsoDate(v)).toBeUndefined();
    expect(() => addDays(v, 1)).toThrow('Not a date');
  });

  it.each([
    ['00:00', { hour: 0, minute: 0 }],
    ['23:59', { hour: 23, minute: 59 }],
    ['24:00', undefined],
    ['7:30', undefined],
    ['12:60', undefined],
    ['12:30:00', undefined],
  ])('given the time %s, then it reads as %j', (text, expected) => {
    expect(parseLocalTime(text)).toEqual(expected);
  });
});

describe('time zone names', () => {
  it.each([
    ['Europe/Berlin', 'Europe/Berlin'],
    ['europe/berlin', 'Europe/Berlin'],
    ['Asia/Kolkata', 'Asia/Kolkata'],
    ['UTC', 'UTC'],
    ['America/Argentina/Buenos_Aires', 'America/Argentina/Buenos_Aires'],
    ['Etc/GMT+5', 'Etc/GMT+5'],
  ])('given %s, when validated, then it is kept as %s', (name, expected) => {
    expect(validateTimeZone(name)).toEqual({ ok: true, value: expected });
  });

  it.each([
    'Mars/Base',
    '+01:00',
    '',
    'Europe/Berlin\nX-INJECT:1',
    'A/B/C/D',
    `Europe/${'x'.repeat(60)}`,
  ])('given %j, when validated, then UNKNOWN_TIME_ZONE', (name) => {
    expect(validateTimeZone(name)).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_TIME_ZONE' },
    });
    expect(isTimeZone(name)).toBe(false);
  });
});

describe('wall time ↔ instant, golden values around daylight-saving changes', () => {
  const local = (date: string, time: string) => {
    const d = parseIsoDate(date);
    const t = parseLocalTime(time);
    if (d === undefined || t === undefined) throw new Error('bad input');
    return [d, t] as const;
  };

  it.each<[string, string, string, string, string]>([
    // Europe/Berlin 2027: CET→CEST on Sunday 28 March at 02:00, CEST→CET on Sunday 31 October at 03:00.
    ['Europe/Berlin', '2027-03-27', '02:30', '2027-03-27T01:30:00Z', 'exact'],
    ['Europe/Berlin', '2027-03-28', '02:30', '2027-03-28T01:30:00Z', 'gap'], // shows 03:30 CEST
    ['Europe/Berlin', '2027-03-28', '03:00', '2027-03-28T01:00:00Z', 'exact'],
    ['Europe/Berlin', '2027-03-28', '01:59', '2027-03-28T00:59:00Z', 'exact'],
    ['Europe/Berlin', '2027-10-31', '02:30', '2027-10-31T00:30:00Z', 'overlap'], // first: CEST
    ['Europe/Berlin', '2027-10-31', '03:00', '2027-10-31T02:00:00Z', 'exact'],
    ['Europe/Berlin', '2027-11-01', '18:00', '2027-11-01T17:00:00Z', 'exact'],
    // America/New_York 2027: EST→EDT on 14 March at 02:00, EDT→EST on 7 November at 02:00.
    ['America/New_York', '2027-03-14', '02:30', '2027-03-14T07:30:00Z', 'gap'], // 03:30 EDT
    ['America/New_York', '2027-11-07', '01:30', '2027-11-07T05:30:00Z', 'overlap'], // 01:30 EDT
    ['America/New_York', '2027-11-07', '12:00', '2027-11-07T17:00:00Z', 'exact'],
    // Australia/Sydney 2027 (southern hemisphere): AEDT→AEST on 4 April at 03:00, back on 3 October.
    ['Australia/Sydney', '2027-04-04', '02:30', '2027-04-03T15:30:00Z', 'overlap'], // 02:30 AEDT
    ['Australia/Sydney', '2027-10-03', '02:30', '2027-10-02T16:30:00Z', 'gap'], // 03:30 AEDT
    ['Australia/Sydney', '2027-07-01', '12:00', '2027-07-01T02:00:00Z', 'exact'],
    ['Australia/Sydney', '2027-01-15', '12:00', '2027-01-15T01:00:00Z', 'exact'],
    // Asia/Kolkata: +05:30 all year, no DST.
    ['Asia/Kolkata', '2027-03-28', '02:30', '2027-03-27T21:00:00Z', 'exact'],
    ['Asia/Kolkata', '2027-10-31', '18:00', '2027-10-31T12:30:00Z', 'exact'],
    // Australia/Lord_Howe: a 30-minute change (02:00 → 02:30 on 3 October 2027).
    ['Australia/Lord_Howe', '2027-10-03', '02:15', '2027-10-02T15:45:00Z', 'gap'],
  ])('%s %s %s is %s (%s)', (zone, date, time, instant, kind) => {
    expect(fromLocal(zone, ...local(date, time))).toEqual({ epochMs: at(instant), kind });
  });

  it('given a start in the Berlin spring-forward gap, then the clock shows it an hour later', () => {
    const { epochMs } = fromLocal('Europe/Berlin', ...local('2027-03-28', '02:30'));
    expect(toLocal('Europe/Berlin', epochMs)).toEqual({
      date: '2027-03-28',
      time: '03:30',
      offsetMinutes: 120,
    });
  });

  it.each<[string, string, number]>([
    ['Europe/Berlin', '2027-01-15T12:00:00Z', 60],
    ['Europe/Berlin', '2027-07-15T12:00:00Z', 120],
    ['America/New_York', '2027-01-15T12:00:00Z', -300],
    ['Australia/Sydney', '2027-01-15T12:00:00Z', 660],
    ['Australia/Sydney', '2027-07-15T12:00:00Z', 600],
    ['Asia/Kolkata', '2027-01-15T12:00:00Z', 330],
    ['Asia/Kolkata', '2027-07-15T12:00:00Z', 330],
  ])('%s at %s is UTC%+d minutes', (zone, instant, minutes) => {
    expect(offsetAt(zone, at(instant))).toBe(minutes * MIN);
  });

  it('given an instant just before local midnight, then its local date is that day', () => {
    expect(localDateOf('America/New_York', at('2027-01-16T04:59:59Z'))).toBe('2027-01-15');
    expect(localDateOf('Asia/Kolkata', at('2027-01-15T18:30:00Z'))).toBe('2027-01-16');
  });
});

describe('wall time ↔ instant, properties', () => {
  const zone = fc.constantFrom(...ZONES);
  const instant = fc
    .integer({ min: at('2020-01-01T00:00:00Z') / MIN, max: at('2035-01-01T00:00:00Z') / MIN })
    .map((m) => m * MIN);

  /** Days on which some of ZONES change offset in 2027 (Europe, US, Australia, NZ, Brazil none). */
  const changeDays = [
    '2027-03-14',
    '2027-03-28',
    '2027-04-04',
    '2027-09-26',
    '2027-10-03',
    '2027-10-31',
    '2027-11-07',
  ];
  const dayArb = fc.oneof(
    fc.integer({
      min: daysFromCivil({ year: 2020, month: 1, day: 1 }),
      max: daysFromCivil({ year: 2035, month: 1, day: 1 }),
    }),
    fc.constantFrom(...changeDays.map((d) => daysFromCivil(parseIsoDate(d)!))),
  );

  it('converting a local time to UTC and back is the identity, except in a DST gap, where it moves forward (3,000 runs, gaps and overlaps included)', () => {
    const seen = { exact: 0, gap: 0, overlap: 0 };
    fc.assert(
      fc.property(
        zone,
        dayArb,
        fc.integer({ min: 0, max: 23 }),
        fc.constantFrom(0, 15, 30, 45, 59),
        (z, day, hour, minute) => {
          const date = civilFromDays(day);
          const resolved = fromLocal(z, date, { hour, minute });
          seen[resolved.kind] += 1;
          const back = toLocal(z, resolved.epochMs);
          const wall = day * DAY + hour * 3_600_000 + minute * MIN;
          const backWall =
            daysFromCivil(parseIsoDate(back.date)!) * DAY +
            parseLocalTime(back.time)!.hour * 3_600_000 +
            parseLocalTime(back.time)!.minute * MIN;
          if (resolved.kind === 'gap') {
            expect(backWall).toBeGreaterThan(wall);
            expect(backWall - wall).toBeLessThanOrEqual(2 * 3_600_000);
          } else {
            expect(back.date).toBe(formatIsoDate(date));
            expect(back.time).toBe(
              `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`,
            );
          }
        },
      ),
      { numRuns: 3000 },
    );
    // The property must have met both daylight-saving cases, or it proves nothing about them.
    expect(seen.gap).toBeGreaterThan(0);
    expect(seen.overlap).toBeGreaterThan(0);
  });

  it('converting an instant to local time and back gives the instant, or its first occurrence in an overlap (3,000 runs)', () => {
    fc.assert(
      fc.property(zone, instant, (z, t) => {
        const local = toLocal(z, t);
        const resolved = fromLocal(z, parseIsoDate(local.date)!, parseLocalTime(local.time)!);
        if (resolved.kind === 'overlap') {
          expect(resolved.epochMs).toBeLessThanOrEqual(t);
          expect(toLocal(z, resolved.epochMs).time).toBe(local.time);
        } else {
          expect(resolved).toEqual({ epochMs: t, kind: 'exact' });
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('the offset agrees with the engine’s own formatting of the same instant (1,000 runs)', () => {
    fc.assert(
      fc.property(zone, instant, (z, t) => {
        const shown = new Date(t).toLocaleString('sv-SE', { timeZone: z }).replace(' ', 'T');
        expect(new Date(t + offsetAt(z, t)).toISOString().slice(0, 19)).toBe(shown);
      }),
      { numRuns: 1000 },
    );
  });
});
