import { createRng, shuffle, type Rng } from '../random';
import type { AccountId, CardId, Pair, RoundPlan, Seat } from './types';

/**
 * The pairing scheduler.
 *
 * Hard rules: no repeated partner while one is avoidable (counting rounds already played); with an
 * odd head-count one bye per round, always given to someone who has sat out the fewest times, so
 * nobody sits out twice before everyone has once.
 *
 * Soft rules, minimised: a pair seeing a card written by one of its two partners ("own card", weight
 * 2 per card), and two cards that already met being compared again (weight 1).
 *
 * Cards travel: after every round the partners exchange cards, a bye keeps theirs, and when the
 * table pool holds cards (cards of removed people), one person swaps the card they now hold for the
 * card that has rested longest in the pool: the bye if there is one, else the first person of the
 * round's first pair. The scheduler simulates these holdings to price the soft rules, and stores
 * them in every round it returns, so replaying a game never recomputes them.
 */

/** Weight of one card seen by its own author's pair. */
export const OWN_CARD_WEIGHT = 2;
/** Weight of two cards meeting again. */
export const CARDS_MEET_AGAIN_WEIGHT = 1;

/** What the scheduler needs to plan rounds `firstRound..lastRound`. */
export interface PlanInput {
  /** The people who play the planned rounds, in a stable order. */
  readonly players: readonly AccountId[];
  /** The card each player holds at the start of `firstRound`. */
  readonly holdings: Readonly<Record<AccountId, CardId>>;
  /** Cards resting on the table at the start of `firstRound`, longest-resting first. */
  readonly pool: readonly CardId[];
  /** The author of every card (null when unknown). */
  readonly authors: Readonly<Record<CardId, AccountId | null>>;
  readonly firstRound: number;
  readonly lastRound: number;
  readonly seed: number | string;
  /** Rounds already played, so partners met, byes sat and cards compared count too. */
  readonly history: readonly RoundPlan[];
}

/** The prices of a plan: hard-rule breaches (repeated partners) and the weighted soft cost. */
export interface PlanCost {
  /** Meetings with someone already met. */
  readonly repeatedPartners: number;
  /** Each meeting priced by how often the two already met, so repeats spread evenly. */
  readonly repeatPenalty: number;
  readonly ownCardSightings: number;
  readonly cardsMeetAgain: number;
  readonly soft: number;
}

/** Pairs as player indices; `bye` is -1 when nobody sits out. */
interface Skeleton {
  pairs: [number, number][];
  bye: number;
}

interface Context {
  readonly m: number;
  readonly players: readonly AccountId[];
  readonly cardIds: readonly CardId[];
  readonly cardIndex: ReadonlyMap<CardId, number>;
  /** Author of each card as a player index, -1 when the author is not playing. */
  readonly authorOf: readonly number[];
  readonly startHold: readonly number[];
  readonly startPool: readonly number[];
  readonly metBefore: ReadonlyMap<number, number>;
  readonly byesBefore: readonly number[];
  readonly meetingsBefore: ReadonlyMap<number, number>;
  /** Scratch counters for pricing plans quickly (internal to one `planRounds` call). */
  readonly partnerCounter: Counter;
  readonly meetingCounter: Counter;
}

/** Counts over a dense key space on top of a baseline; `reset` clears only the touched keys. */
interface Counter {
  readonly base: Int32Array;
  readonly extra: Int32Array;
  readonly touched: number[];
}

function makeCounter(size: number, baseline: ReadonlyMap<number, number>): Counter {
  const base = new Int32Array(size);
  baseline.forEach((count, k) => {
    base[k] = count;
  });
  return { base, extra: new Int32Array(size), touched: [] };
}

/** Counts one more occurrence of `k` and returns how many there were before. */
function bump(counter: Counter, k: number): number {
  const extra = counter.extra[k] as number;
  if (extra === 0) {
    counter.touched.push(k);
  }
  counter.extra[k] = extra + 1;
  return (counter.base[k] as number) + extra;
}

