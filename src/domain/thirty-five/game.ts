import { assertNever, err, ok, type Result } from '../result';
import { dealCards } from './deal';
import type { ThirtyFiveErrorCode } from './errors';
import { validateTallies, type TallyEntry } from './in-room';
import {
  CARD_ID_PATTERN,
  DEFAULT_POINTS,
  DEFAULT_ROUNDS,
  MAX_JOIN_ASKS,
  MAX_LATE_ARRIVALS,
  MAX_PARTICIPANTS,
  MAX_ROUND_MINUTES,
  MIN_PARTICIPANTS,
  validateCardText,
  validatePoints,
  validateRounds,
} from './rules';
import { holdingsAfter, planRounds } from './schedule';
import type { Tally } from './scoring';
import { isSameSplit, latestRecord, lockedSplit, validateSplit, type SplitRecord } from './split';
import type { AccountId, Card, CardId, Pair, RoundPlan, SplitPoints } from './types';

/* ------------------------------------------------------------------ state */

/**
 * A card being written: editable until collection closes. `firstAt` decides which cards take part
 * when more than MAX_PARTICIPANTS were written (the earliest do); it never reaches a card's id or
 * its place in any order a view shows (`anonymousCards`).
 */
export interface CardDraft {
  readonly text: string;
  readonly firstAt: number;
  readonly at: number;
}

/** A game played online, fixed at the deal and changed only by rounds, splits and removals. */
export interface OnlineGame {
  readonly seed: number | string;
  readonly rounds: number;
  readonly points: number;
  /**
   * The cards in the deal's hidden order (`anonymousCards`): the order the deal walks and the
   * ranking's last tie-break. Authors stay here and never reach a view, and neither does this order.
   */
  readonly cards: readonly Card[];
  /** People still playing. */
  readonly players: readonly AccountId[];
  readonly removed: readonly AccountId[];
  /** Round 1 to R, as currently planned (a removal re-plans the rounds after it). */
  readonly schedule: readonly RoundPlan[];
  /** Rounds started so far (0 before round 1). */
  readonly roundsStarted: number;
  /** Each participant's latest split record, per round. */
  readonly splits: Readonly<Record<number, Readonly<Record<AccountId, SplitRecord>>>>;
  /**
   * People who arrived after the deal and asked to join (their own record), not yet admitted: the
   * earliest MAX_JOIN_ASKS by first ask. Absent in games folded before late arrivals existed.
   */
  readonly asks?: Readonly<Record<AccountId, JoinAsk>>;
  /** How many late arrivals were admitted so far (absent: none). */
  readonly admitted?: number;
}

/** A late arrival's ask to join: the card they wrote in case the pool holds none for them. */
export interface JoinAsk {
  readonly text: string;
  readonly firstAt: number;
  readonly at: number;
}

/** How a game's results came to be: played online, or typed in from paper cards. */
export type Outcome =
  | { readonly mode: 'online'; readonly game: OnlineGame }
  | { readonly mode: 'in-room'; readonly tally: Tally };

/** The Thirty Five state machine: collecting → dealt → round(n) → results → ended. */
export type ThirtyFiveState =
  | { readonly phase: 'collecting'; readonly drafts: Readonly<Record<AccountId, CardDraft>> }
  | { readonly phase: 'dealt'; readonly game: OnlineGame }
  | { readonly phase: 'round'; readonly round: number; readonly game: OnlineGame }
  | { readonly phase: 'results'; readonly outcome: Outcome }
  | { readonly phase: 'ended'; readonly outcome: Outcome; readonly endedAt: number };

export type Phase = ThirtyFiveState['phase'];

/** The state of a game nobody has touched yet. */
export const initialState: ThirtyFiveState = { phase: 'collecting', drafts: {} };

/* --------------------------------------------------------------- commands */

