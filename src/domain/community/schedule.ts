/**
 * Cadence → dated sessions. Which dates a cadence gives (a community names its meeting "the first
 * Tuesday", "every other Thursday", not "every 10 days"):
 *
 * | sessions a month | dates                                             | gaps between sessions    |
 * | ---------------- | ------------------------------------------------- | ------------------------ |
 * | 1                | the Nth weekday of the month, N = 1st–4th or last | 4–5 weeks                |
 * | 2                | the 1st and 3rd weekday of the month              | 2 weeks, then 2–3 weeks  |
 * | 3                | the 1st, 2nd and 4th weekday of the month         | 1, 2, then 1–2 weeks     |
 * | 4                | the 1st–4th weekday; a 5th one is a week off      | 1 week, 2 after a 5th    |
 *
 * Why: every month then has exactly the number of sessions the cadence says (so "sessions held vs
 * the cadence" is plain), the dates are the ones people say aloud ("first and third Tuesday"),
 * two-a-month is the article's "once in two weeks" without drifting across months, three-a-month
 * never puts three sessions in three consecutive weeks followed by a long gap, and four-a-month is
 * weekly with the occasional fifth week free. "Last" rather than a 5th for one-a-month, because a
 * 5th weekday exists in only some months.
 *
 * A session is at the cadence's local start time in its time zone; its instant follows the
 * daylight-saving rules of `time-zone.ts` (a start in a spring-forward gap moves forward, a start in
 * a fall-back overlap is the first one). Its end is start + duration in real minutes.
 *
 * Settings stored before the calendar have no weekday; they keep their old series exactly, so a
 * date shown before is still a session date: one a month on the anchor's day of the month (the
 * month's last day when shorter), otherwise every 14, 10 or 7 days through the anchor date.
 */
import { err, ok, type Result } from '../result';
import {
  daysFromCivil,
  daysInMonth,
  civilFromDays,
  dayOfIsoDate,
  formatIsoDate,
  formatLocalTime,
  isoDateOfDay,
  MS_PER_MINUTE,
  parseIsoDate,
  parseLocalTime,
  weekdayOfDay,
  type LocalTime,
  type Weekday,
} from './civil';
import {
  DEFAULT_DURATION_MINUTES,
  DEFAULT_START_TIME,
  DEFAULT_TIME_ZONE,
  DURATION_MINUTES,
  type Cadence,
  type SessionsPerMonth,
  type WeekOfMonth,
} from './settings';
import { fromLocal, localDayOf, toLocal, validateTimeZone, type WallTimeKind } from './time-zone';

/** Why a cadence cannot give dates. */
export type CadenceErrorCode = 'INVALID_CADENCE' | 'UNKNOWN_TIME_ZONE';

/** Which weeks of the month each cadence meets in (one a month: the chosen week). */
export const WEEKS_BY_CADENCE: Readonly<
  Record<Exclude<SessionsPerMonth, 1>, readonly WeekOfMonth[]>
> = { 2: [1, 3], 3: [1, 2, 4], 4: [1, 2, 3, 4] };

/** Every-N-days spacing of the series stored before the calendar (two, three, four a month). */
const LEGACY_INTERVAL_DAYS = { 2: 14, 3: 10, 4: 7 } as const;

/** Which dates hold a session. */
export type SessionRule =
  /** The given weeks' weekday of every month, from `startsOn` on. */
  | {
      readonly kind: 'weekday';
      readonly weekday: Weekday;
      readonly weeks: readonly WeekOfMonth[];
      readonly startsOn: string;
    }
  /** Before the calendar, one a month: this day of every month (or the month's last day). */
  | { readonly kind: 'day-of-month'; readonly dayOfMonth: number }
  /** Before the calendar, two to four a month: every `everyDays` days through `anchorDate`. */
  | { readonly kind: 'every-n-days'; readonly anchorDate: string; readonly everyDays: 7 | 10 | 14 };

