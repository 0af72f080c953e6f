/** Measures of success: golden values for a small community, empty cases, and bounds. */
import fc from 'fast-check';
import {
  leastSquaresSlope,
  measuresOfSuccess,
  median,
  memberHistory,
  type Answer,
  type HealthInput,
  type HeldSession,
  type Measure,
  type MeasureId,
  type TopicFacts,
} from '../../../src/domain/community';
import { aSchedule, at } from './builders';

const NOW = at('2027-06-01T12:00:00Z');

function aHeld(overrides: Partial<HeldSession> = {}): HeldSession {
  const date = overrides.date ?? '2027-03-17';
  return {
    id: `s-${date}`,
    date,
    startedAt: at(`${date}T17:00:00Z`),
    kind: 'deep-dive',
    attendees: [],
    takeaways: 0,
    actionItems: [],
    ...overrides,
  };
}

const open = { done: false };
const done = { done: true };

function aTopic(overrides: Partial<TopicFacts> = {}): TopicFacts {
  return {
    id: 'manual:t',
    status: 'proposed',
    createdAt: at('2027-05-01T10:00:00Z'),
    ...overrides,
  };
}

function anAnswer(overrides: Partial<Answer> = {}): Answer {
  return {
    sessionDate: '2027-03-17',
    accountId: 'a',
    response: 'coming',
    answeredAt: 0,
    ...overrides,
  };
}

/** A community that met six times, skipped two dates and held one extra Lean Coffee. */
function aCommunity(overrides: Partial<HealthInput> = {}): HealthInput {
  return {
    now: NOW,
    schedule: aSchedule(), // 1st and 3rd Wednesday, 18:00 Berlin
    sessions: [
      aHeld({
        date: '2027-02-17',
        attendees: ['a', 'b', 'c'],
        facilitator: 'a',
        lead: 'b',
        takeaways: 2,
        actionItems: [done],
      }),
      aHeld({
        date: '2027-03-03',
        kind: 'thirty-five',
        attendees: ['a', 'b', 'c', 'd', 'd'],
        facilitator: 'b',
      }),
      aHeld({
        date: '2027-03-17',
        attendees: ['a', 'b', 'c', 'd', 'e'],
        facilitator: 'c',
        lead: 'd',
        takeaways: 3,
        actionItems: [open, done],
      }),
      aHeld({
        date: '2027-04-07',
        startedAt: at('2027-04-07T16:00:00Z'),
        attendees: ['a', 'c', 'e', 'f'],
        facilitator: 'a',
        lead: 'e',
        takeaways: 4,
        actionItems: [open],
      }),
      aHeld({
        date: '2027-04-14',
        startedAt: at('2027-04-14T16:00:00Z'),
        kind: 'lean-coffee',
        attendees: ['a', 'b', 'f', 'g'],
        facilitator: 'd',
        takeaways: 5,
        actionItems: [open, open],
      }),
      aHeld({
        date: '2027-05-05',
        startedAt: at('2027-05-05T16:00:00Z'),
        attendees: ['a', 'b', 'c', 'd', 'e', 'f'],
        facilitator: 'b',
        lead: 'c',
        takeaways: 2,
      }),
    ],
    answers: [
      anAnswer({ accountId: 'a' }),
      anAnswer({ accountId: 'b' }),
      anAnswer({ accountId: 'e', response: 'not-this-time', reason: 'another-meeting' }),
      anAnswer({ sessionDate: '2027-05-05', accountId: 'a' }),
      anAnswer({ sessionDate: '2027-05-05', accountId: 'g' }),
      anAnswer({
        sessionDate: '2027-05-05',
        accountId: 'c',
        response: 'not-this-time',
        reason: 'too-much-on-my-plate',
      }),
    ],
    topics: [
      aTopic({
        id: 't1',
        status: 'discussed',
        createdAt: at('2027-01-10T10:00:00Z'),
        plannedDate: '2027-02-17',
      }),
      aTopic({
        id: 't2',
        status: 'discussed',
        createdAt: at('2027-02-01T10:00:00Z'),
        plannedDate: '2027-03-17',
      }),
      aTopic({
        id: 't3',
        status: 'discussed',
        createdAt: at('2027-03-20T10:00:00Z'),
        plannedDate: '2027-04-07',
      }),
      aTopic({
        id: 't4',
        status: 'discussed',
        createdAt: at('2027-04-01T10:00:00Z'),
        plannedDate: '2027-05-05',
      }),
      aTopic({ id: 't5', status: 'planned', plannedDate: '2027-06-02' }),
      aTopic({ id: 't6', createdAt: at('2027-03-01T10:00:00Z') }),
      aTopic({ id: 't7', createdAt: at('2027-05-31T23:30:00Z') }), // 1 June in Berlin: 0 days old
      aTopic({ id: 't8', status: 'archived' }),
      aTopic({ id: 't9', status: 'discussed' }), // no date: no wait
    ],
    ...overrides,
  };
}

