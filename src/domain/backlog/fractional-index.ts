/**
 * Fractional index keys: strings that sort by plain code-unit comparison (`a < b`), such that a key
 * strictly between any two keys always exists. Moving an item rewrites that item's key only.
 *
 * This is the scheme used by Figma and tldraw (algorithm of David Greenspan's `fractional-indexing`,
 * CC0), over the base-62 alphabet `0-9A-Za-z` (ASCII order, so JavaScript string comparison agrees):
 * - a key is an *integer part* followed by an optional *fraction*; the head character of the integer
 *   part encodes its length (`a`–`z`: 2–27 characters for non-negative, `Z`–`A` for negative
 *   integers), so appending or prepending grows keys only logarithmically (`a0`, `a1`, … `az`, `b00`);
 * - inserting between two keys with the same integer part takes the midpoint of their fractions, one
 *   base-62 digit at a time; repeatedly inserting at the same place adds one character per ~6
 *   insertions (log₂ 62), the least any scheme can do;
 * - a fraction never ends in `0` (the smallest digit), which is what guarantees room below any key.
 */

/** The digits of rank keys, in ascending code-unit order (so string order is numeric order). */
export const BASE_62_DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

const ZERO = '0';
const LAST_DIGIT = 'z';
/** The smallest integer part; it has no predecessor, so it only ever appears with a fraction. */
const SMALLEST_INTEGER = `A${ZERO.repeat(26)}`;

function digitValue(ch: string | undefined): number {
  return ch === undefined ? -1 : BASE_62_DIGITS.indexOf(ch);
}

function digitAt(value: number): string {
  const ch = BASE_62_DIGITS[value];
  if (ch === undefined) throw new RangeError(`No base-62 digit ${value}`);
  return ch;
}

/** Length of the integer part announced by its head character, or undefined for a bad head. */
function integerLength(head: string): number | undefined {
  if (head >= 'a' && head <= 'z') return head.charCodeAt(0) - 'a'.charCodeAt(0) + 2;
  if (head >= 'A' && head <= 'Z') return 'Z'.charCodeAt(0) - head.charCodeAt(0) + 2;
  return undefined;
}

function integerPart(key: string): string {
  const length = integerLength(key.charAt(0));
  if (length === undefined || length > key.length) throw new RangeError(`Invalid rank key: ${key}`);
  return key.slice(0, length);
}

/**
 * True when `key` is a well-formed rank key: a valid head, an integer part of the announced length
 * in base-62 digits, and a fraction that does not end in `0`; the bare smallest integer is refused.
 */
export function isValidRankKey(key: string): boolean {
  if (!/^[0-9A-Za-z]+$/.test(key) || key === SMALLEST_INTEGER) return false;
  const length = integerLength(key.charAt(0));
  if (length === undefined || length > key.length) return false;
  return !key.slice(length).endsWith(ZERO);
}

/**
 * The midpoint of two fractions `a < b` (digit strings read as 0.a and 0.b; `b === null` means 1).
 * Neither may end in `0`. The result is strictly between them and does not end in `0`.
 */
function midpoint(a: string, b: string | null): string {
  if (b !== null) {
    // Skip the common prefix, padding `a` with zeros (b cannot end before a inside the prefix).
    let n = 0;
    while ((a.charAt(n) || ZERO) === b.charAt(n)) n += 1;
    if (n > 0) return b.slice(0, n) + midpoint(a.slice(n), b.slice(n));
  }
  const digitA = a.length > 0 ? digitValue(a.charAt(0)) : 0;
  const digitB = b !== null ? digitValue(b.charAt(0)) : BASE_62_DIGITS.length;
  if (digitB - digitA > 1) return digitAt(Math.round((digitA + digitB) / 2));
  // The first digits are consecutive.
  if (b !== null && b.length > 1) return b.slice(0, 1);
  return digitAt(digitA) + midpoint(a.slice(1), null);
}

function incrementInteger(x: string): string | undefined {
  const head = x.charAt(0);
  const digits = x.slice(1).split('');
  let carry = true;
  for (let i = digits.length - 1; carry && i >= 0; i -= 1) {
    const d = digitValue(digits[i]) + 1;
    if (d === BASE_62_DIGITS.length) {
      digits[i] = ZERO;
    } else {
      digits[i] = digitAt(d);
      carry = false;
    }
  }
  if (!carry) return head + digits.join('');
  if (head === 'Z') return `a${ZERO}`;
  if (head === 'z') return undefined;
  const next = String.fromCharCode(head.charCodeAt(0) + 1);
  if (next > 'a') digits.push(ZERO);
  else digits.pop();
  return next + digits.join('');
}

function decrementInteger(x: string): string | undefined {
  const head = x.charAt(0);
  const digits = x.slice(1).split('');
  let borrow = true;
  for (let i = digits.length - 1; borrow && i >= 0; i -= 1) {
    const d = digitValue(digits[i]) - 1;
    if (d === -1) {
      digits[i] = LAST_DIGIT;
    } else {
      digits[i] = digitAt(d);
      borrow = false;
    }
  }
  if (!borrow) return head + digits.join('');
  if (head === 'a') return `Z${LAST_DIGIT}`;
  if (head === 'A') return undefined;
  const previous = String.fromCharCode(head.charCodeAt(0) - 1);
  if (previous < 'Z') digits.push(LAST_DIGIT);
  else digits.pop();
  return previous + digits.join('');
}

/**
 * A rank key strictly between `a` and `b` (`null` = open end: `keyBetween(null, null)` is the first
 * key ever, `keyBetween(last, null)` appends, `keyBetween(null, first)` prepends).
 *
 * Preconditions (a programming error if broken, so it throws `RangeError` rather than returning a
 * `Result`): both keys are valid (`isValidRankKey`) and `a < b`. Never returns a key equal to
 * either bound, and never a key ending in `0`.
 */
export function keyBetween(a: string | null, b: string | null): string {
  if (a !== null && !isValidRankKey(a)) throw new RangeError(`Invalid rank key: ${a}`);
  if (b !== null && !isValidRankKey(b)) throw new RangeError(`Invalid rank key: ${b}`);
  if (a !== null && b !== null && a >= b)
    throw new RangeError(`Rank keys out of order: ${a} >= ${b}`);
  if (a === null) {
    if (b === null) return `a${ZERO}`;
    const ib = integerPart(b);
    const fb = b.slice(ib.length);
    if (ib === SMALLEST_INTEGER) return ib + midpoint('', fb);
    if (ib < b) return ib;
    const previous = decrementInteger(ib);
    // Only SMALLEST_INTEGER has no predecessor, and it was handled above.
    if (previous === undefined) throw new RangeError('Cannot rank before the smallest key');
    return previous;
  }
  const ia = integerPart(a);
  const fa = a.slice(ia.length);
  if (b === null) {
    const next = incrementInteger(ia);
    return next === undefined ? ia + midpoint(fa, null) : next;
  }
  const ib = integerPart(b);
  const fb = b.slice(ib.length);
  if (ia === ib) return ia + midpoint(fa, fb);
  const next = incrementInteger(ia);
  if (next !== undefined && next < b) return next;
  return ia + midpoint(fa, null);
}
