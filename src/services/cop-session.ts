/**
 * CoP Session (deep dive) on the board engine (`engine/engine.ts`, issue 12): the game's
 * definition — rules, record keys, phase prefixes, row codec, summary — and the resolvers' use
 * cases, each one engine call plus what is this game's own (the set-up's backlog topic, the end's
 * follow-ups, the view's choices).
 *
 * The rules say where each event goes (`EVENT_PLACEMENT`, `recordIdentity`), which records a
 * command reads (`recordsRead`), when the previous breakout is needed (`formsGroups`) and what a
 * screen shows (`sessionView`); the definition only maps them onto the engine:
 * - **Participant records** (join, leave, check-in, notes, an author's own takeaway or action
 *   item): one batch get of the row, the caller's access record and the single records the
 *   command reads, with the prefix queries of the ranges it reads (everyone's join, one board's
 *   notes) alongside; then one write of the caller's own key checked against the row's version,
 *   one notice. No Confluence call.
 * - **Facilitator and lead transitions** (set-up, start, next/back/extend, regroup, end, the
 *   lead's outline, moderating someone else's record): the row and every record of the session,
 *   folded; appended to the log with compare-and-set. A lost race answers CONFLICT.
 * - **The end** is quiet in the engine: the notes page, the backlog topic, the breakout memory,
 *   the rotation and the attendance follow (each idempotent, so `createNotes` can run them
 *   again), then one notice.
 *
 * Storage is unchanged by the move onto the engine: the row keeps its `past` list and
 * `backlogTopicId`, records stay under `p:<board>:cs:<session>:<identity>`.
 */
import { createHash, randomUUID } from 'node:crypto';
import type {
  ActionItemAddedAnswer,
  ActionItemPayload,
  AddActionItemPayload,
  AddNotePayload,
  AddTakeawayPayload,
  AnswerCheckInPayload,
  AttendeePayload,
  Changed,
  CopSessionView,
  DeleteNotePayload,
  EditActionItemPayload,
  EditNotePayload,
  EditOutlinePayload,
  EditTakeawayPayload,
  EndAnswer,
  ExtendPayload,
  NoteAddedAnswer,
  NotesOutcome,
  NotesPage,
  PastSession,
  RegroupPayload,
  Seen,
  SetAgendaPayload,
  SetCheckInPromptPayload,
  SetGroupPlanPayload,
  SetLeadPayload,
  SetTopicPayload,
  SetupChoices,
  TakeawayAddedAnswer,
  TakeawayPayload,
} from '../contract/cop-session';
import type { PastSession as BoardPastSession } from '../contract/board';
import type { ErrorCode } from '../contract/errors';
import type { ApiResult } from '../contract/result';
import { nextTopic, rankedTopics, type Backlog } from '../domain/backlog';
import {
  actionItems,
  attendance,
  breakoutHistory,
  CHECK_IN_PROMPTS,
  createSession,
  decide,
  EVENT_PLACEMENT,
  evolve,
  foldSession,
  formsGroups,
  isRecordEvent,
  LEGALITY,
  matchesRead,
  notesInput,
  recordIdentity,
  recordsRead,
  sessionView,
  takeaways,
  type CommandContext,
  type CopSessionCommand,
  type CopSessionEvent,
  type CopSessionState,
  type LogEvent,
  type RecordsRead,
} from '../domain/cop-session';
import { isoDateFromEpochMs } from '../domain/text';
import type { Caller } from './caller';
import { copSessionNoticePeople, copSessionSealedNotice } from './cop-session-notice';
import { noteKeysFor } from './note-sealing';
import { saveBoardAccess } from '../storage/access';
import { readBoard, replaceRow, type StoredRecord } from '../storage/board';
import { loadBacklog } from '../storage/backlog';
import {
  asCopSessionRecord,
  copSessionCodec,
  loadLastBreakout,
  loadSessionTopicChoice,
  saveLastBreakout,
  type CopSessionGameRow,
  type CopSessionRecord,
  type PastSessionRecord,
} from '../storage/cop-session';
import { keys } from '../storage/keys';
import { loadSettings } from '../storage/settings';
import { runBacklogCommand } from './backlog';
import type { Decision, GameDefinition, SessionSummary } from './engine/definition';
import * as engine from './engine/engine';
import { serverClock, type Clock } from './lean-coffee-clock';
import { preparedTopic } from './deep-dive-start';
import { fitDeepDiveNotes } from '../domain/session-notes/budget';
import { createSessionNotes, createdNotesPage, type NotesJobRef } from './notes';
import { boardOf, type PagePlace } from './place';
import { recordSession } from './rhythm/attendance';
import { passFacilitatorTurn } from './settings';
import { displayNames, type NameOptions } from './users';

/** The platform and the other features this service calls: small function types (ports). */
export interface CopSessionPorts {
  readonly clock: Clock;
  readonly newId: () => string;
  readonly displayNames: (
    accountIds: readonly string[],
    options?: NameOptions,
  ) => Promise<Record<string, string>>;
}

