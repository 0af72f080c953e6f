import { latestRecord, own, putLatest } from '../lean-coffee/records';
import { assertNever, err, ok } from '../result';
import {
  DEFAULT_AGENDA,
  EXTEND_MINUTES,
  MEETING_MAX_MINUTES,
  STEP_KINDS,
  entryLengthMs,
  extendedEnd,
  isIntegerIn,
  lastRunOf,
  plannedMinutes,
  validateAgenda,
  type AgendaStep,
  type StepRun,
} from './agenda';
import { attendance, groupOf, isPresent, MAX_ATTENDEES } from './attendance';
import {
  ACTIONS_PER_PERSON,
  contributionKey,
  normaliseAction,
  normaliseCheckIn,
  normaliseDue,
  normaliseTakeaway,
  TAKEAWAYS_PER_PERSON,
  type ActionItem,
  type Takeaway,
} from './contributions';
import type { CopSessionErrorCode, CopSessionResult } from './errors';
import { DEFAULT_GROUP_PLAN, groupCount, splitIntoGroups, validateGroupPlan } from './grouping';
import type {
  CommandContext,
  CommandType,
  CopSessionCommand,
  CopSessionEvent,
  CopSessionState,
  GroupsFormed,
  NoteDeleted,
  NoteEdited,
  PhaseKind,
  SessionCreated,
  StepStarted,
} from './model';
import {
  DEFAULT_PROMPT,
  normaliseOutline,
  normaliseQuestions,
  validateLead,
  validatePrompt,
  validateTopic,
} from './setup';
import {
  normaliseNote,
  NOTES_PER_PERSON,
  notesOnBoard,
  revisionKey,
  revisionsOf,
  seenOf,
  validateSeen,
  type NoteBoard,
  type NoteRevision,
} from './shared-notes';
import { validateAccount, validateId } from './text-rules';

/**
 * Who may send a command: anyone; the author of the record it touches (or the facilitator); the
 * topic's lead (or the facilitator; a guest lead has no account, so the facilitator edits for
 * them); the facilitator only.
 */
export type Who = 'anyone' | 'author' | 'lead' | 'facilitator';

const RUNNING: readonly PhaseKind[] = STEP_KINDS;
const OPEN: readonly PhaseKind[] = ['setup', ...STEP_KINDS];
const CONTRIBUTING: readonly PhaseKind[] = ['readout', 'plenary', 'takeaways'];
const NOTES_OPEN: readonly PhaseKind[] = ['breakouts', 'readout', 'plenary', 'takeaways'];

/**
 * The legality table: in which phases each command is accepted, and by whom. `decide` checks it
 * before anything else, phase first (`WRONG_PHASE`), then the facilitator role (`NOT_FACILITATOR`);
 * `lead` (`NOT_LEAD`) and `author` (`NOT_AUTHOR`) are checked once the record is found, and every
 * participant contribution needs its writer at the session (`NOT_JOINED`). Notes are further split
 * by board (`BOARD_CLOSED`): a group's notes are open during the breakouts and the readout, the
 * plenary's during the plenary and the takeaways.
 *
 * Where the result goes: an `anyone`/`author` command on the actor's own record yields one
 * participant record; the facilitator changing someone else's takeaway or action item, the lead's
 * outline and every facilitator command yield log events (see `EVENT_PLACEMENT`), so the lead —
 * not a facilitator — also appends to the log, with the same compare-and-set.
 */
export const LEGALITY: {
  readonly [K in CommandType]: { readonly phases: readonly PhaseKind[]; readonly who: Who };
} = {
  setTopic: { phases: ['setup'], who: 'facilitator' },
  setLead: { phases: ['setup'], who: 'facilitator' },
  setAgenda: { phases: ['setup'], who: 'facilitator' },
  setCheckInPrompt: { phases: ['setup'], who: 'facilitator' },
  setGroupPlan: { phases: OPEN, who: 'facilitator' },
  editOutline: { phases: OPEN, who: 'lead' },
  addAttendee: { phases: OPEN, who: 'facilitator' },
  removeAttendee: { phases: OPEN, who: 'facilitator' },
  start: { phases: ['setup'], who: 'facilitator' },
  next: { phases: RUNNING, who: 'facilitator' },
  back: { phases: RUNNING, who: 'facilitator' },
  extend: { phases: RUNNING, who: 'facilitator' },
  regroup: { phases: ['breakouts'], who: 'facilitator' },
  end: { phases: RUNNING, who: 'facilitator' },
  join: { phases: OPEN, who: 'anyone' },
  leave: { phases: OPEN, who: 'anyone' },
  answerCheckIn: { phases: ['check-in'], who: 'anyone' },
  passCheckIn: { phases: ['check-in'], who: 'anyone' },
  addNote: { phases: NOTES_OPEN, who: 'anyone' },
  editNote: { phases: NOTES_OPEN, who: 'anyone' },
  deleteNote: { phases: NOTES_OPEN, who: 'anyone' },
  addTakeaway: { phases: CONTRIBUTING, who: 'anyone' },
  editTakeaway: { phases: CONTRIBUTING, who: 'author' },
  deleteTakeaway: { phases: CONTRIBUTING, who: 'author' },
  addActionItem: { phases: CONTRIBUTING, who: 'anyone' },
  editActionItem: { phases: CONTRIBUTING, who: 'author' },
  deleteActionItem: { phases: CONTRIBUTING, who: 'author' },
};

