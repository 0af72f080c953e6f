/**
 * Lean Coffee on the board engine (`engine/engine.ts`, DESIGN §1.2, §2): the game's definition and
 * the resolvers' use cases, each one engine call.
 *
 * - **Participant records** (propose a topic, allocate dots, cast a thumb, add a takeaway or an
 *   action item, and an author changing their own record): one read (the game row, or a batch get
 *   of the game row and the record being changed), one write of the caller's own key checked
 *   against the game's `version`, one notice. Someone changing another person's record (the
 *   facilitator) goes through the transition path.
 * - **Facilitator transitions** (and anyone closing an expired thumbs vote): the row plus the
 *   participant records of the phase, folded by the domain, appended to the log with
 *   compare-and-set. Transitions that freeze participant records (open / close voting, close /
 *   override a thumbs round) seal the row first and read the records again, so a record is either
 *   frozen in or refused — never accepted and left out; a participant who meets the seal waits for
 *   it to lift and is then counted or refused by the rules, never answered CONFLICT.
 *
 * When voting opens, the topic records are copied into the log: from then on the log alone is the
 * board's topic list (edits are closed), so a dot allocation is checked with one read.
 */
import { randomUUID } from 'node:crypto';
import type { NewSessionAnswer, NewSessionPayload } from '../contract/board';
import type {
  ActionItemAddedAnswer,
  AddActionItemPayload,
  AddTakeawayPayload,
  AllocateDotsPayload,
  CastThumbPayload,
  Changed,
  ChangedWithState,
  ChangeSettingsPayload,
  CloseThumbsPayload,
  EditActionItemPayload,
  EditTakeawayPayload,
  EditTopicPayload,
  ActionItemPayload,
  BacklogOutcome,
  EndAnswer,
  LeanCoffeeView,
  MergeTopicsPayload,
  NotesOutcome,
  NotesPage,
  OverrideTopicPayload,
  ProposeTopicPayload,
  ReorderTopicsPayload,
  Seen,
  StartPayload,
  StartTopicPayload,
  TakeawayAddedAnswer,
  TakeawayPayload,
  TopicPayload,
  TopicProposedAnswer,
  WrapUpAnswer,
} from '../contract/lean-coffee';
import type { ErrorCode } from '../contract/errors';
import type { ApiResult } from '../contract/result';
import type { LeanCoffeeImport } from '../domain/backlog';
import {
  board,
  byAdded,
  createLeanCoffee,
  decide,
  evolve,
  foldLeanCoffee,
  LC_ACTION_ITEMS_PER_PERSON,
  LC_SHOWN_ACTION_ITEMS_MAX,
  LC_SHOWN_TAKEAWAYS_MAX,
  LC_TAKEAWAYS_PER_PERSON,
  LC_TOPICS_PER_PERSON,
  LEGALITY,
  own,
  perPersonCapMessage,
  meetingClock,
  participantDots,
  thumbsRound,
  wrapUpList,
  type ActionItem,
  type LeanCoffeeCommand,
  type LeanCoffeeEvent,
  type LeanCoffeeSettings,
  type LeanCoffeeState,
  type Stamped,
  type Takeaway,
} from '../domain/lean-coffee';
import { forgeConfluence } from '../confluence/client';
import type { Caller } from './caller';
import { saveBoardAccess } from '../storage/access';
import type { StoredRecord } from '../storage/board';
import { keys } from '../storage/keys';
import {
  asParticipantRecord,
  isParticipantEvent,
  leanCoffeeCodec,
  type LeanCoffeeGameRow,
  type ParticipantEvent,
  type ParticipantRecord,
} from '../storage/lean-coffee';
import { leanCoffeeImport, leanCoffeeNotes, type LeanCoffeeNotesInput } from './lean-coffee-export';
import { serverClock, type Clock } from './lean-coffee-clock';
import { importGameToBacklog } from './backlog';
import type { BoardScope, GameDefinition, SessionSummary } from './engine/definition';
import * as engine from './engine/engine';
import { displayNames, type NameOptions } from './users';
import { leanCoffeeNotice, leanCoffeeNoticePeople } from './lean-coffee-notice';
import { createSessionNotes, createdNotesPage, type NotesJobRef } from './notes';
import { boardOf, type PagePlace, type SpacePlace } from './place';

/** How long a seal holds (the engine's: a seal older than this was left by a dead invocation). */
export const SEAL_MS = engine.SEAL_MS;

type Answer<T> = Promise<ApiResult<T>>;

const fail = (
  code: ErrorCode,
  message: string,
): { ok: false; error: { code: ErrorCode; message: string } } => ({
  ok: false,
  error: { code, message },
});

