import type {
  CommandContext,
  CopSessionCommand,
  CopSessionEvent,
  CopSessionState,
} from '../../../src/domain/cop-session';
import { createSession, decide, EMPTY_STATE, evolve } from '../../../src/domain/cop-session';
import { FACILITATOR } from './builders';

/**
 * The golden deep dive: eight people and a walk-in, a guest speaker, a check-in, three breakout
 * groups (one late joiner, one conflicting edit left unmerged), plenary notes, takeaways (one
 * edited, one deleted, one tidied by the facilitator) and action items owned by other people.
 */
export const START = 1_796_731_200_000; // 2026-12-08T12:00:00Z
export const ADA = 'acc-ada';
export const BEN = 'acc-ben';
export const CEM = 'acc-cem';
export const DEV = 'acc-dev';
export const EVA = 'acc-eva';
export const FAY = 'acc-fay';
export const GUS = 'acc-gus';
export const HAL = 'acc-hal';

/** The community's previous breakout, as the service would read it. */
export const PREVIOUS = [
  [ADA, BEN, CEM],
  [DEV, EVA],
  [FAY, GUS, FACILITATOR],
];
export const SEED = 'golden-2026-12-08';

const as = (actor: string, minutes: number, seconds = 0): CommandContext => ({
  actor,
  now: START + minutes * 60_000 + seconds * 1000,
  isFacilitator: actor === FACILITATOR,
  seed: SEED,
  previousGroups: PREVIOUS,
});

