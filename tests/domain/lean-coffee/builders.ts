import type {
  CommandContext,
  LeanCoffeeCommand,
  LeanCoffeeEvent,
  LeanCoffeeSettings,
  LeanCoffeeState,
  Topic,
} from '../../../src/domain/lean-coffee';
import {
  DEFAULT_SETTINGS,
  decide,
  evolve,
  foldLeanCoffee,
  MINUTE_MS,
} from '../../../src/domain/lean-coffee';

/** Fresh fixtures for every test: functions that take overrides (STYLE: gitlab-for-compass). */
export const T0 = 1_700_000_000_000;
export const FACILITATOR = 'acc-facilitator';
export const ALICE = 'acc-alice';
export const BOB = 'acc-bob';
export const CAROL = 'acc-carol';

export const ctx = (overrides: Partial<CommandContext> = {}): CommandContext => ({
  actor: ALICE,
  now: T0 + MINUTE_MS,
  isFacilitator: false,
  ...overrides,
});

export const asFacilitator = (now: number = T0 + MINUTE_MS): CommandContext =>
  ctx({ actor: FACILITATOR, isFacilitator: true, now });

export const created = (settings: Partial<LeanCoffeeSettings> = {}): LeanCoffeeEvent => ({
  type: 'LeanCoffeeCreated',
  v: 1,
  settings: { ...DEFAULT_SETTINGS, ...settings },
  at: T0,
});

export const aTopic = (overrides: Partial<Topic> = {}): Topic => ({
  id: 't1',
  title: 'Estimation',
  details: '',
  minutes: 8,
  author: ALICE,
  proposedAt: T0 + 1000,
  ...overrides,
});

export const proposed = (overrides: Partial<Topic> = {}): LeanCoffeeEvent => {
  const topic = aTopic(overrides);
  return { type: 'TopicProposed', v: 1, topic, at: topic.proposedAt };
};

/** Folds the events; the state a test starts from. */
export const given = (...events: LeanCoffeeEvent[]): LeanCoffeeState => foldLeanCoffee(events);

/** Runs a command that must succeed and returns its events. */
export function accepted(
  state: LeanCoffeeState,
  command: LeanCoffeeCommand,
  context: CommandContext,
): LeanCoffeeEvent[] {
  const result = decide(state, command, context);
  if (!result.ok) {
    throw new Error(`Expected ${command.type} to be accepted, got ${result.error.code}`);
  }
  return result.value;
}

/** Runs a command that must succeed and folds its events into the state. */
export function play(
  state: LeanCoffeeState,
  command: LeanCoffeeCommand,
  context: CommandContext,
): LeanCoffeeState {
  return accepted(state, command, context).reduce(evolve, state);
}

/** The error code of a refused command (fails the test if it was accepted). */
export function refused(
  state: LeanCoffeeState,
  command: LeanCoffeeCommand,
  context: CommandContext,
): string {
  const result = decide(state, command, context);
  if (result.ok) {
    throw new Error(`Expected ${command.type} to be refused`);
  }
  return result.error.code;
}

/** Three topics proposed by Alice (t1), Bob (t2) and Carol (t3), one second apart. */
export const threeTopics = (): LeanCoffeeEvent[] => [
  proposed({ id: 't1', title: 'Estimation', author: ALICE, proposedAt: T0 + 1000 }),
  proposed({ id: 't2', title: 'Retro formats', author: BOB, proposedAt: T0 + 2000, minutes: 5 }),
  proposed({ id: 't3', title: 'Team health', author: CAROL, proposedAt: T0 + 3000, minutes: 10 }),
];

export const votingOpened = (at = T0 + 10_000): LeanCoffeeEvent => ({
  type: 'VotingOpened',
  v: 1,
  at,
});

export const allocated = (
  participant: string,
  allocation: Record<string, number>,
  at = T0 + 20_000,
): LeanCoffeeEvent => ({ type: 'DotsAllocated', v: 1, participant, allocation, at });

/** A board in each phase, facilitator-driven, for table tests. */
export function stateIn(
  phase: 'proposing' | 'voting' | 'discussing' | 'wrap-up' | 'ended',
): LeanCoffeeState {
  const proposing = given(created(), ...threeTopics());
  if (phase === 'proposing') return proposing;
  const voting = play(proposing, { type: 'openVoting' }, asFacilitator(T0 + 10_000));
  if (phase === 'voting') return voting;
  const withVotes = play(
    voting,
    { type: 'allocateDots', allocation: { t1: 2, t2: 1 } },
    ctx({ now: T0 + 20_000 }),
  );
  const discussing = play(withVotes, { type: 'closeVoting' }, asFacilitator(T0 + 30_000));
  if (phase === 'discussing') return discussing;
  const wrapUp = play(discussing, { type: 'startWrapUp' }, asFacilitator(T0 + 40_000));
  if (phase === 'wrap-up') return wrapUp;
  return play(wrapUp, { type: 'endMeeting' }, asFacilitator(T0 + 50_000));
}