/** The platform and the other features this service calls: small function types (ports). */
export interface LeanCoffeePorts {
  readonly clock: Clock;
  readonly newId: () => string;
  readonly displayNames: (
    accountIds: readonly string[],
    options?: NameOptions,
  ) => Promise<Record<string, string>>;
  /** Whether Confluence knows the account; `undefined` when it could not be asked. */
  readonly accountExists: (accountId: string) => Promise<boolean | undefined>;
  readonly importGameToBacklog: (
    caller: Caller,
    space: SpacePlace,
    input: LeanCoffeeImport,
  ) => Promise<ApiResult<{ imported: number }>>;
  readonly createSessionNotes: (
    caller: Caller,
    space: SpacePlace,
    job: NotesJobRef,
    model: LeanCoffeeNotesInput,
  ) => Promise<ApiResult<NotesPage>>;
  /** The notes page a job created, or `null` while there is none. */
  readonly notesPage: (jobId: string) => Promise<NotesPage | null>;
}

/** The ports the app runs with. */
const ports: LeanCoffeePorts = {
  clock: serverClock,
  newId: () => randomUUID(),
  displayNames: (accountIds, options) => displayNames(accountIds, options),
  accountExists: async (accountId) => {
    const names = await forgeConfluence().displayNames([accountId]);
    return names.ok ? Object.hasOwn(names.value, accountId) : undefined;
  },
  importGameToBacklog: (caller, space, input) => importGameToBacklog(caller, space, input),
  createSessionNotes: (caller, space, job, model) => createSessionNotes(caller, space, job, model),
  notesPage: createdNotesPage,
};

/** Where a board runs, as Confluence gave it to its starter. */
const placeOf = (row: LeanCoffeeGameRow): PagePlace => ({
  pageId: row.state.contentId,
  spaceId: row.state.spaceId,
  spaceKey: row.spaceKey,
});

const TOPIC_EVENTS: ReadonlySet<LeanCoffeeEvent['type']> = new Set([
  'TopicProposed',
  'TopicEdited',
  'TopicDeleted',
]);

const hasEvent = (row: LeanCoffeeGameRow, type: LeanCoffeeEvent['type']): boolean =>
  row.state.log.some((event) => event.type === type);

/** What a person adds that counts against a per-person cap, and the cap. */
type Counted = 'topics' | 'takeaways' | 'actions';
const PER_PERSON: Readonly<Record<Counted, number>> = {
  topics: LC_TOPICS_PER_PERSON,
  takeaways: LC_TAKEAWAYS_PER_PERSON,
  actions: LC_ACTION_ITEMS_PER_PERSON,
};
const COUNTED_NAME: Readonly<Record<Counted, 'topics' | 'takeaways' | 'action items'>> = {
  topics: 'topics',
  takeaways: 'takeaways',
  actions: 'action items',
};

/** The record a live add or edit writes: which cap it counts against, its author and id. */
function countedRecord(
  event: ParticipantEvent,
): { kind: Counted; author: string; id: string } | undefined {
  switch (event.type) {
    case 'TopicProposed':
    case 'TopicEdited':
      return { kind: 'topics', author: event.topic.author, id: event.topic.id };
    case 'TakeawayAdded':
    case 'TakeawayEdited':
      return { kind: 'takeaways', author: event.takeaway.author, id: event.takeaway.id };
    case 'ActionItemAdded':
    case 'ActionItemEdited':
      return { kind: 'actions', author: event.actionItem.author, id: event.actionItem.id };
    case 'TopicDeleted':
    case 'DotsAllocated':
    case 'ThumbVoted':
    case 'TakeawayDeleted':
    case 'ActionItemDeleted':
      return undefined;
  }
}

/**
 * The records a board shows, the same for everyone: at most the per-person cap of each person's
 * live topics, takeaways and action items (parallel calls could race past the count a person's
 * own record keeps), and at most LC_SHOWN_TAKEAWAYS_MAX takeaways and LC_SHOWN_ACTION_ITEMS_MAX
 * action items in all. Which ones are kept past a cap is fixed by their ids, so every screen and
 * the notes page agree. Deletions (tombstones) always pass.
 */