const ports: CopSessionPorts = {
  clock: serverClock,
  newId: () => randomUUID(),
  displayNames: (accountIds, options) => displayNames(accountIds, options),
};

type Answer<T> = Promise<ApiResult<T>>;
type Failure = { ok: false; error: { code: ErrorCode; message: string } };

const fail = (code: ErrorCode, message: string): Failure => ({
  ok: false,
  error: { code, message },
});

const MESSAGES = {
  notStarted: 'No session has been set up in this macro yet.',
  wrongMacro: 'CoP Session commands only work from a CoP Session macro.',
  conflict: 'The session changed at the same moment. Refresh and try again.',
  alreadyStarted: 'The session changed at the same moment. Refresh and try again.',
} as const;

const placeOf = (row: CopSessionGameRow): PagePlace => ({
  pageId: row.state.contentId,
  spaceId: row.state.spaceId,
  spaceKey: row.spaceKey,
});

/**
 * A command as the engine carries it: the domain's, plus (for a set-up of the topic) the
 * backlog's own id the row keeps beside the log (`backlogTopicId`), written in the same
 * compare-and-set. The rules never see `rowTopic`.
 */
export type CopSessionEngineCommand = CopSessionCommand & {
  readonly rowTopic?: string | null;
};

/** What a set-up of a session takes: nothing the caller chooses (the backlog gives the topic). */
type CreatePayload = Record<string, never>;

/** Only the records of the running session, whatever else a read brought. */
function recordsOf(
  row: CopSessionGameRow,
  values: Iterable<unknown>,
  read: RecordsRead = 'all',
): CopSessionRecord[] {
  const out: CopSessionRecord[] = [];
  for (const value of values) {
    const record = asCopSessionRecord(value);
    if (record === undefined || record.session !== row.state.session) continue;
    if (!isRecordEvent(record.event)) continue;
    if (matchesRead(read, recordIdentity(record.event))) out.push(record);
  }
  return out;
}

/** The session as the log and the given records make it (records fold in any order). */
export function foldBoard(
  row: CopSessionGameRow,
  records: readonly CopSessionRecord[],
): CopSessionState {
  const events: CopSessionEvent[] = [
    ...row.state.log,
    ...recordsOf(row, records).map((record) => record.event),
  ];
  return foldSession(events);
}

/** Identity lengths: a prefix this long names one record (a get), shorter ones a range. */
const IDENTITY_LENGTH: Readonly<Record<string, number>> = {
  join: 2,
  checkin: 2,
  note: 4,
  takeaway: 3,
  action: 3,
};

/** Whether a command writes the caller's own record (else it is a transition on the log). */
function isOwnRecordCommand(command: CopSessionCommand, actor: string): boolean {
  const { who } = LEGALITY[command.type];
  if (who === 'anyone') return true;
  if (who !== 'author') return false;
  return !('author' in command) || command.author === undefined || command.author === actor;
}

/** The records a participant command reads, or `null` when it runs as a transition. */
function ownRead(command: CopSessionCommand, actor: string): Exclude<RecordsRead, 'all'> | null {
  const read = recordsRead(command, actor);
  return read === 'all' || !isOwnRecordCommand(command, actor) ? null : read;
}

const isSingle = (prefix: readonly string[]): boolean =>
  prefix.length === IDENTITY_LENGTH[prefix[0] ?? ''];

/** The rules' own command, without what only the row keeps. */
function domainCommand(command: CopSessionEngineCommand): CopSessionCommand {
  if (!('rowTopic' in command)) return command;
  const { rowTopic, ...rest } = command;
  void rowTopic;
  return rest;
}

/**
 * What a transition's decision takes besides: a fresh seed, the last breakout when needed, and
 * how many bytes the row's log holds (for `LOG_MAX_BYTES`).
 */
interface TransitionInput {
  readonly seed: string;
  readonly previousGroups?: readonly (readonly string[])[];
  readonly logBytes?: number;
}

/**
 * The most the facilitator's log may hold (UTF-8 bytes of its JSON) before a transition is
 * refused (`CAP_REACHED`) — except the start and the end, which happen once each and are always
 * accepted, so a session at the cap can still be run to its end and its notes page written. The
 * row is one KVS value of at most 240 KiB (245,760 bytes); at worst it holds the log at the cap
 * (180 KiB) plus the start (its first groups: 200 account ids, about 10 KiB) and the end (under
 * 100 bytes), at most 20 past sessions (title, facilitator, notes link: under 1 KiB each) and a
 * few ids: about 211 KiB. The largest single event is an outline edit (2,000 + 8 × 300
 * characters at 4 bytes: about 17.6 KiB), so only a session edited far beyond any real use meets
 * the cap.
 */
export const LOG_MAX_BYTES = 180 * 1024;

