import { err, ok } from '../result';
import { isIsoDate } from '../text';
import type { CopSessionResult } from './errors';
import { boundedText, type TextRule } from './text-rules';

/** Something learned, written by one attendee (their own record). */
export interface Takeaway {
  readonly id: string;
  readonly author: string;
  readonly text: string;
  /** When it was first added: takeaways are listed in this order. */
  readonly addedAt: number;
}

/**
 * Something someone will do after the session. The owner is any attendee (an account id) or
 * nobody yet; the due date is a calendar date `YYYY-MM-DD` or none.
 */
export interface ActionItem {
  readonly id: string;
  readonly author: string;
  readonly text: string;
  readonly owner: string | null;
  readonly due: string | null;
  readonly addedAt: number;
}

/** Longest check-in answer. */
export const CHECK_IN_MAX = 200;
/** Longest takeaway. */
export const TAKEAWAY_MAX = 500;
/** Longest action item. */
export const ACTION_MAX = 300;
/** Most live takeaways one person may have in one session. */
export const TAKEAWAYS_PER_PERSON = 20;
/** Most live action items one person may have written in one session. */
export const ACTIONS_PER_PERSON = 20;

const CHECK_IN: TextRule = {
  label: 'A check-in',
  max: CHECK_IN_MAX,
  emptyCode: 'CHECKIN_EMPTY',
  longCode: 'CHECKIN_TOO_LONG',
  isOneLine: true,
};
const TAKEAWAY: TextRule = {
  label: 'A takeaway',
  max: TAKEAWAY_MAX,
  emptyCode: 'TAKEAWAY_EMPTY',
  longCode: 'TAKEAWAY_TOO_LONG',
  isOneLine: false,
};
const ACTION: TextRule = {
  label: 'An action item',
  max: ACTION_MAX,
  emptyCode: 'ACTION_EMPTY',
  longCode: 'ACTION_TOO_LONG',
  isOneLine: false,
};

/**
 * A check-in answer: one line (line breaks become spaces), trimmed, 1–200 characters
 * (`CHECKIN_EMPTY` — pass instead — or `CHECKIN_TOO_LONG`).
 */
export function normaliseCheckIn(raw: string): CopSessionResult<string> {
  return boundedText(raw, CHECK_IN);
}

/** A takeaway: trimmed, 1–500 characters (`TAKEAWAY_EMPTY`, `TAKEAWAY_TOO_LONG`). */
export function normaliseTakeaway(raw: string): CopSessionResult<string> {
  return boundedText(raw, TAKEAWAY);
}

/** An action item: trimmed, 1–300 characters (`ACTION_EMPTY`, `ACTION_TOO_LONG`). */
export function normaliseAction(raw: string): CopSessionResult<string> {
  return boundedText(raw, ACTION);
}

/**
 * A due date: `null` for none, else a real calendar date written `YYYY-MM-DD` (`INVALID_DUE`).
 * Whether it lies in the past is not checked: the session's "today" depends on a time zone the
 * rules do not know, and a date already past is still worth recording.
 */
export function normaliseDue(raw: string | null): CopSessionResult<string | null> {
  if (raw === null) return ok(null);
  return isIsoDate(raw) ? ok(raw) : err('INVALID_DUE', 'A due date is written YYYY-MM-DD.');
}

/** The key of a takeaway or action item in the state's maps: its author and its id. */
export function contributionKey(author: string, id: string): string {
  return JSON.stringify([author, id]);
}
