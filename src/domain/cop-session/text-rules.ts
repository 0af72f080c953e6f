import { err, ok } from '../result';
import { codePointLength, isSafeAccountId } from '../text';
import type { CopSessionErrorCode, CopSessionResult } from './errors';

/**
 * Length rules for everything a person types in a deep dive. Lengths count code points (an emoji
 * is one character), after trimming; `\r\n`, `\r` and `\n` count as the line breaks they are.
 */

/** Longest id the service may give a note, takeaway or action item, or a backlog topic id. */
export const ID_MAX = 64;

/**
 * Ids become segments of storage keys, so they use only `A–Z a–z 0–9 _ . -` (no `:`, no spaces):
 * a hostile id can never reach into another record's key.
 */
const ID_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

/** An id made by the service: 1–64 of `A–Z a–z 0–9 _ . -` (`INVALID_ID` otherwise). */
export function validateId(id: string): CopSessionResult<string> {
  return ID_PATTERN.test(id)
    ? ok(id)
    : err('INVALID_ID', `An id is 1–${ID_MAX} letters, digits, dots, dashes or underscores.`);
}

/** An Atlassian account id (see `isSafeAccountId`), else `INVALID_ACCOUNT`. */
export function validateAccount(accountId: string): CopSessionResult<string> {
  return isSafeAccountId(accountId)
    ? ok(accountId)
    : err('INVALID_ACCOUNT', 'That is not an Atlassian account id.');
}

/** Turns every run of whitespace that holds a line break into one space: one line of text. */
export function oneLine(raw: string): string {
  return raw.replace(/[^\S\r\n]*(?:\r\n?|\n)\s*/g, ' ');
}

/** What a bounded text field is called and which codes it refuses with. */
export interface TextRule {
  readonly label: string;
  readonly max: number;
  /** The code when the trimmed text is empty; `null` when empty text is allowed. */
  readonly emptyCode: CopSessionErrorCode | null;
  readonly longCode: CopSessionErrorCode;
  /** True when line breaks become spaces (one-line fields). */
  readonly isOneLine: boolean;
}

/**
 * Checks a piece of user text against its rule: one-line fields have their line breaks turned into
 * spaces; the text is trimmed; it must then be non-empty (unless the rule allows empty) and at most
 * `max` code points. Returns the normalised text.
 */
export function boundedText(raw: string, rule: TextRule): CopSessionResult<string> {
  const text = (rule.isOneLine ? oneLine(raw) : raw).trim();
  if (text.length === 0 && rule.emptyCode !== null) {
    return err(rule.emptyCode, `${rule.label} needs some text.`);
  }
  return codePointLength(text) > rule.max
    ? err(rule.longCode, `${rule.label} is at most ${rule.max} characters.`)
    : ok(text);
}
