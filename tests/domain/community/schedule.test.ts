/** Cadence → dated sessions: the date table, DST goldens, the old series, validation, properties. */
import fc from 'fast-check';
import {
  daysFromCivil,
  nextSessionDate,
  nextSessionDateAt,
  nextSessions,
  scheduleOf,
  sessionOn,
  sessionsBetween,
  SESSIONS_MAX,
  suggestedCadence,
  validateCadence,
  weekdayInMonth,
  weekdayOf,
  type Cadence,
  type ScheduledSession,
  type WeekOfMonth,
} from '../../../src/domain/community';
import { aCadence, aSchedule, at, ZONES } from './builders';

const dates = (sessions: readonly ScheduledSession[]) => sessions.map((s) => s.date);
const iso = (ms: number) => new Date(ms).toISOString();

describe('which dates a cadence gives', () => {
  // March 2027 has five Wednesdays: 3, 10, 17, 24, 31.
  it.each<[string, Partial<Cadence>, string[]]>([
    ['one a month, 1st', { sessionsPerMonth: 1 }, ['2027-03-03']],
    ['one a month, 2nd', { sessionsPerMonth: 1, weekOfMonth: 2 }, ['2027-03-10']],
    ['one a month, 4th', { sessionsPerMonth: 1, weekOfMonth: 4 }, ['2027-03-24']],
    ['one a month, last', { sessionsPerMonth: 1, weekOfMonth: 'last' }, ['2027-03-31']],
    ['two a month', { sessionsPerMonth: 2 }, ['2027-03-03', '2027-03-17']],
    [
      'two a month (week ignored)',
      { sessionsPerMonth: 2, weekOfMonth: 4 },
      ['2027-03-03', '2027-03-17'],
    ],
    ['three a month', { sessionsPerMonth: 3 }, ['2027-03-03', '2027-03-10', '2027-03-24']],
    [
      'four a month: the 5th is a week off',
      { sessionsPerMonth: 4 },
      ['2027-03-03', '2027-03-10', '2027-03-17', '2027-03-24'],
    ],
  ])('given Wednesdays, %s, when listing March 2027, then %j', (_, overrides, expected) => {
    expect(dates(sessionsBetween(aSchedule(overrides), '2027-03-01', '2027-03-31'))).toEqual(
      expected,
    );
  });

  it.each<[number, number, WeekOfMonth, number]>([
    [2027, 2, 'last', 24], // February 2027: Wednesdays 3, 10, 17, 24
    [2027, 3, 'last', 31],
    [2027, 3, 1, 3],
    [2024, 2, 'last', 28], // leap February: Wednesdays 7 … 28
    [2027, 8, 1, 4],
  ])('the %p-%p Wednesday (%p) is day %p', (year, month, week, day) => {
    expect(weekdayInMonth(year, month, 3, week)).toBe(day);
  });

  it('given an anchor date, when listing, then the series starts on it', () => {
    const schedule = aSchedule({ anchorDate: '2027-03-11' });
    expect(dates(sessionsBetween(schedule, '2027-03-01', '2027-04-30'))).toEqual([
      '2027-03-17',
      '2027-04-07',
      '2027-04-21',
    ]);
  });

  it('given a weekday cadence, when asking the next session date, then it is the first on or after today', () => {
    expect(nextSessionDate(aCadence(), '2027-03-04')).toBe('2027-03-17');
    expect(nextSessionDate(aCadence(), '2027-03-17')).toBe('2027-03-17');
    expect(nextSessionDate(aCadence(), '2027-13-01')).toBeUndefined();
    expect(nextSessionDate(aCadence({ timeZone: 'Mars/Base' }), '2027-03-01')).toBeUndefined();
  });

  it('given a session day, when asking the next session date at an instant, then a session that has ended is not next, one under way is', () => {
    // 17 March 2027, 18:00–19:30 in Berlin (UTC+1): 17:00–18:30 UTC.
    expect(nextSessionDateAt(aCadence(), at('2027-03-17T08:00:00Z'))).toBe('2027-03-17');
    expect(nextSessionDateAt(aCadence(), at('2027-03-17T18:00:00Z'))).toBe('2027-03-17');
    expect(nextSessionDateAt(aCadence(), at('2027-03-17T18:30:00Z'))).toBe('2027-04-07');
    expect(nextSessionDateAt(aCadence({ timeZone: 'Mars/Base' }), at('2027-03-01T00:00:00Z'))).toBe(
      undefined,
    );
  });

  it('given a date, when asking for its session, then only a session date has one', () => {
    const schedule = aSchedule();
    expect(sessionOn(schedule, '2027-03-17')).toMatchObject({ date: '2027-03-17', time: '18:00' });
    expect(sessionOn(schedule, '2027-03-18')).toBeUndefined();
    expect(sessionOn(schedule, 'soon')).toBeUndefined();
    expect(sessionsBetween(schedule, '2027-04-01', '2027-03-01')).toEqual([]);
  });
});

