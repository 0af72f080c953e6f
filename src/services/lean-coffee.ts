/**
 * Lean Coffee use cases: load → decide → write → publish (DESIGN §1.2, §2).
 *
 * Two write paths, so that 60 people acting at once lose nothing and a double click advances once:
 * - **Participant records** (propose a topic, allocate dots, cast a thumb, add a takeaway or an
 *   action item, and an author changing their own record): one read (the game row, or a batch get
 *   of the game row and the record being changed), the domain decides on the board as that read
 *   shows it, and one write of the caller's own key in a transaction that checks the game's
 *   `version` — so a record is only accepted against the board it was decided on.
 * - **Facilitator transitions** (and anyone closing an expired thumbs vote): the game row plus the
 *   participant records (prefix queries), folded by the domain; the new events are appended to the
 *   game's log with compare-and-set on `version`. A lost race answers CONFLICT and writes nothing.
 *   Transitions that freeze participant records (open / close voting, close / override a thumbs
 *   round) first seal the row and read the records again, so a record is either frozen in or
 *   refused — never accepted and left out.
 * Every accepted change publishes exactly one notice; a refusal writes and publishes nothing.
 *
 * When voting opens, the topic records are copied into the log: from then on the log alone is the
 * board's topic list (edits are closed), so a dot allocation is checked with one read.
 *
 * A board is the macro instance on its page (`boardOf`), so a copied page starts its own. Where it
 * runs is asked of Confluence as its starter when it starts, and every other person is checked
 * once, their access record read in the same batch get as the game row (`place.ts`).
 */