const script: ReadonlyArray<readonly [CopSessionCommand, CommandContext]> = [
  [
    {
      type: 'setTopic',
      topic: {
        backlogTopicId: 'topic-42',
        title: 'Metrics that matter',
        details: 'Which numbers help a team improve — and which hurt?',
        outline: 'Why measure at all\nThree metrics we tried\nWhat we dropped',
        questions: ['Which metric would you drop?', 'What does your team track today?'],
      },
    },
    as(FACILITATOR, 0, 1),
  ],
  [{ type: 'setLead', lead: { kind: 'guest', name: 'Dr. Jane Doe' } }, as(FACILITATOR, 0, 2)],
  [
    { type: 'setCheckInPrompt', prompt: { kind: 'builtin', id: 'small-win' } },
    as(FACILITATOR, 0, 3),
  ],
  [
    {
      type: 'setAgenda',
      agenda: [
        { step: 'check-in', minutes: 5 },
        { step: 'introduction', minutes: 10 },
        { step: 'breakouts', minutes: 12 },
        { step: 'readout', minutes: 5 },
        { step: 'plenary', minutes: 15 },
        { step: 'takeaways', minutes: 5 },
      ],
    },
    as(FACILITATOR, 0, 4),
  ],
  [{ type: 'setGroupPlan', plan: { by: 'count', count: 3 } }, as(FACILITATOR, 0, 5)],
  ...[FACILITATOR, ADA, BEN, CEM, DEV, EVA, FAY].map(
    (who, i) => [{ type: 'join' }, as(who, 0, 10 + i)] as const,
  ),
  [{ type: 'start' }, as(FACILITATOR, 1)],
  [{ type: 'addAttendee', accountId: HAL }, as(FACILITATOR, 1, 30)],
  [{ type: 'answerCheckIn', text: 'Shipped our first SLO dashboard' }, as(ADA, 1, 40)],
  [{ type: 'answerCheckIn', text: 'New team, new tools <& all>' }, as(CEM, 1, 50)],
  [{ type: 'passCheckIn' }, as(BEN, 2)],
  [{ type: 'answerCheckIn', text: 'Tired' }, as(DEV, 2, 10)],
  [{ type: 'answerCheckIn', text: 'Tired but curious' }, as(DEV, 2, 20)],
  [{ type: 'answerCheckIn', text: 'Curious' }, as(EVA, 2, 30)],
  [{ type: 'next' }, as(FACILITATOR, 6)],
  [
    {
      type: 'editOutline',
      questions: [
        'Which metric would you drop?',
        'What does your team track today?',
        'Who looks at it?',
      ],
    },
    as(FACILITATOR, 7),
  ],
  [{ type: 'next' }, as(FACILITATOR, 16)],
  [{ type: 'join' }, as(GUS, 17)],
  [{ type: 'addNote', board: 2, noteId: 'n1', text: 'Velocity is not a goal' }, as(ADA, 18)],
  [{ type: 'addNote', board: 3, noteId: 'n2', text: 'Lead time matters' }, as(CEM, 18, 10)],
  [
    { type: 'addNote', board: 1, noteId: 'n3', text: 'Ask the team what to measure' },
    as(BEN, 18, 20),
  ],
  [{ type: 'addNote', board: 1, noteId: 'n4', text: 'Measure outcomes' }, as(FACILITATOR, 18, 30)],
  [
    {
      type: 'editNote',
      board: 2,
      noteId: 'n1',
      text: 'Velocity is a signal, not a goal',
      seen: { [ADA]: 1 },
    },
    as(GUS, 19),
  ],
  [
    {
      type: 'editNote',
      board: 3,
      noteId: 'n2',
      text: 'Lead time matters most',
      seen: { [CEM]: 1 },
    },
    as(EVA, 19, 10),
  ],
  [
    { type: 'editNote', board: 3, noteId: 'n2', text: 'Cycle time matters', seen: { [CEM]: 1 } },
    as(FAY, 19, 20),
  ],
  [{ type: 'deleteNote', board: 1, noteId: 'n4', seen: { [FACILITATOR]: 1 } }, as(BEN, 20)],
  [{ type: 'extend', minutes: 3 }, as(FACILITATOR, 27)],
  [{ type: 'next' }, as(FACILITATOR, 31)],
  [
    {
      type: 'editNote',
      board: 2,
      noteId: 'n1',
      text: 'Velocity is a signal, not a goal (Scrum Guide)',
      seen: { [ADA]: 1, [GUS]: 1 },
    },
    as(DEV, 31, 30),
  ],
  [{ type: 'next' }, as(FACILITATOR, 36)],
  [
    {
      type: 'addNote',
      board: 'plenary',
      noteId: 'p1',
      text: 'One metric per quarter, reviewed in the retro',
    },
    as(EVA, 37),
  ],
  [
    {
      type: 'editNote',
      board: 'plenary',
      noteId: 'p1',
      text: 'One team metric per quarter, reviewed in the retro',
      seen: { [EVA]: 1 },
    },
    as(FACILITATOR, 38),
  ],
  [{ type: 'addTakeaway', takeawayId: 'k1', text: 'Measure outcomes, not output' }, as(ADA, 40)],
  [{ type: 'addTakeaway', takeawayId: 'k2', text: 'Start with one team metric' }, as(CEM, 41)],
  [{ type: 'addTakeaway', takeawayId: 'k3', text: 'Review metrics monthly' }, as(BEN, 42)],
  [{ type: 'deleteTakeaway', takeawayId: 'k3' }, as(BEN, 43)],
  [
    { type: 'addTakeaway', takeawayId: 'k4', text: 'Share dashboards with stakeholders' },
    as(EVA, 44),
  ],
  [{ type: 'editTakeaway', takeawayId: 'k1', text: 'Measure outcomes, not output.' }, as(ADA, 45)],
  [{ type: 'next' }, as(FACILITATOR, 51)],
  [
    {
      type: 'addActionItem',
      actionItemId: 'a1',
      text: 'Draft a metrics canvas',
      owner: DEV,
      due: '2026-12-15',
    },
    as(ADA, 52),
  ],
  [
    {
      type: 'addActionItem',
      actionItemId: 'a2',
      text: 'Book the room for the next session',
      owner: HAL,
    },
    as(BEN, 52, 30),
  ],
  [
    { type: 'addActionItem', actionItemId: 'a3', text: 'Collect examples from three teams' },
    as(CEM, 53),
  ],
  [
    { type: 'editTakeaway', takeawayId: 'k2', author: CEM, text: 'Start with one metric per team' },
    as(FACILITATOR, 54),
  ],
  [{ type: 'end' }, as(FACILITATOR, 56)],
];

/** Plays the golden session through `decide` and `evolve`; every command must be accepted. */
export function playSession(): { events: CopSessionEvent[]; state: CopSessionState } {
  const creation = createSession({ actor: FACILITATOR, now: START });
  const events: CopSessionEvent[] = [creation];
  let state = evolve(EMPTY_STATE, creation);
  for (const [command, context] of script) {
    const result = decide(state, command, context);
    if (!result.ok) throw new Error(`${command.type}: ${result.error.code}`);
    events.push(...result.value);
    state = result.value.reduce(evolve, state);
  }
  return { events, state };
}
