/**
 * Measures of success (the article ends: "What are your measures of success?"), as data a chart
 * and a table can both show: every measure has a headline (number, unit, sentence) and a table of
 * labelled rows and typed columns; a chart draws the same rows. All pure functions of the sessions
 * held, the answers, the backlog topics, the schedule and an instant.
 *
 * Definitions:
 * - the **window** is the 90 days before `now`: instants `t` with now − 90 days < t ≤ now;
 * - **attendance** is the number of distinct attendees of a held session;
 * - the **trend** is the least-squares slope of attendance over the last 6 held sessions (x = the
 *   session's place in order, so the slope is in people per session); it reads *rising* or
 *   *falling* when the fitted line changes by at least one person across those sessions, *steady*
 *   otherwise, and needs at least 3 sessions;
 * - **sessions vs cadence**: the schedule's sessions that started in the window, and how many of
 *   them were held (a held session on that date); held sessions on other dates are *extra*;
 * - a topic **waits** from its creation to the date it was discussed (discussed topics), or to
 *   today (proposed and planned ones); days counted between local dates in the schedule's zone;
 * - the **median** of an even count is the mean of the two middle values.
 */
import { latestAnswers, type Answer } from './answers';
import { daysBetween, MS_PER_DAY, parseIsoDate } from './civil';
import type { PlannableTopic } from './session-plan';
import type { Schedule } from './schedule';
import { sessionsBetween } from './schedule';
import { localDateOf } from './time-zone';

/** The three session formats the app runs. */
export type SessionKind = 'deep-dive' | 'thirty-five' | 'lean-coffee';

export const SESSION_KIND_LABELS: Readonly<Record<SessionKind, string>> = {
  'deep-dive': 'Deep dive',
  'thirty-five': 'Thirty Five',
  'lean-coffee': 'Lean Coffee',
};

/** A session that took place, as its notes record it. */
export interface HeldSession {
  readonly id: string;
  /** Local date, `YYYY-MM-DD`. */
  readonly date: string;
  /** Epoch ms. */
  readonly startedAt: number;
  readonly kind: SessionKind;
  readonly attendees: readonly string[];
  readonly facilitator?: string;
  readonly lead?: string;
  readonly takeaways: number;
  readonly actionItems: readonly { readonly done: boolean }[];
}

/** What the measures need of a backlog topic (a backlog `Topic` fits). */
export type TopicFacts = Pick<PlannableTopic, 'id' | 'status' | 'plannedDate'> & {
  /** Epoch ms. */
  readonly createdAt: number;
};

export interface HealthInput {
  readonly now: number;
  readonly schedule: Schedule;
  readonly sessions: readonly HeldSession[];
  readonly answers: readonly Answer[];
  readonly topics: readonly TopicFacts[];
}

export type MeasureUnit =
  | 'people'
  | 'people per session'
  | 'sessions'
  | 'topics'
  | 'days'
  | 'items'
  | 'takeaways'
  | 'answers'
  | 'percent';

export interface MeasureColumn {
  readonly key: string;
  readonly label: string;
  readonly unit: MeasureUnit;
}

export interface MeasureRow {
  readonly key: string;
  readonly label: string;
  /** One value per column; `null` where there is nothing to show. */
  readonly values: readonly (number | null)[];
}

export type MeasureId =
  | 'attendance'
  | 'attendance-trend'
  | 'answered-vs-attended'
  | 'distinct-members'
  | 'sessions-vs-cadence'
  | 'topics'
  | 'topic-wait'
  | 'leaders'
  | 'takeaways';

export interface Measure {
  readonly id: MeasureId;
  readonly title: string;
  /** The one number to show large, its unit, and a sentence that says it in words. */
  readonly headline: {
    readonly value: number | null;
    readonly unit: MeasureUnit;
    readonly text: string;
  };
  readonly columns: readonly MeasureColumn[];
  readonly rows: readonly MeasureRow[];
}

/** Length of the window, in days. */
export const WINDOW_DAYS = 90;
/** Held sessions the attendance chart shows. */
export const ATTENDANCE_SESSIONS = 12;
/** Held sessions the trend is fitted on, and the fewest it needs. */
export const TREND_SESSIONS = 6;
export const TREND_MIN_SESSIONS = 3;

