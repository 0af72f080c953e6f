import type { LeanCoffeeState } from '../../../src/domain/lean-coffee';
import {
  currentTopic,
  MINUTE_MS,
  THUMBS_WINDOW_MS,
  topicSummaries,
} from '../../../src/domain/lean-coffee';
import {
  accepted,
  ALICE,
  allocated,
  asFacilitator,
  BOB,
  CAROL,
  created,
  ctx,
  given,
  play,
  refused,
  T0,
  threeTopics,
  votingOpened,
} from './builders';

const CLOSED_AT = T0 + 30_000;
const STARTED_AT = T0 + 60_000;

/** Votes t3 > t1 > t2; voting closed; nothing started yet. */
const closed = (): LeanCoffeeState =>
  play(
    given(
      created(),
      ...threeTopics(),
      votingOpened(),
      allocated(ALICE, { t3: 2, t1: 1 }),
      allocated(BOB, { t3: 1 }),
    ),
    { type: 'closeVoting' },
    asFacilitator(CLOSED_AT),
  );

/** t3 (10 minutes) running since STARTED_AT. */
const running = (): LeanCoffeeState =>
  play(closed(), { type: 'startTopic' }, asFacilitator(STARTED_AT));
const EXPIRY = STARTED_AT + 10 * MINUTE_MS;

describe('ordering and reordering', () => {
  it('given voting closed, then the queue is votes desc, then earliest', () => {
    expect(closed().queue).toEqual(['t3', 't1', 't2']);
  });

  it('when the facilitator reorders with a permutation, then the queue follows it', () => {
    expect(
      accepted(closed(), { type: 'reorderTopics', order: ['t2', 't3', 't1'] }, asFacilitator()),
    ).toEqual([{ type: 'TopicsReordered', v: 1, order: ['t2', 't3', 't1'], at: T0 + 60_000 }]);
  });

  it.each([[['t1', 't2']], [['t1', 't2', 't2']], [['t1', 't2', 't9']], [['t1', 't2', 't3', 't3']]])(
    'when reordering with %j, then INVALID_ORDER',
    (order) => {
      expect(refused(closed(), { type: 'reorderTopics', order }, asFacilitator())).toBe(
        'INVALID_ORDER',
      );
    },
  );

  it('during discussion only the topics not yet discussed can be reordered', () => {
    expect(
      refused(running(), { type: 'reorderTopics', order: ['t3', 't2', 't1'] }, asFacilitator()),
    ).toBe('INVALID_ORDER');
    expect(
      play(running(), { type: 'reorderTopics', order: ['t2', 't1'] }, asFacilitator()).queue,
    ).toEqual(['t2', 't1']);
  });
});

describe('starting a topic', () => {
  it('when the facilitator starts, then the first topic runs for its minutes on the server clock', () => {
    expect(accepted(closed(), { type: 'startTopic' }, asFacilitator(STARTED_AT))).toEqual([
      { type: 'TopicStarted', v: 1, topicId: 't3', minutes: 10, at: STARTED_AT, endsAt: EXPIRY },
    ]);
    expect(currentTopic(running())).toEqual({
      topicId: 't3',
      round: 0,
      roundStartedAt: STARTED_AT,
      endsAt: EXPIRY,
      timeboxMinutes: 10,
    });
  });

  it('may start a chosen topic out of order', () => {
    const state = play(closed(), { type: 'startTopic', topicId: 't2' }, asFacilitator(STARTED_AT));
    expect(state.queue).toEqual(['t3', 't1']);
  });

  it('refuses a second start while a topic runs, a double click included', () => {
    expect(refused(running(), { type: 'startTopic' }, asFacilitator())).toBe('TOPIC_IN_PROGRESS');
  });

  it('refuses unknown and already discussed topics, and an empty queue', () => {
    expect(refused(closed(), { type: 'startTopic', topicId: 't9' }, asFacilitator())).toBe(
      'UNKNOWN_TOPIC',
    );
    const finished = play(
      running(),
      { type: 'overrideTopic', topicId: 't3', decision: 'next' },
      asFacilitator(),
    );
    const idle = play(
      finished,
      { type: 'overrideTopic', topicId: 't1', decision: 'next' },
      asFacilitator(),
    );
    const empty = play(
      idle,
      { type: 'overrideTopic', topicId: 't2', decision: 'next' },
      asFacilitator(),
    );
    expect(currentTopic(empty)).toBeNull();
    expect(refused(empty, { type: 'startTopic', topicId: 't3' }, asFacilitator())).toBe(
      'ALREADY_DISCUSSED',
    );
    expect(refused(empty, { type: 'startTopic' }, asFacilitator())).toBe('NO_TOPICS');
  });
});

