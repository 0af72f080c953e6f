/**
 * The board engine: the one load → decide → write → publish loop every game runs on. A game is a
 * `GameDefinition` (its rules, key layout, codec and view); its service only turns resolver
 * payloads into engine calls. Adding a game touches nothing here.
 *
 * - **Participant actions** (`participant`): ONE read — a batch get of the row, the caller's access
 *   record and the records the action needs — then the domain decides on the board as that read
 *   shows it, and ONE write of the caller's own key in a transaction that checks the row's version
 *   (conditions are not reads), then ONE notice. A transition that slipped in makes the check
 *   fail; the action is then decided again on the new board. A participant who meets a seal (a
 *   freezing transition at work) waits for it to lift — bounded, with backoff, well inside Forge's
 *   25 s invocation limit — so the answer is counted or refused by the rules, never CONFLICT.
 * - **Facilitator transitions** (`transition`): the row, then the records of the current phase
 *   (prefix queries), folded; who may act is checked (`roles.ts`); the domain decides; the new
 *   events are appended with compare-and-set on the version: of two racing transitions exactly one
 *   lands. A transition that freezes records seals the row first and reads them again, so a record
 *   is frozen in or refused, never accepted and lost.
 * - **Sessions**: a row holds its current session number and a capped history of ended sessions;
 *   participant keys carry the session, so `newSession` starts empty and the version check keeps a
 *   record of session N out of session N+1.
 * Refusals write nothing and publish nothing. Time is read once per decision (`clock`).
 */
import { randomUUID } from 'node:crypto';
import type { ChangeNotice } from '../../contract/channels';
import { NOTICE_NAME_MAX, NOTICE_NAMES_MAX, type NoticeKey } from '../../contract/notice-signature';
import type { ErrorCode } from '../../contract/errors';
import type { ApiResult } from '../../contract/result';
import type { Caller } from '../caller';
import { boardGrant, saveBoardAccess, type AccessGrant } from '../../storage/access';
import {
  createRow,
  listRecords,
  readBoard,
  replaceRow,
  writeOwnRecord,
  type StoredRecord,
} from '../../storage/board';
import {
  SESSION_ACTION_ITEMS_MAX,
  SESSION_ACTION_TEXT_MAX,
  SESSION_ATTENDEES_MAX,
  SESSION_RECORD_KINDS,
} from '../../domain/community';
import { serverClock } from '../lean-coffee-clock';
import { recordSession } from '../rhythm/attendance';
import { announceChange } from '../live';
import { noticeKey } from '../notice-signing';
import { displayNames, type NameOptions } from '../users';
import { admitToBoard, boardOf, pageOfCaller, type Admission } from '../place';
import type {
  BoardMeta,
  BoardScope,
  GameDefinition,
  Notice,
  NoticeInput,
  PastSession,
  SessionSummary,
  ViewReader,
} from './definition';
import { defaultRolePorts, mayFacilitate, mayStart, type RolePorts } from './roles';

/** What the engine calls outside storage: small function types (ports), replaceable in tests. */
export interface EnginePorts extends RolePorts {
  readonly clock: () => number;
  /** Publishes a notice on the macro's channel, signed for `board` when it carries a change. */
  readonly announce: (localId: string, notice: ChangeNotice, board?: string) => Promise<void>;
  readonly sleep: (ms: number) => Promise<void>;
  /**
   * The community's record of an ended session (issue 14, the `rhythm` helper's port). Called once
   * per session, by the one call that ended it.
   */
  readonly recordSession: (spaceKey: string, summary: EndedSession) => Promise<void>;
  /** Names the app has cached (memory, then storage; never Confluence), for signed notices. */
  readonly cachedNames?: (accountIds: readonly string[]) => Promise<Record<string, string>>;
}

/** What the community learns of an ended session. */
export interface EndedSession extends SessionSummary {
  readonly board: string;
  /** The page the board is on. */
  readonly pageId: string;
  readonly kind: string;
  readonly n: number;
  readonly facilitator: string;
}

