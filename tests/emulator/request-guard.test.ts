/**
 * The local host answers only its own pages and this machine's tools: a request another web page
 * could make — from another origin (`Origin`, `Sec-Fetch-Site`), through DNS rebinding (a foreign
 * `Host`), or as a plain HTML form (no JSON) — is refused on every kind of endpoint before it does
 * anything. What the shell, the bridge and Node's `fetch` send still passes.
 */
import { request } from 'node:http';
import type { Host } from '../../emulator/host';
import { allowedHosts, refusalOf } from '../../emulator/request-guard';
import {
  ALICE,
  frame,
  HOME_PAGE_ID,
  removeDir,
  SPACE_ID,
  startFixtureHost,
  tempDir,
} from './helpers';

jest.setTimeout(60_000);

let host: Host;
let dataDir: string;
let port: number;

beforeAll(async () => {
  dataDir = tempDir('guard');
  host = await startFixtureHost({ dataDir });
  port = host.port;
});

afterAll(async () => {
  await host.close();
  removeDir(dataDir);
});

interface Answer {
  readonly status: number;
  readonly type: string;
  readonly text: string;
}

/** One raw request with exactly these headers (Node's `fetch` will not forge `Host`). */
function send(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method, path, headers: { host: `127.0.0.1:${port}`, ...headers } },
      (res) => {
        // An event stream that was let through never ends: read its first chunk only.
        const chunks: Buffer[] = [];
        const done = (): void =>
          resolve({
            status: res.statusCode ?? 0,
            type: String(res.headers['content-type'] ?? ''),
            text: Buffer.concat(chunks).toString('utf8'),
          });
        res.on('data', (c: Buffer) => {
          chunks.push(c);
          if (String(res.headers['content-type']).startsWith('text/event-stream')) {
            done();
            req.destroy();
          }
        });
        res.on('end', done);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const JSON_TYPE = { 'content-type': 'application/json' };

const invokeBody = JSON.stringify({
  context: frame(),
  functionKey: 'kv/set',
  payload: { key: 'driven-by-another-site', value: 1 },
});

/** One endpoint of each kind, as a page on another site would call it. */
const ENDPOINTS: readonly { kind: string; method: string; path: string; body?: string }[] = [
  { kind: 'shell page', method: 'GET', path: '/wiki/spaces/COP/overview?as=' + ALICE },
  { kind: 'created page', method: 'GET', path: `/wiki/spaces/COP/pages/${HOME_PAGE_ID}` },
  { kind: 'a resource', method: 'GET', path: '/__emulator/resources/main/index.html' },
  { kind: 'the bridge script', method: 'GET', path: '/__emulator/bridge.js' },
  { kind: 'invoke', method: 'POST', path: '/__emulator/invoke', body: invokeBody },
  { kind: 'bridge context', method: 'POST', path: '/__emulator/context', body: '{}' },
  { kind: 'realtime SSE', method: 'GET', path: '/__emulator/events?client=victim' },
  {
    kind: 'realtime publish',
    method: 'POST',
    path: '/__emulator/publish',
    body: JSON.stringify({ channel: 'x', context: frame(), payload: {} }),
  },
  { kind: 'counters', method: 'GET', path: '/__emulator/counters' },
  { kind: 'counters reset', method: 'POST', path: '/__emulator/counters/reset' },
  { kind: 'clock', method: 'POST', path: '/__emulator/clock', body: '{"advanceMs":1}' },
  {
    kind: 'limits (an /__emulator/* POST)',
    method: 'POST',
    path: '/__emulator/limits',
    body: JSON.stringify({ kvsRateLimit: { operations: 0, windowMs: 60_000 } }),
  },
  {
    kind: 'KVS wire',
    method: 'POST',
    path: '/__emulator/kvs/api/v1/set',
    body: JSON.stringify({ key: 'driven-over-kvs-wire', value: 1 }),
  },
  { kind: 'Confluence REST read', method: 'GET', path: '/wiki/api/v2/spaces?keys=COP' },
  {
    kind: 'Confluence REST write',
    method: 'POST',
    path: '/wiki/api/v2/pages',
    body: JSON.stringify({ spaceId: SPACE_ID, title: 'Written by another site' }),
  },
  { kind: 'health', method: 'GET', path: '/__emulator/health' },
];

const ATTACKS: readonly { name: string; headers: () => Record<string, string>; code: string }[] = [
  {
    name: 'a cross-origin fetch (Origin of another site)',
    headers: () => ({ origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }),
    code: 'FORBIDDEN_ORIGIN',
  },
  {
    name: 'an Origin alone (a browser without Sec-Fetch-*)',
    headers: () => ({ origin: 'https://evil.example' }),
    code: 'FORBIDDEN_ORIGIN',
  },
  {
    name: 'another local dev server (same site, other port)',
    headers: () => ({ origin: `http://localhost:${port + 1}`, 'sec-fetch-site': 'same-site' }),
    code: 'FORBIDDEN_ORIGIN',
  },
  {
    name: 'a sandboxed or data: page (Origin: null)',
    headers: () => ({ origin: 'null' }),
    code: 'FORBIDDEN_ORIGIN',
  },
  {
    name: 'a cross-site navigation, image or script (Sec-Fetch-Site only)',
    headers: () => ({ 'sec-fetch-site': 'cross-site' }),
    code: 'FORBIDDEN_ORIGIN',
  },
  {
    name: 'DNS rebinding (Host evil.example with this port, same-origin to the browser)',
    headers: () => ({
      host: `evil.example:${port}`,
      origin: `http://evil.example:${port}`,
      'sec-fetch-site': 'same-origin',
    }),
    code: 'FORBIDDEN_HOST',
  },
  {
    name: 'a Host naming this machine on another port',
    headers: () => ({ host: `localhost:${port + 1}` }),
    code: 'FORBIDDEN_HOST',
  },
];

describe('requests another web page could make', () => {
  const cases = ATTACKS.flatMap((a) => ENDPOINTS.map((e) => ({ ...a, endpoint: e })));

  it.each(cases.map((c) => [c.name, c.endpoint.kind, c] as const))(
    'given %s, when it reaches %s, then 403 with a clear message',
    async (_name, _kind, c) => {
      const json = c.endpoint.body !== undefined ? JSON_TYPE : {};
      const r = await send(
        c.endpoint.method,
        c.endpoint.path,
        { ...json, ...c.headers() },
        c.endpoint.body,
      );
      expect(r.status).toBe(403);
      if (c.endpoint.path.startsWith('/__emulator/') || c.endpoint.path.startsWith('/wiki/api/')) {
        expect(JSON.parse(r.text)).toEqual({
          code: c.code,
          message: expect.stringMatching(/^Refused: /) as unknown,
        });
      } else {
        expect(r.type).toContain('text/html');
        expect(r.text).toMatch(/Refused: .*(another site|DNS rebinding|not this local)/);
      }
    },
  );

  it('given every refused request above, then none of them did anything', async () => {
    const counters = (await (await fetch(`${host.url}/__emulator/counters`)).json()) as {
      invocations: number;
    };
    expect(counters.invocations).toBe(0);
    expect(host.kvs.keys('kv')).toEqual([]);
    expect(host.confluence.createdPages()).toEqual([]);
    // The rate limit of 0 operations was never set: a KVS call still answers.
    await expect(host.kvs.handle('/api/v1/get', { key: 'x' })).resolves.toMatchObject({
      status: 404,
    });
  });

  it.each([
    ['a plain HTML form', 'application/x-www-form-urlencoded', 'context=x&functionKey=y'],
    ['a multipart HTML form', 'multipart/form-data; boundary=b', '--b--\r\n'],
    ['a text/plain form or no-cors fetch', 'text/plain;charset=UTF-8', invokeBody],
  ])(
    'given %s with no Origin (an old browser), when it posts to invoke, then 415 and nothing runs',
    async (_name, type, body) => {
      const r = await send('POST', '/__emulator/invoke', { 'content-type': type }, body);
      expect(r.status).toBe(415);
      expect(JSON.parse(r.text)).toEqual({
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: expect.stringContaining('needs Content-Type: application/json') as unknown,
      });
      expect(host.counters.snapshot().invocations).toBe(0);
    },
  );

  it('given a body with no Content-Type, when posted, then 415', async () => {
    const r = await send('POST', '/__emulator/kvs/api/v1/set', {}, '{"key":"k","value":1}');
    expect(r.status).toBe(415);
    expect(host.kvs.keys('kv')).toEqual([]);
  });
});

describe('what the shell, the bridge and local tools send', () => {
  const allowed: readonly [string, () => Record<string, string>][] = [
    ['Node fetch (no Origin)', () => ({})],
    [
      'the shell on 127.0.0.1',
      () => ({ origin: `http://127.0.0.1:${port}`, 'sec-fetch-site': 'same-origin' }),
    ],
    [
      'the shell on localhost',
      () => ({
        host: `localhost:${port}`,
        origin: `http://localhost:${port}`,
        'sec-fetch-site': 'same-origin',
      }),
    ],
    ['the shell on [::1]', () => ({ host: `[::1]:${port}`, origin: `http://[::1]:${port}` })],
    ['the JSON type with a charset', () => ({ 'content-type': 'application/json; charset=utf-8' })],
  ];
  it.each(allowed)('given %s, when it invokes, then the resolver runs', async (_name, headers) => {
    const r = await send(
      'POST',
      '/__emulator/invoke',
      { ...JSON_TYPE, ...headers() },
      JSON.stringify({ context: frame(), functionKey: 'whoami', payload: {} }),
    );
    expect(r.status).toBe(200);
    expect(JSON.parse(r.text)).toMatchObject({ ok: true });
  });

  it('given a typed address or bookmark (Sec-Fetch-Site: none), when the shell page opens, then 200', async () => {
    const r = await send('GET', '/wiki/spaces/COP/overview', {
      host: `localhost:${port}`,
      'sec-fetch-site': 'none',
      'sec-fetch-mode': 'navigate',
    });
    expect(r.status).toBe(200);
  });

  it('given the shell opening its event stream, when connected, then it is ready', async () => {
    const r = await send('GET', '/__emulator/events?client=shell-1', {
      'sec-fetch-site': 'same-origin',
    });
    expect(r.status).toBe(200);
    expect(r.text).toContain('event: ready');
  });

  it('given a POST with no body and no Content-Type (fetch(url, { method: POST })), then it passes', async () => {
    const r = await send('POST', '/__emulator/counters/reset', {});
    expect(r.status).toBe(200);
  });
});

describe('the hosts it answers', () => {
  it('given the loopback default, then only the loopback names with the port are allowed', () => {
    expect([...allowedHosts(undefined, 4000)].sort()).toEqual([
      '127.0.0.1:4000',
      '[::1]:4000',
      'localhost:4000',
    ]);
    expect([...allowedHosts('127.0.0.1', 80)]).toEqual(
      expect.arrayContaining(['localhost', 'localhost:80']),
    );
  });

  it('given a bound hostname, then it is allowed as well, and an Origin on it passes', () => {
    const hosts = allowedHosts('devbox.local', 4000);
    expect(hosts.has('devbox.local:4000')).toBe(true);
    const req = (headers: Record<string, string>) => ({ method: 'GET', url: '/', headers });
    expect(
      refusalOf(req({ host: 'DevBox.local:4000', origin: 'http://devbox.local:4000' }), hosts),
    ).toBeUndefined();
    expect(
      refusalOf(req({ host: 'devbox.local:4000', origin: 'https://devbox.local:4000' }), hosts),
    ).toMatchObject({ code: 'FORBIDDEN_ORIGIN' });
    expect(refusalOf(req({}), hosts)).toMatchObject({ code: 'FORBIDDEN_HOST' });
  });
});