describe('the thumbs vote', () => {
  it('opens at expiry, not before', () => {
    expect(
      refused(
        running(),
        { type: 'castThumb', topicId: 't3', round: 0, thumb: 'up' },
        ctx({ now: EXPIRY - 1 }),
      ),
    ).toBe('TIMEBOX_RUNNING');
    expect(
      accepted(
        running(),
        { type: 'castThumb', topicId: 't3', round: 0, thumb: 'up' },
        ctx({ now: EXPIRY }),
      ),
    ).toEqual([
      {
        type: 'ThumbVoted',
        v: 1,
        topicId: 't3',
        round: 0,
        participant: ALICE,
        thumb: 'up',
        at: EXPIRY,
      },
    ]);
  });

  it('refuses thumbs for a topic not running and for a past round', () => {
    expect(
      refused(
        running(),
        { type: 'castThumb', topicId: 't1', round: 0, thumb: 'up' },
        ctx({ now: EXPIRY }),
      ),
    ).toBe('NOT_DISCUSSING');
    expect(
      refused(
        closed(),
        { type: 'castThumb', topicId: 't3', round: 0, thumb: 'up' },
        ctx({ now: EXPIRY }),
      ),
    ).toBe('NOT_DISCUSSING');
    const extended = play(
      running(),
      { type: 'overrideTopic', topicId: 't3', decision: 'extend' },
      asFacilitator(EXPIRY),
    );
    expect(
      refused(
        extended,
        { type: 'castThumb', topicId: 't3', round: 0, thumb: 'up' },
        ctx({ now: EXPIRY }),
      ),
    ).toBe('VOTE_CLOSED');
  });

  it('one thumb per participant: a change overwrites', () => {
    let state = play(
      running(),
      { type: 'castThumb', topicId: 't3', round: 0, thumb: 'down' },
      ctx({ now: EXPIRY }),
    );
    state = play(
      state,
      { type: 'castThumb', topicId: 't3', round: 0, thumb: 'up' },
      ctx({ now: EXPIRY + 1 }),
    );
    const events = accepted(
      state,
      { type: 'closeThumbs', topicId: 't3', round: 0 },
      asFacilitator(EXPIRY + 2),
    );
    expect(events[0]).toMatchObject({ counts: { up: 1, sideways: 0, down: 0 }, outcome: 'extend' });
  });

  it('more ups than downs: extended by half the last timebox (10 → 5 → 3 minutes) from now', () => {
    let state = play(
      running(),
      { type: 'castThumb', topicId: 't3', round: 0, thumb: 'up' },
      ctx({ now: EXPIRY }),
    );
    const at = EXPIRY + 30_000;
    expect(
      accepted(state, { type: 'closeThumbs', topicId: 't3', round: 0 }, asFacilitator(at)),
    ).toEqual([
      {
        type: 'ThumbsResolved',
        v: 1,
        topicId: 't3',
        round: 0,
        counts: { up: 1, sideways: 0, down: 0 },
        outcome: 'extend',
        decidedBy: 'votes',
        at,
      },
      {
        type: 'TimeboxExtended',
        v: 1,
        topicId: 't3',
        round: 1,
        minutes: 5,
        at,
        endsAt: at + 5 * MINUTE_MS,
      },
    ]);
    state = play(state, { type: 'closeThumbs', topicId: 't3', round: 0 }, asFacilitator(at));
    const second = at + 5 * MINUTE_MS;
    state = play(
      state,
      { type: 'castThumb', topicId: 't3', round: 1, thumb: 'up' },
      ctx({ actor: CAROL, now: second }),
    );
    expect(
      accepted(state, { type: 'closeThumbs', topicId: 't3', round: 1 }, asFacilitator(second))[1],
    ).toMatchObject({
      round: 2,
      minutes: 3,
      endsAt: second + 3 * MINUTE_MS,
    });
  });

  it('a tie, more downs or no votes: the topic is done and the next starts now', () => {
    let state = play(
      running(),
      { type: 'castThumb', topicId: 't3', round: 0, thumb: 'up' },
      ctx({ now: EXPIRY }),
    );
    state = play(
      state,
      { type: 'castThumb', topicId: 't3', round: 0, thumb: 'down' },
      ctx({ actor: BOB, now: EXPIRY }),
    );
    state = play(
      state,
      { type: 'castThumb', topicId: 't3', round: 0, thumb: 'sideways' },
      ctx({ actor: CAROL, now: EXPIRY }),
    );
    expect(
      accepted(state, { type: 'closeThumbs', topicId: 't3', round: 0 }, asFacilitator(EXPIRY + 5)),
    ).toEqual([
      {
        type: 'ThumbsResolved',
        v: 1,
        topicId: 't3',
        round: 0,
        counts: { up: 1, sideways: 1, down: 1 },
        outcome: 'next',
        decidedBy: 'votes',
        at: EXPIRY + 5,
      },
      { type: 'TopicFinished', v: 1, topicId: 't3', reason: 'thumbs', at: EXPIRY + 5 },
      {
        type: 'TopicStarted',
        v: 1,
        topicId: 't1',
        minutes: 8,
        at: EXPIRY + 5,
        endsAt: EXPIRY + 5 + 8 * MINUTE_MS,
      },
    ]);
  });

  it('the facilitator may close from expiry; anyone once the window has passed', () => {
    expect(
      refused(
        running(),
        { type: 'closeThumbs', topicId: 't3', round: 0 },
        asFacilitator(EXPIRY - 1),
      ),
    ).toBe('TIMEBOX_RUNNING');
    expect(
      refused(
        running(),
        { type: 'closeThumbs', topicId: 't3', round: 0 },
        ctx({ now: EXPIRY + THUMBS_WINDOW_MS - 1 }),
      ),
    ).toBe('NOT_FACILITATOR');
    expect(
      accepted(
        running(),
        { type: 'closeThumbs', topicId: 't3', round: 0 },
        ctx({ now: EXPIRY + THUMBS_WINDOW_MS }),
      )[0],
    ).toMatchObject({
      decidedBy: 'votes',
      outcome: 'next',
    });
  });

  it('two screens closing the same round: the second is refused, so it resolves once', () => {
    const once = play(
      running(),
      { type: 'closeThumbs', topicId: 't3', round: 0 },
      ctx({ now: EXPIRY + THUMBS_WINDOW_MS }),
    );
    expect(
      refused(
        once,
        { type: 'closeThumbs', topicId: 't3', round: 0 },
        ctx({ actor: BOB, now: EXPIRY + THUMBS_WINDOW_MS }),
      ),
    ).toBe('NOT_DISCUSSING');
  });
});

