/**
 * Contract tests: the real, unmodified `@forge/kvs` against the local host's KVS service — every
 * operation and limit, success and error shapes, a transaction conflict, and persistence.
 */
import {
  kvs,
  Filter,
  FilterConditions,
  WhereConditions,
  Sort,
  ForgeKvsAPIError,
  MetadataField,
} from '@forge/kvs';
import fc from 'fast-check';
import { join } from 'node:path';
import type { Host } from '../../emulator/host';
import { KVS_LIMITS } from '../../emulator/kvs-service';
import { appendRawForTest } from '../../emulator/log-store';
import { ALICE, removeDir, startFixtureHost, tempDir } from './helpers';

let host: Host;
let dataDir: string;
let now = Date.UTC(2026, 10, 24, 12, 0, 0);

const as = <T>(fn: () => Promise<T>): Promise<T> => host.runtime.runAs({ accountId: ALICE }, fn);

async function kvsError(
  p: Promise<unknown>,
): Promise<{ code: string; status: number | undefined }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ForgeKvsAPIError) return { code: e.code, status: e.responseDetails.status };
    throw e;
  }
  throw new Error('expected a ForgeKvsAPIError');
}

beforeAll(async () => {
  dataDir = tempDir('kvs');
  host = await startFixtureHost({ dataDir, clock: () => now });
});

afterAll(async () => {
  await host.close();
  removeDir(dataDir);
});

describe('get / set / delete', () => {
  it('given a stored value, when it is read, then the same JSON comes back', async () => {
    await as(() => kvs.set('card:1', { text: 'Flow metrics', n: 3, tags: ['a'] }));
    await expect(as(() => kvs.get('card:1'))).resolves.toEqual({
      text: 'Flow metrics',
      n: 3,
      tags: ['a'],
    });
  });

  it('given no value, when it is read or deleted, then get is undefined and delete succeeds', async () => {
    await expect(as(() => kvs.get('missing'))).resolves.toBeUndefined();
    await expect(as(() => kvs.delete('missing'))).resolves.toBeUndefined();
  });

  it('given a value, when it is deleted, then it is gone', async () => {
    await as(() => kvs.set('gone', 1));
    await as(() => kvs.delete('gone'));
    await expect(as(() => kvs.get('gone'))).resolves.toBeUndefined();
  });

  it('given an overwrite, when metadata is asked for, then createdAt stays and updatedAt moves', async () => {
    await as(() => kvs.set('meta', 'v1'));
    const first = now;
    now += 5000;
    await as(() => kvs.set('meta', 'v2'));
    const got = await as(() =>
      kvs.get('meta', { metadataFields: [MetadataField.CREATED_AT, MetadataField.UPDATED_AT] }),
    );
    expect(got).toEqual({ key: 'meta', value: 'v2', createdAt: first, updatedAt: now });
  });

  it('given keyPolicy FAIL_IF_EXISTS, when the key exists, then KEY_ALREADY_EXISTS (409) and the value stays', async () => {
    await as(() => kvs.set('once', 'first', { keyPolicy: 'FAIL_IF_EXISTS' }));
    await expect(
      kvsError(as(() => kvs.set('once', 'second', { keyPolicy: 'FAIL_IF_EXISTS' }))),
    ).resolves.toEqual({
      code: 'KEY_ALREADY_EXISTS',
      status: 409,
    });
    await expect(as(() => kvs.get('once'))).resolves.toBe('first');
  });

  it('given returnValue PREVIOUS / LATEST, when a value is overridden, then the old / new value is returned', async () => {
    await as(() => kvs.set('rv', 1));
    const previous = await as(() =>
      kvs.set('rv', 2, { keyPolicy: 'OVERRIDE', returnValue: 'PREVIOUS' }),
    );
    const latest = await as(() =>
      kvs.set('rv', 3, { keyPolicy: 'OVERRIDE', returnValue: 'LATEST' }),
    );
    const none = await as(() =>
      kvs.set('rv-new', 1, { keyPolicy: 'OVERRIDE', returnValue: 'PREVIOUS' }),
    );
    expect(previous).toEqual({ key: 'rv', value: 1 });
    expect(latest).toEqual({ key: 'rv', value: 3 });
    expect(none).toBeUndefined();
  });

  it('given a TTL, when time passes it, then the value expires', async () => {
    await as(() => kvs.set('short', 'lived', { ttl: { value: 2, unit: 'SECONDS' } }));
    const got = await as(() => kvs.get('short', { metadataFields: [MetadataField.EXPIRE_TIME] }));
    expect(got?.expireTime).toBe(new Date(now + 2000).toISOString());
    now += 1999;
    await expect(as(() => kvs.get('short'))).resolves.toBe('lived');
    now += 1;
    await expect(as(() => kvs.get('short'))).resolves.toBeUndefined();
  });

  it('given a bad TTL, when it is set, then INVALID_TTL', async () => {
    await expect(
      kvsError(as(() => kvs.set('t', 1, { ttl: { value: 0, unit: 'SECONDS' } }))),
    ).resolves.toEqual({
      code: 'INVALID_TTL',
      status: 400,
    });
  });
});

