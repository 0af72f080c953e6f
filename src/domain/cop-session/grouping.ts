import { compareText } from '../lean-coffee/records';
import { createRng, shuffle } from '../random';
import { err, ok } from '../result';
import { isIntegerIn } from './agenda';
import type { CopSessionResult } from './errors';

/**
 * Breakout groups: how many, who goes where, and where late joiners sit.
 *
 * The split rule. People are dealt round-robin (position i goes to group i mod k) from one list
 * made of "blocks": the people who sat together in the community's previous breakout form one
 * block, everyone else is a block of one. Blocks are shuffled, and so are the people inside each
 * block and the group labels, all from the seed. Because a block occupies consecutive positions,
 * its members land in different groups whenever it has at most k people, and otherwise spread as
 * evenly as possible. That gives, at once:
 * - group sizes that differ by at most one (round-robin);
 * - no two previous partners in one group whenever every previous group has at most k members
 *   present — exactly the case where that can be avoided at all (with k + 1 of them present, two
 *   must share a group);
 * - otherwise the fewest repeated pairs possible: each block is spread evenly, which is the least
 *   any split can do for that block, and blocks do not interact.
 */

/** How the facilitator asks for groups: a number of groups, or a group size. */
export type GroupPlan =
  { readonly by: 'count'; readonly count: number } | { readonly by: 'size'; readonly size: number };

/** The article's "2-4 small groups". */
export const GROUP_COUNT = { min: 2, max: 4 } as const;
/** People per group when asking by size, inclusive. */
export const GROUP_SIZE = { min: 2, max: 50 } as const;
/** Most groups a session can have (asking by size in a large room). */
export const MAX_GROUPS = 50;
/** A new session asks for three groups. */
export const DEFAULT_GROUP_PLAN: GroupPlan = { by: 'count', count: 3 };

/**
 * Checks a plan: 2–4 groups, or groups of 2–50 people, whole numbers (`INVALID_GROUPS`).
 */
export function validateGroupPlan(plan: GroupPlan): CopSessionResult<GroupPlan> {
  switch (plan.by) {
    case 'count':
      return isIntegerIn(plan.count, GROUP_COUNT.min, GROUP_COUNT.max)
        ? ok({ by: 'count', count: plan.count })
        : err('INVALID_GROUPS', `Choose ${GROUP_COUNT.min}–${GROUP_COUNT.max} groups.`);
    case 'size':
      return isIntegerIn(plan.size, GROUP_SIZE.min, GROUP_SIZE.max)
        ? ok({ by: 'size', size: plan.size })
        : err('INVALID_GROUPS', `A group size is ${GROUP_SIZE.min}–${GROUP_SIZE.max} people.`);
    default:
      // Unreachable for well-typed callers; a malformed payload still gets a typed refusal.
      return err('INVALID_GROUPS', 'Ask for a number of groups or a group size.');
  }
}

/**
 * How many groups `people` people make under a plan. Nobody is left in a group of one when that
 * can be avoided, so there are never more than ⌊people / 2⌋ groups (and always at least one):
 * - by count: the count asked for, capped so;
 * - by size: people / size rounded to the nearest whole number (halves up), capped so and at 50.
 * With 11 people, "groups of 3" gives 4 groups (3, 3, 3, 2); "3 groups" gives 4, 4, 3.
 */
export function groupCount(plan: GroupPlan, people: number): number {
  const most = Math.max(1, Math.floor(people / 2));
  const wanted = plan.by === 'count' ? plan.count : Math.round(people / plan.size);
  return Math.max(1, Math.min(wanted, most, MAX_GROUPS));
}

/** The groups a split produced, and how many previous pairs it could not keep apart. */
export interface Split {
  /** Group 1 first; members of each group in account-id order. */
  readonly groups: readonly (readonly string[])[];
  /** Pairs who sat together last time and do again (the least possible). */
  readonly repeats: number;
}

/**
 * The previous breakout as disjoint blocks of the people given: each previous group keeps only the
 * people in `people` not already in an earlier block (so someone listed in two previous groups
 * counts in the first only), in account-id order; empty blocks are dropped.
 */
