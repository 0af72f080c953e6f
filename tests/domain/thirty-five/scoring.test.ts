import fc from 'fast-check';
import { validateTallies, type TallyEntry } from '../../../src/domain/thirty-five/in-room';
import {
  compareScores,
  rankTally,
  scoreTally,
  type Tally,
} from '../../../src/domain/thirty-five/scoring';

const RUNS = { numRuns: 1000 };

const tallyOf = (perRound: readonly (readonly (number | null)[])[]): Tally => ({
  rounds: 5,
  points: 7,
  cards: perRound.map((points, i) => ({
    id: `c${i + 1}`,
    text: `Topic ${i + 1}`,
    perRound: points,
  })),
});

describe('ranking (golden)', () => {
  const _ = null;
  const tally = tallyOf([
    [7, 7, _, _, _], // c1: normalised 35, raw 14, 2 full
    [7, 7, 7, 7, 7], // c2: normalised 35, raw 35 → above c1 on raw
    [6, 6, 6, 6, 6], // c3: 30, 30, 0 full
    [7, 7, 7, 2, 7], // c4: 30, 30, 4 full → above c3 on full splits
    [6, 6, 6, 6, 6], // c5: same as c3 → below c3, later in the tally
    [5, _, 5, 5, 5], // c6: normalised 25, raw 20
    [5, 5, 5, 5, 5], // c7: normalised 25, raw 25 → above c6 on raw
    [_, _, _, _, _], // c8: never rated → 0
    [0, 0, 0, 0, 0], // c9: 0, 0 → below c8, later in the tally
    [4, 4, _, _, _], // c10: normalised 20, raw 8 → above c11 despite the lower raw
    [3, 3, 3, 3, 3], // c11: normalised 15, raw 15
  ]);

  it('breaks ties by normalised, raw, full splits, then the tally order', () => {
    expect(rankTally(tally).map((c) => `${c.rank}:${c.id}`)).toEqual([
      '1:c2',
      '2:c1',
      '3:c4',
      '4:c3',
      '5:c5',
      '6:c7',
      '7:c6',
      '8:c10',
      '9:c11',
      '10:c8',
      '11:c9',
    ]);
  });

  it('shows raw, ratings, normalised, full splits and per-round points', () => {
    const [c1, , , , , c6, , c8] = scoreTally(tally);
    expect(c1).toMatchObject({ raw: 14, ratings: 2, normalised: 35, fullSplits: 2 });
    expect(c6).toMatchObject({ raw: 20, ratings: 4, normalised: 25, perRound: [5, null, 5, 5, 5] });
    expect(c8).toMatchObject({ raw: 0, ratings: 0, normalised: 0, fullSplits: 0 });
  });
});

const roundsPoints = fc.record({
  rounds: fc.integer({ min: 1, max: 10 }),
  points: fc.integer({ min: 1, max: 20 }),
});

const tallyArb: fc.Arbitrary<Tally> = roundsPoints.chain(({ rounds, points }) =>
  fc
    .array(
      fc.array(fc.option(fc.integer({ min: 0, max: points }), { nil: null }), {
        minLength: rounds,
        maxLength: rounds,
      }),
      { minLength: 1, maxLength: 30 },
    )
    .map((cards) => ({
      rounds,
      points,
      cards: cards.map((perRound, i) => ({ id: `c${i + 1}`, text: 'T', perRound })),
    })),
);

describe('scoring properties', () => {
  it('a card scores at most P × R, raw and normalised', () => {
    fc.assert(
      fc.property(tallyArb, (tally) =>
        scoreTally(tally).every(
          (s) =>
            s.raw <= tally.points * tally.rounds &&
            s.normalised <= tally.points * tally.rounds &&
            s.ratings <= tally.rounds,
        ),
      ),
      RUNS,
    );
  });

  it('ranks every card once, in the stated order', () => {
    fc.assert(
      fc.property(tallyArb, (tally) => {
        const ranked = rankTally(tally);
        return (
          ranked.length === tally.cards.length &&
          new Set(ranked.map((c) => c.id)).size === ranked.length &&
          ranked.every((c, i) => c.rank === i + 1) &&
          ranked.slice(1).every((c, i) => compareScores(ranked[i] as typeof c, c) <= 0)
        );
      }),
      RUNS,
    );
  });
});

