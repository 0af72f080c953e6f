import {
  DEFAULT_SETTINGS,
  createLeanCoffee,
  evolve,
  liveTopics,
  participantDots,
  validateSettings,
  visibleTallies,
} from '../../../src/domain/lean-coffee';
import {
  accepted,
  ALICE,
  allocated,
  asFacilitator,
  BOB,
  created,
  ctx,
  given,
  play,
  proposed,
  refused,
  T0,
  threeTopics,
  votingOpened,
} from './builders';

describe('settings', () => {
  it('defaults: 3 dots, M = N, hidden tallies, 8-minute topics, 60-minute meeting', () => {
    expect(validateSettings({})).toEqual({ ok: true, value: DEFAULT_SETTINGS });
    expect(DEFAULT_SETTINGS).toEqual({
      dotsPerParticipant: 3,
      maxDotsPerTopic: 3,
      hiddenTallies: true,
      defaultTopicMinutes: 8,
      meetingMinutes: 60,
    });
  });

  it('M follows N when only N is given, so N = 1 works', () => {
    expect(validateSettings({ dotsPerParticipant: 1 })).toMatchObject({
      ok: true,
      value: { dotsPerParticipant: 1, maxDotsPerTopic: 1 },
    });
    expect(
      validateSettings({ dotsPerParticipant: 5 }, { ...DEFAULT_SETTINGS, maxDotsPerTopic: 2 }),
    ).toMatchObject({ ok: true, value: { maxDotsPerTopic: 5 } });
    expect(
      validateSettings({ hiddenTallies: false }, { ...DEFAULT_SETTINGS, maxDotsPerTopic: 2 }),
    ).toMatchObject({
      ok: true,
      value: { maxDotsPerTopic: 2, hiddenTallies: false },
    });
  });

  it.each([
    { dotsPerParticipant: 0 },
    { dotsPerParticipant: 11 },
    { dotsPerParticipant: 2.5 },
    { dotsPerParticipant: 3, maxDotsPerTopic: 4 },
    { maxDotsPerTopic: 0 },
    { hiddenTallies: 'yes' as unknown as boolean },
    { defaultTopicMinutes: 0 },
    { defaultTopicMinutes: 31 },
    { meetingMinutes: 4 },
    { meetingMinutes: 481 },
    { meetingMinutes: Number.NaN },
  ])('rejects %j with INVALID_SETTINGS', (input) => {
    expect(validateSettings(input)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_SETTINGS' },
    });
  });

  it.each([
    { dotsPerParticipant: 1, maxDotsPerTopic: 1, defaultTopicMinutes: 1, meetingMinutes: 5 },
    { dotsPerParticipant: 10, maxDotsPerTopic: 10, defaultTopicMinutes: 30, meetingMinutes: 480 },
  ])('accepts the bounds %j', (input) => {
    expect(validateSettings(input).ok).toBe(true);
  });

  it('creating a Lean Coffee checks its settings and starts the meeting clock', () => {
    expect(createLeanCoffee({ meetingMinutes: 90 }, T0)).toEqual({
      ok: true,
      value: {
        type: 'LeanCoffeeCreated',
        v: 1,
        settings: { ...DEFAULT_SETTINGS, meetingMinutes: 90 },
        at: T0,
      },
    });
    expect(createLeanCoffee({ meetingMinutes: 1 }, T0)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_SETTINGS' },
    });
  });

  it('given proposing, when the facilitator changes settings, then SettingsChanged with the merged settings', () => {
    const state = given(created({ meetingMinutes: 90 }));
    expect(
      accepted(
        state,
        { type: 'changeSettings', settings: { dotsPerParticipant: 5 } },
        asFacilitator(),
      ),
    ).toEqual([
      {
        type: 'SettingsChanged',
        v: 1,
        settings: {
          ...DEFAULT_SETTINGS,
          dotsPerParticipant: 5,
          maxDotsPerTopic: 5,
          meetingMinutes: 90,
        },
        at: T0 + 60_000,
      },
    ]);
    expect(
      play(state, { type: 'changeSettings', settings: { dotsPerParticipant: 5 } }, asFacilitator())
        .settings.dotsPerParticipant,
    ).toBe(5);
    expect(
      refused(state, { type: 'changeSettings', settings: { maxDotsPerTopic: 7 } }, asFacilitator()),
    ).toBe('INVALID_SETTINGS');
  });
});