function resetCounter(counter: Counter): void {
  for (const k of counter.touched) {
    counter.extra[k] = 0;
  }
  counter.touched.length = 0;
}

const SEARCH_BUDGET = 60_000;
const CANDIDATES = 12;
const LOCAL_MOVES = 300;
/** The local search stops early after this many moves in a row that did not help. */
const STALE_MOVES = 100;

const pairKey = (i: number, j: number, m: number): number => (i < j ? i * m + j : j * m + i);

/**
 * Plans rounds `firstRound..lastRound` for the given players (2–200), deterministically for a seed.
 * A fresh game uses the round-robin circle method (which never repeats a partner within n − 1
 * rounds for even n, n rounds for odd n, and gives every player one bye before anyone gets a second)
 * under several seeded relabellings; a re-plan after a removal searches for rounds that avoid every
 * partner already met (exhaustively within a budget, then round by round with the fewest repeats).
 * The cheapest candidate by (repeated partners, soft cost) is then improved by seeded local swaps
 * of partners inside a round that never add a repeated partner.
 */
export function planRounds(input: PlanInput): RoundPlan[] {
  const count = input.lastRound - input.firstRound + 1;
  if (count <= 0) {
    return [];
  }
  const ctx = buildContext(input);
  const rng = createRng(input.seed);
  const isFresh = input.history.length === 0 && input.pool.length === 0;
  let best: Skeleton[] | null = null;
  let bestCost: PlanCost | null = null;
  // Once the search fails (no plan without repeats, or over budget), later candidates skip it.
  const search = { isWorthIt: true };
  for (let k = 0; k < CANDIDATES; k += 1) {
    const candidate = isFresh
      ? circleCandidate(ctx, count, rng)
      : searchCandidate(ctx, count, rng, search);
    const cost = priceSkeleton(ctx, candidate);
    if (bestCost === null || isCheaper(cost, bestCost)) {
      best = candidate;
      bestCost = cost;
    }
  }
  const improved = improve(ctx, best as Skeleton[], bestCost as PlanCost, rng);
  return materialise(ctx, improved, input.firstRound);
}

/**
 * Prices a stored plan against its history: repeated partners (hard) and the weighted soft cost.
 * Used by tests and by the UI to explain a schedule.
 */
export function costOfPlan(
  plan: readonly RoundPlan[],
  history: readonly RoundPlan[],
  authors: Readonly<Record<CardId, AccountId | null>>,
): PlanCost {
  const met = new Map<string, number>();
  const meetings = new Map<string, number>();
  let repeatedPartners = 0;
  let repeatPenalty = 0;
  let own = 0;
  let again = 0;
  const key = (x: string, y: string): string => (x < y ? `${x}\n${y}` : `${y}\n${x}`);
  const all = [...history, ...plan];
  all.forEach((round, index) => {
    const isPlanned = index >= history.length;
    for (const { a, b } of round.pairs) {
      const pk = key(a.player, b.player);
      const ck = key(a.card, b.card);
      const seenPartner = met.get(pk) ?? 0;
      const seenCards = meetings.get(ck) ?? 0;
      if (isPlanned) {
        repeatedPartners += seenPartner > 0 ? 1 : 0;
        repeatPenalty += seenPartner;
        again += seenCards > 0 ? 1 : 0;
        for (const card of [a.card, b.card]) {
          const author = authors[card] ?? null;
          own += author === a.player || author === b.player ? 1 : 0;
        }
      }
      met.set(pk, seenPartner + 1);
      meetings.set(ck, seenCards + 1);
    }
  });
  return {
    repeatedPartners,
    repeatPenalty,
    ownCardSightings: own,
    cardsMeetAgain: again,
    soft: own * OWN_CARD_WEIGHT + again * CARDS_MEET_AGAIN_WEIGHT,
  };
}

/**
 * Who holds which card after a round: partners exchange, a bye keeps theirs, then, if the pool
 * holds cards, the bye (or else the first person of the first pair) puts their card at the back of
 * the pool and takes the card at its front.
 */
