/**
 * CoP Session (deep dive) use cases: load → decide → write → publish, with the pure rules of
 * `src/domain/cop-session` (issue 12). Written in the style of the Lean Coffee service (the board
 * engine was not on main when this game was built) and shaped as a game definition so it can move
 * onto the engine: the rules tell where each event goes (`EVENT_PLACEMENT`, `recordIdentity`),
 * which records a command reads (`recordsRead`), when the previous breakout is needed
 * (`formsGroups`), and what a screen shows (`sessionView`); this file only runs the loop.
 *
 * Two write paths, so that sixty people acting at once lose nothing and a double click acts once:
 * - **Participant records** (join, leave, check-in, notes, an author's own takeaway or action
 *   item): the row (with the caller's access record, one batch get), then only the records the
 *   command reads; the rules decide on that; one write of the caller's own key in a transaction
 *   that checks the row's `version`. A transition in between makes the write fail: it is decided
 *   again on the new row (at most three tries), never lost and never written twice.
 * - **Facilitator and lead transitions** (set-up, start, next/back/extend, regroup, end, the
 *   lead's outline, moderating someone else's record): the row and every record of the session,
 *   folded; the new events are appended to the log with compare-and-set on `version`. A lost race
 *   answers CONFLICT and writes nothing.
 * Every accepted change publishes exactly one notice; a refusal writes and publishes nothing.
 *
 * One macro, many sessions: the row holds the running session's number and log; each session's
 * records live under their own prefix, and an ended session moves to the row's `past` list (with
 * its notes page) when the next one is set up.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { ChangeNotice } from '../contract/channels';
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
  type RecordEvent,
  type RecordsRead,
} from '../domain/cop-session';
import { isoDateFromEpochMs } from '../domain/text';
import type { Caller } from '../resolvers/define';
import { boardGrant, saveBoardAccess, type BoardAccess } from '../storage/access';
import { loadBacklog } from '../storage/backlog';
import {
  createBoard,
  loadLastBreakout,
  loadSessionTopicChoice,
  queryRecords,
  readBoard,
  readRecords,
  replaceBoard,
  saveLastBreakout,
  writeRecord,
  type CopSessionGameRow,
  type CopSessionGameState,
  type CopSessionRecord,
  type PastSessionRecord,
} from '../storage/cop-session';
import { keys } from '../storage/keys';
import { loadSettings } from '../storage/settings';
import { runBacklogCommand } from './backlog';
import { serverClock, type Clock } from './lean-coffee-clock';
import { announceChange } from './live';
import { preparedTopic } from './deep-dive-start';
import { createSessionNotes, notesStatus, type NotesJobRef } from './notes';
import {
  admitToBoard,
  boardOf,
  isSpaceAdmin,
  pageOfCaller,
  type Admission,
  type PagePlace,
} from './place';
import { recordSession } from './rhythm/attendance';
import { passFacilitatorTurn } from './settings';
import { displayNames } from './users';

/** The platform and the other features this service calls: small function types (ports). */
export interface CopSessionPorts {
  readonly clock: Clock;
  readonly newId: () => string;
  readonly announce: (localId: string, notice: ChangeNotice) => Promise<void>;
  readonly isSpaceAdmin: (spaceId: string) => Promise<boolean>;
  readonly displayNames: (accountIds: readonly string[]) => Promise<Record<string, string>>;
}

const ports: CopSessionPorts = {
  clock: serverClock,
  newId: () => randomUUID(),
  announce: announceChange,
  isSpaceAdmin: (spaceId) => isSpaceAdmin(spaceId),
  displayNames: (accountIds) => displayNames(accountIds),
};

/** How many times a participant action re-reads after a facilitator transition slipped in. */
const PARTICIPANT_ATTEMPTS = 3;

type Answer<T> = Promise<ApiResult<T>>;
type Failure = { ok: false; error: { code: ErrorCode; message: string } };

const fail = (code: ErrorCode, message: string): Failure => ({
  ok: false,
  error: { code, message },
});

const NOT_STARTED = () => fail('NOT_FOUND', 'No session has been set up in this macro yet.');
const WRONG_MACRO = () =>
  fail('NOT_IN_MACRO', 'CoP Session commands only work from a CoP Session macro.');
const CONFLICT = () =>
  fail('CONFLICT', 'The session changed at the same moment. Refresh and try again.');

const inCopSession = (caller: Caller): boolean => caller.moduleKey === 'cop-session';

