import type Resolver from '@forge/resolver';
import { z } from 'zod';
import { THIRTY_FIVE as R } from '../contract/thirty-five';
import { CARD_ID_PATTERN } from '../domain/thirty-five';
import * as service from '../services/thirty-five';
import { command } from './define';

/*
 * Payload schemas: strict objects with bounded strings and integers. They refuse what is not
 * well-formed (INVALID_PAYLOAD); the game rules (card length after trimming, rounds 1–10, points
 * 1–20, a split summing to P, phases, who may do what) are the domain's and answer with its codes.
 */
const empty = z.strictObject({});
const version = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const seen = z.strictObject({ version });
const count = z.number().int().min(0).max(1000);
const cardId = z.string().regex(CARD_ID_PATTERN);

const schemas = {
  card: z.strictObject({ text: z.string().max(2000) }),
  seen,
  newSession: z.strictObject({ version: version.optional() }),
  deal: z.strictObject({ version, rounds: count.optional(), points: count.optional() }),
  split: z.strictObject({
    round: z.number().int().min(1).max(100),
    points: z
      .record(cardId, z.number().int().min(0).max(1000))
      .refine((p) => Object.keys(p).length === 2, 'name exactly the two cards of your pair'),
  }),
  remove: z.strictObject({ version, accountId: z.string().min(1).max(128) }),
  nextRound: z.strictObject({ version, minutes: z.number().int().min(0).max(30).optional() }),
  ask: z.strictObject({ text: z.string().max(2000) }),
  admit: z.strictObject({ version, accountId: z.string().min(1).max(128) }),
  tallies: z.strictObject({
    version,
    cards: z
      .array(
        z.strictObject({
          text: z.string().max(2000),
          points: z.array(z.number().int().min(0).max(1000).nullable()).max(100),
        }),
      )
      .max(1000),
    rounds: count.optional(),
    points: count.optional(),
  }),
};

/** Registers the `thirtyFive/*` resolvers. */
export function registerThirtyFive(resolver: Resolver): void {
  resolver.define(R.state, command(R.state, empty, service.getState));
  resolver.define(R.start, command(R.start, empty, service.startGame));
  resolver.define(R.join, command(R.join, schemas.card, service.submitCard));
  resolver.define(R.writeCard, command(R.writeCard, schemas.card, service.submitCard));
  resolver.define(
    R.proposeSplit,
    command(R.proposeSplit, schemas.split, (caller, p) =>
      service.splitPoints(caller, 'proposeSplit', p),
    ),
  );
  resolver.define(
    R.confirmSplit,
    command(R.confirmSplit, schemas.split, (caller, p) =>
      service.splitPoints(caller, 'confirmSplit', p),
    ),
  );
  resolver.define(R.deal, command(R.deal, schemas.deal, service.dealCards));
  resolver.define(R.nextRound, command(R.nextRound, schemas.nextRound, service.nextRound));
  resolver.define(
    R.removeParticipant,
    command(R.removeParticipant, schemas.remove, service.removeParticipant),
  );
  resolver.define(R.askToJoin, command(R.askToJoin, schemas.ask, service.askToJoin));
  resolver.define(
    R.admitParticipant,
    command(R.admitParticipant, schemas.admit, service.admitParticipant),
  );
  resolver.define(R.showResults, command(R.showResults, schemas.seen, service.showResults));
  resolver.define(R.enterTallies, command(R.enterTallies, schemas.tallies, service.enterTallies));
  resolver.define(R.sendToBacklog, command(R.sendToBacklog, schemas.seen, service.sendToBacklog));
  resolver.define(R.end, command(R.end, schemas.seen, service.endGame));
  resolver.define(R.newSession, command(R.newSession, schemas.newSession, service.newSession));
}
