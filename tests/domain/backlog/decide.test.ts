import fc from 'fast-check';
import {
  allInRankOrder,
  changedTopicIds,
  decide,
  evolve,
  execute,
  EMPTY_BACKLOG,
  rankedTopics,
  nextTopic,
  topTopics,
  type Backlog,
  type BacklogCommand,
  type BacklogErrorCode,
  type BacklogEvent,
  type TopicStatus,
} from '../../../src/domain/backlog';
import {
  aBacklog,
  asFacilitator,
  asMember,
  asRotation,
  aTopic,
  FACILITATOR,
  given,
  MEMBER,
  NOW,
  OTHER,
  run,
} from './builders';

const codeOf = (r: ReturnType<typeof decide>): string => (r.ok ? 'ok' : r.error.code);

describe('addTopic', () => {
  it('given an empty backlog, when a member adds a topic, then it is proposed, manual, first', () => {
    const result = decide(
      EMPTY_BACKLOG,
      { type: 'addTopic', topicId: 'n1', title: '  Coaching POs  ', details: ' why ' },
      asMember(),
    );
    expect(result).toEqual({
      ok: true,
      value: [
        {
          type: 'TopicAdded',
          v: 1,
          topic: {
            id: 'manual:n1',
            title: 'Coaching POs',
            details: 'why',
            score: 0,
            sources: [{ kind: 'manual' }],
            status: 'proposed',
            createdBy: MEMBER,
            createdAt: NOW,
            rankKey: 'a0',
          },
        },
      ],
    });
  });

  it.each<[string, Partial<Extract<BacklogCommand, { type: 'addTopic' }>>, BacklogErrorCode]>([
    ['a blank title', { title: ' \n\t ' }, 'TITLE_EMPTY'],
    ['a 121-character title', { title: 'x'.repeat(121) }, 'TITLE_TOO_LONG'],
    ['501 characters of details', { details: 'd'.repeat(501) }, 'DETAILS_TOO_LONG'],
    ['an id with a colon', { topicId: 'a:b' }, 'INVALID_TOPIC_ID'],
    ['an empty id', { topicId: '' }, 'INVALID_TOPIC_ID'],
    ['a negative score', { score: -1 }, 'INVALID_SCORE'],
    ['a score above 100', { score: 100.5 }, 'INVALID_SCORE'],
    ['a NaN score', { score: Number.NaN }, 'INVALID_SCORE'],
  ])('given %s, when adding, then it is refused', (_, overrides, code) => {
    const command = { type: 'addTopic' as const, topicId: 'n1', title: 'T', ...overrides };
    expect(codeOf(decide(EMPTY_BACKLOG, command, asMember()))).toBe(code);
  });

  it('given 120 emoji (240 UTF-16 units), when adding, then the title fits: limits count characters', () => {
    const result = decide(
      EMPTY_BACKLOG,
      { type: 'addTopic', topicId: 'n1', title: '🙂'.repeat(120) },
      asMember(),
    );
    expect(result.ok).toBe(true);
  });

  it('given a topic with that id, when adding it again, then TOPIC_EXISTS', () => {
    const backlog = aBacklog(aTopic({ id: 'manual:n1' }));
    const result = decide(backlog, { type: 'addTopic', topicId: 'n1', title: 'T' }, asMember());
    expect(codeOf(result)).toBe('TOPIC_EXISTS');
  });

  it('given scored topics, when adding with a score, then it is placed by score (ties after)', () => {
    let backlog = EMPTY_BACKLOG;
    for (const [id, score] of [
      ['a', 80],
      ['b', 50],
      ['c', 20],
    ] as const) {
      backlog = run(backlog, { type: 'addTopic', topicId: id, title: id, score }, asFacilitator());
    }
    backlog = run(backlog, { type: 'addTopic', topicId: 'd', title: 'd', score: 50 }, asMember());
    backlog = run(backlog, { type: 'addTopic', topicId: 'e', title: 'e', score: 90 }, asMember());
    backlog = run(backlog, { type: 'addTopic', topicId: 'f', title: 'f' }, asMember());
    expect(rankedTopics(backlog).map((t) => t.title)).toEqual(['e', 'a', 'b', 'd', 'c', 'f']);
  });
});