const placeOf = (row: CopSessionGameRow): PagePlace => ({
  pageId: row.state.contentId,
  spaceId: row.state.spaceId,
  spaceKey: row.spaceKey,
});

const admit = (
  caller: Caller,
  row: CopSessionGameRow,
  access: BoardAccess | undefined,
): Promise<Admission> =>
  admitToBoard(
    caller,
    { place: placeOf(row), startedBy: row.state.facilitator },
    access,
    ports.clock(),
  );

/** Whether the caller facilitates the running session: who set it up, or a space administrator. */
async function facilitates(row: CopSessionGameRow, caller: Caller): Promise<boolean> {
  return (
    row.state.facilitator === caller.accountId || (await ports.isSpaceAdmin(row.state.spaceId))
  );
}

/** The key a record is stored under: its session, then its identity (which names its owner). */
const recordKey = (row: CopSessionGameRow, event: RecordEvent): string =>
  keys.copSessionRecord(row.localId, row.state.session, recordIdentity(event));

/** Only the records of the running session, whatever else a prefix query brought. */
const ofSession = (row: CopSessionGameRow, records: readonly CopSessionRecord[]) =>
  records.filter((record) => record.session === row.state.session && isRecordEvent(record.event));

/** The session as the log and the given records make it (records fold in any order). */
export function foldBoard(
  row: CopSessionGameRow,
  records: readonly CopSessionRecord[],
): CopSessionState {
  const events: CopSessionEvent[] = [
    ...row.state.log,
    ...ofSession(row, records).map((record) => record.event),
  ];
  return foldSession(events);
}

/** Every record of the running session. */
const allRecords = (row: CopSessionGameRow): Promise<CopSessionRecord[]> =>
  queryRecords(keys.copSessionPrefix(row.localId, row.state.session));

/** Identity lengths: a prefix this long names one record (a get), shorter ones a range. */
const IDENTITY_LENGTH: Readonly<Record<string, number>> = {
  join: 2,
  checkin: 2,
  note: 4,
  takeaway: 3,
  action: 3,
};

/**
 * The records a participant command reads, as few reads as the rules allow: one batch get for
 * the single records it names, one prefix query per range; then filtered by the rule itself, so a
 * key that merely shares a prefix never enters the decision.
 */
async function recordsFor(
  row: CopSessionGameRow,
  read: Exclude<RecordsRead, 'all'>,
): Promise<CopSessionRecord[]> {
  const { localId } = row;
  const { session } = row.state;
  const single = read.filter((prefix) => prefix.length === IDENTITY_LENGTH[prefix[0] ?? '']);
  const ranges = read.filter((prefix) => !single.includes(prefix));
  const [gets, ...queried] = await Promise.all([
    readRecords(single.map((identity) => keys.copSessionRecord(localId, session, identity))),
    ...ranges.map((prefix) => queryRecords(keys.copSessionReadPrefix(localId, session, prefix))),
  ]);
  return ofSession(row, [...gets, ...queried.flat()]).filter((record) =>
    matchesRead(read, recordIdentity(record.event)),
  );
}

async function announce(localId: string, version: number, kind: string): Promise<void> {
  await ports.announce(localId, { version, kind });
}

/** Whether a command writes the caller's own record (else it is a transition on the log). */
function isOwnRecordCommand(command: CopSessionCommand, actor: string): boolean {
  const { who } = LEGALITY[command.type];
  if (who === 'anyone') return true;
  if (who !== 'author') return false;
  return !('author' in command) || command.author === undefined || command.author === actor;
}

// ---- the participant path -------------------------------------------------------------------

type Attempt<T> = ApiResult<T> | 'retry';

async function retrying<T>(attempt: () => Promise<Attempt<T>>): Answer<T> {
  for (let tries = 0; tries < PARTICIPANT_ATTEMPTS; tries += 1) {
    const result = await attempt();
    if (result !== 'retry') return result;
  }
  return CONFLICT();
}

/**
 * A participant's own command: the row, the records the rules read, decide, one write of the
 * caller's own key checked against the row's version, one notice.
 */
