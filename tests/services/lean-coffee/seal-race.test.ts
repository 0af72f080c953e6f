/**
 * The race issue 13 found under load: a participant whose write fails because the facilitator's
 * freezing transition sealed the row must not be answered CONFLICT. With the host's simulated
 * storage latency the window is wide on purpose: every vote cast while the vote closes is either
 * counted in the frozen tally or refused by the rules (the vote is over), never CONFLICT.
 */
import type { LeanCoffeeView } from '../../../src/contract/lean-coffee';
import type { ApiResult } from '../../../src/contract/result';
import { startAppHost, USERS, type AppHost } from '../../support/app-host';
import { accountOf, boardIn, TestClock } from './support';

const users = { facilitator: USERS.alice, member: USERS.bob, other: USERS.chloe };
const CROWD = 30;
/** Added to every KVS operation by the host: a close takes several round trips of this. */
const KVS_LATENCY_MS = 30;

describe('Lean Coffee seal race at storage latency', () => {
  let app: AppHost;
  const clock = new TestClock();
  beforeAll(async () => {
    app = await startAppHost({ kvsLatencyMs: KVS_LATENCY_MS });
    clock.install();
  });
  afterAll(async () => {
    clock.uninstall();
    await app.close();
  });

  it(`given ${CROWD} people voting while the facilitator closes the vote, then every vote is counted or refused as too late, never CONFLICT`, async () => {
    const { board, facilitator, topics } = await boardIn(app, 'voting', users, clock);
    const target = topics[0]!;
    const crowd = Array.from({ length: CROWD }, (_, i) => board.as(accountOf(500 + i)));
    const votes: Promise<ApiResult<unknown>>[] = crowd.map((p) =>
      p.call('leanCoffee/allocateDots', { allocation: { [target]: 1 } }),
    );
    // The close starts while the votes are in flight.
    const close = facilitator.call('leanCoffee/closeVoting');
    const [answers, closed] = await Promise.all([Promise.all(votes), close]);
    expect(closed.ok).toBe(true);
    const refused = answers.flatMap((r) => (r.ok ? [] : [r.error.code]));
    for (const code of refused) expect(code).toBe('WRONG_PHASE');
    const counted = answers.filter((r) => r.ok).length;
    const view = await facilitator.ok<LeanCoffeeView>('leanCoffee/state');
    const card = view.board.toDiscuss.find((c) => c.topic.id === target);
    expect(card?.votes ?? 0).toBe(counted);
  }, 120_000);
});
