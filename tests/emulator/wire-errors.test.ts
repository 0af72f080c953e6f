/**
 * Wire-level shapes the typed clients rarely reach: every condition operator, malformed KVS
 * requests, and the Confluence error answers.
 */
import type { Host } from '../../emulator/host';
import { matchesCondition } from '../../emulator/kvs-service';
import { ALICE, HOME_PAGE_ID, SPACE_ID, removeDir, startFixtureHost, tempDir } from './helpers';

describe('condition operators', () => {
  const c = (condition: string, ...values: unknown[]) => ({ property: 'p', condition, values });
  it.each([
    [5, c('EXISTS', true), true],
    [undefined, c('EXISTS', true), false],
    [undefined, c('NOT_EXISTS', true), true],
    [5, c('EQUAL_TO', 5), true],
    ['5', c('EQUAL_TO', 5), false],
    [5, c('NOT_EQUAL_TO', 6), true],
    [5, c('GREATER_THAN', 4), true],
    [5, c('GREATER_THAN', 5), false],
    [5, c('GREATER_THAN_EQUAL_TO', 5), true],
    [5, c('LESS_THAN', 6), true],
    [5, c('LESS_THAN_EQUAL_TO', 4), false],
    ['b', c('BETWEEN', 'a', 'c'), true],
    ['d', c('BETWEEN', 'a', 'c'), false],
    [5, c('GREATER_THAN', 'a'), false],
    ['topic:7', c('BEGINS_WITH', 'topic:'), true],
    [7, c('BEGINS_WITH', '7'), false],
    ['lean coffee', c('CONTAINS', 'coffee'), true],
    [['a', 'b'], c('CONTAINS', 'b'), true],
    ['lean coffee', c('NOT_CONTAINS', 'tea'), true],
    [['a'], c('NOT_CONTAINS', 'a'), false],
  ])('given %p, when %p is checked, then %p', (actual, condition, expected) => {
    expect(matchesCondition(actual, condition)).toBe(expected);
  });

  it('given an unknown operator, when checked, then it is refused', () => {
    expect(() => matchesCondition(1, c('SOUNDS_LIKE', 1))).toThrow('Unknown condition SOUNDS_LIKE');
  });
});

