/**
 * Curation is reversible and attributed (issue 11): restore gives back the status before archiving,
 * unmerge gives back both topics as before the merge with the score split back, every status
 * change records who and when, and the history entries a command makes. Caps: a space and a
 * person hold at most so many open topics.
 */
import fc from 'fast-check';
import {
  backlogHistory,
  decide,
  evolve,
  openTopicCount,
  TOPICS_PER_PERSON,
  TOPICS_PER_SPACE,
  type Backlog,
  type BacklogCommand,
  type Topic,
} from '../../../src/domain/backlog';
import { appendHistory, HISTORY_MAX, settingsHistory } from '../../../src/domain/community';
import { DEFAULT_SETTINGS } from '../../../src/domain/community';
import {
  aBacklog,
  aTopic,
  asFacilitator,
  asMember,
  asRotation,
  FACILITATOR,
  MEMBER,
  NOW,
  OTHER,
  run,
} from './builders';

const codeOf = (result: ReturnType<typeof decide>): string | undefined =>
  result.ok ? undefined : result.error.code;

describe('restore', () => {
  it.each(['proposed', 'planned', 'discussed'] as const)(
    'given a %s topic, when a curator archives then restores it, then it has that status again, attributed',
    (status) => {
      const before = aTopic({
        status,
        ...(status === 'proposed' ? {} : { plannedDate: '2026-12-02' }),
      });
      const archived = run(
        aBacklog(before),
        { type: 'archiveTopic', topicId: before.id },
        asFacilitator(),
      );
      expect(archived.topics[before.id]).toMatchObject({
        status: 'archived',
        archivedFrom: status,
        statusBy: FACILITATOR,
        statusAt: NOW,
      });
      const later = asFacilitator({ actor: OTHER, now: NOW + 1000 });
      const restored = run(archived, { type: 'restoreTopic', topicId: before.id }, later);
      expect(restored.topics[before.id]).toEqual({
        ...before,
        statusBy: OTHER,
        statusAt: NOW + 1000,
      });
    },
  );

  it('given a merged-away topic, when restored, then MERGED_TOPIC (unmerge it instead)', () => {
    const merged = run(
      aBacklog(aTopic(), aTopic({ id: 'manual:t2', rankKey: 'a1' })),
      { type: 'mergeTopics', intoId: 'manual:t1', fromId: 'manual:t2' },
      asFacilitator(),
    );
    expect(
      codeOf(decide(merged, { type: 'restoreTopic', topicId: 'manual:t2' }, asFacilitator())),
    ).toBe('MERGED_TOPIC');
  });
});

