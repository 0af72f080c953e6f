/**
 * The stored form of the facilitator log: decoding what was encoded gives the domain's log back
 * (property over generated games with removals), and the largest game the domain allows (200
 * people, 10 rounds) fits a KVS value with room for removals.
 */
import fc from 'fast-check';
import {
  decide,
  evolve,
  initialState,
  type ThirtyFiveCommand,
  type ThirtyFiveEvent,
  type ThirtyFiveState,
} from '../../../src/domain/thirty-five';
import {
  CorruptLogError,
  decodeLog,
  encodeLog,
  storedLog,
  type FacilitatorEvent,
} from '../../../src/storage/thirty-five-codec';
import { drawForDeal } from '../../../src/services/deal-draw';

const KVS_VALUE_MAX_BYTES = 240 * 1024;

const player = (i: number) => `557058:${String(i).padStart(8, '0')}-0000-4000-8000-000000000000`;

const isFacilitatorEvent = (e: ThirtyFiveEvent): e is FacilitatorEvent =>
  e.type !== 'CardSubmitted' && e.type !== 'SplitProposed' && e.type !== 'SplitConfirmed';

/** A game of `n` people dealt over `rounds`, with the given removals after the given rounds. */
function playedLog(
  n: number,
  rounds: number,
  seed: string,
  removals: number[],
): FacilitatorEvent[] {
  let state: ThirtyFiveState = initialState;
  const log: FacilitatorEvent[] = [];
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
  apply({ type: 'deal', seed, draw: drawForDeal(n), rounds });
  for (let r = 1; r <= rounds; r += 1) {
    apply({ type: 'nextRound' });
    for (const who of removals.filter((_, k) => k % rounds === r - 1)) {
      apply({ type: 'removeParticipant', accountId: player(who % n) });
    }
  }
  apply({ type: 'showResults' });
  apply({ type: 'end' });
  return log;
}

describe('stored log', () => {
  it('property: decoding an encoded log gives the same log, removals included (300 runs)', () => {
    let withRemovals = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 24 }),
        fc.integer({ min: 1, max: 10 }),
        fc.string({ maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 4 }),
        (n, rounds, seed, removals) => {
          const log = playedLog(n, rounds, seed, removals);
          if (log.some((e) => e.type === 'ParticipantRemoved')) withRemovals += 1;
          const stored = JSON.parse(JSON.stringify(encodeLog(log))) as ReturnType<typeof encodeLog>;
          expect(decodeLog(stored)).toEqual(log);
        },
      ),
      { numRuns: 300 },
    );
    expect(withRemovals).toBeGreaterThan(50);
  });

  it('given the largest game, when stored, then it takes a third of a KVS value; as plain JSON it would not leave room', () => {
    const log = playedLog(200, 10, 'largest', [3, 50]);
    const plain = JSON.stringify(log).length;
    const stored = JSON.stringify(encodeLog(log)).length;
    expect(plain).toBeGreaterThan(KVS_VALUE_MAX_BYTES);
    expect(stored).toBeLessThan(KVS_VALUE_MAX_BYTES / 2);
  });

  it('given a seat naming someone the deal does not know, when decoded, then CorruptLogError', () => {
    const [deal] = encodeLog(playedLog(4, 1, 's', []));
    if (deal?.type !== 'CardsDealt') throw new Error('the log starts with the deal');
    const broken = { ...deal, schedule: [{ r: 1, p: [[0, 1, 9, 2]], b: null, o: [] }] };
    expect(() => decodeLog(storedLog.parse([broken]))).toThrow(CorruptLogError);
    const planBeforeDeal = {
      type: 'ParticipantRemoved',
      v: 1,
      accountId: 'x',
      afterRound: 0,
      replanned: [],
      at: 1,
    };
    expect(() => decodeLog(storedLog.parse([planBeforeDeal]))).toThrow(CorruptLogError);
  });
});
