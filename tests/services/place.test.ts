/**
 * Where a call acts, asked of Confluence as the caller (issue 10 point 6), through the real
 * resolvers in the local host with the real `@forge/*` packages: a page copied into another space
 * (whose administrator is not an administrator of the original's) starts its own games and cannot
 * touch the original's; a context naming another space is refused and writes nothing; a person who
 * cannot see a page gets nothing from its boards; a person is checked once per board, then their
 * calls ask Confluence nothing; `NEEDS_AUTHENTICATION_ERR` reaches Forge.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BacklogView } from '../../src/contract/backlog';
import type { LeanCoffeeView } from '../../src/contract/lean-coffee';
import type { ApiResult } from '../../src/contract/result';
import {
  THIRTY_FIVE,
  type Accepted,
  type ThirtyFiveStateView,
} from '../../src/contract/thirty-five';
import type { FrameContext } from '../../emulator/runtime';
import {
  HOME_PAGE_ID,
  OPS,
  startAppHost,
  USERS,
  type AppClient,
  type AppHost,
} from '../support/app-host';

jest.setTimeout(120_000);

let app: AppHost;
/** The COP home page copied into OPS by Olga (OPS's admin): same body, same macro localIds. */
let copy: string;

/**
 * The original (the COP home page): Alice runs a Thirty Five (Bob has a card) and a Lean Coffee
 * (Bob has a topic). The copy in OPS: Olga starts her own of each, with a card and a topic.
 */
beforeAll(async () => {
  app = await startAppHost();
  copy = await app.copyPage(HOME_PAGE_ID, 'OPS', USERS.olga);
  ok(await on(HOME_PAGE_ID, 'thirty-five', USERS.alice).invoke<Accepted>(THIRTY_FIVE.start));
  ok(
    await on(HOME_PAGE_ID, 'thirty-five', USERS.bob).invoke<Accepted>(THIRTY_FIVE.join, {
      text: 'Original card',
    }),
  );
  ok(await on(HOME_PAGE_ID, 'lean-coffee', USERS.alice).invoke('leanCoffee/start'));
  ok(
    await on(HOME_PAGE_ID, 'lean-coffee', USERS.bob).invoke('leanCoffee/proposeTopic', {
      title: 'Original topic',
    }),
  );
  const olgaT35 = on(copy, 'thirty-five', USERS.olga);
  const olgaLc = on(copy, 'lean-coffee', USERS.olga);
  // Before Olga starts them, the copy's macros hold no game, though they keep the localIds.
  expect((await t35State(olgaT35)).phase).toBe('not-started');
  expect(await lcState(olgaLc)).toBeNull();
  ok(await olgaT35.invoke<Accepted>(THIRTY_FIVE.start));
  ok(await olgaT35.invoke<Accepted>(THIRTY_FIVE.join, { text: 'Copy card' }));
  ok(await olgaLc.invoke('leanCoffee/start'));
  ok(await olgaLc.invoke('leanCoffee/proposeTopic', { title: 'Copy topic' }));
}, 120_000);

afterAll(async () => {
  await app.close();
});

const T35 = 'home-thirty-five';
const LC = 'home-lean-coffee';

/** A caller in a macro of a page; `extensionOverrides` tampers with the context as devtools can. */
const on = (
  pageId: string,
  moduleKey: 'thirty-five' | 'lean-coffee',
  accountId: string,
  frame: Partial<FrameContext> = {},
): AppClient =>
  app.as(accountId, {
    moduleKey,
    localId: moduleKey === 'thirty-five' ? T35 : LC,
    contentId: pageId,
    ...frame,
  });

function ok<T>(result: ApiResult<T>): T {
  if (!result.ok) throw new Error(`refused: ${result.error.code} ${result.error.message}`);
  return result.data;
}

const codeOf = (result: ApiResult<unknown>): string => (result.ok ? 'accepted' : result.error.code);

/** The KVS log's bytes: every acknowledged write is a line in it. */
const kvsLog = (): string => readFileSync(join(app.dataDir, 'kvs.jsonl'), 'utf8');

const t35State = async (client: AppClient) =>
  ok(await client.invoke<ThirtyFiveStateView>(THIRTY_FIVE.state));
const lcState = async (client: AppClient) =>
  ok(await client.invoke<LeanCoffeeView | null>('leanCoffee/state'));

/** The Confluence requests by route since the last reset, without the zero ones. */
const confluenceCalls = (): Record<string, number> =>
  Object.fromEntries(Object.entries(app.counters().confluence).filter(([, n]) => n > 0));