/** A cadence made precise: which dates, at what local time, how long, in which zone. */
export interface Schedule {
  readonly rule: SessionRule;
  readonly startTime: LocalTime;
  readonly durationMinutes: number;
  readonly timeZone: string;
}

/** One session on the calendar. */
export interface ScheduledSession {
  /** The local date, `YYYY-MM-DD`: the session's identity within the community. */
  readonly date: string;
  /** Local start `HH:MM` as the clock shows it (later than planned when a DST gap moved it). */
  readonly time: string;
  /** The cadence's start time `HH:MM`. */
  readonly plannedTime: string;
  /** Start and end, epoch ms (UTC instants). */
  readonly startsAt: number;
  readonly endsAt: number;
  /** `exact`, or which daylight-saving rule chose the start (`gap`: moved forward; `overlap`: first). */
  readonly dst: WallTimeKind;
}

const invalid = (message: string): Result<never, CadenceErrorCode> =>
  err('INVALID_CADENCE', message);

const isWeekday = (value: unknown): value is Weekday =>
  typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 7;

const isWeekOfMonth = (value: unknown): value is WeekOfMonth =>
  value === 'last' || value === 1 || value === 2 || value === 3 || value === 4;

/**
 * Checks a cadence as a person set it: 1–4 sessions a month, a real anchor date, and, when given, a
 * weekday 1–7 (Monday = 1), a week of the month (1–4 or `last`), a `HH:MM` start, a whole duration
 * of 15–480 minutes, and a time zone the runtime knows. Returns the cadence with the time zone
 * spelled as the runtime does; `INVALID_CADENCE` or `UNKNOWN_TIME_ZONE` with a readable message.
 */
export function validateCadence(cadence: Cadence): Result<Cadence, CadenceErrorCode> {
  const { sessionsPerMonth: n } = cadence;
  if (n !== 1 && n !== 2 && n !== 3 && n !== 4) {
    return invalid('A community meets 1, 2, 3 or 4 times a month.');
  }
  if (parseIsoDate(cadence.anchorDate) === undefined) {
    return invalid('The first session date is written YYYY-MM-DD.');
  }
  if (cadence.weekday !== undefined && !isWeekday(cadence.weekday)) {
    return invalid('The weekday is 1 (Monday) to 7 (Sunday).');
  }
  if (cadence.weekOfMonth !== undefined && !isWeekOfMonth(cadence.weekOfMonth)) {
    return invalid('The week of the month is the 1st to 4th, or the last.');
  }
  if (cadence.startTime !== undefined && parseLocalTime(cadence.startTime) === undefined) {
    return invalid('The start time is written HH:MM, 00:00 to 23:59.');
  }
  const minutes = cadence.durationMinutes;
  if (
    minutes !== undefined &&
    !(
      Number.isInteger(minutes) &&
      minutes >= DURATION_MINUTES.min &&
      minutes <= DURATION_MINUTES.max
    )
  ) {
    return invalid(
      `A session lasts ${DURATION_MINUTES.min} to ${DURATION_MINUTES.max} whole minutes.`,
    );
  }
  if (cadence.timeZone === undefined) return ok(cadence);
  const zone = validateTimeZone(cadence.timeZone);
  return zone.ok ? ok({ ...cadence, timeZone: zone.value }) : zone;
}

/**
 * The schedule a (validated) cadence stands for. With a weekday: the weeks of the table above (for
 * one a month, `weekOfMonth`, default the 1st), from the anchor date on. Without (stored before the
 * calendar): the old series, unchanged. Missing time, duration and zone take the defaults
 * (12:00, 60 minutes, UTC — the old dates were UTC dates).
 */
