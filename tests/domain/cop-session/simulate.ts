import fc from 'fast-check';
import type {
  CommandContext,
  CopSessionCommand,
  CopSessionEvent,
  CopSessionState,
  NoteBoard,
} from '../../../src/domain/cop-session';
import {
  actionItems,
  attendance,
  createSession,
  decide,
  evolve,
  EMPTY_STATE,
  groupOf,
  isRecordEvent,
  notesOnBoard,
  takeaways,
} from '../../../src/domain/cop-session';
import { FACILITATOR, T0 } from './builders';

/**
 * A random deep dive: people joining and leaving, the facilitator moving through (and back along)
 * the agenda, extending, adding and removing people, regrouping; participants checking in, writing
 * notes — editing from views up to a few steps old, so edits really are concurrent — takeaways and
 * action items. Every command goes through `decide`; accepted events are folded as they come.
 */
export interface Move {
  /** 0 is the facilitator; 1… are participants. */
  readonly who: number;
  readonly what: number;
  /** Picks a target (a note, a takeaway, a person, a minute count …). */
  readonly pick: number;
  /** How many steps old the view is that an edit starts from. */
  readonly lag: number;
  readonly text: string;
  /** Milliseconds since the previous move (0 makes ties). */
  readonly gap: number;
}

export const moveArb: fc.Arbitrary<Move> = fc.record({
  // The facilitator acts about one move in five.
  who: fc.oneof(
    { arbitrary: fc.constant(0), weight: 1 },
    { arbitrary: fc.integer({ min: 1, max: 8 }), weight: 4 },
  ),
  what: fc.nat({ max: 40 }),
  pick: fc.nat({ max: 1000 }),
  lag: fc.nat({ max: 3 }),
  text: fc.oneof(
    fc.constantFrom('ok', 'Velocity', '  ', 'x'.repeat(1001)),
    fc.string({ maxLength: 12 }),
  ),
  gap: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 120_000 })),
});

export interface Scenario {
  readonly people: number;
  readonly seed: string;
  readonly previous: readonly (readonly string[])[];
  readonly moves: readonly Move[];
}

export const person = (i: number): string => `acc-p${i}`;

export const scenarioArb: fc.Arbitrary<Scenario> = fc.integer({ min: 2, max: 8 }).chain((people) =>
  fc.record({
    people: fc.constant(people),
    seed: fc.string({ maxLength: 6 }),
    previous: fc.array(fc.uniqueArray(fc.nat({ max: people - 1 }).map(person), { maxLength: 4 }), {
      maxLength: 3,
    }),
    moves: fc.array(moveArb, { minLength: 60, maxLength: 160 }),
  }),
);

/** One decision taken during a run: what was asked, by whom, on which state, and the answer. */
export interface Decided {
  readonly state: CopSessionState;
  readonly command: CopSessionCommand;
  readonly ctx: CommandContext;
  /** Events folded before this decision (log and records, in the order they came). */
  readonly before: readonly CopSessionEvent[];
  readonly events: readonly CopSessionEvent[] | null;
}

export interface Run {
  readonly events: readonly CopSessionEvent[];
  readonly state: CopSessionState;
  readonly decisions: readonly Decided[];
}

const pickOf = <T>(list: readonly T[], pick: number): T | undefined =>
  list.length === 0 ? undefined : list[pick % list.length];

function participantCommand(
  state: CopSessionState,
  view: CopSessionState,
  actor: string,
  move: Move,
  people: readonly string[],
): CopSessionCommand {
  const board: NoteBoard =
    state.phase.kind === 'plenary' || state.phase.kind === 'takeaways' || move.pick % 5 === 0
      ? 'plenary'
      : (groupOf(state, actor) ?? 1 + (move.pick % 3));
  const notes = notesOnBoard(view.notes, board);
  const note = pickOf(notes, move.pick);
  const mine = takeaways(state).filter((t) => t.author === actor);
  const myActions = actionItems(state).filter((a) => a.author === actor);
  const owner = move.pick % 4 === 0 ? null : pickOf(people, move.pick);
  // Mostly what the phase is for (as people do); now and then anything at all.
  const menu: Readonly<Partial<Record<string, readonly number[]>>> = {
    setup: [0, 1],
    'check-in': [2, 2, 3, 1],
    introduction: [0, 1],
    breakouts: [4, 6, 6, 7, 8],
    readout: [5, 6, 7, 9, 11],
    plenary: [4, 6, 9, 10, 11, 12, 13],
    takeaways: [5, 7, 9, 10, 11, 12, 13],
  };
  const options = menu[state.phase.kind] ?? [];
  const isHere = attendance(state).some((a) => a.accountId === actor);
  const choice =
    !isHere && move.what % 4 !== 0
      ? 0
      : move.what % 5 === 0 || options.length === 0
        ? move.what % 14
        : (options[move.what % options.length] ?? 0);
  switch (choice) {
    case 0:
      return { type: 'join' };
    case 1:
      return move.pick % 3 === 0 ? { type: 'leave' } : { type: 'join' };
    case 2:
      return { type: 'answerCheckIn', text: move.text };
    case 3:
      return { type: 'passCheckIn' };
    case 4:
    case 5:
      return { type: 'addNote', board, noteId: `n${move.pick % 7}`, text: move.text };
    case 6:
    case 7:
      return {
        type: 'editNote',
        board,
        noteId: note?.noteId ?? 'n0',
        text: move.text,
        seen: move.pick % 2 === 0 ? (note?.base ?? {}) : (note?.merged ?? {}),
      };
    case 8:
      return { type: 'deleteNote', board, noteId: note?.noteId ?? 'n0', seen: note?.base ?? {} };
    case 9:
      return { type: 'addTakeaway', takeawayId: `k${move.pick % 5}`, text: move.text };
    case 10:
      return move.pick % 2 === 0
        ? { type: 'editTakeaway', takeawayId: pickOf(mine, move.pick)?.id ?? 'k0', text: move.text }
        : { type: 'deleteTakeaway', takeawayId: pickOf(mine, move.pick)?.id ?? 'k0' };
    case 11:
      return {
        type: 'addActionItem',
        actionItemId: `a${move.pick % 5}`,
        text: move.text,
        owner,
        due: move.pick % 3 === 0 ? '2026-12-24' : null,
      };
    case 12:
      return {
        type: 'editActionItem',
        actionItemId: pickOf(myActions, move.pick)?.id ?? 'a0',
        ...(move.pick % 2 === 0 ? { owner } : { text: move.text }),
      };
    default:
      return { type: 'deleteActionItem', actionItemId: pickOf(myActions, move.pick)?.id ?? 'a0' };
  }
}

