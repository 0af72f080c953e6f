/** `.ics` files: golden text, parsed back with ical.js (a real calendar parser), DST, hostile text. */
import ICAL from 'ical.js';
import fc from 'fast-check';
import {
  calendarFile,
  escapeIcsText,
  foldIcsLine,
  icsUtc,
  nextSessions,
  seriesSessions,
  sessionUid,
  type CalendarFileInput,
  type ScheduledSession,
} from '../../../src/domain/community';
import { HOSTILE_STRINGS, HOSTILE_TEXT } from '../../fixtures/hostile-text';
import { aSchedule, at } from './builders';

const STAMP = at('2027-01-10T09:00:00Z');
const PAGE = 'https://example.atlassian.net/wiki/spaces/COP/pages/98305/CoP+home';

function aSession(overrides: Partial<ScheduledSession> = {}): ScheduledSession {
  return {
    date: '2027-03-17',
    time: '18:00',
    plannedTime: '18:00',
    startsAt: at('2027-03-17T17:00:00Z'),
    endsAt: at('2027-03-17T18:30:00Z'),
    dst: 'exact',
    ...overrides,
  };
}

function anInput(overrides: Partial<CalendarFileInput> = {}): CalendarFileInput {
  return {
    communityId: 'cloud-1/COP',
    copName: 'Scrum Master CoP',
    dtstamp: STAMP,
    pageUrl: PAGE,
    sessions: [
      {
        session: aSession(),
        topicTitle: 'Flow metrics',
        leadName: 'Bob Scrum Master',
        facilitatorName: 'Alice Facilitator',
      },
    ],
    ...overrides,
  };
}

function file(input: CalendarFileInput): string {
  const result = calendarFile(input);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

/** The VEVENTs of a file as ical.js reads them. */
function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text) as unknown[]);
  return {
    calendar,
    events: calendar.getAllSubcomponents('vevent').map((vevent) => ({
      vevent,
      event: new ICAL.Event(vevent),
      names: vevent.getAllProperties().map((p) => p.name),
    })),
  };
}

/** What survives of user text in a TEXT value, written independently of the production code. */
function keptText(value: string): string {
  let out = '';
  const units = value;
  for (let i = 0; i < units.length; i += 1) {
    const c = units.charCodeAt(i);
    const isHigh = c >= 0xd800 && c <= 0xdbff;
    const isLow = c >= 0xdc00 && c <= 0xdfff;
    if (isHigh) {
      const next = units.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += units[i]! + units[i + 1]!;
        i += 1;
      }
      continue;
    }
    if (isLow) continue;
    const control = (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f;
    if (!control) out += units[i];
  }
  return out.replace(/\r\n|\r/g, '\n');
}

describe('one session', () => {
  it('given a session, when written, then the file is exactly this (golden)', () => {
    expect(file(anInput()).split('\r\n')).toEqual([
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//CoP Kit//Community calendar//EN',
      'CALSCALE:GREGORIAN',
      'NAME:Scrum Master CoP',
      'X-WR-CALNAME:Scrum Master CoP',
      'BEGIN:VEVENT',
      'UID:2027-03-17.cloud-1.002fCOP@cop-kit',
      'DTSTAMP:20270110T090000Z',
      'DTSTART:20270317T170000Z',
      'DTEND:20270317T183000Z',
      'SUMMARY:Scrum Master CoP: Flow metrics',
      'DESCRIPTION:Topic: Flow metrics\\nLead: Bob Scrum Master\\nFacilitator: Alice',
      '  Facilitator\\nCoP page: https://example.atlassian.net/wiki/spaces/COP/page',
      ' s/98305/CoP+home',
      'URL:https://example.atlassian.net/wiki/spaces/COP/pages/98305/CoP+home',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ]);
  });

  it('given a session, when parsed by ical.js, then the event has the instants, texts and link', () => {
    const { calendar, events } = parse(
      file(anInput({ location: 'Room 4; floor 2, east', sequence: 3 })),
    );
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Scrum Master CoP');
    expect(events).toHaveLength(1);
    const [{ event, vevent }] = events as [(typeof events)[number]];
    expect(event.uid).toBe(sessionUid('cloud-1/COP', '2027-03-17'));
    expect(event.startDate.toUnixTime() * 1000).toBe(at('2027-03-17T17:00:00Z'));
    expect(event.endDate.toUnixTime() * 1000).toBe(at('2027-03-17T18:30:00Z'));
    expect(event.summary).toBe('Scrum Master CoP: Flow metrics');
    expect(event.location).toBe('Room 4; floor 2, east');
    expect(event.sequence).toBe(3);
    expect(event.description).toBe(
      `Topic: Flow metrics\nLead: Bob Scrum Master\nFacilitator: Alice Facilitator\nCoP page: ${PAGE}`,
    );
    expect(vevent.getFirstPropertyValue('url')).toBe(PAGE);
    expect(vevent.getFirstPropertyValue('dtstamp')?.toString()).toBe('2027-01-10T09:00:00Z');
  });

  it('given no topic and no names, then the title says "session" and there is no description', () => {
    const text = file(anInput({ pageUrl: undefined, sessions: [{ session: aSession() }] }));
    const [{ event, names }] = parse(text).events as [ReturnType<typeof parse>['events'][number]];
    expect(event.summary).toBe('Scrum Master CoP session');
    expect(names).toEqual(['uid', 'dtstamp', 'dtstart', 'dtend', 'summary']);
  });

  it.each<[string, Partial<CalendarFileInput>]>([
    ['no session', { sessions: [] }],
    ['an empty community id', { communityId: '' }],
    ['a 201-character community id', { communityId: 'x'.repeat(201) }],
    ['an empty name', { copName: '\u0000\u0001' }],
    ['a javascript: link', { pageUrl: 'javascript:alert(1)' }],
    ['a relative link', { pageUrl: '/wiki/spaces/COP' }],
    ['a link with a line break', { pageUrl: 'https://x.example/a\r\nX-EVIL:1' }],
    ['a link with a space', { pageUrl: 'https://x.example/a b' }],
    ['a link with a quote', { pageUrl: 'https://x.example/"a' }],
    ['a negative sequence', { sequence: -1 }],
    ['a fractional sequence', { sequence: 1.5 }],
    ['two sessions on one date', { sessions: [{ session: aSession() }, { session: aSession() }] }],
  ])('given %s, then INVALID_CALENDAR and no file', (_, overrides) => {
    expect(calendarFile(anInput(overrides))).toMatchObject({
      ok: false,
      error: { code: 'INVALID_CALENDAR' },
    });
  });
});

