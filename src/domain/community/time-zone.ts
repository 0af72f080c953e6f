/**
 * IANA time zones without `Date`: the wall-clock time of an instant comes from
 * `Intl.DateTimeFormat(…, { timeZone }).formatToParts(epochMs)` (ECMA-402 takes the instant as a
 * number and formats it with the host's time zone database, so the result depends only on the
 * arguments and the database version), and a wall-clock time is turned into an instant by trying
 * the offsets in force around it.
 *
 * Daylight-saving rules, the same as RFC 5545 §3.3.5 and the "compatible" choice of TC39 Temporal,
 * so an event written here opens at the same instant in a calendar program:
 * - a wall time inside a spring-forward gap does not exist; it is read with the offset in force
 *   before the gap, which moves it forward by the gap's length (02:30 in Berlin on the last Sunday
 *   of March is 03:30 CEST);
 * - a wall time inside a fall-back overlap happens twice; the first (earlier) instant is taken.
 */
import { err, ok, type Result } from '../result';
import {
  civilFromDays,
  epochMsOfWallClock,
  formatIsoDate,
  formatLocalTime,
  MS_PER_DAY,
  MS_PER_MINUTE,
  type CivilDate,
  type LocalTime,
} from './civil';

/** Error code of a name that is not a time zone this runtime knows. */
export type TimeZoneErrorCode = 'UNKNOWN_TIME_ZONE';

/** The shape of an IANA name (`UTC`, `Europe/Berlin`, `America/Argentina/Buenos_Aires`, `Etc/GMT+5`). */
const IANA_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+){0,2}$/;

/** Longest accepted time zone name (the longest IANA name has 32 characters). */
export const TIME_ZONE_NAME_MAX = 64;

/**
 * One formatter per zone, built once: constructing `Intl.DateTimeFormat` is the expensive part and
 * a formatter has no state that changes between calls, so caching it keeps every function pure.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  const cached = formatters.get(timeZone);
  if (cached !== undefined) return cached;
  const formatter = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  formatters.set(timeZone, formatter);
  return formatter;
}

/**
 * Validates a time zone name: an IANA-shaped name (letters, digits, `_ + -`, up to three parts, at
 * most 64 characters) that the runtime's `Intl` accepts. Returns the name with the runtime's
 * spelling when it differs only in letter case (`europe/berlin` → `Europe/Berlin`), otherwise the
 * name as given (so `Asia/Kolkata` stays `Asia/Kolkata` although V8 reports the older alias
 * `Asia/Calcutta`). `UNKNOWN_TIME_ZONE` for anything else: `Mars/Base`, `+01:00`, the empty name.
 */
export function validateTimeZone(name: string): Result<string, TimeZoneErrorCode> {
  const unknown = err(
    'UNKNOWN_TIME_ZONE',
    `"${name.slice(0, TIME_ZONE_NAME_MAX)}" is not a time zone name this app knows (write it like Europe/Berlin).`,
  );
  if (name.length > TIME_ZONE_NAME_MAX || !IANA_NAME.test(name)) return unknown;
  let resolved: string;
  try {
    resolved = formatterFor(name).resolvedOptions().timeZone;
  } catch {
    return unknown;
  }
  return ok(resolved.toLowerCase() === name.toLowerCase() ? resolved : name);
}

/** True when `name` is a time zone `validateTimeZone` accepts. */
export function isTimeZone(name: string): boolean {
  return validateTimeZone(name).ok;
}

/**
 * The wall-clock time in `timeZone` at an instant, as epoch-style milliseconds (the wall clock read
 * as if it were UTC), to the second. The zone must be valid (see `validateTimeZone`).
 */
