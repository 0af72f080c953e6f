import fc from 'fast-check';
import {
  decide,
  evolve,
  pairLock,
  type OnlineGame,
  type ThirtyFiveCommand,
  type ThirtyFiveEvent,
  type ThirtyFiveState,
} from '../../../src/domain/thirty-five/game';
import { ranking, scoreboard, tallyOfGame } from '../../../src/domain/thirty-five/projections';
import type { AccountId, Pair, RoundPlan } from '../../../src/domain/thirty-five/types';
import { ctx, dealtEvents, given } from './builders';

const RUNS = { numRuns: 1000 };

interface Played {
  readonly events: ThirtyFiveEvent[];
  readonly dealtAt: number;
  readonly state: ThirtyFiveState;
  readonly game: OnlineGame;
  readonly played: number;
}

const gameArb = fc
  .record({
    n: fc.integer({ min: 2, max: 14 }),
    rounds: fc.integer({ min: 1, max: 6 }),
    points: fc.integer({ min: 1, max: 20 }),
    seed: fc.integer(),
  })
  .chain(
    (g) =>
      fc.record({
        ...Object.fromEntries(Object.entries(g).map(([k, v]) => [k, fc.constant(v)])),
        played: fc.integer({ min: 1, max: g.rounds }),
        actions: fc.array(
          fc.record({ kind: fc.integer({ min: 0, max: 4 }), x: fc.nat(), y: fc.nat() }),
          { minLength: 1, maxLength: 40 },
        ),
        leave: fc.option(
          fc.record({ who: fc.nat(), before: fc.integer({ min: 1, max: g.rounds }) }),
          {
            nil: null,
          },
        ),
      }) as fc.Arbitrary<
        typeof g & {
          played: number;
          actions: { kind: number; x: number; y: number }[];
          leave: { who: number; before: number } | null;
        }
      >,
  );

/** Plays a random game: random pair actions each round, maybe one removal, then the results. */
function playGame(g: GameInput): Played {
  const events = dealtEvents(g.n, { seed: g.seed, rounds: g.rounds, points: g.points });
  const dealtAt = events.length - 1;
  let state = given(events);
  let now = 1;
  const apply = (command: ThirtyFiveCommand, actor: AccountId, isFacilitator = false): boolean => {
    now += 1;
    const result = decide(state, command, ctx(actor, { now, isFacilitator }));
    if (!result.ok) return false;
    events.push(...result.value);
    state = result.value.reduce(evolve, state);
    return true;
  };
  let step = 0;
  for (let round = 1; round <= g.played; round += 1) {
    const game = current(state);
    if (g.leave !== null && g.leave.before === round && game.players.length > 2) {
      const who = game.players[g.leave.who % game.players.length] as AccountId;
      apply({ type: 'removeParticipant', accountId: who }, 'p1', true);
    }
    apply({ type: 'nextRound' }, 'p1', true);
    const plan = current(state).schedule[round - 1] as RoundPlan;
    for (const pair of plan.pairs) {
      const action = g.actions[step % g.actions.length] as GameInput['actions'][number];
      step += 1;
      const split = (mine: number, by: 'a' | 'b') => {
        const k = mine % (g.points + 1);
        const [own, other] = by === 'a' ? [pair.a, pair.b] : [pair.b, pair.a];
        return { [own.card]: k, [other.card]: g.points - k };
      };
      const { a, b } = { a: pair.a.player, b: pair.b.player };
      switch (action.kind) {
        case 1:
          apply({ type: 'proposeSplit', points: split(action.x, 'a') }, a);
          break;
        case 2:
          apply({ type: 'proposeSplit', points: split(action.x, 'a') }, a);
          apply({ type: 'confirmSplit', points: split(action.x, 'a') }, b);
          break;
        case 3:
          apply({ type: 'proposeSplit', points: split(action.x, 'b') }, b);
          apply({ type: 'proposeSplit', points: split(action.y, 'a') }, a);
          apply({ type: 'confirmSplit', points: split(action.y, 'a') }, b);
          break;
        case 4:
          apply({ type: 'proposeSplit', points: split(action.x, 'a') }, a);
          apply({ type: 'confirmSplit', points: split(action.y, 'a') }, b);
          break;
        default:
          break;
      }
    }
  }
  apply({ type: 'showResults' }, 'p1', true);
  return { events, dealtAt, state, game: current(state), played: g.played };
}

