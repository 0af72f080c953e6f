import type { CommandType, CopSessionCommand, PhaseKind } from '../../../src/domain/cop-session';
import { COMMAND_TYPES, decide, LEGALITY, PHASE_KINDS } from '../../../src/domain/cop-session';
import { ALICE, asFacilitator, BOB, later, STARTED, stateIn } from './builders';

/** One representative command of each type. */
const SAMPLES: { readonly [K in CommandType]: Extract<CopSessionCommand, { type: K }> } = {
  setTopic: { type: 'setTopic', topic: { title: 'Pairing' } },
  setLead: { type: 'setLead', lead: { kind: 'guest', name: 'Jane' } },
  setAgenda: { type: 'setAgenda', agenda: [{ step: 'takeaways', minutes: 5 }] },
  setCheckInPrompt: { type: 'setCheckInPrompt', prompt: { kind: 'builtin', id: 'weather' } },
  setGroupPlan: { type: 'setGroupPlan', plan: { by: 'count', count: 2 } },
  editOutline: { type: 'editOutline', outline: 'New outline' },
  addAttendee: { type: 'addAttendee', accountId: 'acc-walk-in' },
  removeAttendee: { type: 'removeAttendee', accountId: BOB },
  start: { type: 'start' },
  next: { type: 'next' },
  back: { type: 'back' },
  extend: { type: 'extend', minutes: 5 },
  regroup: { type: 'regroup' },
  end: { type: 'end' },
  join: { type: 'join' },
  leave: { type: 'leave' },
  answerCheckIn: { type: 'answerCheckIn', text: 'Curious' },
  passCheckIn: { type: 'passCheckIn' },
  addNote: { type: 'addNote', board: 'plenary', noteId: 'n1', text: 'A note' },
  editNote: { type: 'editNote', board: 'plenary', noteId: 'n1', text: 'A note', seen: {} },
  deleteNote: { type: 'deleteNote', board: 'plenary', noteId: 'n1', seen: {} },
  addTakeaway: { type: 'addTakeaway', takeawayId: 'k1', text: 'Measure outcomes' },
  editTakeaway: { type: 'editTakeaway', takeawayId: 'k1', text: 'Measure outcomes' },
  deleteTakeaway: { type: 'deleteTakeaway', takeawayId: 'k1' },
  addActionItem: { type: 'addActionItem', actionItemId: 'a1', text: 'Draft a canvas' },
  editActionItem: { type: 'editActionItem', actionItemId: 'a1', text: 'Draft a canvas' },
  deleteActionItem: { type: 'deleteActionItem', actionItemId: 'a1' },
};

/**
 * The expected legality, written out independently of `LEGALITY` so the test can fail:
 * S setup, C check-in, I introduction, B breakouts, R readout, P plenary, T takeaways
 * (ended accepts nothing).
 */
const EXPECTED: Readonly<Record<CommandType, string>> = {
  setTopic: 'S',
  setLead: 'S',
  setAgenda: 'S',
  setCheckInPrompt: 'S',
  setGroupPlan: 'SCIBRPT',
  editOutline: 'SCIBRPT',
  addAttendee: 'SCIBRPT',
  removeAttendee: 'SCIBRPT',
  start: 'S',
  next: 'CIBRPT',
  back: 'CIBRPT',
  extend: 'CIBRPT',
  regroup: 'B',
  end: 'CIBRPT',
  join: 'SCIBRPT',
  leave: 'SCIBRPT',
  answerCheckIn: 'C',
  passCheckIn: 'C',
  addNote: 'BRPT',
  editNote: 'BRPT',
  deleteNote: 'BRPT',
  addTakeaway: 'RPT',
  editTakeaway: 'RPT',
  deleteTakeaway: 'RPT',
  addActionItem: 'RPT',
  editActionItem: 'RPT',
  deleteActionItem: 'RPT',
};

const LETTER: Readonly<Record<PhaseKind, string>> = {
  setup: 'S',
  'check-in': 'C',
  introduction: 'I',
  breakouts: 'B',
  readout: 'R',
  plenary: 'P',
  takeaways: 'T',
  ended: 'E',
};

/** Written out independently of `LEGALITY`'s `who`. */
const FACILITATOR_ONLY: readonly CommandType[] = [
  'setTopic',
  'setLead',
  'setAgenda',
  'setCheckInPrompt',
  'setGroupPlan',
  'addAttendee',
  'removeAttendee',
  'start',
  'next',
  'back',
  'extend',
  'regroup',
  'end',
];

const cases = PHASE_KINDS.flatMap((phase) =>
  COMMAND_TYPES.map((type) => ({ phase, type, isLegal: EXPECTED[type].includes(LETTER[phase]) })),
);

describe('phase × command legality', () => {
  it('the table in decide matches the expected table', () => {
    const actual = Object.fromEntries(
      Object.entries(LEGALITY).map(([type, rule]) => [
        type,
        rule.phases.map((phase) => LETTER[phase]).join(''),
      ]),
    );
    expect(actual).toEqual(EXPECTED);
  });

  it('the facilitator-only commands are exactly those marked so', () => {
    const marked = COMMAND_TYPES.filter((type) => LEGALITY[type].who === 'facilitator');
    expect([...marked].sort()).toEqual([...FACILITATOR_ONLY].sort());
    expect(LEGALITY.editOutline.who).toBe('lead');
    expect(COMMAND_TYPES.filter((type) => LEGALITY[type].who === 'author').sort()).toEqual([
      'deleteActionItem',
      'deleteTakeaway',
      'editActionItem',
      'editTakeaway',
    ]);
  });

  it.each(cases)(
    'given $phase, when $type by the facilitator, legal: $isLegal',
    ({ phase, type, isLegal }) => {
      const result = decide(
        stateIn(phase),
        SAMPLES[type],
        asFacilitator(STARTED + 60 * 60_000, { actor: ALICE }),
      );
      const code = result.ok ? null : result.error.code;
      if (isLegal) {
        expect(code).not.toBe('WRONG_PHASE');
      } else {
        expect(code).toBe('WRONG_PHASE');
      }
    },
  );

  it.each(FACILITATOR_ONLY)(
    'given the legal phase, when %s by a participant, then NOT_FACILITATOR',
    (type) => {
      const phase = PHASE_KINDS.find((kind) => EXPECTED[type].includes(LETTER[kind]));
      const result = decide(stateIn(phase ?? 'ended'), SAMPLES[type], later());
      expect(result.ok ? null : result.error.code).toBe('NOT_FACILITATOR');
    },
  );

  it('given an ended session, then every command is refused with WRONG_PHASE', () => {
    const ended = stateIn('ended');
    for (const type of COMMAND_TYPES) {
      const result = decide(ended, SAMPLES[type], asFacilitator(STARTED + 3_600_000));
      expect(result.ok ? null : result.error.code).toBe('WRONG_PHASE');
    }
  });
});
