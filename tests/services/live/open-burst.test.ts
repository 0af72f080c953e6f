/**
 * Issue 13, "a true burst of screens opening at once": the host enforces a realtime rate limit
 * (Forge: 50 operations a second per installation, subscribes included) and 61 screens running
 * the UI's own feed (static/src/live-feed.ts) open the same game in the same instant. The limit
 * here is 20 a second, so the burst is certain to exceed it even on a slow, busy machine (61 at
 * 20/s is the ratio of 150 screens at Forge's 50/s). Every screen must show the board at once,
 * none may be left waiting (refused ones retry with jitter, then poll), a screen that was not
 * refused reads once, and every screen shows the next change: none stays stale.
 */
import { changeChannel } from '../../../src/contract/channels';
import { THIRTY_FIVE, type ThirtyFiveStateView } from '../../../src/contract/thirty-five';
import { startAppHost, HOME_PAGE_ID, USERS, type AppHost } from '../../support/app-host';
import { EventStream, Screen, until, type ScreenFrame } from '../../../bench/support/screens';
import { createRng } from '../../../src/domain/random';

jest.setTimeout(240_000);

const LOCAL_ID = 'open-burst-macro';
const LIMIT = { operations: 20, windowMs: 1000 };
const PEOPLE = 60;

const frameOf = (accountId: string): ScreenFrame => ({
  accountId,
  moduleKey: 'thirty-five',
  localId: LOCAL_ID,
  contentId: HOME_PAGE_ID,
});

/** Account ids Confluence does not know (the host answers for them), as the benchmark uses. */
const people = Array.from(
  { length: PEOPLE },
  (_, i) => `557058:${String(i).padStart(8, '0')}-0000-4000-8000-0000000b0125`,
);

let app: AppHost;
let stream: EventStream;

beforeAll(async () => {
  app = await startAppHost({ realtimeRateLimit: LIMIT });
  stream = new EventStream(app.host.url);
  await stream.open();
});

afterAll(async () => {
  stream.close();
  await app.close();
});

describe('a burst of screens opening at once, under the realtime limit', () => {
  it('given 61 screens opening in the same instant over a 20/s realtime limit, then every one shows the board at once, none is left waiting, realtime stays within the limit, and every screen sees the next change', async () => {
    const alice = app.as(USERS.alice, { moduleKey: 'thirty-five', localId: LOCAL_ID });
    expect((await alice.invoke(THIRTY_FIVE.start)).ok).toBe(true);
    app.resetCounters();

    const random = createRng(13);
    const screens = [USERS.alice, ...people].map(
      (accountId) =>
        new Screen<ThirtyFiveStateView>({
          url: app.host.url,
          stream,
          frame: frameOf(accountId),
          channel: changeChannel(LOCAL_ID),
          stateFunction: THIRTY_FIVE.state,
          random,
          // No reconciliation read inside the test (it would blur the count of opening reads).
          timing: { reconcileMs: 3_600_000 },
        }),
    );
    screens.forEach((s) => s.feed.start());

    // The board is on every screen, subscribed or not yet.
    await until(
      () => screens.every((s) => s.feed.current.loaded && s.feed.current.data !== null),
      'every screen shows the board',
      120_000,
    );
    // No screen is left waiting: each follows the channel (or, if every retry met the limit
    // again, polls: a busy host answers the retries in bunches).
    await until(
      () => screens.every((s) => s.feed.current.mode !== 'connecting'),
      'every screen subscribed or polling',
      120_000,
    );
    const refused = screens.filter((s) => s.feed.counts.subscribeAttempts > 1);
    expect(refused.length).toBeGreaterThan(0);
    // Most screens follow the channel (refused ones after a jittered retry).
    expect(screens.filter((s) => s.feed.current.mode === 'realtime').length).toBeGreaterThan(
      screens.length / 2,
    );
    // A screen that was not refused read exactly once: the burst costs nothing extra for it.
    for (const s of screens.filter((x) => x.feed.counts.subscribeAttempts === 1))
      expect(s.feed.counts.reads).toBe(1);
    expect(app.counters().meter.busiestSecond.realtimeOperations).toBeLessThanOrEqual(
      LIMIT.operations,
    );

    // The next change reaches every screen (none is left on a stale board).
    const bob = app.as(people[0] ?? '', { moduleKey: 'thirty-five', localId: LOCAL_ID });
    expect((await bob.invoke(THIRTY_FIVE.join, { text: 'A card after the burst' })).ok).toBe(true);
    await until(
      () => screens.every((s) => (s.feed.current.data?.cardCount ?? 0) >= 1 && s.feed.idle),
      'every screen shows the new card',
      120_000,
    );
    screens.forEach((s) => s.feed.stop());
  });
});
