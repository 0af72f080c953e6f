import { assertNever } from '../result';
import {
  pairLock,
  pairOf,
  partnerIn,
  type OnlineGame,
  type Outcome,
  type ThirtyFiveState,
} from './game';
import { rankTally, scoreTally, type CardScore, type RankedCard, type Tally } from './scoring';
import type { SplitRecord } from './split';
import type { AccountId, CardId, RoundPlan, SplitPoints } from './types';

/** A card as players see it: never its author. */
export interface CardView {
  readonly id: CardId;
  readonly text: string;
}

/**
 * The tally of an online game: for every card and round, the points its pair locked, or null when
 * the card was not rated (a bye, resting in the pool, an unconfirmed pair, a round not played).
 */
export function tallyOfGame(game: OnlineGame): Tally {
  const perCard = new Map<CardId, (number | null)[]>(
    game.cards.map((c) => [c.id, Array.from({ length: game.rounds }, () => null)]),
  );
  for (let round = 1; round <= game.roundsStarted; round += 1) {
    const plan = game.schedule[round - 1] as RoundPlan;
    for (const pair of plan.pairs) {
      const lock = pairLock(game, round, pair);
      if (lock !== null) {
        for (const card of [pair.a.card, pair.b.card]) {
          (perCard.get(card) as (number | null)[])[round - 1] = lock[card] as number;
        }
      }
    }
  }
  return {
    rounds: game.rounds,
    points: game.points,
    cards: game.cards.map((c) => ({
      id: c.id,
      text: c.text,
      perRound: perCard.get(c.id) as (number | null)[],
    })),
  };
}

const tallyOfOutcome = (outcome: Outcome): Tally =>
  outcome.mode === 'online' ? tallyOfGame(outcome.game) : outcome.tally;

/** The tally of any state: empty while collecting, live during the rounds, final after. */
export function tallyOf(state: ThirtyFiveState): Tally | null {
  switch (state.phase) {
    case 'collecting':
      return null;
    case 'dealt':
    case 'round':
      return tallyOfGame(state.game);
    case 'results':
    case 'ended':
      return tallyOfOutcome(state.outcome);
    default:
      return assertNever(state);
  }
}

/**
 * The scoreboard: every card's text, per-round points, raw total, ratings, normalised score and
 * full splits, by card id (ids are random, so this order says nothing about the cards' authors,
 * and the deal's hidden order stays hidden). Authors are never included. Empty while collecting.
 */
export function scoreboard(state: ThirtyFiveState): CardScore[] {
  const tally = tallyOf(state);
  return tally === null ? [] : scoreTally(tally).sort((x, y) => (x.id < y.id ? -1 : 1));
}

/**
 * The ranking: cards by normalised score, raw total, full splits (all descending), then the
 * tally's order (for an online game the deal's hidden random order). Empty while collecting.
 */
export function ranking(state: ThirtyFiveState): RankedCard[] {
  const tally = tallyOf(state);
  return tally === null ? [] : rankTally(tally);
}

/** How far the current round is: confirmed pairs out of all, who is still missing, who has a bye. */
export interface RoundProgress {
  readonly round: number;
  readonly rounds: number;
  readonly pairsTotal: number;
  readonly pairsConfirmed: number;
  /** Players in pairs that have not confirmed yet (removed people excluded), by account id. */
  readonly missing: readonly AccountId[];
  readonly byes: readonly AccountId[];
}

/** Progress of the round being played, or null outside the rounds. */
export function roundProgress(state: ThirtyFiveState): RoundProgress | null {
  if (state.phase !== 'round') {
    return null;
  }
  const { game, round } = state;
  const plan = game.schedule[round - 1] as RoundPlan;
  const open = plan.pairs.filter((pair) => pairLock(game, round, pair) === null);
  return {
    round,
    rounds: game.rounds,
    pairsTotal: plan.pairs.length,
    pairsConfirmed: plan.pairs.length - open.length,
    // By account id: in plan order the list would show who sits with whom.
    missing: open
      .flatMap((p) => [p.a.player, p.b.player])
      .filter((p) => game.players.includes(p))
      .sort((x, y) => (x < y ? -1 : 1)),
    byes: plan.bye === null ? [] : [plan.bye.player],
  };
}

/** Someone's role: playing, removed by the facilitator, or watching (joined after the deal). */
export type Role = 'player' | 'removed' | 'viewer';