/** A paper game: per round, the cards are paired at random and each pair splits P (or missed). */
const paperGame = roundsPoints.chain(({ rounds, points }) =>
  fc.integer({ min: 2, max: 20 }).chain((n) =>
    fc
      .array(
        fc.record({
          order: fc.shuffledSubarray(
            Array.from({ length: n }, (_, i) => i),
            { minLength: n, maxLength: n },
          ),
          splits: fc.array(fc.option(fc.integer({ min: 0, max: points }), { nil: null }), {
            minLength: Math.floor(n / 2),
            maxLength: Math.floor(n / 2),
          }),
        }),
        { minLength: rounds, maxLength: rounds },
      )
      .map((perRound) => {
        const grid: (number | null)[][] = Array.from({ length: n }, () => []);
        perRound.forEach(({ order, splits }, r) => {
          for (let c = 0; c < n; c += 1) (grid[c] as (number | null)[])[r] = null;
          splits.forEach((split, k) => {
            const x = order[2 * k] as number;
            const y = order[2 * k + 1] as number;
            (grid[x] as (number | null)[])[r] = split;
            (grid[y] as (number | null)[])[r] = split === null ? null : points - split;
          });
        });
        const entries: TallyEntry[] = grid.map((p, i) => ({ text: `Card ${i + 1}`, points: p }));
        return { rounds, points, entries };
      }),
  ),
);

describe('in-room tallies', () => {
  it('accepts any consistent paper game and scores it like an online one', () => {
    fc.assert(
      fc.property(paperGame, ({ rounds, points, entries }) => {
        const tally = validateTallies(entries, rounds, points);
        if (!tally.ok) return false;
        return (
          tally.value.cards.every((c, i) => c.id === `c${i + 1}`) &&
          scoreTally(tally.value).every((s) => s.raw <= points * rounds)
        );
      }),
      RUNS,
    );
  });

  it('rejects a paper game where one number was mistyped', () => {
    fc.assert(
      fc.property(paperGame, fc.nat(), fc.nat(), ({ rounds, points, entries }, i, r) => {
        const card = i % entries.length;
        const round = r % rounds;
        const typo = entries.map((e, k) =>
          k === card
            ? { ...e, points: e.points.map((p, j) => (j === round ? (p === null ? 0 : p + 1) : p)) }
            : e,
        );
        return !validateTallies(typo, rounds, points).ok;
      }),
      RUNS,
    );
  });

  it.each<[string, TallyEntry[], string]>([
    ['one card', [{ text: 'A', points: [7] }], 'TOO_FEW_PARTICIPANTS'],
    [
      'an empty card',
      [
        { text: ' ', points: [7] },
        { text: 'B', points: [0] },
      ],
      'CARD_EMPTY',
    ],
    [
      'a missing round',
      [
        { text: 'A', points: [] },
        { text: 'B', points: [0] },
      ],
      'INVALID_TALLY',
    ],
    [
      'a number above P',
      [
        { text: 'A', points: [8] },
        { text: 'B', points: [-1] },
      ],
      'INVALID_TALLY',
    ],
    [
      'a fraction',
      [
        { text: 'A', points: [3.5] },
        { text: 'B', points: [3.5] },
      ],
      'INVALID_TALLY',
    ],
    [
      'an odd count of numbers in a round',
      [
        { text: 'A', points: [7] },
        { text: 'B', points: [null] },
      ],
      'INVALID_TALLY',
    ],
  ])('refuses %s', (_name, entries, code) => {
    expect(validateTallies(entries, 1, 7)).toMatchObject({ ok: false, error: { code } });
  });

  it('refuses more than 200 cards', () => {
    const entries = Array.from({ length: 202 }, () => ({ text: 'A', points: [null] }));
    expect(validateTallies(entries, 1, 7)).toMatchObject({ error: { code: 'INVALID_TALLY' } });
  });
});

describe('the last tie-break', () => {
  it('given cards equal on every score, when ranked, then the tally order decides and no score line carries it', () => {
    const tally = tallyOf([
      [4, 4, 4, 4, 4],
      [4, 4, 4, 4, 4],
      [4, 4, 4, 4, 4],
    ]);
    const reordered: Tally = { ...tally, cards: [...tally.cards].reverse() };
    expect(rankTally(tally).map((c) => c.id)).toEqual(['c1', 'c2', 'c3']);
    expect(rankTally(reordered).map((c) => c.id)).toEqual(['c3', 'c2', 'c1']);
    expect(Object.keys(rankTally(tally)[0] ?? {}).sort()).toEqual(
      ['fullSplits', 'id', 'normalised', 'perRound', 'rank', 'ratings', 'raw', 'text'].sort(),
    );
  });
});