describe('unmerge', () => {
  const a = aTopic({ id: 'manual:a', rankKey: 'a0', score: 80, details: '' });
  const b = aTopic({
    id: 'manual:b',
    rankKey: 'a1',
    score: 40,
    status: 'planned',
    plannedDate: '2026-12-02',
    details: 'B details',
    lead: OTHER,
    sources: [{ kind: 'lean-coffee', gameId: 'g', topicId: 'x', votes: 3, maxVotes: 9 }],
  });
  const c = aTopic({ id: 'manual:c', rankKey: 'a2', score: 60 });
  const merge: BacklogCommand = { type: 'mergeTopics', intoId: 'manual:a', fromId: 'manual:b' };
  const unmerge: BacklogCommand = { type: 'unmergeTopic', topicId: 'manual:b' };

  it('given B merged into A, when unmerged, then both are as before the merge and the score is split back', () => {
    const merged = run(aBacklog(a, b, c), merge, asFacilitator());
    expect(merged.topics['manual:a']).toMatchObject({
      score: 120,
      details: 'B details',
      lead: OTHER,
    });
    const back = run(merged, unmerge, asFacilitator());
    expect(back.topics['manual:a']).toEqual(a);
    expect(back.topics['manual:b']).toEqual({ ...b, statusBy: FACILITATOR, statusAt: NOW });
    expect(back.topics['manual:c']).toEqual(c);
  });

  it('given A was moved and edited after the merge, when unmerged, then A keeps those later changes', () => {
    let merged = run(aBacklog(a, b, c), merge, asFacilitator());
    merged = run(
      merged,
      { type: 'moveTopic', topicId: 'manual:a', afterId: 'manual:c' },
      asFacilitator(),
    );
    merged = run(
      merged,
      { type: 'editTopic', topicId: 'manual:a', details: 'Rewritten' },
      asFacilitator(),
    );
    const movedKey = merged.topics['manual:a']?.rankKey;
    const back = run(merged, unmerge, asFacilitator());
    expect(back.topics['manual:a']).toMatchObject({
      score: 80,
      rankKey: movedKey,
      details: 'Rewritten',
    });
  });

  it('given another topic was moved into the gap A left, when unmerged, then A stays where it is and no two topics share a key', () => {
    // The counterexample the backlog property found: A's old key became free when the merge placed
    // A by its new score, and a move after B (archived, just before the gap) landed on that key.
    const t1 = aTopic({ id: 'manual:t1', rankKey: 'a0', score: 10 });
    const t2 = aTopic({ id: 'manual:t2', rankKey: 'a1', score: 20 });
    const t3 = aTopic({ id: 'manual:t3', rankKey: 'a2', score: 30 });
    let backlog = run(
      aBacklog(t1, t2, t3),
      { type: 'mergeTopics', intoId: 'manual:t2', fromId: 'manual:t1' },
      asFacilitator(),
    );
    backlog = run(
      backlog,
      { type: 'moveTopic', topicId: 'manual:t3', afterId: 'manual:t1' },
      asFacilitator(),
    );
    expect(backlog.topics['manual:t3']?.rankKey).toBe('a1');
    const mergedKey = backlog.topics['manual:t2']?.rankKey;
    const back = run(backlog, { type: 'unmergeTopic', topicId: 'manual:t1' }, asFacilitator());
    expect(back.topics['manual:t2']).toMatchObject({ rankKey: mergedKey, score: 20 });
    const keys = Object.values(back.topics).map((t) => t.rankKey);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('given A had its own lead and details, when unmerged, then they stay', () => {
    const own = { ...a, lead: MEMBER, details: 'A details' };
    const back = run(run(aBacklog(own, b), merge, asFacilitator()), unmerge, asFacilitator());
    expect(back.topics['manual:a']).toEqual(own);
  });

  it('given a topic merged before merges were recorded, when unmerged, then score and sources are split back and the rest of A stays', () => {
    const merged: Backlog = aBacklog(
      { ...a, score: 120, sources: [...a.sources, ...b.sources], details: 'B details' },
      { ...b, status: 'archived', mergedInto: 'manual:a' },
    );
    const back = run(merged, unmerge, asFacilitator());
    expect(back.topics['manual:a']).toMatchObject({
      score: 80,
      sources: a.sources,
      details: 'B details',
    });
    expect(back.topics['manual:b']?.status).toBe('proposed');
  });

  it('given an archived topic that was not merged, when unmerged, then NOT_MERGED; an open one: INVALID_TRANSITION', () => {
    const archived = run(
      aBacklog(a),
      { type: 'archiveTopic', topicId: 'manual:a' },
      asFacilitator(),
    );
    expect(
      codeOf(decide(archived, { type: 'unmergeTopic', topicId: 'manual:a' }, asFacilitator())),
    ).toBe('NOT_MERGED');
    expect(
      codeOf(decide(aBacklog(a), { type: 'unmergeTopic', topicId: 'manual:a' }, asFacilitator())),
    ).toBe('INVALID_TRANSITION');
  });

  it('given the topic it went into is not loaded, when unmerged, then UNKNOWN_TOPIC', () => {
    const lone = aBacklog({ ...b, status: 'archived', mergedInto: 'manual:gone' });
    expect(codeOf(decide(lone, unmerge, asFacilitator()))).toBe('UNKNOWN_TOPIC');
  });

  it('property: merging any two open topics and unmerging gives both back (attribution aside)', () => {
    const topicArb = (id: string, rankKey: string) =>
      fc
        .record({
          score: fc.integer({ min: 0, max: 10_000 }).map((n) => n / 100),
          details: fc.constantFrom('', 'some details'),
          lead: fc.constantFrom(undefined, MEMBER, OTHER),
          status: fc.constantFrom('proposed' as const, 'planned' as const, 'discussed' as const),
        })
        .map(({ lead, status, ...rest }): Topic => ({
          ...aTopic({ id, rankKey, ...rest, status }),
          ...(lead === undefined ? {} : { lead }),
          ...(status === 'proposed' ? {} : { plannedDate: '2026-12-02' }),
        }));
    fc.assert(
      fc.property(topicArb('manual:a', 'a0'), topicArb('manual:b', 'a1'), (ta, tb) => {
        const merged = run(aBacklog(ta, tb, c), merge, asFacilitator());
        const back = run(merged, unmerge, asFacilitator());
        const { statusBy: _by, statusAt: _at, ...bBack } = back.topics['manual:b'] as Topic;
        const { statusBy: _by0, statusAt: _at0, ...bBefore } = tb;
        expect(back.topics['manual:a']).toEqual(ta);
        expect(bBack).toEqual(bBefore);
      }),
      { numRuns: 300 },
    );
  });
});

describe('who may curate', () => {
  it('given someone in the rotation, when they edit someone else’s topic, then NOT_AUTHOR; a curator may', () => {
    const backlog = aBacklog(aTopic({ createdBy: OTHER }));
    const edit: BacklogCommand = { type: 'editTopic', topicId: 'manual:t1', title: 'Renamed' };
    expect(codeOf(decide(backlog, edit, asRotation()))).toBe('NOT_AUTHOR');
    expect(codeOf(decide(backlog, edit, asFacilitator()))).toBeUndefined();
  });
});

describe('caps', () => {
  const many = (n: number, overrides: Partial<Topic> = {}): Backlog =>
    aBacklog(
      ...Array.from({ length: n }, (_, i) =>
        aTopic({ id: `manual:m${i}`, rankKey: `a${i}`, createdBy: `557058:x-${i}`, ...overrides }),
      ),
    );
  const add: BacklogCommand = { type: 'addTopic', topicId: 'new', title: 'One more' };

  it(`given ${TOPICS_PER_SPACE} open topics, when anyone adds one, then BACKLOG_FULL; archived ones do not count`, () => {
    const full = many(TOPICS_PER_SPACE);
    expect(openTopicCount(full)).toBe(TOPICS_PER_SPACE);
    expect(decide(full, add, asMember())).toEqual({
      ok: false,
      error: {
        code: 'BACKLOG_FULL',
        message: `The backlog already holds ${TOPICS_PER_SPACE} topics, its maximum. A curator archives or merges some to make room.`,
      },
    });
    const oneArchived = run(full, { type: 'archiveTopic', topicId: 'manual:m0' }, asFacilitator());
    expect(codeOf(decide(oneArchived, add, asMember()))).toBeUndefined();
    expect(
      codeOf(
        decide(
          run(oneArchived, add, asMember()),
          { type: 'restoreTopic', topicId: 'manual:m0' },
          asFacilitator(),
        ),
      ),
    ).toBe('BACKLOG_FULL');
  });

  it(`given a person with ${TOPICS_PER_PERSON} open topics, when they add one, then TOO_MANY_TOPICS; others still add`, () => {
    const mine = many(TOPICS_PER_PERSON, { createdBy: MEMBER });
    expect(codeOf(decide(mine, add, asMember()))).toBe('TOO_MANY_TOPICS');
    expect(codeOf(decide(mine, add, asMember(OTHER)))).toBeUndefined();
  });

  it('given room for fewer topics than a game brings, when imported, then BACKLOG_FULL and nothing is imported', () => {
    const almost = many(TOPICS_PER_SPACE - 1);
    const result = decide(
      almost,
      {
        type: 'importGame',
        result: {
          kind: 'thirty-five',
          gameId: 'g',
          pointsPerPair: 7,
          rounds: 5,
          cards: [
            { cardId: 'c1', text: 'One', normalised: 20 },
            { cardId: 'c2', text: 'Two', normalised: 10 },
          ],
        },
      },
      asFacilitator(),
    );
    expect(codeOf(result)).toBe('BACKLOG_FULL');
  });
});

describe('history', () => {
  it('given a plan, an archive, a merge, an unmerge, a restore and an edit of someone else’s topic, then each is one entry; adds and moves are none', () => {
    const actor = { by: FACILITATOR, at: NOW };
    const backlog = aBacklog(
      aTopic({ title: 'A' }),
      aTopic({ id: 'manual:t2', rankKey: 'a1', title: 'B' }),
    );
    const eventsOf = (b: Backlog, command: BacklogCommand) => {
      const result = decide(b, command, asFacilitator());
      if (!result.ok) throw new Error(result.error.code);
      return result.value;
    };
    const plan = eventsOf(backlog, { type: 'planTopic', topicId: 'manual:t1', date: '2026-12-02' });
    expect(backlogHistory(backlog, plan, actor)).toEqual([
      { ...actor, action: 'topic-planned', topicId: 'manual:t1', title: 'A', value: '2026-12-02' },
    ]);
    const mergeEvents = eventsOf(backlog, {
      type: 'mergeTopics',
      intoId: 'manual:t1',
      fromId: 'manual:t2',
    });
    expect(backlogHistory(backlog, mergeEvents, actor)).toEqual([
      { ...actor, action: 'topic-merged', topicId: 'manual:t2', title: 'B', otherTitle: 'A' },
    ]);
    const merged = mergeEvents.reduce(evolve, backlog);
    const unmergeEvents = eventsOf(merged, { type: 'unmergeTopic', topicId: 'manual:t2' });
    expect(backlogHistory(merged, unmergeEvents, actor)).toMatchObject([
      { action: 'topic-unmerged', topicId: 'manual:t2', otherTitle: 'A' },
    ]);
    const archive = eventsOf(backlog, { type: 'archiveTopic', topicId: 'manual:t1' });
    const archived = archive.reduce(evolve, backlog);
    expect(backlogHistory(backlog, archive, actor)).toMatchObject([{ action: 'topic-archived' }]);
    const restore = eventsOf(archived, { type: 'restoreTopic', topicId: 'manual:t1' });
    expect(backlogHistory(archived, restore, actor)).toMatchObject([{ action: 'topic-restored' }]);
    const unplanEtc = [
      ...eventsOf(plan.reduce(evolve, backlog), { type: 'unplanTopic', topicId: 'manual:t1' }),
    ];
    expect(backlogHistory(backlog, unplanEtc, actor)).toMatchObject([
      { action: 'topic-unplanned' },
    ]);
    const discussed = eventsOf(plan.reduce(evolve, backlog), {
      type: 'markDiscussed',
      topicId: 'manual:t1',
    });
    expect(backlogHistory(backlog, discussed, actor)).toMatchObject([
      { action: 'topic-discussed' },
    ]);
    const edit = eventsOf(backlog, { type: 'editTopic', topicId: 'manual:t1', title: 'A2' });
    expect(backlogHistory(backlog, edit, actor)).toMatchObject([{ action: 'topic-edited' }]);
    expect(backlogHistory(backlog, edit, { by: MEMBER, at: NOW })).toEqual([]);
    const quiet = [
      ...eventsOf(backlog, { type: 'addTopic', topicId: 'n', title: 'New' }),
      ...eventsOf(backlog, { type: 'moveTopic', topicId: 'manual:t1', afterId: 'manual:t2' }),
      ...eventsOf(backlog, { type: 'volunteer', topicId: 'manual:t1' }),
      ...eventsOf(backlog, {
        type: 'linkNotesPage',
        topicId: 'manual:t1',
        pageId: '1',
        url: 'https://x.example/1',
      }),
    ];
    expect(backlogHistory(backlog, quiet, actor)).toEqual([]);
    const withLead = run(backlog, { type: 'volunteer', topicId: 'manual:t1' }, asFacilitator());
    expect(
      backlogHistory(
        withLead,
        eventsOf(withLead, { type: 'withdraw', topicId: 'manual:t1' }),
        actor,
      ),
    ).toEqual([]);
  });

  it(`given a full history, when more entries come, then the ${HISTORY_MAX} newest are kept, newest first`, () => {
    const entry = (i: number) => ({ at: i, by: MEMBER, action: 'renamed' as const, value: `${i}` });
    let history = appendHistory([], [entry(0), entry(1)]);
    expect(history.map((e) => e.at)).toEqual([1, 0]);
    for (let i = 2; i < HISTORY_MAX + 10; i += 1) history = appendHistory(history, [entry(i)]);
    expect(history).toHaveLength(HISTORY_MAX);
    expect(history[0]?.at).toBe(HISTORY_MAX + 9);
    expect(history[HISTORY_MAX - 1]?.at).toBe(10);
  });

  it('given settings before and after, then each change is one entry, about the person it concerns', () => {
    const actor = { by: FACILITATOR, at: NOW };
    const before = {
      ...DEFAULT_SETTINGS,
      rotation: { facilitators: [MEMBER, OTHER, FACILITATOR], next: 0 },
      curators: [MEMBER],
    };
    expect(settingsHistory(before, before, actor)).toEqual([]);
    const after = {
      ...before,
      copName: 'Guild',
      cadence: { ...before.cadence, sessionsPerMonth: 4 as const },
      defaults: { ...before.defaults, dots: 5 },
      notesParentPageId: '42',
      curators: [OTHER],
      rotation: { facilitators: [OTHER, MEMBER, 'new'], next: 0 },
    };
    expect(settingsHistory(before, after, actor)).toEqual([
      { ...actor, action: 'renamed', value: 'Guild' },
      { ...actor, action: 'cadence-changed' },
      { ...actor, action: 'defaults-changed' },
      { ...actor, action: 'notes-parent-changed', value: '42' },
      { ...actor, action: 'curator-added', account: OTHER },
      { ...actor, action: 'curator-removed', account: MEMBER },
      { ...actor, action: 'rotation-joined', account: 'new' },
      { ...actor, action: 'rotation-left' },
      { ...actor, action: 'rotation-reordered' },
    ]);
    const { notesParentPageId: _p, ...cleared } = after;
    expect(settingsHistory(after, cleared, actor)).toEqual([
      { ...actor, action: 'notes-parent-changed', value: '' },
    ]);
    const turned = { ...before, rotation: { ...before.rotation, next: 1 } };
    expect(settingsHistory(before, turned, actor)).toEqual([{ ...actor, action: 'turn-passed' }]);
  });
});