describe('sessions around daylight-saving changes (golden)', () => {
  const starts = (sessions: readonly ScheduledSession[]) =>
    sessions.map((s) => [s.date, s.time, iso(s.startsAt), s.dst]);

  it('Europe/Berlin spring 2027: the last Sunday at 02:30 does not exist on 28 March and moves to 03:30', () => {
    const schedule = aSchedule({
      sessionsPerMonth: 1,
      weekOfMonth: 'last',
      weekday: 7,
      startTime: '02:30',
    });
    expect(starts(nextSessions(schedule, at('2027-02-01T00:00:00Z'), 3))).toEqual([
      ['2027-02-28', '02:30', '2027-02-28T01:30:00.000Z', 'exact'],
      ['2027-03-28', '03:30', '2027-03-28T01:30:00.000Z', 'gap'],
      ['2027-04-25', '02:30', '2027-04-25T00:30:00.000Z', 'exact'],
    ]);
  });

  it('Europe/Berlin autumn 2027: the last Sunday at 02:30 happens twice on 31 October; the first is taken', () => {
    const schedule = aSchedule({
      sessionsPerMonth: 1,
      weekOfMonth: 'last',
      weekday: 7,
      startTime: '02:30',
    });
    expect(starts(nextSessions(schedule, at('2027-10-01T00:00:00Z'), 2))).toEqual([
      ['2027-10-31', '02:30', '2027-10-31T00:30:00.000Z', 'overlap'],
      ['2027-11-28', '02:30', '2027-11-28T01:30:00.000Z', 'exact'],
    ]);
  });

  it('Europe/Berlin: a weekly Wednesday 18:00 stays 18:00 local while UTC moves an hour', () => {
    const schedule = aSchedule({ sessionsPerMonth: 4 });
    const sessions = nextSessions(schedule, at('2027-03-20T00:00:00Z'), 2);
    expect(starts(sessions)).toEqual([
      ['2027-03-24', '18:00', '2027-03-24T17:00:00.000Z', 'exact'],
      ['2027-04-07', '18:00', '2027-04-07T16:00:00.000Z', 'exact'],
    ]);
    expect(sessions[0]!.endsAt - sessions[0]!.startsAt).toBe(90 * 60_000);
  });

  it('America/New_York 2027: 2nd Sunday of March at 02:30 moves to 03:30 EDT; 1st Sunday of November 01:30 is the EDT one', () => {
    const spring = aSchedule({
      timeZone: 'America/New_York',
      sessionsPerMonth: 1,
      weekOfMonth: 2,
      weekday: 7,
      startTime: '02:30',
    });
    expect(starts(nextSessions(spring, at('2027-03-01T00:00:00Z'), 1))).toEqual([
      ['2027-03-14', '03:30', '2027-03-14T07:30:00.000Z', 'gap'],
    ]);
    const autumn = aSchedule({
      timeZone: 'America/New_York',
      sessionsPerMonth: 1,
      weekday: 7,
      startTime: '01:30',
    });
    expect(starts(nextSessions(autumn, at('2027-10-15T00:00:00Z'), 2))).toEqual([
      ['2027-11-07', '01:30', '2027-11-07T05:30:00.000Z', 'overlap'],
      ['2027-12-05', '01:30', '2027-12-05T06:30:00.000Z', 'exact'],
    ]);
  });

  it('Australia/Sydney 2027 (southern hemisphere): DST ends in April (overlap) and starts in October (gap)', () => {
    const schedule = aSchedule({
      timeZone: 'Australia/Sydney',
      sessionsPerMonth: 1,
      weekday: 7,
      startTime: '02:30',
    });
    expect(starts(nextSessions(schedule, at('2027-03-15T00:00:00Z'), 2))).toEqual([
      ['2027-04-04', '02:30', '2027-04-03T15:30:00.000Z', 'overlap'],
      ['2027-05-02', '02:30', '2027-05-01T16:30:00.000Z', 'exact'],
    ]);
    expect(starts(nextSessions(schedule, at('2027-09-15T00:00:00Z'), 2))).toEqual([
      ['2027-10-03', '03:30', '2027-10-02T16:30:00.000Z', 'gap'],
      ['2027-11-07', '02:30', '2027-11-06T15:30:00.000Z', 'exact'],
    ]);
  });

  it('Asia/Kolkata (no DST): the same UTC time all year', () => {
    const schedule = aSchedule({
      timeZone: 'Asia/Kolkata',
      sessionsPerMonth: 1,
      weekday: 7,
      startTime: '18:00',
    });
    const sessions = nextSessions(schedule, at('2027-01-01T00:00:00Z'), 12);
    expect(new Set(sessions.map((s) => iso(s.startsAt).slice(11)))).toEqual(
      new Set(['12:30:00.000Z']),
    );
    expect(sessions.every((s) => s.dst === 'exact')).toBe(true);
  });
});