describe('proposing topics', () => {
  it('given a board, when anyone proposes, then the title is trimmed and minutes default to the board default', () => {
    const state = given(created({ defaultTopicMinutes: 12 }));
    expect(
      accepted(
        state,
        { type: 'proposeTopic', topicId: 'x', title: '  Pairing ', details: ' why? ' },
        ctx(),
      ),
    ).toEqual([
      {
        type: 'TopicProposed',
        v: 1,
        topic: {
          id: 'x',
          title: 'Pairing',
          details: 'why?',
          minutes: 12,
          author: ALICE,
          proposedAt: T0 + 60_000,
        },
        at: T0 + 60_000,
      },
    ]);
  });

  it.each([
    [{ title: '   ' }, 'TITLE_EMPTY'],
    [{ title: 'x'.repeat(121) }, 'TITLE_TOO_LONG'],
    [{ details: 'x'.repeat(501) }, 'DETAILS_TOO_LONG'],
    [{ minutes: 0 }, 'INVALID_MINUTES'],
    [{ minutes: 31 }, 'INVALID_MINUTES'],
    [{ minutes: 1.5 }, 'INVALID_MINUTES'],
    [{ topicId: '' }, 'INVALID_ID'],
    [{ topicId: ' t9' }, 'INVALID_ID'],
    [{ topicId: 'x'.repeat(101) }, 'INVALID_ID'],
    [{ topicId: 't1' }, 'DUPLICATE_ID'],
  ])('given a board with t1, when proposing %j, then %s', (override, code) => {
    const state = given(created(), proposed());
    expect(
      refused(state, { type: 'proposeTopic', topicId: 'new', title: 'Fine', ...override }, ctx()),
    ).toBe(code);
  });

  it('counts characters as a person does: 120 emoji fit in a title', () => {
    const state = given(created());
    expect(
      accepted(state, { type: 'proposeTopic', topicId: 'e', title: '☕'.repeat(120) }, ctx()),
    ).toHaveLength(1);
    expect(
      accepted(state, { type: 'proposeTopic', topicId: 'e', title: '🧑‍💻'.repeat(30) }, ctx()),
    ).toHaveLength(1);
    expect(
      refused(state, { type: 'proposeTopic', topicId: 'e', title: '😀'.repeat(121) }, ctx()),
    ).toBe('TITLE_TOO_LONG');
  });

  it('a deleted topic id stays taken', () => {
    const state = play(given(created(), proposed()), { type: 'deleteTopic', topicId: 't1' }, ctx());
    expect(refused(state, { type: 'proposeTopic', topicId: 't1', title: 'Again' }, ctx())).toBe(
      'DUPLICATE_ID',
    );
  });

  it('ids such as constructor or __proto__ are ordinary ids', () => {
    let state = given(created());
    state = play(state, { type: 'proposeTopic', topicId: 'constructor', title: 'A' }, ctx());
    state = play(state, { type: 'proposeTopic', topicId: '__proto__', title: 'B' }, ctx());
    expect(
      liveTopics(state)
        .map((t) => t.id)
        .sort(),
    ).toEqual(['__proto__', 'constructor']);
    expect(refused(state, { type: 'editTopic', topicId: 'toString', title: 'C' }, ctx())).toBe(
      'UNKNOWN_TOPIC',
    );
    state = play(state, { type: 'openVoting' }, asFacilitator());
    state = play(
      state,
      { type: 'allocateDots', allocation: { ['__proto__']: 2, constructor: 1 } },
      ctx(),
    );
    expect(participantDots(state, ALICE).allocation).toEqual(
      Object.fromEntries([
        ['__proto__', 2],
        ['constructor', 1],
      ]),
    );
    expect(
      Object.entries(
        visibleTallies(play(state, { type: 'closeVoting' }, asFacilitator())) ?? {},
      ).sort(),
    ).toEqual([
      ['__proto__', 2],
      ['constructor', 1],
    ]);
  });
});