describe('a page copied into another space', () => {
  it('given the copy keeps the macro localIds, when Olga started its games, then they are her own and the originals are untouched', async () => {
    expect(app.host.confluence.page(copy)?.macros).toEqual(
      app.host.confluence.page(HOME_PAGE_ID)?.macros,
    );
    const olgaT35 = on(copy, 'thirty-five', USERS.olga);
    const olgaLc = on(copy, 'lean-coffee', USERS.olga);
    const copyGame = await t35State(olgaT35);
    expect(copyGame).toMatchObject({ startedBy: USERS.olga, isFacilitator: true, cardCount: 1 });
    const original = await t35State(on(HOME_PAGE_ID, 'thirty-five', USERS.alice));
    expect(original).toMatchObject({ startedBy: USERS.alice, cardCount: 1 });
    const copyBoard = await lcState(olgaLc);
    expect(copyBoard?.board.toDiscuss.map((c) => c.topic.title)).toEqual(['Copy topic']);
    const originalBoard = await lcState(on(HOME_PAGE_ID, 'lean-coffee', USERS.alice));
    expect(originalBoard?.board.toDiscuss.map((c) => c.topic.title)).toEqual(['Original topic']);
  });

  it("given Olga administers OPS (not COP), when she gives the original's facilitator commands, then NOT_FACILITATOR and nothing is written", async () => {
    const t35 = on(HOME_PAGE_ID, 'thirty-five', USERS.olga);
    const lc = on(HOME_PAGE_ID, 'lean-coffee', USERS.olga);
    expect((await t35State(t35)).isFacilitator).toBe(false);
    expect((await lcState(lc))?.isFacilitator).toBe(false);
    const before = kvsLog();
    const { version } = await t35State(t35);
    expect(codeOf(await t35.invoke(THIRTY_FIVE.deal, { version }))).toBe('NOT_FACILITATOR');
    expect(codeOf(await t35.invoke(THIRTY_FIVE.end, { version }))).toBe('NOT_FACILITATOR');
    expect(codeOf(await lc.invoke('leanCoffee/openVoting'))).toBe('NOT_FACILITATOR');
    expect(
      codeOf(
        await lc.invoke('leanCoffee/changeSettings', { settings: { defaultTopicMinutes: 3 } }),
      ),
    ).toBe('NOT_FACILITATOR');
    expect(kvsLog()).toBe(before);
    // Sam, COP's administrator, does facilitate the original (asked of Confluence on COP).
    expect((await t35State(on(HOME_PAGE_ID, 'thirty-five', USERS.sam))).isFacilitator).toBe(true);
  });

  it("given the copy's game, when its facilitator sends its result, then it goes to OPS's backlog, not COP's", async () => {
    const tallies = {
      rounds: 1,
      points: 7,
      cards: [
        { text: 'Runbook reviews', points: [5] },
        { text: 'On-call load', points: [2] },
      ],
    };
    // A game on the copy in the in-room mode, so it reaches its results at once.
    const tallyGame = app.as(USERS.olga, {
      moduleKey: 'thirty-five',
      localId: 'ops-tallies',
      contentId: copy,
    });
    ok(await tallyGame.invoke<Accepted>(THIRTY_FIVE.start));
    const v1 = (await t35State(tallyGame)).version;
    ok(await tallyGame.invoke<Accepted>(THIRTY_FIVE.enterTallies, { version: v1, ...tallies }));
    const v2 = (await t35State(tallyGame)).version;
    expect(ok(await tallyGame.invoke(THIRTY_FIVE.sendToBacklog, { version: v2 }))).toMatchObject({
      imported: 2,
    });
    const opsBacklog = ok(
      await app
        .as(USERS.bob, { moduleKey: 'topic-backlog-page', localId: 'bl', spaceKey: OPS.key })
        .invoke<BacklogView>('backlog/list'),
    );
    expect(opsBacklog.topics.map((t) => t.title)).toEqual(['Runbook reviews', 'On-call load']);
    const copBacklog = ok(
      await app
        .as(USERS.bob, { moduleKey: 'topic-backlog-page', localId: 'bl' })
        .invoke<BacklogView>('backlog/list'),
    );
    expect(copBacklog.topics.map((t) => t.title)).not.toContain('Runbook reviews');
  });
});