export function holdingsAfter(round: RoundPlan): {
  holdings: Record<AccountId, CardId>;
  pool: CardId[];
} {
  const holdings: Record<AccountId, CardId> = {};
  for (const { a, b } of round.pairs) {
    holdings[a.player] = b.card;
    holdings[b.player] = a.card;
  }
  if (round.bye !== null) {
    holdings[round.bye.player] = round.bye.card;
  }
  const pool = [...round.pool];
  const swapper = round.bye?.player ?? round.pairs[0]?.a.player;
  const rested = pool.shift();
  if (rested !== undefined && swapper !== undefined) {
    pool.push(holdings[swapper] as CardId);
    holdings[swapper] = rested;
  }
  return { holdings, pool };
}

function buildContext(input: PlanInput): Context {
  const { players } = input;
  const m = players.length;
  const playerIndex = new Map(players.map((p, i) => [p, i]));
  const cardIds = [...new Set([...players.map((p) => input.holdings[p] as CardId), ...input.pool])];
  for (const round of input.history) {
    for (const { a, b } of round.pairs) {
      cardIds.push(a.card, b.card);
    }
  }
  const unique = [...new Set(cardIds)];
  const cardIndex = new Map(unique.map((c, i) => [c, i]));
  const authorOf = unique.map((c) => playerIndex.get(input.authors[c] ?? '') ?? -1);
  const metBefore = new Map<number, number>();
  const meetingsBefore = new Map<number, number>();
  const byesBefore = players.map(() => 0);
  const c = unique.length;
  for (const round of input.history) {
    for (const { a, b } of round.pairs) {
      const i = playerIndex.get(a.player);
      const j = playerIndex.get(b.player);
      if (i !== undefined && j !== undefined) {
        const k = pairKey(i, j, m);
        metBefore.set(k, (metBefore.get(k) ?? 0) + 1);
      }
      const ck = pairKey(cardIndex.get(a.card) as number, cardIndex.get(b.card) as number, c);
      meetingsBefore.set(ck, (meetingsBefore.get(ck) ?? 0) + 1);
    }
    const bye = round.bye === null ? undefined : playerIndex.get(round.bye.player);
    if (bye !== undefined) {
      byesBefore[bye] = (byesBefore[bye] as number) + 1;
    }
  }
  return {
    m,
    players,
    cardIds: unique,
    cardIndex,
    authorOf,
    startHold: players.map((p) => cardIndex.get(input.holdings[p] as CardId) as number),
    startPool: input.pool.map((card) => cardIndex.get(card) as number),
    metBefore,
    byesBefore,
    meetingsBefore,
    partnerCounter: makeCounter(m * m, metBefore),
    meetingCounter: makeCounter(c * c, meetingsBefore),
  };
}

/** One round of the circle method over N (even) slots; slot N − 1 stays put while others rotate. */
function circleRound(slots: number, t: number): [number, number][] {
  const turn = slots - 1;
  const pairs: [number, number][] = [[slots - 1, t % turn]];
  for (let k = 1; k < slots / 2; k += 1) {
    pairs.push([(t + k) % turn, (t - k + turn) % turn]);
  }
  return pairs;
}

function circleCandidate(ctx: Context, count: number, rng: Rng): Skeleton[] {
  const { m } = ctx;
  const slots = m % 2 === 0 ? m : m + 1;
  const labels = shuffle(
    Array.from({ length: m }, (_, i) => i),
    rng,
  );
  const order = shuffle(
    Array.from({ length: slots - 1 }, (_, t) => t),
    rng,
  );
  const out: Skeleton[] = [];
  for (let r = 0; r < count; r += 1) {
    const t = order[r % order.length] as number;
    const skeleton: Skeleton = { pairs: [], bye: -1 };
    for (const [x, y] of circleRound(slots, t)) {
      // The odd-count dummy is slot m = slots − 1, which only ever sits first in the first pair.
      if (x === m) {
        skeleton.bye = labels[y] as number;
      } else {
        skeleton.pairs.push([labels[x] as number, labels[y] as number]);
      }
    }
    out.push(skeleton);
  }
  return out;
}