function participantCommand<T>(
  caller: Caller,
  command: CopSessionCommand,
  answer: (version: number) => T,
): Answer<T> {
  if (!inCopSession(caller)) return Promise.resolve(WRONG_MACRO());
  const read = recordsRead(command, caller.accountId);
  if (read === 'all' || !isOwnRecordCommand(command, caller.accountId)) {
    return transition(caller, command).then((done) =>
      done.ok ? { ok: true, data: answer(done.data.version) } : done,
    );
  }
  let admitted: Admission | undefined;
  return retrying(async () => {
    const { game: row, access } = await readBoard(boardOf(caller), caller.accountId);
    if (row === undefined) return NOT_STARTED();
    admitted ??= await admit(caller, row, access);
    const state = foldBoard(row, await recordsFor(row, read));
    const ctx: CommandContext = {
      actor: caller.accountId,
      now: ports.clock(),
      isFacilitator: row.state.facilitator === caller.accountId,
      seed: '',
    };
    const decision = decide(state, command, ctx);
    if (!decision.ok) return fail(decision.error.code, decision.error.message);
    const [event, ...rest] = decision.value;
    if (event === undefined || rest.length > 0 || !isRecordEvent(event)) {
      throw new Error(`${command.type} did not yield one participant record`);
    }
    const record: CopSessionRecord = { session: row.state.session, event };
    const written = await writeRecord(
      row.localId,
      recordKey(row, event),
      record,
      row.version,
      admitted.grant,
    );
    if (!written) return 'retry';
    await announce(caller.localId, row.version, command.type);
    return { ok: true, data: answer(row.version) };
  });
}

// ---- the transition path --------------------------------------------------------------------

interface Transitioned {
  readonly row: CopSessionGameRow;
  readonly state: CopSessionState;
}

/**
 * A facilitator or lead transition: role check, the whole session, decide (with a fresh seed and
 * the space's previous breakout when the command forms groups), append to the log with
 * compare-and-set, one notice (unless `quiet`: the caller announces after its follow-ups).
 */
async function transition(
  caller: Caller,
  command: CopSessionCommand,
  seen?: number,
  quiet = false,
  /** What else the row keeps with this change (written in the same compare-and-set). */
  patch: Partial<Pick<CopSessionGameState, 'backlogTopicId'>> = {},
): Answer<Changed & Transitioned> {
  if (!inCopSession(caller)) return WRONG_MACRO();
  const { game: row, access } = await readBoard(boardOf(caller), caller.accountId);
  if (row === undefined) return NOT_STARTED();
  const { grant } = await admit(caller, row, access);
  const isFacilitator = await facilitates(row, caller);
  if (LEGALITY[command.type].who === 'facilitator' && !isFacilitator) {
    return fail('NOT_FACILITATOR', 'Only the facilitator can do that.');
  }
  if (seen !== undefined && seen !== row.version) return CONFLICT();
  const state = foldBoard(row, await allRecords(row));
  const needsGroups = formsGroups(state, command);
  const ctx: CommandContext = {
    actor: caller.accountId,
    now: ports.clock(),
    isFacilitator,
    seed: ports.newId(),
    ...(needsGroups ? { previousGroups: await loadLastBreakout(row.spaceKey) } : {}),
  };
  const decision = decide(state, command, ctx);
  if (!decision.ok) return fail(decision.error.code, decision.error.message);
  const events = decision.value;
  const logged = events.filter((event): event is LogEvent => EVENT_PLACEMENT[event.type] === 'log');
  if (logged.length !== events.length) {
    throw new Error(`${command.type} on the transition path yielded a participant record`);
  }
  const next: CopSessionGameRow = {
    ...row,
    version: row.version + 1,
    state: { ...row.state, ...patch, log: [...row.state.log, ...logged] },
  };
  if (!(await replaceBoard(next, row.version, grant))) return CONFLICT();
  if (!quiet) await announce(caller.localId, next.version, command.type);
  return {
    ok: true,
    data: { version: next.version, row: next, state: events.reduce(evolve, state) },
  };
}

const versionOnly = async (result: Answer<Changed & Transitioned>): Answer<Changed> => {
  const answer = await result;
  return answer.ok ? { ok: true, data: { version: answer.data.version } } : answer;
};

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