import { randomUUID } from 'node:crypto';
import type { ChangeNotice } from '../contract/channels';
import type { ErrorCode } from '../contract/errors';
import type {
  ActionItemAddedAnswer,
  AddActionItemPayload,
  AddTakeawayPayload,
  AllocateDotsPayload,
  CastThumbPayload,
  Changed,
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
import type { ApiResult } from '../contract/result';
import type { LeanCoffeeImport } from '../domain/backlog';
import {
  board,
  createLeanCoffee,
  decide,
  evolve,
  foldLeanCoffee,
  LEGALITY,
  meetingClock,
  participantDots,
  thumbsRound,
  wrapUpList,
  type ActionItem,
  type CommandContext,
  type LeanCoffeeCommand,
  type LeanCoffeeEvent,
  type LeanCoffeeState,
  type Stamped,
  type Takeaway,
} from '../domain/lean-coffee';
import { forgeConfluence } from '../confluence/client';
import type { Caller } from '../resolvers/define';
import { boardGrant, saveBoardAccess, type AccessGrant, type BoardAccess } from '../storage/access';
import { keys } from '../storage/keys';
import {
  createGame,
  isParticipantEvent,
  readGame,
  readGameAndRecord,
  readParticipantRecords,
  replaceGame,
  writeParticipantRecord,
  type LeanCoffeeGameRow,
  type ParticipantEvent,
  type ParticipantRecord,
} from '../storage/lean-coffee';
import { leanCoffeeImport, leanCoffeeNotes, type LeanCoffeeNotesInput } from './lean-coffee-export';
import { serverClock, type Clock } from './lean-coffee-clock';
import { importGameToBacklog } from './backlog';
import { announceChange } from './live';
import { displayNames } from './users';
import { createSessionNotes, notesStatus, type NotesJobRef } from './notes';
import {
  admitToBoard,
  boardOf,
  isSpaceAdmin,
  pageOfCaller,
  type Admission,
  type PagePlace,
  type SpacePlace,
} from './place';

/** The platform and the other features this service calls: small function types (ports). */
export interface LeanCoffeePorts {
  readonly clock: Clock;
  readonly newId: () => string;
  readonly announce: (localId: string, notice: ChangeNotice) => Promise<void>;
  /** Whether the caller administers the space (its id as Confluence gave it), asked now. */
  readonly isSpaceAdmin: (spaceId: string) => Promise<boolean>;
  readonly displayNames: (accountIds: readonly string[]) => Promise<Record<string, string>>;
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
  announce: announceChange,
  isSpaceAdmin: (spaceId) => isSpaceAdmin(spaceId),
  displayNames: (accountIds) => displayNames(accountIds),
  accountExists: async (accountId) => {
    const names = await forgeConfluence().displayNames([accountId]);
    return names.ok ? Object.hasOwn(names.value, accountId) : undefined;
  },
  importGameToBacklog: (caller, space, input) => importGameToBacklog(caller, space, input),
  createSessionNotes: (caller, space, job, model) => createSessionNotes(caller, space, job, model),
  notesPage: async (jobId) => {
    const job = await notesStatus(jobId);
    const page = job?.status === 'created' ? job.data.page : undefined;
    return page ? { pageId: page.id, url: page.url, title: page.title } : null;
  },
};

/** How many times a participant action re-reads after a facilitator transition slipped in. */
const PARTICIPANT_ATTEMPTS = 3;

type Answer<T> = Promise<ApiResult<T>>;

const fail = (
  code: ErrorCode,
  message: string,
): { ok: false; error: { code: ErrorCode; message: string } } => ({
  ok: false,
  error: { code, message },
});

const NOT_STARTED = () => fail('NOT_FOUND', 'No Lean Coffee has been started in this macro yet.');
const WRONG_MACRO = () =>
  fail('NOT_IN_MACRO', 'Lean Coffee commands only work from a Lean Coffee macro.');
const CONFLICT = () =>
  fail('CONFLICT', 'The board changed at the same moment. Refresh and try again.');

/** The board of the caller's own macro: identity and localId from the context only. */
const inLeanCoffee = (caller: Caller): boolean => caller.moduleKey === 'lean-coffee';

/** Where a board runs, as Confluence gave it to its starter. */
const placeOf = (row: LeanCoffeeGameRow): PagePlace => ({
  pageId: row.state.contentId,
  spaceId: row.state.spaceId,
  spaceKey: row.spaceKey,
});

/** Lets the caller act on or read an existing board (checked once per person: `place.ts`). */
const admit = (
  caller: Caller,
  row: LeanCoffeeGameRow,
  access: BoardAccess | undefined,
): Promise<Admission> =>
  admitToBoard(
    caller,
    { place: placeOf(row), startedBy: row.state.facilitator },
    access,
    ports.clock(),
  );

const TOPIC_EVENTS: ReadonlySet<LeanCoffeeEvent['type']> = new Set([
  'TopicProposed',
  'TopicEdited',
  'TopicDeleted',
]);

const isVotingOpen = (row: LeanCoffeeGameRow): boolean =>
  row.state.log.some((event) => event.type === 'VotingOpened');

/**
 * The board: the log, then the participant records (last writer wins, so their order does not
 * matter). Once voting has opened the log holds the frozen topic list, and topic records are left
 * out, so a topic written in the instant voting opened cannot appear on one screen and not another.
 */
export function foldBoard(
  row: LeanCoffeeGameRow,
  records: readonly ParticipantRecord[],
): LeanCoffeeState {
  const frozen = isVotingOpen(row);
  const events = records
    .map((record) => record.event)
    .filter((event) => !(frozen && TOPIC_EVENTS.has(event.type)));
  return foldLeanCoffee([...row.state.log, ...events]);
}

/** Where a participant event is stored: always under its writer's own key. */
function recordKey(localId: string, actor: string, event: ParticipantEvent): string {
  switch (event.type) {
    case 'TopicProposed':
    case 'TopicEdited':
      return keys.lcTopic(localId, actor, event.topic.id);
    case 'TopicDeleted':
      return keys.lcTopic(localId, actor, event.topicId);
    case 'DotsAllocated':
      return keys.dots(localId, actor);
    case 'ThumbVoted':
      return keys.thumb(localId, event.topicId, event.round, actor);
    case 'TakeawayAdded':
    case 'TakeawayEdited':
      return keys.takeaway(localId, actor, event.takeaway.id);
    case 'TakeawayDeleted':
      return keys.takeaway(localId, actor, event.takeawayId);
    case 'ActionItemAdded':
    case 'ActionItemEdited':
      return keys.actionItem(localId, actor, event.actionItem.id);
    case 'ActionItemDeleted':
      return keys.actionItem(localId, actor, event.actionItemId);
    default: {
      const unexpected: never = event;
      throw new Error(`Not a participant event: ${JSON.stringify(unexpected)}`);
    }
  }
}

/**
 * Whether the caller facilitates this board: its starter, or an administrator of the board's
 * space — asked of Confluence now, only when the caller is not the starter.
 */
async function facilitates(row: LeanCoffeeGameRow, caller: Caller): Promise<boolean> {
  return (
    row.state.facilitator === caller.accountId || (await ports.isSpaceAdmin(row.state.spaceId))
  );
}

async function announce(localId: string, version: number, kind: string): Promise<void> {
  await ports.announce(localId, { version, kind });
}

// ---- the participant path -------------------------------------------------------------------

type Attempt<T> = ApiResult<T> | 'retry';

/**
 * Decides `command` on `state` and writes the single participant event it yields under the
 * caller's own key, checked against the game's version. `'retry'` when a transition came in between.
 */
async function submitRecord<T>(
  caller: Caller,
  row: LeanCoffeeGameRow,
  state: LeanCoffeeState,
  command: LeanCoffeeCommand,
  ctx: CommandContext,
  answer: (version: number) => T,
  grant: AccessGrant | undefined,
): Promise<Attempt<T>> {
  const decision = decide(state, command, ctx);
  if (!decision.ok) return fail(decision.error.code, decision.error.message);
  const [event, ...rest] = decision.value;
  if (event === undefined || rest.length > 0 || !isParticipantEvent(event)) {
    throw new Error(`${command.type} did not yield one participant record`);
  }
  const key = recordKey(boardOf(caller), caller.accountId, event);
  const written = await writeParticipantRecord(boardOf(caller), key, { event }, row.version, grant);
  if (!written) return 'retry';
  await announce(caller.localId, row.version, command.type);
  return { ok: true, data: answer(row.version) };
}

async function retrying<T>(attempt: () => Promise<Attempt<T>>): Answer<T> {
  for (let tries = 0; tries < PARTICIPANT_ATTEMPTS; tries += 1) {
    const result = await attempt();
    if (result !== 'retry') return result;
  }
  return CONFLICT();
}

/** A participant command that needs only the game row: one read, one write. */
function participantCommand<T>(
  caller: Caller,
  command: () => LeanCoffeeCommand,
  answer: (version: number) => T,
): Answer<T> {
  if (!inLeanCoffee(caller)) return Promise.resolve(WRONG_MACRO());
  const cmd = command();
  let admitted: Admission | undefined;
  return retrying(async () => {
    const { game: row, access } = await readGame(boardOf(caller), caller.accountId);
    if (row === undefined) return NOT_STARTED();
    admitted ??= await admit(caller, row, access);
    const ctx: CommandContext = {
      actor: caller.accountId,
      now: ports.clock(),
      isFacilitator: row.state.facilitator === caller.accountId,
    };
    if (isSealed(row, ctx.now)) return SEALED();
    // A retry after a lost race writes the same record: the first attempt wrote nothing.
    const { grant } = admitted;
    return submitRecord(caller, row, foldBoard(row, []), cmd, ctx, answer, grant);
  });
}

/**
 * A change to a record (topic, takeaway, action item). The author changes their own key: one
 * batch read of the game row and that record, one write. Anyone else (the facilitator changing
 * someone's record, or a refusal to explain) goes through the transition path.
 */
function authoredChange(
  caller: Caller,
  ownKey: string,
  command: LeanCoffeeCommand,
): Answer<Changed> {
  if (!inLeanCoffee(caller)) return Promise.resolve(WRONG_MACRO());
  let admitted: Admission | undefined;
  return retrying(async () => {
    const read = await readGameAndRecord(boardOf(caller), caller.accountId, ownKey);
    const { game: row, record, access } = read;
    if (row === undefined) return NOT_STARTED();
    admitted ??= await admit(caller, row, access);
    // A retry after a lost race writes the same record: the first attempt wrote nothing.
    const { grant } = admitted;
    if (record === undefined) return transitionOnce(caller, row, command, undefined, false, grant);
    const ctx: CommandContext = {
      actor: caller.accountId,
      now: ports.clock(),
      isFacilitator: row.state.facilitator === caller.accountId,
    };
    if (isSealed(row, ctx.now)) return SEALED();
    return submitRecord(
      caller,
      row,
      foldBoard(row, [record]),
      command,
      ctx,
      (version) => ({ version }),
      grant,
    );
  });
}

// ---- the transition path --------------------------------------------------------------------

interface Transitioned {
  readonly row: LeanCoffeeGameRow;
  readonly state: LeanCoffeeState;
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
 * How long a seal holds participants off. A transition finishes within one invocation (Forge
 * stops it at 25 s), so an older seal is one whose invocation died: participants ignore it.
 */
export const SEAL_MS = 30_000;

const isSealed = (row: LeanCoffeeGameRow, now: number): boolean =>
  row.state.sealedAt !== undefined &&
  row.state.sealedAt !== null &&
  now - row.state.sealedAt < SEAL_MS;

const SEALED = () =>
  fail('CONFLICT', 'The facilitator is moving the board on right now. Try again in a moment.');

/**
 * One facilitator transition on an already-read row: role check, the full board, decide, append
 * to the log with compare-and-set, one notice. Refusals and lost races write nothing.
 *
 * A freezing transition first seals the row (compare-and-set, no notice): every participant
 * write still in flight was checked against the old version and now fails, and new ones are
 * refused while the seal holds. It then reads the records again, so what it freezes is exactly
 * what was accepted: a vote is either counted or refused, never accepted and lost.
 */
async function transitionOnce(
  caller: Caller,
  row: LeanCoffeeGameRow,
  command: LeanCoffeeCommand,
  seen?: number,
  quiet = false,
  /** The caller's access record, when this call made the check: written with the change. */
  grant?: AccessGrant,
): Answer<Changed & Transitioned> {
  const isFacilitator = await facilitates(row, caller);
  if (LEGALITY[command.type].who === 'facilitator' && !isFacilitator) {
    return fail('NOT_FACILITATOR', 'Only the facilitator can do that.');
  }
  if (seen !== undefined && seen !== row.version) return CONFLICT();
  const now = ports.clock();
  // Another transition is freezing the board: let it finish rather than take its seal away.
  if (isSealed(row, now)) return SEALED();
  const ctx: CommandContext = { actor: caller.accountId, now, isFacilitator };
  let base = row;
  let records = await readParticipantRecords(boardOf(caller));
  let state = foldBoard(base, records);
  let decision = decide(state, command, ctx);
  if (!decision.ok) return fail(decision.error.code, decision.error.message);
  if (FREEZING.has(command.type)) {
    const sealed: LeanCoffeeGameRow = {
      ...row,
      version: row.version + 1,
      state: { ...row.state, sealedAt: now },
    };
    if (!(await replaceGame(sealed, row.version))) return CONFLICT();
    base = sealed;
    records = await readParticipantRecords(boardOf(caller));
    state = foldBoard(base, records);
    decision = decide(state, command, ctx);
    if (!decision.ok) {
      // A record accepted just before the seal changed the answer: lift the seal, change nothing.
      await replaceGame(
        { ...sealed, version: sealed.version + 1, state: { ...sealed.state, sealedAt: null } },
        sealed.version,
      );
      return fail(decision.error.code, decision.error.message);
    }
  }
  const events = decision.value;
  const snapshot =
    command.type === 'openVoting'
      ? records.map((record) => record.event).filter((event) => TOPIC_EVENTS.has(event.type))
      : [];
  const next: LeanCoffeeGameRow = {
    ...base,
    version: base.version + 1,
    state: { ...base.state, sealedAt: null, log: [...base.state.log, ...snapshot, ...events] },
  };
  if (!(await replaceGame(next, base.version, grant))) return CONFLICT();
  if (!quiet) await announce(caller.localId, next.version, command.type);
  return {
    ok: true,
    data: { version: next.version, row: next, state: events.reduce(evolve, state) },
  };
}

/**
 * A facilitator transition. `seen` is the version the facilitator's screen showed, when the client
 * sends it: a second click on "extend" or "next" that arrives after the first has landed then
 * answers CONFLICT instead of acting twice.
 */
async function transition(
  caller: Caller,
  command: LeanCoffeeCommand,
  seen?: number,
  /** Leave the notice to the caller (it has more to do before screens refetch). */
  quiet = false,
): Answer<Changed & Transitioned> {
  if (!inLeanCoffee(caller)) return WRONG_MACRO();
  const { game: row, access } = await readGame(boardOf(caller), caller.accountId);
  if (row === undefined) return NOT_STARTED();
  const { grant } = await admit(caller, row, access);
  return transitionOnce(caller, row, command, seen, quiet, grant);
}

const versionOnly = async (result: Answer<Changed & Transitioned>): Answer<Changed> => {
  const answer = await result;
  return answer.ok ? { ok: true, data: { version: answer.data.version } } : answer;
};

// ---- commands -------------------------------------------------------------------------------

/**
 * Starts a Lean Coffee in the caller's macro, in the page and space Confluence gives the caller (a
 * context naming another space is refused); the caller becomes its facilitator.
 */
export async function startLeanCoffee(caller: Caller, payload: StartPayload): Answer<Changed> {
  if (!inLeanCoffee(caller)) return WRONG_MACRO();
  const board = boardOf(caller);
  const now = ports.clock();
  const created = createLeanCoffee(payload.settings ?? {}, now);
  if (!created.ok) return fail(created.error.code, created.error.message);
  const place = await pageOfCaller(caller);
  const row: LeanCoffeeGameRow = {
    localId: board,
    spaceKey: place.spaceKey,
    kind: 'lean-coffee',
    version: 1,
    state: {
      facilitator: caller.accountId,
      contentId: place.pageId,
      spaceId: place.spaceId,
      log: [created.value],
    },
  };
  const grant = boardGrant(board, caller.accountId, { at: now, isSpaceAdmin: false });
  if (!(await createGame(row, grant))) {
    return fail('CONFLICT', 'This macro already holds a Lean Coffee.');
  }
  await announce(caller.localId, row.version, 'start');
  return { ok: true, data: { version: row.version } };
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
  return participantCommand(
    caller,
    () => ({ type: 'proposeTopic', topicId, ...payload }),
    (version) => ({ version, topicId }),
  );
}

export const editTopic = (caller: Caller, payload: EditTopicPayload): Answer<Changed> =>
  authoredChange(caller, keys.lcTopic(boardOf(caller), caller.accountId, payload.topicId), {
    type: 'editTopic',
    ...payload,
  });

export const deleteTopic = (caller: Caller, payload: TopicPayload): Answer<Changed> =>
  authoredChange(caller, keys.lcTopic(boardOf(caller), caller.accountId, payload.topicId), {
    type: 'deleteTopic',
    topicId: payload.topicId,
  });

export const mergeTopics = (caller: Caller, payload: MergeTopicsPayload): Answer<Changed> => {
  const { version, ...merge } = payload;
  return versionOnly(transition(caller, { type: 'mergeTopics', ...merge }, version));
};

export const openVoting = (caller: Caller, payload: Seen = {}): Answer<Changed> =>
  versionOnly(transition(caller, { type: 'openVoting' }, payload.version));

export const allocateDots = (caller: Caller, payload: AllocateDotsPayload): Answer<Changed> =>
  participantCommand(
    caller,
    () => ({ type: 'allocateDots', allocation: payload.allocation }),
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

export const castThumb = (caller: Caller, payload: CastThumbPayload): Answer<Changed> =>
  participantCommand(
    caller,
    () => ({ type: 'castThumb', ...payload }),
    (version) => ({ version }),
  );

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
  return participantCommand(
    caller,
    () => ({ type: 'addTakeaway', takeawayId, ...payload }),
    (version) => ({ version, takeawayId }),
  );
}

export const editTakeaway = (caller: Caller, payload: EditTakeawayPayload): Answer<Changed> =>
  authoredChange(caller, keys.takeaway(boardOf(caller), caller.accountId, payload.takeawayId), {
    type: 'editTakeaway',
    ...payload,
  });

export const deleteTakeaway = (caller: Caller, payload: TakeawayPayload): Answer<Changed> =>
  authoredChange(caller, keys.takeaway(boardOf(caller), caller.accountId, payload.takeawayId), {
    type: 'deleteTakeaway',
    takeawayId: payload.takeawayId,
  });

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
    () => ({ type: 'addActionItem', actionItemId, ...payload }),
    (version) => ({ version, actionItemId }),
  );
}