export function cappedRecords(records: readonly ParticipantRecord[]): ParticipantRecord[] {
  const counted = records
    .map((record) => ({ record, counted: countedRecord(record.event) }))
    .sort((a, b) => compareIds(a.counted?.id ?? '', b.counted?.id ?? ''));
  const perPerson = new Map<string, number>();
  const perBoard = new Map<Counted, number>();
  const BOARD: Readonly<Record<Counted, number>> = {
    topics: Number.POSITIVE_INFINITY,
    takeaways: LC_SHOWN_TAKEAWAYS_MAX,
    actions: LC_SHOWN_ACTION_ITEMS_MAX,
  };
  const kept = new Set<ParticipantRecord>();
  for (const { record, counted: c } of counted) {
    if (c === undefined) {
      kept.add(record);
      continue;
    }
    const person = `${c.kind} ${c.author}`;
    const mine = perPerson.get(person) ?? 0;
    const all = perBoard.get(c.kind) ?? 0;
    if (mine >= PER_PERSON[c.kind] || all >= BOARD[c.kind]) continue;
    perPerson.set(person, mine + 1);
    perBoard.set(c.kind, all + 1);
    kept.add(record);
  }
  return records.filter((record) => kept.has(record));
}

const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The board: the log, then the participant records (last writer wins, so their order does not
 * matter), within the caps (`cappedRecords`). Once voting has opened the log holds the frozen
 * topic list, and topic records are left out, so a topic written in the instant voting opened
 * cannot appear on one screen and not another.
 */
export function foldBoard(
  row: LeanCoffeeGameRow,
  records: readonly ParticipantRecord[],
): LeanCoffeeState {
  const frozen = hasEvent(row, 'VotingOpened');
  const events = cappedRecords(records)
    .map((record) => record.event)
    .filter((event) => !(frozen && TOPIC_EVENTS.has(event.type)));
  return foldLeanCoffee([...row.state.log, ...events]);
}

/** A person's counts in a session (`keys.lcCount`), zeros when they have none. */
function countsFrom(value: unknown): Record<Counted, number> {
  const v = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const n = (x: unknown) => (typeof x === 'number' && Number.isInteger(x) && x >= 0 ? x : 0);
  return { topics: n(v.topics), takeaways: n(v.takeaways), actions: n(v.actions) };
}

/** Which per-person count a command adds to, if any (every other command adds nothing counted). */
const COUNTED_BY: Partial<Record<LeanCoffeeCommand['type'], Counted>> = {
  proposeTopic: 'topics',
  addTakeaway: 'takeaways',
  addActionItem: 'actions',
};
const countOf = (command: LeanCoffeeCommand): Counted | undefined => COUNTED_BY[command.type];

/** Where a participant event is stored: always under its writer's own key, in the session. */
function recordKey(scope: BoardScope, event: ParticipantEvent): string {
  const { board: b, actor, session } = scope;
  const layout = scope.recordLayout ?? 1;
  switch (event.type) {
    case 'TopicProposed':
    case 'TopicEdited':
      return keys.lcTopic(b, actor, event.topic.id, session);
    case 'TopicDeleted':
      return keys.lcTopic(b, actor, event.topicId, session);
    case 'DotsAllocated':
      return keys.dots(b, actor, session, layout);
    case 'ThumbVoted':
      return keys.thumb(b, event.topicId, event.round, actor, session, layout);
    case 'TakeawayAdded':
    case 'TakeawayEdited':
      return keys.takeaway(b, actor, event.takeaway.id, session, layout);
    case 'TakeawayDeleted':
      return keys.takeaway(b, actor, event.takeawayId, session, layout);
    case 'ActionItemAdded':
    case 'ActionItemEdited':
      return keys.actionItem(b, actor, event.actionItem.id, session, layout);
    case 'ActionItemDeleted':
      return keys.actionItem(b, actor, event.actionItemId, session, layout);
    default: {
      const unexpected: never = event;
      throw new Error(`Not a participant event: ${JSON.stringify(unexpected)}`);
    }
  }
}

/** A record an author changes: which of their own keys it is. */
export interface OwnRecordRef {
  readonly kind: 'topic' | 'takeaway' | 'action';
  readonly id: string;
}

/** What a participant call carries: the command, and the author's own record it changes. */
export interface LeanCoffeeAction {
  readonly command: LeanCoffeeCommand;
  readonly own?: OwnRecordRef;
}

function ownKey(scope: BoardScope, own: OwnRecordRef): string {
  const { board: b, actor, session } = scope;
  const layout = scope.recordLayout ?? 1;
  switch (own.kind) {
    case 'topic':
      return keys.lcTopic(b, actor, own.id, session);
    case 'takeaway':
      return keys.takeaway(b, actor, own.id, session, layout);
    case 'action':
      return keys.actionItem(b, actor, own.id, session, layout);
    default: {
      const unexpected: never = own.kind;
      throw new Error(`Unknown record kind ${String(unexpected)}`);
    }
  }
}