describe('editing and deleting topics', () => {
  const board = () => given(created(), proposed({ id: 't1', author: ALICE, details: 'old' }));

  it('given a topic, when its author edits it, then only the given fields change', () => {
    expect(accepted(board(), { type: 'editTopic', topicId: 't1', minutes: 3 }, ctx())).toEqual([
      {
        type: 'TopicEdited',
        v: 1,
        topic: {
          id: 't1',
          title: 'Estimation',
          details: 'old',
          minutes: 3,
          author: ALICE,
          proposedAt: T0 + 1000,
        },
        by: ALICE,
        at: T0 + 60_000,
      },
    ]);
  });

  it('the facilitator may edit and delete anyone’s topic; others get NOT_AUTHOR', () => {
    expect(
      play(
        board(),
        { type: 'editTopic', topicId: 't1', title: 'New', details: '' },
        asFacilitator(),
      ).topics.t1?.value,
    ).toMatchObject({
      title: 'New',
      details: '',
    });
    expect(
      refused(
        board(),
        { type: 'editTopic', topicId: 't1', title: 'Mine now' },
        ctx({ actor: BOB }),
      ),
    ).toBe('NOT_AUTHOR');
    expect(refused(board(), { type: 'deleteTopic', topicId: 't1' }, ctx({ actor: BOB }))).toBe(
      'NOT_AUTHOR',
    );
    expect(
      liveTopics(play(board(), { type: 'deleteTopic', topicId: 't1' }, asFacilitator())),
    ).toEqual([]);
  });

  it.each([
    [{ title: '' }, 'TITLE_EMPTY'],
    [{ details: 'x'.repeat(501) }, 'DETAILS_TOO_LONG'],
    [{ minutes: 40 }, 'INVALID_MINUTES'],
    [{ topicId: 'nope' }, 'UNKNOWN_TOPIC'],
  ])('when editing with %j, then %s', (override, code) => {
    expect(refused(board(), { type: 'editTopic', topicId: 't1', ...override }, ctx())).toBe(code);
  });

  it('deleting an unknown topic is UNKNOWN_TOPIC', () => {
    expect(refused(board(), { type: 'deleteTopic', topicId: 'nope' }, ctx())).toBe('UNKNOWN_TOPIC');
  });
});

describe('merging topics', () => {
  it('given two topics, when merged, then A keeps its title, B disappears and the details are joined', () => {
    const state = given(
      created(),
      proposed({ id: 'a', details: 'one' }),
      proposed({ id: 'b', details: 'two', author: BOB }),
    );
    const after = play(state, { type: 'mergeTopics', intoId: 'a', fromId: 'b' }, asFacilitator());
    expect(liveTopics(after)).toEqual([
      expect.objectContaining({ id: 'a', title: 'Estimation', details: 'one\n\ntwo' }),
    ]);
    expect(after.mergedInto).toEqual({ b: 'a' });
  });

  it('may give A a new title; empty details are not joined', () => {
    const state = given(created(), proposed({ id: 'a' }), proposed({ id: 'b', details: 'two' }));
    const after = play(
      state,
      { type: 'mergeTopics', intoId: 'a', fromId: 'b', title: ' Estimates ' },
      asFacilitator(),
    );
    expect(liveTopics(after)[0]).toMatchObject({ title: 'Estimates', details: 'two' });
  });

  it('during voting, B’s dots move to A as a sum, even past M for one participant', () => {
    const state = given(
      created({ dotsPerParticipant: 3, maxDotsPerTopic: 2 }),
      proposed({ id: 'a' }),
      proposed({ id: 'b' }),
      votingOpened(),
      allocated(ALICE, { a: 2, b: 1 }),
    );
    const after = play(
      state,
      { type: 'mergeTopics', intoId: 'a', fromId: 'b' },
      asFacilitator(T0 + 25_000),
    );
    expect(participantDots(after, ALICE)).toEqual({ allocation: { a: 3 }, used: 3, left: 0 });
    expect(refused(after, { type: 'allocateDots', allocation: { b: 1 } }, ctx())).toBe(
      'UNKNOWN_TOPIC',
    );
    expect(refused(after, { type: 'allocateDots', allocation: { a: 3 } }, ctx())).toBe(
      'TOO_MANY_ON_TOPIC',
    );
  });

  it.each([
    [{ fromId: 'nope' }, 'UNKNOWN_TOPIC'],
    [{ intoId: 'nope' }, 'UNKNOWN_TOPIC'],
    [{ fromId: 'a' }, 'SAME_TOPIC'],
    [{ title: ' ' }, 'TITLE_EMPTY'],
  ])('when merging with %j, then %s', (override, code) => {
    const state = given(created(), proposed({ id: 'a' }), proposed({ id: 'b' }));
    expect(
      refused(
        state,
        { type: 'mergeTopics', intoId: 'a', fromId: 'b', ...override },
        asFacilitator(),
      ),
    ).toBe(code);
  });
});