export const enginePorts: EnginePorts = {
  ...defaultRolePorts,
  clock: serverClock,
  announce: (localId, notice, board) => announceChange(localId, notice, board),
  cachedNames: (accountIds) => displayNames(accountIds, { refresh: false, cachedOnly: true }),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  recordSession: async (spaceKey, ended) => {
    const kind = SESSION_RECORD_KINDS.find((k) => k === ended.kind);
    if (kind === undefined || ended.endedAt === null) return;
    const recorded = await recordSession(spaceKey, {
      kind,
      boardId: ended.board,
      session: ended.n,
      pageId: ended.pageId,
      startedAt: Math.min(ended.startedAt ?? ended.endedAt, ended.endedAt),
      endedAt: ended.endedAt,
      facilitator: ended.facilitator,
      attendees: ended.attendees.slice(0, SESSION_ATTENDEES_MAX),
      takeaways: ended.takeaways ?? 0,
      actionItems: (ended.actionItems ?? []).slice(0, SESSION_ACTION_ITEMS_MAX).map((item) => ({
        ...item,
        text: item.text.slice(0, SESSION_ACTION_TEXT_MAX),
      })),
      ...(ended.notes === null ? {} : { notesPageId: ended.notes.pageId }),
    });
    if (!recorded.ok) {
      console.warn(`Session ${ended.board} #${ended.n} not recorded: ${recorded.error.message}`);
    }
  },
};

/** How many write conflicts a participant action decides again before answering CONFLICT. */
export const PARTICIPANT_ATTEMPTS = 6;

/**
 * How long a seal holds participants off. A transition finishes within one invocation (Forge
 * stops it at 25 s), so an older seal is one whose invocation died: everyone ignores it.
 */
export const SEAL_MS = 30_000;

/**
 * How long, in all, a participant waits for a seal to lift before answering CONFLICT: a freezing
 * transition is two writes and two prefix reads apart, so this is generous on a loaded machine
 * and well inside Forge's 25 s invocation limit.
 */
export const SEAL_WAIT_MS = 8_000;

/** The first pause while waiting for a seal; it doubles up to `SEAL_BACKOFF_MAX_MS`, with jitter. */
const SEAL_BACKOFF_MS = 40;
const SEAL_BACKOFF_MAX_MS = 640;

/** At most this many ended sessions are listed in a row (the oldest leave first). */
export const MAX_PAST_SESSIONS = 20;

type Answer<T> = Promise<ApiResult<T>>;
type Refusal = { readonly ok: false; readonly error: { code: ErrorCode; message: string } };

const fail = (code: ErrorCode, message: string): Refusal => ({
  ok: false,
  error: { code, message },
});

/**
 * The session a board is in, as last seen by this instance (Forge may reuse a warm instance;
 * when it does not, the default is right for every board's first session). Only a guess used to
 * name the records of the first read: a wrong guess costs one more read, never a wrong answer.
 */
const sessionSeen = new Map<string, number>();
const SESSION_SEEN_MAX = 2_000;

function rememberSession(board: string, session: number): void {
  if (sessionSeen.size >= SESSION_SEEN_MAX) sessionSeen.clear();
  sessionSeen.set(board, session);
}

/**
 * The space a board's row names, as last read by this instance (it never changes for a board): a
 * view reads the space's curator list in the row's batch get when it knows the space. Only a
 * guess: a wrong or missing one costs the separate read views made before.
 */
const spaceSeen = new Map<string, string>();

function rememberSpace(board: string, spaceKey: string): void {
  if (spaceSeen.size >= SESSION_SEEN_MAX) spaceSeen.clear();
  spaceSeen.set(board, spaceKey);
}

/**
 * The largest game row the engine writes: Forge's 240 KiB a value, less 8 KiB for what a codec
 * adds around the state. A transition or facilitator step whose row would pass it is refused with
 * CAP_REACHED and writes nothing; the games' own caps keep ordinary use far below it.
 */
export const ROW_MAX_BYTES = 232 * 1024;

const rowBytes = <R>(
  codec: { encode: (board: string, row: R) => unknown },
  board: string,
  row: R,
) => Buffer.byteLength(JSON.stringify(codec.encode(board, row)), 'utf8');

const boardFull = () =>
  fail(
    'CAP_REACHED',
    'This board is full: the change would pass the most one board can store. Nothing was changed; merge or delete something first.',
  );

/** A board as a facilitator step or a view sees it. */
export interface LoadedBoard<Row, State> {
  readonly row: Row;
  readonly meta: BoardMeta;
  readonly scope: BoardScope;
  readonly state: State;
  readonly records: readonly StoredRecord[];
  /** The caller's access record, when this call made the check: written with the next write. */
  readonly grant: AccessGrant | undefined;
  readonly now: number;
}

/** A transition that landed. */
export interface Transitioned<Row, State, Event> {
  readonly version: number;
  readonly row: Row;
  readonly state: State;
  readonly events: readonly Event[];
  /** The notice published (null when quiet). */
  readonly notice: Notice | null;
}