/**
 * Transitions that freeze participant records into the log: the topic list (opening voting), the
 * tallies (closing voting) and the thumb counts (closing a thumbs round, or overriding it).
 */
const FREEZING: ReadonlySet<LeanCoffeeCommand['type']> = new Set<LeanCoffeeCommand['type']>([
  'openVoting',
  'closeVoting',
  'closeThumbs',
  'overrideTopic',
]);

/**
 * The records a full load reads, for the phase only: topics while they are proposed (the log
 * holds them from the opening of the vote), dot allocations while voting, and from the close of
 * the vote the records written from the vote on (dots for the viewer's own, thumbs, takeaways,
 * action items). Under layout 2 that last is one prefix without the topics and per-person counts.
 */
function loadPrefixes(row: LeanCoffeeGameRow, { board: b, session }: BoardScope): string[] {
  const fromVote = keys.lcFromVotePrefix(b, session, row.state.recordLayout ?? 1);
  if (!hasEvent(row, 'VotingOpened')) return [`${keys.participantPrefix(b, session)}topic:`];
  if (!hasEvent(row, 'VotingClosed')) return [`${fromVote}dots:`];
  return [fromVote];
}

const recordsOf = (stored: readonly StoredRecord[]): ParticipantRecord[] =>
  stored.flatMap(({ value }) => asParticipantRecord(value) ?? []);

/**
 * What opening the vote copies into the log: the latest record of every topic still live (within
 * the caps), so topics deleted or merged away by the facilitator, and records past a cap, take no
 * room in the row. The fold is unchanged: a left-out topic was not live, and the log keeps its
 * deletion or merge.
 */
function liveTopicSnapshot(
  row: LeanCoffeeGameRow,
  records: readonly ParticipantRecord[],
): LeanCoffeeEvent[] {
  const capped = cappedRecords(records);
  const state = foldBoard(row, capped);
  return capped
    .map((record) => record.event)
    .filter(
      (event) =>
        (event.type === 'TopicProposed' || event.type === 'TopicEdited') &&
        (own(state.topics, event.topic.id)?.value ?? null) !== null,
    );
}

/** Everyone who wrote a record in the session: the people who took part. */
function writersOf(state: LeanCoffeeState): string[] {
  const live = <T>(r: Readonly<Record<string, Stamped<T>>>): T[] =>
    Object.values(r).flatMap((s) => (s.value === null ? [] : [s.value]));
  return [
    ...new Set([
      ...live(state.topics).map((t) => t.author),
      ...Object.keys(state.allocations),
      ...Object.values(state.thumbs).map((t) => t.participant),
      ...live(state.takeaways).map((t) => t.author),
      ...live(state.actionItems).map((a) => a.author),
    ]),
  ].sort();
}

/** One notes job per board and session, so a retry or a double click never makes a second page. */
export const notesJobId = (b: string, session = 1): string =>
  session <= 1 ? `lean-coffee.${b}` : `lean-coffee.${b}.${session}`;

/** Lean Coffee, as the board engine runs it. */
export const leanCoffee: GameDefinition<
  LeanCoffeeGameRow,
  LeanCoffeeState,
  LeanCoffeeCommand,
  LeanCoffeeEvent,
  LeanCoffeeAction,
  { readonly settings?: Partial<LeanCoffeeSettings> }
