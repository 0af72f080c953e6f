import fc from 'fast-check';
import {
  decide,
  evolve,
  EMPTY_BACKLOG,
  importedTopicId,
  leanCoffeeHeadToHead,
  leanCoffeeScore,
  rankedTopics,
  thirtyFiveScore,
  titleAndDetails,
  topicsFromGame,
  type GameImport,
  type LeanCoffeeBallot,
  type LeanCoffeeImport,
  type ThirtyFiveImport,
} from '../../../src/domain/backlog';
import { aBacklog, asFacilitator, asMember, aTopic, FACILITATOR, NOW, run } from './builders';

function aThirtyFive(overrides: Partial<ThirtyFiveImport> = {}): ThirtyFiveImport {
  return {
    kind: 'thirty-five',
    gameId: 'g35',
    pointsPerPair: 7,
    rounds: 5,
    cards: [
      { cardId: 'c1', text: 'Metrics that matter', normalised: 28 },
      { cardId: 'c2', text: 'Scaling Scrum', normalised: 21 },
      { cardId: 'c3', text: 'Conflict in teams', normalised: 21 },
      { cardId: 'c4', text: 'Estimation', normalised: 7.5 },
    ],
    ...overrides,
  };
}

/**
 * Eight voters, M = 2, four topics: d1 was discussed, l1–l3 are left over. Votes: d1 12, l2 6,
 * l1 3, l3 3. Head to head (24 comparisons each): d1 19.5, l2 12, l1 8.5, l3 8.
 */
function aLeanCoffee(overrides: Partial<LeanCoffeeImport> = {}): LeanCoffeeImport {
  return {
    kind: 'lean-coffee',
    gameId: 'glc',
    voters: 8,
    maxDotsPerTopic: 2,
    allTopicIds: ['d1', 'l1', 'l2', 'l3'],
    ballots: [
      { d1: 2, l2: 1 },
      { d1: 2, l2: 1 },
      { d1: 1, l2: 2 },
      { l2: 2, l1: 1 },
      { d1: 2, l3: 1 },
      { d1: 2, l1: 1 },
      { d1: 1, l3: 2 },
      { d1: 2, l1: 1 },
    ],
    topics: [
      { topicId: 'l1', title: 'Pairing', votes: 3, proposedAt: 300 },
      { topicId: 'l2', title: 'OKRs', details: 'for teams', votes: 6, proposedAt: 200 },
      { topicId: 'l3', title: 'Mobbing', votes: 3, proposedAt: 100 },
    ],
    ...overrides,
  };
}