const isSealed = (meta: BoardMeta, now: number): boolean =>
  meta.sealedAt !== null && now - meta.sealedAt < SEAL_MS;

const sealedRefusal = () =>
  fail('CONFLICT', 'The facilitator is moving the board on right now. Try again in a moment.');

function scopeOf(caller: Caller, meta: BoardMeta): BoardScope {
  const scope = { board: boardOf(caller), session: meta.session, actor: caller.accountId };
  return meta.recordLayout === undefined ? scope : { ...scope, recordLayout: meta.recordLayout };
}

function admit<R, S, C extends { readonly type: string }, E, A, P>(
  d: GameDefinition<R, S, C, E, A, P>,
  caller: Caller,
  meta: BoardMeta,
  access: Parameters<typeof admitToBoard>[2],
  now: number,
): Promise<Admission> {
  void d;
  return admitToBoard(caller, { place: meta.place, startedBy: meta.startedBy }, access, now);
}

/**
 * The names a signed notice carries for its change (`noticePeople`), from the name cache only;
 * undefined when none is wanted or cached (a failure to read them only costs screens a read).
 */
async function namesFor<R, S, C extends { readonly type: string }, E, A, P>(
  d: GameDefinition<R, S, C, E, A, P>,
  ports: EnginePorts,
  change: unknown,
): Promise<Record<string, string> | undefined> {
  if (change === undefined || ports.cachedNames === undefined) {
    return undefined;
  }
  const people = d.noticePeople?.(change).slice(0, NOTICE_NAMES_MAX) ?? [];
  if (people.length === 0) return undefined;
  try {
    const names = await ports.cachedNames(people);
    const kept = Object.entries(names).filter(([, name]) => name.length <= NOTICE_NAME_MAX);
    return kept.length === 0 ? undefined : Object.fromEntries(kept);
  } catch (error) {
    console.warn('Names for a notice not read: screens will read them', error);
    return undefined;
  }
}

/** Publishes the one notice of an accepted change (`noticeOf` fills in what it carries). */
async function publish<R, S, C extends { readonly type: string }, E, A, P>(
  d: GameDefinition<R, S, C, E, A, P>,
  ports: EnginePorts,
  caller: Caller,
  version: number,
  kind: string,
  command: C | null,
  events: readonly E[],
  state?: S,
  transition?: NoticeInput<C, E, S>['transition'],
): Promise<Notice> {
  const board = boardOf(caller);
  const input = {
    kind,
    command,
    events,
    version,
    board,
    ...(state === undefined ? {} : { state }),
    ...(transition === undefined ? {} : { transition }),
  };
  const extra = (await d.noticeOf?.(input)) ?? { kind };
  const names = await namesFor(d, ports, extra.change);
  const notice: Notice = { ...extra, version, ...(names === undefined ? {} : { names }) };
  await ports.announce(caller.localId, notice, board);
  return notice;
}

/**
 * Records an ended session for the community, once: called only by the call whose write ended
 * it (a compare-and-set that only one call wins), so ending twice records once.
 */
async function recordEndedSession<R, S, C extends { readonly type: string }, E, A, P>(
  d: GameDefinition<R, S, C, E, A, P>,
  ports: EnginePorts,
  scope: BoardScope,
  wasEnded: boolean,
  row: R,
  state: S,
): Promise<void> {
  if (wasEnded || d.endedAt(row, state) === null) return;
  const meta = d.meta(row);
  try {
    const summary = await d.summary(row, state, scope);
    await ports.recordSession(meta.place.spaceKey, {
      ...summary,
      board: scope.board,
      pageId: meta.place.pageId,
      kind: d.kind,
      n: meta.session,
      facilitator: meta.startedBy,
    });
  } catch (error) {
    // The session itself is saved and ended; the community record is a report, not a blocker.
    console.warn(`Session record of ${scope.board} #${meta.session} not kept`, error);
  }
}

/**
 * For a game that ended its session with a quiet transition (it had more to do first, e.g. the
 * notes page): records the ended session now. Only the call whose transition landed calls it.
 */
export async function sessionEnded<R, S, C extends { readonly type: string }, E, A, P>(
  d: GameDefinition<R, S, C, E, A, P>,
  caller: Caller,
  done: { readonly row: R; readonly state: S },
  ports: EnginePorts = enginePorts,
): Promise<void> {
  await recordEndedSession(
    d,
    ports,
    scopeOf(caller, d.meta(done.row)),
    false,
    done.row,
    done.state,
  );
}

/* ------------------------------------------------------------------ the loop */

