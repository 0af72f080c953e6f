/**
 * The stored form of the facilitator's log. A KVS value holds at most 240 KiB, and a deal of 200
 * people over 10 rounds names an account id in every seat (about 220 KB as plain JSON). Stored, a
 * seat is `[player, card]` as indexes into the deal's card list (every player authored one card),
 * which brings that deal to about a third; everything else is stored as the domain has it.
 */
import { z } from 'zod';
import type { Card, RoundPlan, Seat, ThirtyFiveEvent } from '../domain/thirty-five';

type CardRecord = Extract<ThirtyFiveEvent, { type: 'CardSubmitted' }>;
type SplitRecordEvent = Extract<ThirtyFiveEvent, { type: 'SplitProposed' | 'SplitConfirmed' }>;
type AskRecord = Extract<ThirtyFiveEvent, { type: 'JoinAsked' }>;
/** Facilitator events: everything a participant does not write. */
export type FacilitatorEvent = Exclude<ThirtyFiveEvent, CardRecord | SplitRecordEvent | AskRecord>;

const index = z.int().min(0);
const storedSeat = z.tuple([index, index]);
const storedPlan = z.object({
  r: z.int(),
  p: z.array(z.tuple([index, index, index, index])),
  b: storedSeat.nullable(),
  o: z.array(index),
});
type StoredPlan = z.infer<typeof storedPlan>;

const id = z.string().min(1).max(300);
const card = z.object({ id, author: id.nullable(), text: z.string() });
const tally = z.object({
  rounds: z.int(),
  points: z.int(),
  cards: z.array(z.object({ id, text: z.string(), perRound: z.array(z.number().nullable()) })),
});

const storedEvent = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('CardsDealt'),
    v: z.literal(1),
    at: z.number(),
    seed: z.union([z.number(), z.string()]),
    rounds: z.int(),
    points: z.int(),
    cards: z.array(card),
    /** The card dealt to the author of card i. */
    deal: z.array(index),
    schedule: z.array(storedPlan),
  }),
  z.object({
    type: z.literal('RoundStarted'),
    v: z.literal(1),
    round: z.int(),
    at: z.number(),
    minutes: z.int().min(0).optional(),
  }),
  z.object({
    type: z.literal('ParticipantRemoved'),
    v: z.literal(1),
    accountId: id,
    afterRound: z.int(),
    replanned: z.array(storedPlan),
    at: z.number(),
  }),
  z.object({
    type: z.literal('ParticipantAdmitted'),
    v: z.literal(1),
    accountId: id,
    afterRound: z.int(),
    /** The late arrival's own card (0 or 1), appended to the index's cards. */
    cards: z.array(card),
    position: z.int().min(0),
    taken: index.nullable(),
    replanned: z.array(storedPlan),
    at: z.number(),
  }),
  z.object({ type: z.literal('ResultsShown'), v: z.literal(1), at: z.number() }),
  z.object({ type: z.literal('TalliesEntered'), v: z.literal(1), tally, at: z.number() }),
  z.object({ type: z.literal('GameEnded'), v: z.literal(1), at: z.number() }),
]);
type StoredEvent = z.infer<typeof storedEvent>;

/** The schema of a stored log (what `encodeLog` writes). */
export const storedLog = z.array(storedEvent);

/** A stored log that does not decode: a seat names someone or a card the deal does not know. */
export class CorruptLogError extends Error {
  constructor(message: string) {
    super(`Stored Thirty Five log: ${message}`);
    this.name = 'CorruptLogError';
  }
}

/**
 * Indexes of the deal's cards and of the players. Player i is the author of the deal's card i;
 * late arrivals are appended after them in the order admitted, and a late arrival's own card after
 * the deal's cards (so logs written before late arrivals read as before).
 */
class DealIndex {
  private readonly cardAt = new Map<string, number>();
  private readonly playerAt = new Map<string, number>();
  private readonly cardList: Card[] = [];
  private readonly playerList: (string | null)[] = [];

  constructor(cards: readonly Card[]) {
    cards.forEach((c) => {
      this.addCard(c);
      this.playerList.push(c.author);
    });
    this.playerList.forEach((p, i) => {
      if (p !== null) this.playerAt.set(p, i);
    });
  }

  private addCard(c: Card): void {
    this.cardAt.set(c.id, this.cardList.length);
    this.cardList.push(c);
  }

  /** A late arrival joins the index, with the card they brought, if any. */
  admit(accountId: string, cards: readonly Card[]): void {
    cards.forEach((c) => this.addCard(c));
    if (!this.playerAt.has(accountId)) {
      this.playerAt.set(accountId, this.playerList.length);
      this.playerList.push(accountId);
    }
  }