export type ThirtyFiveCommand =
  | { readonly type: 'submitCard'; readonly text: string }
  | {
      readonly type: 'deal';
      readonly seed: number | string;
      readonly draw: DealDraw;
      readonly rounds?: number;
      readonly points?: number;
    }
  | { readonly type: 'nextRound'; readonly minutes?: number }
  | { readonly type: 'proposeSplit'; readonly points: SplitPoints }
  | { readonly type: 'confirmSplit'; readonly points: SplitPoints }
  | { readonly type: 'removeParticipant'; readonly accountId: AccountId }
  | { readonly type: 'askToJoin'; readonly text: string }
  | {
      readonly type: 'admitParticipant';
      readonly accountId: AccountId;
      readonly draw: AdmitDraw;
    }
  | { readonly type: 'showResults' }
  | {
      readonly type: 'enterTallies';
      readonly cards: readonly TallyEntry[];
      readonly rounds?: number;
      readonly points?: number;
    }
  | { readonly type: 'end' };

export type CommandType = ThirtyFiveCommand['type'];

/**
 * The randomness that makes cards anonymous, drawn by the server from a secure source at the deal
 * and passed in (the domain draws nothing). Only what it decides is stored: each card's id and the
 * order of the dealt cards.
 */
export interface DealDraw {
  /** Fresh card ids (`CARD_ID_PATTERN`), distinct, at least one per card. */
  readonly cardIds: readonly CardId[];
  /** Secret ranks, at least one per card: the dealt cards' hidden order, lowest first. */
  readonly ranks: readonly number[];
}

/**
 * The randomness a late arrival's new card needs, drawn by the server as for the deal: a fresh id
 * (`CARD_ID_PATTERN`) and a secret rank, uniform in [0, 1). The new card takes the place
 * `floor(rank × (n + 1))` among the n cards' hidden order: every place equally likely, exactly the
 * place a rank drawn with the others at the deal would have given it. Unused when the late arrival
 * takes a card from the pool.
 */
export interface AdmitDraw {
  readonly cardId: CardId;
  readonly rank: number;
}

/** Who is acting and when: identity and time come from outside the domain. */
export interface DecideContext {
  readonly actor: AccountId;
  readonly now: number;
  readonly isFacilitator: boolean;
}

/* ----------------------------------------------------------------- events */

export type ThirtyFiveEvent =
  | {
      readonly type: 'CardSubmitted';
      readonly v: 1;
      readonly by: AccountId;
      readonly text: string;
      readonly firstAt: number;
      readonly at: number;
    }
  | {
      readonly type: 'CardsDealt';
      readonly v: 1;
      readonly at: number;
      readonly seed: number | string;
      readonly rounds: number;
      readonly points: number;
      readonly cards: readonly Card[];
      readonly deal: Readonly<Record<AccountId, CardId>>;
      readonly schedule: readonly RoundPlan[];
    }
  | {
      readonly type: 'RoundStarted';
      readonly v: 1;
      readonly round: number;
      /** When the round started (the server's clock): every screen counts the round timer from it. */
      readonly at: number;
      /** The round timer's length in minutes, when the facilitator set one (absent: no timer). */
      readonly minutes?: number;
    }
  | {
      readonly type: 'SplitProposed' | 'SplitConfirmed';
      readonly v: 1;
      readonly round: number;
      readonly by: AccountId;
      readonly points: SplitPoints;
      readonly at: number;
    }
  | {
      readonly type: 'ParticipantRemoved';
      readonly v: 1;
      readonly accountId: AccountId;
      /** Rounds already started when the person left; the plan changes from the next one. */
      readonly afterRound: number;
      readonly replanned: readonly RoundPlan[];
      readonly at: number;
    }
  | {
      /** A late arrival's ask to join, stored under their own key. */
      readonly type: 'JoinAsked';
      readonly v: 1;
      readonly by: AccountId;
      readonly text: string;
      readonly firstAt: number;
      readonly at: number;
    }
  | {
      readonly type: 'ParticipantAdmitted';
      readonly v: 1;
      readonly accountId: AccountId;
      /** Rounds already started when the person was admitted; they play from the next one. */
      readonly afterRound: number;
      /** The card the late arrival wrote, when the pool held none (then it joins the game). */
      readonly cards: readonly Card[];
      /** Where that card sits in the cards' hidden order (`AdmitDraw`); 0 when none. */
      readonly position: number;
      /** The pool card the late arrival took, or null when they brought their own. */
      readonly taken: CardId | null;
      readonly replanned: readonly RoundPlan[];
      readonly at: number;
    }
  | { readonly type: 'ResultsShown'; readonly v: 1; readonly at: number }
  | { readonly type: 'TalliesEntered'; readonly v: 1; readonly tally: Tally; readonly at: number }
  | { readonly type: 'GameEnded'; readonly v: 1; readonly at: number };

