import { err, ok, type Result } from '../result';
import type { ThirtyFiveErrorCode } from './errors';
import { MAX_PARTICIPANTS, MIN_PARTICIPANTS, validateCardText } from './rules';
import type { Tally, TallyCard } from './scoring';

/** One paper card as the facilitator types it: its text and the R numbers from its back. */
export interface TallyEntry {
  readonly text: string;
  /** One entry per round: the points written on the card, or null for a round it missed. */
  readonly points: readonly (number | null)[];
}

/**
 * Validates the numbers from the backs of the paper cards and turns them into a tally (ids `c1`,
 * `c2`, … in the order typed). Rules: 2 to 200 cards; each text as for online cards; each card has
 * exactly R entries, each a whole number 0..P or null; and, because every confirmed pair shares
 * exactly P points, in every round the numbers entered come in an even count that sums to P per
 * pair. Rounds and points themselves are validated by the caller.
 */
export function validateTallies(
  entries: readonly TallyEntry[],
  rounds: number,
  points: number,
): Result<Tally, ThirtyFiveErrorCode> {
  if (entries.length < MIN_PARTICIPANTS) {
    return err('TOO_FEW_PARTICIPANTS', `Enter at least ${MIN_PARTICIPANTS} cards.`);
  }
  if (entries.length > MAX_PARTICIPANTS) {
    return err('INVALID_TALLY', `Enter at most ${MAX_PARTICIPANTS} cards.`);
  }
  const cards: TallyCard[] = [];
  for (const [i, entry] of entries.entries()) {
    const text = validateCardText(entry.text);
    if (!text.ok) {
      return err(text.error.code, `Card ${i + 1}: ${text.error.message}`);
    }
    if (entry.points.length !== rounds) {
      return err('INVALID_TALLY', `Card ${i + 1} needs exactly ${rounds} numbers.`);
    }
    const isValid = (p: number | null): boolean =>
      p === null || (Number.isInteger(p) && p >= 0 && p <= points);
    if (!entry.points.every(isValid)) {
      return err(
        'INVALID_TALLY',
        `Card ${i + 1}: each number is a whole number from 0 to ${points}.`,
      );
    }
    cards.push({ id: `c${i + 1}`, text: text.value, perRound: [...entry.points] });
  }
  for (let r = 0; r < rounds; r += 1) {
    const given = cards.map((c) => c.perRound[r]).filter((p): p is number => p != null);
    const sum = given.reduce((s, p) => s + p, 0);
    if (given.length % 2 !== 0 || sum !== (given.length / 2) * points) {
      return err(
        'INVALID_TALLY',
        `Round ${r + 1}: every pair splits ${points} points, so the numbers must add up to ${points} per pair.`,
      );
    }
  }
  return ok({ rounds, points, cards });
}
