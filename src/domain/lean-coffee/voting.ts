import { err, ok } from '../result';
import type { LeanCoffeeResult } from './errors';
import { compareText, own } from './records';
import type { LeanCoffeeSettings } from './settings';
import { resolveTopicId } from './topics';

/** One participant's dots: topic id → number of dots. Topics without dots are left out. */
export type Allocation = Readonly<Record<string, number>>;

/** A participant's whole allocation, overwritten on every re-vote (their own storage key). */
export interface AllocationRecord {
  readonly participant: string;
  readonly allocation: Allocation;
  readonly at: number;
}

/**
 * Checks a participant's whole allocation against the settings and the live topics. Valid when
 * every count is a whole number ≥ 0 (`INVALID_DOTS`), every topic exists (`UNKNOWN_TOPIC`), no topic
 * gets more than M (`TOO_MANY_ON_TOPIC`) and the total is at most N (`TOO_MANY_DOTS`). Returns the
 * allocation with zero entries dropped and keys sorted, so equal votes are equal records.
 */
export function validateAllocation(
  allocation: Allocation,
  liveTopicIds: ReadonlySet<string>,
  settings: LeanCoffeeSettings,
): LeanCoffeeResult<Allocation> {
  const entries = Object.entries(allocation).sort(([a], [b]) => compareText(a, b));
  let total = 0;
  for (const [topicId, dots] of entries) {
    if (!Number.isInteger(dots) || dots < 0) {
      return err('INVALID_DOTS', 'Dots are whole numbers, zero or more.');
    }
    if (!liveTopicIds.has(topicId)) {
      return err('UNKNOWN_TOPIC', 'That topic is not on the board.');
    }
    if (dots > settings.maxDotsPerTopic) {
      return err('TOO_MANY_ON_TOPIC', `At most ${settings.maxDotsPerTopic} dots on one topic.`);
    }
    total += dots;
  }
  if (total > settings.dotsPerParticipant) {
    return err('TOO_MANY_DOTS', `You have ${settings.dotsPerParticipant} dots in all.`);
  }
  return ok(Object.fromEntries(entries.filter(([, dots]) => dots > 0)));
}

/**
 * An allocation as it counts now: dots on a merged-away topic count for the topic it was merged
 * into (summed, so one participant may then hold more than M there), and dots on topics that no
 * longer exist are dropped.
 */
export function effectiveAllocation(
  allocation: Allocation,
  mergedInto: Readonly<Record<string, string>>,
  liveTopicIds: ReadonlySet<string>,
): Allocation {
  const result = new Map<string, number>();
  for (const [topicId, dots] of Object.entries(allocation)) {
    const target = resolveTopicId(mergedInto, topicId);
    if (liveTopicIds.has(target)) {
      result.set(target, (result.get(target) ?? 0) + dots);
    }
  }
  return Object.fromEntries(result);
}

/**
 * The tally: for every live topic the sum of all participants' effective dots on it (0 when none).
 */
export function tallyVotes(
  allocations: Iterable<Allocation>,
  mergedInto: Readonly<Record<string, string>>,
  liveTopicIds: ReadonlySet<string>,
): Readonly<Record<string, number>> {
  const tally = new Map<string, number>();
  for (const allocation of allocations) {
    for (const [topicId, dots] of Object.entries(
      effectiveAllocation(allocation, mergedInto, liveTopicIds),
    )) {
      tally.set(topicId, (tally.get(topicId) ?? 0) + dots);
    }
  }
  return Object.fromEntries([...liveTopicIds].map((id) => [id, tally.get(id) ?? 0]));
}

/** The votes a tally gives a topic: 0 when the tally does not list it. */
export function votesOf(tallies: Readonly<Record<string, number>>, topicId: string): number {
  return own(tallies, topicId) ?? 0;
}

/** Dots a participant has not placed yet: N minus the total of their allocation, never below 0. */
export function dotsLeft(allocation: Allocation, settings: LeanCoffeeSettings): number {
  const used = Object.values(allocation).reduce((sum, dots) => sum + dots, 0);
  return Math.max(0, settings.dotsPerParticipant - used);
}
