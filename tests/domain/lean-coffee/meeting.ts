import type {
  CommandContext,
  LeanCoffeeCommand,
  LeanCoffeeEvent,
  LeanCoffeeState,
} from '../../../src/domain/lean-coffee';
import { createLeanCoffee, decide, EMPTY_STATE, evolve } from '../../../src/domain/lean-coffee';
import { ALICE, BOB, CAROL, FACILITATOR } from './builders';

/** The meeting of the golden test: propose, merge, vote, close, discuss with an extension, move on, wrap up. */
export const S = 1000;
export const START = 1_767_000_000_000;

/** Who does what when, in seconds after the meeting was created. */
const as = (actor: string, second: number): CommandContext => ({
  actor,
  now: START + second * S,
  isFacilitator: actor === FACILITATOR,
});

const script: ReadonlyArray<readonly [LeanCoffeeCommand, CommandContext]> = [
  [
    { type: 'proposeTopic', topicId: 't1', title: '  Estimation  ', details: 'Points or hours?' },
    as(ALICE, 1),
  ],
  [{ type: 'proposeTopic', topicId: 't2', title: 'Retro formats', minutes: 5 }, as(BOB, 2)],
  [{ type: 'proposeTopic', topicId: 't3', title: 'Team health', minutes: 10 }, as(CAROL, 3)],
  [
    { type: 'proposeTopic', topicId: 't4', title: 'Estimating stories', details: 'Story points' },
    as(BOB, 4),
  ],
  [{ type: 'proposeTopic', topicId: 't5', title: 'Remote pairing' }, as(CAROL, 5)],
  [{ type: 'mergeTopics', intoId: 't1', fromId: 't4' }, as(FACILITATOR, 6)],
  [{ type: 'openVoting' }, as(FACILITATOR, 10)],
  [{ type: 'allocateDots', allocation: { t1: 2, t3: 1 } }, as(ALICE, 20)],
  [{ type: 'allocateDots', allocation: { t2: 3 } }, as(BOB, 21)],
  [{ type: 'allocateDots', allocation: { t1: 1, t3: 2 } }, as(CAROL, 22)],
  [{ type: 'allocateDots', allocation: { t1: 1, t3: 2, t5: 0 } }, as(ALICE, 23)],
  [{ type: 'closeVoting' }, as(FACILITATOR, 30)],
  [{ type: 'startTopic' }, as(FACILITATOR, 60)],
  [
    { type: 'addTakeaway', takeawayId: 'k1', topicId: 't3', text: 'Ask, do not assume' },
    as(CAROL, 120),
  ],
  [{ type: 'castThumb', topicId: 't3', round: 0, thumb: 'up' }, as(ALICE, 660)],
  [{ type: 'castThumb', topicId: 't3', round: 0, thumb: 'down' }, as(BOB, 661)],
  [{ type: 'castThumb', topicId: 't3', round: 0, thumb: 'up' }, as(BOB, 662)],
  [{ type: 'castThumb', topicId: 't3', round: 0, thumb: 'down' }, as(CAROL, 663)],
  [{ type: 'closeThumbs', topicId: 't3', round: 0 }, as(FACILITATOR, 670)],
  [{ type: 'castThumb', topicId: 't3', round: 1, thumb: 'down' }, as(ALICE, 970)],
  [{ type: 'castThumb', topicId: 't3', round: 1, thumb: 'sideways' }, as(BOB, 971)],
  [{ type: 'closeThumbs', topicId: 't3', round: 1 }, as(CAROL, 1030)],
  [
    {
      type: 'addActionItem',
      actionItemId: 'a1',
      topicId: 't2',
      text: 'Try a sailboat retro',
      owner: ALICE,
    },
    as(BOB, 1100),
  ],
  [{ type: 'overrideTopic', topicId: 't2', decision: 'next' }, as(FACILITATOR, 1200)],
  [{ type: 'startWrapUp' }, as(FACILITATOR, 1300)],
  [{ type: 'endMeeting' }, as(FACILITATOR, 1400)],
];

export function playMeeting(): { events: LeanCoffeeEvent[]; state: LeanCoffeeState } {
  const createdEvent = createLeanCoffee({}, START);
  if (!createdEvent.ok) throw new Error(createdEvent.error.code);
  const events: LeanCoffeeEvent[] = [createdEvent.value];
  let state = evolve(EMPTY_STATE, createdEvent.value);
  for (const [command, context] of script) {
    const result = decide(state, command, context);
    if (!result.ok) throw new Error(`${command.type}: ${result.error.code}`);
    events.push(...result.value);
    state = result.value.reduce(evolve, state);
  }
  return { events, state };
}
