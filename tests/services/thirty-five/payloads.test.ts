/**
 * Generated payloads against every Thirty Five resolver, sent by a participant in the middle of a
 * round: every answer is a typed result (never UNEXPECTED, never a platform failure), and nothing a
 * participant sends can move the game's facilitator state.
 */
import fc from 'fast-check';
import type { ApiResult } from '../../../src/contract/result';
import { THIRTY_FIVE } from '../../../src/contract/thirty-five';
import { startAppHost, USERS, type AppHost } from '../../support/app-host';
import { accepted, facilitate, gameWithCards, stateOf } from './helpers';

let app: AppHost;
beforeAll(async () => {
  app = await startAppHost();
});
afterAll(async () => {
  await app.close();
});

const FOUR = [USERS.alice, USERS.bob, USERS.chloe, USERS.dev];

/** Payloads near the real shapes (known fields, wrong or extreme values) and arbitrary JSON. */
const payloads = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.record(
    {
      text: fc.oneof(fc.string({ maxLength: 300 }), fc.integer(), fc.constant(null)),
      version: fc.oneof(fc.integer(), fc.double(), fc.string({ maxLength: 5 })),
      round: fc.oneof(fc.integer({ min: -2, max: 12 }), fc.string({ maxLength: 3 })),
      points: fc.oneof(
        fc.dictionary(
          fc.constantFrom('c1', 'c2', 'c3', 'c4', 'c9', '__proto__', 'x'),
          fc.integer({ min: -3, max: 10 }),
        ),
        fc.jsonValue({ maxDepth: 2 }),
      ),
      accountId: fc.oneof(fc.constantFrom(...FOUR), fc.string({ maxLength: 200 })),
      rounds: fc.integer({ min: -1, max: 12 }),
      cards: fc.array(
        fc.record({
          text: fc.string({ maxLength: 20 }),
          points: fc.array(fc.oneof(fc.integer({ min: -1, max: 8 }), fc.constant(null)), {
            maxLength: 3,
          }),
        }),
        { maxLength: 4 },
      ),
    },
    { requiredKeys: [] },
  ),
);

describe('generated payloads', () => {
  it('property: every resolver answers a participant with a typed result and the facilitator state never moves (40 runs per resolver)', async () => {
    const game = await gameWithCards(app, USERS.alice, FOUR);
    accepted(await facilitate(game.as(USERS.alice), THIRTY_FIVE.deal, { rounds: 3 }));
    accepted(await facilitate(game.as(USERS.alice), THIRTY_FIVE.nextRound));
    const before = await stateOf(game.as(USERS.alice));
    for (const name of Object.values(THIRTY_FIVE)) {
      await fc.assert(
        fc.asyncProperty(payloads, async (payload) => {
          const raw = await game.as(USERS.bob).invokeRaw(name, payload);
          if (!raw.ok) throw new Error(`${name} failed on the platform: ${raw.error.code}`);
          const answer = raw.body as ApiResult<unknown>;
          expect(typeof answer.ok).toBe('boolean');
          if (!answer.ok) expect(answer.error.code).not.toBe('UNEXPECTED');
        }),
        { numRuns: 40 },
      );
    }
    const after = await stateOf(game.as(USERS.alice));
    expect(after.version).toBe(before.version);
    expect(after.phase).toBe('round');
  }, 60_000);
});
