/**
 * `.ics` calendar files (RFC 5545) for one session and for the series.
 *
 * The series is written as explicit VEVENTs, one per session of the next 12 months, with start and
 * end in UTC (`DTSTART:20270328T013000Z`), not as an RRULE with a TZID and a generated VTIMEZONE.
 * Why: each session carries its own planned topic, lead and facilitator (an RRULE would need a
 * RECURRENCE-ID override per date for that); the instants are exactly the ones the app computed,
 * DST moves included, whatever time zone database the reader's calendar has; and there is no
 * VTIMEZONE to get wrong (RFC 5545 3.6.5 asks for one per TZID, built from the zone's transitions).
 * The cost: the file covers 12 months, and a later cadence change needs the file again. The reader's
 * calendar still shows every session in its own local time.
 *
 * Each event's UID is `<session date>.<community id>@cop-kit`: stable, so importing the single
 * session's file and the series' file, or a newer series file, updates the same events instead of
 * duplicating them (RFC 5545 3.8.4.7). DTSTAMP is an argument (no clock in the domain). There is no
 * METHOD property: the file is a download, not an iTIP message (3.7.2 ties METHOD to iTIP).
 *
 * Text is escaped as TEXT values (3.3.11): `\` `;` `,` and line breaks become `\\` `\;` `\,` `\n`,
 * control characters and lone surrogates are dropped, so user text can never end a line and start a
 * property of its own. Lines end in CRLF and are folded at 75 octets without splitting a UTF-8
 * sequence (3.1).
 */
import { err, ok, type Result } from '../result';
import { safeUrl } from '../text';
import { utcDateTimeOf } from './civil';
import { nextSessions, SESSIONS_MAX, type Schedule, type ScheduledSession } from './schedule';
import { toLocal } from './time-zone';

export type IcsErrorCode = 'INVALID_CALENDAR';

/** How many months ahead the series file covers. */
export const SERIES_MONTHS = 12;

/** Most octets on one line of the file, CRLF excluded (RFC 5545 3.1). */
export const ICS_LINE_OCTETS = 75;

/** One session with what the invitation says about it (names already resolved to display names). */
export interface SessionEventDetails {
  readonly session: ScheduledSession;
  /** The planned topic's title, if any. */
  readonly topicTitle?: string;
  /** Display names of the lead and the facilitator. */
  readonly leadName?: string;
  readonly facilitatorName?: string;
  /** What to prepare (e.g. the lead's outline or questions). */
  readonly prepare?: string;
}

/** Everything one `.ics` file needs. */
export interface CalendarFileInput {
  /** A stable id of the community (e.g. site + space key), 1–200 characters; part of every UID. */
  readonly communityId: string;
  /** The community's name: the calendar's name and the start of every event's title. */
  readonly copName: string;
  /** DTSTAMP: when the file was made, epoch ms. */
  readonly dtstamp: number;
  /** The CoP page, absolute http(s) URL: each event's URL and the end of its description. */
  readonly pageUrl?: string;
  /** Where people meet (a room, a video link written as text). */
  readonly location?: string;
  /** Bumped by the caller when it changes events it published before (RFC 5545 3.8.7.4). */
  readonly sequence?: number;
  /** At least one session. */
  readonly sessions: readonly SessionEventDetails[];
}

/**
 * The sessions the series file lists: those not ended at `from`, whose local date is before the
 * same day SERIES_MONTHS months later (in the schedule's zone).
 */
export function seriesSessions(schedule: Schedule, from: number): ScheduledSession[] {
  const today = toLocal(schedule.timeZone, from).date;
  const months = Number(today.slice(0, 4)) * 12 + Number(today.slice(5, 7)) - 1 + SERIES_MONTHS;
  const end = `${String(Math.floor(months / 12)).padStart(4, '0')}-${String((months % 12) + 1).padStart(2, '0')}${today.slice(7)}`;
  return nextSessions(schedule, from, SESSIONS_MAX).filter((s) => s.date < end);
}

/* eslint-disable no-control-regex -- dropping control characters is the point */
const NOT_TEXT =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/* eslint-enable no-control-regex */

/**
 * A TEXT value (RFC 5545 3.3.11): controls other than tab and line breaks, and lone surrogates
 * (not encodable in UTF-8), are dropped; `\` `;` `,` are escaped; every line break (CRLF, CR, LF)
 * becomes `\n`.
 */
export function escapeIcsText(text: string): string {
  return text
    .replace(NOT_TEXT, '')
    .replace(/[\\;,]/g, (c) => `\\${c}`)
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** UTF-8 length of one code point. */
const utf8Octets = (codePoint: number): number =>
  codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;

/**
 * Folds one content line (RFC 5545 3.1): at most 75 octets per physical line, continuation lines
 * start with one space (which counts), never splitting a multi-octet character; joined with CRLF.
 */
export function foldIcsLine(line: string): string {
  const lines: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = utf8Octets(ch.codePointAt(0) ?? 0);
    if (octets + size > ICS_LINE_OCTETS) {
      lines.push(current);
      current = ' ';
      octets = 1;
    }
    current += ch;
    octets += size;
  }
  lines.push(current);
  return lines.join('\r\n');
}