function facilitatorCommand(
  state: CopSessionState,
  move: Move,
  people: readonly string[],
): CopSessionCommand {
  if (state.phase.kind === 'setup') {
    return move.what % 4 === 0
      ? { type: 'setGroupPlan', plan: { by: 'count', count: 2 + (move.pick % 3) } }
      : { type: 'start' };
  }
  const someone = pickOf(people, move.pick) ?? person(0);
  const theirs = pickOf(takeaways(state), move.pick);
  switch (move.what % 12) {
    case 0:
    case 1:
    case 2:
    case 10:
      return { type: 'next' };
    case 3:
      return move.pick % 2 === 0 ? { type: 'back' } : { type: 'next' };
    case 4:
      return { type: 'extend', minutes: 1 + (move.pick % 40) };
    case 5:
      return { type: 'addAttendee', accountId: someone };
    case 6:
      return { type: 'removeAttendee', accountId: someone };
    case 7:
      return { type: 'regroup' };
    case 8:
      return {
        type: 'editTakeaway',
        takeawayId: theirs?.id ?? 'k0',
        author: theirs?.author ?? someone,
        text: move.text,
      };
    default:
      return move.pick % 20 === 0 ? { type: 'end' } : { type: 'extend', minutes: 5 };
  }
}

/** Plays a scenario through `decide`; `onDecide` sees every decision (accepted or not). */
export function simulate(scenario: Scenario): Run {
  const people = Array.from({ length: scenario.people }, (_, i) => person(i));
  let now = T0;
  const creation = createSession({ actor: FACILITATOR, now });
  const events: CopSessionEvent[] = [creation];
  let state = evolve(EMPTY_STATE, creation);
  const topic = decide(
    state,
    { type: 'setTopic', topic: { title: 'Metrics', questions: ['Why?'] } },
    { actor: FACILITATOR, now, isFacilitator: true, seed: '' },
  );
  if (!topic.ok) throw new Error(topic.error.code);
  events.push(...topic.value);
  state = topic.value.reduce(evolve, state);
  const history: CopSessionState[] = [state];
  const decisions: Decided[] = [];
  for (const move of scenario.moves) {
    now += move.gap;
    const isFacilitator = move.who === 0;
    const actor = isFacilitator
      ? FACILITATOR
      : (people[(move.who - 1) % people.length] ?? person(0));
    const view = history[Math.max(0, history.length - 1 - move.lag)] ?? state;
    const command = isFacilitator
      ? facilitatorCommand(state, move, people)
      : participantCommand(state, view, actor, move, people);
    const ctx: CommandContext = {
      actor,
      now,
      isFacilitator,
      seed: `${scenario.seed}-${decisions.length}`,
      previousGroups: scenario.previous,
    };
    const result = decide(state, command, ctx);
    decisions.push({
      state,
      command,
      ctx,
      before: [...events],
      events: result.ok ? result.value : null,
    });
    if (result.ok) {
      events.push(...result.value);
      state = result.value.reduce(evolve, state);
    }
    history.push(state);
  }
  return { events, state, decisions };
}

/** The log events in order, and the participant records, of a run. */
export function split(events: readonly CopSessionEvent[]): {
  log: CopSessionEvent[];
  records: CopSessionEvent[];
} {
  return {
    log: events.filter((event) => !isRecordEvent(event)),
    records: events.filter((event) => isRecordEvent(event)),
  };
}

/** How many people are at the session, for reports in failing properties. */
export const headCount = (state: CopSessionState): number => attendance(state).length;
