import type { DomainError, Result } from '../result';

/**
 * Every reason a CoP Session (deep dive) command can be refused. The resolver layer passes these
 * codes to the client unchanged, so they are part of the public contract: add codes, never rename.
 */
export const COP_SESSION_ERROR_CODES = [
  'UNKNOWN_COMMAND',
  'WRONG_PHASE',
  'NOT_FACILITATOR',
  'NOT_LEAD',
  'NOT_AUTHOR',
  'NOT_JOINED',
  'ALREADY_JOINED',
  'ATTENDANCE_FULL',
  'NOT_IN_GROUP',
  'INVALID_ID',
  'DUPLICATE_ID',
  'INVALID_ACCOUNT',
  'TITLE_EMPTY',
  'TITLE_TOO_LONG',
  'DETAILS_TOO_LONG',
  'OUTLINE_TOO_LONG',
  'TOO_MANY_QUESTIONS',
  'QUESTION_TOO_LONG',
  'GUEST_NAME_EMPTY',
  'GUEST_NAME_TOO_LONG',
  'INVALID_AGENDA',
  'INVALID_PROMPT',
  'PROMPT_TOO_LONG',
  'INVALID_GROUPS',
  'GROUPS_FORMED',
  'NOTES_EXIST',
  'TOPIC_REQUIRED',
  'NO_NEXT_STEP',
  'NO_PREVIOUS_STEP',
  'INVALID_MINUTES',
  'MEETING_TOO_LONG',
  'CHECKIN_EMPTY',
  'CHECKIN_TOO_LONG',
  'UNKNOWN_BOARD',
  'BOARD_CLOSED',
  'UNKNOWN_NOTE',
  'NOTE_EMPTY',
  'NOTE_TOO_LONG',
  'TOO_MANY_NOTES',
  'INVALID_REVISION',
  'TAKEAWAY_EMPTY',
  'TAKEAWAY_TOO_LONG',
  'TOO_MANY_TAKEAWAYS',
  'UNKNOWN_TAKEAWAY',
  'ACTION_EMPTY',
  'ACTION_TOO_LONG',
  'TOO_MANY_ACTIONS',
  'INVALID_OWNER',
  'INVALID_DUE',
  'UNKNOWN_ACTION',
] as const;

/** A CoP Session refusal code (see `COP_SESSION_ERROR_CODES`). */
export type CopSessionErrorCode = (typeof COP_SESSION_ERROR_CODES)[number];

/** A CoP Session refusal: a stable code and a sentence for people. */
export type CopSessionError = DomainError<CopSessionErrorCode>;

/** The outcome of a CoP Session rule: a value, or a refusal with a CoP Session code. */
export type CopSessionResult<T> = Result<T, CopSessionErrorCode>;