export function scheduleOf(cadence: Cadence): Result<Schedule, CadenceErrorCode> {
  const valid = validateCadence(cadence);
  if (!valid.ok) return valid;
  const c = valid.value;
  const time = parseLocalTime(c.startTime ?? DEFAULT_START_TIME) as LocalTime;
  const rest = {
    startTime: time,
    durationMinutes: c.durationMinutes ?? DEFAULT_DURATION_MINUTES,
    timeZone: c.timeZone ?? DEFAULT_TIME_ZONE,
  };
  if (c.weekday !== undefined) {
    const weeks =
      c.sessionsPerMonth === 1 ? [c.weekOfMonth ?? 1] : WEEKS_BY_CADENCE[c.sessionsPerMonth];
    return ok({
      rule: { kind: 'weekday', weekday: c.weekday, weeks, startsOn: c.anchorDate },
      ...rest,
    });
  }
  if (c.sessionsPerMonth === 1) {
    return ok({
      rule: { kind: 'day-of-month', dayOfMonth: Number(c.anchorDate.slice(8, 10)) },
      ...rest,
    });
  }
  return ok({
    rule: {
      kind: 'every-n-days',
      anchorDate: c.anchorDate,
      everyDays: LEGACY_INTERVAL_DAYS[c.sessionsPerMonth],
    },
    ...rest,
  });
}

/**
 * The day of the month of the `week`-th `weekday` of a month: the 1st lies in days 1–7, the 2nd in
 * 8–14 and so on; `last` is the latest one in the month (the 4th or the 5th).
 */
export function weekdayInMonth(
  year: number,
  month: number,
  weekday: Weekday,
  week: WeekOfMonth,
): number {
  if (week === 'last') {
    const last = daysInMonth(year, month);
    const lastWeekday = weekdayOfDay(daysFromCivil({ year, month, day: last }));
    return last - ((lastWeekday - weekday + 7) % 7);
  }
  const firstWeekday = weekdayOfDay(daysFromCivil({ year, month, day: 1 }));
  return 1 + ((weekday - firstWeekday + 7) % 7) + 7 * (week - 1);
}

/** Day numbers of the sessions a month-based rule gives in one month, ascending. */
function daysInMonthOf(
  rule: Exclude<SessionRule, { kind: 'every-n-days' }>,
  year: number,
  month: number,
): number[] {
  if (rule.kind === 'day-of-month') {
    return [
      daysFromCivil({ year, month, day: Math.min(rule.dayOfMonth, daysInMonth(year, month)) }),
    ];
  }
  return [...new Set(rule.weeks.map((w) => weekdayInMonth(year, month, rule.weekday, w)))]
    .sort((a, b) => a - b)
    .map((day) => daysFromCivil({ year, month, day }));
}

