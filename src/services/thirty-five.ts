/**
 * Thirty Five on the board engine (`engine/engine.ts`): the game's definition — its rules, where
 * its records live, which records a command needs, its row codec — and the resolvers' use cases,
 * each one engine call. Participant actions (card, split) are one read, one write, one publish;
 * facilitator transitions compare-and-set the row. Seeds are `crypto.randomUUID()`, passed in.
 */
import { randomUUID } from 'node:crypto';
import type { NewSessionAnswer, NewSessionPayload } from '../contract/board';
import type { ApiResult } from '../contract/result';
import type {
  Accepted,
  AdmitPayload,
  AskPayload,
  Ended,
  ParticipantAnswer,
  NextRoundPayload,
  SentToBacklog,
  CardPayload,
  DealPayload,
  RemovePayload,
  Seen,
  SplitPayload,
  TalliesPayload,
  ThirtyFiveStateView,
} from '../contract/thirty-five';
import {
  MAX_PARTICIPANTS,
  decide,
  evolve,
  pairLock,
  pairOf,
  replay,
  type OnlineGame,
  type RoundPlan,
  type SplitRecord,
  type ThirtyFiveCommand,
  type ThirtyFiveEvent,
  type ThirtyFiveState,
} from '../domain/thirty-five';
import type { Caller } from './caller';
import type { StoredRecord } from '../storage/board';
import { keys } from '../storage/keys';
import {
  THIRTY_FIVE_KIND,
  askFrom,
  cardFrom,
  splitFrom,
  thirtyFiveCodec,
  type AskRecord,
  type CardRecord,
  type FacilitatorEvent,
  type GameRow,
  type SplitRecordEvent,
} from '../storage/thirty-five';
import { importGameToBacklog } from './backlog';
import type { BoardScope, GameDefinition, SessionSummary } from './engine/definition';
import * as engine from './engine/engine';
import { createSessionNotes } from './notes';
import { drawForAdmission, drawForDeal } from './deal-draw';
import type { PagePlace } from './place';
import { backlogImportOf, notesModelOf } from './thirty-five-export';
import { thirtyFiveNotice } from './thirty-five-notice';
import { notStartedView, peopleIn, stateView } from './thirty-five-view';
import { displayNames } from './users';

/** The macro module these services answer for. */
export const THIRTY_FIVE_MODULE = 'thirty-five';

/** What a participant call carries: the domain command, and for a split the cards it names. */
export type ThirtyFiveAction =
  | { readonly kind: 'card'; readonly command: ThirtyFiveCommand }
  | { readonly kind: 'ask'; readonly command: ThirtyFiveCommand }
  | {
      readonly kind: 'split';
      readonly round: number;
      readonly cardIds: readonly string[];
      readonly command: ThirtyFiveCommand;
    };

const PARTICIPANT_COMMANDS: ReadonlySet<ThirtyFiveCommand['type']> = new Set([
  'submitCard',
  'proposeSplit',
  'confirmSplit',
  'askToJoin',
]);

const isFacilitatorEvent = (e: ThirtyFiveEvent): e is FacilitatorEvent =>
  e.type !== 'CardSubmitted' &&
  e.type !== 'SplitProposed' &&
  e.type !== 'SplitConfirmed' &&
  e.type !== 'JoinAsked';

function facilitatorEvents(events: readonly ThirtyFiveEvent[]): FacilitatorEvent[] {
  return events.map((e) => {
    if (!isFacilitatorEvent(e)) throw new Error(`${e.type} is not a facilitator event`);
    return e;
  });
}

/**
 * The cards that take part: the MAX_PARTICIPANTS earliest (by first submission, then account id,
 * the domain's card order). A join reads only the game row and its own card, so it cannot count
 * the others; a card beyond the limit is stored but never folded, exactly as if the domain had
 * refused it with GAME_FULL.
 */
function earliestCards(cards: readonly CardRecord[]): CardRecord[] {
  const order = (x: CardRecord, y: CardRecord): number =>
    x.firstAt - y.firstAt || (x.by < y.by ? -1 : x.by > y.by ? 1 : 0);
  return [...cards].sort(order).slice(0, MAX_PARTICIPANTS);
}