type GameInput = {
  n: number;
  rounds: number;
  points: number;
  seed: number;
  played: number;
  actions: { kind: number; x: number; y: number }[];
  leave: { who: number; before: number } | null;
};

function current(state: ThirtyFiveState): OnlineGame {
  if (state.phase === 'dealt' || state.phase === 'round') return state.game;
  if ((state.phase === 'results' || state.phase === 'ended') && state.outcome.mode === 'online') {
    return state.outcome.game;
  }
  throw new Error(`no online game in ${state.phase}`);
}

const pairsOf = (game: OnlineGame, played: number): [number, Pair][] =>
  game.schedule
    .slice(0, played)
    .flatMap((plan) => plan.pairs.map((pair): [number, Pair] => [plan.round, pair]));

describe('Thirty Five game properties', () => {
  it('a confirmed split sums to P, with whole numbers 0..P', () => {
    fc.assert(
      fc.property(gameArb, (g) => {
        const { game, played } = playGame(g);
        return pairsOf(game, played).every(([round, pair]) => {
          const lock = pairLock(game, round, pair);
          if (lock === null) return true;
          const values = Object.values(lock);
          return (
            values.length === 2 &&
            values.every((v) => Number.isInteger(v) && v >= 0 && v <= g.points) &&
            values.reduce((s, v) => s + v, 0) === g.points
          );
        });
      }),
      RUNS,
    );
  });

  it('every card is rated in every round it is held in a confirmed pair, and only then', () => {
    fc.assert(
      fc.property(gameArb, (g) => {
        const { game, played } = playGame(g);
        const tally = tallyOfGame(game);
        const perRound = new Map(tally.cards.map((c) => [c.id, c.perRound]));
        const expected = new Map(tally.cards.map((c) => [c.id, c.perRound.map(() => null)]));
        for (const [round, pair] of pairsOf(game, played)) {
          const lock = pairLock(game, round, pair);
          for (const card of [pair.a.card, pair.b.card]) {
            (expected.get(card) as (number | null)[])[round - 1] =
              lock === null ? null : (lock[card] as number);
          }
        }
        expect(perRound).toEqual(expected);
      }),
      RUNS,
    );
  });

  it('a card scores at most P × R', () => {
    fc.assert(
      fc.property(gameArb, (g) => {
        const { state } = playGame(g);
        return scoreboard(state).every(
          (s) => s.raw <= g.points * g.rounds && s.normalised <= g.points * g.rounds,
        );
      }),
      RUNS,
    );
  });

  it('participant records fold in any order after the deal to the same game', () => {
    fc.assert(
      fc.property(gameArb, fc.integer(), (g, shuffleSeed) => {
        const { events, dealtAt, state } = playGame(g);
        const isRecord = (e: ThirtyFiveEvent) =>
          e.type === 'SplitProposed' || e.type === 'SplitConfirmed';
        const head = events.slice(0, dealtAt + 1);
        const facilitator = events.slice(dealtAt + 1).filter((e) => !isRecord(e));
        const records = events.slice(dealtAt + 1).filter(isRecord);
        // A seeded shuffle of the records, each dropped at a seeded place among the facilitator's.
        const order = fc.sample(
          fc.shuffledSubarray(records, { minLength: records.length, maxLength: records.length }),
          { seed: shuffleSeed, numRuns: 1 },
        )[0] as ThirtyFiveEvent[];
        const mixed = [...facilitator];
        order.forEach((record, i) => {
          mixed.splice((shuffleSeed + i * 7919) % (mixed.length + 1), 0, record);
        });
        const refolded = given([...head, ...mixed]);
        expect(ranking(refolded)).toEqual(ranking(state));
        expect(current(refolded).splits).toEqual(current(state).splits);
      }),
      RUNS,
    );
  });
});