describe('facilitator override', () => {
  it('extending before expiry adds to the planned end, never shortens', () => {
    const at = STARTED_AT + MINUTE_MS;
    expect(
      accepted(
        running(),
        { type: 'overrideTopic', topicId: 't3', decision: 'extend' },
        asFacilitator(at),
      ),
    ).toEqual([
      {
        type: 'ThumbsResolved',
        v: 1,
        topicId: 't3',
        round: 0,
        counts: { up: 0, sideways: 0, down: 0 },
        outcome: 'extend',
        decidedBy: 'facilitator',
        at,
      },
      {
        type: 'TimeboxExtended',
        v: 1,
        topicId: 't3',
        round: 1,
        minutes: 5,
        at,
        endsAt: EXPIRY + 5 * MINUTE_MS,
      },
    ]);
  });

  it('moving on regardless of thumbs finishes the topic and starts the next; none left, discussion waits', () => {
    let state = play(
      running(),
      { type: 'castThumb', topicId: 't3', round: 0, thumb: 'up' },
      ctx({ now: EXPIRY }),
    );
    const events = accepted(
      state,
      { type: 'overrideTopic', topicId: 't3', decision: 'next' },
      asFacilitator(EXPIRY),
    );
    expect(events.map((e) => e.type)).toEqual(['ThumbsResolved', 'TopicFinished', 'TopicStarted']);
    expect(events[1]).toMatchObject({ reason: 'facilitator' });
    state = play(
      state,
      { type: 'overrideTopic', topicId: 't3', decision: 'next' },
      asFacilitator(EXPIRY),
    );
    state = play(
      state,
      { type: 'overrideTopic', topicId: 't1', decision: 'next' },
      asFacilitator(EXPIRY + 1),
    );
    expect(
      accepted(
        state,
        { type: 'overrideTopic', topicId: 't2', decision: 'next' },
        asFacilitator(EXPIRY + 2),
      ).map((e) => e.type),
    ).toEqual(['ThumbsResolved', 'TopicFinished']);
  });

  it('an extension touches only the running topic’s record', () => {
    let state = play(
      running(),
      { type: 'overrideTopic', topicId: 't3', decision: 'next' },
      asFacilitator(EXPIRY),
    );
    state = play(
      state,
      { type: 'overrideTopic', topicId: 't1', decision: 'extend' },
      asFacilitator(EXPIRY + 1),
    );
    expect(state.discussions.map((d) => [d.topicId, d.extensions, d.finishedAt])).toEqual([
      ['t3', 0, EXPIRY],
      ['t1', 1, null],
    ]);
  });

  it('a double click on "next" moves on once', () => {
    const once = play(
      running(),
      { type: 'overrideTopic', topicId: 't3', decision: 'next' },
      asFacilitator(EXPIRY),
    );
    expect(
      refused(
        once,
        { type: 'overrideTopic', topicId: 't3', decision: 'next' },
        asFacilitator(EXPIRY),
      ),
    ).toBe('NOT_DISCUSSING');
  });
});