> = {
  kind: 'lean-coffee',
  moduleKey: 'lean-coffee',
  messages: {
    notStarted: 'No Lean Coffee has been started in this macro yet.',
    wrongMacro: 'Lean Coffee commands only work from a Lean Coffee macro.',
    conflict: 'The board changed at the same moment. Refresh and try again.',
    alreadyStarted: 'This macro already holds a Lean Coffee.',
  },
  codec: leanCoffeeCodec,
  meta: (row) => ({
    version: row.version,
    place: placeOf(row),
    startedBy: row.state.facilitator,
    sealedAt: row.state.sealedAt ?? null,
    session: row.state.session ?? 1,
    sessions: row.state.sessions ?? [],
    ...(row.state.recordLayout === undefined ? {} : { recordLayout: row.state.recordLayout }),
  }),
  withMeta: (row, change) => ({
    ...row,
    version: change.version ?? row.version,
    state: {
      ...row.state,
      ...(change.sealedAt === undefined ? {} : { sealedAt: change.sealedAt }),
      ...(change.session === undefined ? {} : { session: change.session }),
      ...(change.sessions === undefined ? {} : { sessions: change.sessions }),
      ...(change.startedBy === undefined ? {} : { facilitator: change.startedBy }),
    },
  }),
  decide,
  evolve,
  roleOf: (command) => (LEGALITY[command.type].who === 'facilitator' ? 'facilitator' : 'anyone'),
  freezes: (command) => FREEZING.has(command.type),
  participant: {
    // Read before the row, so the layout is not known yet: the own record under both (one batch).
    reads: (scope, { own, command }) => [
      ...(own === undefined
        ? []
        : [1, 2].map((recordLayout) => ownKey({ ...scope, recordLayout }, own))),
      ...(countOf(command) === undefined
        ? []
        : [keys.lcCount(scope.board, scope.actor, scope.session)]),
    ],
    prepare: (row, records, action, scope) => {
      const counted = countOf(action.command);
      if (counted !== undefined) {
        // A per-person cap: the count is the caller's own record, read in the same batch get.
        const countKey = keys.lcCount(scope.board, scope.actor, scope.session);
        const counts = countsFrom(records.get(countKey));
        if (counts[counted] >= PER_PERSON[counted]) {
          return fail(
            'CAP_REACHED',
            perPersonCapMessage(COUNTED_NAME[counted], PER_PERSON[counted]),
          );
        }
        const also = [{ key: countKey, value: { ...counts, [counted]: counts[counted] + 1 } }];
        return { ok: true, data: { state: foldBoard(row, []), command: action.command, also } };
      }
      if (action.own === undefined) {
        return { ok: true, data: { state: foldBoard(row, []), command: action.command } };
      }
      const record = asParticipantRecord(records.get(ownKey(scope, action.own)));
      // Not the caller's own record: someone else's (the facilitator's to change) or none at all.
      if (record === undefined) return { transition: action.command };
      return { ok: true, data: { state: foldBoard(row, [record]), command: action.command } };
    },
    recordOf: (scope, _state, event) => {
      if (!isParticipantEvent(event)) throw new Error(`${event.type} is not a participant record`);
      return { key: recordKey(scope, event), value: { event } };
    },
  },
  loadPrefixes,
  fold: (row, stored) => foldBoard(row, recordsOf(stored)),
  append: (row, events, { command, records }) => {
    const snapshot =
      command.type === 'openVoting' ? liveTopicSnapshot(row, recordsOf(records)) : [];
    return { ...row, state: { ...row.state, log: [...row.state.log, ...snapshot, ...events] } };
  },
  create: ({ place, starter, now, payload, session, sessions }) => {
    const created = createLeanCoffee(payload.settings ?? {}, now);
    if (!created.ok) return created;
    return {
      ok: true,
      data: {
        localId: '',
        spaceKey: place.spaceKey,
        kind: 'lean-coffee',
        version: 1,
        state: {
          facilitator: starter,
          contentId: place.pageId,
          spaceId: place.spaceId,
          log: [created.value],
          session,
          sessions,
          // Every session set up from now on keeps the records from the vote on under `v:`.
          recordLayout: 2,
        },
      },
    };
  },
  endedAt: (_row, state) => state.endedAt,
  summary: async (_row, state, scope): Promise<SessionSummary> => ({
    endedAt: state.endedAt,
    notes: await ports.notesPage(notesJobId(scope.board, scope.session)),
    attendees: writersOf(state),
    startedAt: state.meetingStartedAt,
    takeaways: liveInOrder(state.takeaways).length,
    actionItems: liveInOrder(state.actionItems).map((item) =>
      item.owner === null ? { text: item.text } : { text: item.text, owner: item.owner },
    ),
  }),
  noticeOf: leanCoffeeNotice,
  noticePeople: leanCoffeeNoticePeople,
};

const versionOnly = async (result: Answer<{ version: number }>): Answer<Changed> => {
  const answer = await result;
  return answer.ok ? { ok: true, data: { version: answer.data.version } } : answer;
};

const kindOf = (command: LeanCoffeeCommand): string => command.type;

/**
 * A participant command that needs only the game row: one read, one write. It answers `answer`'s
 * fields, the version and the caller's board right after the write (`ChangedWithState`).
 */
function participantCommand<T extends object>(
  caller: Caller,
  command: LeanCoffeeCommand,
  answer: (version: number) => T,
): Answer<T & ChangedWithState> {
  return engine.participant(leanCoffee, caller, { command }, kindOf, withState(caller, answer));
}

/** Adds the caller's board after the write (issue 13) to a participant command's answer. */
const withState =
  <T extends object>(caller: Caller, answer: (version: number) => T) =>
  async (
    version: number,
    after: engine.AfterWrite<LeanCoffeeGameRow, LeanCoffeeState>,
  ): Promise<T & ChangedWithState> => ({
    ...answer(version),
    version,
    state: await boardView(caller, await after.view()),
    notice: after.notice,
  });

