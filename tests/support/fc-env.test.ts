/**
 * The fast-check set-up of `npm test` and `npm run test:explore` (tests/support/fc-env.cjs): the
 * seed is pinned, a printed seed replays, and a typo in FC_SEED or FC_MULT stops the run.
 */
import fc from 'fast-check';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const env = require('./fc-env.cjs') as {
  PINNED_SEED: number;
  seedFrom: (
    e: Record<string, string | undefined>,
    fallback: number | 'random',
  ) => number | 'random';
  multFrom: (e: Record<string, string | undefined>) => number;
};

describe('FC_SEED', () => {
  it('falls back when unset or empty, and takes "random" and 32-bit integers', () => {
    expect(env.seedFrom({}, 7)).toBe(7);
    expect(env.seedFrom({ FC_SEED: ' ' }, 7)).toBe(7);
    expect(env.seedFrom({ FC_SEED: 'random' }, 7)).toBe('random');
    expect(env.seedFrom({ FC_SEED: '-15' }, 7)).toBe(-15);
    expect(env.seedFrom({ FC_SEED: '2147483647' }, 7)).toBe(2147483647);
    expect(env.seedFrom({ FC_SEED: '-2147483648' }, 7)).toBe(-2147483648);
  });

  it.each(['12abc', '1e3', '1.5', 'NaN', '2147483648', 'Random'])('refuses %j', (raw) => {
    expect(() => env.seedFrom({ FC_SEED: raw }, 7)).toThrow(/FC_SEED must be/);
  });

  it('is pinned under npm test unless FC_SEED says otherwise', () => {
    const wanted = env.seedFrom(process.env, env.PINNED_SEED);
    const seed = fc.readConfigureGlobal().seed;
    if (wanted === 'random') expect(seed).toBeUndefined();
    else expect(seed).toBe(wanted);
  });
});

describe('FC_MULT', () => {
  it('defaults to 10 and takes 1…1000', () => {
    expect(env.multFrom({})).toBe(10);
    expect(env.multFrom({ FC_MULT: '1' })).toBe(1);
    expect(env.multFrom({ FC_MULT: '1000' })).toBe(1000);
  });

  it.each(['0', '1001', '2.5', 'ten', '-3'])('refuses %j', (raw) => {
    expect(() => env.multFrom({ FC_MULT: raw })).toThrow(/FC_MULT must be/);
  });
});

describe('the explore wrapper (tests/support/explore/fast-check.cjs)', () => {
  /** The wrapper as test:explore loads it, under the given environment. */
  function wrapperWith(vars: Record<string, string | undefined>): typeof fc {
    const saved = { FC_SEED: process.env.FC_SEED, FC_MULT: process.env.FC_MULT };
    Object.assign(process.env, vars);
    for (const [k, v] of Object.entries(vars)) if (v === undefined) delete process.env[k];
    try {
      let loaded: typeof fc | undefined;
      jest.isolateModules(() => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        loaded = require('./explore/fast-check.cjs') as typeof fc;
      });
      if (loaded === undefined) throw new Error('wrapper not loaded');
      return loaded;
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  }

  /** The values a property sees, in order, under `assert`. */
  function seen(run: typeof fc, params: fc.Parameters<[number]>): number[] {
    const values: number[] = [];
    run.assert(
      run.property(run.integer(), (n) => {
        values.push(n);
        return true;
      }),
      params,
    );
    return values;
  }

  it('multiplies the runs by FC_MULT and replays FC_SEED exactly', () => {
    const wrapper = wrapperWith({ FC_SEED: '424242', FC_MULT: '3' });
    const explored = seen(wrapper, { numRuns: 10, seed: 1 });
    expect(explored).toHaveLength(30);
    // The same seed and runs in plain fast-check: the very same cases.
    expect(explored).toEqual(seen(fc, { numRuns: 30, seed: 424242 }));
  });

  it('draws a fresh seed when FC_SEED is unset', () => {
    const wrapper = wrapperWith({ FC_SEED: undefined, FC_MULT: '1' });
    const a = seen(wrapper, { numRuns: 20, seed: 1 });
    expect(a).not.toEqual(seen(fc, { numRuns: 20, seed: 1 }));
  });

  it('stops on a typo instead of running with seed NaN', () => {
    expect(() => wrapperWith({ FC_SEED: '12abc' })).toThrow(/FC_SEED must be/);
    expect(() => wrapperWith({ FC_SEED: undefined, FC_MULT: 'x' })).toThrow(/FC_MULT must be/);
  });
});
