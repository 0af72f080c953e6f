/**
 * Thirty Five use cases: load → decide → write → publish. A game is a board: the macro instance on
 * its page (`boardOf`), so a copied page starts games of its own. Where it runs is asked of
 * Confluence as its starter when it starts, and every other person is checked once (`place.ts`).
 *
 * - Participant actions (card, split) read once (a batch get of the game row and the records the
 *   rule needs), write once (their own key, in a transaction that checks the game row's version)
 *   and publish once.
 * - Facilitator transitions load the whole game (the row plus one prefix query of the records of
 *   the current phase), decide, and compare-and-set the row on its version: of two racing
 *   transitions exactly one lands, the other answers CONFLICT.
 * - Time is taken once per call (`Date.now()`) and seeds are `crypto.randomUUID()`, both passed
 *   into the domain. Refused commands write nothing and publish nothing.
 */
import { randomUUID } from 'node:crypto';
import type { ErrorCode } from '../contract/errors';
import type { ApiError, ApiResult } from '../contract/result';
import type {
  Accepted,
  Ended,
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
  pairOf,
  replay,
  type RoundPlan,
  type ThirtyFiveCommand,
  type ThirtyFiveEvent,
  type ThirtyFiveState,
} from '../domain/thirty-five';
import type { Caller } from '../resolvers/define';
import { boardGrant, saveBoardAccess, type AccessGrant } from '../storage/access';
import {
  createGame,
  listCards,
  listSplits,
  readGame,
  readGameAndCard,
  readGameAndSplits,
  saveGame,
  writeCard,
  writeSplit,
  type CardRecord,
  type FacilitatorEvent,
  type GameRow,
} from '../storage/thirty-five';
import type { BoardAccess } from '../storage/access';
import { importGameToBacklog } from './backlog';
import { announceChange } from './live';
import { createSessionNotes } from './notes';
import {
  admitToBoard,
  boardOf,
  isSpaceAdmin,
  pageOfCaller,
  type Admission,
  type PagePlace,
} from './place';
import { drawForDeal } from './deal-draw';
import { backlogImportOf, notesModelOf } from './thirty-five-export';
import { notStartedView, peopleIn, stateView } from './thirty-five-view';
import { displayNames } from './users';

/** The macro module these services answer for. */
export const THIRTY_FIVE_MODULE = 'thirty-five';

type Refusal = { readonly ok: false; readonly error: ApiError };

const fail = (code: ErrorCode, message: string): Refusal => ({
  ok: false,
  error: { code, message },
});

const notStarted = () =>
  fail('NOT_FOUND', 'No game has been started in this macro yet: the facilitator starts it.');
const conflict = () =>
  fail('CONFLICT', 'The game changed while you were acting. Look again and retry.');
const wrongMacro = () => fail('NOT_IN_MACRO', 'This action only works from a Thirty Five macro.');

const isWrongMacro = (caller: Caller): boolean => caller.moduleKey !== THIRTY_FIVE_MODULE;

const isFacilitatorEvent = (e: ThirtyFiveEvent): e is FacilitatorEvent =>
  e.type !== 'CardSubmitted' && e.type !== 'SplitProposed' && e.type !== 'SplitConfirmed';

function facilitatorEvents(events: readonly ThirtyFiveEvent[]): FacilitatorEvent[] {
  return events.map((e) => {
    if (!isFacilitatorEvent(e)) throw new Error(`${e.type} is not a facilitator event`);
    return e;
  });
}

/* ------------------------------------------------------------------ load */

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

/**
 * A game's whole state: cards, then the facilitator's log, then the split records. Records fold
 * order-independently (the domain guarantees it), and only the records the phase needs are read:
 * cards before the deal (the deal freezes them), splits after it, nothing for an in-room tally.
 */
export async function loadState(localId: string, row: GameRow): Promise<ThirtyFiveState> {
  const isDealt = row.log.some((e) => e.type === 'CardsDealt');
  const isTallied = row.log.some((e) => e.type === 'TalliesEntered');
  const cards = !isDealt && !isTallied ? earliestCards(await listCards(localId)) : [];
  const splits = isDealt ? await listSplits(localId) : [];
  return [...row.log, ...splits].reduce<ThirtyFiveState>(evolve, replay(cards));
}

