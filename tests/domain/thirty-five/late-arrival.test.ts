/**
 * Late arrivals (issue 15, point 9): someone who asked to join is admitted between rounds, takes
 * the card resting longest in the pool or brings their own, and the remaining rounds are
 * re-planned as for a removal. Properties over random games; examples for the refusals.
 */
import fc from 'fast-check';
import {
  decide,
  evolve,
  isBetweenRounds,
  replay,
  startOfRound,
  type OnlineGame,
  type ThirtyFiveEvent,
  type ThirtyFiveState,
} from '../../../src/domain/thirty-five/game';
import { MAX_JOIN_ASKS } from '../../../src/domain/thirty-five/rules';
import { tallyOfGame } from '../../../src/domain/thirty-five/projections';
import type { RoundPlan } from '../../../src/domain/thirty-five/types';
import {
  asFacilitator,
  cardsInPlay,
  ctx,
  dealtEvents,
  followsExchanges,
  given,
  inRound,
  play,
  seated,
  T0,
} from './builders';

const RUNS = { numRuns: 200 };
const LATE = 'late';

const gameOf = (state: ThirtyFiveState): OnlineGame => {
  if (state.phase !== 'dealt' && state.phase !== 'round') throw new Error(state.phase);
  return state.game;
};

/** Every pair of the current round agrees (first card gets all the points). */
function agreeAll(state: ThirtyFiveState): ThirtyFiveState {
  if (state.phase !== 'round') return state;
  const plan = state.game.schedule[state.round - 1] as RoundPlan;
  let s: ThirtyFiveState = state;
  for (const { a, b } of plan.pairs) {
    if (!gameOf(s).players.includes(a.player) || !gameOf(s).players.includes(b.player)) continue;
    const points = { [a.card]: gameOf(s).points, [b.card]: 0 };
    s = play(s, { type: 'proposeSplit', points }, ctx(a.player));
    s = play(s, { type: 'confirmSplit', points }, ctx(b.player));
  }
  return s;
}

const ask = (state: ThirtyFiveState, who = LATE, text = 'Late card'): ThirtyFiveState =>
  play(state, { type: 'askToJoin', text }, ctx(who));

const admit = (
  state: ThirtyFiveState,
  draw = { cardId: 'feedfacefeedface', rank: 0.5 },
  who = LATE,
) => decide(state, { type: 'admitParticipant', accountId: who, draw }, asFacilitator());