/** Every command type, in the table's order. */
export const COMMAND_TYPES = Object.keys(LEGALITY) as readonly CommandType[];

type Decision = CopSessionResult<CopSessionEvent[]>;

/** The state before the creation event: an empty session with the article's defaults. */
export const EMPTY_STATE: CopSessionState = {
  phase: { kind: 'setup' },
  facilitator: null,
  createdAt: null,
  topic: null,
  lead: { kind: 'none' },
  agenda: DEFAULT_AGENDA,
  prompt: DEFAULT_PROMPT,
  groupPlan: DEFAULT_GROUP_PLAN,
  startedAt: null,
  endedAt: null,
  runs: [],
  groups: null,
  selfPresence: {},
  addedPresence: {},
  checkIns: {},
  notes: {},
  takeaways: {},
  actionItems: {},
};

/** Creates a session: the creation event, with the creator as its facilitator. */
export function createSession(ctx: Pick<CommandContext, 'actor' | 'now'>): SessionCreated {
  return { type: 'SessionCreated', v: 1, facilitator: ctx.actor, at: ctx.now };
}

/** A session's state is the fold of its events over `EMPTY_STATE`. */
export function foldSession(events: readonly CopSessionEvent[]): CopSessionState {
  return events.reduce(evolve, EMPTY_STATE);
}

/** The running step's run, if a step is running. */
export function runningStep(state: CopSessionState): StepRun | null {
  const { phase } = state;
  if (phase.kind === 'setup' || phase.kind === 'ended') return null;
  return state.runs[state.runs.length - 1] ?? null;
}

/**
 * True when `command` from this state would form breakout groups: starting or moving into the
 * breakouts before groups exist, or regrouping. Only then does `decide` read
 * `ctx.previousGroups`, so a service need only load the community's previous breakout for these.
 */
export function formsGroups(state: CopSessionState, command: CopSessionCommand): boolean {
  if (command.type === 'regroup') return true;
  if (state.groups !== null) return false;
  return targetStep(state, command)?.planned.step === 'breakouts';
}

/** The agenda step `start`, `next` or `back` would move to, with its position, if any. */
function targetStep(
  state: CopSessionState,
  command: CopSessionCommand,
): { readonly index: number; readonly planned: AgendaStep } | null {
  const { phase } = state;
  let index: number | null = null;
  if (command.type === 'start' && phase.kind === 'setup') {
    index = 0;
  } else if (phase.kind !== 'setup' && phase.kind !== 'ended') {
    if (command.type === 'next') index = phase.index + 1;
    if (command.type === 'back') index = phase.index - 1;
  }
  const planned = index === null ? undefined : state.agenda[index];
  return index === null || planned === undefined ? null : { index, planned };
}

const refuse = (code: CopSessionErrorCode, message: string): Decision => err(code, message);

/**
 * Decides a command: the legality table first (phase, then the facilitator role), then the
 * command's own rules. Returns the events to store — exactly one participant record for a
 * participant's own command, log events for the facilitator's and the lead's — or the reason
 * nothing happens. Pure: identity, role, time, seed and the previous breakout come in `ctx`.
 */