/**
 * Depth-first search for `count` rounds without a repeated partner, byes to those who sat out
 * least. Gives up after a budget of partner tries and then builds round by round, each round with
 * as few repeated partners as it can find.
 */
function searchCandidate(
  ctx: Context,
  count: number,
  rng: Rng,
  search: { isWorthIt: boolean },
): Skeleton[] {
  const { m } = ctx;
  const met = new Map(ctx.metBefore);
  const byes = [...ctx.byesBefore];
  const plan: Skeleton[] = [];
  let budget = SEARCH_BUDGET;
  const orders = Array.from({ length: count }, () =>
    shuffle(
      Array.from({ length: m }, (_, i) => i),
      rng,
    ),
  );

  const byeChoices = (order: readonly number[]): number[] => {
    if (m % 2 === 0) {
      return [-1];
    }
    const fewest = Math.min(...byes);
    return order.filter((i) => byes[i] === fewest);
  };

  const matchRest = (
    order: readonly number[],
    taken: boolean[],
    pairs: [number, number][],
    allowRepeats: boolean,
    onComplete: () => boolean,
  ): boolean => {
    const first = order.find((i) => !taken[i]);
    if (first === undefined) {
      return onComplete();
    }
    taken[first] = true;
    const partners = order.filter((j) => !taken[j]);
    if (allowRepeats) {
      partners.sort(
        (x, y) => (met.get(pairKey(first, x, m)) ?? 0) - (met.get(pairKey(first, y, m)) ?? 0),
      );
    }
    for (const j of partners) {
      if (budget <= 0) {
        break;
      }
      budget -= 1;
      const k = pairKey(first, j, m);
      if (!allowRepeats && (met.get(k) ?? 0) > 0) {
        continue;
      }
      taken[j] = true;
      pairs.push([first, j]);
      met.set(k, (met.get(k) ?? 0) + 1);
      if (matchRest(order, taken, pairs, allowRepeats, onComplete)) {
        return true;
      }
      met.set(k, (met.get(k) as number) - 1);
      pairs.pop();
      taken[j] = false;
    }
    taken[first] = false;
    return false;
  };

  const planRound = (r: number, allowRepeats: boolean, next: () => boolean): boolean => {
    const order = orders[r] as number[];
    for (const bye of byeChoices(order)) {
      const taken = order.map(() => false);
      if (bye >= 0) {
        taken[bye] = true;
        byes[bye] = (byes[bye] as number) + 1;
      }
      const pairs: [number, number][] = [];
      const done = matchRest(order, taken, pairs, allowRepeats, () => {
        plan.push({ pairs: [...pairs], bye });
        if (next()) {
          return true;
        }
        plan.pop();
        return false;
      });
      if (done) {
        return true;
      }
      if (bye >= 0) {
        byes[bye] = (byes[bye] as number) - 1;
      }
      if (budget <= 0 || allowRepeats) {
        return false;
      }
    }
    return false;
  };

  const solveFrom = (r: number): boolean =>
    r === count ? true : planRound(r, false, () => solveFrom(r + 1));
  if (search.isWorthIt && solveFrom(0)) {
    return plan;
  }
  search.isWorthIt = false;
  // Past the budget (or proved impossible): round by round, fewest repeats first.
  for (let r = plan.length; r < count; r += 1) {
    budget = SEARCH_BUDGET / 10;
    if (!planRound(r, false, () => true)) {
      budget = Number.POSITIVE_INFINITY;
      planRound(r, true, () => true);
    }
  }
  return plan;
}