describe('admitting a late arrival (properties)', () => {
  it('keeps every seat, card, bye and exchange valid in the rounds left, and draws the new card like the dealt ones', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 12 }),
        fc.integer({ min: 2, max: 6 }),
        fc.nat(),
        fc.boolean(),
        fc.integer({ min: 0, max: 1000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.stringMatching(/^[0-9a-f]{16}$/),
        (n, rounds, afterSeed, withRemoval, seed, rank, cardId) => {
          const after = afterSeed % rounds; // rounds started before the admission: 0..R−1
          let state = given(dealtEvents(n, { rounds, seed }));
          for (let r = 1; r <= after; r += 1) {
            state = agreeAll(play(state, { type: 'nextRound' }, asFacilitator()));
          }
          if (withRemoval && n >= 3) {
            state = play(state, { type: 'removeParticipant', accountId: 'p2' }, asFacilitator());
          }
          state = ask(state);
          expect(isBetweenRounds(state)).toBe(true);
          const before = gameOf(state);
          const { pool } = startOfRound(before, after + 1);
          const decided = admit(state, { cardId, rank });
          if (!decided.ok) throw new Error(decided.error.code);
          const after$ = decided.value.reduce(evolve, state);
          const game = gameOf(after$);
          const people = [...before.players, LATE];
          expect(game.players).toEqual(people);
          expect(game.asks).toEqual({});

          // The new card: from the pool when one rests there, else a fresh id at a drawn place.
          const event = decided.value[0] as Extract<
            ThirtyFiveEvent,
            { type: 'ParticipantAdmitted' }
          >;
          if (pool.length > 0) {
            expect(event.taken).toBe(pool[0]);
            expect(game.cards).toEqual(before.cards);
          } else {
            expect(event.taken).toBeNull();
            const place = Math.floor(rank * (before.cards.length + 1));
            expect(game.cards[place]).toEqual({ id: cardId, author: LATE, text: 'Late card' });
            expect(game.cards.filter((c) => c.id !== cardId)).toEqual(before.cards);
          }

          // Rounds already played stay; the rest are re-planned for everyone still playing.
          expect(game.schedule.slice(0, after)).toEqual(before.schedule.slice(0, after));
          const left = game.schedule.slice(after);
          expect(left.map((r) => r.round)).toEqual(
            Array.from({ length: rounds - after }, (_, i) => after + i + 1),
          );
          const allCards = game.cards.map((c) => c.id).sort();
          const byes = new Map(people.map((p) => [p, 0]));
          for (const round of game.schedule.slice(0, after)) {
            const bye = round.bye?.player;
            if (bye !== undefined && byes.has(bye)) byes.set(bye, (byes.get(bye) ?? 0) + 1);
          }
          for (const round of left) {
            // Pairings valid: everyone playing sits exactly once; one bye exactly when odd.
            expect(seated(round).sort()).toEqual([...people].sort());
            expect(round.pairs).toHaveLength(Math.floor(people.length / 2));
            expect(round.bye === null).toBe(people.length % 2 === 0);
            // Every card is still in the game: held by one person or resting in the pool.
            expect(cardsInPlay(round).sort()).toEqual(allCards);
            // Byes go to someone who sat out the fewest times so far.
            if (round.bye !== null) {
              const fewest = Math.min(...byes.values());
              expect(byes.get(round.bye.player)).toBe(fewest);
              byes.set(round.bye.player, fewest + 1);
            }
          }
          // The first re-planned round seats the held cards, the late arrival with theirs.
          const first = left[0] as RoundPlan;
          const held = startOfRound(game, after + 1).holdings;
          expect(held[LATE]).toBe(event.taken ?? cardId);
          expect(followsExchanges(left)).toBe(true);
          return first.round === after + 1;
        },
      ),
      RUNS,
    );
  });

  it('scores every card held in a pair in each round left, the late card included', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 10 }), fc.integer({ min: 0, max: 500 }), (n, seed) => {
        let state = given(dealtEvents(n, { rounds: 5, seed }));
        for (let r = 1; r <= 2; r += 1) {
          state = agreeAll(play(state, { type: 'nextRound' }, asFacilitator()));
        }
        state = ask(state);
        const decided = admit(state);
        if (!decided.ok) throw new Error(decided.error.code);
        state = decided.value.reduce(evolve, state);
        for (let r = 3; r <= 5; r += 1) {
          state = agreeAll(play(state, { type: 'nextRound' }, asFacilitator()));
        }
        const tally = tallyOfGame(gameOf(state));
        const late = tally.cards.find((c) => c.id === 'feedfacefeedface');
        expect(late?.perRound.slice(0, 2)).toEqual([null, null]);
        for (let r = 2; r < 5; r += 1) {
          const plan = gameOf(state).schedule[r] as RoundPlan;
          const rated = tally.cards.filter((c) => c.perRound[r] !== null).map((c) => c.id);
          const inPairs = plan.pairs.flatMap(({ a, b }) => [a.card, b.card]);
          expect(rated.sort()).toEqual(inPairs.sort());
        }
      }),
      { numRuns: 100 },
    );
  });

  it('gives every place in the hidden order the same chance: the place is floor(rank × (n + 1))', () => {
    const state = ask(agreeAll(inRound(4, 1)));
    const places = new Set<number>();
    for (let k = 0; k <= 4; k += 1) {
      const decided = admit(state, { cardId: 'feedfacefeedface', rank: (k + 0.5) / 5 });
      if (!decided.ok) throw new Error(decided.error.code);
      const game = gameOf(decided.value.reduce(evolve, state));
      places.add(game.cards.findIndex((c) => c.id === 'feedfacefeedface'));
    }
    expect([...places].sort()).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('asking and admitting (examples)', () => {
  it('given a pair still agreeing, when the facilitator admits, then WRONG_PHASE', () => {
    const state = ask(inRound(4, 2));
    expect(admit(state)).toMatchObject({ ok: false, error: { code: 'WRONG_PHASE' } });
    expect(admit(agreeAll(state)).ok).toBe(true);
  });

  it('given someone who did not ask, when admitted, then UNKNOWN_PARTICIPANT', () => {
    expect(admit(given(dealtEvents(4)))).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_PARTICIPANT' },
    });
  });

  it('given the last round started, when admitting, then NO_MORE_ROUNDS', () => {
    const state = ask(agreeAll(inRound(4, 5)));
    expect(admit(state)).toMatchObject({ ok: false, error: { code: 'NO_MORE_ROUNDS' } });
  });

  it('given a participant, when they admit, then NOT_FACILITATOR', () => {
    const state = ask(given(dealtEvents(4)));
    const result = decide(
      state,
      { type: 'admitParticipant', accountId: LATE, draw: { cardId: 'feedfacefeedface', rank: 0 } },
      ctx('p2'),
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'NOT_FACILITATOR' } });
  });

  it('given a player or a removed person, when they ask, then refused', () => {
    let state = given(dealtEvents(4));
    expect(decide(state, { type: 'askToJoin', text: 'x' }, ctx('p2'))).toMatchObject({
      ok: false,
      error: { code: 'ALREADY_PLAYING' },
    });
    state = play(state, { type: 'removeParticipant', accountId: 'p3' }, asFacilitator());
    expect(decide(state, { type: 'askToJoin', text: 'x' }, ctx('p3'))).toMatchObject({
      ok: false,
      error: { code: 'NOT_A_PARTICIPANT' },
    });
    expect(decide(state, { type: 'askToJoin', text: ' ' }, ctx(LATE))).toMatchObject({
      ok: false,
      error: { code: 'CARD_EMPTY' },
    });
  });

  it('given asks folded in any order, then the same asks; past the cap, later asks are not listed', () => {
    const base = dealtEvents(3);
    const asked = (by: string, at: number, text = `card of ${by}`): ThirtyFiveEvent => ({
      type: 'JoinAsked',
      v: 1,
      by,
      text,
      firstAt: at,
      at,
    });
    const edits = [
      asked('x', T0 + 1, 'first'),
      { ...asked('x', T0 + 5, 'second'), firstAt: T0 + 1 },
    ];
    const one = replay([...base, ...edits]);
    const other = replay([...base, ...[...edits].reverse()]);
    expect(gameOf(one).asks).toEqual(gameOf(other).asks);
    expect(gameOf(one).asks?.x).toEqual({ text: 'second', firstAt: T0 + 1, at: T0 + 5 });

    const many = Array.from({ length: MAX_JOIN_ASKS + 3 }, (_, i) => asked(`late${i}`, T0 + i));
    const full = replay([...base, ...many]);
    expect(Object.keys(gameOf(full).asks ?? {})).toHaveLength(MAX_JOIN_ASKS);
    expect(gameOf(full).asks?.[`late${MAX_JOIN_ASKS}`]).toBeUndefined();
    // A player's ask (folded after their admission) changes nothing.
    expect(evolve(full, asked('p1', T0))).toEqual(full);
  });

  it('given a round timer, when the round starts, then its event carries the start and length', () => {
    const state = given(dealtEvents(4));
    const started = decide(state, { type: 'nextRound', minutes: 3 }, asFacilitator());
    expect(started).toMatchObject({
      ok: true,
      value: [{ type: 'RoundStarted', round: 1, minutes: 3, at: T0 + 1_000 }],
    });
    expect(decide(state, { type: 'nextRound', minutes: 31 }, asFacilitator())).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ROUNDS' },
    });
  });
});
