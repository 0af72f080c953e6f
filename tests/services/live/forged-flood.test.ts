/**
 * Issue 11, "forged live notices": any viewer of a page can publish on its macro's channel with
 * `@forge/bridge` (`realtime.publish`, same module, same page: Forge's default channel context).
 * Replayed through the real app in the host: ten open screens run the UI's own feed
 * (static/src/live-feed.ts) and an attacker publishes fifty notices. The screens' timers are moved
 * by hand so the test waits for states, never for time.
 */
import { changeChannel } from '../../../src/contract/channels';
import { THIRTY_FIVE, type ThirtyFiveStateView } from '../../../src/contract/thirty-five';
import { installTestBridge, type TestBridge } from '../../emulator/bridge-client';
import { startAppHost, HOME_PAGE_ID, USERS, type AppHost } from '../../support/app-host';
import {
  EventStream,
  ManualTimers,
  Screen,
  until,
  type ScreenFrame,
} from '../../../bench/support/screens';

jest.setTimeout(120_000);

const LOCAL_ID = 'flood-macro';
const frameOf = (accountId: string): ScreenFrame => ({
  accountId,
  moduleKey: 'thirty-five',
  localId: LOCAL_ID,
  contentId: HOME_PAGE_ID,
});

let app: AppHost;
let stream: EventStream;
let bridge: TestBridge;

beforeAll(async () => {
  app = await startAppHost();
  stream = new EventStream(app.host.url);
  await stream.open();
  bridge = await installTestBridge(app.host.url, frameOf(USERS.finn));
});

afterAll(async () => {
  bridge.close();
  stream.close();
  await app.close();
});

/** Ten screens of one game (viewers may open it twice), with hand-moved timers. */
function openScreens(timers: ManualTimers): Screen<ThirtyFiveStateView>[] {
  const people = [
    USERS.alice,
    USERS.bob,
    USERS.chloe,
    USERS.dev,
    USERS.eve,
    USERS.finn,
    USERS.sam,
    USERS.olga,
    USERS.bob,
    USERS.chloe,
  ];
  return people.map(
    (accountId) =>
      new Screen<ThirtyFiveStateView>({
        url: app.host.url,
        stream,
        frame: frameOf(accountId),
        channel: changeChannel(LOCAL_ID),
        stateFunction: THIRTY_FIVE.state,
        clock: timers,
        random: () => 0.5,
      }),
  );
}

/** Fifty notices: junk of every shape, and well-formed ones claiming changes that never happened. */
function forgedNotices(): unknown[] {
  const junk: unknown[] = [
    'not json',
    '{"kind":"split"}',
    { kind: 'split', version: -1 },
    { kind: 'split', version: 1.5 },
    { kind: '<img src=x onerror=alert(1)>', version: 2 },
    { kind: 'split', version: 2, change: 'text' },
    [1, 2, 3],
    null,
    { kind: 'x'.repeat(41), version: 2 },
    { kind: 'split', version: 2, change: { pad: 'y'.repeat(9000) } },
  ];
  const claims = Array.from({ length: 40 }, (_, i) => ({
    kind: i % 2 === 0 ? 'split' : 'round',
    version: 1000 + i,
    change: { cardIds: ['forged-1', 'forged-2'], points: [7, 0], name: 'Mallory' },
  }));
  return [...junk, ...claims];
}

describe('forged live notices', () => {
  it('given ten screens on a running game, when a viewer publishes fifty forged notices with @forge/bridge, then each screen reads at most once and shows only what the server says', async () => {
    const alice = app.as(USERS.alice, { moduleKey: 'thirty-five', localId: LOCAL_ID });
    expect((await alice.invoke(THIRTY_FIVE.start)).ok).toBe(true);
    const timers = new ManualTimers();
    const screens = openScreens(timers);
    screens.forEach((s) => s.feed.start());
    await until(
      () => screens.every((s) => s.feed.current.loaded && s.feed.idle),
      'every screen has its first state',
    );
    // A view carries the server's clock (`now`, for the round timer): a read gives a later one.
    const shown = (s: (typeof screens)[number]): string =>
      JSON.stringify(s.feed.current.data, (key, value: unknown) =>
        key === 'now' ? undefined : value,
      );
    const truth = screens.map(shown);
    app.resetCounters();

    const { realtime } = await import('@forge/bridge');
    const flood = forgedNotices();
    expect(flood).toHaveLength(50);
    for (const notice of flood)
      await realtime.publish(changeChannel(LOCAL_ID), notice as Record<string, unknown>);
    await until(() => screens.every((s) => s.heard === 50), 'every screen heard the flood');

    timers.advance(5_000);
    await until(() => screens.every((s) => s.feed.idle), 'every screen is done reading');
    timers.advance(5_000);
    await until(() => screens.every((s) => s.feed.idle), 'nothing more to read');

    const reads = app.counters().invocationsByFunction[THIRTY_FIVE.state] ?? 0;
    expect(reads).toBeLessThanOrEqual(10);
    expect(screens.reduce((n, s) => n + s.feed.counts.noticesRefused, 0)).toBe(10 * 10);
    // Nothing forged reached a screen: each shows exactly what it showed before.
    expect(screens.map(shown)).toEqual(truth);
    screens.forEach((s) => s.feed.stop());
  });
});
