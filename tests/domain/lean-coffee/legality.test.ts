import type { CommandType, LeanCoffeeCommand, PhaseKind } from '../../../src/domain/lean-coffee';
import { decide, LEGALITY, PHASE_KINDS } from '../../../src/domain/lean-coffee';
import { asFacilitator, ctx, stateIn } from './builders';

/** One representative command of each type. */
const SAMPLES: { readonly [K in CommandType]: Extract<LeanCoffeeCommand, { type: K }> } = {
  changeSettings: { type: 'changeSettings', settings: { dotsPerParticipant: 5 } },
  proposeTopic: { type: 'proposeTopic', topicId: 'new', title: 'Pairing' },
  editTopic: { type: 'editTopic', topicId: 't1', title: 'Estimates' },
  deleteTopic: { type: 'deleteTopic', topicId: 't1' },
  mergeTopics: { type: 'mergeTopics', intoId: 't1', fromId: 't2' },
  openVoting: { type: 'openVoting' },
  allocateDots: { type: 'allocateDots', allocation: { t1: 1 } },
  closeVoting: { type: 'closeVoting' },
  reorderTopics: { type: 'reorderTopics', order: ['t3', 't2', 't1'] },
  startTopic: { type: 'startTopic' },
  castThumb: { type: 'castThumb', topicId: 't1', round: 0, thumb: 'up' },
  closeThumbs: { type: 'closeThumbs', topicId: 't1', round: 0 },
  overrideTopic: { type: 'overrideTopic', topicId: 't1', decision: 'next' },
  addTakeaway: { type: 'addTakeaway', takeawayId: 'k1', topicId: 't1', text: 'Use ranges' },
  editTakeaway: { type: 'editTakeaway', takeawayId: 'k1', text: 'Use ranges' },
  deleteTakeaway: { type: 'deleteTakeaway', takeawayId: 'k1' },
  addActionItem: { type: 'addActionItem', actionItemId: 'a1', topicId: 't1', text: 'Try it' },
  editActionItem: { type: 'editActionItem', actionItemId: 'a1', text: 'Try it' },
  deleteActionItem: { type: 'deleteActionItem', actionItemId: 'a1' },
  startWrapUp: { type: 'startWrapUp' },
  endMeeting: { type: 'endMeeting' },
};

/**
 * The expected legality, written out independently of `LEGALITY` so the test can fail:
 * P proposing, V voting, D discussing, W wrap-up (ended accepts nothing).
 */
const EXPECTED: Readonly<Record<CommandType, string>> = {
  changeSettings: 'P',
  proposeTopic: 'P',
  editTopic: 'P',
  deleteTopic: 'P',
  mergeTopics: 'PV',
  openVoting: 'P',
  allocateDots: 'V',
  closeVoting: 'V',
  reorderTopics: 'D',
  startTopic: 'D',
  castThumb: 'D',
  closeThumbs: 'D',
  overrideTopic: 'D',
  addTakeaway: 'DW',
  editTakeaway: 'DW',
  deleteTakeaway: 'DW',
  addActionItem: 'DW',
  editActionItem: 'DW',
  deleteActionItem: 'DW',
  startWrapUp: 'D',
  endMeeting: 'W',
};

const LETTER: Readonly<Record<PhaseKind, string>> = {
  proposing: 'P',
  voting: 'V',
  discussing: 'D',
  'wrap-up': 'W',
  ended: 'E',
};

const FACILITATOR_ONLY: readonly CommandType[] = [
  'changeSettings',
  'mergeTopics',
  'openVoting',
  'closeVoting',
  'reorderTopics',
  'startTopic',
  'overrideTopic',
  'startWrapUp',
  'endMeeting',
];

const cases = PHASE_KINDS.flatMap((phase) =>
  (Object.keys(SAMPLES) as CommandType[]).map((type) => ({
    phase,
    type,
    isLegal: EXPECTED[type].includes(LETTER[phase]),
  })),
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

  it.each(cases)(
    'given $phase, when $type by the facilitator, legal: $isLegal',
    ({ phase, type, isLegal }) => {
      const result = decide(
        stateIn(phase),
        SAMPLES[type],
        asFacilitator(stateIn(phase).meetingStartedAt + 3_600_000),
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
      const result = decide(stateIn(phase ?? 'ended'), SAMPLES[type], ctx());
      expect(result.ok ? null : result.error.code).toBe('NOT_FACILITATOR');
    },
  );
});