/** The card a player holds in a pair of a round's plan, or null (a bye, or not seated). */
function heldCard(plan: RoundPlan | undefined, player: string): string | null {
  const pair = pairOf(plan, player);
  if (pair === null) return null;
  return pair.a.player === player ? pair.a.card : pair.b.card;
}

const planOf = (state: ThirtyFiveState): RoundPlan | undefined =>
  state.phase === 'round' ? state.game.schedule[state.round - 1] : undefined;

const placeOf = (row: GameRow): PagePlace => ({
  pageId: row.contentId,
  spaceId: row.spaceId,
  spaceKey: row.spaceKey,
});

const isDealt = (row: GameRow): boolean => row.log.some((e) => e.type === 'CardsDealt');
/** Whether the log seats `accountId` in the game: dealt a card, admitted late, or taken out. */
const isSeated = (row: GameRow, accountId: string): boolean =>
  row.log.some(
    (e) =>
      (e.type === 'CardsDealt' && Object.hasOwn(e.deal, accountId)) ||
      ((e.type === 'ParticipantAdmitted' || e.type === 'ParticipantRemoved') &&
        e.accountId === accountId),
  );

/** Late arrivals ask to join while the rounds run: before the results, asks are read. */
const takesAsks = (row: GameRow): boolean =>
  isDealt(row) && !row.log.some((e) => e.type === 'ResultsShown');

/** Asks in the order they were first made (then by account id): the earliest count (the cap). */
const byFirstAsk = (x: AskRecord, y: AskRecord): number =>
  x.firstAt - y.firstAt || (x.by < y.by ? -1 : x.by > y.by ? 1 : 0);
const isTallied = (row: GameRow): boolean => row.log.some((e) => e.type === 'TalliesEntered');

/** How many rounds the log started (0 before round 1). */
const roundsStartedIn = (row: GameRow): number =>
  row.log.reduce((n, e) => (e.type === 'RoundStarted' ? Math.max(n, e.round) : n), 0);

/** The online game of a state that has one. */
function gameOf(state: ThirtyFiveState): OnlineGame | null {
  if (state.phase === 'dealt' || state.phase === 'round') return state.game;
  if (state.phase === 'results' || state.phase === 'ended') {
    return state.outcome.mode === 'online' ? state.outcome.game : null;
  }
  return null;
}

/**
 * What rounds 1 to `through` settled, as a row's `closed` keeps it: per round, per pair of its
 * plan, the points the pair locked for its first card, or null when it agreed nothing.
 */
export function closedRounds(game: OnlineGame, through: number): (number | null)[][] {
  return Array.from({ length: through }, (_, i) =>
    (game.schedule[i]?.pairs ?? []).map((pair) => {
      const lock = pairLock(game, i + 1, pair);
      return lock === null ? null : (lock[pair.a.card] ?? null);
    }),
  );
}

/**
 * The closed rounds' agreed splits as the records that lock them: each partner of a pair that
 * agreed confirms the agreed points. Nothing reads a closed round but its locks (the tally, the
 * ranking, the notes, the backlog), so they tell the same as the records they stand for. Set in
 * one step (what folding them one by one would give: one record per seat), not through `evolve`,
 * whose copy per record made a 200-person game's late-round fold quadratic (issue 13).
 */
function withClosedRounds(
  state: ThirtyFiveState,
  closed: NonNullable<GameRow['closed']>,
): ThirtyFiveState {
  const game = gameOf(state);
  if (game === null) return state;
  const splits: Record<number, Record<string, SplitRecord>> = { ...game.splits };
  closed.forEach((locks, i) => {
    const pairs = game.schedule[i]?.pairs ?? [];
    const records: Record<string, SplitRecord> = {};
    locks.forEach((first, j) => {
      const pair = pairs[j];
      if (first === null || pair === undefined) return;
      const points = { [pair.a.card]: first, [pair.b.card]: game.points - first };
      records[pair.a.player] = { kind: 'confirmed', points, at: 0 };
      records[pair.b.player] = { kind: 'confirmed', points, at: 0 };
    });
    if (Object.keys(records).length > 0) splits[i + 1] = { ...splits[i + 1], ...records };
  });
  const next: OnlineGame = { ...game, splits };
  if (state.phase === 'dealt' || state.phase === 'round') return { ...state, game: next };
  if (state.phase === 'results' || state.phase === 'ended') {
    return { ...state, outcome: { mode: 'online', game: next } };
  }
  return state;
}

