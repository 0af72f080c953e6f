import fc from 'fast-check';
import { createRng, randomInt, seedFrom, shuffle } from '../../../src/domain/random';
import { dealCards } from '../../../src/domain/thirty-five/deal';
import {
  validateCardText,
  validatePoints,
  validateRounds,
} from '../../../src/domain/thirty-five/rules';
import { players } from './builders';

const RUNS = { numRuns: 1000 };

describe('seeded randomness', () => {
  it('gives the same sequence for the same seed, number or string', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.string()), (seed) => {
        const x = createRng(seed);
        const y = createRng(seed);
        return Array.from({ length: 5 }, () => x() === y()).every(Boolean);
      }),
      RUNS,
    );
  });

  it('draws in [0, 1) and whole numbers in [0, n)', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 1000 }), (seed, n) => {
        const rng = createRng(seed);
        const u = rng();
        const k = randomInt(rng, n);
        return u >= 0 && u < 1 && Number.isInteger(k) && k >= 0 && k < n;
      }),
      RUNS,
    );
  });

  it('shuffles into a permutation without touching the input', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), fc.string(), (items, seed) => {
        const copy = [...items];
        const out = shuffle(items, createRng(seed));
        expect(items).toEqual(copy);
        expect([...out].sort()).toEqual([...items].sort());
      }),
      RUNS,
    );
  });

  it('turns strings into unrelated 32-bit seeds and truncates numbers', () => {
    expect(seedFrom('a')).not.toBe(seedFrom('b'));
    expect(seedFrom(-1)).toBe(4294967295);
    expect(seedFrom(3.9)).toBe(3);
    expect(seedFrom('golden')).toBe(seedFrom('golden'));
  });
});

describe('deal', () => {
  const cardsOf = (n: number) => players(n).map((p, i) => ({ id: `c${i + 1}`, author: p }));

  it('never hands anyone their own card, and hands out every card once', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 200 }), fc.integer(), (n, seed) => {
        const deal = dealCards(cardsOf(n), seed);
        if (!deal.ok) return false;
        const held = Object.values(deal.value);
        return (
          players(n).every(
            (p, i) => deal.value[p] !== undefined && deal.value[p] !== `c${i + 1}`,
          ) && new Set(held).size === n
        );
      }),
      RUNS,
    );
  });

  it('is deterministic for a seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 50 }), fc.string(), (n, seed) => {
        expect(dealCards(cardsOf(n), seed)).toEqual(dealCards(cardsOf(n), seed));
      }),
      RUNS,
    );
  });

  it('needs at least two cards', () => {
    expect(dealCards(cardsOf(1), 1)).toMatchObject({
      ok: false,
      error: { code: 'TOO_FEW_PARTICIPANTS' },
    });
  });

  it('deals two cards as a swap', () => {
    expect(dealCards(cardsOf(2), 'any')).toEqual({ ok: true, value: { p1: 'c2', p2: 'c1' } });
  });
});

describe('settings and card text', () => {
  it.each([
    [1, true],
    [5, true],
    [10, true],
    [0, false],
    [11, false],
    [2.5, false],
  ])('rounds %p valid: %p', (rounds, isValid) => {
    expect(validateRounds(rounds).ok).toBe(isValid);
  });

  it.each([
    [1, true],
    [7, true],
    [20, true],
    [0, false],
    [21, false],
    [Number.NaN, false],
  ])('points %p valid: %p', (points, isValid) => {
    expect(validatePoints(points).ok).toBe(isValid);
  });

  it('trims a card and counts characters, not UTF-16 units', () => {
    expect(validateCardText('  Retro formats  ')).toEqual({ ok: true, value: 'Retro formats' });
    expect(validateCardText('😀'.repeat(200)).ok).toBe(true);
    expect(validateCardText('x'.repeat(201))).toMatchObject({ error: { code: 'CARD_TOO_LONG' } });
    expect(validateCardText('   ')).toMatchObject({ error: { code: 'CARD_EMPTY' } });
  });
});