const byId = (measures: readonly Measure[]) =>
  Object.fromEntries(measures.map((m) => [m.id, m])) as Record<MeasureId, Measure>;

describe('measures of a small community (golden)', () => {
  const m = byId(measuresOfSuccess(aCommunity()));

  it('lists the measures in the page order', () => {
    expect(measuresOfSuccess(aCommunity()).map((x) => x.id)).toEqual([
      'attendance',
      'attendance-trend',
      'answered-vs-attended',
      'distinct-members',
      'sessions-vs-cadence',
      'topics',
      'topic-wait',
      'leaders',
      'takeaways',
    ]);
  });

  it('attendance per session, duplicates counted once, and its mean', () => {
    expect(m.attendance.headline).toEqual({
      value: 4.33,
      unit: 'people per session',
      text: '4.33 people per session on average over the last 6 sessions.',
    });
    expect(m.attendance.rows.map((r) => [r.label, r.values[0]])).toEqual([
      ['2027-02-17 · Deep dive', 3],
      ['2027-03-03 · Thirty Five', 4],
      ['2027-03-17 · Deep dive', 5],
      ['2027-04-07 · Deep dive', 4],
      ['2027-04-14 · Lean Coffee', 4],
      ['2027-05-05 · Deep dive', 6],
    ]);
  });

  it('the trend: slope 0.4 people per session over six sessions is rising, with the fitted line', () => {
    expect(m['attendance-trend'].headline).toEqual({
      value: 0.4,
      unit: 'people per session',
      text: 'Rising: about +0.4 people per session over the last 6 sessions.',
    });
    expect(m['attendance-trend'].rows.map((r) => r.values)).toEqual([
      [3, 3.33],
      [4, 3.73],
      [5, 4.13],
      [4, 4.53],
      [4, 4.93],
      [6, 5.33],
    ]);
  });

  it('answered vs attended: 3 of 4 who said coming came', () => {
    expect(m['answered-vs-attended'].headline.value).toBe(75);
    const rows = Object.fromEntries(m['answered-vs-attended'].rows.map((r) => [r.label, r.values]));
    expect(rows['2027-03-17 · Deep dive']).toEqual([2, 2, 0, 2, 1]);
    expect(rows['2027-05-05 · Deep dive']).toEqual([2, 1, 1, 4, 1]);
    expect(rows['2027-03-03 · Thirty Five']).toEqual([0, 0, 0, 4, 0]);
  });

  it('distinct members in the 90 days before now, and the first-timers among them', () => {
    expect(m['distinct-members'].headline.value).toBe(7);
    expect(m['distinct-members'].rows).toEqual([
      { key: 'window', label: 'Last 90 days', values: [7, 4] },
    ]);
  });

  it('sessions vs cadence: 4 of the 6 due were held, plus one extra, per month', () => {
    expect(m['sessions-vs-cadence'].headline).toEqual({
      value: 66.67,
      unit: 'percent',
      text: '4 of 6 sessions due were held (66.67 %), plus 1 extra.',
    });
    expect(m['sessions-vs-cadence'].rows.map((r) => [r.label, ...r.values])).toEqual([
      ['2027-03', 2, 2, 0],
      ['2027-04', 2, 1, 1],
      ['2027-05', 2, 1, 0],
    ]);
  });

  it('topics discussed vs waiting, and how long they wait (median of an even count is the mean of the middle two)', () => {
    expect(m.topics.rows.map((r) => [r.key, r.values[0]])).toEqual([
      ['discussed', 5],
      ['planned', 1],
      ['proposed', 2],
    ]);
    expect(m['topic-wait'].headline.value).toBe(36);
    expect(m['topic-wait'].rows.map((r) => r.values[0])).toEqual([36, 31, 92]);
  });

  it('different people who led and facilitated in the window', () => {
    expect(m.leaders.rows.map((r) => [r.key, r.values[0]])).toEqual([
      ['led', 3],
      ['facilitated', 4],
      ['either', 5],
    ]);
    expect(m.leaders.headline.text).toBe(
      '5 people led or facilitated in the last 90 days: 3 led a topic, 4 facilitated.',
    );
  });

  it('takeaways in the window and action items still open overall', () => {
    expect(m.takeaways.headline).toEqual({
      value: 4,
      unit: 'items',
      text: '4 action items still open; 14 takeaways in the last 90 days.',
    });
    expect(m.takeaways.rows).toHaveLength(5);
  });

  it('a member’s own history: newest first, their role and answer, and their counts', () => {
    expect(memberHistory('e', aCommunity().sessions, aCommunity().answers)).toEqual({
      accountId: 'e',
      entries: [
        { date: '2027-05-05', kind: 'deep-dive', role: 'attendee' },
        { date: '2027-04-07', kind: 'deep-dive', role: 'lead' },
        {
          date: '2027-03-17',
          kind: 'deep-dive',
          role: 'attendee',
          answer: 'not-this-time',
          reason: 'another-meeting',
        },
      ],
      attended: 3,
      facilitated: 0,
      led: 1,
      saidComing: 0,
      cameAsSaid: 0,
    });
    expect(memberHistory('g', aCommunity().sessions, aCommunity().answers)).toMatchObject({
      entries: [
        { date: '2027-05-05', role: 'absent', answer: 'coming' },
        { date: '2027-04-14', kind: 'lean-coffee', role: 'attendee' },
      ],
      saidComing: 1,
      cameAsSaid: 0,
    });
    expect(memberHistory('a', aCommunity().sessions, [])).toMatchObject({
      attended: 6,
      facilitated: 2,
      led: 0,
    });
  });
});

