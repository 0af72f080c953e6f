import { err, ok } from '../result';
import { isIsoDate, stripIllegalXmlChars } from '../text';
import type { LeanCoffeeResult } from './errors';
import { textLength } from './topics';

/** Something learned on a topic, written by one participant (their own record). */
export interface Takeaway {
  readonly id: string;
  readonly topicId: string;
  readonly author: string;
  readonly text: string;
  /** When it was added (kept by edits): takeaways are listed in the order added, ties by id. */
  readonly addedAt?: number;
}

/** Something someone will do after the meeting; the owner is an accountId, or nobody yet. */
export interface ActionItem {
  readonly id: string;
  readonly topicId: string;
  readonly author: string;
  readonly text: string;
  readonly owner: string | null;
  /** The day it is due, `YYYY-MM-DD`; absent when none was given. */
  readonly due?: string;
  /** When it was added (kept by edits): action items are listed in the order added, ties by id. */
  readonly addedAt?: number;
}

/**
 * The order takeaways and action items are listed in, on the board and the notes page: the order
 * they were added (ids are random, so id order says nothing), ties and records from before
 * `addedAt` existed by id.
 */
export function byAdded(
  a: { readonly id: string; readonly addedAt?: number },
  b: { readonly id: string; readonly addedAt?: number },
): number {
  return (a.addedAt ?? 0) - (b.addedAt ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Longest takeaway, in characters (code points). */
export const TAKEAWAY_MAX = 500;
/** Longest action item, in characters (code points). */
export const ACTION_MAX = 300;

/** A takeaway is trimmed and must then be 1–500 characters (`TAKEAWAY_EMPTY`, `TAKEAWAY_TOO_LONG`). */
export function normaliseTakeaway(raw: string): LeanCoffeeResult<string> {
  const text = stripIllegalXmlChars(raw).trim();
  if (text.length === 0) {
    return err('TAKEAWAY_EMPTY', 'A takeaway needs some text.');
  }
  return textLength(text) > TAKEAWAY_MAX
    ? err('TAKEAWAY_TOO_LONG', `A takeaway is at most ${TAKEAWAY_MAX} characters.`)
    : ok(text);
}

/** An action item is trimmed and must then be 1–300 characters (`ACTION_EMPTY`, `ACTION_TOO_LONG`). */
export function normaliseAction(raw: string): LeanCoffeeResult<string> {
  const text = stripIllegalXmlChars(raw).trim();
  if (text.length === 0) {
    return err('ACTION_EMPTY', 'An action item needs some text.');
  }
  return textLength(text) > ACTION_MAX
    ? err('ACTION_TOO_LONG', `An action item is at most ${ACTION_MAX} characters.`)
    : ok(text);
}

/**
 * An action item's owner: an accountId (non-empty, no surrounding spaces) or `null` for nobody
 * (`INVALID_OWNER` otherwise). Whether the account exists is the service's check, not the domain's.
 */
/**
 * An action item's due date is optional: absent or `null` means none; otherwise it is a real
 * calendar day written `YYYY-MM-DD` (`INVALID_DATE`).
 */
export function normaliseDue(raw: string | null | undefined): LeanCoffeeResult<string | null> {
  if (raw === null || raw === undefined) {
    return ok(null);
  }
  return isIsoDate(raw) ? ok(raw) : err('INVALID_DATE', 'A due date is a day written YYYY-MM-DD.');
}

export function normaliseOwner(raw: string | null | undefined): LeanCoffeeResult<string | null> {
  if (raw === null || raw === undefined) {
    return ok(null);
  }
  return raw.length > 0 && raw.trim() === raw
    ? ok(raw)
    : err('INVALID_OWNER', 'An owner is an Atlassian account id.');
}