async function notesPageOf(jobId: string): Promise<NotesPage | null> {
  const job = await notesStatus(jobId);
  const page = job?.status === 'created' ? job.data.page : undefined;
  return page ? { pageId: page.id, url: page.url, title: page.title } : null;
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
  caller: Caller,
  spaceKey: string,
  now: number,
): Promise<{ events: CopSessionEvent[]; backlogTopicId: string | null }> {
  const created = createSession({ actor: caller.accountId, now });
  const [{ backlog }, chosen] = await Promise.all([
    loadBacklog(spaceKey),
    loadSessionTopicChoice(spaceKey),
  ]);
  const topic = defaultTopic(backlog, chosen);
  if (topic === undefined) return { events: [created], backlogTopicId: null };
  const ctx: CommandContext = { actor: caller.accountId, now, isFacilitator: true, seed: '' };
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
 * Sets up a session in the caller's macro: the macro's first (its row is created with the place
 * Confluence gives the caller), or the next one once the running session has ended (the ended one
 * moves to `past` with its notes page). The caller facilitates it.
 */
export async function createCopSession(caller: Caller, payload: Seen = {}): Answer<Changed> {
  if (!inCopSession(caller)) return WRONG_MACRO();
  const board = boardOf(caller);
  const now = ports.clock();
  const { game: row, access } = await readBoard(board, caller.accountId);
  if (row === undefined) {
    const place = await pageOfCaller(caller);
    const { events, backlogTopicId } = await creationEvents(caller, place.spaceKey, now);
    const fresh: CopSessionGameRow = {
      localId: board,
      spaceKey: place.spaceKey,
      kind: 'cop-session',
      version: 1,
      state: {
        facilitator: caller.accountId,
        contentId: place.pageId,
        spaceId: place.spaceId,
        session: 1,
        backlogTopicId,
        log: events.filter((event): event is LogEvent => !isRecordEvent(event)),
        past: [],
      },
    };
    const grant = boardGrant(board, caller.accountId, { at: now, isSpaceAdmin: false });
    if (!(await createBoard(fresh, grant))) return CONFLICT();
    await announce(caller.localId, fresh.version, 'create');
    return { ok: true, data: { version: fresh.version } };
  }
  const { grant } = await admit(caller, row, access);
  if (payload.version !== undefined && payload.version !== row.version) return CONFLICT();
  const ended = foldSession(row.state.log);
  if (ended.phase.kind !== 'ended') {
    return fail('WRONG_PHASE', 'This macro runs a session already; end it before the next.');
  }
  const { session } = row.state;
  const attendees = attendance(foldBoard(row, await allRecords(row))).map((a) => a.accountId);
  const summary: PastSessionRecord = {
    session,
    title: ended.topic?.title ?? '',
    facilitator: row.state.facilitator,
    endedAt: ended.endedAt ?? now,
    attendees,
    notes: await notesPageOf(notesJobId(board, session)),
  };
  const { events, backlogTopicId } = await creationEvents(caller, row.spaceKey, now);
  const next: CopSessionGameRow = {
    ...row,
    version: row.version + 1,
    state: {
      facilitator: caller.accountId,
      contentId: row.state.contentId,
      spaceId: row.state.spaceId,
      session: session + 1,
      backlogTopicId,
      log: events.filter((event): event is LogEvent => !isRecordEvent(event)),
      past: [...row.state.past, summary],
    },
  };
  if (!(await replaceBoard(next, row.version, grant))) return CONFLICT();
  await announce(caller.localId, next.version, 'create');
  return { ok: true, data: { version: next.version } };
}

/**
 * Sets the topic: a backlog topic (by the backlog's id, which must be in the space's backlog) or
 * a new title (no id). The rules get the topic's digest (`topicRef`); the row keeps the id.
 */
export async function setTopic(caller: Caller, payload: SetTopicPayload): Answer<Changed> {
  const backlogTopicId = payload.topic.backlogTopicId ?? null;
  let prepared: Awaited<ReturnType<typeof preparedTopic>> = {};
  if (backlogTopicId !== null) {
    if (!inCopSession(caller)) return WRONG_MACRO();
    const { game: row } = await readBoard(boardOf(caller), caller.accountId);
    if (row === undefined) return NOT_STARTED();
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
    transition(caller, { type: 'setTopic', topic }, payload.version, false, { backlogTopicId }),
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

/**
 * The session's attendance and outcome for the community's rhythm (`recordSession`, one row per
 * board and session, so a retry keeps one). A refused summary is logged, never fails the end: the
 * notes page already holds the same attendance.
 */
async function recordAttendance(done: Transitioned, page: NotesPage | null): Promise<void> {
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

async function writeNotes(caller: Caller, done: Transitioned): Promise<NotesOutcome> {
  const { row, state } = done;
  const board = row.localId;
  const job: NotesJobRef = { id: notesJobId(board, row.state.session), board };
  const pageId = row.state.contentId;
  const model = notesInput(state, {
    date: isoDateFromEpochMs(state.startedAt ?? state.createdAt ?? ports.clock()),
    source: {
      pageId,
      url: `/wiki/pages/viewpage.action?pageId=${encodeURIComponent(pageId)}`,
    },
  });
  const result = await createSessionNotes(caller, placeOf(row), job, model);
  return result.ok ? { ok: true, page: result.data } : result;
}

/**
 * The backlog topic this session discussed: planned (if it was only proposed), marked discussed,
 * and linked to the notes page. Each step is idempotent or skipped when already done.
 */
async function closeBacklogTopic(
  caller: Caller,
  done: Transitioned,
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
  if (!(await replaceBoard(marked, row.version))) {
    return { ok: false, message: 'The session changed meanwhile; the rotation was not passed.' };
  }
  const settings = await loadSettings(row.spaceKey);
  if (settings.rotation.facilitators.length === 0) return { ok: true };
  const passed = await passFacilitatorTurn(caller);
  return passed.ok ? { ok: true } : { ok: false, message: passed.error.message };
}

/** The follow-ups of an ended session; each is idempotent, so `createNotes` can run them again. */
async function afterEnd(caller: Caller, done: Transitioned): Promise<Omit<EndAnswer, 'version'>> {
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

/**
 * Ends the session: the end event (compare-and-set), then the notes page (written as the
 * facilitator, one page per session), the backlog topic discussed and linked, the breakout groups
 * remembered for the next split, the rotation passed on; one notice after the page exists, so
 * every screen refetches and shows its link.
 */
export async function end(caller: Caller, payload: Seen = {}): Answer<EndAnswer> {
  const done = await transition(caller, { type: 'end' }, payload.version, true);
  if (!done.ok) return done;
  const follow = await afterEnd(caller, done.data);
  const { game } = await readBoard(done.data.row.localId, caller.accountId);
  const version = game?.version ?? done.data.version;
  await announce(caller.localId, version, 'end');
  return { ok: true, data: { version, ...follow } };
}

/** Runs the end's follow-ups again for an ended session (after a failure): idempotent. */
export async function createNotes(caller: Caller): Answer<EndAnswer> {
  if (!inCopSession(caller)) return WRONG_MACRO();
  const { game: row, access } = await readBoard(boardOf(caller), caller.accountId);
  if (row === undefined) return NOT_STARTED();
  const { grant } = await admit(caller, row, access);
  if (!(await facilitates(row, caller))) {
    return fail('NOT_FACILITATOR', 'Only the facilitator can do that.');
  }
  if (grant !== undefined) await saveBoardAccess(grant);
  const state = foldBoard(row, await allRecords(row));
  if (state.phase.kind !== 'ended') return fail('WRONG_PHASE', 'End the session first.');
  const follow = await afterEnd(caller, { row, state });
  const { game } = await readBoard(row.localId, caller.accountId);
  const version = game?.version ?? row.version;
  await announce(caller.localId, version, 'createNotes');
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
  if (!inCopSession(caller)) return WRONG_MACRO();
  const { game: row, access } = await readBoard(boardOf(caller), caller.accountId);
  if (row === undefined) return { ok: true, data: null };
  const admitted = await admit(caller, row, access);
  if (admitted.grant !== undefined) await saveBoardAccess(admitted.grant);
  const state = foldBoard(row, await allRecords(row));
  const now = ports.clock();
  const viewer = caller.accountId;
  const isFacilitator = row.state.facilitator === viewer || admitted.isSpaceAdminHint;
  const view = sessionView(state, now, viewer, isFacilitator);
  // The facilitator's choices (topics, people to add or to lead) until the end.
  const setup = view.phase !== 'ended' && isFacilitator ? await setupChoices(row, state) : null;
  const notes =
    view.phase === 'ended' ? await notesPageOf(notesJobId(row.localId, row.state.session)) : null;
  const past: PastSession[] = [...row.state.past].reverse().map((entry) => ({
    session: entry.session,
    title: entry.title,
    facilitator: entry.facilitator,
    endedAt: entry.endedAt,
    notes: entry.notes,
  }));
  const names = await ports.displayNames(
    peopleIn(view, [viewer, ...(setup?.members ?? []), ...past.map((p) => p.facilitator)]),
  );
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
    },
  };
}