/**
 * A game's whole state: cards, then the facilitator's log, then the split records. Records fold
 * order-independently (the domain guarantees it), and only the records the phase needs are read:
 * cards before the deal (the deal freezes them), splits after it, nothing for an in-room tally.
 * A row that keeps its closed rounds (`closed`) stands for their records: only the records of the
 * rounds after them are read and folded (a stray record of a closed round is ignored).
 */
function foldGame(row: GameRow, records: readonly StoredRecord[]): ThirtyFiveState {
  const cards: CardRecord[] = [];
  const splits: SplitRecordEvent[] = [];
  const asks: AskRecord[] = [];
  for (const { value } of records) {
    const card = cardFrom(value);
    if (card !== undefined) cards.push(card);
    else {
      const split = splitFrom(value);
      if (split !== undefined) splits.push(split);
      else {
        const ask = askFrom(value);
        if (ask !== undefined) asks.push(ask);
      }
    }
  }
  const dealt = isDealt(row);
  const initial = replay(!dealt && !isTallied(row) ? earliestCards(cards) : []);
  const late = dealt ? asks.sort(byFirstAsk) : [];
  if (!dealt || row.closed === undefined) {
    return [...row.log, ...(dealt ? splits : []), ...late].reduce<ThirtyFiveState>(evolve, initial);
  }
  const logged = row.log.reduce<ThirtyFiveState>(evolve, initial);
  const through = row.closed.length;
  const current = splits.filter((split) => split.round > through);
  return [...current, ...late].reduce<ThirtyFiveState>(
    evolve,
    withClosedRounds(logged, row.closed),
  );
}

/** The commands that close a round: its records are frozen into the row's `closed`. */
const closesRound = (command: ThirtyFiveCommand): boolean =>
  command.type === 'nextRound' || command.type === 'showResults';

function summaryOf(row: GameRow, state: ThirtyFiveState): SessionSummary {
  const ended = row.log.find((e) => e.type === 'GameEnded');
  const players =
    (state.phase === 'results' || state.phase === 'ended') && state.outcome.mode === 'online'
      ? state.outcome.game.players
      : [];
  return {
    endedAt: ended?.at ?? null,
    notes: row.notes,
    attendees: [...players],
    startedAt: row.startedAt,
  };
}

/** Thirty Five, as the board engine runs it. */
export const thirtyFive: GameDefinition<
  GameRow,
  ThirtyFiveState,
  ThirtyFiveCommand,
  ThirtyFiveEvent,
  ThirtyFiveAction,
  Record<string, never>