function simulate(
  ctx: Context,
  plan: readonly Skeleton[],
  onRound?: (r: number, hold: readonly number[], pool: readonly number[]) => void,
): { own: number; again: number } {
  const hold = [...ctx.startHold];
  const pool = [...ctx.startPool];
  const c = ctx.cardIds.length;
  const meetings = ctx.meetingCounter;
  resetCounter(meetings);
  let own = 0;
  let again = 0;
  plan.forEach((round, r) => {
    onRound?.(r, hold, pool);
    for (const [i, j] of round.pairs) {
      const ci = hold[i] as number;
      const cj = hold[j] as number;
      const ai = ctx.authorOf[ci];
      const aj = ctx.authorOf[cj];
      own += (ai === i || ai === j ? 1 : 0) + (aj === i || aj === j ? 1 : 0);
      again += bump(meetings, pairKey(ci, cj, c)) > 0 ? 1 : 0;
    }
    for (const [i, j] of round.pairs) {
      const ci = hold[i] as number;
      hold[i] = hold[j] as number;
      hold[j] = ci;
    }
    const rested = pool.shift();
    if (rested !== undefined) {
      const swapper = round.bye >= 0 ? round.bye : (round.pairs[0] as [number, number])[0];
      pool.push(hold[swapper] as number);
      hold[swapper] = rested;
    }
  });
  return { own, again };
}

function priceSkeleton(ctx: Context, plan: readonly Skeleton[]): PlanCost {
  const met = ctx.partnerCounter;
  resetCounter(met);
  let repeatedPartners = 0;
  let repeatPenalty = 0;
  for (const round of plan) {
    for (const [i, j] of round.pairs) {
      const seen = bump(met, pairKey(i, j, ctx.m));
      repeatedPartners += seen > 0 ? 1 : 0;
      repeatPenalty += seen;
    }
  }
  const { own, again } = simulate(ctx, plan);
  return {
    repeatedPartners,
    repeatPenalty,
    ownCardSightings: own,
    cardsMeetAgain: again,
    soft: own * OWN_CARD_WEIGHT + again * CARDS_MEET_AGAIN_WEIGHT,
  };
}

const isCheaper = (x: PlanCost, y: PlanCost): boolean =>
  x.repeatPenalty < y.repeatPenalty || (x.repeatPenalty === y.repeatPenalty && x.soft < y.soft);

/** Seeded local search: re-pair two pairs of one round, keep the change when it is cheaper. */
function improve(ctx: Context, start: Skeleton[], startCost: PlanCost, rng: Rng): Skeleton[] {
  const plan = start.map((round) => ({
    pairs: round.pairs.map(([i, j]): [number, number] => [i, j]),
    bye: round.bye,
  }));
  let cost = startCost;
  let stale = 0;
  for (
    let move = 0;
    move < LOCAL_MOVES && stale < STALE_MOVES && cost.soft + cost.repeatPenalty > 0;
    move += 1
  ) {
    stale += 1;
    const round = plan[Math.floor(rng() * plan.length)] as Skeleton;
    const n = round.pairs.length;
    if (n < 2) {
      continue;
    }
    const p = Math.floor(rng() * n);
    const q = (p + 1 + Math.floor(rng() * (n - 1))) % n;
    const [a, b] = round.pairs[p] as [number, number];
    const [c, d] = round.pairs[q] as [number, number];
    const isCross = rng() < 0.5;
    round.pairs[p] = isCross ? [a, c] : [a, d];
    round.pairs[q] = isCross ? [b, d] : [b, c];
    const next = priceSkeleton(ctx, plan);
    if (isCheaper(next, cost)) {
      cost = next;
      stale = 0;
    } else {
      round.pairs[p] = [a, b];
      round.pairs[q] = [c, d];
    }
  }
  return plan;
}

function materialise(ctx: Context, plan: readonly Skeleton[], firstRound: number): RoundPlan[] {
  const out: RoundPlan[] = [];
  const seat = (i: number, hold: readonly number[]): Seat => ({
    player: ctx.players[i] as AccountId,
    card: ctx.cardIds[hold[i] as number] as CardId,
  });
  simulate(ctx, plan, (r, hold, pool) => {
    const round = plan[r] as Skeleton;
    out.push({
      round: firstRound + r,
      pairs: round.pairs.map(([i, j]): Pair => ({ a: seat(i, hold), b: seat(j, hold) })),
      bye: round.bye >= 0 ? seat(round.bye, hold) : null,
      pool: pool.map((k) => ctx.cardIds[k] as CardId),
    });
  });
  return out;
}
