/**
 * The `thirtyFive/state` answer: one person's view of a game, built from the folded state by the
 * domain's projections. Pure; never includes who wrote which card (other than the caller's own).
 */
import {
  isBetweenRounds,
  ranking,
  roundProgress,
  viewFor,
  type CardView,
  type PlayerView,
  type ThirtyFiveState,
} from '../domain/thirty-five';
import { assertNever } from '../domain/result';
import {
  THIRTY_FIVE_TIE_BREAK_RULE,
  type ThirtyFiveStateView,
  type ThirtyFiveStep,
} from '../contract/thirty-five';
import type { GameRow } from '../storage/thirty-five';

const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The view of a macro where nobody has started a game yet. */
export function notStartedView(me: string): ThirtyFiveStateView {
  return {
    version: 0,
    phase: 'not-started',
    step: 'not-started',
    me,
    startedBy: null,
    isFacilitator: false,
    view: null,
    cards: null,
    names: {},
    players: [],
    removed: [],
    cardCount: 0,
    rounds: null,
    points: null,
    progress: null,
    canStartRound: false,
    ranking: null,
    tieBreakRule: THIRTY_FIVE_TIE_BREAK_RULE,
    mode: null,
    backlog: null,
    notes: null,
    asks: [],
    myAsk: null,
    canAdmit: false,
    roundTimer: null,
  };
}

/** Which step the caller is at: what the screen should ask of them now. */
export function stepOf(view: PlayerView): ThirtyFiveStep {
  switch (view.phase) {
    case 'collecting':
      return view.role === 'player' ? 'wait-for-deal' : 'write-card';
    case 'dealt':
      return view.role === 'player' ? 'wait-for-round' : 'watch';
    case 'round': {
      if (view.role !== 'player') return 'watch';
      const seat = view.seat;
      if (seat === null) return 'wait-for-round';
      if (seat.kind === 'bye') return 'bye';
      if (seat.locked !== null) return 'wait-for-round';
      const mine = seat.myRecord;
      const theirs = seat.partnerRecord;
      // The latest proposal is the live one: answer the partner's, or wait for them to answer mine.
      if (
        theirs !== null &&
        theirs.kind === 'proposed' &&
        (mine === null || theirs.at >= mine.at)
      ) {
        return 'confirm';
      }
      return mine === null ? 'propose' : 'wait-for-partner';
    }
    case 'results':
      return 'results';
    case 'ended':
      return 'ended';
    default:
      return assertNever(view);
  }
}

interface Roster {
  readonly players: readonly string[];
  readonly removed: readonly string[];
  readonly cardCount: number;
  readonly rounds: number | null;
  readonly points: number | null;
  readonly canStartRound: boolean;
  readonly mode: 'online' | 'in-room' | null;
}

function rosterOf(state: ThirtyFiveState): Roster {
  switch (state.phase) {
    case 'collecting': {
      const players = Object.keys(state.drafts).sort(byId);
      const none = { rounds: null, points: null, canStartRound: false, mode: null } as const;
      return { players, removed: [], cardCount: players.length, ...none };
    }
    case 'dealt':
    case 'round': {
      const { game } = state;
      return {
        players: [...game.players].sort(byId),
        removed: [...game.removed].sort(byId),
        cardCount: game.cards.length,
        rounds: game.rounds,
        points: game.points,
        canStartRound: game.roundsStarted < game.rounds,
        mode: 'online',
      };
    }
    case 'results':
    case 'ended': {
      const { outcome } = state;
      if (outcome.mode === 'in-room') {
        const { rounds, points, cards } = outcome.tally;
        const counts = { cardCount: cards.length, rounds, points };
        return { players: [], removed: [], canStartRound: false, mode: 'in-room', ...counts };
      }
      const { game } = outcome;
      return {
        players: [...game.players].sort(byId),
        removed: [...game.removed].sort(byId),
        cardCount: game.cards.length,
        rounds: game.rounds,
        points: game.points,
        canStartRound: false,
        mode: 'online',
      };
    }
    default:
      return assertNever(state);
  }
}

function cardsSideBySide(view: PlayerView): readonly [CardView, CardView] | null {
  return view.phase === 'round' && view.seat?.kind === 'pair'
    ? [view.seat.mine, view.seat.theirs]
    : null;
}

/** The game being played (dealt or in a round), or null. */
const inPlay = (state: ThirtyFiveState) =>
  state.phase === 'dealt' || state.phase === 'round' ? state.game : null;

/** Late arrivals waiting to be admitted, earliest ask first (then by account id). */
function asksOf(state: ThirtyFiveState): { accountId: string; at: number }[] {
  const asks = inPlay(state)?.asks ?? {};
  return Object.entries(asks)
    .sort(([a, x], [b, y]) => x.firstAt - y.firstAt || byId(a, b))
    .map(([accountId, ask]) => ({ accountId, at: ask.firstAt }));
}

/**
 * The round being played, when it started and its timer: from the log's last `RoundStarted`
 * (the server's clock at `nextRound`), so every screen counts the same round timer down.
 */
function roundTimerOf(
  row: GameRow,
  state: ThirtyFiveState,
): { round: number; startedAt: number; minutes: number } | null {
  if (state.phase !== 'round') return null;
  const started = [...row.log]
    .reverse()
    .find((e) => e.type === 'RoundStarted' && e.round === state.round);
  if (started?.type !== 'RoundStarted') return null;
  return { round: started.round, startedAt: started.at, minutes: started.minutes ?? 0 };
}

/**
 * Everyone a view of `state` may name: players, removed people, the starter and the caller (and,
 * for the facilitator, who asked to join).
 */
export function peopleIn(
  row: GameRow,
  state: ThirtyFiveState,
  me: string,
  withAsks = false,
): string[] {
  const { players, removed } = rosterOf(state);
  const asking = withAsks ? asksOf(state).map((a) => a.accountId) : [];
  return [...new Set([row.startedBy, me, ...players, ...removed, ...asking])];
}

/** What `me` sees of a started game. */
export function stateView(
  row: GameRow,
  state: ThirtyFiveState,
  me: string,
  isFacilitator: boolean,
  names: Readonly<Record<string, string>> = {},
  now: number = Date.now(),
): ThirtyFiveStateView {
  const view = viewFor(state, me);
  const game = inPlay(state);
  const mine = game?.asks?.[me];
  const showRanking = state.phase === 'results' || state.phase === 'ended';
  return {
    version: row.version,
    phase: state.phase,
    step: stepOf(view),
    me,
    startedBy: row.startedBy,
    isFacilitator,
    view,
    cards: cardsSideBySide(view),
    names,
    ...rosterOf(state),
    progress: roundProgress(state),
    ranking: showRanking ? ranking(state) : null,
    tieBreakRule: THIRTY_FIVE_TIE_BREAK_RULE,
    backlog: row.backlog,
    notes: row.notes,
    asks: isFacilitator ? asksOf(state) : [],
    myAsk: mine === undefined ? null : { text: mine.text },
    canAdmit: game !== null && game.roundsStarted < game.rounds && isBetweenRounds(state),
    roundTimer: roundTimerOf(row, state),
    now,
  };
}