> = {
  kind: THIRTY_FIVE_KIND,
  moduleKey: THIRTY_FIVE_MODULE,
  messages: {
    notStarted: 'No game has been started in this macro yet: the facilitator starts it.',
    wrongMacro: 'This action only works from a Thirty Five macro.',
    conflict: 'The game changed while you were acting. Look again and retry.',
  },
  codec: thirtyFiveCodec,
  meta: (row) => ({
    version: row.version,
    place: placeOf(row),
    startedBy: row.startedBy,
    sealedAt: row.sealedAt ?? null,
    session: row.session,
    sessions: row.sessions,
  }),
  withMeta: ({ sealedAt: wasSealed, ...row }, change) => {
    const sealedAt = change.sealedAt === undefined ? wasSealed : (change.sealedAt ?? undefined);
    return {
      ...row,
      ...(sealedAt === undefined ? {} : { sealedAt }),
      ...(change.version === undefined ? {} : { version: change.version }),
      ...(change.session === undefined ? {} : { session: change.session }),
      ...(change.sessions === undefined ? {} : { sessions: change.sessions }),
      ...(change.startedBy === undefined ? {} : { startedBy: change.startedBy }),
    };
  },
  decide,
  evolve,
  roleOf: (command) => (PARTICIPANT_COMMANDS.has(command.type) ? 'participant' : 'facilitator'),
  // Closing a round freezes its records into the row: a record lands before the seal or not at all.
  freezes: closesRound,
  participant: {
    reads: ({ board, session, actor }, action) =>
      action.kind === 'card'
        ? [keys.card(board, actor, session)]
        : action.kind === 'ask'
          ? [keys.joinAsk(board, actor, session)]
          : action.cardIds.map((c) => keys.heldCardSplit(board, action.round, c, session)),
    prepare: (row, records, action, { board, session, actor }) => {
      if (action.kind === 'ask') {
        const ask = askFrom(records.get(keys.joinAsk(board, actor, session)));
        const state = ask === undefined ? replay(row.log) : evolve(replay(row.log), ask);
        return { ok: true, data: { state, command: action.command } };
      }
      if (action.kind === 'card') {
        const card = cardFrom(records.get(keys.card(board, actor, session)));
        const state = row.log.reduce<ThirtyFiveState>(
          evolve,
          replay(card === undefined ? [] : [card]),
        );
        return { ok: true, data: { state, command: action.command } };
      }
      let state = replay(row.log);
      if (state.phase === 'round' && state.round !== action.round) {
        const message = `Round ${action.round} is over: this is round ${state.round}.`;
        return { ok: false, error: { code: 'WRONG_PHASE', message } };
      }
      const plan = planOf(state);
      for (const cardId of action.cardIds) {
        const record = splitFrom(
          records.get(keys.heldCardSplit(board, action.round, cardId, session)),
        );
        // Only the card's holder this round can have written its record; anything else is ignored.
        if (record !== undefined && heldCard(plan, record.by) === cardId) {
          state = evolve(state, record);
        }
      }
      return { ok: true, data: { state, command: action.command } };
    },
    recordOf: ({ board, session, actor }, state, event) => {
      if (event.type === 'CardSubmitted') {
        return { key: keys.card(board, actor, session), value: event };
      }
      if (event.type === 'JoinAsked') {
        return { key: keys.joinAsk(board, actor, session), value: event };
      }
      const held = heldCard(planOf(state), actor);
      if ((event.type !== 'SplitProposed' && event.type !== 'SplitConfirmed') || held === null) {
        throw new Error(`${event.type} is not a participant record`);
      }
      return { key: keys.heldCardSplit(board, event.round, held, session), value: event };
    },
  },
  loadPrefixes: (row, { board, session, actor }: BoardScope, reader) => {
    if (!isDealt(row)) return isTallied(row) ? [] : [keys.cardPrefix(board, session)];
    // Asks to join show on the facilitators' screens and on the asker's own; someone seated in
    // the game (dealt in, admitted or taken out) has none, so their view leaves the query out.
    const seatedReader = reader !== undefined && !reader.isFacilitator && isSeated(row, actor);
    const asks = takesAsks(row) && !seatedReader ? [keys.joinAskPrefix(board, session)] : [];
    if (row.closed === undefined) return [keys.heldCardSplitPrefix(board, session), ...asks];
    // The rounds the row does not keep yet: the current one (none after the results).
    const open: string[] = [];
    for (let r = row.closed.length + 1; r <= roundsStartedIn(row); r += 1) {
      open.push(keys.heldCardSplitRoundPrefix(board, r, session));
    }
    return [...open, ...asks];
  },
  fold: foldGame,
  append: (row, events, { command, records }) => {
    const log = [...row.log, ...facilitatorEvents(events)];
    if (command.type === 'deal') return { ...row, log, closed: [] };
    const game = closesRound(command) ? gameOf(foldGame(row, records)) : null;
    return game === null
      ? { ...row, log }
      : { ...row, log, closed: closedRounds(game, game.roundsStarted) };
  },
  create: ({ place, starter, now, session, sessions }) => ({
    ok: true,
    data: {
      version: 1,
      spaceKey: place.spaceKey,
      spaceId: place.spaceId,
      startedBy: starter,
      startedAt: now,
      contentId: place.pageId,
      log: [],
      backlog: null,
      notes: null,
      session,
      sessions,
    },
  }),
  summary: summaryOf,
  endedAt: (row) => row.log.find((e) => e.type === 'GameEnded')?.at ?? null,
  noticeOf: thirtyFiveNotice,
};

