/**
 * A session's day and hours as people read them, in a given IANA zone: the Sessions page shows
 * `Wed, 2 Dec 2026, 18:00–19:30` (`short`), the invitation page
 * `Wednesday, 2 December 2026, 18:00–19:30` (`long`). Always British English and a 24-hour clock,
 * whatever the viewer's locale, so that the page and the invitation read alike. Pure: ECMA-402
 * formatting of the two instants, nothing else.
 */

/** The instants a session starts and ends (epoch ms). */
export interface SessionSpan {
  readonly startsAt: number;
  readonly endsAt: number;
}

/** The session's day (weekday, day, month, year) and its start–end hours in `timeZone`. */
export function sessionWhen(
  span: SessionSpan,
  timeZone: string,
  length: 'short' | 'long' = 'short',
): string {
  const day = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: length,
    day: 'numeric',
    month: length,
    year: 'numeric',
  }).format(span.startsAt);
  const time = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  return `${day}, ${time.format(span.startsAt)}–${time.format(span.endsAt)}`;
}