/** The transitions the log cap never refuses (each happens once a session). */
const UNCAPPED: ReadonlySet<CopSessionCommand['type']> = new Set(['start', 'end']);

const jsonBytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value), 'utf8');

/** The log cap: a decision whose events would take the log past `LOG_MAX_BYTES` (see there). */
function withinLogCap(
  decided: ReturnType<typeof decide>,
  command: CopSessionCommand,
  logBytes: number | undefined,
): Decision<CopSessionEvent> {
  if (!decided.ok || logBytes === undefined || UNCAPPED.has(command.type)) return decided;
  const logged = decided.value.filter((event) => EVENT_PLACEMENT[event.type] === 'log');
  if (logged.length === 0 || logBytes + jsonBytes(logged) <= LOG_MAX_BYTES) return decided;
  return {
    ok: false,
    error: {
      code: 'CAP_REACHED',
      message:
        'This session has recorded as many changes as it can hold. Start it (if not yet) and ' +
        'end it: the notes page will still be written with everything so far.',
    },
  };
}

const isTransitionInput = (input: unknown): input is TransitionInput =>
  typeof input === 'object' &&
  input !== null &&
  typeof (input as TransitionInput).seed === 'string';

/** The CoP Session, as the board engine runs it. */
export const copSession: GameDefinition<
  CopSessionGameRow,
  CopSessionState,
  CopSessionEngineCommand,
  CopSessionEvent,
  CopSessionEngineCommand,
  CreatePayload
> = {
  kind: 'cop-session',
  moduleKey: 'cop-session',
  messages: MESSAGES,
  codec: copSessionCodec,
  meta: (row) => ({
    version: row.version,
    place: placeOf(row),
    startedBy: row.state.facilitator,
    sealedAt: null,
    session: row.state.session,
    sessions: row.state.past.map((entry): BoardPastSession => ({
      n: entry.session,
      kind: 'cop-session',
      endedAt: entry.endedAt,
      facilitator: entry.facilitator,
      notes: entry.notes,
      title: entry.title,
    })),
  }),
  withMeta: (row, change) => ({
    ...row,
    version: change.version ?? row.version,
    state: {
      ...row.state,
      ...(change.session === undefined ? {} : { session: change.session }),
      ...(change.startedBy === undefined ? {} : { facilitator: change.startedBy }),
      ...(change.sessions === undefined
        ? {}
        : {
            past: change.sessions.map((entry): PastSessionRecord => ({
              session: entry.n,
              title: entry.title ?? '',
              facilitator: entry.facilitator,
              endedAt: entry.endedAt,
              // Attendance lives in the community's session record (`recordAttendance`): the
              // row keeps none, so 20 past sessions stay well under 1 KiB each.
              attendees: [],
              notes: entry.notes,
            })),
          }),
    },
  }),
  decide: (state, command, ctx) => {
    const input = isTransitionInput(ctx.input) ? ctx.input : { seed: '' };
    const context: CommandContext = {
      actor: ctx.actor,
      now: ctx.now,
      isFacilitator: ctx.isFacilitator,
      seed: input.seed,
      ...(input.previousGroups === undefined ? {} : { previousGroups: input.previousGroups }),
    };
    const own = domainCommand(command);
    return withinLogCap(decide(state, own, context), own, input.logBytes);
  },
  evolve,
  roleOf: (command) => (LEGALITY[command.type].who === 'facilitator' ? 'facilitator' : 'anyone'),
  freezes: () => false,
  noticeOf: copSessionSealedNotice,
  noticePeople: copSessionNoticePeople,
  participant: {
    reads: (scope, command) =>
      (ownRead(command, scope.actor) ?? [])
        .filter(isSingle)
        .map((identity) => keys.copSessionRecord(scope.board, scope.session, identity)),
    ranges: (scope, command) =>
      (ownRead(command, scope.actor) ?? [])
        .filter((prefix) => !isSingle(prefix))
        .map((prefix) => keys.copSessionReadPrefix(scope.board, scope.session, prefix)),
    prepare: (row, records, command, scope) => {
      const read = ownRead(command, scope.actor);
      if (read === null) return { transition: command };
      const state = foldBoard(row, recordsOf(row, records.values(), read));
      return { ok: true, data: { state, command } };
    },
    recordOf: (scope, _state, event) => {
      if (!isRecordEvent(event)) throw new Error(`${event.type} is not a participant record`);
      const record: CopSessionRecord = { session: scope.session, event };
      return {
        key: keys.copSessionRecord(scope.board, scope.session, recordIdentity(event)),
        value: record,
      };
    },
  },
  loadPrefixes: (_row, scope) => [keys.copSessionPrefix(scope.board, scope.session)],
  fold: (row, stored: readonly StoredRecord[]) =>
    foldBoard(
      row,
      recordsOf(
        row,
        stored.map((record) => record.value),
      ),
    ),
  append: (row, events, { command }) => {
    const logged = events.filter(
      (event): event is LogEvent => EVENT_PLACEMENT[event.type] === 'log',
    );
    if (logged.length !== events.length) {
      throw new Error(`${command.type} on the transition path yielded a participant record`);
    }
    return {
      ...row,
      state: {
        ...row.state,
        ...('rowTopic' in command ? { backlogTopicId: command.rowTopic ?? null } : {}),
        log: [...row.state.log, ...logged],
      },
    };
  },
  create: async ({ place, starter, now, session }) => {
    const { events, backlogTopicId } = await creationEvents(starter, place.spaceKey, now);
    return {
      ok: true,
      data: {
        localId: '',
        spaceKey: place.spaceKey,
        kind: 'cop-session',
        version: 1,
        state: {
          facilitator: starter,
          contentId: place.pageId,
          spaceId: place.spaceId,
          session,
          backlogTopicId,
          log: events.filter((event): event is LogEvent => !isRecordEvent(event)),
          past: [],
        },
      },
    };
  },
  endedAt: (_row, state) => (state.phase.kind === 'ended' ? (state.endedAt ?? 0) : null),
  summary: async (_row, state, scope): Promise<SessionSummary> => ({
    endedAt: state.endedAt,
    notes: await createdNotesPage(notesJobId(scope.board, scope.session)),
    attendees: attendance(state).map((attendee) => attendee.accountId),
    ...(state.startedAt === null ? {} : { startedAt: state.startedAt }),
    takeaways: takeaways(state).length,
    actionItems: actionItems(state).map((item) =>
      item.owner === null ? { text: item.text } : { text: item.text, owner: item.owner },
    ),
    title: state.topic?.title ?? '',
  }),
  transitionInput: async (row, state, command): Promise<TransitionInput> => ({
    seed: ports.newId(),
    logBytes: jsonBytes(row.state.log),
    ...(formsGroups(state, domainCommand(command))
      ? { previousGroups: await loadLastBreakout(row.spaceKey) }
      : {}),
  }),
};