export function decide(
  state: CopSessionState,
  command: CopSessionCommand,
  ctx: CommandContext,
): Decision {
  const rule = own(LEGALITY, command.type);
  if (rule === undefined) {
    // A well-typed caller never gets here; a malformed payload gets a typed refusal.
    return refuse('UNKNOWN_COMMAND', 'That is not a command of this game.');
  }
  if (!rule.phases.includes(state.phase.kind)) {
    return refuse('WRONG_PHASE', `Cannot ${command.type} during ${state.phase.kind}.`);
  }
  if (rule.who === 'facilitator' && !ctx.isFacilitator) {
    return refuse('NOT_FACILITATOR', 'Only the facilitator can do that.');
  }
  const at = ctx.now;
  switch (command.type) {
    case 'setTopic': {
      const topic = validateTopic(command.topic);
      return topic.ok ? ok([{ type: 'TopicSet', v: 1, topic: topic.value, at }]) : topic;
    }
    case 'setLead': {
      const lead = validateLead(command.lead);
      return lead.ok ? ok([{ type: 'LeadSet', v: 1, lead: lead.value, at }]) : lead;
    }
    case 'setAgenda': {
      const agenda = validateAgenda(command.agenda);
      return agenda.ok ? ok([{ type: 'AgendaSet', v: 1, agenda: agenda.value, at }]) : agenda;
    }
    case 'setCheckInPrompt': {
      const prompt = validatePrompt(command.prompt);
      return prompt.ok
        ? ok([{ type: 'CheckInPromptSet', v: 1, prompt: prompt.value, at }])
        : prompt;
    }
    case 'setGroupPlan': {
      if (state.groups !== null) {
        return refuse('GROUPS_FORMED', 'The groups are formed; regroup during the breakouts.');
      }
      const plan = validateGroupPlan(command.plan);
      return plan.ok ? ok([{ type: 'GroupPlanSet', v: 1, plan: plan.value, at }]) : plan;
    }
    case 'editOutline':
      return decideEditOutline(state, command, ctx);
    case 'addAttendee':
    case 'removeAttendee':
      return decideAttendee(state, command, ctx);
    case 'start':
      return decideStart(state, ctx);
    case 'next':
    case 'back':
      return decideMove(state, command, ctx);
    case 'extend':
      return decideExtend(state, command.minutes, ctx);
    case 'regroup':
      return decideRegroup(state, command, ctx);
    case 'end':
      return ok([{ type: 'SessionEnded', v: 1, at }]);
    case 'join':
      return decideJoin(state, ctx);
    case 'leave':
      return isPresent(state, ctx.actor)
        ? ok([{ type: 'ParticipantLeft', v: 1, participant: ctx.actor, at }])
        : refuse('NOT_JOINED', 'You have not joined this session.');
    case 'answerCheckIn':
    case 'passCheckIn':
      return decideCheckIn(state, command, ctx);
    case 'addNote':
      return decideAddNote(state, command, ctx);
    case 'editNote':
    case 'deleteNote':
      return decideReviseNote(state, command, ctx);
    case 'addTakeaway':
      return decideAddTakeaway(state, command, ctx);
    case 'editTakeaway':
    case 'deleteTakeaway':
      return decideChangeTakeaway(state, command, ctx);
    case 'addActionItem':
      return decideAddActionItem(state, command, ctx);
    case 'editActionItem':
    case 'deleteActionItem':
      return decideChangeActionItem(state, command, ctx);
    default:
      return assertNever(command);
  }
}

function decideEditOutline(
  state: CopSessionState,
  command: Extract<CopSessionCommand, { type: 'editOutline' }>,
  ctx: CommandContext,
): Decision {
  const isLead = state.lead.kind === 'member' && state.lead.accountId === ctx.actor;
  if (!isLead && !ctx.isFacilitator) {
    return refuse('NOT_LEAD', "Only the topic's lead or the facilitator can change the outline.");
  }
  if (state.topic === null) {
    return refuse('TOPIC_REQUIRED', 'Choose the topic before writing its outline.');
  }
  const outline = normaliseOutline(command.outline ?? state.topic.outline);
  if (!outline.ok) return outline;
  const questions = normaliseQuestions(command.questions ?? state.topic.questions);
  if (!questions.ok) return questions;
  return ok([
    {
      type: 'OutlineEdited',
      v: 1,
      outline: outline.value,
      questions: questions.value,
      by: ctx.actor,
      at: ctx.now,
    },
  ]);
}