/** Every command that acts on topic `manual:t1`, with a valid payload. */
const topicCommands: readonly BacklogCommand[] = [
  { type: 'editTopic', topicId: 'manual:t1', title: 'New title' },
  { type: 'planTopic', topicId: 'manual:t1', date: '2026-12-01' },
  { type: 'unplanTopic', topicId: 'manual:t1' },
  { type: 'markDiscussed', topicId: 'manual:t1' },
  { type: 'archiveTopic', topicId: 'manual:t1' },
  { type: 'volunteer', topicId: 'manual:t1' },
  { type: 'withdraw', topicId: 'manual:t1' },
  { type: 'moveTopic', topicId: 'manual:t1', afterId: 'manual:t2' },
  { type: 'mergeTopics', intoId: 'manual:t1', fromId: 'manual:t2' },
  { type: 'linkNotesPage', topicId: 'manual:t1', pageId: '123', url: 'https://x.example/p/123' },
  { type: 'restoreTopic', topicId: 'manual:t1' },
  { type: 'unmergeTopic', topicId: 'manual:t1' },
];

/** The commands only a curator (or a space admin) may send. */
const CURATOR_ONLY = ['archiveTopic', 'mergeTopics', 'restoreTopic', 'unmergeTopic'];

/**
 * The expected outcome of each command on a topic in each status, written out independently of
 * the production table: the new status, or the error code. (Withdraw runs with the actor as lead.)
 */
const EXPECTED: Record<string, Record<TopicStatus, TopicStatus | BacklogErrorCode>> = {
  editTopic: {
    proposed: 'proposed',
    planned: 'planned',
    discussed: 'discussed',
    archived: 'TOPIC_CLOSED',
  },
  planTopic: {
    proposed: 'planned',
    planned: 'planned',
    discussed: 'INVALID_TRANSITION',
    archived: 'INVALID_TRANSITION',
  },
  unplanTopic: {
    proposed: 'INVALID_TRANSITION',
    planned: 'proposed',
    discussed: 'INVALID_TRANSITION',
    archived: 'INVALID_TRANSITION',
  },
  markDiscussed: {
    proposed: 'INVALID_TRANSITION',
    planned: 'discussed',
    discussed: 'INVALID_TRANSITION',
    archived: 'INVALID_TRANSITION',
  },
  archiveTopic: {
    proposed: 'archived',
    planned: 'archived',
    discussed: 'archived',
    archived: 'INVALID_TRANSITION',
  },
  volunteer: {
    proposed: 'proposed',
    planned: 'planned',
    discussed: 'TOPIC_CLOSED',
    archived: 'TOPIC_CLOSED',
  },
  withdraw: {
    proposed: 'proposed',
    planned: 'planned',
    discussed: 'TOPIC_CLOSED',
    archived: 'TOPIC_CLOSED',
  },
  moveTopic: {
    proposed: 'proposed',
    planned: 'planned',
    discussed: 'discussed',
    archived: 'TOPIC_CLOSED',
  },
  mergeTopics: {
    proposed: 'proposed',
    planned: 'planned',
    discussed: 'discussed',
    archived: 'TOPIC_CLOSED',
  },
  linkNotesPage: {
    proposed: 'proposed',
    planned: 'planned',
    discussed: 'discussed',
    archived: 'TOPIC_CLOSED',
  },
  // An archived topic without a recorded status (archived before it was recorded) comes back proposed.
  restoreTopic: {
    proposed: 'INVALID_TRANSITION',
    planned: 'INVALID_TRANSITION',
    discussed: 'INVALID_TRANSITION',
    archived: 'proposed',
  },
  unmergeTopic: {
    proposed: 'INVALID_TRANSITION',
    planned: 'INVALID_TRANSITION',
    discussed: 'INVALID_TRANSITION',
    archived: 'NOT_MERGED',
  },
};

const STATUSES: readonly TopicStatus[] = ['proposed', 'planned', 'discussed', 'archived'];

