/**
 * Contract tests for the backend host: the fixture app's handler invoked as Forge does, the real
 * `@forge/api` against the Confluence service (as app and as user, scopes, errors), and the real
 * `@forge/realtime` against the realtime hub.
 */
import { asApp, asUser, route, NeedsAuthenticationError } from '@forge/api';
import { kvs, ForgeKvsAPIError } from '@forge/kvs';
import { publish, publishGlobal, signRealtimeToken } from '@forge/realtime';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Host } from '../../emulator/host';
import { scopeKey, type RealtimeMessage } from '../../emulator/realtime-hub';
import { INVOKE_LIMITS } from '../../emulator/runtime';
import {
  ALICE,
  BOB,
  EMULATOR_DIR,
  FINN_READ_ONLY,
  HOME_PAGE_ID,
  SPACE_ID,
  invoke,
  postJson,
  removeDir,
  startFixtureHost,
  tempDir,
} from './helpers';

/** Any metered figure (units and points depend on sizes: emulator/counters.ts). */
const A_NUMBER = expect.any(Number) as unknown;

let host: Host;
let dataDir: string;

beforeAll(async () => {
  dataDir = tempDir('backend');
  host = await startFixtureHost({ dataDir, invocationTimeoutMs: 1500 });
});

afterAll(async () => {
  await host.close();
  removeDir(dataDir);
});

describe('invoke', () => {
  it('given a macro frame, when a resolver runs, then it sees the principal and the module context', async () => {
    const r = await invoke(host, 'whoami', {}, { accountId: BOB, localId: 'macro-7' });
    expect(r).toEqual({
      ok: true,
      body: {
        accountId: BOB,
        localId: 'macro-7',
        moduleKey: 'fixture-macro',
        cloudId: expect.any(String) as unknown,
        extension: {
          type: 'macro',
          content: { id: HOME_PAGE_ID, type: 'page' },
          space: { id: SPACE_ID, key: 'COP' },
          isEditing: false,
          config: {},
          references: [],
        },
      },
    });
  });

  it('given two users whose invocations interleave, when each reads its identity after awaits, then each sees its own', async () => {
    const calls = Array.from({ length: 24 }, (_, i) => ({
      accountId: i % 2 === 0 ? ALICE : BOB,
      tag: `t${i}`,
      ms: (i * 7) % 25,
    }));
    const results = await Promise.all(
      calls.map((c) =>
        invoke(host, 'interleave', { tag: c.tag, ms: c.ms }, { accountId: c.accountId }),
      ),
    );
    results.forEach((r, i) => {
      const c = calls[i];
      expect(r.ok).toBe(true);
      if (!r.ok || !c) return;
      const body = r.body as {
        before: { accountId: string; invocationId: string };
        after: { accountId: string; invocationId: string };
        stored: { accountId: string };
      };
      expect(body.before.accountId).toBe(c.accountId);
      expect(body.after.accountId).toBe(c.accountId);
      expect(body.stored.accountId).toBe(c.accountId);
      expect(body.after.invocationId).toBe(body.before.invocationId);
    });
    const ids = new Set(
      results.map((r) =>
        r.ok ? (r.body as { before: { invocationId: string } }).before.invocationId : '',
      ),
    );
    expect(ids.size).toBe(calls.length);
  });

  it('given a resolver that throws, when invoked, then FUNCTION_ERR with the message', async () => {
    await expect(invoke(host, 'boom', {})).resolves.toEqual({
      ok: false,
      error: {
        code: 'FUNCTION_ERR',
        message: 'There was an error invoking the function - fixture failure',
      },
    });
  });

  it('given a resolver slower than the time limit, when invoked, then FUNCTION_TIMEOUT', async () => {
    expect(INVOKE_LIMITS.timeoutMs).toBe(25_000);
    const r = await invoke(host, 'slow', { ms: 3000 });
    expect(r).toEqual({
      ok: false,
      error: { code: 'FUNCTION_TIMEOUT', message: 'The function timed out after 1.5 seconds' },
    });
  });

  it('given a payload over the front-end limit (500 KB), when invoked, then PAYLOAD_TOO_LARGE without running the resolver', async () => {
    await fetch(`${host.url}/__emulator/counters/reset`, { method: 'POST' });
    const r = await invoke(host, 'echo', { blob: 'x'.repeat(INVOKE_LIMITS.payloadMaxBytes) });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('PAYLOAD_TOO_LARGE');
    const ok = await invoke(host, 'echo', { blob: 'x'.repeat(1000) });
    expect(ok).toEqual({ ok: true, body: { size: 1011 } });
    const counters = (await (await fetch(`${host.url}/__emulator/counters`)).json()) as {
      invocations: number;
    };
    expect(counters.invocations).toBe(1);
  });

  it('given an unknown module or function key, when invoked, then a typed error', async () => {
    await expect(invoke(host, 'whoami', {}, { moduleKey: 'nope' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'MODULE_NOT_FOUND' },
    });
    await expect(invoke(host, 'no-such-key', {})).resolves.toMatchObject({
      ok: false,
      error: {
        code: 'FUNCTION_ERR',
        message: expect.stringContaining("Resolver has no definition for 'no-such-key'") as unknown,
      },
    });
  });

  it('given invocations, when counters are read and reset over HTTP, then they count by function key', async () => {
    await fetch(`${host.url}/__emulator/counters/reset`, { method: 'POST' });
    await invoke(host, 'kv/set', { key: 'c', value: 1 });
    await invoke(host, 'kv/get', { key: 'c' });
    const snap = (await (await fetch(`${host.url}/__emulator/counters`)).json()) as Record<
      string,
      unknown
    >;
    expect(snap).toMatchObject({
      invocations: 2,
      invocationsByFunction: { 'kv/set': 1, 'kv/get': 1 },
      kvs: { set: 1, get: 1 },
    });
    await invoke(host, 'rt/publish', { channel: 'x', message: 'm' });
    await invoke(host, 'page/create', { title: 'Counted page', body: '' });
    const perAction = (await (await fetch(`${host.url}/__emulator/counters`)).json()) as {
      byFunction: Record<string, unknown>;
    };
    expect(perAction.byFunction).toEqual({
      'kv/set': {
        invocations: 1,
        kvs: { set: 1 },
        kvsTotal: 1,
        realtimePublishes: 0,
        confluenceRequests: 0,
        kvsReadUnits: A_NUMBER,
        kvsWriteUnits: A_NUMBER,
        confluencePoints: A_NUMBER,
      },
      'kv/get': {
        invocations: 1,
        kvs: { get: 1 },
        kvsTotal: 1,
        realtimePublishes: 0,
        confluenceRequests: 0,
        kvsReadUnits: A_NUMBER,
        kvsWriteUnits: A_NUMBER,
        confluencePoints: A_NUMBER,
      },
      'rt/publish': {
        invocations: 1,
        kvs: {},
        kvsTotal: 0,
        realtimePublishes: 1,
        confluenceRequests: 0,
        kvsReadUnits: A_NUMBER,
        kvsWriteUnits: A_NUMBER,
        confluencePoints: A_NUMBER,
      },
      'page/create': {
        invocations: 1,
        kvs: {},
        kvsTotal: 0,
        realtimePublishes: 0,
        confluenceRequests: 1,
        kvsReadUnits: A_NUMBER,
        kvsWriteUnits: A_NUMBER,
        confluencePoints: A_NUMBER,
      },
    });
    const reset = (await (
      await fetch(`${host.url}/__emulator/counters/reset`, { method: 'POST' })
    ).json()) as Record<string, unknown>;
    expect(reset).toMatchObject({ invocations: 0, kvsTotal: 0, realtimePublishes: 0 });
  });
});