describe('the next sessions from an instant', () => {
  it('given a session under way, when listing, then it comes first; once ended, it does not', () => {
    const schedule = aSchedule();
    const start = at('2027-03-17T17:00:00Z');
    expect(nextSessions(schedule, start + 89 * 60_000, 1)[0]?.date).toBe('2027-03-17');
    expect(nextSessions(schedule, start + 90 * 60_000, 1)[0]?.date).toBe('2027-04-07');
  });

  it('given a late-evening session that runs past midnight UTC, when asked after midnight, then it is still listed', () => {
    const schedule = aSchedule({
      timeZone: 'America/New_York',
      startTime: '23:30',
      durationMinutes: 120,
    });
    const from = at('2027-03-18T04:00:00Z'); // 00:00 EDT on 18 March; the 17 March session runs until 01:30
    expect(nextSessions(schedule, from, 1)[0]).toMatchObject({ date: '2027-03-17', time: '23:30' });
  });

  it('given a count of zero, a negative count or a huge one, then none, none, and at most SESSIONS_MAX', () => {
    const schedule = aSchedule({ sessionsPerMonth: 4 });
    expect(nextSessions(schedule, 0, 0)).toEqual([]);
    expect(nextSessions(schedule, 0, -3)).toEqual([]);
    expect(nextSessions(schedule, at('2027-01-01T00:00:00Z'), 10_000)).toHaveLength(SESSIONS_MAX);
    expect(sessionsBetween(schedule, '2027-01-01', '2099-12-31')).toHaveLength(SESSIONS_MAX);
  });
});

describe('settings stored before the calendar (sessionsPerMonth + anchorDate only)', () => {
  it('given two a month through 2026-11-04, then every 14 days at 12:00 UTC for an hour, as before', () => {
    const schedule = scheduleOf({ sessionsPerMonth: 2, anchorDate: '2026-11-04' });
    expect(schedule).toEqual({
      ok: true,
      value: {
        rule: { kind: 'every-n-days', anchorDate: '2026-11-04', everyDays: 14 },
        startTime: { hour: 12, minute: 0 },
        durationMinutes: 60,
        timeZone: 'UTC',
      },
    });
    const sessions = nextSessions(
      schedule.ok ? schedule.value : (undefined as never),
      at('2026-11-24T00:00:00Z'),
      2,
    );
    expect(sessions.map((s) => [s.date, iso(s.startsAt)])).toEqual([
      ['2026-12-02', '2026-12-02T12:00:00.000Z'],
      ['2026-12-16', '2026-12-16T12:00:00.000Z'],
    ]);
  });

  it('given one a month on the 31st, then the last day of shorter months', () => {
    const schedule = scheduleOf({
      sessionsPerMonth: 1,
      anchorDate: '2026-01-31',
      timeZone: 'Europe/Berlin',
    });
    if (!schedule.ok) throw new Error('refused');
    expect(dates(sessionsBetween(schedule.value, '2027-01-01', '2027-04-30'))).toEqual([
      '2027-01-31',
      '2027-02-28',
      '2027-03-31',
      '2027-04-30',
    ]);
  });

  it('given three a month, then every 10 days, backwards from the anchor too', () => {
    expect(nextSessionDate({ sessionsPerMonth: 3, anchorDate: '2027-01-11' }, '2026-12-25')).toBe(
      '2027-01-01',
    );
  });
});

describe('the cadence a first run offers', () => {
  it.each<[string, string, string, number]>([
    ['a Thursday in Berlin', '2027-03-18T10:00:00Z', '2027-03-18', 4],
    ['late Sunday UTC, already Monday in Sydney', '2027-03-21T20:00:00Z', '2027-03-22', 1],
    ['a Saturday', '2027-03-20T10:00:00Z', '2027-03-20', 3],
  ])(
    'given %s, then twice a month from today on that weekday (Wednesday at weekends)',
    (_, now, today, weekday) => {
      const zone = now.startsWith('2027-03-21') ? 'Australia/Sydney' : 'Europe/Berlin';
      const cadence = suggestedCadence(at(now), zone);
      expect(cadence).toEqual({
        ok: true,
        value: {
          sessionsPerMonth: 2,
          anchorDate: today,
          weekday,
          startTime: '12:00',
          durationMinutes: 60,
          timeZone: zone,
        },
      });
      expect(cadence.ok && validateCadence(cadence.value)).toEqual(cadence);
    },
  );

  it('given an unknown zone, then UNKNOWN_TIME_ZONE', () => {
    expect(suggestedCadence(0, 'Nowhere/Land')).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_TIME_ZONE' },
    });
  });
});