describe('the score scale: head-to-head support, 0–100, 50 = an average topic of its game', () => {
  it.each([
    [35, 7, 5, 100],
    [28, 7, 5, 80],
    [17.5, 7, 5, 50],
    [0, 7, 5, 0],
    [10, 7, 3, 47.62],
  ])('Thirty Five: normalised %p of %p×%p scores %p', (normalised, p, r, expected) => {
    expect(thirtyFiveScore(normalised, p, r)).toBe(expected);
  });

  it.each([
    [24, 24, 100],
    [12, 24, 50],
    [8.5, 24, 35.42],
    [0, 24, 0],
    [0, 0, 50],
  ])('Lean Coffee: %p comparisons won of %p scores %p', (won, comparisons, expected) => {
    expect(leanCoffeeScore(won, comparisons)).toBe(expected);
  });

  it('given the eight ballots, then each topic’s record counts wins and half of the ties, voter by voter (golden)', () => {
    const { allTopicIds, ballots } = aLeanCoffee();
    expect(Object.fromEntries(leanCoffeeHeadToHead(allTopicIds, ballots))).toEqual({
      d1: { won: 19.5, comparisons: 24 },
      l1: { won: 8.5, comparisons: 24 },
      l2: { won: 12, comparisons: 24 },
      l3: { won: 8, comparisons: 24 },
    });
  });

  it('given voters who placed no dots, then they are not counted; with no dots at all, every topic scores 50', () => {
    const records = leanCoffeeHeadToHead(['a', 'b'], [{}, { a: 0 }, { a: 1 }]);
    expect(Object.fromEntries(records)).toEqual({
      a: { won: 1, comparisons: 1 },
      b: { won: 0, comparisons: 1 },
    });
    const none = leanCoffeeHeadToHead(['a', 'b'], [{}]);
    expect(leanCoffeeScore(none.get('a')!.won, none.get('a')!.comparisons)).toBe(50);
  });

  it('given a topic preferred as often in Lean Coffee as a card in Thirty Five, then both score the same', () => {
    // A card that got 5.6 of 7 points on average (28 of 35) against the cards it met scores 80…
    expect(thirtyFiveScore(28, 7, 5)).toBe(80);
    // …and so does a topic that won 16 of its 20 comparisons (4 voters, 6 topics).
    const ballots: LeanCoffeeBallot[] = [
      { t: 1, a: 2 },
      { t: 1, a: 1, b: 1 },
      { t: 1, b: 2 },
      { t: 2, a: 2, b: 2 },
    ];
    const record = leanCoffeeHeadToHead(['t', 'a', 'b', 'c', 'd', 'e'], ballots).get('t')!;
    expect(record).toEqual({ won: 16, comparisons: 20 });
    expect(leanCoffeeScore(record.won, record.comparisons)).toBe(80);
  });

  const ballotsArb = (ids: readonly string[]) =>
    fc.array(
      fc.dictionary(fc.constantFrom(...ids), fc.integer({ min: 0, max: 4 }), {
        maxKeys: ids.length,
      }),
      { maxLength: 12 },
    );
  const ids = ['a', 'b', 'c', 'd', 'e'];
  const share = (r: { won: number; comparisons: number }) => leanCoffeeScore(r.won, r.comparisons);

  it('property: every score lies in 0–100, and the scores of a meeting average exactly 50 (1,000 runs)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 5 }), ballotsArb(ids), (n, ballots) => {
        const field = ids.slice(0, n);
        const records = [...leanCoffeeHeadToHead(field, ballots).values()];
        const exact = records.map((r) =>
          r.comparisons === 0 ? 50 : (100 * r.won) / r.comparisons,
        );
        const mean = exact.reduce((a, b) => a + b, 0) / n;
        return (
          records.every((r) => r.won >= 0 && r.won <= r.comparisons) &&
          records.map(share).every((x) => x >= 0 && x <= 100) &&
          Math.abs(mean - 50) < 1e-9
        );
      }),
      { numRuns: 1000 },
    );
  });

  it('property: a topic every voter gave more dots than any other topic scores 100 (1,000 runs)', () => {
    fc.assert(
      fc.property(ballotsArb(['b', 'c', 'd']), fc.integer({ min: 1, max: 3 }), (others, extra) => {
        fc.pre(others.length > 0);
        const ballots = others.map((ballot) => ({
          ...ballot,
          a: Math.max(0, ...Object.values(ballot)) + extra,
        }));
        return share(leanCoffeeHeadToHead(['a', 'b', 'c', 'd'], ballots).get('a')!) === 100;
      }),
      { numRuns: 1000 },
    );
  });

  it('property: symmetry — swapping two topics’ dots on every ballot swaps their scores and leaves the others (1,000 runs)', () => {
    fc.assert(
      fc.property(ballotsArb(ids), (ballots) => {
        const swapped = ballots.map(({ a, b, ...rest }) => ({
          ...rest,
          ...(b === undefined ? {} : { a: b }),
          ...(a === undefined ? {} : { b: a }),
        }));
        const before = leanCoffeeHeadToHead(ids, ballots);
        const after = leanCoffeeHeadToHead(ids, swapped);
        return (
          share(before.get('a')!) === share(after.get('b')!) &&
          share(before.get('b')!) === share(after.get('a')!) &&
          ['c', 'd', 'e'].every((id) => share(before.get(id)!) === share(after.get(id)!))
        );
      }),
      { numRuns: 1000 },
    );
  });

  it('property: one more dot for a topic on a ballot that already had dots never lowers its score (1,000 runs)', () => {
    fc.assert(
      fc.property(ballotsArb(ids), fc.nat({ max: 11 }), (ballots, at) => {
        const ballot = ballots[at];
        fc.pre(ballot !== undefined && Object.values(ballot).some((d) => d > 0));
        const more = ballots.map((b, i) => (i === at ? { ...b, c: (b.c ?? 0) + 1 } : b));
        return (
          share(leanCoffeeHeadToHead(ids, more).get('c')!) >=
          share(leanCoffeeHeadToHead(ids, ballots).get('c')!)
        );
      }),
      { numRuns: 1000 },
    );
  });

  it('property: Thirty Five scores lie in 0–100 and grow with the normalised score (1,000 runs)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 20 }),
        fc.integer({ min: 1, max: 10 }),
        fc.nat(),
        fc.nat(),
        (p, r, x, y) => {
          const max = p * r;
          const [low, high] = [x % (max + 1), y % (max + 1)].sort((u, v) => u - v) as [
            number,
            number,
          ];
          const a = thirtyFiveScore(low, p, r);
          const b = thirtyFiveScore(high, p, r);
          return a >= 0 && b <= 100 && a <= b;
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('importing a Thirty Five ranking', () => {
  it('given an empty backlog, when imported, then topics keep the game order with derived ids and sources', () => {
    const after = run(
      EMPTY_BACKLOG,
      { type: 'importGame', result: aThirtyFive() },
      asFacilitator(),
    );
    const ranked = rankedTopics(after);
    expect(ranked.map((t) => [t.id, t.score])).toEqual([
      ['thirty-five:g35:c1', 80],
      ['thirty-five:g35:c2', 60],
      ['thirty-five:g35:c3', 60],
      ['thirty-five:g35:c4', 21.43],
    ]);
    expect(ranked[0]).toMatchObject({
      status: 'proposed',
      createdBy: FACILITATOR,
      createdAt: NOW,
      sources: [
        { kind: 'thirty-five', gameId: 'g35', cardId: 'c1', normalised: 28, maxScore: 35, rank: 1 },
      ],
    });
  });

  it('given the same game imported twice, then the second import changes nothing (idempotent)', () => {
    const once = run(EMPTY_BACKLOG, { type: 'importGame', result: aThirtyFive() }, asFacilitator());
    expect(decide(once, { type: 'importGame', result: aThirtyFive() }, asFacilitator())).toEqual({
      ok: true,
      value: [],
    });
  });

  it('given an imported topic was archived, when re-imported, then it stays archived', () => {
    const once = run(EMPTY_BACKLOG, { type: 'importGame', result: aThirtyFive() }, asFacilitator());
    const archived = run(
      once,
      { type: 'archiveTopic', topicId: 'thirty-five:g35:c1' },
      asFacilitator(),
    );
    const again = run(archived, { type: 'importGame', result: aThirtyFive() }, asFacilitator());
    expect(again).toBe(archived);
  });

  it('given existing topics, when imported, then each new topic is placed by score, after equal scores', () => {
    const backlog = aBacklog(
      aTopic({ id: 'manual:hi', score: 90, rankKey: 'a0' }),
      aTopic({ id: 'manual:mid', score: 60, rankKey: 'a1' }),
      aTopic({ id: 'manual:lo', score: 10, rankKey: 'a2' }),
    );
    const after = run(backlog, { type: 'importGame', result: aThirtyFive() }, asFacilitator());
    expect(rankedTopics(after).map((t) => t.id)).toEqual([
      'manual:hi',
      'thirty-five:g35:c1',
      'manual:mid',
      'thirty-five:g35:c2',
      'thirty-five:g35:c3',
      'thirty-five:g35:c4',
      'manual:lo',
    ]);
    for (const id of ['manual:hi', 'manual:mid', 'manual:lo'])
      expect(after.topics[id]).toBe(backlog.topics[id]);
  });

  it('given a 200-character card, when imported, then the title is cut to 120 and the full text kept in details', () => {
    const text = `${'word '.repeat(39)}👩‍👩‍👧‍👦 end`;
    const { title, details } = titleAndDetails(text);
    expect([...title].length).toBeLessThanOrEqual(120);
    expect(title.endsWith('…')).toBe(true);
    expect(details).toBe(text.trim());
  });

  it('never cuts a ZWJ emoji sequence in half', () => {
    const family = '👩‍👩‍👧‍👦';
    const { title } = titleAndDetails(`${'a'.repeat(115)}${family}${family}`);
    expect(title).toBe(`${'a'.repeat(115)}…`);
  });

  it('given a member, when importing, then NOT_FACILITATOR', () => {
    expect(
      decide(EMPTY_BACKLOG, { type: 'importGame', result: aThirtyFive() }, asMember()),
    ).toMatchObject({
      ok: false,
      error: { code: 'NOT_FACILITATOR' },
    });
  });

  it.each<[string, GameImport]>([
    ['an empty game id', aThirtyFive({ gameId: '' })],
    ['a padded game id', aThirtyFive({ gameId: ' g ' })],
    ['zero points per pair', aThirtyFive({ pointsPerPair: 0 })],
    ['fractional rounds', aThirtyFive({ rounds: 2.5 })],
    [
      'a score above the maximum',
      aThirtyFive({ cards: [{ cardId: 'c', text: 't', normalised: 36 }] }),
    ],
    ['a NaN score', aThirtyFive({ cards: [{ cardId: 'c', text: 't', normalised: Number.NaN }] })],
    ['a negative score', aThirtyFive({ cards: [{ cardId: 'c', text: 't', normalised: -1 }] })],
    [
      'a repeated card id',
      aThirtyFive({
        cards: [
          { cardId: 'c', text: 't', normalised: 1 },
          { cardId: 'c', text: 'u', normalised: 1 },
        ],
      }),
    ],
    ['an empty card', aThirtyFive({ cards: [{ cardId: 'c', text: '   ', normalised: 1 }] })],
    ['no voters', aLeanCoffee({ voters: 0 })],
    ['zero dots per topic', aLeanCoffee({ maxDotsPerTopic: 0 })],
    [
      'more votes than possible',
      aLeanCoffee({ topics: [{ topicId: 'l1', title: 't', votes: 17, proposedAt: 1 }] }),
    ],
    [
      'fractional votes',
      aLeanCoffee({ topics: [{ topicId: 'l1', title: 't', votes: 1.5, proposedAt: 1 }] }),
    ],
    [
      'a bad topic id',
      aLeanCoffee({ topics: [{ topicId: 'x'.repeat(101), title: 't', votes: 1, proposedAt: 1 }] }),
    ],
    [
      'an empty title',
      aLeanCoffee({ topics: [{ topicId: 'l1', title: '', votes: 1, proposedAt: 1 }] }),
    ],
    [
      'a topic outside the meeting',
      aLeanCoffee({ topics: [{ topicId: 'zz', title: 't', votes: 1, proposedAt: 1 }] }),
    ],
    ['a repeated meeting topic', aLeanCoffee({ allTopicIds: ['l1', 'l1', 'l2', 'l3'] })],
    ['a bad meeting topic id', aLeanCoffee({ allTopicIds: ['', 'l1', 'l2', 'l3'] })],
    ['dots on an unknown topic', aLeanCoffee({ ballots: [{ l1: 1, zz: 1 }] })],
    ['fractional dots', aLeanCoffee({ ballots: [{ l1: 0.5 }] })],
    ['negative dots', aLeanCoffee({ ballots: [{ l1: -1 }] })],
  ])('given %s, when importing, then INVALID_IMPORT and nothing changes', (_, result) => {
    expect(topicsFromGame(result, FACILITATOR, NOW)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_IMPORT' },
    });
  });
});

describe('importing Lean Coffee leftovers', () => {
  it('given undiscussed topics, when imported, then they rank by head-to-head score and keep votes and record as their source', () => {
    const after = run(
      EMPTY_BACKLOG,
      { type: 'importGame', result: aLeanCoffee() },
      asFacilitator(),
    );
    // On the former scale: OKRs 37.5, Mobbing 18.75, Pairing 18.75 (a tie on votes, broken by time).
    expect(rankedTopics(after).map((t) => [t.title, t.score, t.details])).toEqual([
      ['OKRs', 50, 'for teams'],
      ['Pairing', 35.42, ''],
      ['Mobbing', 33.33, ''],
    ]);
    expect(after.topics['lean-coffee:glc:l2']?.sources).toEqual([
      {
        kind: 'lean-coffee',
        gameId: 'glc',
        topicId: 'l2',
        votes: 6,
        maxVotes: 16,
        won: 12,
        comparisons: 24,
      },
    ]);
  });

  it('given equal scores, then more votes first, then the earlier proposal', () => {
    const result = topicsFromGame(
      aLeanCoffee({
        allTopicIds: ['a', 'b', 'c'],
        ballots: [{ a: 1, b: 1, c: 1 }],
        topics: [
          { topicId: 'a', title: 'A', votes: 1, proposedAt: 5 },
          { topicId: 'b', title: 'B', votes: 2, proposedAt: 9 },
          { topicId: 'c', title: 'C', votes: 1, proposedAt: 1 },
        ],
      }),
      FACILITATOR,
      NOW,
    );
    expect(result.ok && result.value.map((t) => [t.title, t.score])).toEqual([
      ['B', 50],
      ['C', 50],
      ['A', 50],
    ]);
  });

  it('given equal votes and times, then the topic id decides', () => {
    const result = topicsFromGame(
      aLeanCoffee({
        allTopicIds: ['a', 'a2', 'b'],
        ballots: [],
        topics: [
          { topicId: 'b', title: 'B', votes: 1, proposedAt: 1 },
          { topicId: 'a', title: 'A', votes: 1, proposedAt: 1 },
          { topicId: 'a2', title: 'A2', votes: 1, proposedAt: 1 },
        ],
      }),
      FACILITATOR,
      NOW,
    );
    expect(result.ok && result.value.map((t) => t.title)).toEqual(['A', 'A2', 'B']);
  });

  it('given an unknown game kind, then the import fails loudly', () => {
    const bogus = { kind: 'bingo', gameId: 'g' } as unknown as GameImport;
    expect(() => topicsFromGame(bogus, FACILITATOR, NOW)).toThrow('Unhandled case');
  });

  it('derives stable ids per game and item, encoding anything but letters, digits, _ and -', () => {
    expect(importedTopicId('lean-coffee', 'g-1', 't_2')).toBe('lean-coffee:g-1:t_2');
    expect(importedTopicId('thirty-five', 'g', '557058:ab.c')).toBe(
      'thirty-five:g:557058.003aab.002ec',
    );
  });

  it('property: distinct game and item ids never give the same topic id', () => {
    const idArb = fc.string({
      minLength: 1,
      maxLength: 6,
      unit: fc.constantFrom('a', ':', '.', '0', 'é', ' '),
    });
    fc.assert(
      fc.property(idArb, idArb, idArb, idArb, (g1, i1, g2, i2) => {
        fc.pre(g1 !== g2 || i1 !== i2);
        const id1 = importedTopicId('lean-coffee', g1, i1);
        return (
          id1 !== importedTopicId('lean-coffee', g2, i2) &&
          /^[a-z-]+:[A-Za-z0-9_.-]+:[A-Za-z0-9_.-]+$/.test(id1)
        );
      }),
      { numRuns: 1000 },
    );
  });

  it('property: importing any valid result twice equals importing it once', () => {
    const resultArb = fc
      .array(fc.tuple(fc.integer({ min: 0, max: 16 }), fc.integer({ min: 0, max: 5 })), {
        maxLength: 12,
      })
      .map((rows) =>
        aLeanCoffee({
          allTopicIds: rows.map((_, i) => `t${i}`),
          ballots: rows.map(([votes], i) => ({
            [`t${i}`]: votes % 3,
            [`t${(i * 7) % rows.length}`]: 1,
          })),
          topics: rows.map(([votes, at], i) => ({
            topicId: `t${i}`,
            title: `Topic ${i}`,
            votes,
            proposedAt: at,
          })),
        }),
      );
    fc.assert(
      fc.property(resultArb, (result) => {
        const once = decide(EMPTY_BACKLOG, { type: 'importGame', result }, asFacilitator());
        if (!once.ok) return false;
        const backlog = once.value.reduce(evolve, EMPTY_BACKLOG);
        const twice = decide(backlog, { type: 'importGame', result }, asFacilitator());
        const scores = rankedTopics(backlog).map((t) => t.score);
        const sorted = [...scores].sort((a, b) => b - a);
        return twice.ok && twice.value.length === 0 && scores.join() === sorted.join();
      }),
      { numRuns: 1000 },
    );
  });
});