function decideAttendee(
  state: CopSessionState,
  command: Extract<CopSessionCommand, { type: 'addAttendee' | 'removeAttendee' }>,
  ctx: CommandContext,
): Decision {
  const accountId = validateAccount(command.accountId);
  if (!accountId.ok) return accountId;
  const present = isPresent(state, accountId.value);
  if (command.type === 'removeAttendee') {
    return present
      ? ok([
          { type: 'AttendeeRemoved', v: 1, accountId: accountId.value, by: ctx.actor, at: ctx.now },
        ])
      : refuse('NOT_JOINED', 'That person is not on the attendance.');
  }
  if (present) return refuse('ALREADY_JOINED', 'That person is already on the attendance.');
  if (attendance(state).length >= MAX_ATTENDEES) {
    return refuse('ATTENDANCE_FULL', `A session records at most ${MAX_ATTENDEES} attendees.`);
  }
  return ok([
    { type: 'AttendeeAdded', v: 1, accountId: accountId.value, by: ctx.actor, at: ctx.now },
  ]);
}

/**
 * Joining: refused when the person is here by their own join already (`ALREADY_JOINED`); accepted
 * when the facilitator added them (they now have a device) or removed them (they are back); and
 * for a newcomer only while fewer than 200 are here (`ATTENDANCE_FULL`).
 */
function decideJoin(state: CopSessionState, ctx: CommandContext): Decision {
  const present = isPresent(state, ctx.actor);
  if (present && own(state.selfPresence, ctx.actor)?.isPresent === true) {
    return refuse('ALREADY_JOINED', 'You have already joined.');
  }
  if (!present && attendance(state).length >= MAX_ATTENDEES) {
    return refuse('ATTENDANCE_FULL', `This session is full (${MAX_ATTENDEES} people).`);
  }
  return ok([{ type: 'ParticipantJoined', v: 1, participant: ctx.actor, at: ctx.now }]);
}

/** The events that enter the agenda step at `index` now, forming groups at the first breakout. */
function enterStep(
  state: CopSessionState,
  { index, planned }: { readonly index: number; readonly planned: AgendaStep },
  ctx: CommandContext,
): CopSessionEvent[] {
  const lastRun = lastRunOf(state.runs, index);
  const started: StepStarted = {
    type: 'StepStarted',
    v: 1,
    index,
    step: planned.step,
    isResumed: lastRun !== undefined,
    at: ctx.now,
    endsAt: ctx.now + entryLengthMs(planned.minutes, lastRun),
  };
  return planned.step === 'breakouts' && state.groups === null
    ? [started, formGroups(state, state.groupPlan, ctx)]
    : [started];
}

/** Splits everyone present into groups under `plan`, keeping last time's partners apart. */
function formGroups(
  state: CopSessionState,
  plan: GroupsFormed['plan'],
  ctx: CommandContext,
): GroupsFormed {
  const people = attendance(state).map((attendee) => attendee.accountId);
  const previous = ctx.previousGroups ?? [];
  const split = splitIntoGroups(people, groupCount(plan, people.length), previous, ctx.seed);
  return {
    type: 'GroupsFormed',
    v: 1,
    groups: split.groups,
    plan,
    seed: ctx.seed,
    repeats: split.repeats,
    at: ctx.now,
  };
}

function decideStart(state: CopSessionState, ctx: CommandContext): Decision {
  if (state.topic === null) {
    return refuse('TOPIC_REQUIRED', 'Choose the topic before starting.');
  }
  const first = targetStep(state, { type: 'start' });
  return first === null
    ? refuse('INVALID_AGENDA', 'The agenda has no steps.')
    : ok([{ type: 'SessionStarted', v: 1, at: ctx.now }, ...enterStep(state, first, ctx)]);
}

function decideMove(
  state: CopSessionState,
  command: Extract<CopSessionCommand, { type: 'next' | 'back' }>,
  ctx: CommandContext,
): Decision {
  const target = targetStep(state, command);
  if (target === null) {
    return command.type === 'next'
      ? refuse('NO_NEXT_STEP', 'This is the last step: end the session.')
      : refuse('NO_PREVIOUS_STEP', 'This is the first step.');
  }
  return ok(enterStep(state, target, ctx));
}

/** Minutes the meeting lasts with every extension so far: the planned agenda plus extensions. */
export function meetingMinutes(state: CopSessionState): number {
  return (
    plannedMinutes(state.agenda) + state.runs.reduce((sum, run) => sum + run.extendedMinutes, 0)
  );
}

