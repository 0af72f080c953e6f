/**
 * The Thirty Five resolvers as the UI sees them: names, payloads and answers (types only, plus a
 * few constants). Identity and the macro instance come from the Forge context, never from here.
 *
 * Live updates: every accepted change publishes one notice on `changeChannel(localId)` with the
 * game's facilitator `version` and a kind (`started`, `card`, `split`, `dealt`, `round`, `removed`,
 * `results`, `tallies`, `backlog`, `ended`). Cards and splits do not change `version`. Refused
 * commands publish nothing. A participant's own command answers with their fresh view
 * (`ParticipantAnswer`), so their screen does not read it again.
 */
import type { PastSession } from './board';
import type { ChangeNotice } from './channels';
import type { NoticeKey } from './notice-signature';
import type {
  CardView,
  Phase,
  PlayerView,
  RankedCard,
  RoundProgress,
  SplitPoints,
  TallyEntry,
} from '../domain/thirty-five';

/** Resolver keys, as passed to `invoke`. */
export const THIRTY_FIVE = {
  state: 'thirtyFive/state',
  start: 'thirtyFive/start',
  join: 'thirtyFive/join',
  writeCard: 'thirtyFive/writeCard',
  deal: 'thirtyFive/deal',
  proposeSplit: 'thirtyFive/proposeSplit',
  confirmSplit: 'thirtyFive/confirmSplit',
  nextRound: 'thirtyFive/nextRound',
  removeParticipant: 'thirtyFive/removeParticipant',
  askToJoin: 'thirtyFive/askToJoin',
  admitParticipant: 'thirtyFive/admitParticipant',
  showResults: 'thirtyFive/showResults',
  enterTallies: 'thirtyFive/enterTallies',
  sendToBacklog: 'thirtyFive/sendToBacklog',
  end: 'thirtyFive/end',
  newSession: 'thirtyFive/newSession',
} as const;

/** The tie-break rule in words: shown under the ranking and on the notes page. */
export const THIRTY_FIVE_TIE_BREAK_RULE =
  'Cards are ranked by normalised score (average points per rating × rounds, so a card that missed a rating is compared fairly), then by raw total, then by the number of full splits, then by an order drawn at random when the cards were dealt, which nobody sees (cards typed in from paper: the order typed).';

/* ---------------------------------------------------------------- payloads */

/** `thirtyFive/start`: no payload; the caller becomes the facilitator if no game exists yet. */
export type StartPayload = Record<string, never>;
/** `thirtyFive/join` and `thirtyFive/writeCard`: my one card (re-sending it edits it). */
export interface CardPayload {
  readonly text: string;
}
/**
 * Every facilitator command names the game version the facilitator's screen showed: a double click,
 * or a click on a screen that has since changed, answers CONFLICT instead of acting twice.
 */
export interface Seen {
  readonly version: number;
}
/** `thirtyFive/deal`: closes collection and deals; rounds 1–10 (default 5), points 1–20 (default 7). */
export interface DealPayload extends Seen {
  readonly rounds?: number;
  readonly points?: number;
}
/**
 * `thirtyFive/proposeSplit` / `confirmSplit`: the round the caller is looking at and the points for
 * exactly the pair's two card ids. A stale round is refused with WRONG_PHASE.
 */
export interface SplitPayload {
  readonly round: number;
  readonly points: SplitPoints;
}
/** `thirtyFive/nextRound`: optionally a round timer every screen counts down, 0–30 minutes. */
export interface NextRoundPayload extends Seen {
  readonly minutes?: number;
}
/**
 * `thirtyFive/askToJoin`: a late arrival asks to play, with the card they bring if the table pool
 * holds none for them (re-sending edits it). Identity is the caller's.
 */
export interface AskPayload {
  readonly text: string;
}
/** `thirtyFive/admitParticipant`: someone who asked to join (an account id from `asks`). */
export interface AdmitPayload extends Seen {
  readonly accountId: string;
}
/** `thirtyFive/removeParticipant`. */
export interface RemovePayload extends Seen {
  readonly accountId: string;
}
/** `thirtyFive/enterTallies`: the numbers from the backs of the paper cards. */
export interface TalliesPayload extends Seen {
  readonly cards: readonly TallyEntry[];
  readonly rounds?: number;
  readonly points?: number;
}

/* ----------------------------------------------------------------- answers */

