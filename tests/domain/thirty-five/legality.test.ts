import {
  decide,
  type CommandType,
  type ThirtyFiveCommand,
  type ThirtyFiveState,
} from '../../../src/domain/thirty-five/game';
import {
  asFacilitator,
  cardEvents,
  dealtEvents,
  given,
  inOrderDraw,
  inRound,
  play,
} from './builders';

/** One representative command of each type. */
const SAMPLES: { readonly [K in CommandType]: Extract<ThirtyFiveCommand, { type: K }> } = {
  submitCard: { type: 'submitCard', text: 'Scaling retros' },
  deal: { type: 'deal', seed: 1, draw: inOrderDraw() },
  nextRound: { type: 'nextRound' },
  proposeSplit: { type: 'proposeSplit', points: { c1: 4, c2: 3 } },
  confirmSplit: { type: 'confirmSplit', points: { c1: 4, c2: 3 } },
  removeParticipant: { type: 'removeParticipant', accountId: 'p4' },
  askToJoin: { type: 'askToJoin', text: 'Late card' },
  admitParticipant: {
    type: 'admitParticipant',
    accountId: 'late',
    draw: { cardId: 'c99', rank: 0.5 },
  },
  showResults: { type: 'showResults' },
  enterTallies: {
    type: 'enterTallies',
    rounds: 1,
    cards: [
      { text: 'A', points: [5] },
      { text: 'B', points: [2] },
    ],
  },
  end: { type: 'end' },
};

type PhaseCase = 'collecting' | 'dealt' | 'round' | 'results' | 'results (in-room)' | 'ended';

/** Fresh states in every phase: four players, p1 facilitates. */
const STATES: Readonly<Record<PhaseCase, () => ThirtyFiveState>> = {
  collecting: () => given(cardEvents(4)),
  dealt: () => given(dealtEvents(4)),
  round: () => inRound(4, 1),
  results: () => play(inRound(4, 1), { type: 'showResults' }, asFacilitator()),
  'results (in-room)': () => play(given([]), SAMPLES.enterTallies, asFacilitator()),
  ended: () => play(STATES.results(), { type: 'end' }, asFacilitator()),
};

/**
 * The expected legality, written out apart from `LEGAL_COMMANDS` so the test can fail:
 * C collecting, D dealt, R round, S results, I in-room results (ended accepts nothing).
 */
const EXPECTED: Readonly<Record<CommandType, string>> = {
  submitCard: 'C',
  deal: 'C',
  nextRound: 'DR',
  proposeSplit: 'R',
  confirmSplit: 'R',
  removeParticipant: 'DR',
  askToJoin: 'DR',
  admitParticipant: 'DR',
  showResults: 'R',
  enterTallies: 'CI',
  end: 'SI',
};

const LETTER: Readonly<Record<PhaseCase, string>> = {
  collecting: 'C',
  dealt: 'D',
  round: 'R',
  results: 'S',
  'results (in-room)': 'I',
  ended: '-',
};

const cases = (Object.keys(STATES) as PhaseCase[]).flatMap((phase) =>
  (Object.keys(SAMPLES) as CommandType[]).map(
    (command) => [phase, command, EXPECTED[command].includes(LETTER[phase])] as const,
  ),
);

describe('phase × command legality', () => {
  it.each(cases)('given %s, when %s, then legal: %p', (phase, command, isLegal) => {
    const state = STATES[phase]();
    const result = decide(state, SAMPLES[command], asFacilitator());
    if (isLegal) {
      expect(result.ok ? 'ok' : result.error.code).not.toBe('WRONG_PHASE');
    } else {
      expect(result).toMatchObject({ ok: false, error: { code: 'WRONG_PHASE' } });
    }
  });

  it.each([
    'deal',
    'nextRound',
    'removeParticipant',
    'admitParticipant',
    'showResults',
    'enterTallies',
    'end',
  ] as const)('given a participant, when %s, then NOT_FACILITATOR in any phase', (command) => {
    for (const make of Object.values(STATES)) {
      const result = decide(make(), SAMPLES[command], {
        actor: 'p2',
        now: 0,
        isFacilitator: false,
      });
      expect(result).toMatchObject({ ok: false, error: { code: 'NOT_FACILITATOR' } });
    }
  });
});
