import fc from 'fast-check';
import { BASE_62_DIGITS, isValidRankKey, keyBetween } from '../../../src/domain/backlog';

/** Any valid key, reached by a random walk of insertions from the empty list. */
const keyListArb = fc.array(fc.nat(), { minLength: 1, maxLength: 60 }).map((positions) => {
  const keys: string[] = [];
  for (const p of positions) {
    const i = p % (keys.length + 1);
    keys.splice(i, 0, keyBetween(keys[i - 1] ?? null, keys[i] ?? null));
  }
  return keys;
});

const digitArb = fc.constantFrom(...BASE_62_DIGITS);
/** Any valid key, built directly: a head among X–Z/a–c, its integer digits, a fraction. */
const validKeyArb = fc
  .tuple(
    fc.constantFrom('X', 'Y', 'Z', 'a', 'b', 'c'),
    fc.array(digitArb, { minLength: 4, maxLength: 4 }),
    fc.array(digitArb, { maxLength: 6 }),
  )
  .map(([head, integer, fraction]) => {
    const length = head >= 'a' ? head.charCodeAt(0) - 97 + 1 : 90 - head.charCodeAt(0) + 1;
    const trimmed = fraction.join('').replace(/0+$/, '');
    return head + integer.slice(0, length).join('') + trimmed;
  });

describe('keyBetween', () => {
  it('given an empty list, when a first key is made, then it is a0', () => {
    expect(keyBetween(null, null)).toBe('a0');
  });

  it.each([
    ['a0', null, 'a1'],
    [null, 'a0', 'Zz'],
    ['a0', 'a1', 'a0V'],
    ['a0V', 'a1', 'a0l'],
    ['az', null, 'b00'],
    [null, 'b00', 'az'],
    ['Zz', null, 'a0'],
    [null, 'a0V', 'a0'],
    ['a0', 'a0V', 'a0G'],
    ['a1', 'a2', 'a1V'],
  ])('given %p and %p, then the key between is %p (golden)', (a, b, expected) => {
    expect(keyBetween(a, b)).toBe(expected);
  });

  it('given the largest integer part, when appending, then it grows the fraction instead', () => {
    const largest = `z${'z'.repeat(26)}`;
    const next = keyBetween(largest, null);
    expect(next > largest).toBe(true);
    expect(next.startsWith(largest)).toBe(true);
  });

  it('given the smallest integer part, when prepending, then it grows the fraction instead', () => {
    const smallest = `A${'0'.repeat(26)}V`;
    const before = keyBetween(null, smallest);
    expect(before < smallest).toBe(true);
    expect(isValidRankKey(before)).toBe(true);
  });

  it('given a carry across every digit, when appending, then the integer gets longer', () => {
    expect(keyBetween('bzz', null)).toBe('c000');
    expect(keyBetween(null, 'c000')).toBe('bzz');
    expect(keyBetween(null, 'a0')).toBe('Zz');
    expect(keyBetween(null, 'Zz')).toBe('Zy');
    expect(keyBetween(null, 'Z0')).toBe('Yzz');
  });

  it.each([
    ['a1', 'a0'],
    ['a0', 'a0'],
    ['a00', null],
    [null, 'x'],
    ['', null],
    [null, `A${'0'.repeat(26)}`],
    ['a0!', null],
    ['0', null],
  ])('given invalid or unordered bounds %p, %p, then it refuses (a caller bug)', (a, b) => {
    expect(() => keyBetween(a, b)).toThrow(RangeError);
  });

  it('property: the key is strictly between its bounds and valid', () => {
    fc.assert(
      fc.property(keyListArb, fc.nat(), (keys, p) => {
        const i = p % (keys.length + 1);
        const a = keys[i - 1] ?? null;
        const b = keys[i] ?? null;
        const k = keyBetween(a, b);
        return isValidRankKey(k) && (a === null || a < k) && (b === null || k < b);
      }),
      { numRuns: 1000 },
    );
  });

  it('property: any sequence of inserts keeps a strict total order', () => {
    fc.assert(
      fc.property(keyListArb, (keys) => {
        for (let i = 1; i < keys.length; i += 1) {
          if (!((keys[i - 1] ?? '') < (keys[i] ?? ''))) return false;
        }
        return new Set(keys).size === keys.length;
      }),
      { numRuns: 1000 },
    );
  });

  it('given 1,000 inserts at the same place, then keys grow by about one character per 6', () => {
    const low = keyBetween(null, null);
    let upper = keyBetween(low, null);
    for (let i = 0; i < 1000; i += 1) {
      const key = keyBetween(low, upper);
      expect(low < key && key < upper).toBe(true);
      upper = key;
    }
    expect(upper.length).toBeLessThanOrEqual(2 + Math.ceil(1000 / 5));
  });

  it('property: between any two distinct valid keys, the key is strictly between', () => {
    fc.assert(
      fc.property(validKeyArb, validKeyArb, (x, y) => {
        fc.pre(x !== y);
        const [a, b] = x < y ? [x, y] : [y, x];
        const k = keyBetween(a, b);
        return isValidRankKey(k) && a < k && k < b;
      }),
      { numRuns: 1000 },
    );
  });

  it('given 10,000 appends, then keys stay short (logarithmic growth)', () => {
    let key = keyBetween(null, null);
    for (let i = 0; i < 10_000; i += 1) key = keyBetween(key, null);
    expect(key.length).toBeLessThanOrEqual(4);
  });

  it('uses the base-62 alphabet in code-unit order', () => {
    expect([...BASE_62_DIGITS].sort().join('')).toBe(BASE_62_DIGITS);
    expect(BASE_62_DIGITS).toHaveLength(62);
  });
});

describe('isValidRankKey', () => {
  it.each([
    ['a0', true],
    ['a0V', true],
    ['Zz', true],
    ['b00', true],
    ['a00', false],
    ['a', false],
    ['', false],
    ['!0', false],
    ['a0-', false],
  ])('given %p, then validity is %p', (key, expected) => {
    expect(isValidRankKey(key)).toBe(expected);
  });
});