describe('the status × command table', () => {
  const cases = topicCommands.flatMap((command) =>
    STATUSES.map((status) => [command.type, status, command] as const),
  );

  it.each(cases)(
    'given a %s on a %s topic, then the outcome is as tabled',
    (type, status, command) => {
      const t1 = aTopic({
        status,
        lead: command.type === 'withdraw' ? FACILITATOR : undefined,
        plannedDate: status === 'planned' ? '2026-11-30' : undefined,
      });
      const backlog = aBacklog(t1, aTopic({ id: 'manual:t2', rankKey: 'a1' }));
      const result = decide(backlog, command, asFacilitator());
      const expected = EXPECTED[type]?.[status];
      if (result.ok) {
        const after = result.value.reduce(evolve, backlog);
        expect(after.topics['manual:t1']?.status).toBe(expected);
      } else {
        expect(result.error.code).toBe(expected);
      }
    },
  );

  it.each(
    topicCommands.filter(
      (c) => ![...CURATOR_ONLY, 'editTopic', 'volunteer', 'withdraw'].includes(c.type),
    ),
  )('given a member, when they send $type, then NOT_FACILITATOR', (command) => {
    const backlog = aBacklog(aTopic(), aTopic({ id: 'manual:t2', rankKey: 'a1' }));
    expect(codeOf(decide(backlog, command, asMember()))).toBe('NOT_FACILITATOR');
  });

  it.each(topicCommands.filter((c) => CURATOR_ONLY.includes(c.type)))(
    'given a member or someone in the rotation who is not a curator, when they send $type, then NOT_CURATOR',
    (command) => {
      const backlog = aBacklog(aTopic(), aTopic({ id: 'manual:t2', rankKey: 'a1' }));
      expect(codeOf(decide(backlog, command, asMember()))).toBe('NOT_CURATOR');
      expect(codeOf(decide(backlog, command, asRotation()))).toBe('NOT_CURATOR');
    },
  );

  it.each(topicCommands)('given no such topic, when $type, then UNKNOWN_TOPIC', (command) => {
    const backlog = aBacklog(aTopic({ id: 'manual:t2', rankKey: 'a1' }));
    expect(codeOf(decide(backlog, command, asFacilitator()))).toBe('UNKNOWN_TOPIC');
  });
});

/** Allowed status changes, stated independently of the production table. */
const ALLOWED = new Set([
  'proposed>planned',
  'planned>planned',
  'planned>proposed',
  'planned>discussed',
  'proposed>archived',
  'planned>archived',
  'discussed>archived',
  'archived>proposed',
  'archived>planned',
  'archived>discussed',
]);

const ids = ['manual:t1', 'manual:t2', 'manual:t3'] as const;
const commandArb: fc.Arbitrary<[BacklogCommand, boolean, boolean, string]> = fc.tuple(
  fc.oneof(
    fc.record({
      type: fc.constantFrom(
        'unplanTopic' as const,
        'markDiscussed' as const,
        'archiveTopic' as const,
        'restoreTopic' as const,
        'unmergeTopic' as const,
        'volunteer' as const,
        'withdraw' as const,
      ),
      topicId: fc.constantFrom(...ids),
    }),
    fc.record({
      type: fc.constant('planTopic' as const),
      topicId: fc.constantFrom(...ids),
      date: fc.constantFrom('2026-12-01', '2026-12-15', '2026-02-30'),
    }),
    fc.record({
      type: fc.constant('moveTopic' as const),
      topicId: fc.constantFrom(...ids),
      afterId: fc.constantFrom(null, ...ids),
    }),
    fc.record({
      type: fc.constant('mergeTopics' as const),
      intoId: fc.constantFrom(...ids),
      fromId: fc.constantFrom(...ids),
    }),
    fc.record({
      type: fc.constant('editTopic' as const),
      topicId: fc.constantFrom(...ids),
      title: fc.constantFrom('', 'Renamed', 'x'.repeat(130)),
    }),
  ),
  fc.boolean(),
  fc.boolean(),
  fc.constantFrom(FACILITATOR, MEMBER, OTHER),
);

function threeTopics(): Backlog {
  return aBacklog(
    aTopic({ id: 'manual:t1', rankKey: 'a0', score: 10 }),
    aTopic({ id: 'manual:t2', rankKey: 'a1', score: 20, createdBy: OTHER }),
    aTopic({ id: 'manual:t3', rankKey: 'a2', score: 30 }),
  );
}