/** Where a game runs, as Confluence gave it to its starter. */
const placeOf = (row: GameRow): PagePlace => ({
  pageId: row.contentId,
  spaceId: row.spaceId,
  spaceKey: row.spaceKey,
});

/** Lets the caller act on or read an existing game (checked once per person: `place.ts`). */
const admit = (
  caller: Caller,
  row: GameRow,
  access: BoardAccess | undefined,
  now: number,
): Promise<Admission> =>
  admitToBoard(caller, { place: placeOf(row), startedBy: row.startedBy }, access, now);

/**
 * Who may give facilitator commands: whoever started the game, and the administrators of the
 * game's space — asked of Confluence now, only when the caller is not the starter.
 */
async function isFacilitator(caller: Caller, row: GameRow): Promise<boolean> {
  return caller.accountId === row.startedBy || isSpaceAdmin(row.spaceId);
}

/* ----------------------------------------------------------------- state */

/**
 * `thirtyFive/state`: the caller's view of the game in their macro. Reads only, except the
 * caller's access record the first time they look (Confluence asked once).
 */
export async function getState(caller: Caller): Promise<ApiResult<ThirtyFiveStateView>> {
  if (isWrongMacro(caller)) return wrongMacro();
  const board = boardOf(caller);
  const { game: row, access } = await readGame(board, caller.accountId);
  if (row === undefined) return { ok: true, data: notStartedView(caller.accountId) };
  const admitted = await admit(caller, row, access, Date.now());
  if (admitted.grant !== undefined) await saveBoardAccess(admitted.grant);
  const state = await loadState(board, row);
  // Showing controls may rely on the recorded answer; the commands themselves ask again.
  const isFac = caller.accountId === row.startedBy || admitted.isSpaceAdminHint;
  const names = await displayNames(peopleIn(row, state, caller.accountId));
  return { ok: true, data: stateView(row, state, caller.accountId, isFac, names) };
}

/* ------------------------------------------------------------------ start */

/**
 * `thirtyFive/start`: creates the game of this macro with the caller as its facilitator, in the
 * page and space Confluence gives the caller (a context naming another space is refused). Starting
 * a game that exists changes nothing and answers its version (the first starter stays facilitator).
 */
export async function startGame(caller: Caller): Promise<ApiResult<Accepted>> {
  if (isWrongMacro(caller)) return wrongMacro();
  const board = boardOf(caller);
  const now = Date.now();
  const { game: existing, access } = await readGame(board, caller.accountId);
  if (existing !== undefined) {
    await admit(caller, existing, access, now);
    return { ok: true, data: { version: existing.version } };
  }
  const place = await pageOfCaller(caller);
  const row: GameRow = {
    version: 1,
    spaceKey: place.spaceKey,
    spaceId: place.spaceId,
    startedBy: caller.accountId,
    startedAt: now,
    contentId: place.pageId,
    log: [],
    backlog: null,
    notes: null,
  };
  const grant = boardGrant(board, caller.accountId, { at: now, isSpaceAdmin: false });
  if ((await createGame(board, row, grant)) === 'conflict') return conflict();
  await announceChange(caller.localId, { version: row.version, kind: 'started' });
  return { ok: true, data: { version: row.version } };
}

/* ------------------------------------------------------ participant actions */

/**
 * `thirtyFive/join` / `thirtyFive/writeCard`: writes (or edits) the caller's one card while cards
 * are collected. One read (game row + my card, for the order of first submission), one write.
 */
export async function submitCard(
  caller: Caller,
  payload: CardPayload,
): Promise<ApiResult<Accepted>> {
  if (isWrongMacro(caller)) return wrongMacro();
  const now = Date.now();
  const board = boardOf(caller);
  const { game: row, card, access } = await readGameAndCard(board, caller.accountId);
  if (row === undefined) return notStarted();
  const { grant } = await admit(caller, row, access, now);
  const state = row.log.reduce<ThirtyFiveState>(evolve, replay(card === undefined ? [] : [card]));
  const decided = decide(
    state,
    { type: 'submitCard', text: payload.text },
    { actor: caller.accountId, now, isFacilitator: false },
  );
  if (!decided.ok) return decided;
  const [event] = decided.value;
  if (event?.type !== 'CardSubmitted') throw new Error('submitCard decided no card');
  if ((await writeCard(board, event, row.version, grant)) === 'conflict') return conflict();
  await announceChange(caller.localId, { version: row.version, kind: 'card' });
  return { ok: true, data: { version: row.version } };
}

