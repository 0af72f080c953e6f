/**
 * Realtime as Forge documents it, with the real packages on both sides: `@forge/realtime` publishes
 * from inside host invocations, the unmodified `@forge/bridge` subscribes through the same HTTP
 * endpoints the shell uses. Sources: "Authorizing Realtime channels" (default context = the
 * module's product context; `contextOverrides` replace it and must match exactly; `[]` = no
 * product context), the Realtime events API (eventId null without subscribers; publish only from
 * frontend-invoked functions), Realtime limits (50 operations/s, subscribe included) and the
 * realtime error page (`RATE_LIMIT_EXCEEDED`).
 */
import { Confluence, publish, publishGlobal, signRealtimeToken } from '@forge/realtime';
import type { Host } from '../../emulator/host';
import type { FrameContext } from '../../emulator/runtime';
import { installTestBridge, type TestBridge } from './bridge-client';
import {
  ALICE,
  BOB,
  HOME_PAGE_ID,
  postJson,
  removeDir,
  startFixtureHost,
  tempDir,
} from './helpers';

type BridgeRealtime = typeof import('@forge/bridge').realtime;

/** Another page of the same space (made in `beforeAll`: a frame's space is its page's). */
let OTHER_PAGE_ID = '';
const MACRO_HERE: FrameContext = {
  accountId: BOB,
  moduleKey: 'fixture-macro',
  localId: 'macro-here',
  contentId: HOME_PAGE_ID,
};
let MACRO_ELSEWHERE: FrameContext = MACRO_HERE;
const SPACE_PAGE: FrameContext = { accountId: BOB, moduleKey: 'fixture-page' };
/** Another module in the same page's context (the fixture has one macro module; its space page
 * module stands in for a second module on that page). */
const OTHER_MODULE_HERE: FrameContext = { ...SPACE_PAGE, contentId: HOME_PAGE_ID };

let host: Host;
let dataDir: string;
let bridge: TestBridge;
let realtime: BridgeRealtime;
/** `Confluence` of `@forge/bridge` (the UI's enum; same values as `@forge/realtime`'s). */
let Ui: typeof import('@forge/bridge').Confluence;

beforeAll(async () => {
  dataDir = tempDir('realtime');
  host = await startFixtureHost({ dataDir });
  const other = await host.confluence.copyPage(HOME_PAGE_ID, {
    spaceKey: 'COP',
    title: 'Another page of the space',
    accountId: ALICE,
  });
  if (!other.ok) throw new Error(`could not make a second page: ${other.message}`);
  OTHER_PAGE_ID = other.page.id;
  MACRO_ELSEWHERE = { ...MACRO_HERE, localId: 'macro-2', contentId: OTHER_PAGE_ID };
  bridge = await installTestBridge(host.url, MACRO_HERE);
  ({ realtime, Confluence: Ui } = await import('@forge/bridge'));
}, 60_000);

afterAll(async () => {
  bridge.close();
  await host.close();
  removeDir(dataDir);
});

afterEach(async () => {
  await postJson(`${host.url}/__emulator/limits`, {
    realtimeRateLimit: null,
    refuseNextPublishes: 0,
  });
});

/** Subscribes through the real bridge from `frame`; collects what arrives. */
async function listen(
  frame: FrameContext,
  channel: string,
  options?: Parameters<BridgeRealtime['subscribe']>[2],
): Promise<{ got: unknown[]; stop: () => Promise<void> }> {
  bridge.useFrame(frame);
  const got: unknown[] = [];
  const subscription = await realtime.subscribe(channel, (payload) => got.push(payload), options);
  return { got, stop: () => subscription.unsubscribe() };
}

/** A backend publish from a resolver invoked in the fixture macro on the home page. */
const publishFromMacro = (
  channel: string,
  payload: Record<string, unknown>,
  options?: Parameters<typeof publish>[2],
) =>
  host.runtime.runAs(
    { accountId: ALICE, moduleKey: 'fixture-macro', contentId: HOME_PAGE_ID },
    () => publish(channel, payload, options),
  );