describe('key and value limits', () => {
  it.each([
    ['an empty key', '', 'KEY_TOO_SHORT'],
    ['a 501-character key', 'k'.repeat(501), 'KEY_TOO_LONG'],
    ['a key with a slash', 'a/b', 'INVALID_KEY'],
    ['a whitespace-only key', '   ', 'INVALID_KEY'],
  ])('given %s, when it is set, then %s (400)', async (_label, key, code) => {
    await expect(kvsError(as(() => kvs.set(key, 1)))).resolves.toEqual({ code, status: 400 });
  });

  it('given the widest legal key (500 chars of the allowed set), when it is set, then it is stored', async () => {
    const key = 'aZ0:._ -#'.repeat(56).slice(0, 500);
    await as(() => kvs.set(key, true));
    await expect(as(() => kvs.get(key))).resolves.toBe(true);
  });

  it('given a value of exactly 240 KiB, when it is set, then it is stored; one byte more is MAX_SIZE', async () => {
    const exact = 'x'.repeat(KVS_LIMITS.valueMaxBytes - 2); // JSON adds the two quotes
    await as(() => kvs.set('big', exact));
    await expect(as(() => kvs.get('big'))).resolves.toHaveLength(exact.length);
    await expect(kvsError(as(() => kvs.set('big', `${exact}x`)))).resolves.toEqual({
      code: 'MAX_SIZE',
      status: 400,
    });
  });

  it('given a value nested 33 deep, when it is set, then MAX_DEPTH', async () => {
    let deep: unknown = 1;
    for (let i = 0; i < 33; i += 1) deep = { d: deep };
    await expect(kvsError(as(() => kvs.set('deep', deep)))).resolves.toEqual({
      code: 'MAX_DEPTH',
      status: 400,
    });
  });
});