const kindOf = (command: CopSessionEngineCommand): string => command.type;

/** A transition; `seen` is the version the facilitator's screen showed (a stale click: CONFLICT). */
const transition = (
  caller: Caller,
  command: CopSessionEngineCommand,
  seen?: number,
  quiet = false,
) =>
  engine.transition(copSession, caller, command, {
    ...(seen === undefined ? {} : { seen }),
    ...(quiet ? { quiet } : {}),
  });

const versionOnly = async (result: Answer<{ version: number }>): Answer<Changed> => {
  const answer = await result;
  return answer.ok ? { ok: true, data: { version: answer.data.version } } : answer;
};

/**
 * A participant's own command (the engine's participant path); one that is not the caller's own
 * record after all (a facilitator moderating, a lead's outline) runs as a transition.
 */
const participantCommand = <T>(
  caller: Caller,
  command: CopSessionCommand,
  answer: (version: number) => T,
): Answer<T> => engine.participant(copSession, caller, command, kindOf, answer);

// ---- set-up ---------------------------------------------------------------------------------

/** The notes job of one session of a board: one page per session, whatever the retries. */
export const notesJobId = (board: string, session: number): string =>
  `cop-session.${board}.${session}`;

/**
 * The id a backlog topic goes by inside the session's rules. Backlog ids (`manual:<uuid>`, an
 * imported game's card) hold ':' and may be long, while the rules take ids of 1–64 of
 * `A–Z a–z 0–9 _ . -` (they become key segments); so the rules get a digest and the row keeps the
 * backlog's own id beside the log (`backlogTopicId`), for the end to close the right topic.
 */
export function topicRef(backlogTopicId: string): string {
  return `bt-${createHash('sha256').update(backlogTopicId).digest('hex').slice(0, 40)}`;
}

/**
 * The topic a new session starts with: the one "Start a session" chose for the space if it is
 * still open, else the backlog's next topic (planned first in rank order); its volunteer leads.
 */
function defaultTopic(backlog: Backlog, chosen: string | undefined) {
  const open = (id: string | undefined) => {
    const topic = id === undefined ? undefined : backlog.topics[id];
    return topic !== undefined && (topic.status === 'planned' || topic.status === 'proposed')
      ? topic
      : undefined;
  };
  const planned = rankedTopics(backlog).find((topic) => topic.status === 'planned');
  return open(chosen) ?? planned ?? nextTopic(backlog);
}