/* ----------------------------------------------------------------- state */

/**
 * `thirtyFive/state`: the caller's view of the game in their macro. Reads only, except the
 * caller's access record the first time they look (Confluence asked once).
 */
export async function getState(caller: Caller): Promise<ApiResult<ThirtyFiveStateView>> {
  const seen = await engine.view(thirtyFive, caller);
  if (!seen.ok) return seen;
  if (seen.data === undefined) {
    return { ok: true, data: { ...notStartedView(caller.accountId), sessions: [] } };
  }
  return { ok: true, data: await stateOf(caller, seen.data) };
}

/** The caller's view of a started game: the state read's answer, and a participant command's. */
async function stateOf(
  caller: Caller,
  seen: engine.Viewed<GameRow, ThirtyFiveState>,
): Promise<ThirtyFiveStateView> {
  const { row, state, isFacilitator, sessions, nameLookup } = seen;
  const names = await displayNames(
    peopleIn(row, state, caller.accountId, isFacilitator),
    nameLookup,
  );
  const view = stateView(row, state, caller.accountId, isFacilitator, names, Date.now());
  return { ...view, sessions, noticeKey: seen.noticeKey };
}

/**
 * A participant command's answer (issue 13): the version it was decided against and the caller's
 * view right after the write, exactly as `thirtyFive/state` would answer them now.
 */
const withState =
  (caller: Caller) =>
  async (
    version: number,
    after: engine.AfterWrite<GameRow, ThirtyFiveState>,
  ): Promise<ParticipantAnswer> => ({
    version,
    state: await stateOf(caller, await after.view()),
    notice: after.notice,
  });

/* ------------------------------------------------------------------ start */

/**
 * `thirtyFive/start`: creates the game of this macro with the caller as its facilitator, in the
 * page and space Confluence gives the caller (a context naming another space is refused); the
 * caller needs permission to edit the page. Starting a game that exists changes nothing and
 * answers its version (the first starter stays facilitator).
 */
export function startGame(caller: Caller): Promise<ApiResult<Accepted>> {
  return engine.start(thirtyFive, caller, {}, 'started');
}

/** `thirtyFive/newSession`: the next game in this macro, once the current one has ended. */
export function newSession(
  caller: Caller,
  payload: NewSessionPayload,
): Promise<ApiResult<NewSessionAnswer>> {
  return engine.newSession(thirtyFive, caller, {}, payload.version);
}

/* ------------------------------------------------------ participant actions */

const kindOf = (command: ThirtyFiveCommand): string =>
  command.type === 'submitCard' ? 'card' : command.type === 'askToJoin' ? 'ask' : 'split';

/**
 * `thirtyFive/join` / `thirtyFive/writeCard`: writes (or edits) the caller's one card while cards
 * are collected. One read (game row + my card, for the order of first submission), one write.
 */
export function submitCard(
  caller: Caller,
  payload: CardPayload,
): Promise<ApiResult<ParticipantAnswer>> {
  const action: ThirtyFiveAction = {
    kind: 'card',
    command: { type: 'submitCard', text: payload.text },
  };
  return engine.participant(thirtyFive, caller, action, kindOf, withState(caller));
}

/**
 * `thirtyFive/proposeSplit` / `confirmSplit`: the pair's two records are keyed by the two cards the
 * payload names, so one batch read brings the game row and both; the domain then checks that the
 * caller sits in that pair this round. A stale round is refused before anything is written.
 */