function decideExtend(state: CopSessionState, minutes: number, ctx: CommandContext): Decision {
  const run = runningStep(state);
  // The legality table admits `extend` only while a step runs; this guards a corrupt state.
  if (run === null) return refuse('WRONG_PHASE', 'No step is running.');
  if (!isIntegerIn(minutes, EXTEND_MINUTES.min, EXTEND_MINUTES.max)) {
    return refuse(
      'INVALID_MINUTES',
      `Extend by a whole ${EXTEND_MINUTES.min}–${EXTEND_MINUTES.max} minutes.`,
    );
  }
  if (meetingMinutes(state) + minutes > MEETING_MAX_MINUTES) {
    return refuse('MEETING_TOO_LONG', `A session lasts at most ${MEETING_MAX_MINUTES} minutes.`);
  }
  return ok([
    {
      type: 'StepExtended',
      v: 1,
      index: run.index,
      minutes,
      at: ctx.now,
      endsAt: extendedEnd(run.endsAt, minutes, ctx.now),
    },
  ]);
}

function decideRegroup(
  state: CopSessionState,
  command: Extract<CopSessionCommand, { type: 'regroup' }>,
  ctx: CommandContext,
): Decision {
  const plan = validateGroupPlan(command.plan ?? state.groupPlan);
  if (!plan.ok) return plan;
  if (Object.values(state.notes).some((revision) => revision.board !== 'plenary')) {
    return refuse('NOTES_EXIST', 'The groups have started writing notes: keep these groups.');
  }
  return ok([formGroups(state, plan.value, ctx)]);
}

/** `NOT_JOINED` unless the actor is at the session: contributions come from attendees. */
function mustBePresent(state: CopSessionState, actor: string): CopSessionResult<true> {
  return isPresent(state, actor) ? ok(true) : err('NOT_JOINED', 'Join the session first.');
}

function decideCheckIn(
  state: CopSessionState,
  command: Extract<CopSessionCommand, { type: 'answerCheckIn' | 'passCheckIn' }>,
  ctx: CommandContext,
): Decision {
  const present = mustBePresent(state, ctx.actor);
  if (!present.ok) return present;
  const answer = command.type === 'passCheckIn' ? ok(null) : normaliseCheckIn(command.text);
  return answer.ok
    ? ok([
        {
          type: 'CheckInAnswered',
          v: 1,
          participant: ctx.actor,
          answer: answer.value,
          at: ctx.now,
        },
      ])
    : answer;
}

/**
 * Whether the actor may write on a board now: a group's board during the breakouts and the
 * readout, by that group's members (`NOT_IN_GROUP`); the plenary's during the plenary and the
 * takeaways, by any attendee. `UNKNOWN_BOARD` for a group that does not exist.
 */
function mayWriteOn(
  state: CopSessionState,
  board: NoteBoard,
  actor: string,
): CopSessionResult<NoteBoard> {
  const phase = state.phase.kind;
  if (board === 'plenary') {
    if (phase !== 'plenary' && phase !== 'takeaways') {
      return err(
        'BOARD_CLOSED',
        'The plenary notes are open during the plenary and the takeaways.',
      );
    }
    const present = mustBePresent(state, actor);
    return present.ok ? ok(board) : present;
  }
  const groups = state.groups?.groups.length ?? 0;
  if (!isIntegerIn(board, 1, groups)) {
    return err('UNKNOWN_BOARD', 'There is no such group.');
  }
  if (phase !== 'breakouts' && phase !== 'readout') {
    return err('BOARD_CLOSED', 'Group notes are open during the breakouts and the readout.');
  }
  return groupOf(state, actor) === board
    ? ok(board)
    : err('NOT_IN_GROUP', 'Only members of that group can write its notes.');
}

function decideAddNote(
  state: CopSessionState,
  command: Extract<CopSessionCommand, { type: 'addNote' }>,
  ctx: CommandContext,
): Decision {
  const board = mayWriteOn(state, command.board, ctx.actor);
  if (!board.ok) return board;
  const id = validateId(command.noteId);
  if (!id.ok) return id;
  if (revisionsOf(state.notes, board.value, id.value).length > 0) {
    return refuse('DUPLICATE_ID', 'A note with that id already exists.');
  }
  const text = normaliseNote(command.text);
  if (!text.ok) return text;
  const mine = notesOnBoard(state.notes, board.value).filter(
    (note) => note.createdBy === ctx.actor,
  );
  if (mine.length >= NOTES_PER_PERSON) {
    return refuse('TOO_MANY_NOTES', `You can start at most ${NOTES_PER_PERSON} notes here.`);
  }
  return ok([
    {
      type: 'NoteAdded',
      v: 1,
      board: board.value,
      noteId: id.value,
      createdBy: ctx.actor,
      createdAt: ctx.now,
      editor: ctx.actor,
      seq: 1,
      seen: { [ctx.actor]: 1 },
      text: text.value,
      at: ctx.now,
    },
  ]);
}