/** The creation events: the session, and its default topic and lead when the backlog has one. */
async function creationEvents(
  starter: string,
  spaceKey: string,
  now: number,
): Promise<{ events: CopSessionEvent[]; backlogTopicId: string | null }> {
  const created = createSession({ actor: starter, now });
  const [{ backlog }, chosen] = await Promise.all([
    loadBacklog(spaceKey),
    loadSessionTopicChoice(spaceKey),
  ]);
  const topic = defaultTopic(backlog, chosen);
  if (topic === undefined) return { events: [created], backlogTopicId: null };
  const ctx: CommandContext = { actor: starter, now, isFacilitator: true, seed: '' };
  let state = evolve(foldSession([]), created);
  const events: CopSessionEvent[] = [created];
  let backlogTopicId: string | null = null;
  const commands: CopSessionCommand[] = [
    {
      type: 'setTopic',
      topic: {
        backlogTopicId: topicRef(topic.id),
        title: topic.title,
        details: topic.details,
        ...(await preparedTopic(spaceKey, topic.id)),
      },
    },
    ...(topic.lead === undefined
      ? []
      : [{ type: 'setLead', lead: { kind: 'member', accountId: topic.lead } } as const]),
  ];
  for (const command of commands) {
    const decision = decide(state, command, ctx);
    // A backlog topic the session's rules refuse (an old id shape) is left for the facilitator.
    if (!decision.ok) continue;
    if (command.type === 'setTopic') backlogTopicId = topic.id;
    events.push(...decision.value);
    state = decision.value.reduce(evolve, state);
  }
  return { events, backlogTopicId };
}

/**
 * Sets up a session in the caller's macro: the macro's first (the engine's start: its row is
 * created with the place Confluence gives the caller), or the next one once the running session
 * has ended (the engine's next session: the ended one joins `past` with its notes page). Either
 * needs permission to edit the page; the caller facilitates it.
 */
export async function createCopSession(caller: Caller, payload: Seen = {}): Answer<Changed> {
  const next = await engine.newSession(copSession, caller, {}, payload.version);
  if (next.ok) return { ok: true, data: { version: next.data.version } };
  if (next.error.code !== 'NOT_FOUND') return next;
  return engine.start(copSession, caller, {}, 'create');
}

/**
 * Sets the topic: a backlog topic (by the backlog's id, which must be in the space's backlog) or
 * a new title (no id). The rules get the topic's digest (`topicRef`); the row keeps the id.
 */
export async function setTopic(caller: Caller, payload: SetTopicPayload): Answer<Changed> {
  const backlogTopicId = payload.topic.backlogTopicId ?? null;
  let prepared: Awaited<ReturnType<typeof preparedTopic>> = {};
  if (backlogTopicId !== null) {
    if (!engine.isOwnMacro(copSession, caller)) return fail('NOT_IN_MACRO', MESSAGES.wrongMacro);
    const { row } = await readBoard(copSessionCodec, boardOf(caller), caller.accountId);
    if (row === undefined) return fail('NOT_FOUND', MESSAGES.notStarted);
    const { backlog } = await loadBacklog(row.spaceKey);
    if (backlog.topics[backlogTopicId] === undefined) {
      return fail('UNKNOWN_TOPIC', "That topic is not in this space's backlog.");
    }
    prepared = await preparedTopic(row.spaceKey, backlogTopicId);
  }
  const topic = {
    // The lead's preparation pre-fills what the set-up did not give.
    ...prepared,
    ...payload.topic,
    backlogTopicId: backlogTopicId === null ? null : topicRef(backlogTopicId),
  };
  return versionOnly(
    transition(caller, { type: 'setTopic', topic, rowTopic: backlogTopicId }, payload.version),
  );
}

export const setLead = (caller: Caller, payload: SetLeadPayload): Answer<Changed> =>
  versionOnly(transition(caller, { type: 'setLead', lead: payload.lead }, payload.version));

export const setAgenda = (caller: Caller, payload: SetAgendaPayload): Answer<Changed> =>
  versionOnly(transition(caller, { type: 'setAgenda', agenda: payload.agenda }, payload.version));

export const setCheckInPrompt = (
  caller: Caller,
  payload: SetCheckInPromptPayload,
): Answer<Changed> =>
  versionOnly(
    transition(caller, { type: 'setCheckInPrompt', prompt: payload.prompt }, payload.version),
  );

export const setGroupPlan = (caller: Caller, payload: SetGroupPlanPayload): Answer<Changed> =>
  versionOnly(transition(caller, { type: 'setGroupPlan', plan: payload.plan }, payload.version));

export const editOutline = (caller: Caller, payload: EditOutlinePayload): Answer<Changed> => {
  const { version, ...edit } = payload;
  return versionOnly(transition(caller, { type: 'editOutline', ...edit }, version));
};

export const addAttendee = (caller: Caller, payload: AttendeePayload): Answer<Changed> =>
  versionOnly(
    transition(caller, { type: 'addAttendee', accountId: payload.accountId }, payload.version),
  );

export const removeAttendee = (caller: Caller, payload: AttendeePayload): Answer<Changed> =>
  versionOnly(
    transition(caller, { type: 'removeAttendee', accountId: payload.accountId }, payload.version),
  );

// ---- running --------------------------------------------------------------------------------

export const start = (caller: Caller, payload: Seen = {}): Answer<Changed> =>
  versionOnly(transition(caller, { type: 'start' }, payload.version));

