/**
 * The randomness that makes Thirty Five cards anonymous (`anonymousCards` in the domain), drawn
 * here from Node's cryptographically secure generator (`node:crypto` `randomBytes` / `randomInt`)
 * and passed into the deal. The domain draws nothing; only what the draw decides is stored (the
 * cards' ids and their order in the deal), and neither the draw nor that order reaches a view.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { MAX_PARTICIPANTS, type AdmitDraw, type DealDraw } from '../domain/thirty-five';

/** The largest rank drawn: `randomInt` takes a range below 2^48. */
const RANK_RANGE = 2 ** 48 - 1;

/**
 * One id and one rank for every card a game can hold (the deal uses as many as it has cards):
 * ids are 64 random bits as 16 hex digits (distinct; a repeat, about 1 in 2^50 for 200 cards, is
 * drawn again), ranks 48 random bits.
 */
export function drawForDeal(count: number = MAX_PARTICIPANTS): DealDraw {
  const ids = new Set<string>();
  while (ids.size < count) ids.add(randomBytes(8).toString('hex'));
  const ranks = Array.from({ length: count }, () => randomInt(RANK_RANGE));
  return { cardIds: [...ids], ranks };
}

/**
 * The draw for a late arrival's own card, from the same sources as the deal's: a 64-bit id as 16
 * hex digits and a 48-bit rank scaled to [0, 1) (the domain turns it into an equally likely place
 * among the cards' hidden order). An id equal to a dealt card's (about 1 in 2^56) is refused by
 * the domain as a draw error, never silently reused.
 */
export function drawForAdmission(): AdmitDraw {
  return { cardId: randomBytes(8).toString('hex'), rank: randomInt(RANK_RANGE) / 2 ** 48 };
}