/**
 * An edit or a deletion by any member: the editor's own record, numbered after their previous
 * revision of the note, with what they had seen plus itself. Never refused for being concurrent
 * (an edit of a note someone deleted meanwhile included): concurrency shows as a flagged
 * conflict, never as a lost update.
 */
function decideReviseNote(
  state: CopSessionState,
  command: Extract<CopSessionCommand, { type: 'editNote' | 'deleteNote' }>,
  ctx: CommandContext,
): Decision {
  const board = mayWriteOn(state, command.board, ctx.actor);
  if (!board.ok) return board;
  const existing = revisionsOf(state.notes, board.value, command.noteId);
  const first = existing[0];
  // An edit may reach a note deleted meanwhile: it brings the note back, flagged beside the
  // deletion, so the editor's words are kept. Deleting a note that is already gone does nothing.
  const isGone = !notesOnBoard(state.notes, board.value).some((n) => n.noteId === command.noteId);
  if (first === undefined || (command.type === 'deleteNote' && isGone)) {
    return refuse('UNKNOWN_NOTE', 'That note does not exist.');
  }
  const seen = validateSeen(command.seen, existing);
  if (!seen.ok) return seen;
  const text = command.type === 'deleteNote' ? ok(null) : normaliseNote(command.text);
  if (!text.ok) return text;
  const previous = existing.find((revision) => revision.editor === ctx.actor);
  const seq = Math.max(previous?.seq ?? 0, seenOf(seen.value, ctx.actor)) + 1;
  const revision: NoteRevision = {
    board: board.value,
    noteId: first.noteId,
    createdBy: first.createdBy,
    createdAt: first.createdAt,
    editor: ctx.actor,
    seq,
    seen: { ...seen.value, [ctx.actor]: seq },
    text: text.value,
    at: ctx.now,
  };
  const event: NoteEdited | NoteDeleted =
    command.type === 'deleteNote'
      ? { type: 'NoteDeleted', v: 1, ...revision }
      : { type: 'NoteEdited', v: 1, ...revision };
  return ok([event]);
}

/** The actor's live takeaways or action items. */
function liveOf<T extends { readonly author: string }>(
  records: Readonly<Record<string, { readonly value: T | null }>>,
  author: string,
): T[] {
  return Object.values(records).flatMap((record) =>
    record.value !== null && record.value.author === author ? [record.value] : [],
  );
}

function decideAddTakeaway(
  state: CopSessionState,
  command: Extract<CopSessionCommand, { type: 'addTakeaway' }>,
  ctx: CommandContext,
): Decision {
  const present = mustBePresent(state, ctx.actor);
  if (!present.ok) return present;
  const id = validateId(command.takeawayId);
  if (!id.ok) return id;
  if (own(state.takeaways, contributionKey(ctx.actor, id.value)) !== undefined) {
    return refuse('DUPLICATE_ID', 'A takeaway with that id already exists.');
  }
  const text = normaliseTakeaway(command.text);
  if (!text.ok) return text;
  if (liveOf(state.takeaways, ctx.actor).length >= TAKEAWAYS_PER_PERSON) {
    return refuse('TOO_MANY_TAKEAWAYS', `You can add at most ${TAKEAWAYS_PER_PERSON} takeaways.`);
  }
  const takeaway: Takeaway = {
    id: id.value,
    author: ctx.actor,
    text: text.value,
    addedAt: ctx.now,
  };
  return ok([{ type: 'TakeawayAdded', v: 1, takeaway, at: ctx.now }]);
}

/**
 * The record an edit or deletion touches, and whether the actor may: its author (who must still be
 * at the session, and writes their own record) or the facilitator (who writes a log event).
 */
function changeable<T>(
  state: CopSessionState,
  records: Readonly<Record<string, { readonly value: T | null }>>,
  author: string,
  id: string,
  ctx: CommandContext,
  unknown: CopSessionErrorCode,
): CopSessionResult<T> {
  const value = own(records, contributionKey(author, id))?.value ?? null;
  if (value === null) return err(unknown, 'That does not exist.');
  if (author !== ctx.actor) {
    return ctx.isFacilitator
      ? ok(value)
      : err('NOT_AUTHOR', 'Only its author or the facilitator can change it.');
  }
  const present = mustBePresent(state, ctx.actor);
  return present.ok ? ok(value) : present;
}

