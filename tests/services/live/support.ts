/**
 * What the live tests share: the real app in the host with one event stream to it, and a table of
 * screens of one macro instance (one per person, running the UI's own feed over the host's wire, on
 * timers the test moves by hand), with the phase step those tests count reads by.
 */
import { changeChannel } from '../../../src/contract/channels';
import type { ApplyNotice } from '../../../static/src/live-feed';
import { startAppHost, HOME_PAGE_ID, type AppHost } from '../../support/app-host';
import {
  EventStream,
  ManualTimers,
  Screen,
  until,
  type ScreenFrame,
} from '../../../bench/support/screens';

export interface LiveHost {
  readonly app: AppHost;
  readonly stream: EventStream;
}

/** The app host and an open event stream, for one `describe`: started before, closed after. */
export function useLiveHost(): LiveHost {
  let app: AppHost | undefined;
  let stream: EventStream | undefined;
  beforeAll(async () => {
    app = await startAppHost();
    stream = new EventStream(app.host.url);
    await stream.open();
  });
  afterAll(async () => {
    stream?.close();
    await app?.close();
  });
  return {
    get app(): AppHost {
      if (app === undefined) throw new Error('the app host has not started');
      return app;
    },
    get stream(): EventStream {
      if (stream === undefined) throw new Error('the event stream is not open');
      return stream;
    },
  };
}

/** One person's frame in a macro instance on the home page. */
export const frameIn =
  (moduleKey: string, localId: string) =>
  (accountId: string): ScreenFrame => ({ accountId, moduleKey, localId, contentId: HOME_PAGE_ID });

/**
 * One screen per person of the instance `localId`, reading with `stateFunction` and judging
 * notices with `apply`; `start` opens them all and waits for their first state; `phase(n, act)`
 * runs `act`, waits until every screen heard `n` notices and read what it had to, and answers who
 * read and what the state reads cost.
 */
export function screenTable<T>(
  live: LiveHost,
  options: {
    readonly moduleKey: string;
    readonly localId: string;
    readonly people: readonly string[];
    readonly stateFunction: string;
    readonly apply: ApplyNotice<T>;
  },
) {
  const { people, stateFunction } = options;
  const timers = new ManualTimers();
  const frameOf = frameIn(options.moduleKey, options.localId);
  const screens = new Map(
    people.map((who) => [
      who,
      new Screen<T>({
        url: live.app.host.url,
        stream: live.stream,
        frame: frameOf(who),
        channel: changeChannel(options.localId),
        stateFunction,
        apply: options.apply,
        clock: timers,
        random: () => 0.5,
      }),
    ]),
  );
  const all = [...screens.values()];
  const screenOf = (who: string): Screen<T> => {
    const s = screens.get(who);
    if (s === undefined) throw new Error(`no screen for ${who}`);
    return s;
  };
  return {
    timers,
    all,
    screenOf,
    async start(): Promise<void> {
      all.forEach((s) => s.feed.start());
      await until(
        () => all.every((s) => s.feed.current.loaded && s.feed.idle),
        'every screen has its first state',
      );
    },
    async phase(n: number, act: () => Promise<void>) {
      const heardBefore = all.map((s) => s.heard);
      const readsBefore = new Map(people.map((p) => [p, screenOf(p).feed.counts.reads]));
      live.app.resetCounters();
      await act();
      await until(
        () => all.every((s, i) => s.heard >= (heardBefore[i] ?? 0) + n),
        'every screen heard the notices',
      );
      for (let i = 0; i < 3; i += 1) {
        timers.advance(2_000); // past the window and the jitter; far below the 90 s reconciliation
        await until(() => all.every((s) => s.feed.idle), 'every screen is done reading');
      }
      const counters = live.app.counters();
      return {
        readsBy: (who: string) => screenOf(who).feed.counts.reads - (readsBefore.get(who) ?? 0),
        stateReads: counters.invocationsByFunction[stateFunction] ?? 0,
        stateConfluence: counters.byFunction[stateFunction]?.confluenceRequests ?? 0,
      };
    },
  };
}