/**
 * `thirtyFive/proposeSplit` / `confirmSplit`: the pair's two records are keyed by the two cards the
 * payload names, so one batch read brings the game row and both; the domain then checks that the
 * caller sits in that pair this round. A stale round is refused before anything is written.
 */
export async function splitPoints(
  caller: Caller,
  type: 'proposeSplit' | 'confirmSplit',
  payload: SplitPayload,
): Promise<ApiResult<Accepted>> {
  if (isWrongMacro(caller)) return wrongMacro();
  const now = Date.now();
  const cardIds = Object.keys(payload.points);
  const board = boardOf(caller);
  const read = await readGameAndSplits(board, caller.accountId, payload.round, cardIds);
  const { game: row, splits } = read;
  if (row === undefined) return notStarted();
  const { grant } = await admit(caller, row, read.access, now);
  let state = replay(row.log);
  if (state.phase === 'round' && state.round !== payload.round) {
    return fail('WRONG_PHASE', `Round ${payload.round} is over: this is round ${state.round}.`);
  }
  const plan = state.phase === 'round' ? state.game.schedule[state.round - 1] : undefined;
  for (const [cardId, record] of splits) {
    // Only the card's holder this round can have written its record; anything else is ignored.
    if (heldCard(plan, record.by) === cardId) state = evolve(state, record);
  }
  const command: ThirtyFiveCommand = { type, points: payload.points };
  const decided = decide(state, command, { actor: caller.accountId, now, isFacilitator: false });
  if (!decided.ok) return decided;
  const [event] = decided.value;
  const held = heldCard(plan, caller.accountId);
  if ((event?.type !== 'SplitProposed' && event?.type !== 'SplitConfirmed') || held === null) {
    throw new Error(`${type} decided no split`);
  }
  if ((await writeSplit(board, held, event, row.version, grant)) === 'conflict') return conflict();
  await announceChange(caller.localId, { version: row.version, kind: 'split' });
  return { ok: true, data: { version: row.version } };
}

/** The card a player holds in a pair of a round's plan, or null (a bye, or not seated). */
function heldCard(plan: RoundPlan | undefined, player: string): string | null {
  const pair = pairOf(plan, player);
  if (pair === null) return null;
  return pair.a.player === player ? pair.a.card : pair.b.card;
}

/* ------------------------------------------------------ facilitator actions */

/**
 * Runs one facilitator command: load the whole game, decide (AUTH first), then compare-and-set
 * the row with the new events appended. One write and one publish when accepted; none when not.
 */
async function transition(
  caller: Caller,
  seen: number,
  command: ThirtyFiveCommand,
  kind: string,
): Promise<ApiResult<Accepted>> {
  if (isWrongMacro(caller)) return wrongMacro();
  const now = Date.now();
  const board = boardOf(caller);
  const { game: row, access } = await readGame(board, caller.accountId);
  if (row === undefined) return notStarted();
  const { grant } = await admit(caller, row, access, now);
  const state = await loadState(board, row);
  const isFac = await isFacilitator(caller, row);
  const decided = decide(state, command, { actor: caller.accountId, now, isFacilitator: isFac });
  if (!decided.ok) return decided;
  // The facilitator acted on version `seen`: a second click of the same button, or a click on a
  // screen that has since changed, must not advance the game again.
  if (row.version !== seen) return conflict();
  return commit(caller, row, facilitatorEvents(decided.value), kind, {}, grant);
}

/**
 * Appends events (and marks) to the row, compare-and-set on its version, with the caller's access
 * record when this call made the check, and announces it.
 */