/** Whether the call comes from the game's own macro. */
export const isOwnMacro = (d: { readonly moduleKey: string }, caller: Caller): boolean =>
  caller.moduleKey === d.moduleKey;

/**
 * Starts a board in the caller's macro: the caller needs permission to edit the page (asked of
 * Confluence as them), and the page and space are Confluence's answer. A board that exists is
 * answered with its version (or refused, when the game says so) and nothing is written.
 */
export async function start<R, S, C extends { readonly type: string }, E, A, P>(
  d: GameDefinition<R, S, C, E, A, P>,
  caller: Caller,
  payload: P,
  kind: string,
  ports: EnginePorts = enginePorts,
): Answer<{ version: number }> {
  if (!isOwnMacro(d, caller)) return fail('NOT_IN_MACRO', d.messages.wrongMacro);
  const board = boardOf(caller);
  const now = ports.clock();
  const existing = await readBoard(d.codec, board, caller.accountId);
  if (existing.row !== undefined) {
    if (d.messages.alreadyStarted !== undefined) return fail('CONFLICT', d.messages.alreadyStarted);
    const meta = d.meta(existing.row);
    await admit(d, caller, meta, existing.access, now);
    return { ok: true, data: { version: meta.version } };
  }
  const place = await pageOfCaller(caller);
  if (!(await mayStart(ports, place.pageId))) return notAllowedToStart();
  const created = await d.create({
    place,
    starter: caller.accountId,
    now,
    payload,
    session: 1,
    sessions: [],
  });
  if (!created.ok) return created;
  const row = d.withMeta(created.data, { version: 1, sealedAt: null });
  const grant = boardGrant(board, caller.accountId, { at: now, isSpaceAdmin: false });
  if ((await createRow(d.codec, board, row, grant)) === 'conflict') {
    return fail('CONFLICT', d.messages.alreadyStarted ?? d.messages.conflict);
  }
  rememberSession(board, 1);
  await publish(d, ports, caller, 1, kind, null, []);
  return { ok: true, data: { version: 1 } };
}

const notAllowedToStart = () =>
  fail(
    'NOT_ALLOWED',
    'Starting a game here needs permission to edit this page. Ask someone who can edit it.',
  );

/**
 * What an accepted participant action can answer besides the version it was decided against: the
 * caller's view right after the write (issue 13), so their screen needs no state read. `view()`
 * builds it exactly as `view` does for a state read (same function), from the row the action
 * already read: its only read is the records query of the view (and the curator check a state read
 * makes for someone who is neither the starter nor a recorded administrator). Not called: no read.
 */
export interface AfterWrite<Row, State> {
  readonly view: () => Promise<Viewed<Row, State>>;
  /**
   * The notice the action published (null: a transition path the notice of which was not kept),
   * so the caller's screen knows it as its own when it arrives (it is already in the view).
   */
  readonly notice: Notice | null;
}

/**
 * A participant action: one read, one write of the caller's own key checked against the row's
 * version, one notice. `answer` builds the accepted answer from the version decided against (and,
 * if it wants it, the caller's view after the write: `AfterWrite`).
 */
