/**
 * The stored log with late arrivals: a late arrival is a player the deal's card list does not
 * name, so the stored index appends them (and the card they brought) in the order admitted.
 * Decoding what was encoded gives the domain's log back, removals of late arrivals included, and
 * logs written before late arrivals existed decode as before (the codec test's property).
 */
import fc from 'fast-check';
import {
  decide,
  evolve,
  initialState,
  replay,
  type ThirtyFiveCommand,
  type ThirtyFiveEvent,
  type ThirtyFiveState,
} from '../../../src/domain/thirty-five';
import {
  decodeLog,
  encodeLog,
  storedLog,
  type FacilitatorEvent,
} from '../../../src/storage/thirty-five-codec';
import { drawForAdmission, drawForDeal } from '../../../src/services/deal-draw';

const player = (i: number) => `557058:${String(i).padStart(8, '0')}-0000-4000-8000-000000000000`;
const lateOne = (i: number) => `557058:${String(i).padStart(8, '0')}-1a7e-4000-8000-000000000000`;

const isFacilitatorEvent = (e: ThirtyFiveEvent): e is FacilitatorEvent =>
  !['CardSubmitted', 'SplitProposed', 'SplitConfirmed', 'JoinAsked'].includes(e.type);

/** A game of `n` with, after each round r, the steps listed for r (remove / ask+admit). */
function lateLog(n: number, rounds: number, steps: readonly (readonly [number, string])[]) {
  let state: ThirtyFiveState = initialState;
  const log: FacilitatorEvent[] = [];
  let admitted = 0;
  const apply = (command: ThirtyFiveCommand, actor = player(0)): boolean => {
    const decided = decide(state, command, { actor, now: 1_000, isFacilitator: true });
    if (!decided.ok) return false;
    for (const e of decided.value) {
      state = evolve(state, e);
      if (isFacilitatorEvent(e)) log.push(e);
    }
    return true;
  };
  for (let i = 0; i < n; i += 1) apply({ type: 'submitCard', text: `Card ${i}` }, player(i));
  apply({ type: 'deal', seed: 's', draw: drawForDeal(n), rounds });
  for (let r = 1; r <= rounds; r += 1) {
    for (const [when, what] of steps) {
      if (when !== r - 1) continue;
      if (what === 'admit') {
        const who = lateOne(admitted);
        admitted += 1;
        apply({ type: 'askToJoin', text: `Late ${who}` }, who);
        apply({ type: 'admitParticipant', accountId: who, draw: drawForAdmission() });
      } else {
        const game = state.phase === 'dealt' || state.phase === 'round' ? state.game : null;
        const last = game?.players[game.players.length - 1];
        if (last !== undefined) apply({ type: 'removeParticipant', accountId: last });
      }
    }
    apply({ type: 'nextRound' });
    if (state.phase === 'round') {
      // Every pair agrees, so the game is between rounds for the next admission.
      const { game } = state;
      for (const { a, b } of game.schedule[r - 1]?.pairs ?? []) {
        const points = { [a.card]: game.points, [b.card]: 0 };
        apply({ type: 'proposeSplit', points }, a.player);
        apply({ type: 'confirmSplit', points }, b.player);
      }
    }
  }
  apply({ type: 'showResults' });
  return { log, state };
}

describe('stored log with late arrivals', () => {
  it('decodes what it encoded, and the decoded log replays to the same game', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 9 }),
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.constantFrom('admit', 'remove')), {
          maxLength: 5,
        }),
        (n, rounds, steps) => {
          const { log, state } = lateLog(n, rounds, steps);
          const stored = JSON.parse(JSON.stringify(encodeLog(log))) as unknown;
          const decoded = decodeLog(storedLog.parse(stored));
          expect(decoded).toEqual(log);
          expect(replay(decoded)).toEqual(replay(log));
          expect(state.phase).toBe('results');
        },
      ),
      { numRuns: 150 },
    );
  });

  it('stores a late arrival who took a pool card and one who brought their own', () => {
    const { log } = lateLog(5, 4, [
      [1, 'remove'],
      [1, 'admit'],
      [2, 'admit'],
    ]);
    const admissions = log.filter((e) => e.type === 'ParticipantAdmitted');
    expect(admissions).toHaveLength(2);
    expect(admissions.map((e) => (e.type === 'ParticipantAdmitted' ? e.cards.length : -1))).toEqual(
      [0, 1],
    );
    expect(decodeLog(encodeLog(log))).toEqual(log);
  });
});