export async function editActionItem(
  caller: Caller,
  payload: EditActionItemPayload,
): Answer<Changed> {
  const refused = await unknownOwner(payload.owner);
  if (refused !== undefined) return refused;
  return authoredChange(
    caller,
    keys.actionItem(boardOf(caller), caller.accountId, payload.actionItemId),
    { type: 'editActionItem', ...payload },
  );
}

export const deleteActionItem = (caller: Caller, payload: ActionItemPayload): Answer<Changed> =>
  authoredChange(caller, keys.actionItem(boardOf(caller), caller.accountId, payload.actionItemId), {
    type: 'deleteActionItem',
    actionItemId: payload.actionItemId,
  });

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
): Answer<Transitioned & Changed> {
  if (!inLeanCoffee(caller)) return WRONG_MACRO();
  const { game: row, access } = await readGame(boardOf(caller), caller.accountId);
  if (row === undefined) return NOT_STARTED();
  const { grant } = await admit(caller, row, access);
  if (!(await facilitates(row, caller))) {
    return fail('NOT_FACILITATOR', 'Only the facilitator can do that.');
  }
  if (grant !== undefined) await saveBoardAccess(grant);
  const state = foldBoard(row, await readParticipantRecords(boardOf(caller)));
  if (!phases.includes(state.phase.kind)) {
    return fail('WRONG_PHASE', `Not possible while ${state.phase.kind}.`);
  }
  return { ok: true, data: { row, state, version: row.version } };
}