export async function participant<R, S, C extends { readonly type: string }, E, A, P, T>(
  d: GameDefinition<R, S, C, E, A, P>,
  caller: Caller,
  action: A,
  kind: (command: C) => string,
  answer: (version: number, after: AfterWrite<R, S>) => T | Promise<T>,
  ports: EnginePorts = enginePorts,
): Answer<T> {
  if (!isOwnMacro(d, caller)) return fail('NOT_IN_MACRO', d.messages.wrongMacro);
  const board = boardOf(caller);
  let admitted: Admission | undefined;
  let conflicts = 0;
  let waited = 0;
  let pause = SEAL_BACKOFF_MS;
  for (;;) {
    const guess: BoardScope = {
      board,
      session: sessionSeen.get(board) ?? 1,
      actor: caller.accountId,
    };
    const prefixes = d.participant.ranges?.(guess, action) ?? [];
    // The answer's view needs the curator list: it comes in the same batch (see `curatorsGuess`).
    const curators = curatorsGuess(board, ports);
    const [read, ranged] = await Promise.all([
      readBoard(d.codec, board, caller.accountId, [
        ...d.participant.reads(guess, action),
        ...curators.keys,
      ]),
      prefixes.length === 0 ? Promise.resolve([]) : listRecords(prefixes),
    ]);
    if (read.row === undefined) return fail('NOT_FOUND', d.messages.notStarted);
    const row = read.row;
    const meta = d.meta(row);
    rememberSession(board, meta.session);
    rememberSpace(board, meta.place.spaceKey);
    const now = ports.clock();
    admitted ??= await admit(d, caller, meta, read.access, now);
    const admittedNow = admitted;
    const knownCurator = curators.answer(read.records, meta, caller.accountId);
    if (meta.session !== guess.session) continue; // the records read were another session's
    if (isSealed(meta, now)) {
      // A freezing transition is at work: its end decides whether this action still fits.
      if (waited >= SEAL_WAIT_MS) return sealedRefusal();
      const step = Math.min(pause, SEAL_WAIT_MS - waited);
      await ports.sleep(step / 2 + Math.random() * (step / 2));
      waited += step;
      pause = Math.min(pause * 2, SEAL_BACKOFF_MAX_MS);
      continue;
    }
    const scope = scopeOf(caller, meta);
    // The participant's own reads only (the curator list is the answer's, not the decision's).
    const records = new Map([
      ...[...read.records].filter(([key]) => !curators.keys.includes(key)),
      ...ranged.map((r) => [r.key, r.value] as const),
    ]);
    const prepared = d.participant.prepare(row, records, action, scope);
    if ('transition' in prepared) {
      const done = await transitionOn(d, caller, ports, row, admitted.grant, prepared.transition, {
        kind: kind(prepared.transition),
      });
      if (!done.ok) return done;
      const landed = done.data.row;
      const after = {
        view: () => viewOn(d, caller, ports, landed, admittedNow, ports.clock(), knownCurator),
        notice: done.data.notice,
      };
      return { ok: true, data: await answer(done.data.version, after) };
    }
    if (!prepared.ok) return prepared;
    const { state, command, also = [] } = prepared.data;
    const ctx = {
      actor: caller.accountId,
      now,
      isFacilitator: caller.accountId === meta.startedBy,
    };
    const decided = d.decide(state, command, ctx);
    if (!decided.ok) return fail(decided.error.code, decided.error.message);
    const [event, ...rest] = decided.value;
    if (event === undefined || rest.length > 0) {
      throw new Error(`${command.type} did not yield one participant record`);
    }
    const own = d.participant.recordOf(scope, state, event);
    const written = await writeOwnRecord(
      board,
      own.key,
      own.value,
      meta.version,
      admitted.grant,
      also,
    );
    if (written === 'saved') {
      const evolved = d.noticeOf === undefined ? undefined : d.evolve(state, event);
      const notice = await publish(
        d,
        ports,
        caller,
        meta.version,
        kind(command),
        command,
        [event],
        evolved,
      );
      // The row is unchanged by a participant's write: the view is built on the row just read.
      const after = {
        view: () => viewOn(d, caller, ports, row, admittedNow, ports.clock(), knownCurator),
        notice,
      };
      return { ok: true, data: await answer(meta.version, after) };
    }
    // A transition slipped in between the read and the write: decide again on the new board.
    conflicts += 1;
    if (conflicts >= PARTICIPANT_ATTEMPTS) return fail('CONFLICT', d.messages.conflict);
  }
}

/**
 * A transition: reads the row and the caller's access record, then `transitionOn`. `seen` is the
 * version the facilitator's screen showed (a stale click answers CONFLICT instead of acting twice).
 */
export async function transition<R, S, C extends { readonly type: string }, E, A, P>(
  d: GameDefinition<R, S, C, E, A, P>,
  caller: Caller,
  command: C,
  options: TransitionOptions = {},
  ports: EnginePorts = enginePorts,
): Answer<Transitioned<R, S, E>> {
  if (!isOwnMacro(d, caller)) return fail('NOT_IN_MACRO', d.messages.wrongMacro);
  const board = boardOf(caller);
  const read = await readBoard(d.codec, board, caller.accountId);
  if (read.row === undefined) return fail('NOT_FOUND', d.messages.notStarted);
  const row: R = read.row;
  const meta = d.meta(row);
  rememberSession(board, meta.session);
  const { grant } = await admit(d, caller, meta, read.access, ports.clock());
  return transitionOn(d, caller, ports, row, grant, command, options);
}

export interface TransitionOptions {
  /**
   * The version the facilitator's screen showed; omitted: any. When it is a sealed board's
   * version, the transition takes the seal over (see `transitionOn`).
   */
  readonly seen?: number;
  /** The notice's kind (default: the command's type). */
  readonly kind?: string;
  /**
   * Leave the notice (and, if the session ended, its record: `sessionEnded`) to the caller: it has
   * more to do before screens refetch.
   */
  readonly quiet?: boolean;
}

