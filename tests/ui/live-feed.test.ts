/**
 * The live feed's rules (static/src/live-feed.ts) with a hand-moved clock and a fake channel:
 * notices are validated, applied or ignored without a read, reads are coalesced into one per
 * window and jittered for transitions, a subscription is retried with jitter before polling, and
 * polling backs off.
 */
import type { ApiResult } from '../../src/contract/result';
import {
  byVersion,
  DEFAULT_TIMING,
  KNOWN,
  LiveFeed,
  parseNotice,
  REFETCH,
  transitionAmong,
  TRANSITION_SPREAD_MAX_MS,
  type ApplyNotice,
} from '../../static/src/live-feed';
import { ManualTimers } from '../../bench/support/screens';

interface View {
  readonly version: number;
  readonly cards: readonly string[];
}

/** A fake backend: a view, a count of reads, and subscriptions that can be made to fail. */
function fakeChannel(overrides: { fails?: number; view?: View } = {}) {
  let view: View = overrides.view ?? { version: 1, cards: [] };
  let fails = overrides.fails ?? 0;
  let listener: ((p: unknown) => void) | null = null;
  const channel = {
    reads: 0,
    subscribes: 0,
    set(next: View) {
      view = next;
    },
    publish(p: unknown) {
      listener?.(p);
    },
    load: (): Promise<ApiResult<View>> => {
      channel.reads += 1;
      return Promise.resolve({ ok: true, data: view });
    },
    subscribe: (onEvent: (p: unknown) => void): Promise<() => void> => {
      channel.subscribes += 1;
      if (fails > 0) {
        fails -= 1;
        return Promise.reject(new Error('RATE_LIMIT_EXCEEDED'));
      }
      listener = onEvent;
      return Promise.resolve(() => (listener = null));
    },
  };
  return channel;
}

const flush = async (): Promise<void> => {
  for (let i = 0; i < 5; i += 1) await Promise.resolve();
};

/** Applies `card` notices whose card is new; anything newer refetches. */
const applyCards: ApplyNotice<View> = (view, notice) => {
  if (notice.version > view.version) return REFETCH;
  const card = notice.change?.card;
  if (notice.kind !== 'card' || typeof card !== 'string') return KNOWN;
  return view.cards.includes(card)
    ? KNOWN
    : { kind: 'apply', data: { ...view, cards: [...view.cards, card] } };
};

function feedOn(
  channel: ReturnType<typeof fakeChannel>,
  timers: ManualTimers,
  apply?: ApplyNotice<View>,
) {
  return new LiveFeed<View>({
    load: channel.load,
    follow: 'realtime',
    ...(apply ? { apply } : {}),
    deps: { ...timers, random: () => 0.5, subscribe: channel.subscribe },
    onChange: () => undefined,
  });
}

describe('parseNotice', () => {
  it('given payloads of every shape, when parsed, then only a kind, a whole version ≥ 0 and an object change pass', () => {
    expect(parseNotice({ kind: 'split', version: 3 })).toEqual({ kind: 'split', version: 3 });
    expect(parseNotice('{"kind":"card","version":0,"change":{"card":"c1"}}')).toEqual({
      kind: 'card',
      version: 0,
      change: { card: 'c1' },
    });
    for (const bad of [
      null,
      'nope',
      [],
      { kind: 'split' },
      { kind: 'split', version: -1 },
      { kind: 'split', version: 2.5 },
      { kind: 'a b', version: 1 },
      { kind: 'split', version: 1, change: [1] },
      { kind: 'split', version: 1, change: { pad: 'x'.repeat(9000) } },
    ]) {
      expect(parseNotice(bad)).toBeNull();
    }
  });
});