describe('the series', () => {
  it('given the 1st and 3rd Wednesday in Berlin at 18:00, when the series file is parsed, then 24 events at 18:00 Berlin time, across both DST changes', () => {
    const schedule = aSchedule();
    const sessions = seriesSessions(schedule, at('2027-01-01T00:00:00Z'));
    expect(sessions).toHaveLength(24);
    expect(sessions[0]?.date).toBe('2027-01-06');
    expect(sessions[23]?.date).toBe('2027-12-15');
    const { events } = parse(file(anInput({ sessions: sessions.map((session) => ({ session })) })));
    expect(events).toHaveLength(24);
    const utc = events.map(({ event }) =>
      new Date(event.startDate.toUnixTime() * 1000).toISOString(),
    );
    expect(utc.slice(4, 8)).toEqual([
      '2027-03-03T17:00:00.000Z', // CET
      '2027-03-17T17:00:00.000Z',
      '2027-04-07T16:00:00.000Z', // CEST
      '2027-04-21T16:00:00.000Z',
    ]);
    expect(utc.slice(18, 22)).toEqual([
      '2027-10-06T16:00:00.000Z',
      '2027-10-20T16:00:00.000Z',
      '2027-11-03T17:00:00.000Z', // CET again
      '2027-11-17T17:00:00.000Z',
    ]);
    const berlin = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Berlin',
      timeStyle: 'short',
    });
    expect(
      new Set(events.map(({ event }) => berlin.format(event.startDate.toUnixTime() * 1000))),
    ).toEqual(new Set(['18:00']));
    expect(new Set(events.map(({ event }) => event.uid)).size).toBe(24);
  });

  it('given the last Sunday at 02:30 in Berlin, when parsed, then 28 March 2027 starts at 03:30 CEST and 31 October at the first 02:30', () => {
    const schedule = aSchedule({
      sessionsPerMonth: 1,
      weekOfMonth: 'last',
      weekday: 7,
      startTime: '02:30',
    });
    const sessions = seriesSessions(schedule, at('2027-01-01T00:00:00Z'));
    const { events } = parse(file(anInput({ sessions: sessions.map((session) => ({ session })) })));
    const byDate = new Map(
      events.map(({ event }) => [event.uid.slice(0, 10), event.startDate.toUnixTime() * 1000]),
    );
    expect(byDate.get('2027-03-28')).toBe(at('2027-03-28T01:30:00Z'));
    expect(byDate.get('2027-10-31')).toBe(at('2027-10-31T00:30:00Z'));
  });

  it('given New York, Sydney and Kolkata series, when parsed, then every event starts at the instant the schedule computed', () => {
    for (const timeZone of ['America/New_York', 'Australia/Sydney', 'Asia/Kolkata']) {
      const schedule = aSchedule({ timeZone, sessionsPerMonth: 4, weekday: 7, startTime: '02:30' });
      const sessions = seriesSessions(schedule, at('2027-01-01T00:00:00Z'));
      const { events } = parse(
        file(anInput({ sessions: sessions.map((session) => ({ session })) })),
      );
      expect(events.map(({ event }) => event.startDate.toUnixTime() * 1000)).toEqual(
        sessions.map((s) => s.startsAt),
      );
    }
  });

  it('given an instant late in the year, then the series runs up to the same day twelve months on', () => {
    const sessions = seriesSessions(aSchedule({ sessionsPerMonth: 4 }), at('2027-12-20T00:00:00Z'));
    expect(sessions[0]?.date).toBe('2027-12-22');
    expect(sessions[sessions.length - 1]?.date).toBe('2028-12-13');
  });
});

