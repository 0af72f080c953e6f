/**
 * Civil-calendar arithmetic without the clock: proleptic Gregorian dates as day numbers counted from
 * 1970-01-01 (H. Hinnant's `days_from_civil` / `civil_from_days`, exact for every year ≥ 0), ISO
 * weekdays, month lengths and `YYYY-MM-DD` / `HH:MM` text. Everything here is integer arithmetic on
 * plain numbers; no `Date`.
 */
import { isIsoDate } from '../text';

/** Milliseconds in a day, an hour, a minute (no leap seconds: POSIX time, as epoch ms are). */
export const MS_PER_DAY = 86_400_000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_MINUTE = 60_000;

/** A calendar date: year, month 1–12, day 1–31. */
export interface CivilDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** Every ISO weekday, Monday first. */
export const WEEKDAYS: readonly Weekday[] = [1, 2, 3, 4, 5, 6, 7];

/** English names of the ISO weekdays, for labels and sentences (index = weekday − 1). */
export const WEEKDAY_NAMES = [
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
] as const;

/** Floor division and modulo that round towards −∞, so negative day numbers work. */
const floorDiv = (a: number, b: number): number => Math.floor(a / b);
const mod = (a: number, b: number): number => ((a % b) + b) % b;

/** True for a leap year of the proleptic Gregorian calendar. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in month `month` (1–12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The day number (days since 1970-01-01, negative before) of a civil date. */
export function daysFromCivil({ year, month, day }: CivilDate): number {
  const y = month <= 2 ? year - 1 : year;
  const era = floorDiv(y, 400);
  const yoe = y - era * 400;
  const mp = month > 2 ? month - 3 : month + 9;
  const doy = floorDiv(153 * mp + 2, 5) + day - 1;
  const doe = yoe * 365 + floorDiv(yoe, 4) - floorDiv(yoe, 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The civil date of a day number (the inverse of `daysFromCivil`). */
export function civilFromDays(days: number): CivilDate {
  const z = days + 719_468;
  const era = floorDiv(z, 146_097);
  const doe = z - era * 146_097;
  const yoe = floorDiv(
    doe - floorDiv(doe, 1460) + floorDiv(doe, 36_524) - floorDiv(doe, 146_096),
    365,
  );
  const doy = doe - (365 * yoe + floorDiv(yoe, 4) - floorDiv(yoe, 100));
  const mp = floorDiv(5 * doy + 2, 153);
  const day = doy - floorDiv(153 * mp + 2, 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** ISO weekday of a day number (1970-01-01 was a Thursday). */
export function weekdayOfDay(days: number): Weekday {
  return (mod(days + 3, 7) + 1) as Weekday;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** `YYYY-MM-DD` of a civil date (years 0–9999). */
export function formatIsoDate({ year, month, day }: CivilDate): string {
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** The civil date written `YYYY-MM-DD`, or `undefined` when it is not a real date (see `isIsoDate`). */
export function parseIsoDate(value: string): CivilDate | undefined {
  if (!isIsoDate(value)) return undefined;
  return {
    year: Number(value.slice(0, 4)),
    month: Number(value.slice(5, 7)),
    day: Number(value.slice(8, 10)),
  };
}

/** Day number of a valid `YYYY-MM-DD`; callers validate first (an invalid date is a programming error). */
export function dayOfIsoDate(value: string): number {
  const date = parseIsoDate(value);
  if (date === undefined) throw new Error(`Not a date: ${value}`);
  return daysFromCivil(date);
}

/** `YYYY-MM-DD` of a day number. */
export function isoDateOfDay(days: number): string {
  return formatIsoDate(civilFromDays(days));
}

/** The date `n` days after (or before, for negative `n`) a valid `YYYY-MM-DD`. */
export function addDays(date: string, n: number): string {
  return isoDateOfDay(dayOfIsoDate(date) + n);
}

/** Whole days from `from` to `to` (both valid `YYYY-MM-DD`); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return dayOfIsoDate(to) - dayOfIsoDate(from);
}

/** ISO weekday of a valid `YYYY-MM-DD`. */
export function weekdayOf(date: string): Weekday {
  return weekdayOfDay(dayOfIsoDate(date));
}

/** A wall-clock time of day, 00:00–23:59. */
export interface LocalTime {
  readonly hour: number;
  readonly minute: number;
}

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** The time written `HH:MM` (24-hour, two digits each, 00:00–23:59), or `undefined`. */
export function parseLocalTime(value: string): LocalTime | undefined {
  const m = HH_MM.exec(value);
  return m === null ? undefined : { hour: Number(m[1]), minute: Number(m[2]) };
}

/** `HH:MM` of a time of day. */
export function formatLocalTime({ hour, minute }: LocalTime): string {
  return `${pad(hour, 2)}:${pad(minute, 2)}`;
}

/** A UTC date and time of an instant, to the second (epoch ms floor to the second). */
export interface UtcDateTime extends CivilDate {
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

/** The UTC calendar date and time of an instant given in epoch milliseconds. */
export function utcDateTimeOf(epochMs: number): UtcDateTime {
  const days = floorDiv(epochMs, MS_PER_DAY);
  const msOfDay = epochMs - days * MS_PER_DAY;
  const secondOfDay = floorDiv(msOfDay, 1000);
  return {
    ...civilFromDays(days),
    hour: floorDiv(secondOfDay, 3600),
    minute: floorDiv(mod(secondOfDay, 3600), 60),
    second: mod(secondOfDay, 60),
  };
}

/** Epoch milliseconds of a wall-clock date and time read as if it were UTC. */
export function epochMsOfWallClock(
  date: CivilDate,
  hour: number,
  minute: number,
  second = 0,
): number {
  return (
    daysFromCivil(date) * MS_PER_DAY + hour * MS_PER_HOUR + minute * MS_PER_MINUTE + second * 1000
  );
}
