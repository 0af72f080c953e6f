import type { LeanCoffeeState } from '../../../src/domain/lean-coffee';
import {
  board,
  evolve,
  meetingClock,
  MINUTE_MS,
  participantDots,
  THUMBS_WINDOW_MS,
  thumbsRound,
  timeSpentMs,
  topicCountdown,
  topicsToDiscuss,
  topicSummaries,
  visibleTallies,
  wontFitTopics,
  wrapUpList,
} from '../../../src/domain/lean-coffee';
import {
  ALICE,
  allocated,
  asFacilitator,
  BOB,
  created,
  ctx,
  given,
  play,
  proposed,
  stateIn,
  T0,
  threeTopics,
  votingOpened,
} from './builders';

const ids = (topics: readonly { readonly id: string }[]): string[] => topics.map((t) => t.id);

describe('tallies', () => {
  const voting = (hiddenTallies: boolean): LeanCoffeeState =>
    given(
      created({ hiddenTallies }),
      ...threeTopics(),
      votingOpened(),
      allocated(ALICE, { t3: 2 }),
      allocated(BOB, { t2: 1 }),
    );

  it('are hidden from everyone, the facilitator included, until voting closes', () => {
    expect(visibleTallies(voting(true))).toBeNull();
    expect(visibleTallies(given(created(), ...threeTopics()))).toBeNull();
    expect(board(voting(true), T0, ALICE).toDiscuss.map((card) => card.votes)).toEqual([
      null,
      null,
      null,
    ]);
  });

  it('but a participant always sees their own dots and dots left', () => {
    expect(participantDots(voting(true), ALICE)).toEqual({
      allocation: { t3: 2 },
      used: 2,
      left: 1,
    });
    expect(participantDots(voting(true), 'acc-nobody')).toEqual({
      allocation: {},
      used: 0,
      left: 3,
    });
    expect(board(voting(true), T0, ALICE).toDiscuss.map((card) => card.myDots)).toEqual([0, 0, 2]);
  });

  it('are visible while voting when the option says so, and the To discuss column follows the votes', () => {
    expect(visibleTallies(voting(false))).toEqual({ t1: 0, t2: 1, t3: 2 });
    expect(ids(topicsToDiscuss(voting(false)))).toEqual(['t3', 't2', 't1']);
    expect(ids(topicsToDiscuss(voting(true)))).toEqual(['t1', 't2', 't3']);
  });

  it('are visible to all once voting has closed', () => {
    const closed = play(voting(true), { type: 'closeVoting' }, asFacilitator(T0 + 30_000));
    expect(visibleTallies(closed)).toEqual({ t1: 0, t2: 1, t3: 2 });
  });
});

describe('clocks', () => {
  const startedAt = T0 + 60_000;
  const running = (): LeanCoffeeState =>
    play(stateIn('discussing'), { type: 'startTopic' }, asFacilitator(startedAt));

  it('the topic countdown comes from the stored instants', () => {
    expect(topicCountdown(stateIn('discussing'), startedAt)).toBeNull();
    expect(topicCountdown(running(), startedAt + 2 * MINUTE_MS)).toEqual({
      topicId: 't1',
      round: 0,
      startedAt,
      endsAt: startedAt + 8 * MINUTE_MS,
      remainingMs: 6 * MINUTE_MS,
      elapsedMs: 2 * MINUTE_MS,
      fractionRemaining: 0.75,
      isExpired: false,
    });
  });

  it('the meeting clock runs from creation for the meeting minutes and stops when the meeting ends', () => {
    expect(meetingClock(running(), T0 + 15 * MINUTE_MS)).toMatchObject({
      remainingMs: 45 * MINUTE_MS,
      fractionRemaining: 0.75,
    });
    expect(meetingClock(running(), T0 + 90 * MINUTE_MS)).toMatchObject({
      remainingMs: 0,
      isExpired: true,
    });
    const ended = stateIn('ended');
    expect(meetingClock(ended, T0 + 90 * MINUTE_MS).remainingMs).toBe(60 * MINUTE_MS - 50_000);
  });

  it('marks the topics that cannot fit, by cumulative minutes in the current order', () => {
    // 20-minute meeting; t1 (8) runs, then t2 (5) and t3 (10) wait.
    let state = given(
      created({ meetingMinutes: 20 }),
      ...threeTopics(),
      votingOpened(),
      allocated(ALICE, { t1: 3 }),
    );
    expect(wontFitTopics(state, T0)).toEqual(['t3']);
    state = play(state, { type: 'closeVoting' }, asFacilitator(T0));
    state = play(state, { type: 'startTopic' }, asFacilitator(T0));
    expect(wontFitTopics(state, T0)).toEqual(['t3']);
    expect(board(state, T0, ALICE).toDiscuss.map((card) => [card.topic.id, card.wontFit])).toEqual([
      ['t2', false],
      ['t3', true],
    ]);
    expect(wontFitTopics(state, T0 + 8 * MINUTE_MS)).toEqual(['t3']);
    expect(wontFitTopics(state, T0 + 16 * MINUTE_MS)).toEqual(['t2', 't3']);
    expect(wontFitTopics(play(state, { type: 'startWrapUp' }, asFacilitator(T0 + 1)), T0)).toEqual(
      [],
    );
  });

  it('tracks minutes actually spent per topic', () => {
    expect(timeSpentMs(running(), 't1', startedAt + 90_000)).toBe(90_000);
    expect(timeSpentMs(running(), 't2', startedAt + 90_000)).toBe(0);
    const done = play(
      running(),
      { type: 'overrideTopic', topicId: 't1', decision: 'next' },
      asFacilitator(startedAt + 100_000),
    );
    expect(timeSpentMs(done, 't1', startedAt + 999_999)).toBe(100_000);
  });
});