  private static lookup(map: ReadonlyMap<string, number>, key: string, what: string): number {
    const i = map.get(key);
    if (i === undefined) throw new CorruptLogError(`unknown ${what} ${key}`);
    return i;
  }

  seat(s: Seat): [number, number] {
    return [DealIndex.lookup(this.playerAt, s.player, 'player'), this.card(s.card)];
  }

  card(cardId: string): number {
    return DealIndex.lookup(this.cardAt, cardId, 'card');
  }

  plan(p: RoundPlan): StoredPlan {
    return {
      r: p.round,
      p: p.pairs.map(({ a, b }) => [...this.seat(a), ...this.seat(b)]),
      b: p.bye === null ? null : this.seat(p.bye),
      o: p.pool.map((c) => this.card(c)),
    };
  }

  cardId(i: number): string {
    const c = this.cardList[i];
    if (c === undefined) throw new CorruptLogError(`no card at ${i}`);
    return c.id;
  }

  player(i: number): string {
    const p = this.playerList[i];
    if (p === undefined) throw new CorruptLogError(`no player at ${i}`);
    if (p === null) throw new CorruptLogError(`card ${i} has no author`);
    return p;
  }

  unseat([player, c]: readonly [number, number]): Seat {
    return { player: this.player(player), card: this.cardId(c) };
  }

  unplan(p: StoredPlan): RoundPlan {
    return {
      round: p.r,
      pairs: p.p.map(([pa, ca, pb, cb]) => ({
        a: this.unseat([pa, ca]),
        b: this.unseat([pb, cb]),
      })),
      bye: p.b === null ? null : this.unseat(p.b),
      pool: p.o.map((c) => this.cardId(c)),
    };
  }
}

const noDeal = (): never => {
  throw new CorruptLogError('a plan before the deal');
};

/** The stored form of a facilitator log (seats as indexes into the deal's cards). */
export function encodeLog(log: readonly FacilitatorEvent[]): StoredEvent[] {
  let deal: DealIndex | null = null;
  return log.map((e): StoredEvent => {
    switch (e.type) {
      case 'CardsDealt': {
        const index = new DealIndex(e.cards);
        deal = index;
        const dealt = e.cards.map((c) => index.card(e.deal[c.author ?? ''] ?? ''));
        return {
          ...e,
          cards: [...e.cards],
          deal: dealt,
          schedule: e.schedule.map((p) => index.plan(p)),
        };
      }
      case 'ParticipantRemoved': {
        const index: DealIndex = deal ?? noDeal();
        return { ...e, replanned: e.replanned.map((p) => index.plan(p)) };
      }
      case 'ParticipantAdmitted': {
        const index: DealIndex = deal ?? noDeal();
        index.admit(e.accountId, e.cards);
        return {
          ...e,
          cards: [...e.cards],
          taken: e.taken === null ? null : index.card(e.taken),
          replanned: e.replanned.map((p) => index.plan(p)),
        };
      }
      case 'TalliesEntered': {
        const cards = e.tally.cards.map((c) => ({ ...c, perRound: [...c.perRound] }));
        return { ...e, tally: { ...e.tally, cards } };
      }
      case 'RoundStarted':
      case 'ResultsShown':
      case 'GameEnded':
        return e;
      default: {
        const unknown: never = e;
        throw new CorruptLogError(`cannot store ${JSON.stringify(unknown)}`);
      }
    }
  });
}

/** The facilitator log back from its stored form. */
export function decodeLog(stored: readonly StoredEvent[]): FacilitatorEvent[] {
  let deal: DealIndex | null = null;
  return stored.map((e): FacilitatorEvent => {
    switch (e.type) {
      case 'CardsDealt': {
        const index = new DealIndex(e.cards);
        deal = index;
        const dealt = Object.fromEntries(e.deal.map((c, i) => [index.player(i), index.cardId(c)]));
        return { ...e, deal: dealt, schedule: e.schedule.map((p) => index.unplan(p)) };
      }
      case 'ParticipantRemoved': {
        const index: DealIndex = deal ?? noDeal();
        return { ...e, replanned: e.replanned.map((p) => index.unplan(p)) };
      }
      case 'ParticipantAdmitted': {
        const index: DealIndex = deal ?? noDeal();
        index.admit(e.accountId, e.cards);
        return {
          ...e,
          taken: e.taken === null ? null : index.cardId(e.taken),
          replanned: e.replanned.map((p) => index.unplan(p)),
        };
      }
      case 'RoundStarted':
      case 'ResultsShown':
      case 'TalliesEntered':
      case 'GameEnded':
        return e;
      default: {
        const unknown: never = e;
        throw new CorruptLogError(`cannot read ${JSON.stringify(unknown)}`);
      }
    }
  });
}