/**
 * A change to a record (topic, takeaway, action item). The author changes their own key: one
 * batch read of the game row and that record, one write. Anyone else (the facilitator changing
 * someone's record, or a refusal to explain) goes through the transition path.
 */
function authoredChange(
  caller: Caller,
  own: OwnRecordRef,
  command: LeanCoffeeCommand,
): Answer<ChangedWithState> {
  return engine.participant(
    leanCoffee,
    caller,
    { command, own },
    kindOf,
    withState(caller, (version) => ({ version })),
  );
}

/** A transition; `seen` is the version the facilitator's screen showed (a stale click: CONFLICT). */
function transition(caller: Caller, command: LeanCoffeeCommand, seen?: number, quiet = false) {
  return engine.transition(leanCoffee, caller, command, {
    ...(seen === undefined ? {} : { seen }),
    quiet,
  });
}

// ---- commands -------------------------------------------------------------------------------

/**
 * Starts a Lean Coffee in the caller's macro, in the page and space Confluence gives the caller (a
 * context naming another space is refused); the caller needs permission to edit the page and
 * becomes its facilitator.
 */
export function startLeanCoffee(caller: Caller, payload: StartPayload): Answer<Changed> {
  return engine.start(leanCoffee, caller, { ...payload }, 'start');
}

/** `leanCoffee/newSession`: the next Lean Coffee in this macro, once the current one has ended. */
export function newSession(caller: Caller, payload: NewSessionPayload): Answer<NewSessionAnswer> {
  return engine.newSession(leanCoffee, caller, {}, payload.version);
}

export const changeSettings = (caller: Caller, payload: ChangeSettingsPayload): Answer<Changed> =>
  versionOnly(
    transition(caller, { type: 'changeSettings', settings: payload.settings }, payload.version),
  );

export function proposeTopic(
  caller: Caller,
  payload: ProposeTopicPayload,
): Answer<TopicProposedAnswer> {
  const topicId = ports.newId();
  return participantCommand(caller, { type: 'proposeTopic', topicId, ...payload }, (version) => ({
    version,
    topicId,
  }));
}

export const editTopic = (caller: Caller, payload: EditTopicPayload): Answer<ChangedWithState> =>
  authoredChange(
    caller,
    { kind: 'topic', id: payload.topicId },
    {
      type: 'editTopic',
      ...payload,
    },
  );

export const deleteTopic = (caller: Caller, payload: TopicPayload): Answer<ChangedWithState> =>
  authoredChange(
    caller,
    { kind: 'topic', id: payload.topicId },
    {
      type: 'deleteTopic',
      topicId: payload.topicId,
    },
  );

export const mergeTopics = (caller: Caller, payload: MergeTopicsPayload): Answer<Changed> => {
  const { version, ...merge } = payload;
  return versionOnly(transition(caller, { type: 'mergeTopics', ...merge }, version));
};

export const openVoting = (caller: Caller, payload: Seen = {}): Answer<Changed> =>
  versionOnly(transition(caller, { type: 'openVoting' }, payload.version));

export const allocateDots = (
  caller: Caller,
  payload: AllocateDotsPayload,
): Answer<ChangedWithState> =>
  participantCommand(
    caller,
    { type: 'allocateDots', allocation: payload.allocation },
    (version) => ({ version }),
  );

export const closeVoting = (caller: Caller, payload: Seen = {}): Answer<Changed> =>
  versionOnly(transition(caller, { type: 'closeVoting' }, payload.version));

export const reorderTopics = (caller: Caller, payload: ReorderTopicsPayload): Answer<Changed> =>
  versionOnly(transition(caller, { type: 'reorderTopics', order: payload.order }, payload.version));

export const startTopic = (caller: Caller, payload: StartTopicPayload): Answer<Changed> =>
  versionOnly(
    transition(
      caller,
      payload.topicId === undefined
        ? { type: 'startTopic' }
        : { type: 'startTopic', topicId: payload.topicId },
      payload.version,
    ),
  );

export const castThumb = (caller: Caller, payload: CastThumbPayload): Answer<ChangedWithState> =>
  participantCommand(caller, { type: 'castThumb', ...payload }, (version) => ({ version }));

export const closeThumbs = (caller: Caller, payload: CloseThumbsPayload): Answer<Changed> => {
  const { version, topicId, round } = payload;
  return versionOnly(transition(caller, { type: 'closeThumbs', topicId, round }, version));
};

export const overrideTopic = (caller: Caller, payload: OverrideTopicPayload): Answer<Changed> => {
  const { version, topicId, decision } = payload;
  return versionOnly(transition(caller, { type: 'overrideTopic', topicId, decision }, version));
};