/** Loads the records the row's phase needs (for one reader's view, when given) and folds them. */
async function loadState<R, S, C extends { readonly type: string }, E, A, P>(
  d: GameDefinition<R, S, C, E, A, P>,
  row: R,
  scope: BoardScope,
  reader?: ViewReader,
): Promise<{ state: S; records: StoredRecord[] }> {
  const records = await listRecords(d.loadPrefixes(row, scope, reader));
  return { state: d.fold(row, records), records };
}

/** One transition on an already-read row (see the module comment). */
async function transitionOn<R, S, C extends { readonly type: string }, E, A, P>(
  d: GameDefinition<R, S, C, E, A, P>,
  caller: Caller,
  ports: EnginePorts,
  row: R,
  grant: AccessGrant | undefined,
  command: C,
  options: TransitionOptions,
): Answer<Transitioned<R, S, E>> {
  const meta = d.meta(row);
  const scope = scopeOf(caller, meta);
  const isFacilitator = await mayFacilitate(ports, caller, meta);
  if (d.roleOf(command) === 'facilitator' && !isFacilitator) {
    return fail('NOT_FACILITATOR', 'Only the facilitator can do that.');
  }
  if (options.seen !== undefined && options.seen !== meta.version) {
    return fail('CONFLICT', d.messages.conflict);
  }
  const now = ports.clock();
  // Another transition is freezing the board: let it finish rather than take its seal away,
  // unless the caller's screen showed the sealed board. Then the caller is retrying a freeze
  // whose invocation died after sealing (or is slow): it seals afresh and goes on. Every write
  // after a seal is a compare-and-set on the version, so of two such transitions one lands and
  // the other answers CONFLICT; nobody waits out a dead seal.
  if (isSealed(meta, now) && options.seen !== meta.version) return sealedRefusal();
  let base = row;
  let { state, records } = await loadState(d, base, scope);
  const input = await d.transitionInput?.(row, state, command, scope);
  const ctx = {
    actor: caller.accountId,
    now,
    isFacilitator,
    ...(input === undefined ? {} : { input }),
  };
  const wasEnded = d.endedAt(base, state) !== null;
  let decided = d.decide(state, command, ctx);
  if (!decided.ok) return fail(decided.error.code, decided.error.message);
  const grown = (from: R, freshRecords: readonly StoredRecord[], events: readonly E[]): R =>
    d.append(d.withMeta(from, { version: d.meta(from).version + 1, sealedAt: null }), events, {
      command,
      records: freshRecords,
    });
  // Checked before any write (a seal included): a refused transition changes nothing.
  let next = grown(base, records, decided.value);
  if (rowBytes(d.codec, scope.board, next) > ROW_MAX_BYTES) return boardFull();
  if (d.freezes(command)) {
    const sealed = d.withMeta(row, { version: meta.version + 1, sealedAt: now });
    if ((await replaceRow(d.codec, scope.board, sealed, meta.version)) === 'conflict') {
      return fail('CONFLICT', d.messages.conflict);
    }
    base = sealed;
    ({ state, records } = await loadState(d, base, scope));
    decided = d.decide(state, command, ctx);
    if (decided.ok) next = grown(base, records, decided.value);
    const tooLarge = decided.ok && rowBytes(d.codec, scope.board, next) > ROW_MAX_BYTES;
    if (!decided.ok || tooLarge) {
      // A record accepted just before the seal changed the answer: lift the seal, change nothing.
      const lifted = d.withMeta(sealed, { version: meta.version + 2, sealedAt: null });
      await replaceRow(d.codec, scope.board, lifted, meta.version + 1);
      return decided.ok ? boardFull() : fail(decided.error.code, decided.error.message);
    }
  }
  const events = decided.value;
  const baseVersion = d.meta(base).version;
  if ((await replaceRow(d.codec, scope.board, next, baseVersion, grant)) === 'conflict') {
    return fail('CONFLICT', d.messages.conflict);
  }
  const after = events.reduce<S>((s, e) => d.evolve(s, e), state);
  if (options.quiet !== true) await recordEndedSession(d, ports, scope, wasEnded, next, after);
  const notice =
    options.quiet === true
      ? null
      : await publish(
          d,
          ports,
          caller,
          baseVersion + 1,
          options.kind ?? command.type,
          command,
          events,
          undefined,
          { before: state, after, now },
        );
  return { ok: true, data: { version: baseVersion + 1, row: next, state: after, events, notice } };
}

/**
 * A board for a facilitator step outside the domain's commands (a backlog import, a notes page):
 * AUTH (starter, curator or space admin, asked now) and the state; the step checks the phase and
 * the version the screen showed.
 */