/** What one person sees at their seat in the current round. */
export type SeatView =
  | {
      readonly kind: 'pair';
      readonly partner: AccountId;
      readonly mine: CardView;
      readonly theirs: CardView;
      readonly myRecord: SplitRecord | null;
      readonly partnerRecord: SplitRecord | null;
      /** The agreed split once locked: then the player waits for the next round. */
      readonly locked: SplitPoints | null;
    }
  | { readonly kind: 'bye'; readonly card: CardView };

/** One person's view of the game; never reveals who wrote which card (except their own). */
export type PlayerView =
  | {
      readonly phase: 'collecting';
      readonly role: 'player' | 'viewer';
      readonly myCard: string | null;
      readonly cardCount: number;
    }
  | {
      readonly phase: 'dealt';
      readonly role: Role;
      readonly myCard: CardView | null;
      readonly holding: CardView | null;
      readonly rounds: number;
      readonly points: number;
    }
  | {
      readonly phase: 'round';
      readonly role: Role;
      readonly round: number;
      readonly rounds: number;
      readonly points: number;
      readonly myCard: CardView | null;
      readonly seat: SeatView | null;
    }
  | {
      readonly phase: 'results' | 'ended';
      readonly role: Role;
      readonly myCard: CardView | null;
      readonly ranking: readonly RankedCard[];
    };

const roleIn = (game: OnlineGame, accountId: AccountId): Role =>
  game.players.includes(accountId)
    ? 'player'
    : game.removed.includes(accountId)
      ? 'removed'
      : 'viewer';

function cardView(game: OnlineGame, id: CardId): CardView {
  const card = game.cards.find((c) => c.id === id);
  return { id, text: card?.text ?? '' };
}

function myCard(game: OnlineGame, accountId: AccountId): CardView | null {
  const card = game.cards.find((c) => c.author === accountId);
  return card === undefined ? null : { id: card.id, text: card.text };
}

function seatView(game: OnlineGame, round: number, accountId: AccountId): SeatView | null {
  const plan = game.schedule[round - 1] as RoundPlan;
  if (plan.bye?.player === accountId) {
    return { kind: 'bye', card: cardView(game, plan.bye.card) };
  }
  const pair = pairOf(plan, accountId);
  if (pair === null) {
    return null;
  }
  const isA = pair.a.player === accountId;
  const partner = partnerIn(pair, accountId);
  const records = game.splits[round] ?? {};
  return {
    kind: 'pair',
    partner,
    mine: cardView(game, isA ? pair.a.card : pair.b.card),
    theirs: cardView(game, isA ? pair.b.card : pair.a.card),
    myRecord: records[accountId] ?? null,
    partnerRecord: records[partner] ?? null,
    locked: pairLock(game, round, pair),
  };
}

/**
 * What `accountId` sees: their own card, and during a round their pair (partner, the two cards,
 * both split records, the lock) or their bye. People who joined after the deal are viewers.
 * Authors of other cards are never part of a view.
 */
export function viewFor(state: ThirtyFiveState, accountId: AccountId): PlayerView {
  switch (state.phase) {
    case 'collecting': {
      const draft = state.drafts[accountId];
      return {
        phase: 'collecting',
        role: draft === undefined ? 'viewer' : 'player',
        myCard: draft?.text ?? null,
        cardCount: Object.keys(state.drafts).length,
      };
    }
    case 'dealt': {
      const { game } = state;
      const plan = game.schedule[0] as RoundPlan;
      const seat = [...plan.pairs.flatMap((p) => [p.a, p.b]), ...(plan.bye ? [plan.bye] : [])].find(
        (s) => s.player === accountId,
      );
      return {
        phase: 'dealt',
        role: roleIn(game, accountId),
        myCard: myCard(game, accountId),
        holding: seat === undefined ? null : cardView(game, seat.card),
        rounds: game.rounds,
        points: game.points,
      };
    }
    case 'round': {
      const { game, round } = state;
      return {
        phase: 'round',
        role: roleIn(game, accountId),
        round,
        rounds: game.rounds,
        points: game.points,
        myCard: myCard(game, accountId),
        seat: seatView(game, round, accountId),
      };
    }
    case 'results':
    case 'ended': {
      const { outcome } = state;
      const game = outcome.mode === 'online' ? outcome.game : null;
      return {
        phase: state.phase,
        role: game === null ? 'viewer' : roleIn(game, accountId),
        myCard: game === null ? null : myCard(game, accountId),
        ranking: rankTally(tallyOfOutcome(outcome)),
      };
    }
    default:
      return assertNever(state);
  }
}