/** `YYYYMMDDTHHMMSSZ` of an instant (RFC 5545 3.3.5, form 2: UTC). */
export function icsUtc(epochMs: number): string {
  const t = utcDateTimeOf(epochMs);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(t.year, 4)}${p(t.month)}${p(t.day)}T${p(t.hour)}${p(t.minute)}${p(t.second)}Z`;
}

/** An id part with everything but letters, digits and `-` written as `.` + 4 hex digits. */
function encodeUidPart(part: string): string {
  let out = '';
  for (let i = 0; i < part.length; i += 1) {
    const ch = part.charAt(i);
    out += /[A-Za-z0-9-]/.test(ch) ? ch : `.${part.charCodeAt(i).toString(16).padStart(4, '0')}`;
  }
  return out;
}

/** The UID of a community's session on a date: stable across files and re-exports. */
export function sessionUid(communityId: string, date: string): string {
  return `${date}.${encodeUidPart(communityId)}@cop-kit`;
}

/** RFC 3986 characters only (a URI value is not escaped, so nothing else may reach the file). */
const URI_CHARS = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+$/;

/** The event title: `<CoP name>: <topic>`, or `<CoP name> session` with no planned topic. */
export function sessionSummary(copName: string, topicTitle?: string): string {
  return topicTitle === undefined || topicTitle.trim() === ''
    ? `${copName.trim()} session`
    : `${copName.trim()}: ${topicTitle.trim()}`;
}

/** The event description: topic, lead, facilitator, what to prepare and the page, one per line. */
export function sessionDescription(details: SessionEventDetails, pageUrl?: string): string {
  const lines = [
    details.topicTitle === undefined ? undefined : `Topic: ${details.topicTitle}`,
    details.leadName === undefined ? undefined : `Lead: ${details.leadName}`,
    details.facilitatorName === undefined ? undefined : `Facilitator: ${details.facilitatorName}`,
    details.prepare === undefined ? undefined : `What to prepare: ${details.prepare}`,
    pageUrl === undefined ? undefined : `CoP page: ${pageUrl}`,
  ];
  return lines
    .filter((line): line is string => line !== undefined && line.trim() !== '')
    .join('\n');
}

const invalid = (message: string): Result<never, IcsErrorCode> => err('INVALID_CALENDAR', message);

/**
 * The `.ics` file of one or more sessions (see the module comment for the format and why). Refuses
 * with `INVALID_CALENDAR`: no session, a community id of 0 or more than 200 characters, an empty
 * CoP name, a page URL that is not an absolute http(s) URL of RFC 3986 characters, a negative or
 * fractional sequence, or two sessions on the same date (their UIDs would clash).
 */
export function calendarFile(input: CalendarFileInput): Result<string, IcsErrorCode> {
  if (input.sessions.length === 0) return invalid('A calendar file needs at least one session.');
  if (input.communityId.length === 0 || input.communityId.length > 200) {
    return invalid('The community id must have 1–200 characters.');
  }
  if (escapeIcsText(input.copName).trim() === '') return invalid('The community needs a name.');
  const url = input.pageUrl;
  if (
    url !== undefined &&
    (safeUrl(url) === undefined || !/^https?:\/\//i.test(url) || !URI_CHARS.test(url))
  ) {
    return invalid('The page link must be an absolute http(s) address.');
  }
  const sequence = input.sequence;
  if (sequence !== undefined && !(Number.isInteger(sequence) && sequence >= 0)) {
    return invalid('The sequence is a whole number, 0 or more.');
  }
  const dates = new Set(input.sessions.map((d) => d.session.date));
  if (dates.size !== input.sessions.length) return invalid('Two sessions share a date.');

  const name = escapeIcsText(input.copName);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//CoP Kit//Community calendar//EN',
    'CALSCALE:GREGORIAN',
    `NAME:${name}`,
    `X-WR-CALNAME:${name}`,
  ];
  for (const details of input.sessions) {
    const { session } = details;
    const description = sessionDescription(details, url);
    lines.push(
      'BEGIN:VEVENT',
      `UID:${sessionUid(input.communityId, session.date)}`,
      `DTSTAMP:${icsUtc(input.dtstamp)}`,
      `DTSTART:${icsUtc(session.startsAt)}`,
      `DTEND:${icsUtc(session.endsAt)}`,
      ...(sequence === undefined ? [] : [`SEQUENCE:${sequence}`]),
      `SUMMARY:${escapeIcsText(sessionSummary(input.copName, details.topicTitle))}`,
      ...(description === '' ? [] : [`DESCRIPTION:${escapeIcsText(description)}`]),
      ...(url === undefined ? [] : [`URL:${url}`]),
      ...(input.location === undefined || input.location.trim() === ''
        ? []
        : [`LOCATION:${escapeIcsText(input.location.trim())}`]),
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return ok(`${lines.map(foldIcsLine).join('\r\n')}\r\n`);
}
