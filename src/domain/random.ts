/**
 * Seeded randomness for the domain. Domain code never calls `Math.random`: a seed (a string or a
 * 32-bit number) comes in as an argument and every draw is a pure function of it, so replaying a
 * game with the same seed gives the same deal and the same pairings.
 */

/** A source of pseudo-random numbers in [0, 1); each call advances its own private state. */
export type Rng = () => number;

/**
 * Turns a string or a number into a 32-bit unsigned seed. Numbers are truncated to 32 bits; strings
 * are hashed with FNV-1a followed by a murmur3 finaliser so that similar strings give unrelated seeds.
 */
export function seedFrom(seed: number | string): number {
  if (typeof seed === 'number') {
    return Math.trunc(seed) >>> 0;
  }
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i += 1) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Creates a mulberry32 generator from a seed: a fast 32-bit PRNG with a full 2^32 period, good
 * enough for shuffling cards and pairing people (not for secrets). Same seed, same sequence.
 */
export function createRng(seed: number | string): Rng {
  let state = seedFrom(seed);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Draws a whole number in [0, n) from the generator; `n` must be a positive integer. */
export function randomInt(rng: Rng, n: number): number {
  return Math.floor(rng() * n);
}

/**
 * Returns a new array holding the items in a uniformly random order (Fisher–Yates driven by the
 * generator). The input is never mutated.
 */
export function shuffle<T>(items: readonly T[], rng: Rng): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = randomInt(rng, i + 1);
    const a = out[i] as T;
    out[i] = out[j] as T;
    out[j] = a;
  }
  return out;
}