/** Sends the undiscussed topics to the backlog again (after a failure); re-imports are no-ops. */
export async function sendToBacklog(caller: Caller): Answer<BacklogOutcome> {
  const loaded = await loadForFacilitator(caller, ['wrap-up', 'ended']);
  return loaded.ok ? { ok: true, data: await sendState(caller, loaded.data) } : loaded;
}

async function writeNotes(caller: Caller, done: Transitioned): Promise<NotesOutcome> {
  const model = leanCoffeeNotes(done.row, done.state, ports.clock());
  const board = boardOf(caller);
  const result = await ports.createSessionNotes(
    caller,
    placeOf(done.row),
    { id: notesJobId(board), board },
    model,
  );
  return result.ok ? { ok: true, page: result.data } : result;
}

/** One notes job per board, so a retry or a double click never makes a second page. */
export const notesJobId = (board: string): string => `lean-coffee.${board}`;

/** Ends the meeting and creates its session-notes page (`createNotes` retries a failed page). */
export async function endMeeting(caller: Caller, payload: Seen = {}): Answer<EndAnswer> {
  const done = await transition(caller, { type: 'endMeeting' }, payload.version, true);
  if (!done.ok) return done;
  // One notice, after the page exists: every screen then refetches the view with its link.
  const notes = await writeNotes(caller, done.data);
  await announce(caller.localId, done.data.version, 'endMeeting');
  return { ok: true, data: { version: done.data.version, notes } };
}

