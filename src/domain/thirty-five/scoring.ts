import type { CardId } from './types';

/** One card's points per round: a number when its pair confirmed a split, null when not rated. */
export interface TallyCard {
  readonly id: CardId;
  readonly text: string;
  readonly perRound: readonly (number | null)[];
}

/** Everything scoring needs: R, P and the cards in order of first submission (earliest first). */
export interface Tally {
  readonly rounds: number;
  readonly points: number;
  readonly cards: readonly TallyCard[];
}

/** A card's score line, as shown on the scoreboard and in the notes. */
export interface CardScore {
  readonly id: CardId;
  readonly text: string;
  /** Points per round, null when the card was not rated that round. */
  readonly perRound: readonly (number | null)[];
  /** Sum of the points received (at most P × R). */
  readonly raw: number;
  /** Rounds in which the card sat in a confirmed pair. */
  readonly ratings: number;
  /** raw / ratings × R, or 0 when never rated. */
  readonly normalised: number;
  /** Times the card received all P points. */
  readonly fullSplits: number;
  /** Position in order of first submission, 0 for the earliest card. */
  readonly order: number;
}

/** A score line with its place in the ranking (1 for the top card). */
export interface RankedCard extends CardScore {
  readonly rank: number;
}

/**
 * Scores one card: raw total = sum of its points; ratings = rounds it was rated; normalised score =
 * raw / ratings × R (0 when never rated), so a card that missed a round (a bye, an unconfirmed pair,
 * a rest in the pool) is compared fairly; full splits = rounds in which it received all P points.
 */
export function scoreCard(card: TallyCard, tally: Tally, order: number): CardScore {
  const rated = card.perRound.filter((p): p is number => p !== null);
  const raw = rated.reduce((sum, p) => sum + p, 0);
  return {
    id: card.id,
    text: card.text,
    perRound: card.perRound,
    raw,
    ratings: rated.length,
    normalised: rated.length === 0 ? 0 : (raw / rated.length) * tally.rounds,
    fullSplits: rated.filter((p) => p === tally.points).length,
    order,
  };
}

/** Scores every card of a tally, in card order. */
export function scoreTally(tally: Tally): CardScore[] {
  return tally.cards.map((card, i) => scoreCard(card, tally, i));
}

/**
 * The ranking order: normalised score descending, then raw total descending, then full splits
 * descending, then the earliest card first. Normalised scores are compared exactly (as fractions
 * raw / ratings, by cross-multiplication), so equal means equal.
 */
export function compareScores(x: CardScore, y: CardScore): number {
  const normalised = y.raw * Math.max(x.ratings, 1) - x.raw * Math.max(y.ratings, 1);
  if (normalised !== 0) {
    return normalised;
  }
  return y.raw - x.raw || y.fullSplits - x.fullSplits || x.order - y.order;
}

/** Ranks the cards of a tally by `compareScores`; ranks run 1, 2, 3, … without gaps. */
export function rankTally(tally: Tally): RankedCard[] {
  return scoreTally(tally)
    .sort(compareScores)
    .map((score, i) => ({ ...score, rank: i + 1 }));
}
