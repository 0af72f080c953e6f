/** Public API of the Thirty Five rules (DESIGN §1.1). */
export type { ThirtyFiveErrorCode } from './errors';
export { THIRTY_FIVE_ERROR_CODES } from './errors';
export type { AccountId, Card, CardId, Pair, RoundPlan, Seat, SplitPoints } from './types';
export {
  CARD_ID_PATTERN,
  CARD_MAX_LENGTH,
  DEFAULT_POINTS,
  DEFAULT_ROUNDS,
  MAX_JOIN_ASKS,
  MAX_LATE_ARRIVALS,
  MAX_PARTICIPANTS,
  MAX_POINTS,
  MAX_ROUND_MINUTES,
  MAX_ROUNDS,
  MIN_PARTICIPANTS,
  MIN_POINTS,
  MIN_ROUNDS,
  validateCardText,
  validatePoints,
  validateRounds,
} from './rules';
export { dealCards, type AuthoredCard } from './deal';
export {
  CARDS_MEET_AGAIN_WEIGHT,
  OWN_CARD_WEIGHT,
  costOfPlan,
  holdingsAfter,
  planRounds,
  type PlanCost,
  type PlanInput,
} from './schedule';
export { isSameSplit, latestRecord, lockedSplit, validateSplit, type SplitRecord } from './split';
export {
  compareScores,
  rankTally,
  scoreCard,
  scoreTally,
  type CardScore,
  type RankedCard,
  type Tally,
  type TallyCard,
} from './scoring';
export { validateTallies, type TallyEntry } from './in-room';
export {
  FACILITATOR_COMMANDS,
  LEGAL_COMMANDS,
  InvalidDrawError,
  anonymousCards,
  decide,
  evolve,
  initialState,
  isBetweenRounds,
  pairLock,
  pairOf,
  partnerIn,
  replay,
  startOfRound,
  type AdmitDraw,
  type CardDraft,
  type JoinAsk,
  type CommandType,
  type DealDraw,
  type DecideContext,
  type OnlineGame,
  type Outcome,
  type Phase,
  type ThirtyFiveCommand,
  type ThirtyFiveEvent,
  type ThirtyFiveState,
} from './game';
export {
  ranking,
  roundProgress,
  scoreboard,
  tallyOf,
  tallyOfGame,
  viewFor,
  type CardView,
  type PlayerView,
  type RoundProgress,
  type Role,
  type SeatView,
} from './projections';
