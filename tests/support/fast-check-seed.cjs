/**
 * Property tests run from one pinned seed, so `npm test` on a clean clone checks the same cases on
 * every machine and a green `main` stays green. Exploring is a separate, deliberate run:
 * `npm run test:explore` draws fresh seeds and ten times the runs (tests/support/explore/).
 * `FC_SEED=<n>` replays a seed `npm test` printed; `FC_SEED=random` draws one per property.
 */
const fc = require('fast-check');
const { PINNED_SEED, seedFrom } = require('./fc-env.cjs');

const seed = seedFrom(process.env, PINNED_SEED);
if (seed !== 'random') fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