describe('thumbs round', () => {
  const startedAt = T0 + 60_000;
  const expiry = startedAt + 8 * MINUTE_MS;

  it('shows counts so far, the outcome closing would give, and the viewer’s own thumb', () => {
    let state = play(stateIn('discussing'), { type: 'startTopic' }, asFacilitator(startedAt));
    expect(thumbsRound(state, startedAt, ALICE)).toMatchObject({
      isOpen: false,
      myThumb: null,
      outcome: 'next',
    });
    state = play(
      state,
      { type: 'castThumb', topicId: 't1', round: 0, thumb: 'up' },
      ctx({ now: expiry }),
    );
    expect(thumbsRound(state, expiry, ALICE)).toEqual({
      topicId: 't1',
      round: 0,
      isOpen: true,
      closableByAnyoneAt: expiry + THUMBS_WINDOW_MS,
      counts: { up: 1, sideways: 0, down: 0 },
      outcome: 'extend',
      myThumb: 'up',
    });
    expect(thumbsRound(state, expiry, BOB)?.myThumb).toBeNull();
    expect(thumbsRound(stateIn('discussing'), expiry, ALICE)).toBeNull();
  });
});

describe('board columns', () => {
  it('To discuss / Discussing / Done', () => {
    const startedAt = T0 + 60_000;
    let state = play(stateIn('discussing'), { type: 'startTopic' }, asFacilitator(startedAt));
    state = play(
      state,
      { type: 'overrideTopic', topicId: 't1', decision: 'next' },
      asFacilitator(startedAt + 60_000),
    );
    const view = board(state, startedAt + 90_000, ALICE);
    expect(view.toDiscuss.map((card) => [card.topic.id, card.votes])).toEqual([['t3', 0]]);
    expect(view.discussing).toMatchObject({
      topic: { id: 't2' },
      votes: 1,
      spentMs: 30_000,
      countdown: { remainingMs: 5 * MINUTE_MS - 30_000 },
    });
    expect(view.done.map((card) => [card.topic.id, card.votes, card.myDots, card.spentMs])).toEqual(
      [['t1', 2, 2, 60_000]],
    );
    expect(board(stateIn('proposing'), T0, ALICE)).toMatchObject({ discussing: null, done: [] });
    // A deletion record folded late (it lost a race with the close) leaves the board readable.
    const late = evolve(state, {
      type: 'TopicDeleted',
      v: 1,
      topicId: 't3',
      by: ALICE,
      at: T0 + 9_000,
    });
    expect(board(late, startedAt + 90_000, ALICE).toDiscuss).toEqual([]);
    expect(board(stateIn('ended'), T0, ALICE).toDiscuss).toEqual([]);
  });
});

describe('wrap-up list and notes summary', () => {
  it('lists nothing before voting closes, the queue while discussing, the frozen list after', () => {
    expect(wrapUpList(stateIn('voting'))).toEqual([]);
    expect(wrapUpList(stateIn('discussing')).map((item) => [item.topic.id, item.votes])).toEqual([
      ['t1', 2],
      ['t2', 1],
      ['t3', 0],
    ]);
    expect(wrapUpList(stateIn('wrap-up')).map((item) => item.topic.id)).toEqual(['t1', 't2', 't3']);
  });

  it('reports a running topic as discussing, and every topic before any discussion', () => {
    const running = play(stateIn('discussing'), { type: 'startTopic' }, asFacilitator(T0 + 60_000));
    expect(
      topicSummaries(running, T0 + 70_000).map((s) => [s.topic.id, s.status, s.spentMs]),
    ).toEqual([
      ['t1', 'discussing', 10_000],
      ['t2', 'undiscussed', 0],
      ['t3', 'undiscussed', 0],
    ]);
    expect(topicSummaries(given(created(), proposed()), T0).map((s) => s.status)).toEqual([
      'undiscussed',
    ]);
  });
});