export async function loadForFacilitator<R, S, C extends { readonly type: string }, E, A, P>(
  d: GameDefinition<R, S, C, E, A, P>,
  caller: Caller,
  ports: EnginePorts = enginePorts,
): Answer<LoadedBoard<R, S>> {
  if (!isOwnMacro(d, caller)) return fail('NOT_IN_MACRO', d.messages.wrongMacro);
  const board = boardOf(caller);
  const read = await readBoard(d.codec, board, caller.accountId);
  if (read.row === undefined) return fail('NOT_FOUND', d.messages.notStarted);
  const row: R = read.row;
  const meta = d.meta(row);
  const now = ports.clock();
  const { grant } = await admit(d, caller, meta, read.access, now);
  if (!(await mayFacilitate(ports, caller, meta))) {
    return fail('NOT_FACILITATOR', 'Only the facilitator can do that.');
  }
  const scope = scopeOf(caller, meta);
  const { state, records } = await loadState(d, row, scope);
  return { ok: true, data: { row, meta, scope, state, records, grant, now } };
}

/**
 * Writes a row a facilitator step built from `loaded` (compare-and-set on the version it read,
 * with the caller's access record when the load made the check) and announces it once.
 */
export async function commitRow<R, S, C extends { readonly type: string }, E, A, P>(
  d: GameDefinition<R, S, C, E, A, P>,
  caller: Caller,
  loaded: LoadedBoard<R, S>,
  next: R,
  kind: string,
  events: readonly E[] = [],
  ports: EnginePorts = enginePorts,
): Answer<{ version: number; row: R }> {
  const version = loaded.meta.version + 1;
  const row = d.withMeta(next, { version, sealedAt: null });
  if (rowBytes(d.codec, loaded.scope.board, row) > ROW_MAX_BYTES) return boardFull();
  const saved = await replaceRow(
    d.codec,
    loaded.scope.board,
    row,
    loaded.meta.version,
    loaded.grant,
  );
  if (saved === 'conflict') return fail('CONFLICT', d.messages.conflict);
  const after = events.reduce<S>((s, e) => d.evolve(s, e), loaded.state);
  const wasEnded = d.endedAt(loaded.row, loaded.state) !== null;
  await recordEndedSession(d, ports, loaded.scope, wasEnded, row, after);
  await publish(d, ports, caller, version, kind, null, events);
  return { ok: true, data: { version, row } };
}

/** A board as its viewer sees it: the folded state, and whether to show facilitator controls. */
export interface Viewed<Row, State> {
  readonly row: Row;
  readonly meta: BoardMeta;
  readonly scope: BoardScope;
  readonly state: State;
  readonly now: number;
  /** For showing controls only (the recorded administrator answer); commands ask again. */
  readonly isFacilitator: boolean;
  readonly sessions: readonly PastSession[];
  /**
   * How this view looks names up (`services/users.ts`): only the facilitator's read refreshes
   * names older than 10 minutes; a participant's shows cached ones, never calling Confluence for
   * a name it has.
   */
  readonly nameLookup: NameOptions;
  /** What the screen checks the board's signed notices with (`notice-signing.ts`); null: none. */
  readonly noticeKey: NoticeKey | null;
}

/**
 * The space's curator list, read in the board's one batch get when this instance already knows the
 * board's space (remembered per instance, as the session is): `keys` to add to the batch, and
 * `answer` whether the caller is a curator (`undefined`: not read, or the row names another space).
 */
function curatorsGuess(
  board: string,
  ports: EnginePorts,
): {
  readonly keys: string[];
  answer(
    records: ReadonlyMap<string, unknown>,
    meta: BoardMeta,
    accountId: string,
  ): boolean | undefined;
} {
  const space = spaceSeen.get(board);
  const port = ports.curatorIn;
  if (space === undefined || port === undefined) return { keys: [], answer: () => undefined };
  const key = port.key(space);
  return {
    keys: [key],
    answer: (records, meta, accountId) =>
      meta.place.spaceKey === space ? port.has(records.get(key), accountId) : undefined,
  };
}

/**
 * A view: reads only, except the caller's access record the first time they look (Confluence
 * asked once). `undefined` when no board was started in this macro.
 */