export function previousBlocks(
  previous: readonly (readonly string[])[],
  people: ReadonlySet<string>,
): string[][] {
  const placed = new Set<string>();
  const blocks: string[][] = [];
  for (const group of previous) {
    const block = [...new Set(group)]
      .filter((person) => people.has(person) && !placed.has(person))
      .sort(compareText);
    block.forEach((person) => placed.add(person));
    if (block.length > 0) blocks.push(block);
  }
  return blocks;
}

/**
 * Splits `people` into `k` groups from `seed`, keeping apart people who were together in
 * `previous` (the community's previous breakout: a list of groups of account ids). See the rule at
 * the top of this file. The result depends only on the set of people, the previous groups, `k` and
 * the seed: the order `people` comes in does not matter.
 */
export function splitIntoGroups(
  people: readonly string[],
  k: number,
  previous: readonly (readonly string[])[],
  seed: string,
): Split {
  const rng = createRng(seed);
  const roster = [...new Set(people)].sort(compareText);
  const blocks = previousBlocks(previous, new Set(roster));
  const placed = new Set(blocks.flat());
  for (const person of roster) {
    if (!placed.has(person)) blocks.push([person]);
  }
  const order = shuffle(blocks, rng).flatMap((block) => shuffle(block, rng));
  // Deal round-robin, then shuffle which group gets which number (so group 1 is not always the
  // larger one).
  const dealt = Array.from({ length: k }, (_, g) =>
    order.filter((_, position) => position % k === g),
  );
  const sorted = shuffle(dealt, rng).map((group) => group.sort(compareText));
  return { groups: sorted, repeats: countRepeats(sorted, previous) };
}

/**
 * Pairs of people in one group now who were in one previous block (see `previousBlocks`), each
 * pair counted once.
 */
export function countRepeats(
  groups: readonly (readonly string[])[],
  previous: readonly (readonly string[])[],
): number {
  const blockOf = new Map<string, number>();
  previousBlocks(previous, new Set(groups.flat())).forEach((block, i) =>
    block.forEach((person) => blockOf.set(person, i)),
  );
  let repeats = 0;
  for (const group of groups) {
    const members = [...new Set(group)];
    members.forEach((a, i) => {
      for (const b of members.slice(i + 1)) {
        if (blockOf.has(a) && blockOf.get(a) === blockOf.get(b)) repeats += 1;
      }
    });
  }
  return repeats;
}

/**
 * The fewest repeated pairs any split of `people` into `k` balanced groups can have: a previous
 * block of m present people spread over k groups as evenly as possible keeps
 * r·C(q+1, 2) + (k − r)·C(q, 2) pairs together, with q = ⌊m/k⌋ and r = m mod k. Zero exactly when
 * every previous group has at most k members present.
 */
export function fewestRepeats(
  people: readonly string[],
  k: number,
  previous: readonly (readonly string[])[],
): number {
  const pairs = (n: number): number => (n * (n - 1)) / 2;
  return previousBlocks(previous, new Set(people)).reduce((total, block) => {
    const q = Math.floor(block.length / k);
    const r = block.length % k;
    return total + r * pairs(q + 1) + (k - r) * pairs(q);
  }, 0);
}

/**
 * Where late joiners sit: taken in arrival order (ties by account id), each goes to the group that
 * is smallest at that moment, the lowest-numbered one on a tie. `groups` are the members still
 * present; the result is each group followed by its late joiners. Deterministic, so every screen
 * agrees. With no groups at all, nobody can be placed.
 */
export function placeLateJoiners(
  groups: readonly (readonly string[])[],
  late: readonly { readonly accountId: string; readonly arrivedAt: number }[],
): string[][] {
  const result = groups.map((group) => [...group]);
  if (result.length === 0) return result;
  const ordered = [...late].sort(
    (a, b) => a.arrivedAt - b.arrivedAt || compareText(a.accountId, b.accountId),
  );
  for (const { accountId } of ordered) {
    result
      .reduce((smallest, group) => (group.length < smallest.length ? group : smallest))
      .push(accountId);
  }
  return result;
}
