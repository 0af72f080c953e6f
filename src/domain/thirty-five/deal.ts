import { createRng, shuffle } from '../random';
import { err, ok, type Result } from '../result';
import type { ThirtyFiveErrorCode } from './errors';
import { MIN_PARTICIPANTS } from './rules';
import type { AccountId, CardId } from './types';

/** A card as the deal sees it: its id and who wrote it. */
export interface AuthoredCard {
  readonly id: CardId;
  readonly author: AccountId;
}

/**
 * Deals one card to each author so that nobody holds their own card (a derangement), from a seed.
 * Rule: shuffle the cards with the seeded generator; then walk the hands in order and, wherever a
 * person was handed their own card, swap that hand with the next person's (the last one swaps with
 * the first). A swap never creates a new fixed point, so the result is always a derangement, and the
 * same cards and seed always give the same deal. Needs at least two cards.
 */
export function dealCards(
  cards: readonly AuthoredCard[],
  seed: number | string,
): Result<Readonly<Record<AccountId, CardId>>, ThirtyFiveErrorCode> {
  if (cards.length < MIN_PARTICIPANTS) {
    return err('TOO_FEW_PARTICIPANTS', `Dealing needs at least ${MIN_PARTICIPANTS} cards.`);
  }
  const hands = shuffle(cards, createRng(seed));
  const n = cards.length;
  for (let i = 0; i < n; i += 1) {
    const mine = cards[i] as AuthoredCard;
    if ((hands[i] as AuthoredCard).author === mine.author) {
      const j = (i + 1) % n;
      const held = hands[i] as AuthoredCard;
      hands[i] = hands[j] as AuthoredCard;
      hands[j] = held;
    }
  }
  const deal: Record<AccountId, CardId> = {};
  cards.forEach((card, i) => {
    deal[card.author] = (hands[i] as AuthoredCard).id;
  });
  return ok(deal);
}