export const next = (caller: Caller, payload: Seen = {}): Answer<Changed> =>
  versionOnly(transition(caller, { type: 'next' }, payload.version));

export const back = (caller: Caller, payload: Seen = {}): Answer<Changed> =>
  versionOnly(transition(caller, { type: 'back' }, payload.version));

export const extend = (caller: Caller, payload: ExtendPayload): Answer<Changed> =>
  versionOnly(transition(caller, { type: 'extend', minutes: payload.minutes }, payload.version));

export const regroup = (caller: Caller, payload: RegroupPayload): Answer<Changed> =>
  versionOnly(
    transition(
      caller,
      payload.plan === undefined ? { type: 'regroup' } : { type: 'regroup', plan: payload.plan },
      payload.version,
    ),
  );

export const join = (caller: Caller): Answer<Changed> =>
  participantCommand(caller, { type: 'join' }, (version) => ({ version }));

export const leave = (caller: Caller): Answer<Changed> =>
  participantCommand(caller, { type: 'leave' }, (version) => ({ version }));

export const answerCheckIn = (caller: Caller, payload: AnswerCheckInPayload): Answer<Changed> =>
  participantCommand(caller, { type: 'answerCheckIn', text: payload.text }, (version) => ({
    version,
  }));

export const passCheckIn = (caller: Caller): Answer<Changed> =>
  participantCommand(caller, { type: 'passCheckIn' }, (version) => ({ version }));

export function addNote(caller: Caller, payload: AddNotePayload): Answer<NoteAddedAnswer> {
  const noteId = ports.newId();
  return participantCommand(caller, { type: 'addNote', noteId, ...payload }, (version) => ({
    version,
    noteId,
  }));
}

export const editNote = (caller: Caller, payload: EditNotePayload): Answer<Changed> =>
  participantCommand(caller, { type: 'editNote', ...payload }, (version) => ({ version }));

export const deleteNote = (caller: Caller, payload: DeleteNotePayload): Answer<Changed> =>
  participantCommand(caller, { type: 'deleteNote', ...payload }, (version) => ({ version }));

export function addTakeaway(
  caller: Caller,
  payload: AddTakeawayPayload,
): Answer<TakeawayAddedAnswer> {
  const takeawayId = ports.newId();
  return participantCommand(
    caller,
    { type: 'addTakeaway', takeawayId, text: payload.text },
    (version) => ({ version, takeawayId }),
  );
}

export const editTakeaway = (caller: Caller, payload: EditTakeawayPayload): Answer<Changed> =>
  participantCommand(caller, { type: 'editTakeaway', ...payload }, (version) => ({ version }));

export const deleteTakeaway = (caller: Caller, payload: TakeawayPayload): Answer<Changed> =>
  participantCommand(caller, { type: 'deleteTakeaway', ...payload }, (version) => ({ version }));

export function addActionItem(
  caller: Caller,
  payload: AddActionItemPayload,
): Answer<ActionItemAddedAnswer> {
  const actionItemId = ports.newId();
  return participantCommand(
    caller,
    { type: 'addActionItem', actionItemId, ...payload },
    (version) => ({ version, actionItemId }),
  );
}

export const editActionItem = (caller: Caller, payload: EditActionItemPayload): Answer<Changed> =>
  participantCommand(caller, { type: 'editActionItem', ...payload }, (version) => ({ version }));

export const deleteActionItem = (caller: Caller, payload: ActionItemPayload): Answer<Changed> =>
  participantCommand(caller, { type: 'deleteActionItem', ...payload }, (version) => ({
    version,
  }));

// ---- the end --------------------------------------------------------------------------------

/** A session that just ended (or had ended), as its follow-ups read it. */
interface Ended {
  readonly row: CopSessionGameRow;
  readonly state: CopSessionState;
}

/**
 * The session's attendance and outcome for the community's rhythm (`recordSession`, one row per
 * board and session, so a retry keeps one). A refused summary is logged, never fails the end: the
 * notes page already holds the same attendance.
 */
async function recordAttendance(done: Ended, page: NotesPage | null): Promise<void> {
  const { row, state } = done;
  const recorded = await recordSession(row.spaceKey, {
    kind: 'cop-session',
    boardId: row.localId,
    session: row.state.session,
    pageId: row.state.contentId,
    startedAt: state.startedAt ?? state.createdAt ?? ports.clock(),
    endedAt: state.endedAt ?? ports.clock(),
    facilitator: state.facilitator ?? row.state.facilitator,
    attendees: attendance(state).map((attendee) => attendee.accountId),
    ...(state.lead.kind === 'member' ? { lead: state.lead.accountId } : {}),
    ...(row.state.backlogTopicId ? { topicId: row.state.backlogTopicId } : {}),
    takeaways: takeaways(state).length,
    actionItems: actionItems(state).map((item) => ({
      text: item.text,
      ...(item.owner === null ? {} : { owner: item.owner }),
      ...(item.due === null ? {} : { due: item.due }),
    })),
    ...(page === null ? {} : { notesPageId: page.pageId }),
  });
  if (!recorded.ok) console.error('could not record the session attendance', recorded.error);
}

