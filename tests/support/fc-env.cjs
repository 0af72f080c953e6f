/**
 * What `FC_SEED` and `FC_MULT` ask of fast-check, read in one place for `npm test`
 * (fast-check-seed.cjs) and `npm run test:explore` (explore/fast-check.cjs). A typo is an error
 * before any test runs, never a property run with a seed of NaN.
 */

/** `npm test`'s seed: every clean clone checks the same cases. */
const PINNED_SEED = 20261203;

/**
 * The seed `FC_SEED` names: a 32-bit integer, `'random'` (fast-check draws one per property), or
 * `fallback` when it is unset or empty.
 */
function seedFrom(env, fallback) {
  const raw = env.FC_SEED;
  const text = raw?.trim() ?? '';
  if (text === '') return fallback;
  if (text === 'random') return 'random';
  const seed = Number(text);
  // fast-check keeps a seed's low 32 bits: a larger number would replay another run.
  if (!/^-?\d+$/.test(text) || seed !== (seed | 0)) {
    throw new Error(`FC_SEED must be a 32-bit integer or "random", not ${JSON.stringify(raw)}`);
  }
  return seed;
}

/** How many times its usual runs a property makes under test:explore (`FC_MULT`, default 10). */
function multFrom(env) {
  const raw = env.FC_MULT;
  const text = raw?.trim() ?? '';
  if (text === '') return 10;
  const mult = Number(text);
  if (!/^\d+$/.test(text) || mult < 1 || mult > 1000) {
    throw new Error(`FC_MULT must be a whole number from 1 to 1000, not ${JSON.stringify(raw)}`);
  }
  return mult;
}

module.exports = { PINNED_SEED, seedFrom, multFrom };
