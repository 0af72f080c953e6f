/**
 * The `leanCoffee/state` view: clocks come from stored instants and the server's clock, so every
 * screen shows the same countdown and a reload loses nothing; the meeting timebox and the topics
 * that cannot fit; the clock port's default.
 */
import type { LeanCoffeeView } from '../../../src/contract/lean-coffee';
import { CLOCK_SEAM, serverClock } from '../../../src/services/lean-coffee-clock';
import { USERS } from '../../support/app-host';
import { newBoard, useAppHost } from './support';

const MINUTE = 60_000;

describe('Lean Coffee view', () => {
  const host = useAppHost();
  const { clock } = host;

  it('given a 6-minute meeting, when a 3-minute topic runs, then both screens show the same countdown, the meeting clock runs, and the topics that cannot fit are marked', async () => {
    const board = newBoard(host.app);
    const alice = board.as(USERS.alice);
    const bob = board.as(USERS.bob);
    await alice.ok('leanCoffee/start', { settings: { meetingMinutes: 6 } });
    const propose = async (title: string, minutes: number) => {
      const answer = await bob.ok<{ topicId: string }>('leanCoffee/proposeTopic', {
        title,
        minutes,
      });
      clock.advance(1); // distinct proposal instants keep the order First, Second, Third
      return answer.topicId;
    };
    const first = await propose('First', 3);
    const second = await propose('Second', 2);
    const third = await propose('Third', 1);
    const proposing = await bob.ok<LeanCoffeeView>('leanCoffee/state');
    expect(proposing.board.toDiscuss.map((card) => [card.topic.id, card.wontFit])).toEqual([
      [first, false],
      [second, false],
      [third, true],
    ]);

    await alice.ok('leanCoffee/openVoting');
    await alice.ok('leanCoffee/closeVoting');
    await alice.ok('leanCoffee/startTopic');
    clock.advance(MINUTE);
    const [a, b] = await Promise.all([
      alice.ok<LeanCoffeeView>('leanCoffee/state'),
      bob.ok<LeanCoffeeView>('leanCoffee/state'),
    ]);
    expect(a.board.discussing?.countdown.endsAt).toBe(b.board.discussing?.countdown.endsAt);
    expect(a.board.discussing?.countdown.startedAt).toBe(b.board.discussing?.countdown.startedAt);
    const countdown = b.board.discussing!.countdown;
    expect(countdown.endsAt - countdown.startedAt).toBe(3 * MINUTE);
    expect(countdown.remainingMs).toBeGreaterThan(2 * MINUTE - 5_000);
    expect(countdown.remainingMs).toBeLessThanOrEqual(2 * MINUTE);
    expect(b.now).toBeGreaterThanOrEqual(countdown.startedAt + MINUTE);
    expect(b.meeting.remainingMs).toBeLessThanOrEqual(5 * MINUTE);
    expect(b.meeting.remainingMs).toBeGreaterThan(5 * MINUTE - 5_000);
    expect(b.board.toDiscuss.map((card) => [card.topic.id, card.wontFit])).toEqual([
      [second, false],
      [third, true],
    ]);
    expect(b.thumbs).toMatchObject({ topicId: first, round: 0, isOpen: false, myThumb: null });

    clock.advance(6 * MINUTE);
    const late = await bob.ok<LeanCoffeeView>('leanCoffee/state');
    expect(late.board.discussing?.countdown).toMatchObject({ remainingMs: 0, isExpired: true });
    expect(late.meeting).toMatchObject({ remainingMs: 0, isExpired: true });
    expect(late.thumbs).toMatchObject({ isOpen: true });
    expect(late.board.toDiscuss.every((card) => card.wontFit)).toBe(true);
  });

  it('given no host clock, then the server clock is Date.now(); a seam that answers nonsense is ignored', () => {
    clock.uninstall();
    try {
      const before = Date.now();
      const now = serverClock();
      expect(now).toBeGreaterThanOrEqual(before);
      expect(now).toBeLessThanOrEqual(Date.now());
      Reflect.set(globalThis, CLOCK_SEAM, () => 'soon');
      expect(Math.abs(serverClock() - Date.now())).toBeLessThan(1_000);
    } finally {
      clock.install();
    }
  });
});