async function writeNotes(caller: Caller, done: Ended): Promise<NotesOutcome> {
  const { row, state } = done;
  const board = boardOf(caller);
  const job: NotesJobRef = { id: notesJobId(board, row.state.session), board };
  const pageId = row.state.contentId;
  const model = fitDeepDiveNotes(
    notesInput(state, {
      date: isoDateFromEpochMs(state.startedAt ?? state.createdAt ?? ports.clock()),
      source: {
        pageId,
        url: `/wiki/pages/viewpage.action?pageId=${encodeURIComponent(pageId)}`,
      },
    }),
  );
  const result = await createSessionNotes(caller, placeOf(row), job, model);
  return result.ok ? { ok: true, page: result.data } : result;
}

/**
 * The backlog topic this session discussed: planned (if it was only proposed), marked discussed,
 * and linked to the notes page. Each step is idempotent or skipped when already done.
 */
async function closeBacklogTopic(
  caller: Caller,
  done: Ended,
  page: NotesPage | null,
): Promise<EndAnswer['backlog']> {
  const topicId = done.row.state.backlogTopicId ?? null;
  if (topicId === null || done.state.topic?.backlogTopicId === null) return null;
  const place = placeOf(done.row);
  const { backlog } = await loadBacklog(place.spaceKey);
  const topic = backlog.topics[topicId];
  if (topic === undefined) return { ok: false, message: 'The topic is no longer in the backlog.' };
  const date = isoDateFromEpochMs(done.state.startedAt ?? ports.clock());
  if (topic.status === 'proposed') {
    const planned = await runBacklogCommand(
      caller,
      { type: 'planTopic', topicId, date },
      true,
      place,
    );
    if (!planned.ok) return { ok: false, message: planned.error.message };
  }
  if (topic.status !== 'discussed') {
    const discussed = await runBacklogCommand(
      caller,
      { type: 'markDiscussed', topicId },
      true,
      place,
    );
    if (!discussed.ok) return { ok: false, message: discussed.error.message };
  }
  if (page === null) return { ok: false, message: 'The notes page is not there yet to link.' };
  const linked = await runBacklogCommand(
    caller,
    { type: 'linkNotesPage', topicId, pageId: page.pageId, url: page.url },
    true,
    place,
  );
  return linked.ok ? { ok: true } : { ok: false, message: linked.error.message };
}

/**
 * Passes the facilitator rotation on, at most once per session: the row is marked first
 * (compare-and-set), so a retry or a double click never skips a person.
 */
async function passRotation(
  caller: Caller,
  row: CopSessionGameRow,
): Promise<EndAnswer['rotation']> {
  if (row.state.rotationPassed === true) return { ok: true };
  const marked: CopSessionGameRow = {
    ...row,
    version: row.version + 1,
    state: { ...row.state, rotationPassed: true },
  };
  if ((await replaceRow(copSessionCodec, boardOf(caller), marked, row.version)) === 'conflict') {
    return { ok: false, message: 'The session changed meanwhile; the rotation was not passed.' };
  }
  const settings = await loadSettings(row.spaceKey);
  if (settings.rotation.facilitators.length === 0) return { ok: true };
  const passed = await passFacilitatorTurn(caller);
  return passed.ok ? { ok: true } : { ok: false, message: passed.error.message };
}

/** The follow-ups of an ended session; each is idempotent, so `createNotes` can run them again. */
async function afterEnd(caller: Caller, done: Ended): Promise<Omit<EndAnswer, 'version'>> {
  const notes = await writeNotes(caller, done);
  const groups = breakoutHistory(done.state);
  if (groups.length > 0) {
    await saveLastBreakout(done.row.spaceKey, groups, done.state.endedAt ?? ports.clock());
  }
  const backlog = await closeBacklogTopic(caller, done, notes.ok ? notes.page : null);
  const rotation = await passRotation(caller, done.row);
  await recordAttendance(done, notes.ok ? notes.page : null);
  return { notes, backlog, rotation };
}

/** After the follow-ups: the row's version now, and one notice so every screen refetches. */
async function announceAfter(caller: Caller, fallback: number, kind: string): Promise<number> {
  const { row } = await readBoard(copSessionCodec, boardOf(caller), caller.accountId);
  const version = row?.version ?? fallback;
  await engine.enginePorts.announce(caller.localId, { version, kind }, boardOf(caller));
  return version;
}

/**
 * Ends the session: the end event (a quiet transition, compare-and-set), then the notes page
 * (written as the facilitator, one page per session), the backlog topic discussed and linked,
 * the breakout groups remembered for the next split, the rotation passed on, the attendance
 * recorded; one notice after the page exists, so every screen refetches and shows its link.
 */