describe('Confluence through @forge/api', () => {
  const app = <T>(fn: () => Promise<T>): Promise<T> => host.runtime.runAs({}, fn);
  const alice = <T>(fn: () => Promise<T>): Promise<T> =>
    host.runtime.runAs({ accountId: ALICE }, fn);

  it('given the demo space, when looked up by key as app, then it is found', async () => {
    const res = await app(() =>
      asApp().requestConfluence(route`/wiki/api/v2/spaces?keys=${'COP'}`),
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      results: { id: string; key: string; homepageId: string }[];
    };
    expect(body.results).toEqual([
      expect.objectContaining({ id: SPACE_ID, key: 'COP', homepageId: HOME_PAGE_ID }),
    ]);
  });

  it('given a user, when they create a page, then it can be read by id and listed by space and title', async () => {
    const created = await alice(() =>
      asUser().requestConfluence(route`/wiki/api/v2/pages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          spaceId: SPACE_ID,
          status: 'current',
          title: 'Notes 1',
          body: { representation: 'storage', value: '<p>Hi</p>' },
        }),
      }),
    );
    expect(created.status).toBe(200);
    const page = (await created.json()) as {
      id: string;
      authorId: string;
      spaceId: string;
      parentId: string;
    };
    expect(page).toMatchObject({ authorId: ALICE, spaceId: SPACE_ID, parentId: HOME_PAGE_ID });
    const got = await app(() =>
      asApp().requestConfluence(route`/wiki/api/v2/pages/${page.id}?body-format=storage`),
    );
    expect(await got.json()).toMatchObject({
      id: page.id,
      title: 'Notes 1',
      body: { storage: { representation: 'storage', value: '<p>Hi</p>' } },
    });
    const listed = await app(() =>
      asApp().requestConfluence(route`/wiki/api/v2/pages?space-id=${SPACE_ID}&title=${'Notes 1'}`),
    );
    expect(
      ((await listed.json()) as { results: { id: string }[] }).results.map((p) => p.id),
    ).toEqual([page.id]);
    const bySpace = await app(() =>
      asApp().requestConfluence(route`/wiki/api/v2/spaces/${SPACE_ID}/pages?title=${'Notes 1'}`),
    );
    expect(((await bySpace.json()) as { results: unknown[] }).results).toHaveLength(1);
  });

  it('given an existing title in the space, when a page with it is created, then 400 as Confluence answers', async () => {
    const create = () =>
      alice(() =>
        asUser().requestConfluence(route`/wiki/api/v2/pages`, {
          method: 'POST',
          body: JSON.stringify({
            spaceId: SPACE_ID,
            title: 'Same title',
            body: { representation: 'storage', value: '' },
          }),
        }),
      );
    expect((await create()).status).toBe(200);
    const dup = await create();
    expect(dup.status).toBe(400);
    expect(await dup.json()).toEqual({
      errors: [
        {
          status: 400,
          code: 'BAD_REQUEST',
          title:
            'A page with this title already exists: A page already exists with the same TITLE in this space',
          detail: null,
        },
      ],
    });
  });

  it('given a read-only user, when they create a page as user, then 403', async () => {
    const res = await host.runtime.runAs({ accountId: FINN_READ_ONLY }, () =>
      asUser().requestConfluence(route`/wiki/api/v2/pages`, {
        method: 'POST',
        body: JSON.stringify({ spaceId: SPACE_ID, title: 'Nope' }),
      }),
    );
    expect(res.status).toBe(403);
  });

  it('given no principal, when calling as user, then NeedsAuthenticationError', async () => {
    await expect(
      app(() => asUser().requestConfluence(route`/wiki/api/v2/spaces`)),
    ).rejects.toBeInstanceOf(NeedsAuthenticationError);
  });

  it('given account ids, when users are looked up (v2 bulk and v1), then display names come back', async () => {
    const bulk = await app(() =>
      asApp().requestConfluence(route`/wiki/api/v2/users-bulk`, {
        method: 'POST',
        body: JSON.stringify({ accountIds: [ALICE, BOB, 'unknown'] }),
      }),
    );
    const names = ((await bulk.json()) as { results: { displayName: string }[] }).results.map(
      (u) => u.displayName,
    );
    expect(names).toEqual(['Alice Facilitator', 'Bob Scrum Master']);
    const one = await app(() =>
      asApp().requestConfluence(route`/wiki/rest/api/user?accountId=${BOB}`),
    );
    expect(await one.json()).toMatchObject({ accountId: BOB, displayName: 'Bob Scrum Master' });
  });

  it('given --name-every-account (the benchmark’s large site), when users are looked up, then any well-formed account id is named; by default only the demo users are', async () => {
    const ids = [ALICE, '557058:00000012-0000-4000-8000-000000000306', 'not an id'];
    const lookUp = (on: Host) =>
      on.runtime.runAs({}, async () => {
        const res = await asApp().requestConfluence(route`/wiki/api/v2/users-bulk`, {
          method: 'POST',
          body: JSON.stringify({ accountIds: ids }),
        });
        return ((await res.json()) as { results: { displayName: string }[] }).results.map(
          (u) => u.displayName,
        );
      });
    expect(await lookUp(host)).toEqual(['Alice Facilitator']);
    const dir = tempDir('site');
    const site = await startFixtureHost({ dataDir: dir, nameEveryAccount: true });
    try {
      expect(await lookUp(site)).toEqual(['Alice Facilitator', 'Member 0306']);
    } finally {
      await site.close();
      removeDir(dir);
    }
  });

  it('given an unsupported endpoint, when called, then 404 saying the local host does not support it', async () => {
    const res = await app(() => asApp().requestConfluence(route`/wiki/api/v2/blogposts`));
    expect(res.status).toBe(404);
    expect(JSON.stringify(await res.json())).toContain('not supported by the local host');
  });

  it('given a manifest without write:page:confluence, when a page is created, then 401 scope does not match', async () => {
    const dir = tempDir('scopes');
    const manifestPath = join(dir, 'manifest.yml');
    writeFileSync(
      manifestPath,
      'modules: {}\npermissions:\n  scopes:\n    - read:page:confluence\n',
    );
    const narrow = await startFixtureHost({
      manifestPath,
      dataDir: join(dir, 'data'),
      emulatorDir: EMULATOR_DIR,
    });
    try {
      const res = await narrow.runtime.runAs({ accountId: ALICE }, () =>
        asUser().requestConfluence(route`/wiki/api/v2/pages`, {
          method: 'POST',
          body: JSON.stringify({ spaceId: SPACE_ID, title: 'x' }),
        }),
      );
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({
        code: 401,
        message: 'Unauthorized; scope does not match',
      });
      // Without storage:app the Key-Value Store refuses too.
      const kvsRefusal = await narrow.runtime
        .runAs({}, () => kvs.set('k', 1))
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(kvsRefusal).toBeInstanceOf(ForgeKvsAPIError);
      expect(kvsRefusal).toMatchObject({ code: 'MISSING_SCOPE', responseDetails: { status: 403 } });
      const read = await narrow.runtime.runAs({}, () =>
        asApp().requestConfluence(route`/wiki/api/v2/pages/${HOME_PAGE_ID}`),
      );
      expect(read.status).toBe(200);
    } finally {
      await narrow.close();
      removeDir(dir);
      host.runtime.install();
    }
  });

  it('given the fixture app, when it writes a page through invoke, then the page has the caller as author', async () => {
    const r = await invoke(
      host,
      'page/create',
      { title: 'From the fixture', body: '<p>ok</p>' },
      { accountId: BOB },
    );
    expect(r).toMatchObject({
      ok: true,
      body: { status: 200, body: { title: 'From the fixture', authorId: BOB } },
    });
  });
});

describe('realtime through @forge/realtime', () => {
  /** A subscriber in the fixture macro on page `contentId` (default channel context). */
  const listen = (
    channel: string,
    scope: { contentId?: string },
    isGlobal = false,
  ): RealtimeMessage[] => {
    const got: RealtimeMessage[] = [];
    host.realtime.subscribe({
      channel,
      isGlobal,
      scope: isGlobal
        ? ''
        : scopeKey({ moduleKey: 'fixture-macro', contentId: scope.contentId, spaceId: SPACE_ID }),
      deliver: (m) => got.push(m),
    });
    return got;
  };

  it('given subscribers on two pages, when a resolver publishes, then only the same page hears it', async () => {
    const here = listen('game', { contentId: HOME_PAGE_ID });
    const elsewhere = listen('game', { contentId: '999' });
    const r = await host.runtime.runAs(
      { contentId: HOME_PAGE_ID, moduleKey: 'fixture-macro' },
      () => publish('game', { version: 3 }),
    );
    expect(r.eventId).toEqual(expect.any(String));
    expect(here.map((m) => m.payload)).toEqual(['{"version":3}']);
    expect(elsewhere).toEqual([]);
  });

  it('given a global channel, when published globally, then every global subscriber hears it', async () => {
    const a = listen('news', {}, true);
    const scoped = listen('news', { contentId: HOME_PAGE_ID });
    await host.runtime.runAs({ contentId: '1' }, () => publishGlobal('news', { hello: 'all' }));
    expect(a.map((m) => m.payload)).toEqual(['{"hello":"all"}']);
    expect(scoped).toEqual([]);
  });

  it('given a token request, when signed, then a JWT for the channel comes back', async () => {
    const r: unknown = await host.runtime.runAs({}, () => signRealtimeToken('game', { role: 'x' }));
    const token = (r as { token: string | null }).token ?? '';
    expect(token.split('.')).toHaveLength(3);
  });

  it('given an invoke that publishes, when counters are read, then the publish is counted per channel', async () => {
    await fetch(`${host.url}/__emulator/counters/reset`, { method: 'POST' });
    await invoke(host, 'rt/publish', { channel: 'ch-1', message: 'm' });
    const snap = (await (await fetch(`${host.url}/__emulator/counters`)).json()) as Record<
      string,
      unknown
    >;
    expect(snap).toMatchObject({ realtimePublishes: 1, realtimeByChannel: { 'ch-1': 1 } });
  });

  it('given the HTTP publish endpoint (frontend publish), when used, then scoped subscribers hear it', async () => {
    const here = listen('fe', { contentId: HOME_PAGE_ID });
    const { status } = await postJson(`${host.url}/__emulator/publish`, {
      context: { moduleKey: 'fixture-macro', contentId: HOME_PAGE_ID },
      channel: 'fe',
      payload: { a: 1 },
    });
    expect(status).toBe(200);
    expect(here.map((m) => m.payload)).toEqual(['{"a":1}']);
  });
});
