import {
  decide,
  evolve,
  initialState,
  replay,
  type DealDraw,
  type DecideContext,
  type ThirtyFiveCommand,
  type ThirtyFiveEvent,
  type ThirtyFiveState,
} from '../../../src/domain/thirty-five/game';
import { dealCards } from '../../../src/domain/thirty-five/deal';
import { holdingsAfter } from '../../../src/domain/thirty-five/schedule';
import { planRounds, type PlanInput } from '../../../src/domain/thirty-five/schedule';
import type { AccountId, CardId, RoundPlan } from '../../../src/domain/thirty-five/types';

/** `n` players `p1…pn`; player `pk` wrote card `ck`. */
export function players(n: number): AccountId[] {
  return Array.from({ length: n }, (_, i) => `p${i + 1}`);
}

export function authorsOf(people: readonly AccountId[]): Record<CardId, AccountId> {
  return Object.fromEntries(people.map((p, i) => [`c${i + 1}`, p]));
}

/** A fresh plan input: dealt from the seed, no history, overrides on top. */
export function freshInput(
  n: number,
  rounds: number,
  seed: number | string,
  overrides: Partial<PlanInput> = {},
): PlanInput {
  const people = players(n);
  const dealt = dealCards(
    people.map((p, i) => ({ id: `c${i + 1}`, author: p })),
    seed,
  );
  if (!dealt.ok) {
    throw new Error(dealt.error.message);
  }
  return {
    players: people,
    holdings: dealt.value,
    pool: [],
    authors: authorsOf(people),
    firstRound: 1,
    lastRound: rounds,
    seed,
    history: [],
    ...overrides,
  };
}

export function freshPlan(n: number, rounds: number, seed: number | string): RoundPlan[] {
  return planRounds(freshInput(n, rounds, seed));
}

/** Every partner pair over the rounds, with how often it met. */
export function partnerCounts(rounds: readonly RoundPlan[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const round of rounds) {
    for (const { a, b } of round.pairs) {
      const key = [a.player, b.player].sort().join('+');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return counts;
}

export function repeatedPartners(rounds: readonly RoundPlan[]): number {
  return [...partnerCounts(rounds).values()].reduce((sum, c) => sum + c - 1, 0);
}

/** Players seated (paired or bye) in a round. */
export function seated(round: RoundPlan): AccountId[] {
  return [
    ...round.pairs.flatMap(({ a, b }) => [a.player, b.player]),
    ...(round.bye === null ? [] : [round.bye.player]),
  ];
}

/** Cards in a round: held by someone or resting in the pool. */
export function cardsInPlay(round: RoundPlan): CardId[] {
  return [
    ...round.pairs.flatMap(({ a, b }) => [a.card, b.card]),
    ...(round.bye === null ? [] : [round.bye.card]),
    ...round.pool,
  ];
}

/* ---------------------------------------------------------------- games */

export const T0 = 1_764_000_000_000;
export const FACILITATOR = 'p1';

/** A decide context: a participant by default, the facilitator with `isFacilitator: true`. */
export function ctx(actor: AccountId, overrides: Partial<DecideContext> = {}): DecideContext {
  return { actor, now: T0 + 1_000, isFacilitator: false, ...overrides };
}

export const asFacilitator = (overrides: Partial<DecideContext> = {}): DecideContext =>
  ctx(FACILITATOR, { isFacilitator: true, ...overrides });

/** Decides and throws on refusal: for arranging a game in a test. */
export function must(
  state: ThirtyFiveState,
  command: ThirtyFiveCommand,
  context: DecideContext,
): ThirtyFiveEvent[] {
  const result = decide(state, command, context);
  if (!result.ok) {
    throw new Error(`${command.type} refused: ${result.error.code}`);
  }
  return result.value;
}

/** Applies a command (which must succeed) and returns the new state and the events. */
export function play(
  state: ThirtyFiveState,
  command: ThirtyFiveCommand,
  context: DecideContext,
): ThirtyFiveState {
  return must(state, command, context).reduce(evolve, state);
}

export const given = (events: readonly ThirtyFiveEvent[]): ThirtyFiveState => replay(events);

/** Events of `n` players submitting cards `Topic k` in order p1, p2, …. */
export function cardEvents(n: number): ThirtyFiveEvent[] {
  return players(n).map((p, i) => ({
    type: 'CardSubmitted',
    v: 1,
    by: p,
    text: `Topic ${i + 1}`,
    firstAt: T0 + i,
    at: T0 + i,
  }));
}

/**
 * A draw that numbers cards as games dealt before ids were drawn: the k-th card by first
 * submission gets `ck` and rank k, so the deal's order is the order of submission. For tests that
 * pin cards by number; the server draws ids and ranks at random (`services/deal-draw.ts`).
 */
export function inOrderDraw(n = 200): DealDraw {
  return {
    cardIds: Array.from({ length: n }, (_, i) => `c${i + 1}`),
    ranks: Array.from({ length: n }, (_, i) => i),
  };
}

export interface GameOptions {
  readonly seed?: number | string;
  readonly draw?: DealDraw;
  readonly rounds?: number;
  readonly points?: number;
}

/** The events of a game with `n` players, dealt. */
export function dealtEvents(n: number, options: GameOptions = {}): ThirtyFiveEvent[] {
  const cards = cardEvents(n);
  const collecting = cards.reduce(evolve, initialState);
  return [
    ...cards,
    ...must(
      collecting,
      {
        type: 'deal',
        seed: options.seed ?? 7,
        draw: options.draw ?? inOrderDraw(),
        rounds: options.rounds,
        points: options.points,
      },
      asFacilitator({ now: T0 + 10_000 }),
    ),
  ];
}

/** A game with `n` players in round `round` (no splits yet). */
export function inRound(n: number, round: number, options: GameOptions = {}): ThirtyFiveState {
  let state = given(dealtEvents(n, options));
  for (let r = 1; r <= round; r += 1) {
    state = play(state, { type: 'nextRound' }, asFacilitator());
  }
  return state;
}

/** After every round, nobody has sat out twice while someone has not sat out yet. */
export function byesRotate(rounds: readonly RoundPlan[], people: readonly AccountId[]): boolean {
  const byes = new Map(people.map((p) => [p, 0]));
  return rounds.every((round) => {
    const bye = round.bye?.player ?? '';
    if (byes.has(bye)) {
      byes.set(bye, (byes.get(bye) ?? 0) + 1);
    }
    const counts = [...byes.values()];
    return Math.max(...counts) - Math.min(...counts) <= 1;
  });
}

/** Each round seats the holdings left by the round before it (exchange, bye, pool swap). */
export function followsExchanges(rounds: readonly RoundPlan[]): boolean {
  return rounds.slice(1).every((round, i) => {
    const { holdings, pool } = holdingsAfter(rounds[i] as RoundPlan);
    const seats = [...round.pairs.flatMap((p) => [p.a, p.b]), ...(round.bye ? [round.bye] : [])];
    return (
      seats.every((s) => holdings[s.player] === s.card) &&
      JSON.stringify(pool) === JSON.stringify(round.pool)
    );
  });
}