describe('a community that has not met yet', () => {
  it('given nothing, then every measure says so in words, with no number where there is none', () => {
    const m = byId(
      measuresOfSuccess(
        aCommunity({
          sessions: [],
          answers: [],
          topics: [],
          schedule: aSchedule({ anchorDate: '2027-07-01' }),
        }),
      ),
    );
    expect(m.attendance.headline).toEqual({
      value: null,
      unit: 'people per session',
      text: 'No session held yet.',
    });
    expect(m['attendance-trend'].headline.text).toBe(
      'Not enough sessions for a trend yet (3 needed).',
    );
    expect(m['answered-vs-attended'].headline.value).toBeNull();
    expect(m['sessions-vs-cadence'].headline).toMatchObject({
      value: null,
      text: 'No session was due in the last 90 days.',
    });
    expect(m['topic-wait'].headline).toMatchObject({
      value: null,
      text: 'No topic discussed yet.',
    });
    expect(m['topic-wait'].rows.map((r) => r.values[0])).toEqual([null, null, null]);
    expect(m['distinct-members'].headline.text).toBe(
      '0 people came to at least one session in the last 90 days; 0 of them for the first time.',
    );
  });

  it('given two sessions, then no trend; a flat series is steady, a falling one falling, and the line never goes below 0', () => {
    const trend = (counts: number[]) =>
      byId(
        measuresOfSuccess(
          aCommunity({
            sessions: counts.map((n, i) =>
              aHeld({
                id: `s${i}`,
                date: `2027-05-${String(i + 1).padStart(2, '0')}`,
                attendees: Array.from({ length: n }, (_, k) => `p${k}`),
              }),
            ),
          }),
        ),
      )['attendance-trend'];
    expect(trend([4, 5]).headline.value).toBeNull();
    expect(trend([1, 0, 0]).rows.map((r) => r.values[1])).toEqual([0.83, 0.33, 0]); // not −0.17
    expect(trend([5, 5, 6, 5, 5]).headline.text).toBe(
      'Steady over the last 5 sessions (+0 people per session).',
    );
    expect(trend([9, 8, 6, 5, 3, 2]).headline).toMatchObject({
      value: -1.46,
      text: 'Falling: about −1.46 people per session over the last 6 sessions.',
    });
  });
});