describe('voting', () => {
  it('voting needs at least one topic', () => {
    expect(refused(given(created()), { type: 'openVoting' }, asFacilitator())).toBe('NO_TOPICS');
    expect(
      accepted(given(created(), ...threeTopics()), { type: 'openVoting' }, asFacilitator()),
    ).toEqual([{ type: 'VotingOpened', v: 1, at: T0 + 60_000 }]);
  });

  const voting = () =>
    given(created({ dotsPerParticipant: 3, maxDotsPerTopic: 2 }), ...threeTopics(), votingOpened());

  it('given voting, when a participant allocates, then one record with zero entries dropped', () => {
    expect(
      accepted(voting(), { type: 'allocateDots', allocation: { t2: 1, t1: 2, t3: 0 } }, ctx()),
    ).toEqual([
      {
        type: 'DotsAllocated',
        v: 1,
        participant: ALICE,
        allocation: { t1: 2, t2: 1 },
        at: T0 + 60_000,
      },
    ]);
  });

  it('a re-vote overwrites: dots are moveable until close', () => {
    let state = play(voting(), { type: 'allocateDots', allocation: { t1: 2, t2: 1 } }, ctx());
    state = play(state, { type: 'allocateDots', allocation: { t3: 1 } }, ctx({ now: T0 + 70_000 }));
    expect(participantDots(state, ALICE)).toEqual({ allocation: { t3: 1 }, used: 1, left: 2 });
  });

  it.each([
    [{ t1: 2, t2: 2 }, 'TOO_MANY_DOTS'],
    [{ t1: 3 }, 'TOO_MANY_ON_TOPIC'],
    [{ t9: 1 }, 'UNKNOWN_TOPIC'],
    [{ t1: -1 }, 'INVALID_DOTS'],
    [{ t1: 0.5 }, 'INVALID_DOTS'],
  ])('when allocating %j, then %s', (allocation, code) => {
    expect(refused(voting(), { type: 'allocateDots', allocation }, ctx())).toBe(code);
  });

  it('given votes, when voting closes, then the tallies freeze and the order is votes desc, then earliest', () => {
    const state = given(
      created(),
      ...threeTopics(),
      votingOpened(),
      allocated(ALICE, { t3: 2, t2: 1 }),
      allocated(BOB, { t2: 1, t1: 2 }),
    );
    expect(accepted(state, { type: 'closeVoting' }, asFacilitator(T0 + 30_000))).toEqual([
      {
        type: 'VotingClosed',
        v: 1,
        tallies: { t1: 2, t2: 2, t3: 2 },
        order: ['t1', 't2', 't3'],
        at: T0 + 30_000,
      },
    ]);
  });

  it('a late allocation folded after the close does not change the frozen tallies', () => {
    const closed = play(
      given(created(), ...threeTopics(), votingOpened(), allocated(ALICE, { t3: 1 })),
      { type: 'closeVoting' },
      asFacilitator(T0 + 30_000),
    );
    const after = evolve(closed, allocated(BOB, { t1: 3 }, T0 + 29_999));
    expect(after.closedTallies).toEqual({ t1: 0, t2: 0, t3: 1 });
    expect(closed.queue).toEqual(['t3', 't1', 't2']);
  });
});