function wallClockMs(timeZone: string, epochMs: number): number {
  const f = { year: 0, month: 1, day: 1, hour: 0, minute: 0, second: 0 };
  for (const part of formatterFor(timeZone).formatToParts(epochMs)) {
    if (part.type in f) f[part.type as keyof typeof f] = Number(part.value);
  }
  // Some engines write midnight as 24 even with h23; 24:00 is 00:00 of the same day as printed.
  return epochMsOfWallClock(f, f.hour % 24, f.minute, f.second);
}

/**
 * The offset of `timeZone` from UTC at an instant, in milliseconds (positive east of Greenwich:
 * +3 600 000 for CET, −18 000 000 for EST). Offsets are whole seconds.
 */
export function offsetAt(timeZone: string, epochMs: number): number {
  const second = Math.floor(epochMs / 1000) * 1000;
  return wallClockMs(timeZone, second) - second;
}

/** An instant shown on the wall clock of a time zone. */
export interface LocalDateTime {
  /** `YYYY-MM-DD` in the zone. */
  readonly date: string;
  /** `HH:MM` in the zone (seconds dropped). */
  readonly time: string;
  /** The zone's offset from UTC at that instant, in minutes. */
  readonly offsetMinutes: number;
}

/** Where an instant falls on the wall clock of `timeZone` (a valid zone). */
export function toLocal(timeZone: string, epochMs: number): LocalDateTime {
  const offset = offsetAt(timeZone, epochMs);
  const wall = epochMs + offset;
  const days = Math.floor(wall / MS_PER_DAY);
  const minuteOfDay = Math.floor((wall - days * MS_PER_DAY) / MS_PER_MINUTE);
  return {
    date: formatIsoDate(civilFromDays(days)),
    time: formatLocalTime({ hour: Math.floor(minuteOfDay / 60), minute: minuteOfDay % 60 }),
    offsetMinutes: Math.round(offset / MS_PER_MINUTE),
  };
}

/** How a wall time maps to instants: once, never (a gap) or twice (an overlap). */
export type WallTimeKind = 'exact' | 'gap' | 'overlap';

/** The instant a wall time stands for, and whether the daylight-saving rules had to choose. */
export interface ResolvedWallTime {
  readonly epochMs: number;
  readonly kind: WallTimeKind;
}

/**
 * The instant of a wall-clock date and time in `timeZone` (a valid zone). Tries each offset in
 * force within a day either side (a zone changes offset at most once in that span in practice);
 * an offset fits when reading the wall time with it gives an instant that shows that wall time.
 * One fit: `exact`. Two: an overlap, the earlier instant. None: a gap, read with the offset before
 * it (so the time moves forward by the gap's length).
 */
export function fromLocal(timeZone: string, date: CivilDate, time: LocalTime): ResolvedWallTime {
  const wall = epochMsOfWallClock(date, time.hour, time.minute);
  const before = offsetAt(timeZone, wall - MS_PER_DAY);
  const after = offsetAt(timeZone, wall + MS_PER_DAY);
  // The common case: the same offset a day either side, and it fits.
  if (before === after && wallClockMs(timeZone, wall - before) === wall) {
    return { epochMs: wall - before, kind: 'exact' };
  }
  const offsets = [...new Set([before, offsetAt(timeZone, wall), after])];
  const fits = offsets
    .map((offset) => wall - offset)
    .filter((instant) => wallClockMs(timeZone, instant) === wall)
    .sort((a, b) => a - b);
  const first = fits[0];
  if (first === undefined) return { epochMs: wall - before, kind: 'gap' };
  return { epochMs: first, kind: fits.length > 1 ? 'overlap' : 'exact' };
}

/** Day number (days since 1970-01-01) of the local date an instant falls on in `timeZone`. */
export function localDayOf(timeZone: string, epochMs: number): number {
  return Math.floor((epochMs + offsetAt(timeZone, epochMs)) / MS_PER_DAY);
}

/** `YYYY-MM-DD` of the local date an instant falls on in `timeZone`. */
export function localDateOf(timeZone: string, epochMs: number): string {
  return toLocal(timeZone, epochMs).date;
}
