/** A session's day and hours as the Sessions page and the invitation page write them. */
import { sessionWhen } from '../../../src/domain/community';

const MIN = 60_000;
const span = (startsAt: number, minutes: number) => ({
  startsAt,
  endsAt: startsAt + minutes * MIN,
});

describe('sessionWhen', () => {
  it('given a winter evening in Berlin, then the short form (the default) and the long form give its day and hours there', () => {
    const s = span(Date.UTC(2026, 11, 2, 17, 0), 90);
    expect(sessionWhen(s, 'Europe/Berlin')).toBe('Wed, 2 Dec 2026, 18:00–19:30');
    expect(sessionWhen(s, 'Europe/Berlin', 'short')).toBe('Wed, 2 Dec 2026, 18:00–19:30');
    expect(sessionWhen(s, 'Europe/Berlin', 'long')).toBe('Wednesday, 2 December 2026, 18:00–19:30');
  });

  it('given summer time, then the hours follow the zone’s offset of that day', () => {
    expect(sessionWhen(span(Date.UTC(2026, 6, 1, 16, 0), 60), 'Europe/Berlin')).toBe(
      'Wed, 1 Jul 2026, 18:00–19:00',
    );
  });

  it('given a zone already on the next day, then the day is the zone’s, not UTC’s', () => {
    expect(sessionWhen(span(Date.UTC(2026, 11, 2, 22, 0), 60), 'Pacific/Auckland', 'long')).toBe(
      'Thursday, 3 December 2026, 11:00–12:00',
    );
  });

  it('given a session past midnight, then the clock reads 00:30 on the next day, never 24:30', () => {
    expect(sessionWhen(span(Date.UTC(2026, 11, 2, 23, 30), 30), 'Europe/Berlin')).toBe(
      'Thu, 3 Dec 2026, 00:30–01:00',
    );
  });
});
