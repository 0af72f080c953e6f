import type { CardId } from './types';

/** One card's points per round: a number when its pair confirmed a split, null when not rated. */
export interface TallyCard {
  readonly id: CardId;
  readonly text: string;
  readonly perRound: readonly (number | null)[];
}

/**
 * Everything scoring needs: R, P and the cards in tie-break order — for a game played online the
 * deal's hidden order (`anonymousCards`: random, never shown), for cards typed in from paper the
 * order they were typed.
 */
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
export function scoreCard(card: TallyCard, tally: Tally): CardScore {
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
  };
}

/** Scores every card of a tally, in the tally's order. */
export function scoreTally(tally: Tally): CardScore[] {
  return tally.cards.map((card) => scoreCard(card, tally));
}

/**
 * The ranking order by score: normalised score descending, then raw total descending, then full
 * splits descending; 0 when all three are equal. Normalised scores are compared exactly (as
 * fractions raw / ratings, by cross-multiplication), so equal means equal.
 */
export function compareScores(x: CardScore, y: CardScore): number {
  const normalised = y.raw * Math.max(x.ratings, 1) - x.raw * Math.max(y.ratings, 1);
  if (normalised !== 0) {
    return normalised;
  }
  return y.raw - x.raw || y.fullSplits - x.fullSplits;
}

/**
 * Ranks the cards of a tally by `compareScores`, and cards equal on all three by the tally's order
 * (online: the deal's hidden random order, so a tie says nothing about who wrote a card or when;
 * in-room: the order typed). Ranks run 1, 2, 3, … without gaps; the tally's order itself is not
 * part of a score line.
 */
export function rankTally(tally: Tally): RankedCard[] {
  return scoreTally(tally)
    .map((score, i) => ({ score, i }))
    .sort((x, y) => compareScores(x.score, y.score) || x.i - y.i)
    .map(({ score }, i) => ({ ...score, rank: i + 1 }));
}