export function addTakeaway(
  caller: Caller,
  payload: AddTakeawayPayload,
): Answer<TakeawayAddedAnswer> {
  const takeawayId = ports.newId();
  return participantCommand(caller, { type: 'addTakeaway', takeawayId, ...payload }, (version) => ({
    version,
    takeawayId,
  }));
}

export const editTakeaway = (
  caller: Caller,
  payload: EditTakeawayPayload,
): Answer<ChangedWithState> =>
  authoredChange(
    caller,
    { kind: 'takeaway', id: payload.takeawayId },
    {
      type: 'editTakeaway',
      ...payload,
    },
  );

export const deleteTakeaway = (
  caller: Caller,
  payload: TakeawayPayload,
): Answer<ChangedWithState> =>
  authoredChange(
    caller,
    { kind: 'takeaway', id: payload.takeawayId },
    {
      type: 'deleteTakeaway',
      takeawayId: payload.takeawayId,
    },
  );

/**
 * An action item's owner must be a person Confluence knows (the domain checks only the id's
 * shape). When Confluence cannot be asked, the owner is kept: the notes page renders unknown ids
 * as text, and a lookup hiccup should not lose someone's action item.
 */
async function unknownOwner(owner: string | null | undefined) {
  if (typeof owner !== 'string') return undefined;
  return (await ports.accountExists(owner)) === false
    ? fail('INVALID_OWNER', 'No one on this Confluence site has that account.')
    : undefined;
}

export async function addActionItem(
  caller: Caller,
  payload: AddActionItemPayload,
): Answer<ActionItemAddedAnswer> {
  const refused = await unknownOwner(payload.owner);
  if (refused !== undefined) return refused;
  const actionItemId = ports.newId();
  return participantCommand(
    caller,
    { type: 'addActionItem', actionItemId, ...payload },
    (version) => ({ version, actionItemId }),
  );
}

export async function editActionItem(
  caller: Caller,
  payload: EditActionItemPayload,
): Answer<ChangedWithState> {
  const refused = await unknownOwner(payload.owner);
  if (refused !== undefined) return refused;
  return authoredChange(
    caller,
    { kind: 'action', id: payload.actionItemId },
    { type: 'editActionItem', ...payload },
  );
}

export const deleteActionItem = (
  caller: Caller,
  payload: ActionItemPayload,
): Answer<ChangedWithState> =>
  authoredChange(
    caller,
    { kind: 'action', id: payload.actionItemId },
    {
      type: 'deleteActionItem',
      actionItemId: payload.actionItemId,
    },
  );

interface Transitioned {
  readonly row: LeanCoffeeGameRow;
  readonly state: LeanCoffeeState;
}

async function sendState(caller: Caller, done: Transitioned): Promise<BacklogOutcome> {
  const input = leanCoffeeImport(boardOf(caller), done.state);
  const result = await ports.importGameToBacklog(caller, placeOf(done.row), input);
  return result.ok ? { ok: true, imported: result.data.imported } : result;
}

/**
 * Wrap-up: the running topic ends, the undiscussed topics are fixed with their votes, and they go
 * to the space's backlog (an idempotent import: `sendToBacklog` retries it).
 */
export async function startWrapUp(caller: Caller, payload: Seen = {}): Answer<WrapUpAnswer> {
  const done = await transition(caller, { type: 'startWrapUp' }, payload.version);
  if (!done.ok) return done;
  return {
    ok: true,
    data: { version: done.data.version, backlog: await sendState(caller, done.data) },
  };
}

/** Loads the whole board for a facilitator-only follow-up (backlog import, notes). */
async function loadForFacilitator(
  caller: Caller,
  phases: readonly LeanCoffeeState['phase']['kind'][],
): Answer<Transitioned & { readonly session: number }> {
  const loaded = await engine.loadForFacilitator(leanCoffee, caller);
  if (!loaded.ok) return loaded;
  const { row, state, grant, meta } = loaded.data;
  if (grant !== undefined) await saveBoardAccess(grant);
  if (!phases.includes(state.phase.kind)) {
    return fail('WRONG_PHASE', `Not possible while ${state.phase.kind}.`);
  }
  return { ok: true, data: { row, state, session: meta.session } };
}

/** Sends the undiscussed topics to the backlog again (after a failure); re-imports are no-ops. */
export async function sendToBacklog(caller: Caller): Answer<BacklogOutcome> {
  const loaded = await loadForFacilitator(caller, ['wrap-up', 'ended']);
  return loaded.ok ? { ok: true, data: await sendState(caller, loaded.data) } : loaded;
}