/** Events are delivered over the SSE stream; wait until `got` holds `n` (or fail after 10 s). */
async function received(got: unknown[], n: number): Promise<void> {
  const until = Date.now() + 10_000;
  while (got.length < n) {
    if (Date.now() > until) throw new Error(`expected ${n} events, got ${got.length}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

let markers = 0;

/**
 * Proves the subscribers heard everything they were going to: a marker published afterwards on a
 * channel of its own arrives over the same ordered event stream, so anything delivered before it
 * has arrived too.
 */
async function settle(): Promise<void> {
  markers += 1;
  const channel = `marker-${markers}`;
  const marker = await listen(MACRO_HERE, channel);
  await publishFromMacro(channel, { marker: true });
  await received(marker.got, 1);
  await marker.stop();
}

describe('default channel context: the same module in the same page', () => {
  it('given subscribers in the same macro, another page, another module and with overrides, when a resolver publishes without options, then only the same module on the same page hears it', async () => {
    const same = await listen(MACRO_HERE, 'game');
    const otherPage = await listen(MACRO_ELSEWHERE, 'game');
    const otherModule = await listen(OTHER_MODULE_HERE, 'game');
    const withSpace = await listen(MACRO_HERE, 'game', { contextOverrides: [Ui.Space] });
    const r = await publishFromMacro('game', { version: 3 });
    expect(r.eventId).toEqual(expect.any(String));
    await received(same.got, 1);
    await settle();
    expect(same.got).toEqual(['{"version":3}']);
    expect([otherPage.got, otherModule.got, withSpace.got]).toEqual([[], [], []]);
    await Promise.all([same, otherPage, otherModule, withSpace].map((s) => s.stop()));
  });
});

describe('contextOverrides: replace the default context and must match exactly', () => {
  it('given a publish with [space], when subscribers use [space] anywhere in the space, then they hear it; without overrides or with [space, content] they do not', async () => {
    const page = await listen(SPACE_PAGE, 'backlog', { contextOverrides: [Ui.Space] });
    const macroElsewhere = await listen(MACRO_ELSEWHERE, 'backlog', {
      contextOverrides: [Ui.Space],
    });
    // The app's old backlog views: subscribed with no options at all.
    const noOverrides = await listen(MACRO_HERE, 'backlog');
    const broader = await listen(MACRO_HERE, 'backlog', {
      contextOverrides: [Ui.Space, Ui.Content],
    });
    await publishFromMacro('backlog', { kind: 'move' }, { contextOverrides: [Confluence.Space] });
    await received(page.got, 1);
    await received(macroElsewhere.got, 1);
    await settle();
    expect(noOverrides.got).toEqual([]);
    expect(broader.got).toEqual([]);
    await Promise.all([page, macroElsewhere, noOverrides, broader].map((s) => s.stop()));
  });

  it('given overrides listed in another order, when published, then they match (order is taken as irrelevant)', async () => {
    const sub = await listen(MACRO_HERE, 'ordered', {
      contextOverrides: [Ui.Content, Ui.Space],
    });
    await publishFromMacro(
      'ordered',
      { n: 1 },
      { contextOverrides: [Confluence.Space, Confluence.Content] },
    );
    await received(sub.got, 1);
    await sub.stop();
  });

  it('given contextOverrides [], when published, then every [] subscriber of the installation hears it and a default one does not', async () => {
    const anywhere = await listen(SPACE_PAGE, 'open', { contextOverrides: [] });
    const elsewhere = await listen(MACRO_ELSEWHERE, 'open', { contextOverrides: [] });
    const defaultScoped = await listen(MACRO_HERE, 'open');
    await publishFromMacro('open', { hi: 1 }, { contextOverrides: [] });
    await received(anywhere.got, 1);
    await received(elsewhere.got, 1);
    await settle();
    expect(defaultScoped.got).toEqual([]);
    await Promise.all([anywhere, elsewhere, defaultScoped].map((s) => s.stop()));
  });

  it('given a frontend publish through the bridge with [space], when a [space] subscriber listens on another page, then it hears it', async () => {
    const sub = await listen(MACRO_ELSEWHERE, 'fe', { contextOverrides: [Ui.Space] });
    bridge.useFrame(SPACE_PAGE);
    const result = await realtime.publish(
      'fe',
      { from: 'space page' },
      { contextOverrides: [Ui.Space] },
    );
    expect(result.eventId).toEqual(expect.any(String));
    await received(sub.got, 1);
    await sub.stop();
  });
});

describe('global channels are their own space', () => {
  it('given subscribeGlobal and subscribe on one name, when publishGlobal, then only the global subscriber hears it', async () => {
    const global = await (async () => {
      bridge.useFrame(MACRO_ELSEWHERE);
      const got: unknown[] = [];
      const s = await realtime.subscribeGlobal('news', (p) => got.push(p));
      return { got, stop: () => s.unsubscribe() };
    })();
    const scoped = await listen(MACRO_HERE, 'news', { contextOverrides: [] });
    await host.runtime.runAs({ moduleKey: 'fixture-macro', contentId: '1' }, () =>
      publishGlobal('news', { hello: 'all' }),
    );
    await received(global.got, 1);
    await settle();
    expect(scoped.got).toEqual([]);
    await Promise.all([global.stop(), scoped.stop()]);
  });
});

describe('publish results', () => {
  it('given nobody subscribed, when published, then eventId and eventTimestamp are null and there are no errors', async () => {
    await expect(publishFromMacro('nobody-listens', { n: 1 })).resolves.toEqual({
      eventId: null,
      eventTimestamp: null,
    });
  });

  it('given a function not invoked from the frontend (a trigger), when it publishes to a non-global channel, then the publish answers an error and nobody hears it', async () => {
    const sub = await listen(MACRO_HERE, 'from-trigger');
    const r = await host.runtime.invokeFunction('fixture-resolver', {
      call: { functionKey: 'rt/publish', payload: { channel: 'from-trigger', message: 'x' } },
      context: {},
    });
    expect(r).toEqual({
      ok: true,
      body: { eventId: null, errors: [{ message: 'Unauthorized request' }] },
    });
    await settle();
    expect(sub.got).toEqual([]);
    await sub.stop();
  });
});

describe('rate limit: 50 operations a second per installation, subscribe included (off by default)', () => {
  it('given a limit of 3 operations, when a subscribe, a publish and a token make 3, then the 4th publish answers RATE_LIMIT_EXCEEDED and a 5th subscribe rejects', async () => {
    const set = await postJson(`${host.url}/__emulator/limits`, {
      realtimeRateLimit: { operations: 3, windowMs: 60_000 },
    });
    expect(set).toEqual({ status: 200, json: { ok: true } });
    const sub = await listen(MACRO_HERE, 'limited');
    expect((await publishFromMacro('limited', { n: 1 })).eventId).toEqual(expect.any(String));
    const token = await host.runtime.runAs({}, () => signRealtimeToken('limited', {}));
    expect(token).toMatchObject({ token: expect.any(String) as unknown });
    await expect(publishFromMacro('limited', { n: 2 })).resolves.toEqual({
      eventId: null,
      eventTimestamp: null,
      errors: [{ message: 'RATE_LIMIT_EXCEEDED', status: 429 }],
    });
    await expect(listen(MACRO_HERE, 'limited')).rejects.toThrow('RATE_LIMIT_EXCEEDED');
    await postJson(`${host.url}/__emulator/limits`, { realtimeRateLimit: null });
    await received(sub.got, 1);
    await settle();
    expect(sub.got).toEqual(['{"n":1}']);
    expect(host.counters.snapshot().realtimeRefused).toBeGreaterThanOrEqual(1);
    await sub.stop();
  });

  it('given refuseNextPublishes 1 over HTTP, when two publishes follow, then the first answers RATE_LIMIT_EXCEEDED and the second is delivered', async () => {
    const sub = await listen(MACRO_HERE, 'refused-once');
    await postJson(`${host.url}/__emulator/limits`, { refuseNextPublishes: 1 });
    const first = await publishFromMacro('refused-once', { n: 1 });
    expect(first).toMatchObject({ eventId: null, errors: [{ message: 'RATE_LIMIT_EXCEEDED' }] });
    expect((await publishFromMacro('refused-once', { n: 2 })).eventId).toEqual(expect.any(String));
    await received(sub.got, 1);
    await settle();
    expect(sub.got).toEqual(['{"n":2}']);
    await sub.stop();
  });

  it('given refuseAs PROXY_ERROR, when published, then @forge/realtime throws its ProxyRequestError (name PROXY_ERR)', async () => {
    await postJson(`${host.url}/__emulator/limits`, {
      refuseNextPublishes: 1,
      refuseAs: 'PROXY_ERROR',
    });
    await expect(publishFromMacro('proxied', { n: 1 })).rejects.toMatchObject({
      name: 'PROXY_ERR',
      status: 502,
      errorCode: 'REALTIME_PROXY_ERROR',
    });
    await expect(publishFromMacro('proxied', { n: 2 })).resolves.toMatchObject({ eventId: null });
  });

  it('given a malformed switch, when posted, then 400 and nothing changes', async () => {
    expect(await postJson(`${host.url}/__emulator/limits`, { refuseNextPublishes: -1 })).toEqual({
      status: 400,
      json: { message: 'refuseNextPublishes is a whole number >= 0' },
    });
    expect(
      await postJson(`${host.url}/__emulator/limits`, { realtimeRateLimit: { operations: 1 } }),
    ).toEqual({
      status: 400,
      json: { message: 'realtimeRateLimit is null or { operations >= 0, windowMs > 0 }' },
    });
  });
});