describe('properties', () => {
  it('property: any command sequence only makes tabled status changes, an archived topic only comes back to the status it had, keys stay unique', () => {
    fc.assert(
      fc.property(fc.array(commandArb, { maxLength: 25 }), (steps) => {
        let backlog = threeTopics();
        for (const [command, isFacilitator, isCurator, actor] of steps) {
          const ctx = { actor, isFacilitator: isFacilitator || isCurator, isCurator, now: NOW };
          const result = decide(backlog, command, ctx);
          if (!result.ok) continue;
          const after = result.value.reduce(evolve, backlog);
          for (const id of ids) {
            const before = backlog.topics[id];
            const now = after.topics[id];
            if (before === undefined || now === undefined) return false;
            if (before.status === 'archived' && now.status !== 'archived') {
              if (!isCurator || now.status !== (before.archivedFrom ?? 'proposed')) return false;
            }
            if (before.status !== now.status && now.statusBy !== actor) return false;
            if (before.status !== now.status && !ALLOWED.has(`${before.status}>${now.status}`)) {
              return false;
            }
            if (now.status === 'planned' && now.plannedDate === undefined) return false;
          }
          const keys = Object.values(after.topics).map((t) => t.rankKey);
          if (new Set(keys).size !== keys.length) return false;
          backlog = after;
        }
        return true;
      }),
      { numRuns: 1000 },
    );
  });

  it('property: a move changes only the moved topic, and puts it right after its anchor', () => {
    const backlogArb = fc
      .array(fc.tuple(fc.integer({ min: 0, max: 100 }), fc.nat()), { minLength: 2, maxLength: 20 })
      .map((specs) => {
        let backlog = EMPTY_BACKLOG;
        for (const [i, [score, where]] of specs.entries()) {
          backlog = run(
            backlog,
            { type: 'addTopic', topicId: `t${i}`, title: `Topic ${i}`, score },
            asMember(),
          );
          // Sometimes shuffle by hand so the order is not the score order.
          const order = allInRankOrder(backlog);
          const anchor = order[where % order.length];
          if (where % 3 === 0 && anchor !== undefined && anchor.id !== `manual:t${i}`) {
            backlog = run(
              backlog,
              { type: 'moveTopic', topicId: `manual:t${i}`, afterId: anchor.id },
              asFacilitator(),
            );
          }
        }
        return backlog;
      });
    fc.assert(
      fc.property(backlogArb, fc.nat(), fc.nat(), (backlog, m, a) => {
        const order = allInRankOrder(backlog);
        const moved = order[m % order.length];
        const anchorIndex = a % (order.length + 1);
        const anchor = anchorIndex === order.length ? null : (order[anchorIndex] ?? null);
        fc.pre(moved !== undefined && anchor?.id !== moved.id);
        if (moved === undefined) return false;
        const result = decide(
          backlog,
          { type: 'moveTopic', topicId: moved.id, afterId: anchor?.id ?? null },
          asFacilitator(),
        );
        if (!result.ok) return false;
        const after = result.value.reduce(evolve, backlog);
        const changed = Object.values(after.topics).filter((t) => backlog.topics[t.id] !== t);
        if (changed.length !== 1 || changed[0]?.id !== moved.id) return false;
        if (changedTopicIds(result.value).join() !== moved.id) return false;
        const newOrder = allInRankOrder(after).map((t) => t.id);
        const expected = order.map((t) => t.id).filter((id) => id !== moved.id);
        expected.splice(anchor === null ? 0 : expected.indexOf(anchor.id) + 1, 0, moved.id);
        const keys = Object.values(after.topics).map((t) => t.rankKey);
        return newOrder.join() === expected.join() && new Set(keys).size === keys.length;
      }),
      { numRuns: 1000 },
    );
  });
});

