import * as thirtyFive from '../../../src/domain/thirty-five';
import type { ThirtyFiveEvent, ThirtyFiveState } from '../../../src/domain/thirty-five';
import '../../../src/domain/thirty-five/types';
import { given, inRound } from './builders';

describe('public API', () => {
  it('exports the rules, the state machine and the projections', () => {
    expect(typeof thirtyFive.decide).toBe('function');
    expect(typeof thirtyFive.evolve).toBe('function');
    expect(typeof thirtyFive.planRounds).toBe('function');
    expect(typeof thirtyFive.viewFor).toBe('function');
    expect(thirtyFive.DEFAULT_ROUNDS * thirtyFive.DEFAULT_POINTS).toBe(35);
  });

  it('lists every error code once, including those the brief names', () => {
    const codes = thirtyFive.THIRTY_FIVE_ERROR_CODES;
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).toEqual(
      expect.arrayContaining([
        'WRONG_PHASE',
        'NOT_FACILITATOR',
        'NOT_A_PARTICIPANT',
        'NOT_IN_PAIR',
        'INVALID_SPLIT',
        'SPLIT_LOCKED',
        'NO_PROPOSAL',
        'TOO_FEW_PARTICIPANTS',
        'CARD_TOO_LONG',
        'CARD_EMPTY',
        'INVALID_ROUNDS',
        'INVALID_POINTS',
        'UNKNOWN_PARTICIPANT',
        'INVALID_TALLY',
      ]),
    );
  });

  it('fails loudly on a corrupt event or state instead of guessing', () => {
    const corruptEvent = { type: 'CardsBurnt', v: 1 } as unknown as ThirtyFiveEvent;
    expect(() => thirtyFive.evolve(given([]), corruptEvent)).toThrow('Unhandled case');
    const corruptState = { phase: 'paused' } as unknown as ThirtyFiveState;
    expect(() => thirtyFive.tallyOf(corruptState)).toThrow('Unhandled case');
    expect(() => thirtyFive.viewFor(corruptState, 'p1')).toThrow('Unhandled case');
    const round = inRound(3, 1);
    const event: ThirtyFiveEvent = {
      type: 'SplitProposed',
      v: 1,
      round: 1,
      by: 'p1',
      points: {},
      at: 0,
    };
    expect(() => thirtyFive.evolve({ ...round, phase: 'paused' } as never, event)).toThrow(
      'Unhandled case',
    );
  });
});