/** The session dates of a rule on or after day number `from`, ascending, without end. */
export function* sessionDays(rule: SessionRule, from: number): Generator<number, never> {
  if (rule.kind === 'every-n-days') {
    const anchor = dayOfIsoDate(rule.anchorDate);
    let day = anchor + Math.ceil((from - anchor) / rule.everyDays) * rule.everyDays;
    for (;;) {
      yield day;
      day += rule.everyDays;
    }
  }
  const start = rule.kind === 'weekday' ? Math.max(from, dayOfIsoDate(rule.startsOn)) : from;
  let { year, month } = civilFromDays(start);
  for (;;) {
    for (const day of daysInMonthOf(rule, year, month)) if (day >= start) yield day;
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
}

/**
 * The session of a schedule on a session date (day number): its wall time resolved to instants. A
 * start moved by a gap shows the clock time it moved to; the date stays the session's identity.
 */
function sessionOnDay(schedule: Schedule, day: number): ScheduledSession {
  const date = civilFromDays(day);
  const start = fromLocal(schedule.timeZone, date, schedule.startTime);
  const plannedTime = formatLocalTime(schedule.startTime);
  return {
    date: formatIsoDate(date),
    time: start.kind === 'gap' ? toLocal(schedule.timeZone, start.epochMs).time : plannedTime,
    plannedTime,
    startsAt: start.epochMs,
    endsAt: start.epochMs + schedule.durationMinutes * MS_PER_MINUTE,
    dst: start.kind,
  };
}

/** Most sessions one call lists (a year of weekly sessions is 52). */
export const SESSIONS_MAX = 400;

/**
 * The next `count` sessions (at most SESSIONS_MAX) that have not ended at instant `from`: a session
 * under way is still listed, first. Strictly increasing in date and instant.
 */
export function nextSessions(schedule: Schedule, from: number, count: number): ScheduledSession[] {
  const wanted = Math.max(0, Math.min(SESSIONS_MAX, Math.floor(count)));
  const sessions: ScheduledSession[] = [];
  if (wanted === 0) return sessions;
  // A session that started up to its duration ago (possibly the local day before) may still run.
  const firstDay =
    localDayOf(schedule.timeZone, from - schedule.durationMinutes * MS_PER_MINUTE) - 1;
  const days = sessionDays(schedule.rule, firstDay);
  while (sessions.length < wanted) {
    const session = sessionOnDay(schedule, days.next().value);
    if (session.endsAt > from) sessions.push(session);
  }
  return sessions;
}

/**
 * The sessions whose local date lies from `fromDate` to `toDate` (both `YYYY-MM-DD`, inclusive), in
 * order, at most SESSIONS_MAX. Empty when a date is invalid or the range is reversed.
 */
export function sessionsBetween(
  schedule: Schedule,
  fromDate: string,
  toDate: string,
): ScheduledSession[] {
  const from = parseIsoDate(fromDate);
  const to = parseIsoDate(toDate);
  if (from === undefined || to === undefined) return [];
  const last = daysFromCivil(to);
  const sessions: ScheduledSession[] = [];
  const days = sessionDays(schedule.rule, daysFromCivil(from));
  for (let day = days.next().value; day <= last && sessions.length < SESSIONS_MAX;) {
    sessions.push(sessionOnDay(schedule, day));
    day = days.next().value;
  }
  return sessions;
}

/** The session on a local date, or `undefined` when the schedule has none that day. */
export function sessionOn(schedule: Schedule, date: string): ScheduledSession | undefined {
  return sessionsBetween(schedule, date, date)[0];
}

/**
 * The first session date on or after `today` (`YYYY-MM-DD`, compared as calendar dates), for the
 * settings view; `undefined` when the cadence or the date is invalid. Kept from before the
 * calendar: with a stored cadence it gives the dates it always gave.
 */
export function nextSessionDate(cadence: Cadence, today: string): string | undefined {
  const schedule = scheduleOf(cadence);
  const start = parseIsoDate(today);
  if (!schedule.ok || start === undefined) return undefined;
  return isoDateOfDay(sessionDays(schedule.value.rule, daysFromCivil(start)).next().value);
}

/**
 * The local date of the next session that has not ended at instant `now` (one under way counts), in
 * the cadence's own zone: what the settings view shows beside the calendar, the same session the
 * next-session banner shows. `undefined` when the cadence is invalid.
 */
export function nextSessionDateAt(cadence: Cadence, now: number): string | undefined {
  const schedule = scheduleOf(cadence);
  if (!schedule.ok) return undefined;
  return nextSessions(schedule.value, now, 1)[0]?.date;
}

/**
 * The cadence a first-run set-up offers (issue 15: the series date must not default to an arbitrary
 * day): twice a month (the article's "once in two weeks"), on the local weekday of `now` when that
 * is Monday–Friday (whoever sets the community up tends to do it on a day that suits them) and on
 * Wednesday otherwise, at 12:00 for 60 minutes in `timeZone`, starting today. `UNKNOWN_TIME_ZONE`
 * for a zone the runtime does not know.
 */
export function suggestedCadence(now: number, timeZone: string): Result<Cadence, CadenceErrorCode> {
  const zone = validateTimeZone(timeZone);
  if (!zone.ok) return zone;
  const today = toLocal(zone.value, now).date;
  const weekday = weekdayOfDay(dayOfIsoDate(today));
  return ok({
    sessionsPerMonth: 2,
    anchorDate: today,
    weekday: weekday <= 5 ? weekday : 3,
    startTime: DEFAULT_START_TIME,
    durationMinutes: DEFAULT_DURATION_MINUTES,
    timeZone: zone.value,
  });
}