export async function end(caller: Caller, payload: Seen = {}): Answer<EndAnswer> {
  const done = await transition(caller, { type: 'end' }, payload.version, true);
  if (!done.ok) return done;
  const follow = await afterEnd(caller, done.data);
  const version = await announceAfter(caller, done.data.version, 'end');
  return { ok: true, data: { version, ...follow } };
}

/** Runs the end's follow-ups again for an ended session (after a failure): idempotent. */
export async function createNotes(caller: Caller): Answer<EndAnswer> {
  const loaded = await engine.loadForFacilitator(copSession, caller);
  if (!loaded.ok) return loaded;
  const { row, state, grant } = loaded.data;
  if (grant !== undefined) await saveBoardAccess(grant);
  if (state.phase.kind !== 'ended') return fail('WRONG_PHASE', 'End the session first.');
  const follow = await afterEnd(caller, { row, state });
  const version = await announceAfter(caller, row.version, 'createNotes');
  return { ok: true, data: { version, ...follow } };
}

// ---- the view -------------------------------------------------------------------------------

async function setupChoices(row: CopSessionGameRow, state: CopSessionState): Promise<SetupChoices> {
  const [{ backlog }, chosen, settings] = await Promise.all([
    loadBacklog(row.spaceKey),
    loadSessionTopicChoice(row.spaceKey),
    loadSettings(row.spaceKey),
  ]);
  const open = rankedTopics(backlog).filter(
    (topic) => topic.status === 'planned' || topic.status === 'proposed',
  );
  const suggested = defaultTopic(backlog, chosen);
  const members = new Set<string>([
    ...open.flatMap((topic) => (topic.lead === undefined ? [] : [topic.lead])),
    ...settings.rotation.facilitators,
    ...Object.keys(state.selfPresence),
    ...Object.keys(state.addedPresence),
    row.state.facilitator,
  ]);
  return {
    topics: open.map((topic) => ({
      id: topic.id,
      title: topic.title,
      details: topic.details,
      status: topic.status,
      plannedDate: topic.plannedDate ?? null,
      lead: topic.lead ?? null,
    })),
    suggestedTopicId: suggested?.id ?? null,
    members: [...members],
    prompts: CHECK_IN_PROMPTS.map(({ id, text }) => ({ id, text })),
  };
}

/** Every account id a view shows, for one names lookup. */
function peopleIn(view: CopSessionView['view'], extra: readonly string[]): string[] {
  const ids = new Set<string>(extra);
  if (view.facilitator !== null) ids.add(view.facilitator);
  if (view.lead.kind === 'member') ids.add(view.lead.accountId);
  for (const attendee of view.attendance) ids.add(attendee.accountId);
  for (const entry of view.checkIn.answers) ids.add(entry.accountId);
  for (const group of view.groups) {
    for (const member of group.members) ids.add(member);
    for (const note of group.notes) ids.add(note.editedBy);
  }
  for (const takeaway of view.takeaways) ids.add(takeaway.author);
  for (const item of view.actionItems) {
    ids.add(item.author);
    if (item.owner !== null) ids.add(item.owner);
  }
  return [...ids];
}

/**
 * The session as the caller sees it now, or `null` when no session was set up here. Reads only,
 * except the caller's access record the first time they look (Confluence asked once).
 */
export async function viewCopSession(caller: Caller): Answer<CopSessionView | null> {
  const seen = await engine.view(copSession, caller);
  if (!seen.ok) return seen;
  if (seen.data === undefined) return { ok: true, data: null };
  const { row, state, now, isFacilitator, scope } = seen.data;
  const viewer = caller.accountId;
  const view = sessionView(state, now, viewer, isFacilitator);
  // The facilitator's choices (topics, people to add or to lead) until the end.
  const setup = view.phase !== 'ended' && isFacilitator ? await setupChoices(row, state) : null;
  const notes =
    view.phase === 'ended'
      ? await createdNotesPage(notesJobId(scope.board, row.state.session))
      : null;
  const past: PastSession[] = [...row.state.past].reverse().map((entry) => ({
    session: entry.session,
    title: entry.title,
    facilitator: entry.facilitator,
    endedAt: entry.endedAt,
    notes: entry.notes,
  }));
  const names = await ports.displayNames(
    peopleIn(view, [viewer, ...(setup?.members ?? []), ...past.map((p) => p.facilitator)]),
    seen.data.nameLookup,
  );
  const noteKeys = await noteKeysFor(scope.board, state, [
    'plenary',
    ...view.groups.map((group) => group.number),
  ]);
  return {
    ok: true,
    data: {
      version: row.version,
      now,
      viewer,
      session: row.state.session,
      backlogTopicId:
        state.topic?.backlogTopicId == null ? null : (row.state.backlogTopicId ?? null),
      isFacilitator,
      isLead: state.lead.kind === 'member' && state.lead.accountId === viewer,
      view,
      setup,
      past,
      notes,
      names,
      noticeKey: seen.data.noticeKey,
      noteKeys,
    },
  };
}