export function splitPoints(
  caller: Caller,
  type: 'proposeSplit' | 'confirmSplit',
  payload: SplitPayload,
): Promise<ApiResult<ParticipantAnswer>> {
  const action: ThirtyFiveAction = {
    kind: 'split',
    round: payload.round,
    cardIds: Object.keys(payload.points),
    command: { type, points: payload.points },
  };
  return engine.participant(thirtyFive, caller, action, kindOf, withState(caller));
}

/**
 * `thirtyFive/askToJoin`: a late arrival (the game was dealt before they came) asks to play, with
 * the card they would bring. One read (game row + my ask), one write of my own key; asking again
 * edits the card. The facilitator then admits them between rounds (`admitParticipant`).
 */
export function askToJoin(
  caller: Caller,
  payload: AskPayload,
): Promise<ApiResult<ParticipantAnswer>> {
  const action: ThirtyFiveAction = {
    kind: 'ask',
    command: { type: 'askToJoin', text: payload.text },
  };
  return engine.participant(thirtyFive, caller, action, kindOf, withState(caller));
}

/* ------------------------------------------------------ facilitator actions */

async function transition(
  caller: Caller,
  seen: number,
  command: ThirtyFiveCommand,
  kind: string,
): Promise<ApiResult<Accepted>> {
  const done = await engine.transition(thirtyFive, caller, command, { seen, kind });
  return done.ok ? { ok: true, data: { version: done.data.version } } : done;
}

/**
 * `thirtyFive/deal`: closes collection, deals the cards (seed and the cards' anonymous ids and
 * hidden order drawn here, `deal-draw.ts`) and plans the rounds.
 */
export function dealCards(caller: Caller, payload: DealPayload): Promise<ApiResult<Accepted>> {
  const { version, ...settings } = payload;
  const draw = drawForDeal();
  const command: ThirtyFiveCommand = { type: 'deal', seed: randomUUID(), draw, ...settings };
  return transition(caller, version, command, 'dealt');
}

/**
 * `thirtyFive/nextRound`: starts the next round; a double click advances once. The round's start
 * (the server's clock) and the optional round timer's length are stored with it, so every screen
 * counts down the same round timer.
 */
export function nextRound(caller: Caller, payload: NextRoundPayload): Promise<ApiResult<Accepted>> {
  const command: ThirtyFiveCommand =
    payload.minutes === undefined
      ? { type: 'nextRound' }
      : { type: 'nextRound', minutes: payload.minutes };
  return transition(caller, payload.version, command, 'round');
}

/**
 * `thirtyFive/admitParticipant`: between rounds, adds a late arrival who asked to join (their own
 * ask record, read by the full load: an account id that did not ask is refused). They take the
 * card resting longest in the pool, or else bring the card they wrote (a fresh random id and a
 * hidden rank drawn here, `deal-draw.ts`), and the remaining rounds are re-planned.
 */
export function admitParticipant(
  caller: Caller,
  payload: AdmitPayload,
): Promise<ApiResult<Accepted>> {
  const command: ThirtyFiveCommand = {
    type: 'admitParticipant',
    accountId: payload.accountId,
    draw: drawForAdmission(),
  };
  return transition(caller, payload.version, command, 'admitted');
}

/** `thirtyFive/removeParticipant`: keeps every card in play and re-plans the rounds after this. */
export function removeParticipant(
  caller: Caller,
  payload: RemovePayload,
): Promise<ApiResult<Accepted>> {
  const command: ThirtyFiveCommand = { type: 'removeParticipant', accountId: payload.accountId };
  return transition(caller, payload.version, command, 'removed');
}

/** `thirtyFive/showResults`: ends the rounds and shows the ranking. */
export function showResults(caller: Caller, payload: Seen): Promise<ApiResult<Accepted>> {
  return transition(caller, payload.version, { type: 'showResults' }, 'results');
}

/** `thirtyFive/enterTallies`: the in-room mode's numbers from the backs of the paper cards. */
export function enterTallies(
  caller: Caller,
  payload: TalliesPayload,
): Promise<ApiResult<Accepted>> {
  const { version, ...tallies } = payload;
  return transition(caller, version, { type: 'enterTallies', ...tallies }, 'tallies');
}

