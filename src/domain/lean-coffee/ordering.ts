import { err, ok } from '../result';
import type { LeanCoffeeResult } from './errors';
import { compareText } from './records';
import { votesOf } from './voting';

/** What the order needs to know about a topic. */
export interface Rankable {
  readonly id: string;
  readonly proposedAt: number;
}

/**
 * The discussion order when voting closes: most votes first; equal votes, the earliest proposed
 * first; equal instants, by id (so the order is total and a replay gives the same list). Topics
 * missing from `votes` count 0.
 */
export function orderTopics(
  topics: readonly Rankable[],
  votes: Readonly<Record<string, number>>,
): string[] {
  return [...topics]
    .sort(
      (a, b) =>
        votesOf(votes, b.id) - votesOf(votes, a.id) ||
        a.proposedAt - b.proposedAt ||
        compareText(a.id, b.id),
    )
    .map((topic) => topic.id);
}

/**
 * A facilitator's new order for the topics not yet discussed must be a permutation of exactly
 * those topics: same ids, each once (`INVALID_ORDER` otherwise). Discussed and running topics
 * cannot be moved.
 */
export function validateReorder(
  queue: readonly string[],
  proposed: readonly string[],
): LeanCoffeeResult<readonly string[]> {
  const expected = new Set(queue);
  const seen = new Set(proposed);
  const isPermutation =
    proposed.length === queue.length &&
    seen.size === proposed.length &&
    proposed.every((id) => expected.has(id));
  return isPermutation
    ? ok([...proposed])
    : err('INVALID_ORDER', 'The new order must list every topic still to discuss exactly once.');
}