async function writeNotes(caller: Caller, done: Transitioned): Promise<NotesOutcome> {
  const model = leanCoffeeNotes(done.row, done.state, ports.clock());
  const b = boardOf(caller);
  const session = leanCoffee.meta(done.row).session;
  const result = await ports.createSessionNotes(
    caller,
    placeOf(done.row),
    { id: notesJobId(b, session), board: b },
    model,
  );
  return result.ok ? { ok: true, page: result.data } : result;
}

/** Ends the meeting and creates its session-notes page (`createNotes` retries a failed page). */
export async function endMeeting(caller: Caller, payload: Seen = {}): Answer<EndAnswer> {
  const done = await transition(caller, { type: 'endMeeting' }, payload.version, true);
  if (!done.ok) return done;
  // One notice, after the page exists: every screen then refetches the view with its link.
  const notes = await writeNotes(caller, done.data);
  await engine.sessionEnded(leanCoffee, caller, done.data);
  await engine.enginePorts.announce(
    caller.localId,
    { version: done.data.version, kind: 'endMeeting' },
    boardOf(caller),
  );
  return { ok: true, data: { version: done.data.version, notes } };
}

/** Creates the notes page of an ended meeting (idempotent per board and session). */
export async function createNotes(caller: Caller): Answer<NotesOutcome> {
  const loaded = await loadForFacilitator(caller, ['ended']);
  return loaded.ok ? { ok: true, data: await writeNotes(caller, loaded.data) } : loaded;
}

// ---- the view -------------------------------------------------------------------------------

/** Live records in the order they were added (an edit does not move one), ties by id. */
const liveInOrder = <T extends { readonly id: string; readonly addedAt?: number }>(
  records: Readonly<Record<string, Stamped<T>>>,
): T[] =>
  Object.values(records)
    .flatMap((record) => (record.value === null ? [] : [{ at: record.at, value: record.value }]))
    .sort((a, b) =>
      byAdded(
        { id: a.value.id, addedAt: a.value.addedAt ?? a.at },
        { id: b.value.id, addedAt: b.value.addedAt ?? b.at },
      ),
    )
    .map((record) => record.value);

/**
 * The board as the caller sees it now, or `null` when no Lean Coffee was started here. Reads
 * only, except the caller's access record the first time they look (Confluence asked once).
 */
export async function viewLeanCoffee(caller: Caller): Answer<LeanCoffeeView | null> {
  const seen = await engine.view(leanCoffee, caller);
  if (!seen.ok) return seen;
  if (seen.data === undefined) return { ok: true, data: null };
  return { ok: true, data: await boardView(caller, seen.data) };
}

/** The caller's view of a started board: the state read's answer, and a participant command's. */
async function boardView(
  caller: Caller,
  seen: engine.Viewed<LeanCoffeeGameRow, LeanCoffeeState>,
): Promise<LeanCoffeeView> {
  const { row, state, scope, isFacilitator, sessions } = seen;
  const now = ports.clock();
  const viewer = caller.accountId;
  const dots = participantDots(state, viewer);
  const takeaways: Takeaway[] = liveInOrder(state.takeaways);
  const actionItems: ActionItem[] = liveInOrder(state.actionItems);
  const shown = board(state, now, viewer);
  const cards = [
    ...shown.toDiscuss,
    ...(shown.discussing ? [shown.discussing] : []),
    ...shown.done,
  ];
  const names = await ports.displayNames(
    [
      row.state.facilitator,
      viewer,
      ...cards.map((card) => card.topic.author),
      ...takeaways.map((takeaway) => takeaway.author),
      ...actionItems.flatMap((item) =>
        item.owner === null ? [item.author] : [item.author, item.owner],
      ),
    ],
    seen.nameLookup,
  );
  // Everyone, not only the facilitator, gets the notes page's link once the meeting has ended.
  const notes =
    state.phase.kind === 'ended'
      ? await ports.notesPage(notesJobId(scope.board, scope.session))
      : null;
  return {
    version: row.version,
    now,
    viewer,
    phase: state.phase.kind,
    facilitator: row.state.facilitator,
    // Showing controls may rely on the recorded answer; the commands themselves ask again.
    isFacilitator,
    settings: state.settings,
    board: shown,
    dots: { allocation: dots.allocation, used: dots.used, left: dots.left },
    meeting: meetingClock(state, now),
    thumbs: thumbsRound(state, now, viewer),
    takeaways,
    actionItems,
    wrapUp: wrapUpList(state),
    endedAt: state.endedAt,
    names,
    notes,
    sessions,
    noticeKey: seen.noticeKey,
  };
}