function decideChangeTakeaway(
  state: CopSessionState,
  command: Extract<CopSessionCommand, { type: 'editTakeaway' | 'deleteTakeaway' }>,
  ctx: CommandContext,
): Decision {
  const author = command.author ?? ctx.actor;
  const found = changeable(
    state,
    state.takeaways,
    author,
    command.takeawayId,
    ctx,
    'UNKNOWN_TAKEAWAY',
  );
  if (!found.ok) return found;
  const text = command.type === 'deleteTakeaway' ? ok(null) : normaliseTakeaway(command.text);
  if (!text.ok) return text;
  const takeaway = text.value === null ? null : { ...found.value, text: text.value };
  const at = ctx.now;
  if (author !== ctx.actor) {
    return ok([
      {
        type: 'TakeawayModerated',
        v: 1,
        author,
        takeawayId: found.value.id,
        takeaway,
        by: ctx.actor,
        at,
      },
    ]);
  }
  return ok([
    takeaway === null
      ? { type: 'TakeawayDeleted', v: 1, author, takeawayId: found.value.id, at }
      : { type: 'TakeawayEdited', v: 1, takeaway, at },
  ]);
}

/** An action item's owner: nobody, or someone at the session now (`INVALID_OWNER`). */
function validateOwner(
  state: CopSessionState,
  owner: string | null,
): CopSessionResult<string | null> {
  if (owner === null) return ok(null);
  return isPresent(state, owner)
    ? ok(owner)
    : err('INVALID_OWNER', 'An action item is owned by someone at this session, or nobody.');
}

function decideAddActionItem(
  state: CopSessionState,
  command: Extract<CopSessionCommand, { type: 'addActionItem' }>,
  ctx: CommandContext,
): Decision {
  const present = mustBePresent(state, ctx.actor);
  if (!present.ok) return present;
  const id = validateId(command.actionItemId);
  if (!id.ok) return id;
  if (own(state.actionItems, contributionKey(ctx.actor, id.value)) !== undefined) {
    return refuse('DUPLICATE_ID', 'An action item with that id already exists.');
  }
  const text = normaliseAction(command.text);
  if (!text.ok) return text;
  const owner = validateOwner(state, command.owner ?? null);
  if (!owner.ok) return owner;
  const due = normaliseDue(command.due ?? null);
  if (!due.ok) return due;
  if (liveOf(state.actionItems, ctx.actor).length >= ACTIONS_PER_PERSON) {
    return refuse('TOO_MANY_ACTIONS', `You can add at most ${ACTIONS_PER_PERSON} action items.`);
  }
  const actionItem: ActionItem = {
    id: id.value,
    author: ctx.actor,
    text: text.value,
    owner: owner.value,
    due: due.value,
    addedAt: ctx.now,
  };
  return ok([{ type: 'ActionItemAdded', v: 1, actionItem, at: ctx.now }]);
}

function decideChangeActionItem(
  state: CopSessionState,
  command: Extract<CopSessionCommand, { type: 'editActionItem' | 'deleteActionItem' }>,
  ctx: CommandContext,
): Decision {
  const author = command.author ?? ctx.actor;
  const found = changeable(
    state,
    state.actionItems,
    author,
    command.actionItemId,
    ctx,
    'UNKNOWN_ACTION',
  );
  if (!found.ok) return found;
  const at = ctx.now;
  let actionItem: ActionItem | null = null;
  if (command.type === 'editActionItem') {
    const text = normaliseAction(command.text ?? found.value.text);
    if (!text.ok) return text;
    // An owner who has since left may stay; a new owner must be here.
    const owner =
      command.owner === undefined || command.owner === found.value.owner
        ? ok(found.value.owner)
        : validateOwner(state, command.owner);
    if (!owner.ok) return owner;
    const due = command.due === undefined ? ok(found.value.due) : normaliseDue(command.due);
    if (!due.ok) return due;
    actionItem = { ...found.value, text: text.value, owner: owner.value, due: due.value };
  }
  if (author !== ctx.actor) {
    return ok([
      {
        type: 'ActionItemModerated',
        v: 1,
        author,
        actionItemId: found.value.id,
        actionItem,
        by: ctx.actor,
        at,
      },
    ]);
  }
  return ok([
    actionItem === null
      ? { type: 'ActionItemDeleted', v: 1, author, actionItemId: found.value.id, at }
      : { type: 'ActionItemEdited', v: 1, actionItem, at },
  ]);
}

/** Closes the running run (if any) at `at`. */
function closeRun(runs: readonly StepRun[], at: number): StepRun[] {
  return runs.map((run, i) =>
    i === runs.length - 1 && run.endedAt === null ? { ...run, endedAt: at } : run,
  );
}

