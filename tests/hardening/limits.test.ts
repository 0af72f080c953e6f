/**
 * Forge limits hit on purpose, through the host's real invoke path: a storage quota (KVS answers
 * 429 RATE_LIMIT_EXCEEDED) reaches the user as RATE_LIMITED with a sentence to act on, and writes
 * nothing; an invocation past its time limit answers FUNCTION_TIMEOUT with Forge's message, and the
 * game is still whole afterwards.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { THIRTY_FIVE, type Accepted } from '../../src/contract/thirty-five';
import { startAppHost, USERS, type AppHost } from '../support/app-host';
import { accepted, freshMacro, stateOf } from '../services/thirty-five/helpers';
import { call, storedBytes } from './support';

jest.setTimeout(60_000);

describe('storage rate limit', () => {
  let app: AppHost;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cop-kit-limits-'));
    app = await startAppHost({ dataDir });
  });
  afterAll(async () => {
    await app.close();
  });

  it('given storage refuses with 429, when a participant joins or the facilitator deals, then RATE_LIMITED with a clear sentence and nothing is stored; after the quota, the same action works', async () => {
    const game = freshMacro(app);
    accepted(await game.as(USERS.alice).invoke<Accepted>(THIRTY_FIVE.start));
    accepted(await game.as(USERS.bob).invoke<Accepted>(THIRTY_FIVE.join, { text: 'Mine' }));
    const before = storedBytes(dataDir);

    app.host.kvs.setRateLimit({ operations: 0, windowMs: 60_000 });
    const join = await game.as(USERS.chloe).invoke(THIRTY_FIVE.join, { text: 'Too soon' });
    const deal = await game.as(USERS.alice).invoke(THIRTY_FIVE.deal, { version: 1 });
    const state = await game.as(USERS.bob).invoke(THIRTY_FIVE.state);
    // The same through the handler in this process (what coverage sees).
    const inProcess = await call(
      app,
      { accountId: USERS.dev, moduleKey: 'thirty-five', localId: game.localId },
      THIRTY_FIVE.join,
      { text: 'In process' },
    );
    app.host.kvs.setRateLimit(undefined);

    for (const answer of [join, deal, state, inProcess]) {
      expect(answer).toEqual({
        ok: false,
        error: {
          code: 'RATE_LIMITED',
          message: 'Too many requests at once. Wait a few seconds and try again.',
        },
      });
    }
    expect(storedBytes(dataDir) === before).toBe(true);

    accepted(await game.as(USERS.chloe).invoke<Accepted>(THIRTY_FIVE.join, { text: 'Now' }));
    expect((await stateOf(game.as(USERS.alice))).cardCount).toBe(2);
  });
});

describe('invocation time limit', () => {
  it('given a resolver slower than the limit, when invoked, then FUNCTION_TIMEOUT with the limit in words, and the stored game is whole after a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cop-kit-timeout-'));
    // Storage 150 ms away each way: any resolver touching it outlives a 250 ms limit.
    const slow = await startAppHost({ dataDir, invocationTimeoutMs: 250, kvsLatencyMs: 150 });
    const game = freshMacro(slow);
    const raw = await game.as(USERS.alice).invokeRaw(THIRTY_FIVE.start);
    expect(raw).toEqual({
      ok: false,
      error: { code: 'FUNCTION_TIMEOUT', message: 'The function timed out after 0.25 seconds' },
    });
    // The emulator does not kill a timed-out invocation (Forge does): let it finish or not, then
    // read what is stored from a normal host on the same data.
    await new Promise((r) => setTimeout(r, 1_000));
    await slow.host.close();
    const app = await startAppHost({ dataDir });
    try {
      const again = app.as(USERS.alice, { localId: game.localId, moduleKey: 'thirty-five' });
      const state = await stateOf(again);
      expect(['not-started', 'collecting']).toContain(state.phase);
      accepted(await again.invoke<Accepted>(THIRTY_FIVE.start));
      const bob = app.as(USERS.bob, { localId: game.localId, moduleKey: 'thirty-five' });
      accepted(await bob.invoke<Accepted>(THIRTY_FIVE.join, { text: 'After the timeout' }));
      expect(await stateOf(again)).toMatchObject({ phase: 'collecting', cardCount: 1 });
    } finally {
      await app.close();
    }
  });
});