describe('LiveFeed', () => {
  it('given a view with an applier, when notices carry a new card, a known one, junk and an old version, then it applies the card and reads nothing', async () => {
    const timers = new ManualTimers();
    const channel = fakeChannel({ view: { version: 2, cards: ['a'] } });
    const feed = feedOn(channel, timers, applyCards);
    feed.start();
    await flush();
    expect(channel.reads).toBe(1);
    channel.publish({ kind: 'card', version: 2, change: { card: 'b' } });
    channel.publish({ kind: 'card', version: 2, change: { card: 'a' } });
    channel.publish('garbage');
    channel.publish({ kind: 'round', version: 1 });
    timers.advance(10_000);
    await flush();
    expect(channel.reads).toBe(1);
    expect(feed.current.data?.cards).toEqual(['a', 'b']);
    expect(feed.counts).toMatchObject({ noticesApplied: 1, noticesKnown: 2, noticesRefused: 1 });
    feed.stop();
  });

  it('given a byVersion view, when twenty notices claim newer versions at once, then one read answers them all, jittered and no sooner than a window after the last', async () => {
    const timers = new ManualTimers();
    const channel = fakeChannel();
    const feed = new LiveFeed<View>({
      load: channel.load,
      follow: 'realtime',
      apply: byVersion((v) => v.version),
      deps: { ...timers, random: () => 0.5, subscribe: channel.subscribe },
      onChange: () => undefined,
    });
    feed.start();
    await flush();
    channel.set({ version: 2, cards: [] });
    for (let i = 0; i < 20; i += 1) channel.publish({ kind: 'round', version: 2 + i });
    timers.advance(DEFAULT_TIMING.jitterMs * 0.5 - 1);
    await flush();
    expect(channel.reads).toBe(1);
    timers.advance(2);
    await flush();
    expect(channel.reads).toBe(2);
    expect(feed.current.data?.version).toBe(2);
    // A notice for the version the screen has is known.
    channel.publish({ kind: 'round', version: 2 });
    timers.advance(10_000);
    await flush();
    expect(channel.reads).toBe(2);
    feed.stop();
  });

  it('given a transition among 61 screens, when its notice arrives, then the read waits a random share of about 2 s, and no view can make it wait longer than 4 s', async () => {
    expect(transitionAmong(61)).toEqual({ kind: 'refetch', transition: true, spreadMs: 2034 });
    expect(transitionAmong(2)).toMatchObject({ spreadMs: 67 }); // the feed's 1 s jitter still holds
    expect(transitionAmong(1_000)).toMatchObject({ spreadMs: TRANSITION_SPREAD_MAX_MS });
    const readAfter = async (spreadMs: number): Promise<number> => {
      const timers = new ManualTimers();
      const channel = fakeChannel();
      const feed = new LiveFeed<View>({
        load: channel.load,
        follow: 'realtime',
        apply: (v, n) =>
          n.version > v.version ? { kind: 'refetch', transition: true, spreadMs } : KNOWN,
        deps: { ...timers, random: () => 0.5, subscribe: channel.subscribe },
        onChange: () => undefined,
      });
      feed.start();
      await flush();
      channel.set({ version: 2, cards: [] });
      channel.publish({ kind: 'round', version: 2 });
      let waited = 0;
      while (channel.reads < 2 && waited < 10_000) {
        timers.advance(10);
        waited += 10;
        await flush();
      }
      feed.stop();
      return waited;
    };
    expect(await readAfter(2034)).toBe(1020); // half of 2,034 ms, to the 10 ms step
    expect(await readAfter(10)).toBe(500); // half of the feed's 1 s jitter
    expect(await readAfter(1e9)).toBe(TRANSITION_SPREAD_MAX_MS / 2);
  });

  it('given a subscription refused twice, when the feed starts, then it retries with jitter and follows the channel on the third try without polling', async () => {
    const timers = new ManualTimers();
    const channel = fakeChannel({ fails: 2 });
    const feed = feedOn(channel, timers);
    feed.start();
    await flush();
    expect(channel.subscribes).toBe(1);
    timers.advance(DEFAULT_TIMING.subscribeRetryMs);
    await flush();
    timers.advance(DEFAULT_TIMING.subscribeRetryMs);
    await flush();
    expect(channel.subscribes).toBe(3);
    expect(feed.current.mode).toBe('realtime');
    feed.stop();
  });

  it('given a subscription refused once (a burst of screens opening), when the feed starts, then it shows the board at once, subscribes on a jittered retry and reads once more to catch up', async () => {
    const timers = new ManualTimers();
    const channel = fakeChannel({ fails: 1, view: { version: 3, cards: ['a'] } });
    const feed = feedOn(channel, timers, applyCards);
    feed.start();
    await flush();
    // Refused: the board is on screen without waiting for realtime.
    expect(channel.reads).toBe(1);
    expect(feed.current.data?.cards).toEqual(['a']);
    // A change lands while this screen is not subscribed: its notice is lost to it.
    channel.set({ version: 3, cards: ['a', 'missed'] });
    channel.publish({ kind: 'card', version: 3, change: { card: 'missed' } });
    timers.advance(DEFAULT_TIMING.subscribeRetryMs);
    await flush();
    expect(channel.subscribes).toBe(2);
    expect(feed.current.mode).toBe('realtime');
    // The late subscribe reads once to catch up (scheduled under the window), and only once.
    timers.advance(1);
    await flush();
    expect(channel.reads).toBe(2);
    expect(feed.current.data?.cards).toEqual(['a', 'missed']);
    timers.advance(10_000);
    await flush();
    expect(channel.reads).toBe(2);
    feed.stop();
  });

  it('given every retry refused, when the feed starts, then the retry pauses double (0…1 s, 0…2 s, 0…4 s) before it falls back to polling', async () => {
    const timers = new ManualTimers();
    const channel = fakeChannel({ fails: 1_000 });
    const feed = new LiveFeed<View>({
      load: channel.load,
      follow: 'realtime',
      deps: { ...timers, random: () => 0.999, subscribe: channel.subscribe },
      onChange: () => undefined,
    });
    feed.start();
    await flush();
    const base = DEFAULT_TIMING.subscribeRetryMs * 0.999;
    const at: number[] = [];
    let last = channel.subscribes;
    for (let ms = 0; ms < 10_000; ms += 100) {
      timers.advance(100);
      await flush();
      if (channel.subscribes !== last) {
        last = channel.subscribes;
        at.push(timers.now());
      }
    }
    expect(DEFAULT_TIMING.subscribeRetries).toBe(3);
    expect(at).toHaveLength(3);
    const [first = 0, second = 0, third = 0] = at;
    expect(first).toBeGreaterThanOrEqual(base);
    expect(second - first).toBeGreaterThanOrEqual(2 * base);
    expect(third - second).toBeGreaterThanOrEqual(4 * base);
    expect(feed.current.mode).toBe('polling');
    // The load at the first refusal, and one when polling starts (nothing is left stale).
    expect(channel.reads).toBe(2);
    feed.stop();
  });

  it('given realtime refused for good, when nothing changes for ten minutes, then the feed polls with growing pauses (at most one read per 8 s) and tries realtime again now and then', async () => {
    const timers = new ManualTimers();
    const channel = fakeChannel({ fails: 1_000 });
    const feed = feedOn(channel, timers);
    feed.start();
    for (let s = 0; s < 600; s += 1) {
      timers.advance(1000);
      await flush();
    }
    expect(feed.current.mode).toBe('polling');
    // 10 s, 15 s, 22.5 s, 33.75 s, then 40 s each (± 20 %): far fewer than 600 / 8 reads.
    expect(channel.reads).toBeGreaterThanOrEqual(10);
    expect(channel.reads).toBeLessThanOrEqual(600 / 8);
    expect(channel.subscribes).toBeGreaterThan(3);
    feed.stop();
  });

  it('given a subscribed view, when no notice comes for a long while, then a jittered reconciliation read covers a lost one', async () => {
    const timers = new ManualTimers();
    const channel = fakeChannel();
    const feed = feedOn(channel, timers, applyCards);
    feed.start();
    await flush();
    channel.set({ version: 5, cards: ['lost'] });
    timers.advance(DEFAULT_TIMING.reconcileMs * 1.2);
    await flush();
    expect(channel.reads).toBe(2);
    expect(feed.current.data?.version).toBe(5);
    feed.stop();
  });
});