export async function view<R, S, C extends { readonly type: string }, E, A, P>(
  d: GameDefinition<R, S, C, E, A, P>,
  caller: Caller,
  ports: EnginePorts = enginePorts,
): Answer<Viewed<R, S> | undefined> {
  if (!isOwnMacro(d, caller)) return fail('NOT_IN_MACRO', d.messages.wrongMacro);
  const board = boardOf(caller);
  const curators = curatorsGuess(board, ports);
  const read = await readBoard(d.codec, board, caller.accountId, curators.keys);
  if (read.row === undefined) return { ok: true, data: undefined };
  const row: R = read.row;
  const meta = d.meta(row);
  rememberSession(board, meta.session);
  rememberSpace(board, meta.place.spaceKey);
  const now = ports.clock();
  const admitted = await admit(d, caller, meta, read.access, now);
  if (admitted.grant !== undefined) await saveBoardAccess(admitted.grant);
  const knownCurator = curators.answer(read.records, meta, caller.accountId);
  return { ok: true, data: await viewOn(d, caller, ports, row, admitted, now, knownCurator) };
}

/**
 * The caller's view of a board already read (and admitted): the state read's and a participant's
 * answer's one builder, so both read and show the same (see `view`, `AfterWrite`).
 */
async function viewOn<R, S, C extends { readonly type: string }, E, A, P>(
  d: GameDefinition<R, S, C, E, A, P>,
  caller: Caller,
  ports: EnginePorts,
  row: R,
  admitted: Admission,
  now: number,
  knownCurator?: boolean,
): Promise<Viewed<R, S>> {
  const meta = d.meta(row);
  const scope = scopeOf(caller, meta);
  const isFacilitator =
    caller.accountId === meta.startedBy ||
    admitted.isSpaceAdminHint ||
    (knownCurator ?? (await ports.isCurator(meta.place.spaceKey, caller.accountId)));
  const { state } = await loadState(d, row, scope, { isFacilitator });
  return {
    row,
    meta,
    scope,
    state,
    now,
    isFacilitator,
    sessions: meta.sessions,
    nameLookup: { refresh: isFacilitator },
    noticeKey: await noticeKey(scope.board),
  };
}

/**
 * Sets up the next session in the same macro, once the current one has ended: the caller needs
 * permission to edit the page (as for a start) and becomes its facilitator. The ended session joins
 * the row's history (capped at `MAX_PAST_SESSIONS`); the new one's participant keys are empty.
 */
export async function newSession<R, S, C extends { readonly type: string }, E, A, P>(
  d: GameDefinition<R, S, C, E, A, P>,
  caller: Caller,
  payload: P,
  seen: number | undefined,
  ports: EnginePorts = enginePorts,
): Answer<{ version: number; session: number }> {
  if (!isOwnMacro(d, caller)) return fail('NOT_IN_MACRO', d.messages.wrongMacro);
  const board = boardOf(caller);
  const read = await readBoard(d.codec, board, caller.accountId);
  if (read.row === undefined) return fail('NOT_FOUND', d.messages.notStarted);
  const row: R = read.row;
  const meta = d.meta(row);
  const now = ports.clock();
  const { grant } = await admit(d, caller, meta, read.access, now);
  if (!(await mayStart(ports, meta.place.pageId))) return notAllowedToStart();
  if (seen !== undefined && seen !== meta.version) return fail('CONFLICT', d.messages.conflict);
  const scope = scopeOf(caller, meta);
  const { state } = await loadState(d, row, scope);
  const endedAt = d.endedAt(row, state);
  if (endedAt === null) {
    return fail('WRONG_PHASE', 'End this session first: then the macro can set up the next one.');
  }
  const summary = await d.summary(row, state, scope);
  const past: PastSession = {
    n: meta.session,
    kind: d.kind,
    endedAt,
    facilitator: meta.startedBy,
    notes: summary.notes,
    ...(summary.title === undefined ? {} : { title: summary.title }),
  };
  const session = meta.session + 1;
  const sessions = [...meta.sessions, past].slice(-MAX_PAST_SESSIONS);
  const created = await d.create({
    place: meta.place,
    starter: caller.accountId,
    now,
    payload,
    session,
    sessions,
  });
  if (!created.ok) return created;
  const version = meta.version + 1;
  const next = d.withMeta(created.data, {
    version,
    sealedAt: null,
    session,
    sessions,
    startedBy: caller.accountId,
  });
  if ((await replaceRow(d.codec, board, next, meta.version, grant)) === 'conflict') {
    return fail('CONFLICT', d.messages.conflict);
  }
  rememberSession(board, session);
  await publish(d, ports, caller, version, 'session', null, []);
  return { ok: true, data: { version, session } };
}

/** A fresh id for records a command creates (topics, takeaways, …). */
export const newId = (): string => randomUUID();