describe('moves', () => {
  it('given a topic, when it is moved after itself, then CANNOT_MOVE_AFTER_SELF', () => {
    const result = decide(
      threeTopics(),
      { type: 'moveTopic', topicId: 'manual:t1', afterId: 'manual:t1' },
      asFacilitator(),
    );
    expect(codeOf(result)).toBe('CANNOT_MOVE_AFTER_SELF');
  });

  it('given an unknown anchor, when moving, then UNKNOWN_TOPIC', () => {
    const result = decide(
      threeTopics(),
      { type: 'moveTopic', topicId: 'manual:t1', afterId: 'manual:nope' },
      asFacilitator(),
    );
    expect(codeOf(result)).toBe('UNKNOWN_TOPIC');
  });

  it('given two topics with equal keys (concurrent inserts), when moving after one, then it lands after both', () => {
    const backlog = aBacklog(
      aTopic({ id: 'manual:a', rankKey: 'a0' }),
      aTopic({ id: 'manual:b', rankKey: 'a0' }),
      aTopic({ id: 'manual:c', rankKey: 'a1' }),
      aTopic({ id: 'manual:d', rankKey: 'a2' }),
    );
    const after = run(
      backlog,
      { type: 'moveTopic', topicId: 'manual:d', afterId: 'manual:a' },
      asFacilitator(),
    );
    expect(rankedTopics(after).map((t) => t.id)).toEqual([
      'manual:a',
      'manual:b',
      'manual:d',
      'manual:c',
    ]);
  });

  it('given a topic, when moved to the top, then it is first', () => {
    const after = run(
      threeTopics(),
      { type: 'moveTopic', topicId: 'manual:t3', afterId: null },
      asFacilitator(),
    );
    expect(rankedTopics(after).map((t) => t.id)).toEqual(['manual:t3', 'manual:t1', 'manual:t2']);
  });
});

describe('leads', () => {
  it('given no lead, when a member volunteers, then they lead; volunteering again changes nothing', () => {
    const backlog = run(threeTopics(), { type: 'volunteer', topicId: 'manual:t1' }, asMember());
    expect(backlog.topics['manual:t1']?.lead).toBe(MEMBER);
    expect(decide(backlog, { type: 'volunteer', topicId: 'manual:t1' }, asMember())).toEqual({
      ok: true,
      value: [],
    });
  });

  it('given a lead, when someone else volunteers, then LEAD_TAKEN', () => {
    const backlog = aBacklog(aTopic({ lead: MEMBER }));
    expect(
      codeOf(decide(backlog, { type: 'volunteer', topicId: 'manual:t1' }, asMember(OTHER))),
    ).toBe('LEAD_TAKEN');
  });

  it('given a lead, when someone else withdraws, then NOT_LEAD; when the lead withdraws, no lead', () => {
    const backlog = aBacklog(aTopic({ lead: MEMBER }));
    expect(
      codeOf(decide(backlog, { type: 'withdraw', topicId: 'manual:t1' }, asMember(OTHER))),
    ).toBe('NOT_LEAD');
    const after = run(backlog, { type: 'withdraw', topicId: 'manual:t1' }, asMember());
    expect(after.topics['manual:t1']).not.toHaveProperty('lead');
  });
});

describe('edits, plans and links', () => {
  it('given a topic by someone else, when a member edits it, then NOT_AUTHOR; its author may', () => {
    const backlog = aBacklog(aTopic({ createdBy: OTHER }));
    const edit: BacklogCommand = { type: 'editTopic', topicId: 'manual:t1', details: 'more' };
    expect(codeOf(decide(backlog, edit, asMember()))).toBe('NOT_AUTHOR');
    const after = run(backlog, edit, asMember(OTHER));
    expect(after.topics['manual:t1']?.details).toBe('more');
    expect(decide(after, edit, asMember(OTHER))).toEqual({ ok: true, value: [] });
  });

  it.each([
    [{ title: '' }, 'TITLE_EMPTY'],
    [{ details: 'x'.repeat(501) }, 'DETAILS_TOO_LONG'],
  ])('given an edit %p, then %s', (change, code) => {
    const result = decide(
      aBacklog(aTopic()),
      { type: 'editTopic', topicId: 'manual:t1', ...change },
      asFacilitator(),
    );
    expect(codeOf(result)).toBe(code);
  });

  it.each([
    '2023-02-29',
    '2026-13-01',
    '2026-1-5',
    'tomorrow',
    '0999-01-01',
    '2026-04-31',
    '2026-00-10',
  ])('given the date %p, when planning, then INVALID_DATE', (date) => {
    const result = decide(
      aBacklog(aTopic()),
      { type: 'planTopic', topicId: 'manual:t1', date },
      asFacilitator(),
    );
    expect(codeOf(result)).toBe('INVALID_DATE');
  });

  it('given a planned topic, when planned again for the same date, then nothing happens; unplanning drops the date', () => {
    const backlog = run(
      aBacklog(aTopic()),
      { type: 'planTopic', topicId: 'manual:t1', date: '2024-02-29' },
      asFacilitator(),
    );
    expect(backlog.topics['manual:t1']).toMatchObject({
      status: 'planned',
      plannedDate: '2024-02-29',
    });
    expect(
      decide(
        backlog,
        { type: 'planTopic', topicId: 'manual:t1', date: '2024-02-29' },
        asFacilitator(),
      ),
    ).toEqual({ ok: true, value: [] });
    const unplanned = run(backlog, { type: 'unplanTopic', topicId: 'manual:t1' }, asFacilitator());
    expect(unplanned.topics['manual:t1']).not.toHaveProperty('plannedDate');
  });

  it.each([
    ['abc', 'https://x.example/'],
    ['123', 'javascript:alert(1)'],
    ['123', ''],
  ])('given page %p at %p, when linking notes, then INVALID_LINK', (pageId, url) => {
    const result = decide(
      aBacklog(aTopic()),
      { type: 'linkNotesPage', topicId: 'manual:t1', pageId, url },
      asFacilitator(),
    );
    expect(codeOf(result)).toBe('INVALID_LINK');
  });

  it('given a linked page, when the same link is sent again, then nothing happens', () => {
    const link: BacklogCommand = {
      type: 'linkNotesPage',
      topicId: 'manual:t1',
      pageId: '42',
      url: '/spaces/COP/pages/42',
    };
    const backlog = run(aBacklog(aTopic()), link, asFacilitator());
    expect(backlog.topics['manual:t1']?.notesPage).toEqual({
      pageId: '42',
      url: '/spaces/COP/pages/42',
    });
    expect(decide(backlog, link, asFacilitator())).toEqual({ ok: true, value: [] });
  });
});

