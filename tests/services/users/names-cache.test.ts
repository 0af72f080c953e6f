/**
 * No Confluence call on the hot path (issue 13): a state read asks Confluence for display names
 * once, then answers them from the cache (memory per container, storage with an expiry), so every
 * later state read of either game makes no Confluence call at all. Counted by the host per
 * resolver function.
 */
import { LEAN_COFFEE_RESOLVERS } from '../../../src/contract/lean-coffee';
import { THIRTY_FIVE } from '../../../src/contract/thirty-five';
import { keys } from '../../../src/storage/keys';
import { startAppHost, USERS, type AppHost } from '../../support/app-host';

jest.setTimeout(120_000);

let app: AppHost;
beforeAll(async () => {
  app = await startAppHost();
});
afterAll(async () => {
  await app.close();
});

const confluenceCallsOf = (fn: string): number =>
  app.counters().byFunction[fn]?.confluenceRequests ?? 0;

describe('display names off the hot path', () => {
  it('given a Thirty Five game with three players who have each looked once, when everyone reads the state again, then no read calls Confluence', async () => {
    const frame = { moduleKey: 'thirty-five', localId: 'names-35' };
    const people = [USERS.alice, USERS.bob, USERS.chloe];
    const [alice, ...others] = people.map((id) => app.as(id, frame));
    expect((await alice?.invoke(THIRTY_FIVE.start))?.ok).toBe(true);
    for (const [i, p] of others.entries())
      expect((await p.invoke(THIRTY_FIVE.join, { text: `Card ${i}` })).ok).toBe(true);
    for (const p of [alice, ...others]) expect((await p?.invoke(THIRTY_FIVE.state))?.ok).toBe(true);

    app.resetCounters();
    for (let round = 0; round < 3; round += 1)
      for (const p of [alice, ...others]) {
        const view = await p?.invoke<{ names: Record<string, string> }>(THIRTY_FIVE.state);
        expect(view?.ok && Object.keys(view.data.names)).toEqual(expect.arrayContaining(people));
      }
    expect(app.counters().byFunction[THIRTY_FIVE.state]?.invocations).toBe(9);
    expect(confluenceCallsOf(THIRTY_FIVE.state)).toBe(0);
    expect(app.counters().meter.total.confluenceCalls).toBe(0);
  });

  it('given names looked up once, when the storage is read, then each is cached under name:<accountId> with a Forge time-to-live', () => {
    const stored = app.host.kvs.keys('kv').filter((k) => k.startsWith('name:'));
    expect(stored).toEqual(
      expect.arrayContaining([USERS.alice, USERS.bob, USERS.chloe].map(keys.displayName)),
    );
  });

  it('given a Lean Coffee where two people have looked once, when they read again after a topic is added, then no read calls Confluence', async () => {
    const frame = { moduleKey: 'lean-coffee', localId: 'names-lc' };
    const alice = app.as(USERS.alice, frame);
    const bob = app.as(USERS.bob, frame);
    expect((await alice.invoke(LEAN_COFFEE_RESOLVERS.start, {})).ok).toBe(true);
    expect((await bob.invoke(LEAN_COFFEE_RESOLVERS.proposeTopic, { title: 'Names' })).ok).toBe(
      true,
    );
    for (const p of [alice, bob])
      expect((await p.invoke(LEAN_COFFEE_RESOLVERS.state)).ok).toBe(true);

    app.resetCounters();
    expect((await bob.invoke(LEAN_COFFEE_RESOLVERS.proposeTopic, { title: 'Again' })).ok).toBe(
      true,
    );
    for (const p of [alice, bob, alice, bob])
      expect((await p.invoke(LEAN_COFFEE_RESOLVERS.state)).ok).toBe(true);
    expect(confluenceCallsOf(LEAN_COFFEE_RESOLVERS.state)).toBe(0);
  });
});
