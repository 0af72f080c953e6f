import { err, ok } from '../result';
import { stripIllegalXmlChars } from '../text';
import type { LeanCoffeeResult } from './errors';
import { compareText, own } from './records';
import { isIntegerIn } from './settings';

/** A proposed topic. `proposedAt` is the instant it was proposed and breaks ties in the order. */
export interface Topic {
  readonly id: string;
  readonly title: string;
  readonly details: string;
  readonly minutes: number;
  readonly author: string;
  readonly proposedAt: number;
}

/**
 * The order topics are listed in while proposing (and while voting with hidden tallies): the
 * earliest proposed first, equal instants by id, so every screen and every replay agree.
 */
export function byProposed(
  a: Pick<Topic, 'id' | 'proposedAt'>,
  b: Pick<Topic, 'id' | 'proposedAt'>,
): number {
  return a.proposedAt - b.proposedAt || compareText(a.id, b.id);
}

/** Longest topic title, in characters (code points), after trimming. */
export const TITLE_MAX = 120;
/** Longest topic details, in characters (code points), after trimming. */
export const DETAILS_MAX = 500;
/** Minutes a topic may ask for, inclusive. */
export const TOPIC_MINUTES = { min: 1, max: 30 } as const;
/** Longest id the service may give a topic, takeaway or action item. */
export const ID_MAX = 100;

/**
 * Length as a person counts it: Unicode code points, so an emoji is one character, not two
 * UTF-16 units.
 */
export function textLength(text: string): number {
  return Array.from(text).length;
}

/** An id given by the service: 1–100 characters, no surrounding spaces. Else `INVALID_ID`. */
export function validateId(id: string): LeanCoffeeResult<string> {
  return id.length > 0 && id.length <= ID_MAX && id.trim() === id
    ? ok(id)
    : err('INVALID_ID', 'An id must be 1–100 characters without surrounding spaces.');
}

/**
 * A topic title loses the characters XML forbids (they could never reach the notes page, and they
 * are what makes stored text cost more than 4 bytes a character), is trimmed, and must then be
 * 1–120 characters (`TITLE_EMPTY`, `TITLE_TOO_LONG`). Details, takeaways and actions likewise.
 */
export function normaliseTitle(raw: string): LeanCoffeeResult<string> {
  const title = stripIllegalXmlChars(raw).trim();
  if (title.length === 0) {
    return err('TITLE_EMPTY', 'A topic needs a title.');
  }
  if (textLength(title) > TITLE_MAX) {
    return err('TITLE_TOO_LONG', `A topic title is at most ${TITLE_MAX} characters.`);
  }
  return ok(title);
}

/** Details are optional: trimmed, empty when absent, at most 500 characters (`DETAILS_TOO_LONG`). */
export function normaliseDetails(raw: string | undefined): LeanCoffeeResult<string> {
  const details = stripIllegalXmlChars(raw ?? '').trim();
  return textLength(details) > DETAILS_MAX
    ? err('DETAILS_TOO_LONG', `Topic details are at most ${DETAILS_MAX} characters.`)
    : ok(details);
}

/**
 * The minutes a topic asks for: a whole number 1–30, or the board default when not given
 * (`INVALID_MINUTES` otherwise).
 */
export function normaliseMinutes(
  raw: number | undefined,
  boardDefault: number,
): LeanCoffeeResult<number> {
  const minutes = raw ?? boardDefault;
  return isIntegerIn(minutes, TOPIC_MINUTES.min, TOPIC_MINUTES.max)
    ? ok(minutes)
    : err('INVALID_MINUTES', `A topic asks for ${TOPIC_MINUTES.min}–${TOPIC_MINUTES.max} minutes.`);
}

/**
 * Details of a merged topic: the kept topic's details, a blank line, the merged one's; empty parts
 * are skipped. The result may exceed 500 characters — nothing a participant wrote is cut.
 */
export function joinDetails(kept: string, merged: string): string {
  return [kept, merged].filter((part) => part.length > 0).join('\n\n');
}

/**
 * Where a topic's votes now count: follows the chain of merges (B merged into A, A into C → C).
 * Merges only point at topics that were live when merged, so the chain has no cycle; the step bound
 * is a guard against corrupt data, not a rule.
 */
export function resolveTopicId(mergedInto: Readonly<Record<string, string>>, id: string): string {
  let current = id;
  for (let step = 0; step < 1000; step += 1) {
    const next = own(mergedInto, current);
    if (next === undefined) {
      return current;
    }
    current = next;
  }
  return current;
}
