/**
 * Malformed and hostile payloads, generated, against every Lean Coffee resolver of the real app:
 * each is answered with a typed error (never a platform failure), and the board is unchanged.
 */
import fc from 'fast-check';
import { LEAN_COFFEE_RESOLVERS, type LeanCoffeeView } from '../../../src/contract/lean-coffee';
import { LEAN_COFFEE_ERROR_CODES } from '../../../src/domain/lean-coffee';
import { USERS } from '../../support/app-host';
import { boardIn, useAppHost } from './support';

const PLATFORM_CODES = [
  'INVALID_PAYLOAD',
  'NOT_AUTHENTICATED',
  'NOT_IN_MACRO',
  'NOT_FOUND',
  'NOT_FACILITATOR',
  'CONFLICT',
  'PERMISSION_DENIED',
  'RATE_LIMITED',
  'NOTES_FAILED',
  'UNEXPECTED',
];
const KNOWN = new Set<string>([...PLATFORM_CODES, ...LEAN_COFFEE_ERROR_CODES]);

const users = { facilitator: USERS.alice, member: USERS.bob, other: USERS.chloe };

/** Payloads that are wrong in shape: anything at all, or a near miss of a real payload. */
const payloads = fc.oneof(
  fc.anything(),
  fc.dictionary(
    fc.constantFrom(
      'title',
      'topicId',
      'allocation',
      'round',
      'thumb',
      'text',
      'order',
      'settings',
      'accountId',
      'version',
      '__proto__',
    ),
    fc.oneof(
      fc.string(),
      fc.integer(),
      fc.double(),
      fc.constant(null),
      fc.array(fc.string()),
      fc.dictionary(fc.string(), fc.integer()),
    ),
  ),
);

describe('Lean Coffee payloads', () => {
  const host = useAppHost();
  const { clock } = host;

  it('property: any payload to any resolver from a participant gets a typed answer and leaves the board as it was', async () => {
    const { member } = await boardIn(host.app, 'running', users, clock);
    const before = await member.ok<LeanCoffeeView>('leanCoffee/state');
    const names = Object.values(LEAN_COFFEE_RESOLVERS).filter(
      (name) => name !== 'leanCoffee/state',
    );
    host.app.resetCounters();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...names), payloads, async (name, payload) => {
        const result = await member.call(name, payload);
        if (result.ok) {
          // Only well-formed participant records can pass; none of the generated ones is one.
          throw new Error(`${name} accepted ${JSON.stringify(payload)}`);
        }
        expect(KNOWN.has(result.error.code)).toBe(true);
        expect(result.error.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 400 },
    );
    expect(host.app.counters().realtimePublishes).toBe(0);
    const after = await member.ok<LeanCoffeeView>('leanCoffee/state');
    expect(after.version).toBe(before.version);
    expect(after.board.toDiscuss).toEqual(before.board.toDiscuss);
    expect(after.takeaways).toEqual([]);
    expect(after.dots).toEqual(before.dots);
  }, 120_000);
});