/** Creates the notes page of an ended meeting (idempotent per board). */
export async function createNotes(caller: Caller): Answer<NotesOutcome> {
  const loaded = await loadForFacilitator(caller, ['ended']);
  return loaded.ok ? { ok: true, data: await writeNotes(caller, loaded.data) } : loaded;
}

// ---- the view -------------------------------------------------------------------------------

const liveInOrder = <T extends { readonly id: string }>(
  records: Readonly<Record<string, Stamped<T>>>,
): T[] =>
  Object.values(records)
    .flatMap((record) => (record.value === null ? [] : [{ at: record.at, value: record.value }]))
    .sort((a, b) => a.at - b.at || (a.value.id < b.value.id ? -1 : a.value.id > b.value.id ? 1 : 0))
    .map((record) => record.value);

/**
 * The board as the caller sees it now, or `null` when no Lean Coffee was started here. Reads
 * only, except the caller's access record the first time they look (Confluence asked once).
 */
export async function viewLeanCoffee(caller: Caller): Answer<LeanCoffeeView | null> {
  if (!inLeanCoffee(caller)) return WRONG_MACRO();
  const { game: row, access } = await readGame(boardOf(caller), caller.accountId);
  if (row === undefined) return { ok: true, data: null };
  const admitted = await admit(caller, row, access);
  if (admitted.grant !== undefined) await saveBoardAccess(admitted.grant);
  const state = foldBoard(row, await readParticipantRecords(boardOf(caller)));
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
  const names = await ports.displayNames([
    row.state.facilitator,
    viewer,
    ...cards.map((card) => card.topic.author),
    ...takeaways.map((takeaway) => takeaway.author),
    ...actionItems.flatMap((item) =>
      item.owner === null ? [item.author] : [item.author, item.owner],
    ),
  ]);
  // Everyone, not only the facilitator, gets the notes page's link once the meeting has ended.
  const notes =
    state.phase.kind === 'ended' ? await ports.notesPage(notesJobId(boardOf(caller))) : null;
  return {
    ok: true,
    data: {
      version: row.version,
      now,
      viewer,
      phase: state.phase.kind,
      facilitator: row.state.facilitator,
      // Showing controls may rely on the recorded answer; the commands themselves ask again.
      isFacilitator: row.state.facilitator === viewer || admitted.isSpaceAdminHint,
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
    },
  };
}
