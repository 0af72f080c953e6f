/**
 * Attendance for every session type (issue 14: "every session type (deep dive, Thirty Five, Lean
 * Coffee) records who attended"): the summary a game writes when its session ends, the rule that
 * checks it, and how it reads as a held session for the measures of success (`measures.ts`).
 *
 * A summary is written by the app's own code at the end of a session (never from a payload), so
 * the rule is a guard against a bug reaching storage, and the caps bound what one record can hold.
 * One record per board and session number: recording the same session again replaces it.
 */
import { err, ok, type Result } from '../result';
import { codePointLength, isIsoDate, isSafeAccountId } from '../text';
import type { HeldSession, SessionKind } from './measures';
import { localDateOf } from './time-zone';

/** The session formats that record attendance (`cop-session` is the deep dive). */
export type SessionRecordKind = 'thirty-five' | 'lean-coffee' | 'cop-session';

export const SESSION_RECORD_KINDS: readonly SessionRecordKind[] = [
  'thirty-five',
  'lean-coffee',
  'cop-session',
];

/**
 * Most attendees one session records: the largest session the games allow (200 Thirty Five players,
 * or 200 deep-dive attendees) with its facilitator and lead, who are added when missing — so the
 * record of a full game is never refused.
 */
export const SESSION_ATTENDEES_MAX = 202;
/** Most action items one session records. */
export const SESSION_ACTION_ITEMS_MAX = 100;
/** Longest action item text, in characters (code points): the games' own cap. */
export const SESSION_ACTION_TEXT_MAX = 300;
/** Most takeaways one session can count. */
export const SESSION_TAKEAWAYS_MAX = 1000;
/** Longest board id, backlog topic id or page id a summary holds. */
export const SESSION_ID_MAX = 200;
/** Highest session number of a board. */
export const SESSION_NUMBER_MAX = 1_000_000;
/** Most session records a space keeps (about ten years at four sessions a month, with room). */
export const SESSION_RECORDS_MAX = 500;

/** An action item as the attendance record keeps it. */
export interface SessionActionItem {
  readonly text: string;
  readonly owner?: string;
  /** `YYYY-MM-DD`. */
  readonly due?: string;
  /** Absent: open. */
  readonly done?: boolean;
}

/** What a session leaves behind for the community's rhythm: who came, who ran it, what came out. */
export interface SessionSummary {
  readonly kind: SessionRecordKind;
  /** The board (`<contentId>.<localId>`) the session ran on. */
  readonly boardId: string;
  /** Which session of that board (1, 2, … when a board is reset and played again). */
  readonly session: number;
  /** The Confluence page the board is on. */
  readonly pageId: string;
  /** Epoch ms. */
  readonly startedAt: number;
  /** Epoch ms, not before `startedAt`. */
  readonly endedAt: number;
  readonly facilitator: string;
  /** Distinct account ids, the facilitator and the lead included. */
  readonly attendees: readonly string[];
  /** Who led the topic (deep dive), if anyone. */
  readonly lead?: string;
  /** The backlog topic the session was about, if any. */
  readonly topicId?: string;
  readonly takeaways: number;
  readonly actionItems: readonly SessionActionItem[];
  /** The session-notes page, once written. */
  readonly notesPageId?: string;
}

export type SessionSummaryErrorCode =
  | 'INVALID_SESSION'
  | 'INVALID_ACCOUNT'
  | 'TOO_MANY_ATTENDEES'
  | 'TOO_MANY_ACTION_ITEMS'
  | 'ACTION_ITEM_TOO_LONG';

const isId = (value: unknown): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= SESSION_ID_MAX;

const isInstant = (value: number): boolean => Number.isSafeInteger(value) && value >= 0;

/**
 * Checks a session summary and puts it in its stored form. The kind is one of
 * SESSION_RECORD_KINDS; board id, page id and topic id are non-empty and at most SESSION_ID_MAX
 * long; the session number is an integer from 1 to SESSION_NUMBER_MAX; both instants are
 * non-negative integers with `startedAt ≤ endedAt`; takeaways an integer from 0 to
 * SESSION_TAKEAWAYS_MAX (else `INVALID_SESSION`). Every account id (facilitator, lead, attendees,
 * owners) is an Atlassian account id (`INVALID_ACCOUNT`). Attendees are made distinct, in their
 * first order, with the facilitator and the lead added when missing (they were there), at most
 * SESSION_ATTENDEES_MAX (`TOO_MANY_ATTENDEES`). At most SESSION_ACTION_ITEMS_MAX action items
 * (`TOO_MANY_ACTION_ITEMS`), each a trimmed non-empty text of at most SESSION_ACTION_TEXT_MAX
 * characters (`ACTION_ITEM_TOO_LONG`, empty: `INVALID_SESSION`) with a `YYYY-MM-DD` due date if any.
 */