describe('statistics', () => {
  it.each<[number[], number | null]>([
    [[], null],
    [[7], 7],
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
  ])('the median of %j is %p', (values, expected) => {
    expect(median(values)).toBe(expected);
  });

  it.each<[number[], number | null]>([
    [[], null],
    [[5], null],
    [[1, 2, 3], 1],
    [[3, 3, 3], 0],
    [[3, 4, 5, 4, 4, 6], 0.4],
  ])('the least-squares slope of %j is %p', (ys, expected) => {
    const slope = leastSquaresSlope(ys);
    expect(slope === null ? null : Math.round(slope * 1e9) / 1e9).toBe(expected);
  });
});

describe('properties: every measure is bounded', () => {
  const person = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f');
  const day = fc
    .integer({ min: 0, max: 200 })
    .map((d) => new Date(at('2027-01-01T17:00:00Z') + d * 86_400_000));
  const held = fc.record({
    id: fc.constantFrom('s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9'),
    when: day,
    kind: fc.constantFrom<'deep-dive' | 'thirty-five' | 'lean-coffee'>(
      'deep-dive',
      'thirty-five',
      'lean-coffee',
    ),
    attendees: fc.array(person, { maxLength: 8 }),
    facilitator: fc.option(person, { nil: undefined }),
    lead: fc.option(person, { nil: undefined }),
    takeaways: fc.nat({ max: 9 }),
    actionItems: fc.array(
      fc.boolean().map((d) => ({ done: d })),
      { maxLength: 4 },
    ),
  });
  const answer = fc.record({
    sessionDate: day.map((d) => d.toISOString().slice(0, 10)),
    accountId: person,
    response: fc.constantFrom<'coming' | 'not-this-time'>('coming', 'not-this-time'),
    answeredAt: fc.nat({ max: 9 }),
  });
  const topic = fc.record({
    id: fc.string(),
    status: fc.constantFrom<TopicFacts['status']>('proposed', 'planned', 'discussed', 'archived'),
    createdAt: day.map((d) => d.getTime()),
    plannedDate: fc.option(
      day.map((d) => d.toISOString().slice(0, 10)),
      { nil: undefined },
    ),
  });

  it('counts are whole and non-negative, shares lie in 0–100, held ≤ due, medians lie within the data (1,000 runs)', () => {
    fc.assert(
      fc.property(
        fc.array(held, { maxLength: 12 }),
        fc.array(answer, { maxLength: 20 }),
        fc.array(topic, { maxLength: 10 }),
        day,
        (sessions, answers, topics, now) => {
          const input = aCommunity({
            now: now.getTime(),
            sessions: sessions.map(({ when, ...s }) => ({
              ...s,
              date: when.toISOString().slice(0, 10),
              startedAt: when.getTime(),
            })),
            answers,
            topics,
          });
          const measures = measuresOfSuccess(input);
          const m = byId(measures);
          for (const measure of measures) {
            for (const row of measure.rows) {
              expect(row.values).toHaveLength(measure.columns.length);
              for (const v of row.values)
                if (v !== null) expect(Number.isFinite(v) && v >= 0).toBe(true);
            }
            const { value, unit } = measure.headline;
            if (value !== null && unit === 'percent') expect(value >= 0 && value <= 100).toBe(true);
            if (value !== null && measure.id !== 'attendance-trend')
              expect(value).toBeGreaterThanOrEqual(0);
          }
          for (const row of m['sessions-vs-cadence'].rows)
            expect(row.values[1]!).toBeLessThanOrEqual(row.values[0]!);
          for (const row of m['answered-vs-attended'].rows)
            expect(row.values[1]! + row.values[2]!).toBe(row.values[0]);
          const everyone = new Set(input.sessions.flatMap((s) => s.attendees)).size;
          expect(m['distinct-members'].headline.value).toBeLessThanOrEqual(everyone);
          expect(m.attendance.rows.length).toBeLessThanOrEqual(12);
          const [wait, age, oldest] = m['topic-wait'].rows.map((r) => r.values[0]);
          if (age !== null && oldest !== null) expect(age).toBeLessThanOrEqual(oldest!);
          if (wait !== null) expect(wait).toBeGreaterThanOrEqual(0);
          expect(m['attendance-trend'].headline.value === null).toBe(
            m['attendance-trend'].rows.every((r) => r.values[1] === null),
          );
        },
      ),
      { numRuns: 1000 },
    );
  });
});