const round2 = (n: number): number => Math.round(n * 100) / 100;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Median of numbers (mean of the two middle ones for an even count); `null` for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Least-squares slope of `ys` against 0, 1, 2 …; `null` for fewer than two points. */
export function leastSquaresSlope(ys: readonly number[]): number | null {
  const n = ys.length;
  if (n < 2) return null;
  const meanX = (n - 1) / 2;
  const meanY = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  ys.forEach((y, x) => {
    num += (x - meanX) * (y - meanY);
    den += (x - meanX) ** 2;
  });
  return num / den;
}

/** Held sessions with a valid date, one per id, oldest first (by start, then id). */
function inOrder(sessions: readonly HeldSession[]): HeldSession[] {
  const byId = new Map<string, HeldSession>();
  for (const s of sessions) if (parseIsoDate(s.date) !== undefined) byId.set(s.id, s);
  return [...byId.values()].sort(
    (a, b) => a.startedAt - b.startedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

const attendanceOf = (s: HeldSession): number => new Set(s.attendees).size;
const labelOf = (s: HeldSession): string => `${s.date} · ${SESSION_KIND_LABELS[s.kind]}`;

function inWindow(now: number, t: number): boolean {
  return t > now - WINDOW_DAYS * MS_PER_DAY && t <= now;
}

/** Attendance per held session (the last ATTENDANCE_SESSIONS), headline: their mean. */
function attendance(held: readonly HeldSession[]): Measure {
  const shown = held.slice(-ATTENDANCE_SESSIONS);
  const counts = shown.map(attendanceOf);
  const mean =
    counts.length === 0 ? null : round2(counts.reduce((a, b) => a + b, 0) / counts.length);
  return {
    id: 'attendance',
    title: 'Attendance per session',
    headline: {
      value: mean,
      unit: 'people per session',
      text:
        mean === null
          ? 'No session held yet.'
          : `${mean} people per session on average over the last ${plural(shown.length, 'session')}.`,
    },
    columns: [{ key: 'attendees', label: 'Attendees', unit: 'people' }],
    rows: shown.map((s) => ({ key: s.id, label: labelOf(s), values: [attendanceOf(s)] })),
  };
}

/**
 * The trend of attendance (see the module comment), with the fitted line beside the counts (drawn
 * at 0 where it would fall below: attendance is never negative).
 */
function attendanceTrend(held: readonly HeldSession[]): Measure {
  const fitted = held.slice(-TREND_SESSIONS);
  const ys = fitted.map(attendanceOf);
  const slope = ys.length >= TREND_MIN_SESSIONS ? leastSquaresSlope(ys) : null;
  const meanY = ys.length === 0 ? 0 : ys.reduce((a, b) => a + b, 0) / ys.length;
  const meanX = (ys.length - 1) / 2;
  let text = `Not enough sessions for a trend yet (${TREND_MIN_SESSIONS} needed).`;
  if (slope !== null) {
    const change = slope * (ys.length - 1);
    const per = `${slope >= 0 ? '+' : '−'}${round2(Math.abs(slope))}`;
    const span = `over the last ${ys.length} sessions`;
    text =
      Math.abs(change) < 1
        ? `Steady ${span} (${per} people per session).`
        : `${change > 0 ? 'Rising' : 'Falling'}: about ${per} people per session ${span}.`;
  }
  return {
    id: 'attendance-trend',
    title: 'Attendance trend',
    headline: { value: slope === null ? null : round2(slope), unit: 'people per session', text },
    columns: [
      { key: 'attendees', label: 'Attendees', unit: 'people' },
      { key: 'fitted', label: 'Trend line', unit: 'people' },
    ],
    rows: fitted.map((s, x) => ({
      key: s.id,
      label: labelOf(s),
      values: [
        attendanceOf(s),
        slope === null ? null : Math.max(0, round2(meanY + slope * (x - meanX))),
      ],
    })),
  };
}

/** Answers against attendance per held session (last ATTENDANCE_SESSIONS). */
function answeredVsAttended(held: readonly HeldSession[], answers: readonly Answer[]): Measure {
  const latest = latestAnswers(answers);
  const shown = held.slice(-ATTENDANCE_SESSIONS);
  let saidComing = 0;
  let cameAsSaid = 0;
  const rows = shown.map((s) => {
    const came = new Set(s.attendees);
    const mine = latest.filter((a) => a.sessionDate === s.date);
    const coming = mine.filter((a) => a.response === 'coming').map((a) => a.accountId);
    const notComing = mine.filter((a) => a.response === 'not-this-time').length;
    const answered = new Set(mine.map((a) => a.accountId));
    const keptWord = coming.filter((id) => came.has(id)).length;
    saidComing += coming.length;
    cameAsSaid += keptWord;
    return {
      key: s.id,
      label: labelOf(s),
      values: [
        coming.length,
        keptWord,
        coming.length - keptWord,
        [...came].filter((id) => !answered.has(id)).length,
        notComing,
      ],
    };
  });
  const share = saidComing === 0 ? null : round2((cameAsSaid / saidComing) * 100);
  return {
    id: 'answered-vs-attended',
    title: 'Answered vs attended',
    headline: {
      value: share,
      unit: 'percent',
      text:
        share === null
          ? 'Nobody has answered "coming" for a held session yet.'
          : `${share} % of those who said they were coming came (${cameAsSaid} of ${saidComing}).`,
    },
    columns: [
      { key: 'said-coming', label: 'Said coming', unit: 'answers' },
      { key: 'came-as-said', label: 'Said coming and came', unit: 'people' },
      { key: 'said-coming-absent', label: 'Said coming, did not come', unit: 'people' },
      { key: 'came-unanswered', label: 'Came without answering', unit: 'people' },
      { key: 'not-this-time', label: 'Said not this time', unit: 'answers' },
    ],
    rows,
  };
}

/** Distinct members who attended in the window, and how many of them came for the first time. */
function distinctMembers(held: readonly HeldSession[], now: number): Measure {
  const before = new Set(
    held.filter((s) => s.startedAt <= now - WINDOW_DAYS * MS_PER_DAY).flatMap((s) => s.attendees),
  );
  const recent = new Set(
    held.filter((s) => inWindow(now, s.startedAt)).flatMap((s) => s.attendees),
  );
  const newcomers = [...recent].filter((id) => !before.has(id)).length;
  return {
    id: 'distinct-members',
    title: 'Distinct members, last 90 days',
    headline: {
      value: recent.size,
      unit: 'people',
      text: `${plural(recent.size, 'person', 'people')} came to at least one session in the last ${WINDOW_DAYS} days; ${newcomers} of them for the first time.`,
    },
    columns: [
      { key: 'distinct', label: 'Distinct members', unit: 'people' },
      { key: 'newcomers', label: 'First time', unit: 'people' },
    ],
    rows: [{ key: 'window', label: `Last ${WINDOW_DAYS} days`, values: [recent.size, newcomers] }],
  };
}

/** The schedule's sessions in the window vs those held, per month. */
function sessionsVsCadence(held: readonly HeldSession[], schedule: Schedule, now: number): Measure {
  const from = now - WINDOW_DAYS * MS_PER_DAY;
  const expected = sessionsBetween(
    schedule,
    localDateOf(schedule.timeZone, from - MS_PER_DAY),
    localDateOf(schedule.timeZone, now),
  ).filter((s) => s.startsAt > from && s.startsAt <= now);
  const heldInWindow = held.filter((s) => inWindow(now, s.startedAt));
  const heldDates = new Set(heldInWindow.map((s) => s.date));
  const expectedDates = new Set(expected.map((s) => s.date));
  const months = [
    ...new Set(
      [...expected.map((s) => s.date), ...heldInWindow.map((s) => s.date)].map((d) =>
        d.slice(0, 7),
      ),
    ),
  ].sort();
  const rows = months.map((month) => {
    const exp = expected.filter((s) => s.date.startsWith(month));
    const kept = exp.filter((s) => heldDates.has(s.date)).length;
    const extra = heldInWindow.filter(
      (s) => s.date.startsWith(month) && !expectedDates.has(s.date),
    ).length;
    return { key: month, label: month, values: [exp.length, kept, extra] };
  });
  const kept = expected.filter((s) => heldDates.has(s.date)).length;
  const extra = heldInWindow.filter((s) => !expectedDates.has(s.date)).length;
  const share = expected.length === 0 ? null : round2((kept / expected.length) * 100);
  return {
    id: 'sessions-vs-cadence',
    title: 'Sessions held vs the cadence, last 90 days',
    headline: {
      value: share,
      unit: 'percent',
      text:
        share === null
          ? `No session was due in the last ${WINDOW_DAYS} days.`
          : `${kept} of ${plural(expected.length, 'session')} due were held (${share} %)${extra === 0 ? '' : `, plus ${extra} extra`}.`,
    },
    columns: [
      { key: 'due', label: 'Due', unit: 'sessions' },
      { key: 'held', label: 'Held', unit: 'sessions' },
      { key: 'extra', label: 'Extra', unit: 'sessions' },
    ],
    rows,
  };
}

/** Waits in days (see the module comment) of discussed topics and of waiting ones; archived ones and discussed ones without a date are left out. */
function waits(topics: readonly TopicFacts[], schedule: Schedule, now: number) {
  const today = localDateOf(schedule.timeZone, now);
  const discussed: number[] = [];
  const waiting: number[] = [];
  for (const t of topics) {
    const created = localDateOf(schedule.timeZone, t.createdAt);
    if (
      t.status === 'discussed' &&
      t.plannedDate !== undefined &&
      parseIsoDate(t.plannedDate) !== undefined
    ) {
      discussed.push(Math.max(0, daysBetween(created, t.plannedDate)));
    } else if (t.status === 'proposed' || t.status === 'planned') {
      waiting.push(Math.max(0, daysBetween(created, today)));
    }
  }
  return { discussed, waiting };
}

/** Topics discussed vs waiting. */
function topicCounts(topics: readonly TopicFacts[]): Measure {
  const count = (status: TopicFacts['status']) => topics.filter((t) => t.status === status).length;
  const discussed = count('discussed');
  const waiting = count('proposed') + count('planned');
  return {
    id: 'topics',
    title: 'Topics discussed vs waiting',
    headline: {
      value: discussed,
      unit: 'topics',
      text: `${plural(discussed, 'topic')} discussed, ${waiting} waiting (${count('planned')} of them planned).`,
    },
    columns: [{ key: 'count', label: 'Topics', unit: 'topics' }],
    rows: [
      { key: 'discussed', label: 'Discussed', values: [discussed] },
      { key: 'planned', label: 'Planned', values: [count('planned')] },
      { key: 'proposed', label: 'Proposed', values: [count('proposed')] },
    ],
  };
}

/** How long topics wait: median wait of discussed ones, median and oldest age of waiting ones. */
function topicWait(topics: readonly TopicFacts[], schedule: Schedule, now: number): Measure {
  const { discussed, waiting } = waits(topics, schedule, now);
  const medianWait = median(discussed);
  const medianAge = median(waiting);
  const oldest = waiting.length === 0 ? null : Math.max(...waiting);
  return {
    id: 'topic-wait',
    title: 'How long a topic waits',
    headline: {
      value: medianWait,
      unit: 'days',
      text:
        medianWait === null
          ? 'No topic discussed yet.'
          : `A discussed topic waited ${plural(medianWait, 'day')} from proposal to session (median of ${discussed.length}).`,
    },
    columns: [{ key: 'days', label: 'Days', unit: 'days' }],
    rows: [
      { key: 'median-wait', label: 'Median wait of discussed topics', values: [medianWait] },
      { key: 'median-age', label: 'Median age of waiting topics', values: [medianAge] },
      { key: 'oldest', label: 'Oldest waiting topic', values: [oldest] },
    ],
  };
}

/** How many different people led and facilitated in the window. */
function leaders(held: readonly HeldSession[], now: number): Measure {
  const recent = held.filter((s) => inWindow(now, s.startedAt));
  const ids = (pick: (s: HeldSession) => string | undefined) =>
    new Set(
      recent.flatMap((s) => {
        const id = pick(s);
        return id === undefined ? [] : [id];
      }),
    );
  const led = ids((s) => s.lead);
  const facilitated = ids((s) => s.facilitator);
  const either = new Set([...led, ...facilitated]).size;
  return {
    id: 'leaders',
    title: 'Different people leading and facilitating, last 90 days',
    headline: {
      value: either,
      unit: 'people',
      text: `${plural(either, 'person', 'people')} led or facilitated in the last ${WINDOW_DAYS} days: ${led.size} led a topic, ${facilitated.size} facilitated.`,
    },
    columns: [{ key: 'people', label: 'People', unit: 'people' }],
    rows: [
      { key: 'led', label: 'Led a topic', values: [led.size] },
      { key: 'facilitated', label: 'Facilitated', values: [facilitated.size] },
      { key: 'either', label: 'Led or facilitated', values: [either] },
    ],
  };
}

/** Takeaways and action items per held session in the window; headline: open action items overall. */
function takeaways(held: readonly HeldSession[], now: number): Measure {
  const recent = held.filter((s) => inWindow(now, s.startedAt));
  const open = held.reduce((n, s) => n + s.actionItems.filter((a) => !a.done).length, 0);
  return {
    id: 'takeaways',
    title: 'Takeaways and action items',
    headline: {
      value: open,
      unit: 'items',
      text: `${plural(open, 'action item')} still open; ${recent.reduce((n, s) => n + s.takeaways, 0)} takeaways in the last ${WINDOW_DAYS} days.`,
    },
    columns: [
      { key: 'takeaways', label: 'Takeaways', unit: 'takeaways' },
      { key: 'done', label: 'Action items done', unit: 'items' },
      { key: 'open', label: 'Action items open', unit: 'items' },
    ],
    rows: recent.map((s) => ({
      key: s.id,
      label: labelOf(s),
      values: [
        s.takeaways,
        s.actionItems.filter((a) => a.done).length,
        s.actionItems.filter((a) => !a.done).length,
      ],
    })),
  };
}

/**
 * Every measure of success, in the order the "Measures of success" page shows them: attendance,
 * its trend, answered vs attended, distinct members, sessions vs the cadence, topics discussed vs
 * waiting, how long topics wait, who led and facilitated, takeaways and action items.
 */
export function measuresOfSuccess(input: HealthInput): Measure[] {
  const held = inOrder(input.sessions).filter((s) => s.startedAt <= input.now);
  return [
    attendance(held),
    attendanceTrend(held),
    answeredVsAttended(held, input.answers),
    distinctMembers(held, input.now),
    sessionsVsCadence(held, input.schedule, input.now),
    topicCounts(input.topics),
    topicWait(input.topics, input.schedule, input.now),
    leaders(held, input.now),
    takeaways(held, input.now),
  ];
}

/** One line of a member's own history. */
export interface MemberHistoryEntry {
  readonly date: string;
  readonly kind: SessionKind;
  /** What they did: facilitated, led, attended (the first that applies), or absent. */
  readonly role: 'facilitator' | 'lead' | 'attendee' | 'absent';
  /** Their answer for that date, if any. */
  readonly answer?: Answer['response'];
  readonly reason?: Answer['reason'];
}

/** A member's own attendance history: what is shown to them only. */
export interface MemberHistory {
  readonly accountId: string;
  /** Sessions they attended or answered for, newest first. */
  readonly entries: readonly MemberHistoryEntry[];
  readonly attended: number;
  readonly facilitated: number;
  readonly led: number;
  /** Answers "coming" for held sessions, and how many of those they came to. */
  readonly saidComing: number;
  readonly cameAsSaid: number;
}

/**
 * A member's history: every held session they attended, facilitated or led, or answered for
 * (absent), newest first, with their answer; and their counts. Facilitating or leading counts as
 * attending.
 */
export function memberHistory(
  accountId: string,
  sessions: readonly HeldSession[],
  answers: readonly Answer[],
): MemberHistory {
  const mine = new Map(
    latestAnswers(answers.filter((a) => a.accountId === accountId)).map((a) => [a.sessionDate, a]),
  );
  const entries: MemberHistoryEntry[] = [];
  for (const s of inOrder(sessions).reverse()) {
    const answer = mine.get(s.date);
    const role =
      s.facilitator === accountId
        ? 'facilitator'
        : s.lead === accountId
          ? 'lead'
          : s.attendees.includes(accountId)
            ? 'attendee'
            : 'absent';
    if (role === 'absent' && answer === undefined) continue;
    entries.push({
      date: s.date,
      kind: s.kind,
      role,
      ...(answer === undefined ? {} : { answer: answer.response }),
      ...(answer?.reason === undefined ? {} : { reason: answer.reason }),
    });
  }
  const held = inOrder(sessions);
  const saidComing = entries.filter((e) => e.answer === 'coming');
  return {
    accountId,
    entries,
    attended: entries.filter((e) => e.role !== 'absent').length,
    facilitated: held.filter((s) => s.facilitator === accountId).length,
    led: held.filter((s) => s.lead === accountId).length,
    saidComing: saidComing.length,
    cameAsSaid: saidComing.filter((e) => e.role !== 'absent').length,
  };
}