/**
 * What the caller should do now, derived from their view: write a card; wait for the deal; propose,
 * confirm or wait for the partner; wait for the next round (split locked, or a bye); watch (joined
 * late or removed); read the results.
 */
export type ThirtyFiveStep =
  | 'not-started'
  | 'write-card'
  | 'wait-for-deal'
  | 'propose'
  | 'confirm'
  | 'wait-for-partner'
  | 'wait-for-round'
  | 'bye'
  | 'watch'
  | 'results'
  | 'ended';

/** `thirtyFive/state`: one person's view of the game in this macro. */
export interface ThirtyFiveStateView {
  /** The game row's version; every facilitator change increments it. */
  readonly version: number;
  readonly phase: Phase | 'not-started';
  readonly step: ThirtyFiveStep;
  readonly me: string;
  /** The account that started the game (null before anyone has). */
  readonly startedBy: string | null;
  /** Whether the caller may give facilitator commands (starter, or a space admin). */
  readonly isFacilitator: boolean;
  /** The domain's view: my card, my seat (pair, partner, both cards, both records, lock) or bye. */
  readonly view: PlayerView | null;
  /** The two cards side by side this round, mine first (null outside a pair). */
  readonly cards: readonly [CardView, CardView] | null;
  /** Display names of the people in this view (players, removed, starter), looked up now. */
  readonly names: Readonly<Record<string, string>>;
  /** People playing (sorted by account id, never in card order), and people removed. */
  readonly players: readonly string[];
  readonly removed: readonly string[];
  /** Cards written so far (collecting), or cards in play. */
  readonly cardCount: number;
  readonly rounds: number | null;
  readonly points: number | null;
  readonly progress: RoundProgress | null;
  /** Whether another round can start (false after the last one: show the results). */
  readonly canStartRound: boolean;
  /** The ranking in results and after; null before. */
  readonly ranking: readonly RankedCard[] | null;
  readonly tieBreakRule: string;
  readonly mode: 'online' | 'in-room' | null;
  readonly backlog: { readonly imported: number; readonly at: number } | null;
  readonly notes: { readonly pageId: string; readonly url: string; readonly title: string } | null;
  /**
   * Late arrivals waiting to be admitted, earliest ask first (only the facilitator's view lists
   * them; others get an empty list). Absent from views built before late arrivals existed.
   */
  readonly asks?: readonly { readonly accountId: string; readonly at: number }[];
  /** The card text of my own pending ask to join, or null when I have not asked. */
  readonly myAsk?: { readonly text: string } | null;
  /** Whether a late arrival can be admitted now (between rounds, a round still to come). */
  readonly canAdmit?: boolean;
  /**
   * The round being played: when it started (the server's clock) and its timer's length in
   * minutes (0: no timer). Null outside a round.
   */
  readonly roundTimer?: {
    readonly round: number;
    readonly startedAt: number;
    readonly minutes: number;
  } | null;
  /** The server's clock when this view was built, so a screen counts down from the same time. */
  readonly now?: number;
  /** The macro's ended sessions, oldest first, with their notes links (always sent by the server). */
  readonly sessions?: readonly PastSession[];
  /**
   * What this screen checks signed notices with (`static/src/notice-trust.ts`); null or absent
   * (no game yet, or no key): every notice counts as unsigned.
   */
  readonly noticeKey?: NoticeKey | null;
}

/** What a participant command answers: the game version it was decided against. */
export interface Accepted {
  readonly version: number;
}

/**
 * What a participant command (`join`, `writeCard`, `proposeSplit`, `confirmSplit`, `askToJoin`)
 * answers: the version it was decided against and the caller's view right after their write,
 * exactly what `thirtyFive/state` would answer them at that moment (same type, same privacy), so
 * the screen shows it without a read (issue 13). A refused command answers its error, as before.
 */
export interface ParticipantAnswer extends Accepted {
  readonly state: ThirtyFiveStateView;
  /** The notice this command published: the screen knows it as its own when it arrives. */
  readonly notice: ChangeNotice | null;
}

/** `thirtyFive/sendToBacklog`. */
export interface SentToBacklog {
  readonly version: number;
  readonly imported: number;
}

/** `thirtyFive/end`. */
export interface Ended {
  readonly version: number;
  readonly notes: { readonly pageId: string; readonly url: string; readonly title: string } | null;
}
