import fc from 'fast-check';
import {
  decide,
  evolve,
  EMPTY_BACKLOG,
  importedTopicId,
  leanCoffeeScore,
  rankedTopics,
  thirtyFiveScore,
  titleAndDetails,
  topicsFromGame,
  type GameImport,
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

function aLeanCoffee(overrides: Partial<LeanCoffeeImport> = {}): LeanCoffeeImport {
  return {
    kind: 'lean-coffee',
    gameId: 'glc',
    voters: 8,
    maxDotsPerTopic: 2,
    topics: [
      { topicId: 'l1', title: 'Pairing', votes: 3, proposedAt: 300 },
      { topicId: 'l2', title: 'OKRs', details: 'for teams', votes: 6, proposedAt: 200 },
      { topicId: 'l3', title: 'Mobbing', votes: 3, proposedAt: 100 },
    ],
    ...overrides,
  };
}

describe('the score scale', () => {
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
    [16, 8, 2, 100],
    [6, 8, 2, 37.5],
    [1, 3, 1, 33.33],
    [0, 5, 3, 0],
  ])('Lean Coffee: %p votes of %p voters × M=%p scores %p', (votes, voters, m, expected) => {
    expect(leanCoffeeScore(votes, voters, m)).toBe(expected);
  });

  it('property: scores lie in 0–100 and grow with support', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 10 }),
        fc.nat(),
        fc.nat(),
        (voters, m, x, y) => {
          const max = voters * m;
          const [low, high] = [x % (max + 1), y % (max + 1)].sort((p, q) => p - q) as [
            number,
            number,
          ];
          const a = leanCoffeeScore(low, voters, m);
          const b = leanCoffeeScore(high, voters, m);
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
      aLeanCoffee({ topics: [{ topicId: 'x', title: 't', votes: 17, proposedAt: 1 }] }),
    ],
    [
      'fractional votes',
      aLeanCoffee({ topics: [{ topicId: 'x', title: 't', votes: 1.5, proposedAt: 1 }] }),
    ],
    [
      'a bad topic id',
      aLeanCoffee({ topics: [{ topicId: 'x'.repeat(101), title: 't', votes: 1, proposedAt: 1 }] }),
    ],
    [
      'an empty title',
      aLeanCoffee({ topics: [{ topicId: 'x', title: '', votes: 1, proposedAt: 1 }] }),
    ],
  ])('given %s, when importing, then INVALID_IMPORT and nothing changes', (_, result) => {
    expect(topicsFromGame(result, FACILITATOR, NOW)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_IMPORT' },
    });
  });
});

describe('importing Lean Coffee leftovers', () => {
  it('given undiscussed topics, when imported, then they rank by votes, then earliest proposed', () => {
    const after = run(
      EMPTY_BACKLOG,
      { type: 'importGame', result: aLeanCoffee() },
      asFacilitator(),
    );
    expect(rankedTopics(after).map((t) => [t.title, t.score, t.details])).toEqual([
      ['OKRs', 37.5, 'for teams'],
      ['Mobbing', 18.75, ''],
      ['Pairing', 18.75, ''],
    ]);
    expect(after.topics['lean-coffee:glc:l2']?.sources).toEqual([
      { kind: 'lean-coffee', gameId: 'glc', topicId: 'l2', votes: 6, maxVotes: 16 },
    ]);
  });

  it('given equal votes and times, then the topic id decides', () => {
    const result = topicsFromGame(
      aLeanCoffee({
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