describe('a tampered context', () => {
  it('given a context naming OPS on a COP page, when Olga calls the original board (view, join, command, start), then WRONG_PLACE and the KVS log is unchanged', async () => {
    const tampered = { extensionOverrides: { space: { id: OPS.spaceId, key: OPS.key } } };
    const t35 = on(HOME_PAGE_ID, 'thirty-five', USERS.olga, tampered);
    const lc = on(HOME_PAGE_ID, 'lean-coffee', USERS.olga, tampered);
    const fresh = app.as(USERS.olga, {
      moduleKey: 'thirty-five',
      localId: 'never-started',
      contentId: HOME_PAGE_ID,
      ...tampered,
    });
    const before = kvsLog();
    const { version } = await t35State(on(HOME_PAGE_ID, 'thirty-five', USERS.alice));
    expect(codeOf(await t35.invoke(THIRTY_FIVE.state))).toBe('WRONG_PLACE');
    expect(codeOf(await t35.invoke(THIRTY_FIVE.join, { text: 'x' }))).toBe('WRONG_PLACE');
    expect(codeOf(await t35.invoke(THIRTY_FIVE.deal, { version }))).toBe('WRONG_PLACE');
    expect(codeOf(await lc.invoke('leanCoffee/state'))).toBe('WRONG_PLACE');
    expect(codeOf(await lc.invoke('leanCoffee/proposeTopic', { title: 'x' }))).toBe('WRONG_PLACE');
    expect(codeOf(await fresh.invoke(THIRTY_FIVE.start))).toBe('WRONG_PLACE');
    // Half a pair (an id of OPS with the key of COP) is refused the same way.
    const mixed = app.as(USERS.sam, {
      moduleKey: 'topic-backlog-page',
      localId: 'bl',
      extensionOverrides: { space: { id: OPS.spaceId, key: 'COP' } },
    });
    expect(codeOf(await mixed.invoke('backlog/add', { title: 'Smuggled' }))).toBe('WRONG_PLACE');
    expect(codeOf(await mixed.invoke('settings/update', { copName: 'Hijacked' }))).toBe(
      'WRONG_PLACE',
    );
    expect(kvsLog()).toBe(before);
  });

  it('given a backlog page claiming a space the caller cannot see, when Alice lists it, then NOT_VISIBLE and nothing is written', async () => {
    const before = kvsLog();
    const alice = app.as(USERS.alice, {
      moduleKey: 'topic-backlog-page',
      localId: 'bl',
      extensionOverrides: { space: { key: OPS.key } },
    });
    expect(codeOf(await alice.invoke('backlog/list'))).toBe('NOT_VISIBLE');
    expect(codeOf(await alice.invoke('backlog/add', { title: 'In OPS' }))).toBe('NOT_VISIBLE');
    expect(kvsLog()).toBe(before);
  });
});

describe('a page the caller cannot see', () => {
  it("given Alice and Sam are not OPS members, when they call the copy's boards, then NOT_VISIBLE for state and commands, and nothing changes", async () => {
    const before = kvsLog();
    for (const who of [USERS.alice, USERS.sam]) {
      const t35 = on(copy, 'thirty-five', who);
      const lc = on(copy, 'lean-coffee', who);
      expect(codeOf(await t35.invoke(THIRTY_FIVE.state))).toBe('NOT_VISIBLE');
      expect(codeOf(await t35.invoke(THIRTY_FIVE.join, { text: 'Sneaking in' }))).toBe(
        'NOT_VISIBLE',
      );
      expect(codeOf(await t35.invoke(THIRTY_FIVE.deal, { version: 1 }))).toBe('NOT_VISIBLE');
      expect(codeOf(await t35.invoke(THIRTY_FIVE.start))).toBe('NOT_VISIBLE');
      expect(codeOf(await lc.invoke('leanCoffee/state'))).toBe('NOT_VISIBLE');
      expect(codeOf(await lc.invoke('leanCoffee/proposeTopic', { title: 'x' }))).toBe(
        'NOT_VISIBLE',
      );
      expect(codeOf(await lc.invoke('leanCoffee/openVoting'))).toBe('NOT_VISIBLE');
    }
    expect(kvsLog()).toBe(before);
    // Bob, a member of OPS, sees it.
    expect((await t35State(on(copy, 'thirty-five', USERS.bob))).startedBy).toBe(USERS.olga);
  });
});