type Decision = Result<ThirtyFiveEvent[], ThirtyFiveErrorCode>;

/* ----------------------------------------------------------------- decide */

/**
 * Which command is legal in which phase. Anything not listed is refused with WRONG_PHASE, before any
 * other validation. Facilitator-only commands are checked first (AUTH before VALIDATION).
 */
export const LEGAL_COMMANDS: Readonly<Record<Phase, readonly CommandType[]>> = {
  collecting: ['submitCard', 'deal', 'enterTallies'],
  dealt: ['nextRound', 'removeParticipant', 'askToJoin', 'admitParticipant'],
  round: [
    'nextRound',
    'proposeSplit',
    'confirmSplit',
    'removeParticipant',
    'askToJoin',
    'admitParticipant',
    'showResults',
  ],
  results: ['enterTallies', 'end'],
  ended: [],
};

/** Commands only the facilitator may give. */
export const FACILITATOR_COMMANDS: readonly CommandType[] = [
  'deal',
  'nextRound',
  'removeParticipant',
  'admitParticipant',
  'showResults',
  'enterTallies',
  'end',
];

/**
 * Decides what a command means in the current state: the events to store, or a typed refusal.
 * Steps: AUTH (facilitator-only commands), the phase × command legality table, then the command's
 * own validation. Never throws for an expected refusal; time and seeds come in as arguments.
 */
export function decide(
  state: ThirtyFiveState,
  command: ThirtyFiveCommand,
  ctx: DecideContext,
): Decision {
  if (FACILITATOR_COMMANDS.includes(command.type) && !ctx.isFacilitator) {
    return err('NOT_FACILITATOR', 'Only the facilitator can do that.');
  }
  if (!LEGAL_COMMANDS[state.phase].includes(command.type)) {
    return err('WRONG_PHASE', `You cannot ${command.type} while the game is ${state.phase}.`);
  }
  // Below, `wrong()` only narrows the state's type: the legality table already ruled it out.
  switch (command.type) {
    case 'submitCard':
      /* c8 ignore next */
      return state.phase === 'collecting' ? decideSubmit(state.drafts, command.text, ctx) : wrong();
    case 'deal':
      /* c8 ignore next */
      return state.phase === 'collecting' ? decideDeal(state.drafts, command, ctx) : wrong();
    case 'nextRound':
      return decideNextRound(state, command.minutes, ctx);
    case 'proposeSplit':
    case 'confirmSplit':
      /* c8 ignore next 3 */
      return state.phase === 'round'
        ? decideSplit(state.game, state.round, command.type, command.points, ctx)
        : wrong();
    case 'removeParticipant':
      return decideRemove(state, command.accountId, ctx);
    case 'askToJoin':
      return decideAsk(state, command.text, ctx);
    case 'admitParticipant':
      return decideAdmit(state, command.accountId, command.draw, ctx);
    case 'showResults':
      return ok([{ type: 'ResultsShown', v: 1, at: ctx.now }]);
    case 'enterTallies':
      return decideTallies(state, command, ctx);
    case 'end':
      return ok([{ type: 'GameEnded', v: 1, at: ctx.now }]);
    /* c8 ignore next 2 -- an unknown command type never passes the legality table */
    default:
      return assertNever(command);
  }
}

/* The legality table already ruled these out; the narrowing keeps the types honest. */
const wrong = (): Decision => err('WRONG_PHASE', 'Not in this phase.');