describe('validating a cadence', () => {
  it.each<[string, Partial<Cadence>, string]>([
    ['five a month', { sessionsPerMonth: 5 as 4 }, 'INVALID_CADENCE'],
    ['a bad anchor', { anchorDate: '2027-02-30' }, 'INVALID_CADENCE'],
    ['weekday 0', { weekday: 0 as 1 }, 'INVALID_CADENCE'],
    ['weekday 1.5', { weekday: 1.5 as 1 }, 'INVALID_CADENCE'],
    ['a 5th week', { weekOfMonth: 5 as 4 }, 'INVALID_CADENCE'],
    ['time 24:00', { startTime: '24:00' }, 'INVALID_CADENCE'],
    ['10 minutes', { durationMinutes: 10 }, 'INVALID_CADENCE'],
    ['481 minutes', { durationMinutes: 481 }, 'INVALID_CADENCE'],
    ['90.5 minutes', { durationMinutes: 90.5 }, 'INVALID_CADENCE'],
    ['an unknown zone', { timeZone: 'Europe/Atlantis' }, 'UNKNOWN_TIME_ZONE'],
  ])('given %s, then %s and no schedule', (_, overrides, code) => {
    expect(validateCadence(aCadence(overrides))).toMatchObject({ ok: false, error: { code } });
    expect(scheduleOf(aCadence(overrides))).toMatchObject({ ok: false, error: { code } });
  });

  it('given a zone in other letter case, then it is stored as the runtime spells it', () => {
    expect(validateCadence(aCadence({ timeZone: 'europe/berlin' }))).toMatchObject({
      ok: true,
      value: { timeZone: 'Europe/Berlin' },
    });
  });
});

describe('properties of the calendar', () => {
  const cadence = fc.record({
    sessionsPerMonth: fc.constantFrom<1 | 2 | 3 | 4>(1, 2, 3, 4),
    weekday: fc.constantFrom<1 | 2 | 3 | 4 | 5 | 6 | 7>(1, 2, 3, 4, 5, 6, 7),
    weekOfMonth: fc.constantFrom<WeekOfMonth>(1, 2, 3, 4, 'last'),
    startTime: fc
      .tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45))
      .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`),
    durationMinutes: fc.integer({ min: 15, max: 480 }),
    timeZone: fc.constantFrom(...ZONES),
    anchorDate: fc
      .integer({
        min: daysFromCivil({ year: 2025, month: 1, day: 1 }),
        max: daysFromCivil({ year: 2030, month: 1, day: 1 }),
      })
      .map((d) => new Date(d * 86_400_000).toISOString().slice(0, 10)),
  });
  const from = fc.integer({ min: at('2025-01-01T00:00:00Z'), max: at('2031-01-01T00:00:00Z') });

  it('the K next sessions fall on the weekday, on or after the first date, strictly increase and have not ended (1,000 runs)', () => {
    fc.assert(
      fc.property(cadence, from, fc.integer({ min: 1, max: 30 }), (c, t, k) => {
        const schedule = aSchedule(c);
        const sessions = nextSessions(schedule, t, k);
        // Plain checks (not one expect each): this runs ~15,000 sessions.
        return (
          sessions.length === k &&
          sessions.every((s, i) => {
            const previous = sessions[i - 1];
            return (
              weekdayOf(s.date) === c.weekday &&
              s.date >= c.anchorDate &&
              s.endsAt > t &&
              s.endsAt - s.startsAt === c.durationMinutes * 60_000 &&
              (previous === undefined || (s.date > previous.date && s.startsAt > previous.startsAt))
            );
          })
        );
      }),
      { numRuns: 1000 },
    );
  });

  it('every whole month after the first date holds exactly the cadence’s number of sessions (500 runs)', () => {
    fc.assert(
      fc.property(cadence, fc.integer({ min: 0, max: 36 }), (c, monthsLater) => {
        const schedule = aSchedule({ ...c, anchorDate: '2025-01-01' });
        const month = (monthsLater % 12) + 1;
        const year = 2025 + Math.floor(monthsLater / 12);
        const first = `${year}-${String(month).padStart(2, '0')}-01`;
        const last = `${year}-${String(month).padStart(2, '0')}-${new Date(Date.UTC(year, month, 0)).getUTCDate()}`;
        expect(sessionsBetween(schedule, first, last)).toHaveLength(c.sessionsPerMonth);
      }),
      { numRuns: 500 },
    );
  });

  it('a session listed from an instant is the same session as on its date (500 runs)', () => {
    fc.assert(
      fc.property(cadence, from, (c, t) => {
        const schedule = aSchedule(c);
        const [next] = nextSessions(schedule, t, 1);
        expect(next).toBeDefined();
        expect(sessionOn(schedule, next!.date)).toEqual(next);
      }),
      { numRuns: 500 },
    );
  });
});