/**
 * Loads a finished game for a facilitator step outside the domain's commands (backlog, notes):
 * AUTH (facilitator), the phase, then the version the screen showed.
 */
async function finishedGame(caller: Caller, seen: number) {
  const loaded = await engine.loadForFacilitator(thirtyFive, caller);
  if (!loaded.ok) return loaded;
  const { state, meta } = loaded.data;
  if (state.phase !== 'results' && state.phase !== 'ended') {
    return {
      ok: false as const,
      error: { code: 'WRONG_PHASE' as const, message: 'Show the results first.' },
    };
  }
  if (meta.version !== seen) {
    return {
      ok: false as const,
      error: { code: 'CONFLICT' as const, message: thirtyFive.messages.conflict },
    };
  }
  return loaded;
}

/**
 * `thirtyFive/sendToBacklog`: imports the ranking into the space's backlog (idempotent: a second
 * send adds nothing, writes nothing and announces nothing) and marks the game as sent. The backlog
 * announces its own change on its channel; the game's mark is announced once on the macro's.
 */
export async function sendToBacklog(
  caller: Caller,
  payload: Seen,
): Promise<ApiResult<SentToBacklog>> {
  const loaded = await finishedGame(caller, payload.version);
  if (!loaded.ok) return loaded;
  const { row, state, scope } = loaded.data;
  const input = backlogImportOf(state, scope.board);
  if (input === null)
    return { ok: false, error: { code: 'WRONG_PHASE', message: 'Show the results first.' } };
  const imported = await importGameToBacklog(caller, placeOf(row), input);
  if (!imported.ok) return imported;
  if (imported.data.imported === 0 && row.backlog !== null) {
    return { ok: true, data: { version: row.version, imported: 0 } };
  }
  const backlog = {
    imported: (row.backlog?.imported ?? 0) + imported.data.imported,
    at: Date.now(),
  };
  const committed = await engine.commitRow(
    thirtyFive,
    caller,
    loaded.data,
    { ...row, backlog },
    'backlog',
  );
  if (!committed.ok) return committed;
  return { ok: true, data: { version: committed.data.version, imported: imported.data.imported } };
}

/**
 * The notes job of a game: one per board and session, so a retry or a double click makes one
 * page (session 1 keeps the id boards had before sessions existed).
 */
export const notesJobId = (board: string, session = 1): string =>
  session <= 1 ? `thirty-five:${board}` : `thirty-five:${board}.${session}`;

/**
 * `thirtyFive/end`: creates the notes page (as the facilitator, idempotent per game), then ends the
 * game with the page's link. If the page cannot be made (a missing permission, say) the game stays
 * in its results and the facilitator can retry; nothing is ended without its notes.
 */
export async function endGame(caller: Caller, payload: Seen): Promise<ApiResult<Ended>> {
  const loaded = await finishedGame(caller, payload.version);
  if (!loaded.ok) return loaded;
  const { row, state, scope, now } = loaded.data;
  const decided = decide(
    state,
    { type: 'end' },
    { actor: caller.accountId, now, isFacilitator: true },
  );
  if (!decided.ok) return decided;
  const model = notesModelOf(state, {
    facilitator: caller.accountId,
    now,
    contentId: row.contentId,
  });
  if (model === null)
    return { ok: false, error: { code: 'WRONG_PHASE', message: 'Show the results first.' } };
  const notes = await createSessionNotes(
    caller,
    placeOf(row),
    { id: notesJobId(scope.board, scope.session), board: scope.board },
    model,
  );
  if (!notes.ok) return notes;
  const events = facilitatorEvents(decided.value);
  const next: GameRow = { ...row, notes: notes.data, log: [...row.log, ...events] };
  const committed = await engine.commitRow(thirtyFive, caller, loaded.data, next, 'ended', events);
  if (!committed.ok) return committed;
  return { ok: true, data: { version: committed.data.version, notes: notes.data } };
}
