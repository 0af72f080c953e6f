/** Shared vocabulary of the Thirty Five game. */

/** An Atlassian account id: how participants are identified. */
export type AccountId = string;

/**
 * A card id: an opaque random string drawn by the server at the deal (`anonymousCards`), so it
 * carries no trace of who wrote the card or when. Cards typed in from paper are `c1`, `c2`, … in
 * the order typed; games dealt before ids were drawn kept their `c1`, `c2`, ….
 */
export type CardId = string;

/** A card as stored in state. The author never leaves state: projections drop it. */
export interface Card {
  readonly id: CardId;
  readonly author: AccountId | null;
  readonly text: string;
}

/** One person at a table in one round, with the card they hold. */
export interface Seat {
  readonly player: AccountId;
  readonly card: CardId;
}

/** Two partners who split the points between their two cards. */
export interface Pair {
  readonly a: Seat;
  readonly b: Seat;
}

/**
 * The plan of one round: who sits with whom holding which card, who has the bye (odd head-count),
 * and which cards rest in the table pool (cards of removed people, see `schedule.ts`).
 */
export interface RoundPlan {
  readonly round: number;
  readonly pairs: readonly Pair[];
  readonly bye: Seat | null;
  readonly pool: readonly CardId[];
}

/** Points a pair gives to its two cards, keyed by card id. */
export type SplitPoints = Readonly<Record<CardId, number>>;