describe('asked once, not on every call', () => {
  it("given a participant's first and second action and state read, then the first asks Confluence once (page, and admin for the controls) and the second asks nothing about the place", async () => {
    const localId = 'counted-35';
    const game = (who: string) =>
      app.as(who, { moduleKey: 'thirty-five', localId, contentId: HOME_PAGE_ID });
    ok(await game(USERS.alice).invoke<Accepted>(THIRTY_FIVE.start));
    const chloe = game(USERS.chloe);

    app.resetCounters();
    ok(await chloe.invoke<Accepted>(THIRTY_FIVE.join, { text: 'First' }));
    // The join answers with Chloé's view (issue 13): the names it shows are looked up (as the
    // app, not a place check) once, then cached.
    expect(confluenceCalls()).toEqual({
      'GET /wiki/api/v2/pages/{id}': 1,
      'GET /wiki/api/v2/spaces/{id}/operations': 1,
      'POST /wiki/api/v2/users-bulk': 1,
    });
    expect(app.counters().byFunction[THIRTY_FIVE.join]).toMatchObject({
      kvs: { 'batch/get': 2, transaction: 1 },
    });

    app.resetCounters();
    ok(await chloe.invoke<Accepted>(THIRTY_FIVE.writeCard, { text: 'Second' }));
    expect(app.counters().byFunction[THIRTY_FIVE.writeCard]).toMatchObject({
      confluenceRequests: 0,
      kvs: { 'batch/get': 1, transaction: 1 },
    });

    app.resetCounters();
    await t35State(chloe);
    await t35State(chloe);
    // Display names (as app, not a place check) were looked up once, for the join's answer, and
    // are cached (issue 13).
    expect(confluenceCalls()).toEqual({});
    expect(app.counters().byFunction[THIRTY_FIVE.state]?.kvs).not.toHaveProperty('set');
  });

  it('given a Lean Coffee participant who looks first, then the first state read checks once (and records it) and the next read and actions ask nothing about the place', async () => {
    const board = (who: string) =>
      app.as(who, { moduleKey: 'lean-coffee', localId: 'counted-lc', contentId: HOME_PAGE_ID });
    ok(await board(USERS.alice).invoke('leanCoffee/start'));
    const dev = board(USERS.dev);

    app.resetCounters();
    await lcState(dev);
    expect(confluenceCalls()).toMatchObject({
      'GET /wiki/api/v2/pages/{id}': 1,
      'GET /wiki/api/v2/spaces/{id}/operations': 1,
    });
    expect(app.counters().byFunction['leanCoffee/state']?.kvs).toMatchObject({ set: 1 });

    app.resetCounters();
    await lcState(dev);
    ok(await dev.invoke('leanCoffee/proposeTopic', { title: 'Asked once' }));
    ok(await dev.invoke('leanCoffee/proposeTopic', { title: 'Asked twice?' }));
    expect(app.counters().byFunction['leanCoffee/proposeTopic']).toMatchObject({
      confluenceRequests: 0,
      kvs: { 'batch/get': 2, transaction: 2 },
    });
    const calls = confluenceCalls();
    expect(calls['GET /wiki/api/v2/pages/{id}']).toBeUndefined();
    expect(calls['GET /wiki/api/v2/spaces/{id}/operations']).toBeUndefined();
  });

  it('given a facilitator command by someone who is not the starter, then whether they administer the space is asked fresh every time', async () => {
    const localId = 'admin-fresh';
    const game = (who: string) =>
      app.as(who, { moduleKey: 'thirty-five', localId, contentId: HOME_PAGE_ID });
    ok(await game(USERS.alice).invoke<Accepted>(THIRTY_FIVE.start));
    ok(await game(USERS.bob).invoke<Accepted>(THIRTY_FIVE.join, { text: 'One' }));
    ok(await game(USERS.chloe).invoke<Accepted>(THIRTY_FIVE.join, { text: 'Two' }));
    const sam = game(USERS.sam);
    await t35State(sam);
    app.resetCounters();
    const { version } = await t35State(sam);
    ok(await sam.invoke<Accepted>(THIRTY_FIVE.deal, { version }));
    expect(confluenceCalls()['GET /wiki/api/v2/spaces/{id}/operations']).toBe(1);
    app.resetCounters();
    const next = await t35State(sam);
    ok(await sam.invoke<Accepted>(THIRTY_FIVE.nextRound, { version: next.version }));
    expect(confluenceCalls()['GET /wiki/api/v2/spaces/{id}/operations']).toBe(1);
  });

  it('given space calls, when a member lists the backlog twice, then the space is asked of Confluence once', async () => {
    const eve = app.as(USERS.eve, { moduleKey: 'topic-backlog-page', localId: 'bl' });
    app.resetCounters();
    ok(await eve.invoke<BacklogView>('backlog/list'));
    expect(confluenceCalls()).toMatchObject({
      'GET /wiki/api/v2/spaces': 1,
      'GET /wiki/api/v2/spaces/{id}/operations': 1,
    });
    app.resetCounters();
    ok(await eve.invoke<BacklogView>('backlog/list'));
    ok(await eve.invoke('backlog/add', { title: 'Checked once' }));
    const calls = confluenceCalls();
    expect(calls['GET /wiki/api/v2/spaces']).toBeUndefined();
    expect(calls['GET /wiki/api/v2/spaces/{id}/operations']).toBeUndefined();
  });
});