function decideSubmit(
  drafts: Readonly<Record<AccountId, CardDraft>>,
  text: string,
  ctx: DecideContext,
): Decision {
  const valid = validateCardText(text);
  if (!valid.ok) {
    return valid;
  }
  const existing = drafts[ctx.actor];
  if (existing === undefined && Object.keys(drafts).length >= MAX_PARTICIPANTS) {
    return err('GAME_FULL', `A game holds at most ${MAX_PARTICIPANTS} people.`);
  }
  return ok([
    {
      type: 'CardSubmitted',
      v: 1,
      by: ctx.actor,
      text: valid.value,
      firstAt: existing?.firstAt ?? ctx.now,
      at: ctx.now,
    },
  ]);
}

/** A draw that cannot make anonymous cards: a bug in the server's draw, never a user's input. */
export class InvalidDrawError extends RangeError {
  constructor(message: string) {
    super(`Deal draw: ${message}`);
    this.name = 'InvalidDrawError';
  }
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The anonymity rule: a dealt card carries no trace of who wrote it or when. The drafts, taken in
 * order of first submission (ties by account id), are matched one to one with the entries of a
 * draw the server made from a secure random source: the i-th draft gets `cardIds[i]` as its id and
 * `ranks[i]` as its secret rank. Ids and ranks are independent and uniformly random, so neither a
 * card's id nor its rank depends on its author or on when it was written. The cards are then put
 * in rank order (equal ranks by id): that order is the one the deal walks and the ranking's last
 * tie-break, and no view, notes page or export shows it. Who has written a card and when (the
 * roster, the notices) therefore pairs with nothing a player later sees of the cards. The result is
 * a function of the drafts and the draw alone, whatever order the records were folded in. Throws
 * `InvalidDrawError` when the draw is short, repeats an id or holds a malformed id or rank.
 */
export function anonymousCards(
  drafts: Readonly<Record<AccountId, CardDraft>>,
  draw: DealDraw,
): Card[] {
  const entries = Object.entries(drafts).sort(
    ([a, x], [b, y]) => x.firstAt - y.firstAt || byText(a, b),
  );
  const ids = draw.cardIds.slice(0, entries.length);
  const ranks = draw.ranks.slice(0, entries.length);
  if (ids.length < entries.length || ranks.length < entries.length) {
    throw new InvalidDrawError(`${entries.length} cards need as many ids and ranks`);
  }
  if (new Set(ids).size !== ids.length || !ids.every((id) => CARD_ID_PATTERN.test(id))) {
    throw new InvalidDrawError('card ids must be distinct and well-formed');
  }
  if (!ranks.every((r) => Number.isFinite(r))) {
    throw new InvalidDrawError('ranks must be finite numbers');
  }
  return entries
    .map(([author, draft], i) => ({
      card: { id: ids[i] as CardId, author, text: draft.text },
      rank: ranks[i] as number,
    }))
    .sort((x, y) => x.rank - y.rank || byText(x.card.id, y.card.id))
    .map(({ card }) => card);
}

function decideDeal(
  drafts: Readonly<Record<AccountId, CardDraft>>,
  command: Extract<ThirtyFiveCommand, { type: 'deal' }>,
  ctx: DecideContext,
): Decision {
  const rounds = validateRounds(command.rounds ?? DEFAULT_ROUNDS);
  if (!rounds.ok) {
    return rounds;
  }
  const points = validatePoints(command.points ?? DEFAULT_POINTS);
  if (!points.ok) {
    return points;
  }
  if (Object.keys(drafts).length < MIN_PARTICIPANTS) {
    return err('TOO_FEW_PARTICIPANTS', `Thirty Five needs at least ${MIN_PARTICIPANTS} cards.`);
  }
  const cards = anonymousCards(drafts, command.draw);
  const authored = cards.map((c) => ({ id: c.id, author: c.author as AccountId }));
  const deal = dealCards(authored, command.seed);
  /* c8 ignore next 3 -- two or more cards always deal */
  if (!deal.ok) {
    return deal;
  }
  const schedule = planRounds({
    players: authored.map((c) => c.author),
    holdings: deal.value,
    pool: [],
    authors: Object.fromEntries(authored.map((c) => [c.id, c.author])),
    firstRound: 1,
    lastRound: rounds.value,
    seed: command.seed,
    history: [],
  });
  return ok([
    {
      type: 'CardsDealt',
      v: 1,
      at: ctx.now,
      seed: command.seed,
      rounds: rounds.value,
      points: points.value,
      cards,
      deal: deal.value,
      schedule,
    },
  ]);
}

function decideNextRound(
  state: ThirtyFiveState,
  minutes: number | undefined,
  ctx: DecideContext,
): Decision {
  const game = state.phase === 'dealt' || state.phase === 'round' ? state.game : null;
  /* c8 ignore next 3 -- the legality table admits this only while dealt or in a round */
  if (game === null) {
    return wrong();
  }
  if (game.roundsStarted >= game.rounds) {
    return err('NO_MORE_ROUNDS', 'That was the last round: show the results.');
  }
  const timer = minutes ?? 0;
  if (!Number.isInteger(timer) || timer < 0 || timer > MAX_ROUND_MINUTES) {
    return err('INVALID_ROUNDS', `A round timer runs whole minutes, 0 to ${MAX_ROUND_MINUTES}.`);
  }
  const round = game.roundsStarted + 1;
  return ok([
    timer === 0
      ? { type: 'RoundStarted', v: 1, round, at: ctx.now }
      : { type: 'RoundStarted', v: 1, round, at: ctx.now, minutes: timer },
  ]);
}

/** The pair a player sits in for a round, or null (a bye, or not seated). */
export function pairOf(plan: RoundPlan | undefined, player: AccountId): Pair | null {
  return plan?.pairs.find((p) => p.a.player === player || p.b.player === player) ?? null;
}

/** The partner's account id in a pair. */
export const partnerIn = (pair: Pair, player: AccountId): AccountId =>
  pair.a.player === player ? pair.b.player : pair.a.player;

/** The locked split of a pair in a round, or null. */
export function pairLock(game: OnlineGame, round: number, pair: Pair): SplitPoints | null {
  const records = game.splits[round] ?? {};
  return lockedSplit(records[pair.a.player], records[pair.b.player]);
}

function decideSplit(
  game: OnlineGame,
  round: number,
  type: 'proposeSplit' | 'confirmSplit',
  points: SplitPoints,
  ctx: DecideContext,
): Decision {
  if (!game.players.includes(ctx.actor)) {
    return err('NOT_A_PARTICIPANT', 'Only people playing this game can split points.');
  }
  const pair = pairOf(game.schedule[round - 1], ctx.actor);
  if (pair === null) {
    return err('NOT_IN_PAIR', 'You have a bye this round: nothing to split.');
  }
  const valid = validateSplit(points, [pair.a.card, pair.b.card], game.points);
  if (!valid.ok) {
    return valid;
  }
  if (pairLock(game, round, pair) !== null) {
    return err('SPLIT_LOCKED', 'This pair has already agreed its split.');
  }
  const base = { v: 1 as const, round, by: ctx.actor, points: valid.value, at: ctx.now };
  if (type === 'proposeSplit') {
    return ok([{ type: 'SplitProposed', ...base }]);
  }
  const theirs = (game.splits[round] ?? {})[partnerIn(pair, ctx.actor)];
  if (theirs === undefined || theirs.kind !== 'proposed') {
    return err('NO_PROPOSAL', 'Your partner has not proposed a split yet.');
  }
  if (!isSameSplit(theirs.points, valid.value)) {
    return err('PROPOSAL_CHANGED', 'Your partner changed the proposal: look again.');
  }
  return ok([{ type: 'SplitConfirmed', ...base }]);
}

/**
 * Who holds what, and what rests in the pool, at the start of round `round`: the seats of that
 * round's current plan (which already reflect every removal), or, after the last round, the
 * holdings the last round leaves.
 */
export function startOfRound(
  game: OnlineGame,
  round: number,
): { holdings: Record<AccountId, CardId>; pool: CardId[] } {
  const plan = game.schedule[round - 1];
  if (plan === undefined) {
    return holdingsAfter(game.schedule[game.schedule.length - 1] as RoundPlan);
  }
  const holdings: Record<AccountId, CardId> = {};
  for (const seat of [...plan.pairs.flatMap((p) => [p.a, p.b]), ...(plan.bye ? [plan.bye] : [])]) {
    holdings[seat.player] = seat.card;
  }
  return { holdings, pool: [...plan.pool] };
}

function decideRemove(state: ThirtyFiveState, accountId: AccountId, ctx: DecideContext): Decision {
  const game = state.phase === 'dealt' || state.phase === 'round' ? state.game : null;
  /* c8 ignore next 3 -- the legality table admits this only while dealt or in a round */
  if (game === null) {
    return wrong();
  }
  if (!game.players.includes(accountId)) {
    return err('UNKNOWN_PARTICIPANT', 'That person is not playing this game.');
  }
  if (game.players.length - 1 < MIN_PARTICIPANTS) {
    return err('TOO_FEW_PARTICIPANTS', `At least ${MIN_PARTICIPANTS} people must remain.`);
  }
  const afterRound = game.roundsStarted;
  const { holdings, pool } = startOfRound(game, afterRound + 1);
  const players = game.players.filter((p) => p !== accountId);
  const replanned =
    afterRound >= game.rounds
      ? []
      : planRounds({
          players,
          holdings,
          pool: [...pool, holdings[accountId] as CardId],
          authors: Object.fromEntries(game.cards.map((c) => [c.id, c.author])),
          firstRound: afterRound + 1,
          lastRound: game.rounds,
          seed: `${game.seed}/remove/${accountId}/${afterRound}`,
          history: game.schedule.slice(0, afterRound),
        });
  return ok([{ type: 'ParticipantRemoved', v: 1, accountId, afterRound, replanned, at: ctx.now }]);
}

/** The game being played (dealt or in a round), or null. */
const gameInPlay = (state: ThirtyFiveState): OnlineGame | null =>
  state.phase === 'dealt' || state.phase === 'round' ? state.game : null;

function decideAsk(state: ThirtyFiveState, text: string, ctx: DecideContext): Decision {
  const game = gameInPlay(state);
  /* c8 ignore next 3 -- the legality table admits this only while dealt or in a round */
  if (game === null) {
    return wrong();
  }
  if (game.players.includes(ctx.actor)) {
    return err('ALREADY_PLAYING', 'You are already playing this game.');
  }
  if (game.removed.includes(ctx.actor)) {
    return err('NOT_A_PARTICIPANT', 'You were taken out of this game: you can watch it.');
  }
  if (game.players.length >= MAX_PARTICIPANTS) {
    return err('GAME_FULL', `A game holds at most ${MAX_PARTICIPANTS} people.`);
  }
  const valid = validateCardText(text);
  if (!valid.ok) {
    return valid;
  }
  const existing = game.asks?.[ctx.actor];
  return ok([
    {
      type: 'JoinAsked',
      v: 1,
      by: ctx.actor,
      text: valid.value,
      firstAt: existing?.firstAt ?? ctx.now,
      at: ctx.now,
    },
  ]);
}

/**
 * Whether the game is between rounds: dealt and round 1 not started, or every pair of the round
 * being played whose two people still play has agreed its split (a pair with someone taken out
 * can never agree, so it does not hold the game up).
 */
export function isBetweenRounds(state: ThirtyFiveState): boolean {
  if (state.phase === 'dealt') {
    return true;
  }
  if (state.phase !== 'round') {
    return false;
  }
  const { game, round } = state;
  const plan = game.schedule[round - 1];
  return (plan?.pairs ?? []).every(
    (pair) =>
      !game.players.includes(pair.a.player) ||
      !game.players.includes(pair.b.player) ||
      pairLock(game, round, pair) !== null,
  );
}

function decideAdmit(
  state: ThirtyFiveState,
  accountId: AccountId,
  draw: AdmitDraw,
  ctx: DecideContext,
): Decision {
  const game = gameInPlay(state);
  /* c8 ignore next 3 -- the legality table admits this only while dealt or in a round */
  if (game === null) {
    return wrong();
  }
  const ask = game.asks?.[accountId];
  if (ask === undefined || game.players.includes(accountId) || game.removed.includes(accountId)) {
    return err('UNKNOWN_PARTICIPANT', 'That person has not asked to join this game.');
  }
  if (game.roundsStarted >= game.rounds) {
    return err('NO_MORE_ROUNDS', 'That was the last round: nobody can join any more.');
  }
  if (!isBetweenRounds(state)) {
    return err(
      'WRONG_PHASE',
      'A late arrival joins between rounds: once every pair has agreed, before the next round starts.',
    );
  }
  if (game.players.length >= MAX_PARTICIPANTS) {
    return err('GAME_FULL', `A game holds at most ${MAX_PARTICIPANTS} people.`);
  }
  if ((game.admitted ?? 0) >= MAX_LATE_ARRIVALS) {
    return err('GAME_FULL', `A game admits at most ${MAX_LATE_ARRIVALS} late arrivals.`);
  }
  const afterRound = game.roundsStarted;
  const { holdings, pool } = startOfRound(game, afterRound + 1);
  const taken = pool[0] ?? null;
  let cards: Card[] = [];
  let position = 0;
  let card: CardId;
  if (taken !== null) {
    card = taken;
  } else {
    if (
      !CARD_ID_PATTERN.test(draw.cardId) ||
      game.cards.some((c) => c.id === draw.cardId) ||
      !(draw.rank >= 0 && draw.rank < 1)
    ) {
      throw new InvalidDrawError('a late card needs a fresh well-formed id and a rank in [0, 1)');
    }
    card = draw.cardId;
    cards = [{ id: card, author: accountId, text: ask.text }];
    position = Math.floor(draw.rank * (game.cards.length + 1));
  }
  const players = [...game.players, accountId];
  const allCards = [...game.cards, ...cards];
  const replanned = planRounds({
    players,
    holdings: { ...holdings, [accountId]: card },
    pool: taken === null ? pool : pool.slice(1),
    authors: Object.fromEntries(allCards.map((c) => [c.id, c.author])),
    firstRound: afterRound + 1,
    lastRound: game.rounds,
    seed: `${game.seed}/admit/${accountId}/${afterRound}`,
    history: game.schedule.slice(0, afterRound),
  });
  return ok([
    {
      type: 'ParticipantAdmitted',
      v: 1,
      accountId,
      afterRound,
      cards,
      position,
      taken,
      replanned,
      at: ctx.now,
    },
  ]);
}

function decideTallies(
  state: ThirtyFiveState,
  command: Extract<ThirtyFiveCommand, { type: 'enterTallies' }>,
  ctx: DecideContext,
): Decision {
  if (state.phase === 'results' && state.outcome.mode === 'online') {
    return err('WRONG_PHASE', 'This game was played online: its results come from the rounds.');
  }
  const rounds = validateRounds(command.rounds ?? DEFAULT_ROUNDS);
  if (!rounds.ok) {
    return rounds;
  }
  const points = validatePoints(command.points ?? DEFAULT_POINTS);
  if (!points.ok) {
    return points;
  }
  const tally = validateTallies(command.cards, rounds.value, points.value);
  if (!tally.ok) {
    return tally;
  }
  return ok([{ type: 'TalliesEntered', v: 1, tally: tally.value, at: ctx.now }]);
}

/* ----------------------------------------------------------------- evolve */

/**
 * Applies one event to the state and returns the new state (the input is never mutated). Per-
 * participant records (cards, split records) fold order-independently: a participant's latest
 * record wins by time, and records that arrive after their phase (a card folded after the deal)
 * change nothing, because the deal carries the cards it froze. Facilitator events apply in order.
 */
export function evolve(state: ThirtyFiveState, event: ThirtyFiveEvent): ThirtyFiveState {
  switch (event.type) {
    case 'CardSubmitted': {
      if (state.phase !== 'collecting') {
        return state;
      }
      const existing = state.drafts[event.by];
      const draft: CardDraft =
        existing === undefined ||
        event.at > existing.at ||
        (event.at === existing.at && event.text > existing.text)
          ? { text: event.text, firstAt: event.firstAt, at: event.at }
          : existing;
      const firstAt = Math.min(existing?.firstAt ?? event.firstAt, event.firstAt);
      return {
        phase: 'collecting',
        drafts: { ...state.drafts, [event.by]: { ...draft, firstAt } },
      };
    }
    case 'CardsDealt':
      if (state.phase !== 'collecting') {
        return state;
      }
      return {
        phase: 'dealt',
        game: {
          seed: event.seed,
          rounds: event.rounds,
          points: event.points,
          cards: event.cards,
          players: event.cards.map((c) => c.author as AccountId),
          removed: [],
          schedule: event.schedule,
          roundsStarted: 0,
          splits: {},
        },
      };
    case 'RoundStarted':
      if (state.phase !== 'dealt' && state.phase !== 'round') {
        return state;
      }
      return {
        phase: 'round',
        round: event.round,
        game: { ...state.game, roundsStarted: event.round },
      };
    case 'SplitProposed':
    case 'SplitConfirmed':
      return withGame(state, (game) => {
        const records = game.splits[event.round] ?? {};
        const incoming: SplitRecord = {
          kind: event.type === 'SplitProposed' ? 'proposed' : 'confirmed',
          points: event.points,
          at: event.at,
        };
        const existing = records[event.by];
        const record = existing === undefined ? incoming : latestRecord(existing, incoming);
        return {
          ...game,
          splits: { ...game.splits, [event.round]: { ...records, [event.by]: record } },
        };
      });
    case 'ParticipantRemoved':
      return withGame(state, (game) => ({
        ...game,
        players: game.players.filter((p) => p !== event.accountId),
        removed: [...game.removed, event.accountId],
        schedule: [...game.schedule.slice(0, event.afterRound), ...event.replanned],
      }));
    case 'JoinAsked':
      return withGame(state, (game) => {
        if (game.players.includes(event.by) || game.removed.includes(event.by)) {
          return game;
        }
        const asks = game.asks ?? {};
        const existing = asks[event.by];
        if (existing === undefined && Object.keys(asks).length >= MAX_JOIN_ASKS) {
          return game;
        }
        const latest =
          existing === undefined ||
          event.at > existing.at ||
          (event.at === existing.at && event.text > existing.text);
        const ask: JoinAsk = {
          text: latest ? event.text : existing.text,
          at: latest ? event.at : existing.at,
          firstAt: Math.min(existing?.firstAt ?? event.firstAt, event.firstAt),
        };
        return { ...game, asks: { ...asks, [event.by]: ask } };
      });
    case 'ParticipantAdmitted':
      return withGame(state, (game) => {
        const { [event.accountId]: _admitted, ...asks } = game.asks ?? {};
        const cards = [...game.cards];
        cards.splice(event.position, 0, ...event.cards);
        return {
          ...game,
          cards,
          players: [...game.players, event.accountId],
          asks,
          admitted: (game.admitted ?? 0) + 1,
          schedule: [...game.schedule.slice(0, event.afterRound), ...event.replanned],
        };
      });
    case 'ResultsShown':
      return state.phase === 'round'
        ? { phase: 'results', outcome: { mode: 'online', game: state.game } }
        : state;
    case 'TalliesEntered':
      return state.phase === 'collecting' || state.phase === 'results'
        ? { phase: 'results', outcome: { mode: 'in-room', tally: event.tally } }
        : state;
    case 'GameEnded':
      return state.phase === 'results'
        ? { phase: 'ended', outcome: state.outcome, endedAt: event.at }
        : state;
    default:
      return assertNever(event);
  }
}

/** Applies `change` to the online game of any phase that has one; other states pass through. */
function withGame(
  state: ThirtyFiveState,
  change: (game: OnlineGame) => OnlineGame,
): ThirtyFiveState {
  switch (state.phase) {
    case 'collecting':
      return state;
    case 'dealt':
    case 'round':
      return { ...state, game: change(state.game) };
    case 'results':
    case 'ended':
      return state.outcome.mode === 'online'
        ? { ...state, outcome: { mode: 'online', game: change(state.outcome.game) } }
        : state;
    default:
      return assertNever(state);
  }
}

/** Folds a list of events from the initial state: how a stored game is loaded. */
export function replay(events: readonly ThirtyFiveEvent[]): ThirtyFiveState {
  return events.reduce(evolve, initialState);
}
