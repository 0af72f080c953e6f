/**
 * fast-check for `npm run test:explore`: every property draws a fresh seed and runs
 * FC_MULT (default 10) times its usual number of cases. A failure prints its seed; replay it with
 * `FC_SEED=<seed> FC_MULT=<the same> npx jest -c tests/support/explore/jest.config.cjs <file>` and
 * keep the counterexample as a plain test.
 */
const path = require('node:path');

// The package's CommonJS entry by its file: a plain 'fast-check' would map back to this file.
const real = require(
  path.resolve(__dirname, '../../../node_modules/fast-check/lib/cjs/fast-check.js'),
);

const { multFrom, seedFrom } = require('../fc-env.cjs');

const mult = multFrom(process.env);
// Unset or 'random': fast-check draws a fresh seed for every property.
const wanted = seedFrom(process.env, 'random');
const replay = wanted === 'random' ? undefined : wanted;
const explore = Object.assign({}, real);
explore.assert = (property, params = {}) =>
  real.assert(property, {
    ...params,
    numRuns: (params.numRuns ?? 100) * mult,
    seed: replay,
    path: undefined,
  });
explore.default = explore;
module.exports = explore;