async function commit(
  caller: Caller,
  row: GameRow,
  events: readonly FacilitatorEvent[],
  kind: string,
  change: Partial<Pick<GameRow, 'backlog' | 'notes'>> = {},
  grant?: AccessGrant,
): Promise<ApiResult<Accepted>> {
  const next: GameRow = {
    ...row,
    ...change,
    version: row.version + 1,
    log: [...row.log, ...events],
  };
  if ((await saveGame(boardOf(caller), next, grant)) === 'conflict') return conflict();
  await announceChange(caller.localId, { version: next.version, kind });
  return { ok: true, data: { version: next.version } };
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

/** `thirtyFive/nextRound`: starts the next round; a double click advances once. */
export function nextRound(caller: Caller, payload: Seen): Promise<ApiResult<Accepted>> {
  return transition(caller, payload.version, { type: 'nextRound' }, 'round');
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
 * AUTH (facilitator), the version the screen showed, and a result to hand on.
 */
async function finishedGame(
  caller: Caller,
  seen: number,
): Promise<
  ApiResult<{ row: GameRow; state: ThirtyFiveState; board: string; grant: AccessGrant | undefined }>
> {
  if (isWrongMacro(caller)) return wrongMacro();
  const board = boardOf(caller);
  const { game: row, access } = await readGame(board, caller.accountId);
  if (row === undefined) return notStarted();
  const { grant } = await admit(caller, row, access, Date.now());
  if (!(await isFacilitator(caller, row))) {
    return fail('NOT_FACILITATOR', 'Only the facilitator can do that.');
  }
  const state = await loadState(board, row);
  if (state.phase !== 'results' && state.phase !== 'ended') {
    return fail('WRONG_PHASE', 'Show the results first.');
  }
  if (row.version !== seen) return conflict();
  return { ok: true, data: { row, state, board, grant } };
}

/**
 * `thirtyFive/sendToBacklog`: imports the ranking into the space's backlog (idempotent: a second
 * send adds nothing, writes nothing and announces nothing) and marks the game as sent. The backlog announces its own change on its
 * channel; the game's mark is announced once on the macro's.
 */
export async function sendToBacklog(
  caller: Caller,
  payload: Seen,
): Promise<ApiResult<SentToBacklog>> {
  const loaded = await finishedGame(caller, payload.version);
  if (!loaded.ok) return loaded;
  const { row, state, board, grant } = loaded.data;
  const input = backlogImportOf(state, board);
  if (input === null) return fail('WRONG_PHASE', 'Show the results first.');
  const imported = await importGameToBacklog(caller, placeOf(row), input);
  if (!imported.ok) return imported;
  if (imported.data.imported === 0 && row.backlog !== null) {
    return { ok: true, data: { version: row.version, imported: 0 } };
  }
  const backlog = {
    imported: (row.backlog?.imported ?? 0) + imported.data.imported,
    at: Date.now(),
  };
  const committed = await commit(caller, row, [], 'backlog', { backlog }, grant);
  if (!committed.ok) return committed;
  return { ok: true, data: { version: committed.data.version, imported: imported.data.imported } };
}

/** The notes job of a game: one per board, so a retry or a double click makes one page. */
export const notesJobId = (board: string): string => `thirty-five:${board}`;

/**
 * `thirtyFive/end`: creates the notes page (as the facilitator, idempotent per game), then ends the
 * game with the page's link. If the page cannot be made (a missing permission, say) the game stays
 * in its results and the facilitator can retry; nothing is ended without its notes.
 */
export async function endGame(caller: Caller, payload: Seen): Promise<ApiResult<Ended>> {
  const loaded = await finishedGame(caller, payload.version);
  if (!loaded.ok) return loaded;
  const { row, state, board, grant } = loaded.data;
  const now = Date.now();
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
  if (model === null) return fail('WRONG_PHASE', 'Show the results first.');
  const notes = await createSessionNotes(
    caller,
    placeOf(row),
    { id: notesJobId(board), board },
    model,
  );
  if (!notes.ok) return notes;
  const committed = await commit(
    caller,
    row,
    facilitatorEvents(decided.value),
    'ended',
    { notes: notes.data },
    grant,
  );
  if (!committed.ok) return committed;
  return { ok: true, data: { version: committed.data.version, notes: notes.data } };
}