describe('merges', () => {
  const a = aTopic({
    id: 'manual:a',
    title: 'Remote retros',
    score: 40,
    rankKey: 'a2',
    sources: [{ kind: 'lean-coffee', gameId: 'g1', topicId: 'x', votes: 4, maxVotes: 10 }],
  });
  const b = aTopic({
    id: 'manual:b',
    title: 'Retros online',
    details: 'tools?',
    score: 35,
    lead: OTHER,
    rankKey: 'a1',
  });
  const c = aTopic({ id: 'manual:c', title: 'Estimation', score: 60, rankKey: 'a0' });

  it('given duplicates, when B is merged into A, then A sums scores, keeps both sources, takes B lead and details, and B is archived into A', () => {
    const result = decide(
      aBacklog(a, b, c),
      { type: 'mergeTopics', intoId: 'manual:a', fromId: 'manual:b' },
      asFacilitator(),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(changedTopicIds(result.value)).toEqual(['manual:a', 'manual:b']);
    const after = result.value.reduce(evolve, aBacklog(a, b, c));
    expect(after.topics['manual:a']).toMatchObject({
      title: 'Remote retros',
      score: 75,
      details: 'tools?',
      lead: OTHER,
      sources: [a.sources[0], { kind: 'manual' }],
    });
    expect(after.topics['manual:b']).toMatchObject({ status: 'archived', mergedInto: 'manual:a' });
    expect(rankedTopics(after).map((t) => t.id)).toEqual(['manual:a', 'manual:c']);
    expect(after.topics['manual:c']).toBe(c);
  });

  it('given A has a lead, when merging, then A keeps its own lead', () => {
    const withLead = { ...a, lead: MEMBER };
    const after = run(
      aBacklog(withLead, b),
      { type: 'mergeTopics', intoId: 'manual:a', fromId: 'manual:b' },
      asFacilitator(),
    );
    expect(after.topics['manual:a']?.lead).toBe(MEMBER);
  });

  it('given neither has a lead, when merging, then the merged topic has none', () => {
    const after = run(
      aBacklog(a, { ...c, score: 10 }),
      { type: 'mergeTopics', intoId: 'manual:a', fromId: 'manual:c' },
      asFacilitator(),
    );
    expect(after.topics['manual:a']).not.toHaveProperty('lead');
    expect(after.topics['manual:a']?.score).toBe(50);
  });

  it.each<[string, string, BacklogErrorCode]>([
    ['manual:a', 'manual:a', 'CANNOT_MERGE_SELF'],
    ['manual:a', 'manual:zz', 'UNKNOWN_TOPIC'],
    ['manual:a', 'manual:arch', 'TOPIC_CLOSED'],
  ])('given into %p from %p, then %s', (intoId, fromId, code) => {
    const archived = aTopic({ id: 'manual:arch', status: 'archived', rankKey: 'a5' });
    const result = decide(
      aBacklog(a, b, archived),
      { type: 'mergeTopics', intoId, fromId },
      asFacilitator(),
    );
    expect(codeOf(result)).toBe(code);
  });
});

describe('projections and evolve', () => {
  it('given proposed, planned, discussed and archived topics, then top N and next topic skip the closed ones', () => {
    const backlog = aBacklog(
      aTopic({ id: 'manual:d', status: 'discussed', rankKey: 'a0' }),
      aTopic({ id: 'manual:x', status: 'archived', rankKey: 'a1' }),
      aTopic({ id: 'manual:p', status: 'planned', plannedDate: '2026-12-01', rankKey: 'a2' }),
      aTopic({ id: 'manual:q', rankKey: 'a3' }),
    );
    expect(topTopics(backlog, 2).map((t) => t.id)).toEqual(['manual:d', 'manual:p']);
    expect(topTopics(backlog, -1)).toEqual([]);
    expect(nextTopic(backlog)?.id).toBe('manual:p');
    expect(nextTopic(EMPTY_BACKLOG)).toBeUndefined();
  });

  it('given an event about an unknown topic, when evolving, then the backlog is unchanged', () => {
    const backlog = threeTopics();
    expect(
      evolve(backlog, { type: 'TopicDiscussed', v: 2, by: MEMBER, at: NOW, topicId: 'manual:zz' }),
    ).toBe(backlog);
  });

  it('given a log of events, when folded, then the backlog is replayed', () => {
    const t = aTopic();
    const backlog = given(
      { type: 'TopicAdded', v: 1, topic: t },
      { type: 'TopicPlanned', v: 2, by: MEMBER, at: NOW, topicId: t.id, date: '2026-12-01' },
      { type: 'TopicDiscussed', v: 2, by: MEMBER, at: NOW, topicId: t.id },
    );
    expect(backlog.topics[t.id]).toMatchObject({ status: 'discussed', plannedDate: '2026-12-01' });
  });

  it('never mutates the backlog it decides on', () => {
    const backlog = Object.freeze(threeTopics());
    const snapshot = JSON.stringify(backlog);
    run(
      backlog,
      { type: 'mergeTopics', intoId: 'manual:t1', fromId: 'manual:t2' },
      asFacilitator(),
    );
    expect(JSON.stringify(backlog)).toBe(snapshot);
  });
});

describe('execute', () => {
  it('given a merge, then it returns the events, the new backlog and exactly the two records to write', () => {
    const result = execute(
      threeTopics(),
      { type: 'mergeTopics', intoId: 'manual:t3', fromId: 'manual:t1' },
      asFacilitator(),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.events.map((e) => e.type)).toEqual(['TopicsMerged', 'TopicArchived']);
    expect(result.value.changed.map((t) => [t.id, t.status, t.score])).toEqual([
      ['manual:t3', 'proposed', 40],
      ['manual:t1', 'archived', 10],
    ]);
    expect(result.value.backlog.topics['manual:t1']?.mergedInto).toBe('manual:t3');
  });

  it('given a refused command, then the refusal comes back as is', () => {
    expect(
      execute(threeTopics(), { type: 'archiveTopic', topicId: 'manual:t1' }, asMember()),
    ).toMatchObject({
      ok: false,
      error: { code: 'NOT_CURATOR' },
    });
  });
});

describe('guards against data the types rule out', () => {
  it('given an unknown command, then decide fails loudly instead of guessing', () => {
    const bogus = { type: 'dropTable' } as unknown as BacklogCommand;
    expect(() => decide(EMPTY_BACKLOG, bogus, asFacilitator())).toThrow('Unhandled case');
  });

  it('given an unknown event, then evolve and changedTopicIds fail loudly', () => {
    const bogus = { type: 'TopicExploded', v: 1 } as unknown as BacklogEvent;
    expect(() => evolve(EMPTY_BACKLOG, bogus)).toThrow('Unhandled case');
    expect(() => changedTopicIds([bogus])).toThrow('Unhandled case');
  });

  it('given an added topic, then it is the record to write', () => {
    const topic = aTopic();
    expect(changedTopicIds([{ type: 'TopicAdded', v: 1, topic }])).toEqual([topic.id]);
  });
});