describe('a refused call writes nothing, not even the check', () => {
  it('given a member never checked on the space, when her first community call is refused, then the KVS log is unchanged; her first view records the check', async () => {
    const chloe = app.as(USERS.chloe, { moduleKey: 'topic-backlog-page', localId: 'bl' });
    const before = kvsLog();
    expect(codeOf(await chloe.invoke('backlog/archive', { topicId: 'no-such-topic' }))).not.toBe(
      'accepted',
    );
    expect(codeOf(await chloe.invoke('settings/update', { copName: 'Not hers' }))).toBe(
      'NOT_CURATOR',
    );
    expect(kvsLog()).toBe(before);
    app.resetCounters();
    ok(await chloe.invoke<BacklogView>('backlog/list'));
    expect(app.counters().kvs.set).toBe(1);
    expect(kvsLog()).not.toBe(before);
  });
});

describe('a user who has not allowed the app to act as them', () => {
  it('given Finn withdrew consent, when his first call needs Confluence as him, then NEEDS_AUTHENTICATION_ERR reaches the host as a platform error (not UNEXPECTED); once allowed, it works', async () => {
    const consent = (granted: boolean) =>
      fetch(`${app.host.url}/__emulator/users/consent`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ accountId: USERS.finn, granted }),
      });
    const finn = on(HOME_PAGE_ID, 'thirty-five', USERS.finn);
    // Finn has never called this (started) board: his first call asks Confluence as him.
    expect((await t35State(on(HOME_PAGE_ID, 'thirty-five', USERS.alice))).phase).not.toBe(
      'not-started',
    );
    await consent(false);
    try {
      const before = kvsLog();
      const answer = await finn.invokeRaw(THIRTY_FIVE.state);
      expect(answer).toMatchObject({ ok: false, error: { code: 'NEEDS_AUTHENTICATION_ERR' } });
      const join = await finn.invokeRaw(THIRTY_FIVE.join, { text: 'Later' });
      expect(join).toMatchObject({ ok: false, error: { code: 'NEEDS_AUTHENTICATION_ERR' } });
      expect(kvsLog()).toBe(before);
    } finally {
      await consent(true);
    }
    expect(await finn.invokeRaw(THIRTY_FIVE.state)).toMatchObject({
      ok: true,
      body: { ok: true },
    });
  });

  it('given a facilitator without consent ending a game, when the notes page is written as them, then NEEDS_AUTHENTICATION_ERR reaches the host, the game stays in its results, and once allowed the end makes one page', async () => {
    const consent = (granted: boolean) =>
      fetch(`${app.host.url}/__emulator/users/consent`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ accountId: USERS.dev, granted }),
      });
    const dev = app.as(USERS.dev, {
      moduleKey: 'thirty-five',
      localId: 'consent-35',
      contentId: HOME_PAGE_ID,
    });
    ok(await dev.invoke<Accepted>(THIRTY_FIVE.start));
    ok(
      await dev.invoke<Accepted>(THIRTY_FIVE.enterTallies, {
        version: (await t35State(dev)).version,
        rounds: 1,
        points: 7,
        cards: [
          { text: 'Consent first', points: [7] },
          { text: 'Then notes', points: [0] },
        ],
      }),
    );
    const { version } = await t35State(dev);
    const pages = app.host.confluence.createdPages().length;
    await consent(false);
    try {
      expect(await dev.invokeRaw(THIRTY_FIVE.end, { version })).toMatchObject({
        ok: false,
        error: { code: 'NEEDS_AUTHENTICATION_ERR' },
      });
    } finally {
      await consent(true);
    }
    expect(app.host.confluence.createdPages()).toHaveLength(pages);
    expect((await t35State(dev)).phase).toBe('results');
    const ended = ok(
      await dev.invoke<{ notes: { pageId: string } | null }>(THIRTY_FIVE.end, { version }),
    );
    expect(ended.notes?.pageId).toBeDefined();
    expect(app.host.confluence.createdPages().length).toBeGreaterThan(pages);
  });
});
