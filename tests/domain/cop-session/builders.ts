import type {
  CommandContext,
  CopSessionCommand,
  CopSessionEvent,
  CopSessionState,
  PhaseKind,
  SessionTopic,
} from '../../../src/domain/cop-session';
import {
  createSession,
  decide,
  evolve,
  foldSession,
  MINUTE_MS,
} from '../../../src/domain/cop-session';

/** Fresh fixtures for every test: functions that take overrides (STYLE: gitlab-for-compass). */
export const T0 = 1_767_000_000_000;
export const FACILITATOR = 'acc-facilitator';
export const ALICE = 'acc-alice';
export const BOB = 'acc-bob';
export const CAROL = 'acc-carol';
export const DAN = 'acc-dan';
export const ERIN = 'acc-erin';

export const ctx = (overrides: Partial<CommandContext> = {}): CommandContext => ({
  actor: ALICE,
  now: T0 + MINUTE_MS,
  isFacilitator: false,
  seed: 'seed-1',
  ...overrides,
});

export const asFacilitator = (
  now: number = T0 + MINUTE_MS,
  overrides: Partial<CommandContext> = {},
): CommandContext => ctx({ actor: FACILITATOR, isFacilitator: true, now, ...overrides });

export const created = (at = T0): CopSessionEvent => createSession({ actor: FACILITATOR, now: at });

export const aTopic = (overrides: Partial<SessionTopic> = {}): SessionTopic => ({
  backlogTopicId: 'topic-7',
  title: 'Metrics that matter',
  details: 'Which numbers help a team improve?',
  outline: 'Why measure\nThree metrics we tried',
  questions: ['Which metric would you drop?'],
  ...overrides,
});

export const topicSet = (overrides: Partial<SessionTopic> = {}, at = T0 + 1): CopSessionEvent => ({
  type: 'TopicSet',
  v: 1,
  topic: aTopic(overrides),
  at,
});

export const joined = (participant: string, at = T0 + 2): CopSessionEvent => ({
  type: 'ParticipantJoined',
  v: 1,
  participant,
  at,
});

export const left = (participant: string, at: number): CopSessionEvent => ({
  type: 'ParticipantLeft',
  v: 1,
  participant,
  at,
});

/** Folds the events; the state a test starts from. */
export const given = (...events: CopSessionEvent[]): CopSessionState => foldSession(events);

/** Runs a command that must succeed and returns its events. */
export function accepted(
  state: CopSessionState,
  command: CopSessionCommand,
  context: CommandContext,
): CopSessionEvent[] {
  const result = decide(state, command, context);
  if (!result.ok) {
    throw new Error(`Expected ${command.type} to be accepted, got ${result.error.code}`);
  }
  return result.value;
}

/** Runs a command that must succeed and folds its events into the state. */
export function play(
  state: CopSessionState,
  command: CopSessionCommand,
  context: CommandContext,
): CopSessionState {
  return accepted(state, command, context).reduce(evolve, state);
}

/** The error code of a refused command (fails the test if it was accepted). */
export function refused(
  state: CopSessionState,
  command: CopSessionCommand,
  context: CommandContext,
): string {
  const result = decide(state, command, context);
  if (result.ok) {
    throw new Error(`Expected ${command.type} to be refused`);
  }
  return result.error.code;
}

/** A session set up with the default agenda, Alice, Bob and Carol joined (in that order). */
export const setUp = (): CopSessionState =>
  given(created(), topicSet(), joined(ALICE, T0 + 2), joined(BOB, T0 + 3), joined(CAROL, T0 + 4));

/** The instant the facilitator starts the session in `stateIn`. */
export const STARTED = T0 + 10 * MINUTE_MS;

/**
 * A session in each phase, driven by the facilitator one step a minute after `STARTED`, with the
 * default agenda (check-in, introduction, breakouts, readout, plenary, takeaways).
 */
export function stateIn(phase: PhaseKind): CopSessionState {
  let state = setUp();
  if (phase === 'setup') return state;
  state = play(state, { type: 'start' }, asFacilitator(STARTED));
  const order: PhaseKind[] = [
    'check-in',
    'introduction',
    'breakouts',
    'readout',
    'plenary',
    'takeaways',
  ];
  for (let i = 0; state.phase.kind !== phase; i += 1) {
    if (i >= order.length - 1) {
      return play(state, { type: 'end' }, asFacilitator(STARTED + (i + 1) * MINUTE_MS));
    }
    state = play(state, { type: 'next' }, asFacilitator(STARTED + (i + 1) * MINUTE_MS));
  }
  return state;
}

/** A context one hour after the start: late enough for any step. */
export const later = (overrides: Partial<CommandContext> = {}): CommandContext =>
  ctx({ now: STARTED + 60 * MINUTE_MS, ...overrides });