export function validateSessionSummary(
  summary: SessionSummary,
): Result<SessionSummary, SessionSummaryErrorCode> {
  const invalid = (why: string) => err('INVALID_SESSION', `The session record ${why}.`);
  if (!SESSION_RECORD_KINDS.includes(summary.kind)) return invalid('has an unknown kind');
  if (!isId(summary.boardId) || !isId(summary.pageId)) return invalid('needs a board and a page');
  if (summary.topicId !== undefined && !isId(summary.topicId)) return invalid('has a bad topic');
  if (summary.notesPageId !== undefined && !isId(summary.notesPageId)) {
    return invalid('has a bad notes page');
  }
  if (
    !Number.isSafeInteger(summary.session) ||
    summary.session < 1 ||
    summary.session > SESSION_NUMBER_MAX
  ) {
    return invalid(`number is not from 1 to ${SESSION_NUMBER_MAX}`);
  }
  if (!isInstant(summary.startedAt) || !isInstant(summary.endedAt)) {
    return invalid('needs its start and end instants');
  }
  if (summary.endedAt < summary.startedAt) return invalid('ends before it starts');
  if (
    !Number.isSafeInteger(summary.takeaways) ||
    summary.takeaways < 0 ||
    summary.takeaways > SESSION_TAKEAWAYS_MAX
  ) {
    return invalid(`counts takeaways outside 0–${SESSION_TAKEAWAYS_MAX}`);
  }
  const people = [
    summary.facilitator,
    ...(summary.lead === undefined ? [] : [summary.lead]),
    ...summary.attendees,
    ...summary.actionItems.flatMap((a) => (a.owner === undefined ? [] : [a.owner])),
  ];
  if (!people.every(isSafeAccountId)) {
    return err('INVALID_ACCOUNT', 'A session record holds Atlassian account ids only.');
  }
  const attendees = [
    ...new Set([
      ...summary.attendees,
      summary.facilitator,
      ...(summary.lead === undefined ? [] : [summary.lead]),
    ]),
  ];
  if (attendees.length > SESSION_ATTENDEES_MAX) {
    return err(
      'TOO_MANY_ATTENDEES',
      `A session records at most ${SESSION_ATTENDEES_MAX} attendees.`,
    );
  }
  if (summary.actionItems.length > SESSION_ACTION_ITEMS_MAX) {
    return err(
      'TOO_MANY_ACTION_ITEMS',
      `A session records at most ${SESSION_ACTION_ITEMS_MAX} action items.`,
    );
  }
  const actionItems: SessionActionItem[] = [];
  for (const item of summary.actionItems) {
    const text = item.text.trim();
    if (text === '') return invalid('has an empty action item');
    if (codePointLength(text) > SESSION_ACTION_TEXT_MAX) {
      return err(
        'ACTION_ITEM_TOO_LONG',
        `An action item is at most ${SESSION_ACTION_TEXT_MAX} characters.`,
      );
    }
    if (item.due !== undefined && !isIsoDate(item.due)) return invalid('has a bad due date');
    actionItems.push({
      text,
      ...(item.owner === undefined ? {} : { owner: item.owner }),
      ...(item.due === undefined ? {} : { due: item.due }),
      ...(item.done === true ? { done: true } : {}),
    });
  }
  return ok({
    kind: summary.kind,
    boardId: summary.boardId,
    session: summary.session,
    pageId: summary.pageId,
    startedAt: summary.startedAt,
    endedAt: summary.endedAt,
    facilitator: summary.facilitator,
    attendees,
    ...(summary.lead === undefined ? {} : { lead: summary.lead }),
    ...(summary.topicId === undefined ? {} : { topicId: summary.topicId }),
    takeaways: summary.takeaways,
    actionItems,
    ...(summary.notesPageId === undefined ? {} : { notesPageId: summary.notesPageId }),
  });
}

/** The id of a session record: its board and session number (`<board>#<n>`); one record each. */
export function sessionRecordId(boardId: string, session: number): string {
  return `${boardId}#${session}`;
}

const MEASURE_KIND: Readonly<Record<SessionRecordKind, SessionKind>> = {
  'thirty-five': 'thirty-five',
  'lean-coffee': 'lean-coffee',
  'cop-session': 'deep-dive',
};

/**
 * A recorded session as the measures read it: its id is `sessionRecordId`, its date the local date
 * of its start in the community's time zone (so it matches the schedule's session of that day),
 * the deep dive (`cop-session`) is the measures' `deep-dive`, and an action item is open unless
 * marked done.
 */
export function heldSessionOf(summary: SessionSummary, timeZone: string): HeldSession {
  return {
    id: sessionRecordId(summary.boardId, summary.session),
    date: localDateOf(timeZone, summary.startedAt),
    startedAt: summary.startedAt,
    kind: MEASURE_KIND[summary.kind],
    attendees: summary.attendees,
    facilitator: summary.facilitator,
    ...(summary.lead === undefined ? {} : { lead: summary.lead }),
    takeaways: summary.takeaways,
    actionItems: summary.actionItems.map((a) => ({ done: a.done === true })),
  };
}