const mark = (isPresent: boolean, at: number) => ({ isPresent, at });

/**
 * Applies one event. Participant records are last-writer-wins per key and never look at the
 * phase, so they fold the same in any order and interleaved anywhere with the log; log events
 * follow the facilitator's order. Never fails: events are facts that `decide` already accepted.
 */
export function evolve(state: CopSessionState, event: CopSessionEvent): CopSessionState {
  switch (event.type) {
    case 'SessionCreated':
      return { ...state, facilitator: event.facilitator, createdAt: event.at };
    case 'TopicSet':
      return { ...state, topic: event.topic };
    case 'LeadSet':
      return { ...state, lead: event.lead };
    case 'AgendaSet':
      return { ...state, agenda: event.agenda };
    case 'CheckInPromptSet':
      return { ...state, prompt: event.prompt };
    case 'GroupPlanSet':
      return { ...state, groupPlan: event.plan };
    case 'OutlineEdited':
      return state.topic === null
        ? state
        : {
            ...state,
            topic: { ...state.topic, outline: event.outline, questions: event.questions },
          };
    case 'AttendeeAdded':
    case 'AttendeeRemoved':
      return {
        ...state,
        addedPresence: putLatest(
          state.addedPresence,
          event.accountId,
          mark(event.type === 'AttendeeAdded', event.at),
        ),
      };
    case 'SessionStarted':
      return { ...state, startedAt: event.at };
    case 'StepStarted':
      return {
        ...state,
        phase: { kind: event.step, index: event.index },
        runs: [
          ...closeRun(state.runs, event.at),
          {
            index: event.index,
            step: event.step,
            startedAt: event.at,
            endsAt: event.endsAt,
            endedAt: null,
            extendedMinutes: 0,
          },
        ],
      };
    case 'StepExtended':
      return {
        ...state,
        runs: state.runs.map((run, i) =>
          i === state.runs.length - 1
            ? { ...run, endsAt: event.endsAt, extendedMinutes: run.extendedMinutes + event.minutes }
            : run,
        ),
      };
    case 'GroupsFormed':
      return {
        ...state,
        // A regroup with a new plan makes it the plan.
        groupPlan: event.plan,
        groups: {
          groups: event.groups,
          plan: event.plan,
          seed: event.seed,
          repeats: event.repeats,
          at: event.at,
        },
      };
    case 'SessionEnded':
      return {
        ...state,
        phase: { kind: 'ended' },
        endedAt: event.at,
        runs: closeRun(state.runs, event.at),
      };
    case 'ParticipantJoined':
    case 'ParticipantLeft':
      return {
        ...state,
        selfPresence: putLatest(
          state.selfPresence,
          event.participant,
          mark(event.type === 'ParticipantJoined', event.at),
        ),
      };
    case 'CheckInAnswered':
      return {
        ...state,
        checkIns: putLatest(state.checkIns, event.participant, {
          participant: event.participant,
          answer: event.answer,
          at: event.at,
        }),
      };
    case 'NoteAdded':
    case 'NoteEdited':
    case 'NoteDeleted': {
      const { type: _type, v: _v, ...revision } = event;
      const key = revisionKey(revision.board, revision.noteId, revision.editor);
      return {
        ...state,
        notes: { ...state.notes, [key]: latestRecord(own(state.notes, key), revision) },
      };
    }
    case 'TakeawayAdded':
    case 'TakeawayEdited':
      return {
        ...state,
        takeaways: putLatest(
          state.takeaways,
          contributionKey(event.takeaway.author, event.takeaway.id),
          { at: event.at, value: event.takeaway },
        ),
      };
    case 'TakeawayDeleted':
    case 'TakeawayModerated':
      return {
        ...state,
        takeaways: putLatest(state.takeaways, contributionKey(event.author, event.takeawayId), {
          at: event.at,
          value: event.type === 'TakeawayModerated' ? event.takeaway : null,
        }),
      };
    case 'ActionItemAdded':
    case 'ActionItemEdited':
      return {
        ...state,
        actionItems: putLatest(
          state.actionItems,
          contributionKey(event.actionItem.author, event.actionItem.id),
          { at: event.at, value: event.actionItem },
        ),
      };
    case 'ActionItemDeleted':
    case 'ActionItemModerated':
      return {
        ...state,
        actionItems: putLatest(
          state.actionItems,
          contributionKey(event.author, event.actionItemId),
          { at: event.at, value: event.type === 'ActionItemModerated' ? event.actionItem : null },
        ),
      };
    default:
      return assertNever(event);
  }
}