describe('takeaways and action items', () => {
  const withTakeaway = (): LeanCoffeeState =>
    play(
      running(),
      { type: 'addTakeaway', takeawayId: 'k1', topicId: 't3', text: ' Ask first ' },
      ctx({ now: STARTED_AT + 1 }),
    );

  it('anyone adds a takeaway to the running topic, each its own record', () => {
    expect(
      accepted(
        running(),
        { type: 'addTakeaway', takeawayId: 'k1', topicId: 't3', text: ' Ask first ' },
        ctx({ now: STARTED_AT + 1 }),
      ),
    ).toEqual([
      {
        type: 'TakeawayAdded',
        v: 1,
        takeaway: {
          id: 'k1',
          topicId: 't3',
          author: ALICE,
          text: 'Ask first',
          addedAt: STARTED_AT + 1,
        },
        at: STARTED_AT + 1,
      },
    ]);
    const both = play(
      withTakeaway(),
      { type: 'addTakeaway', takeawayId: 'k2', topicId: 't3', text: 'Also' },
      ctx({ actor: BOB, now: STARTED_AT + 1 }),
    );
    expect(topicSummaries(both, STARTED_AT + 2)[0]?.takeaways.map((k) => k.text)).toEqual([
      'Ask first',
      'Also',
    ]);
  });

  it.each([
    [{ text: '  ' }, 'TAKEAWAY_EMPTY'],
    [{ text: 'x'.repeat(501) }, 'TAKEAWAY_TOO_LONG'],
    [{ topicId: 't1' }, 'NOT_DISCUSSING'],
    [{ topicId: 't9' }, 'UNKNOWN_TOPIC'],
    [{ takeawayId: 'k1' }, 'DUPLICATE_ID'],
    [{ takeawayId: '' }, 'INVALID_ID'],
  ])('when adding a takeaway with %j, then %s', (override, code) => {
    expect(
      refused(
        withTakeaway(),
        { type: 'addTakeaway', takeawayId: 'k9', topicId: 't3', text: 'Fine', ...override },
        ctx(),
      ),
    ).toBe(code);
  });

  it('the author or the facilitator edits and deletes a takeaway; others get NOT_AUTHOR', () => {
    const edited = play(
      withTakeaway(),
      { type: 'editTakeaway', takeawayId: 'k1', text: 'Ask, then act' },
      ctx({ now: STARTED_AT + 2 }),
    );
    expect(topicSummaries(edited, STARTED_AT + 3)[0]?.takeaways).toEqual([
      { id: 'k1', topicId: 't3', author: ALICE, text: 'Ask, then act', addedAt: STARTED_AT + 1 },
    ]);
    expect(
      refused(
        withTakeaway(),
        { type: 'editTakeaway', takeawayId: 'k1', text: 'Mine' },
        ctx({ actor: BOB }),
      ),
    ).toBe('NOT_AUTHOR');
    expect(
      refused(withTakeaway(), { type: 'deleteTakeaway', takeawayId: 'k1' }, ctx({ actor: BOB })),
    ).toBe('NOT_AUTHOR');
    expect(
      refused(withTakeaway(), { type: 'editTakeaway', takeawayId: 'k1', text: '' }, ctx()),
    ).toBe('TAKEAWAY_EMPTY');
    const deleted = play(
      withTakeaway(),
      { type: 'deleteTakeaway', takeawayId: 'k1' },
      asFacilitator(STARTED_AT + 2),
    );
    expect(topicSummaries(deleted, STARTED_AT + 3)[0]?.takeaways).toEqual([]);
    expect(refused(deleted, { type: 'editTakeaway', takeawayId: 'k1', text: 'Back' }, ctx())).toBe(
      'UNKNOWN_TAKEAWAY',
    );
    expect(
      refused(
        deleted,
        { type: 'addTakeaway', takeawayId: 'k1', topicId: 't3', text: 'Back' },
        ctx(),
      ),
    ).toBe('DUPLICATE_ID');
  });

  const withAction = (): LeanCoffeeState =>
    play(
      running(),
      { type: 'addActionItem', actionItemId: 'a1', topicId: 't3', text: 'Book a room' },
      ctx({ now: STARTED_AT + 1 }),
    );

  it('action items have an optional owner that can be set and cleared', () => {
    expect(withAction().actionItems.a1?.value).toEqual({
      addedAt: STARTED_AT + 1,
      id: 'a1',
      topicId: 't3',
      author: ALICE,
      text: 'Book a room',
      owner: null,
    });
    const owned = play(
      withAction(),
      { type: 'editActionItem', actionItemId: 'a1', owner: BOB },
      asFacilitator(STARTED_AT + 2),
    );
    expect(owned.actionItems.a1?.value).toMatchObject({ text: 'Book a room', owner: BOB });
    const renamed = play(
      owned,
      { type: 'editActionItem', actionItemId: 'a1', text: 'Book two rooms' },
      ctx({ now: STARTED_AT + 3 }),
    );
    expect(renamed.actionItems.a1?.value).toMatchObject({ text: 'Book two rooms', owner: BOB });
    const cleared = play(
      renamed,
      { type: 'editActionItem', actionItemId: 'a1', owner: null },
      ctx({ now: STARTED_AT + 4 }),
    );
    expect(cleared.actionItems.a1?.value).toMatchObject({ owner: null });
    const deleted = play(
      cleared,
      { type: 'deleteActionItem', actionItemId: 'a1' },
      ctx({ now: STARTED_AT + 5 }),
    );
    expect(deleted.actionItems.a1?.value).toBeNull();
    expect(refused(deleted, { type: 'deleteActionItem', actionItemId: 'a1' }, ctx())).toBe(
      'UNKNOWN_ACTION',
    );
  });

  it.each([
    [{ text: '' }, 'ACTION_EMPTY'],
    [{ text: 'x'.repeat(301) }, 'ACTION_TOO_LONG'],
    [{ owner: '' }, 'INVALID_OWNER'],
    [{ owner: ' acc' }, 'INVALID_OWNER'],
    [{ due: '2026-02-30' }, 'INVALID_DATE'],
    [{ due: 'next week' }, 'INVALID_DATE'],
    [{ due: '' }, 'INVALID_DATE'],
    [{ topicId: 't2' }, 'NOT_DISCUSSING'],
    [{ actionItemId: 'a1' }, 'DUPLICATE_ID'],
    [{ actionItemId: ' a2' }, 'INVALID_ID'],
  ])('when adding an action item with %j, then %s', (override, code) => {
    expect(
      refused(
        withAction(),
        {
          type: 'addActionItem',
          actionItemId: 'a9',
          topicId: 't3',
          text: 'Fine',
          owner: CAROL,
          ...override,
        },
        ctx(),
      ),
    ).toBe(code);
  });

  it('given a due date, when an action item is added, then it keeps the day; without one, it has none', () => {
    const dated = play(
      running(),
      {
        type: 'addActionItem',
        actionItemId: 'a2',
        topicId: 't3',
        text: 'Book a room',
        owner: BOB,
        due: '2026-12-08',
      },
      ctx({ now: STARTED_AT + 1 }),
    );
    expect(dated.actionItems.a2?.value).toEqual({
      addedAt: STARTED_AT + 1,
      id: 'a2',
      topicId: 't3',
      author: ALICE,
      text: 'Book a room',
      owner: BOB,
      due: '2026-12-08',
    });
    const undated = play(
      running(),
      { type: 'addActionItem', actionItemId: 'a3', topicId: 't3', text: 'Later', due: null },
      ctx({ now: STARTED_AT + 1 }),
    );
    expect(undated.actionItems.a3?.value).not.toHaveProperty('due');
  });

  it.each([
    [{ text: ' ' }, 'ACTION_EMPTY'],
    [{ owner: '' }, 'INVALID_OWNER'],
  ])('when editing an action item with %j, then %s', (override, code) => {
    expect(
      refused(withAction(), { type: 'editActionItem', actionItemId: 'a1', ...override }, ctx()),
    ).toBe(code);
  });

  it('only the author or the facilitator changes an action item', () => {
    expect(
      refused(
        withAction(),
        { type: 'editActionItem', actionItemId: 'a1', text: 'x' },
        ctx({ actor: BOB }),
      ),
    ).toBe('NOT_AUTHOR');
  });

  it('takeaways may still be added to a discussed topic during wrap-up', () => {
    const wrap = play(withAction(), { type: 'startWrapUp' }, asFacilitator(STARTED_AT + 10));
    expect(
      accepted(
        wrap,
        { type: 'addTakeaway', takeawayId: 'k5', topicId: 't3', text: 'Late thought' },
        ctx({ now: STARTED_AT + 11 }),
      ),
    ).toHaveLength(1);
    expect(
      refused(
        wrap,
        { type: 'addTakeaway', takeawayId: 'k5', topicId: 't1', text: 'Never discussed' },
        ctx(),
      ),
    ).toBe('NOT_DISCUSSING');
  });
});