describe('wire errors', () => {
  let host: Host;
  let dir: string;
  beforeAll(async () => {
    dir = tempDir('wire');
    host = await startFixtureHost({ dataDir: dir });
  });
  afterAll(async () => {
    await host.close();
    removeDir(dir);
  });

  it.each([
    ['/api/v1/query', { after: 12 }, 'INVALID_CURSOR'],
    ['/api/v1/query', { after: '%%%' }, 'INVALID_CURSOR'],
    [
      '/api/v1/query',
      { where: [{ property: 'value', condition: 'BEGINS_WITH', values: ['a'] }] },
      'INVALID_WHERE',
    ],
    [
      '/api/v1/set',
      { key: 'k', value: 1, options: { keyPolicy: 'SOMETIMES' } },
      'INVALID_KEY_POLICY',
    ],
    [
      '/api/v1/set',
      { key: 'k', value: 1, options: { returnValue: 'LATEST' } },
      'INVALID_RETURN_VALUE',
    ],
    ['/api/v1/set', { key: 'k' }, 'INVALID_VALUE'],
    [
      '/api/v1/set',
      { key: 'k', value: 1, options: { ttl: { value: 400, unit: 'DAYS' } } },
      'INVALID_TTL',
    ],
    ['/api/v1/entity/set', { entityName: 'ab', key: 'k', value: {} }, 'ENTITY_TYPE_TOO_SHORT'],
    [
      '/api/v1/entity/set',
      { entityName: 'e'.repeat(61), key: 'k', value: {} },
      'ENTITY_TYPE_TOO_LARGE',
    ],
    ['/api/v1/entity/set', { entityName: 'counter', key: '', value: {} }, 'EMPTY_KEY'],
    ['/api/v1/entity/set', { entityName: 'counter', key: 'k', value: [1] }, 'INVALID_ENTITY_VALUE'],
    [
      '/api/v1/entity/query',
      { entityName: 'counter', indexName: 'by-room', partition: ['r'], filters: { xor: [] } },
      'INVALID_CONDITION',
    ],
    ['/api/v1/batch/set', [], 'INVALID_REQUEST'],
    ['/api/v1/batch/get', {}, 'INVALID_REQUEST'],
    ['/api/v1/transaction', {}, 'INVALID_REQUEST'],
    ['/api/v1/transaction', { check: [{ key: 'k', conditions: { and: [] } }] }, 'INVALID_REQUEST'],
  ])('given %s with %j, when sent, then 400 %s', async (path, body, code) => {
    const r = await host.kvs.handle(path, body);
    expect(r).toEqual({ status: 400, body: { code, message: expect.any(String) as unknown } });
  });

  it('given an unknown operation, when sent, then 404', async () => {
    await expect(host.kvs.handle('/api/v1/teleport', {})).resolves.toMatchObject({ status: 404 });
  });

  it('given the KVS wire over HTTP, when used, then it answers like the in-process seam', async () => {
    const json = { 'content-type': 'application/json' };
    const set = await fetch(`${host.url}/__emulator/kvs/api/v1/set`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ key: 'http', value: 7 }),
    });
    expect(set.status).toBe(200);
    const get = await fetch(`${host.url}/__emulator/kvs/api/v1/get`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ key: 'http' }),
    });
    expect(await get.json()).toMatchObject({ key: 'http', value: 7 });
    const bad = await fetch(`${host.url}/__emulator/invoke`, {
      method: 'POST',
      headers: json,
      body: '{not json',
    });
    expect(bad.status).toBe(400);
  });

  const confluence = (method: string, path: string, body?: unknown, as: 'app' | 'user' = 'user') =>
    host.confluence.handle(method, path, body, as === 'user' ? { as, accountId: ALICE } : { as });

  it.each([
    ['GET', `/wiki/api/v2/spaces/${SPACE_ID}`, undefined, 200],
    ['GET', '/wiki/api/v2/spaces/1', undefined, 404],
    ['GET', '/wiki/api/v2/spaces?keys=NOPE', undefined, 200],
    ['GET', '/wiki/api/v2/pages/424242', undefined, 404],
    ['GET', `/wiki/api/v2/pages?space-id=${SPACE_ID}`, undefined, 200],
    ['POST', '/wiki/api/v2/pages', { spaceId: '1', title: 'x' }, 400],
    ['POST', '/wiki/api/v2/pages', { spaceId: SPACE_ID, title: '  ' }, 400],
    ['POST', '/wiki/api/v2/pages', { spaceId: SPACE_ID, title: 't'.repeat(256) }, 400],
    ['POST', '/wiki/api/v2/pages', { spaceId: SPACE_ID, title: 'orphan', parentId: '1' }, 400],
    ['GET', '/wiki/rest/api/user?accountId=nobody', undefined, 404],
    ['GET', `/wiki/rest/api/user/bulk?accountId=${ALICE}`, undefined, 200],
    ['GET', '/wiki/rest/api/user/current', undefined, 200],
  ])('given %s %s, when called, then %i', async (method, path, body, status) => {
    await expect(confluence(method, path, body)).resolves.toMatchObject({ status });
  });

  it('given the home page, when read without body-format, then no body; a draft with a taken title is allowed', async () => {
    const home = await confluence('GET', `/wiki/api/v2/pages/${HOME_PAGE_ID}`);
    expect(home.body).toMatchObject({ id: HOME_PAGE_ID, body: {} });
    const title = (home.body as { title: string }).title;
    await expect(
      confluence('POST', '/wiki/api/v2/pages', { spaceId: SPACE_ID, title, status: 'draft' }),
    ).resolves.toMatchObject({ status: 200 });
    const asApp = await confluence('GET', '/wiki/rest/api/user/current', undefined, 'app');
    expect(asApp.body).toMatchObject({ accountId: 'app' });
  });
});
