import type { BacklogErrorCode } from '../domain/backlog';
import type { LeanCoffeeErrorCode } from '../domain/lean-coffee';
import type { ThirtyFiveErrorCode } from '../domain/thirty-five';

/** Failures that come from the platform or the request, not from a game rule. */
export type PlatformErrorCode =
  | 'INVALID_PAYLOAD'
  | 'NOT_AUTHENTICATED'
  | 'NOT_IN_MACRO'
  | 'NOT_VISIBLE'
  | 'WRONG_PLACE'
  | 'NOT_FOUND'
  | 'NOT_FACILITATOR'
  | 'CONFLICT'
  | 'PERMISSION_DENIED'
  | 'NOT_ALLOWED'
  | 'CAP_REACHED'
  | 'RATE_LIMITED'
  | 'NOTES_FAILED'
  | 'UNEXPECTED';

/** The one union of codes a resolver may answer with; the UI maps each to plain language. */
export type ErrorCode =
  PlatformErrorCode | ThirtyFiveErrorCode | LeanCoffeeErrorCode | BacklogErrorCode;