describe('wrap-up and end', () => {
  it('wrap-up finishes the running topic and lists the undiscussed topics with their votes', () => {
    expect(
      accepted(running(), { type: 'startWrapUp' }, asFacilitator(STARTED_AT + 90_000)),
    ).toEqual([
      { type: 'TopicFinished', v: 1, topicId: 't3', reason: 'wrap-up', at: STARTED_AT + 90_000 },
      {
        type: 'WrapUpStarted',
        v: 1,
        undiscussed: [
          { topicId: 't1', votes: 1 },
          { topicId: 't2', votes: 0 },
        ],
        at: STARTED_AT + 90_000,
      },
    ]);
  });

  it('from an idle discussion there is nothing to finish', () => {
    expect(accepted(closed(), { type: 'startWrapUp' }, asFacilitator()).map((e) => e.type)).toEqual(
      ['WrapUpStarted'],
    );
  });

  it('ending the meeting records the instant', () => {
    const wrap = play(running(), { type: 'startWrapUp' }, asFacilitator(STARTED_AT + 90_000));
    const ended = play(wrap, { type: 'endMeeting' }, asFacilitator(STARTED_AT + 100_000));
    expect(ended.phase).toEqual({ kind: 'ended' });
    expect(ended.endedAt).toBe(STARTED_AT + 100_000);
  });
});
