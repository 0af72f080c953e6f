/**
 * The anonymity rule (`anonymousCards`): a dealt card's id and its place in the deal's order come
 * from the server's draw, never from who wrote it or when.
 */
import fc from 'fast-check';
import {
  anonymousCards,
  InvalidDrawError,
  type CardDraft,
  type DealDraw,
} from '../../../src/domain/thirty-five/game';
import { CARD_ID_PATTERN } from '../../../src/domain/thirty-five/rules';
import { T0 } from './builders';

/** Drafts of people `a`, `b`, … in the order given, one second apart, overrides on top. */
function draftsOf(
  people: readonly string[],
  overrides: Readonly<Record<string, Partial<CardDraft>>> = {},
): Record<string, CardDraft> {
  return Object.fromEntries(
    people.map((p, i) => [
      p,
      { text: `Topic of ${p}`, firstAt: T0 + i * 1000, at: T0 + i * 1000, ...overrides[p] },
    ]),
  );
}

const hexId = (k: number): string => k.toString(16).padStart(16, '0');

/** A draw with the given ids (as numbers) and ranks. */
const drawOf = (ids: readonly number[], ranks: readonly number[]): DealDraw => ({
  cardIds: ids.map(hexId),
  ranks,
});

describe('anonymousCards', () => {
  it('given three drafts and a draw, when dealt, then the i-th card by first submission takes the i-th id and the cards go in rank order', () => {
    const cards = anonymousCards(draftsOf(['ann', 'bob', 'cy']), drawOf([7, 3, 9], [20, 5, 11]));
    expect(cards).toEqual([
      { id: hexId(3), author: 'bob', text: 'Topic of bob' },
      { id: hexId(9), author: 'cy', text: 'Topic of cy' },
      { id: hexId(7), author: 'ann', text: 'Topic of ann' },
    ]);
  });

  it('given equal ranks, when dealt, then the card ids decide', () => {
    const cards = anonymousCards(draftsOf(['ann', 'bob']), drawOf([9, 4], [1, 1]));
    expect(cards.map((c) => c.id)).toEqual([hexId(4), hexId(9)]);
  });

  it('given a draw longer than the cards, when dealt, then only its first entries are used', () => {
    const cards = anonymousCards(draftsOf(['ann', 'bob']), drawOf([1, 2, 3, 4], [2, 1, 0, 3]));
    expect(cards.map((c) => c.id)).toEqual([hexId(2), hexId(1)]);
  });

  it.each<[string, DealDraw]>([
    ['too few ids', drawOf([1], [1, 2])],
    ['too few ranks', drawOf([1, 2], [1])],
    ['a repeated id', drawOf([5, 5], [1, 2])],
    ['a malformed id', { cardIds: ['c1', 'not an id'], ranks: [1, 2] }],
    ['a rank that is not a number', drawOf([1, 2], [1, Number.NaN])],
  ])('given %s, when dealt, then InvalidDrawError', (_label, draw) => {
    expect(() => anonymousCards(draftsOf(['ann', 'bob']), draw)).toThrow(InvalidDrawError);
  });

  const people = Array.from({ length: 12 }, (_, i) => `557058:${String(i).padStart(4, '0')}`);
  const drawArb = fc
    .tuple(
      fc.uniqueArray(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), {
        minLength: people.length,
        maxLength: people.length,
      }),
      fc.array(fc.integer({ min: 0, max: 2 ** 48 - 1 }), {
        minLength: people.length,
        maxLength: people.length,
      }),
    )
    .map(([ids, ranks]): DealDraw => ({
      cardIds: ids.map((id) => id.toString(16).padStart(16, '0')),
      ranks,
    }));
  const timesArb = fc.array(fc.integer({ min: 0, max: 10_000 }), {
    minLength: people.length,
    maxLength: people.length,
  });

  it('the ids in the deal order are a function of the draw and the number of cards alone: who wrote what and when leaves no trace in them', () => {
    fc.assert(
      fc.property(
        drawArb,
        timesArb,
        timesArb,
        fc.integer({ min: 2, max: people.length }),
        (draw, before, after, n) => {
          const drafts = (times: readonly number[]) =>
            draftsOf(
              people.slice(0, n),
              Object.fromEntries(
                people.slice(0, n).map((p, i) => [p, { firstAt: times[i] as number }]),
              ),
            );
          const one = anonymousCards(drafts(before), draw);
          const other = anonymousCards(drafts(after), draw);
          return (
            JSON.stringify(one.map((c) => c.id)) === JSON.stringify(other.map((c) => c.id)) &&
            one.every((c) => CARD_ID_PATTERN.test(c.id))
          );
        },
      ),
      { numRuns: 500 },
    );
  });

  it('every card keeps its author and text, whatever the draw', () => {
    fc.assert(
      fc.property(drawArb, timesArb, (draw, times) => {
        const drafts = draftsOf(
          people,
          Object.fromEntries(people.map((p, i) => [p, { firstAt: times[i] as number }])),
        );
        const cards = anonymousCards(drafts, draw);
        return (
          cards.length === people.length &&
          new Set(cards.map((c) => c.id)).size === people.length &&
          cards.every((c) => c.author !== null && drafts[c.author]?.text === c.text)
        );
      }),
      { numRuns: 300 },
    );
  });
});
