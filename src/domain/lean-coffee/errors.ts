import type { DomainError, Result } from '../result';

/**
 * Every reason a Lean Coffee command can be refused. The resolver layer passes these codes to the
 * client unchanged, so they are part of the public contract: add codes, never rename them.
 */
export const LEAN_COFFEE_ERROR_CODES = [
  'WRONG_PHASE',
  'NOT_FACILITATOR',
  'NOT_AUTHOR',
  'INVALID_SETTINGS',
  'INVALID_ID',
  'DUPLICATE_ID',
  'TITLE_EMPTY',
  'TITLE_TOO_LONG',
  'DETAILS_TOO_LONG',
  'INVALID_MINUTES',
  'UNKNOWN_TOPIC',
  'SAME_TOPIC',
  'NO_TOPICS',
  'INVALID_DOTS',
  'TOO_MANY_DOTS',
  'TOO_MANY_ON_TOPIC',
  'INVALID_ORDER',
  'ALREADY_DISCUSSED',
  'TOPIC_IN_PROGRESS',
  'NOT_DISCUSSING',
  'TIMEBOX_RUNNING',
  'VOTE_CLOSED',
  'TAKEAWAY_EMPTY',
  'TAKEAWAY_TOO_LONG',
  'UNKNOWN_TAKEAWAY',
  'ACTION_EMPTY',
  'ACTION_TOO_LONG',
  'INVALID_OWNER',
  'INVALID_DATE',
  'UNKNOWN_ACTION',
  'CAP_REACHED',
] as const;

/** A Lean Coffee refusal code (see `LEAN_COFFEE_ERROR_CODES`). */
export type LeanCoffeeErrorCode = (typeof LEAN_COFFEE_ERROR_CODES)[number];

/** A Lean Coffee refusal: a stable code and a sentence for people. */
export type LeanCoffeeError = DomainError<LeanCoffeeErrorCode>;

/** The outcome of a Lean Coffee rule: a value, or a refusal with a Lean Coffee code. */
export type LeanCoffeeResult<T> = Result<T, LeanCoffeeErrorCode>;