describe('hostile text', () => {
  it.each(HOSTILE_STRINGS.map((s, i) => [i, s] as const))(
    'given hostile string #%p as name, topic, names, preparation and place, when parsed, then the same properties and the text back',
    (_, hostile) => {
      const text = file(
        anInput({
          copName: `CoP ${hostile}`,
          location: `Room ${hostile}`,
          sessions: [
            {
              session: aSession(),
              topicTitle: `T ${hostile}`,
              leadName: hostile,
              facilitatorName: hostile,
              prepare: hostile,
            },
          ],
        }),
      );
      const { calendar, events } = parse(text);
      expect(calendar.getAllProperties().map((p) => p.name)).toEqual([
        'version',
        'prodid',
        'calscale',
        'name',
        'x-wr-calname',
      ]);
      expect(events).toHaveLength(1);
      const [{ event, names }] = events as [(typeof events)[number]];
      expect(names).toEqual([
        'uid',
        'dtstamp',
        'dtstart',
        'dtend',
        'summary',
        'description',
        'url',
        'location',
      ]);
      expect(event.summary).toBe(keptText(`CoP ${hostile}`.trim() + ': ' + `T ${hostile}`.trim()));
      expect(event.location).toBe(keptText(`Room ${hostile}`.trim()));
      expect(event.description).toContain(keptText(`Lead: ${hostile}`));
      expect(event.startDate.toUnixTime() * 1000).toBe(aSession().startsAt);
      for (const line of text.split('\r\n')) {
        expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
        expect(line).not.toMatch(/[\r\n]/);
      }
    },
  );

  it('given a topic that tries to end the event and add an alarm, then it stays text', () => {
    const attack =
      'x\r\nEND:VEVENT\r\nBEGIN:VALARM\r\nTRIGGER:-PT1M\r\nEND:VALARM\nATTENDEE;X=1:mailto:a@b.c';
    const text = file(anInput({ sessions: [{ session: aSession(), topicTitle: attack }] }));
    const { events } = parse(text);
    expect(events).toHaveLength(1);
    expect(events[0]!.vevent.getAllSubcomponents()).toEqual([]);
    expect(events[0]!.event.summary).toBe(`Scrum Master CoP: ${attack.replace(/\r\n/g, '\n')}`);
    expect(text.match(/^BEGIN:/gm)).toEqual(['BEGIN:', 'BEGIN:']);
  });

  it('escapes the four TEXT specials and drops controls', () => {
    expect(escapeIcsText('a\\b;c,d\ne\r\nf\rg\u0000h\ti')).toBe(
      'a\\\\b\\;c\\,d\\ne\\nf\\ng' + 'h\ti',
    );
    expect(escapeIcsText(HOSTILE_TEXT.loneHighSurrogate)).toBe('xy');
    expect(escapeIcsText(HOSTILE_TEXT.emojiZwj)).toBe(HOSTILE_TEXT.emojiZwj);
  });
});

describe('line folding', () => {
  it('given any text, when folded, then every line has at most 75 octets, starts with a space after the first, and unfolds to the input (1,000 runs)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
        const line = `DESCRIPTION:${escapeIcsText(text)}`;
        const folded = foldIcsLine(line);
        const physical = folded.split('\r\n');
        return (
          physical.every((l) => Buffer.byteLength(l, 'utf8') <= 75) &&
          physical.slice(1).every((l) => l.startsWith(' ') && l.length > 1) &&
          folded.replace(/\r\n /g, '') === line
        );
      }),
      { numRuns: 1000 },
    );
  });

  it('never splits a multi-octet character: 100 euro signs fold on character boundaries', () => {
    const folded = foldIcsLine('SUMMARY:' + '€'.repeat(100));
    expect(folded.split('\r\n').map((l) => Buffer.byteLength(l, 'utf8'))).toEqual([
      74, 73, 73, 73, 19,
    ]);
  });

  it('writes UTC instants in RFC 5545 form', () => {
    expect(icsUtc(at('2027-03-28T01:30:05.999Z'))).toBe('20270328T013005Z');
    expect(nextSessions(aSchedule(), 0, 1)).toHaveLength(1);
  });
});