describe('query', () => {
  beforeAll(async () => {
    for (const k of ['q:b', 'q:a', 'q:c', 'q:d', 'q:e', 'other:x'])
      await as(() => kvs.set(k, k.toUpperCase()));
  });

  it('given keys under a prefix, when queried with beginsWith, then they come in key order', async () => {
    const page = await as(() =>
      kvs.query().where('key', WhereConditions.beginsWith('q:')).limit(10).getMany(),
    );
    expect(page.results.map((r) => r.key)).toEqual(['q:a', 'q:b', 'q:c', 'q:d', 'q:e']);
    expect(page.results[0]?.value).toBe('Q:A');
    expect(page.nextCursor).toBeUndefined();
  });

  it('given a limit, when paging with the cursor, then every key comes exactly once', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const q = kvs.query().where('key', WhereConditions.beginsWith('q:')).limit(2);
      const page = await as(() => (cursor ? q.cursor(cursor) : q).getMany());
      seen.push(...page.results.map((r) => r.key));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['q:a', 'q:b', 'q:c', 'q:d', 'q:e']);
  });

  it('given getOne, when the prefix matches, then the first key is returned', async () => {
    await expect(
      as(() => kvs.query().where('key', WhereConditions.beginsWith('q:')).getOne()),
    ).resolves.toEqual({
      key: 'q:a',
      value: 'Q:A',
    });
  });

  it('given limit 100, when queried, then it is accepted; 101 is LIST_QUERY_LIMIT_EXCEEDED (the documented code)', async () => {
    await expect(
      as(() => kvs.query().limit(KVS_LIMITS.queryMaxLimit).getMany()),
    ).resolves.toBeDefined();
    await expect(kvsError(as(() => kvs.query().limit(101).getMany()))).resolves.toEqual({
      code: 'LIST_QUERY_LIMIT_EXCEEDED',
      status: 400,
    });
  });

  it('property: paging any key set with any page size yields exactly the sorted prefix matches', async () => {
    let round = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.stringMatching(/^[a-z0-9]{1,6}$/), { minLength: 0, maxLength: 30 }),
        fc.integer({ min: 1, max: 7 }),
        async (suffixes, limit) => {
          round += 1;
          const prefix = `prop${round}:`;
          if (suffixes.length > 0) {
            await as(() =>
              kvs.batchSet(suffixes.slice(0, 25).map((s) => ({ key: prefix + s, value: s }))),
            );
          }
          for (const s of suffixes.slice(25)) await as(() => kvs.set(prefix + s, s));
          const seen: string[] = [];
          let cursor: string | undefined;
          do {
            const q = kvs.query().where('key', WhereConditions.beginsWith(prefix)).limit(limit);
            const page = await as(() => (cursor ? q.cursor(cursor) : q).getMany());
            expect(page.results.length).toBeLessThanOrEqual(limit);
            seen.push(...page.results.map((r) => r.key));
            cursor = page.nextCursor;
          } while (cursor);
          expect(seen).toEqual(suffixes.map((s) => prefix + s).sort());
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('batch', () => {
  it('given a mixed batch, when it is set, then good items succeed and bad ones fail with their code', async () => {
    const r = await as(() =>
      kvs.batchSet([
        { key: 'b:1', value: 1 },
        { key: 'bad/key', value: 2 },
        { key: 'b:2', value: 2 },
      ]),
    );
    expect(r.successfulKeys).toEqual([{ key: 'b:1' }, { key: 'b:2' }]);
    expect(r.failedKeys).toEqual([
      { key: 'bad/key', error: { code: 'INVALID_KEY', message: expect.any(String) as unknown } },
    ]);
  });

  it('given stored and missing keys, when batch-read, then found ones succeed and missing ones fail KEY_NOT_FOUND', async () => {
    const r = await as(() => kvs.batchGet([{ key: 'b:1' }, { key: 'b:none' }]));
    expect(r.successfulKeys).toEqual([expect.objectContaining({ key: 'b:1', value: 1 })]);
    expect(r.failedKeys).toEqual([
      { key: 'b:none', error: { code: 'KEY_NOT_FOUND', message: expect.any(String) as unknown } },
    ]);
  });

  it('given keys, when batch-deleted, then they are gone', async () => {
    const r = await as(() => kvs.batchDelete([{ key: 'b:1' }, { key: 'b:2' }]));
    expect(r.successfulKeys).toHaveLength(2);
    await expect(as(() => kvs.get('b:1'))).resolves.toBeUndefined();
  });

  it('given 26 items, when batch-set, then TOO_MANY_ITEMS', async () => {
    const items = Array.from({ length: 26 }, (_, i) => ({ key: `many:${i}`, value: i }));
    await expect(kvsError(as(() => kvs.batchSet(items)))).resolves.toEqual({
      code: 'TOO_MANY_ITEMS',
      status: 400,
    });
  });
});

describe('secrets', () => {
  it('given a secret, when read, then it round-trips and stays out of key queries', async () => {
    await as(() => kvs.setSecret('sec:token', 's3cret'));
    await expect(as(() => kvs.getSecret('sec:token'))).resolves.toBe('s3cret');
    const page = await as(() =>
      kvs.query().where('key', WhereConditions.beginsWith('sec:')).getMany(),
    );
    expect(page.results).toEqual([]);
    await as(() => kvs.deleteSecret('sec:token'));
    await expect(as(() => kvs.getSecret('sec:token'))).resolves.toBeUndefined();
  });
});

describe('custom entities', () => {
  const counter = () => kvs.entity<Record<string, unknown>>('counter');

  beforeAll(async () => {
    const rows: [string, string, number, boolean][] = [
      ['c1', 'alpha', 5, true],
      ['c2', 'bravo', 1.5, false],
      ['c3', 'charlie', 9, true],
      ['c4', 'delta', 3, true],
    ];
    for (const [key, name, score, open] of rows) {
      await as(() => counter().set(key, { room: 'r1', name, score, open, version: 1 }));
    }
    await as(() => counter().set('other', { room: 'r2', name: 'alpha', score: 100, open: true }));
  });

  it('given an entity, when read and deleted, then it round-trips', async () => {
    await as(() => counter().set('tmp', { room: 'r9', name: 'x' }));
    await expect(as(() => counter().get('tmp'))).resolves.toEqual({ room: 'r9', name: 'x' });
    await as(() => counter().delete('tmp'));
    await expect(as(() => counter().get('tmp'))).resolves.toBeUndefined();
  });

  it('given a wrong attribute type or an undeclared attribute, when set, then INVALID_ENTITY_VALUE', async () => {
    await expect(kvsError(as(() => counter().set('x', { version: 1.5 })))).resolves.toEqual({
      code: 'INVALID_ENTITY_VALUE',
      status: 400,
    });
    await expect(kvsError(as(() => counter().set('x', { colour: 'red' })))).resolves.toEqual({
      code: 'INVALID_ENTITY_VALUE',
      status: 400,
    });
  });

  // "Custom entities" reference, Values: integer "Must be a 32-bit signed integer", string "Must
  // contain at least one non-whitespace character · Must not be empty", float 0 or 1E-130 to
  // 9.99…E+125 in magnitude; "The Custom Entity Store strictly enforces attribute types".
  it.each([
    ['the largest 32-bit integer', 'version', 2_147_483_647],
    ['the smallest 32-bit integer', 'version', -2_147_483_648],
    ['a string with text around spaces', 'name', '  x  '],
    ['epoch milliseconds as a float', 'score', 1_796_182_563_309],
    ['float 0', 'score', 0],
    ['the smallest float magnitude', 'score', -1e-130],
    ['null in an `any` attribute', 'data', null],
  ])('given %s, when set on an entity, then it is stored', async (_label, attribute, value) => {
    await as(() => counter().set('typed-ok', { room: 'r-typed', [attribute]: value }));
    await expect(as(() => counter().get('typed-ok'))).resolves.toMatchObject({
      [attribute]: value,
    });
  });

  it.each([
    ['a 33-bit integer (2^31)', 'version', 2_147_483_648],
    ['an integer below -2^31', 'version', -2_147_483_649],
    ['epoch milliseconds as an integer', 'version', 1_796_182_563_309],
    ['an empty string', 'name', ''],
    ['a whitespace-only string', 'name', ' \t '],
    ['a float below 1E-130', 'score', 1e-131],
    ['a float above 9.99…E+125', 'score', 1e127],
    ['null in a typed attribute', 'version', null],
    ['a number in a boolean attribute', 'open', 1],
  ])(
    'given %s, when set on an entity, then 400 INVALID_ENTITY_VALUE and nothing is stored',
    async (_label, attribute, value) => {
      await expect(
        kvsError(as(() => counter().set('typed-bad', { room: 'r-typed', [attribute]: value }))),
      ).resolves.toEqual({ code: 'INVALID_ENTITY_VALUE', status: 400 });
      await expect(as(() => counter().get('typed-bad'))).resolves.toBeUndefined();
    },
  );

  it('given a 33-bit integer in a transaction or a batch, when written, then it is refused the same way', async () => {
    const tooBig = { room: 'r-typed', version: 2 ** 31 };
    await expect(
      kvsError(
        as(() =>
          kvs
            .transact()
            .set('typed-tx', tooBig, { entityName: 'counter' })
            .set('tx-side', 1)
            .execute(),
        ),
      ),
    ).resolves.toEqual({ code: 'INVALID_ENTITY_VALUE', status: 400 });
    await expect(as(() => kvs.get('tx-side'))).resolves.toBeUndefined();
    const batch = await as(() =>
      kvs.batchSet([{ key: 'typed-batch', entityName: 'counter', value: tooBig }]),
    );
    expect(batch.failedKeys).toEqual([
      {
        key: 'typed-batch',
        entityName: 'counter',
        error: { code: 'INVALID_ENTITY_VALUE', message: expect.any(String) as unknown },
      },
    ]);
  });

  it('given an entity value nested 31 deep, when set, then stored; 32 deep is MAX_DEPTH', async () => {
    const nest = (levels: number): unknown => {
      let v: unknown = 1;
      for (let i = 0; i < levels; i += 1) v = { d: v };
      return v;
    };
    // The entity value itself is the first level.
    await as(() => counter().set('deep-ok', { room: 'r-deep', data: nest(30) }));
    await expect(
      kvsError(as(() => counter().set('deep-bad', { room: 'r-deep', data: nest(31) }))),
    ).resolves.toEqual({ code: 'MAX_DEPTH', status: 400 });
  });

  it('given an undeclared entity, when used, then INVALID_ENTITY', async () => {
    await expect(kvsError(as(() => kvs.entity('nope').set('x', {})))).resolves.toEqual({
      code: 'INVALID_ENTITY',
      status: 400,
    });
  });

  it('given an index with partition, when queried, then only that partition comes, ordered by range', async () => {
    const r = await as(() =>
      counter()
        .query()
        .index('by-room', { partition: ['r1'] })
        .getMany(),
    );
    expect(r.results.map((x) => x.key)).toEqual(['c1', 'c2', 'c3', 'c4']);
  });

  it('given sort DESC on a numeric range, when queried, then highest score first', async () => {
    const r = await as(() =>
      counter()
        .query()
        .index('by-room-score', { partition: ['r1'] })
        .sort(Sort.DESC)
        .getMany(),
    );
    expect(r.results.map((x) => x.key)).toEqual(['c3', 'c1', 'c4', 'c2']);
  });

  it('given a range condition, when queried, then only matching range values come', async () => {
    const r = await as(() =>
      counter()
        .query()
        .index('by-room-score', { partition: ['r1'] })
        .where(WhereConditions.between(2, 6))
        .getMany(),
    );
    expect(r.results.map((x) => x.key)).toEqual(['c4', 'c1']);
  });

  it('given and / or filters, when queried, then rows are filtered', async () => {
    const and = await as(() =>
      counter()
        .query()
        .index('by-room', { partition: ['r1'] })
        .filters(
          new Filter<Record<string, unknown>>()
            .and('open', FilterConditions.equalTo(true))
            .and('score', FilterConditions.greaterThan(4)),
        )
        .getMany(),
    );
    expect(and.results.map((x) => x.key)).toEqual(['c1', 'c3']);
    const or = await as(() =>
      counter()
        .query()
        .index('by-room', { partition: ['r1'] })
        .filters(
          new Filter<Record<string, unknown>>()
            .or('name', FilterConditions.beginsWith('b'))
            .or('name', FilterConditions.contains('lt')),
        )
        .getMany(),
    );
    expect(or.results.map((x) => x.key)).toEqual(['c2', 'c4']);
  });

  it('given a limit, when paging an index, then every row comes once in order', async () => {
    const keys: string[] = [];
    let cursor: string | undefined;
    do {
      const q = counter()
        .query()
        .index('by-room-score', { partition: ['r1'] })
        .limit(3);
      const page = await as(() => (cursor ? q.cursor(cursor) : q).getMany());
      keys.push(...page.results.map((x) => x.key));
      cursor = page.nextCursor;
    } while (cursor);
    expect(keys).toEqual(['c2', 'c4', 'c1', 'c3']);
  });

  it('given an index query of 101 rows a page, when run, then COMPLEX_QUERY_PAGE_LIMIT_NOT_IN_RANGE (the documented code); 100 is accepted', async () => {
    const q = (limit: number) =>
      counter()
        .query()
        .index('by-room', { partition: ['r1'] })
        .limit(limit)
        .getMany();
    await expect(as(() => q(100))).resolves.toMatchObject({
      results: expect.any(Array) as unknown,
    });
    await expect(kvsError(as(() => q(101)))).resolves.toEqual({
      code: 'COMPLEX_QUERY_PAGE_LIMIT_NOT_IN_RANGE',
      status: 400,
    });
  });

  it('given a missing partition or an unknown index, when queried, then INVALID_PARTITION / INVALID_INDEX', async () => {
    await expect(kvsError(as(() => counter().query().index('by-room').getMany()))).resolves.toEqual(
      {
        code: 'INVALID_PARTITION',
        status: 400,
      },
    );
    await expect(
      kvsError(
        as(() =>
          counter()
            .query()
            .index('nope', { partition: ['r1'] })
            .getMany(),
        ),
      ),
    ).resolves.toEqual({
      code: 'INVALID_INDEX',
      status: 400,
    });
  });
});

describe('transactions', () => {
  const cas = (expected: number, next: number) =>
    kvs
      .transact()
      .set<Record<string, unknown>>(
        'game-1',
        { room: 'tx', name: 'game', version: next },
        {
          entityName: 'counter',
          conditions: new Filter<Record<string, unknown>>().and(
            'version',
            FilterConditions.equalTo(expected),
          ),
        },
      )
      .set(`log:${next}`, { by: 'tx' })
      .execute();

  beforeAll(async () => {
    await as(() => kvs.entity('counter').set('game-1', { room: 'tx', name: 'game', version: 1 }));
  });

  it('given a holding condition, when the transaction runs, then every write lands', async () => {
    await as(() => cas(1, 2));
    await expect(as(() => kvs.entity('counter').get('game-1'))).resolves.toEqual({
      room: 'tx',
      name: 'game',
      version: 2,
    });
    await expect(as(() => kvs.get('log:2'))).resolves.toEqual({ by: 'tx' });
  });

  it('given a stale version, when the transaction runs, then CONDITIONAL_CHECK_FAILED (409) and nothing lands', async () => {
    await expect(kvsError(as(() => cas(1, 3)))).resolves.toEqual({
      code: 'CONDITIONAL_CHECK_FAILED',
      status: 409,
    });
    await expect(as(() => kvs.get('log:3'))).resolves.toBeUndefined();
  });

  it('given two facilitators racing on the same version, when both commit, then exactly one wins', async () => {
    const results = await Promise.allSettled([as(() => cas(2, 10)), as(() => cas(2, 11))]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(rejected?.reason).toBeInstanceOf(ForgeKvsAPIError);
    expect((rejected?.reason as ForgeKvsAPIError).code).toBe('CONDITIONAL_CHECK_FAILED');
  });

  it('given a check and a delete, when the check fails, then the delete does not happen', async () => {
    await as(() => kvs.set('keep-me', 1));
    const tx = kvs
      .transact()
      .delete('keep-me')
      .check('game-1', {
        entityName: 'counter',
        conditions: new Filter<Record<string, unknown>>().and(
          'version',
          FilterConditions.equalTo(-1),
        ),
      });
    await expect(kvsError(as(() => tx.execute()))).resolves.toMatchObject({
      code: 'CONDITIONAL_CHECK_FAILED',
    });
    await expect(as(() => kvs.get('keep-me'))).resolves.toBe(1);
  });

  it('given 26 operations, when executed, then TOO_MANY_OPERATIONS; 25 are fine', async () => {
    const build = (n: number) => {
      const tx = kvs.transact();
      for (let i = 0; i < n; i += 1) tx.set(`tx25:${i}`, i);
      return tx;
    };
    await expect(as(() => build(25).execute())).resolves.toBeUndefined();
    await expect(kvsError(as(() => build(26).execute()))).resolves.toEqual({
      code: 'TOO_MANY_OPERATIONS',
      status: 400,
    });
  });

  it('given conditions on a plain key, or the same key twice, when executed, then 400', async () => {
    const raw = await host.kvs.handle('/api/v1/transaction', {
      set: [
        {
          key: 'plain',
          value: 1,
          conditions: { and: [{ property: 'x', condition: 'EXISTS', values: [true] }] },
        },
      ],
    });
    expect(raw).toEqual({
      status: 400,
      body: { code: 'INVALID_CONDITION', message: expect.any(String) as unknown },
    });
    await expect(
      kvsError(as(() => kvs.transact().set('dup', 1).delete('dup').execute())),
    ).resolves.toEqual({
      code: 'DUPLICATE_KEY',
      status: 400,
    });
  });
});

describe('creating a row: keyPolicy FAIL_IF_EXISTS, not a condition on a missing row', () => {
  // kvs-api "Change write conflict strategy": `FAIL_IF_EXISTS`: "if the key already exists, don't
  // overwrite it" (kvs.set, kvs.setSecret, kvs.entity().set). `@forge/kvs` sends it as
  // `options.keyPolicy` in the set body; the failure's status and code are not documented.
  const row = (version: number) => ({ room: 'create', name: 'row', version });

  it('given no row, when an entity row is set with FAIL_IF_EXISTS, then it is created; a second create is 409 and changes nothing', async () => {
    await as(() =>
      kvs.entity('counter').set('created-once', row(1), { keyPolicy: 'FAIL_IF_EXISTS' }),
    );
    const second = await kvsError(
      as(() => kvs.entity('counter').set('created-once', row(2), { keyPolicy: 'FAIL_IF_EXISTS' })),
    );
    expect(second).toEqual({ code: 'KEY_ALREADY_EXISTS', status: 409 });
    await expect(as(() => kvs.entity('counter').get('created-once'))).resolves.toEqual(row(1));
  });

  it('given two creates of one row at once, when both land, then exactly one wins', async () => {
    const create = (v: number) =>
      as(() => kvs.entity('counter').set('raced', row(v), { keyPolicy: 'FAIL_IF_EXISTS' }));
    const results = await Promise.allSettled([create(1), create(2), create(3)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('given a condition on a row that does not exist, when the transaction runs, then the condition does not hold (409) and nothing lands', async () => {
    const tx = kvs
      .transact()
      .set<Record<string, unknown>>('never-created', row(1), {
        entityName: 'counter',
        conditions: new Filter<Record<string, unknown>>().and(
          'version',
          FilterConditions.notExists(),
        ),
      })
      .set('beside-never-created', 1);
    await expect(kvsError(as(() => tx.execute()))).resolves.toEqual({
      code: 'CONDITIONAL_CHECK_FAILED',
      status: 409,
    });
    await expect(as(() => kvs.entity('counter').get('never-created'))).resolves.toBeUndefined();
    await expect(as(() => kvs.get('beside-never-created'))).resolves.toBeUndefined();
  });

  it('given a key policy inside a transaction (untyped there), when executed, then 400', async () => {
    const raw = await host.kvs.handle('/api/v1/transaction', {
      set: [{ key: 'tx-policy', value: 1, options: { keyPolicy: 'FAIL_IF_EXISTS' } }],
    });
    expect(raw).toEqual({
      status: 400,
      body: { code: 'INVALID_REQUEST', message: 'keyPolicy is not supported in a transaction' },
    });
  });
});

describe('one use of a key per transaction', () => {
  // "Unique keys — Each key can only be used once in a transaction." (KVS and Custom Entity Store
  // transaction pages). The rule names the key, not the store, so the host counts a plain key and
  // an entity row with the same key as the same key.
  const revisionCondition = new Filter<Record<string, unknown>>().and(
    'version',
    FilterConditions.equalTo(1),
  );

  it.each([
    [
      'a plain key and an entity row with the same key',
      () =>
        kvs
          .transact()
          .set('shared-key', { any: 'settings' })
          .set('shared-key', { room: 'tx-dup', version: 1 }, { entityName: 'counter' }),
    ],
    [
      'a conditional entity set and a check of the same row',
      () =>
        kvs
          .transact()
          .set<Record<string, unknown>>(
            'dup-row',
            { room: 'tx-dup', version: 1 },
            { entityName: 'counter', conditions: revisionCondition },
          )
          .check('dup-row', { entityName: 'counter', conditions: revisionCondition }),
    ],
    ['a set and a delete of one plain key', () => kvs.transact().set('dup', 1).delete('dup')],
  ])('given %s, when executed, then 400 DUPLICATE_KEY and nothing lands', async (_label, tx) => {
    await expect(kvsError(as(() => tx().execute()))).resolves.toEqual({
      code: 'DUPLICATE_KEY',
      status: 400,
    });
    await expect(as(() => kvs.get('shared-key'))).resolves.toBeUndefined();
    await expect(as(() => kvs.entity('counter').get('shared-key'))).resolves.toBeUndefined();
    await expect(as(() => kvs.entity('counter').get('dup-row'))).resolves.toBeUndefined();
  });
});

describe('request payload and batch keys', () => {
  // Transaction pages: "Each transaction is limited to a payload size of 4MB"; batch page: "A single
  // kvs.batchSet operation can be a payload of 4MB" and a batch "will return an error and fail
  // entirely if … There are multiple requests to set, delete, or get the same key or key plus
  // entity".
  const bigValue = (tag: number) => `${tag}:${'x'.repeat(230 * 1024)}`;

  it('given a transaction over 4 MB of request, when executed, then 400 PAYLOAD_TOO_LARGE and nothing lands; 16 values of 230 KiB are under it', async () => {
    const build = (n: number) => {
      const tx = kvs.transact();
      for (let i = 0; i < n; i += 1) tx.set(`heavy-tx:${n}:${i}`, bigValue(i));
      return tx;
    };
    await as(() => build(16).execute());
    await expect(kvsError(as(() => build(18).execute()))).resolves.toEqual({
      code: 'PAYLOAD_TOO_LARGE',
      status: 400,
    });
    await expect(as(() => kvs.get('heavy-tx:18:0'))).resolves.toBeUndefined();
  });

  it('given a batchSet over 4 MB, when sent, then 400 PAYLOAD_TOO_LARGE and nothing lands', async () => {
    const items = Array.from({ length: 18 }, (_, i) => ({
      key: `heavy-batch:${i}`,
      value: bigValue(i),
    }));
    await expect(kvsError(as(() => kvs.batchSet(items)))).resolves.toEqual({
      code: 'PAYLOAD_TOO_LARGE',
      status: 400,
    });
    await expect(as(() => kvs.get('heavy-batch:0'))).resolves.toBeUndefined();
  });

  it('given one key twice in a batch, when sent, then the whole batch fails (400 DUPLICATE_KEY); a plain key and an entity row with the same key may share one', async () => {
    await expect(
      kvsError(
        as(() =>
          kvs.batchSet([
            { key: 'batch-twice', value: 1 },
            { key: 'batch-other', value: 2 },
            { key: 'batch-twice', value: 3 },
          ]),
        ),
      ),
    ).resolves.toEqual({ code: 'DUPLICATE_KEY', status: 400 });
    await expect(as(() => kvs.get('batch-other'))).resolves.toBeUndefined();
    await expect(
      kvsError(as(() => kvs.batchGet([{ key: 'batch-twice' }, { key: 'batch-twice' }]))),
    ).resolves.toEqual({ code: 'DUPLICATE_KEY', status: 400 });
    const mixed = await as(() =>
      kvs.batchSet<unknown>([
        { key: 'batch-shared', value: 1 },
        { key: 'batch-shared', entityName: 'counter', value: { room: 'batch' } },
      ]),
    );
    expect(mixed.failedKeys).toEqual([]);
  });
});

describe('persistence', () => {
  it('given writes and a torn last line, when the store reopens, then acknowledged data is there', async () => {
    const dir = tempDir('persist');
    let h = await startFixtureHost({ dataDir: dir });
    await h.runtime.runAs({}, () => kvs.set('p:1', { a: 1 }));
    await h.runtime.runAs({}, () => kvs.entity('counter').set('p:e', { room: 'r', name: 'n' }));
    await h.runtime.runAs({}, () => kvs.delete('p:1'));
    await h.runtime.runAs({}, () => kvs.set('p:2', 'two'));
    await h.close();
    appendRawForTest(
      join(dir, 'kvs.jsonl'),
      '{"m":[{"t":"put","ns":"kv","key":"p:torn","item":{"va',
    );
    h = await startFixtureHost({ dataDir: dir });
    try {
      await expect(h.runtime.runAs({}, () => kvs.get('p:1'))).resolves.toBeUndefined();
      await expect(h.runtime.runAs({}, () => kvs.get('p:2'))).resolves.toBe('two');
      await expect(h.runtime.runAs({}, () => kvs.entity('counter').get('p:e'))).resolves.toEqual({
        room: 'r',
        name: 'n',
      });
      await expect(h.runtime.runAs({}, () => kvs.get('p:torn'))).resolves.toBeUndefined();
      await h.runtime.runAs({}, () => kvs.set('p:3', 3));
    } finally {
      await h.close();
    }
    h = await startFixtureHost({ dataDir: dir });
    try {
      await expect(h.runtime.runAs({}, () => kvs.get('p:3'))).resolves.toBe(3);
    } finally {
      await h.close();
    }
    // `npm start -- --reset` starts from empty data.
    h = await startFixtureHost({ dataDir: dir, reset: true });
    try {
      await expect(h.runtime.runAs({}, () => kvs.get('p:3'))).resolves.toBeUndefined();
    } finally {
      await h.close();
      removeDir(dir);
      host.runtime.install();
    }
  });
});

describe('counters', () => {
  it('given KVS calls, when counters are read over HTTP, then each kind is counted; reset zeroes them', async () => {
    await fetch(`${host.url}/__emulator/counters/reset`, { method: 'POST' });
    await as(() => kvs.set('cnt', 1));
    await as(() => kvs.get('cnt'));
    await as(() => kvs.get('cnt'));
    const snap = (await (await fetch(`${host.url}/__emulator/counters`)).json()) as {
      kvs: Record<string, number>;
      kvsTotal: number;
    };
    expect(snap.kvs).toEqual({ set: 1, get: 2 });
    expect(snap.kvsTotal).toBe(3);
  });
});
