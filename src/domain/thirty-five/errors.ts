/** Every reason a Thirty Five command can be refused, as a stable machine code. */
export type ThirtyFiveErrorCode =
  | 'WRONG_PHASE'
  | 'NOT_FACILITATOR'
  | 'NOT_A_PARTICIPANT'
  | 'NOT_IN_PAIR'
  | 'INVALID_SPLIT'
  | 'SPLIT_LOCKED'
  | 'NO_PROPOSAL'
  | 'PROPOSAL_CHANGED'
  | 'TOO_FEW_PARTICIPANTS'
  | 'CARD_TOO_LONG'
  | 'CARD_EMPTY'
  | 'INVALID_ROUNDS'
  | 'INVALID_POINTS'
  | 'UNKNOWN_PARTICIPANT'
  | 'INVALID_TALLY'
  | 'NO_MORE_ROUNDS'
  | 'GAME_FULL'
  | 'ALREADY_PLAYING';

/** All error codes, for schemas and exhaustive tests. */
export const THIRTY_FIVE_ERROR_CODES: readonly ThirtyFiveErrorCode[] = [
  'WRONG_PHASE',
  'NOT_FACILITATOR',
  'NOT_A_PARTICIPANT',
  'NOT_IN_PAIR',
  'INVALID_SPLIT',
  'SPLIT_LOCKED',
  'NO_PROPOSAL',
  'PROPOSAL_CHANGED',
  'TOO_FEW_PARTICIPANTS',
  'CARD_TOO_LONG',
  'CARD_EMPTY',
  'INVALID_ROUNDS',
  'INVALID_POINTS',
  'UNKNOWN_PARTICIPANT',
  'INVALID_TALLY',
  'NO_MORE_ROUNDS',
  'GAME_FULL',
  'ALREADY_PLAYING',
];
