/**
 * Builders for the Lean Coffee service tests: a fresh board (its own macro localId) in the real
 * app running in the local host, callers bound to it, and the app's clock driven through its
 * clock seam (the host, the KVS service and every `@forge/*` package keep the real clock).
 */
import { randomUUID } from 'node:crypto';
import type { ApiResult } from '../../../src/contract/result';
import { CLOCK_SEAM } from '../../../src/services/lean-coffee-clock';
import { HOME_PAGE_ID, startAppHost, type AppClient, type AppHost } from '../../support/app-host';

export const MODULE_KEY = 'lean-coffee';

/** A clock running at real speed plus an offset the test moves forward. */
export class TestClock {
  private offset = 0;

  install(): void {
    Reflect.set(globalThis, CLOCK_SEAM, () => Date.now() + this.offset);
  }

  uninstall(): void {
    Reflect.deleteProperty(globalThis, CLOCK_SEAM);
  }

  now(): number {
    return Date.now() + this.offset;
  }

  advance(ms: number): void {
    this.offset += ms;
  }
}

export interface Player {
  readonly accountId: string;
  /** The raw answer: for refusals. */
  call<T = unknown>(name: string, payload?: unknown): Promise<ApiResult<T>>;
  /** The data of an accepted command; a refusal fails the test with its code. */
  ok<T = unknown>(name: string, payload?: unknown): Promise<T>;
  /** The code of a refusal; an acceptance fails the test. */
  refused(name: string, payload?: unknown): Promise<string>;
}

/**
 * `COP_KIT_IN_PROCESS=1` runs the app's handler (src/index.ts) in the test process instead of the
 * host's bundle, still inside a host invocation (`runtime.runAs`) with the real `@forge/*`
 * packages reaching the host's KVS, Confluence and realtime: the same calls, but visible to jest's
 * coverage. The default is the bundle, exactly as a Custom UI `invoke` reaches it.
 */
export const IN_PROCESS = process.env.COP_KIT_IN_PROCESS === '1';

type Handler = (request: unknown, runtime: unknown) => Promise<unknown>;

function inProcessClient(
  app: AppHost,
  frame: { accountId: string; moduleKey: string; localId: string; contentId?: string },
): AppClient {
  const full = { contentId: HOME_PAGE_ID, ...frame };
  const invokeRaw = async (name: string, payload: unknown = {}) => {
    const { handler } = (await import('../../../src/index')) as { handler: Handler };
    const body = await app.host.runtime.runAs(full, () =>
      handler(
        { call: { functionKey: name, payload }, context: app.host.runtime.extensionContext(full) },
        { principal: { accountId: frame.accountId } },
      ),
    );
    return { ok: true as const, body };
  };
  return {
    invokeRaw,
    async invoke<T>(name: string, payload: unknown = {}) {
      return (await invokeRaw(name, payload)).body as ApiResult<T>;
    },
  };
}

/** A fresh board: a new localId, so no test sees another's data. */
export function newBoard(app: AppHost, localId = `lc-${randomUUID()}`) {
  return {
    localId,
    as(
      accountId: string,
      frame: { moduleKey?: string; localId?: string; contentId?: string } = {},
    ): Player {
      const bound = { accountId, moduleKey: MODULE_KEY, localId, ...frame };
      const client = IN_PROCESS ? inProcessClient(app, bound) : app.as(accountId, bound);
      return {
        accountId,
        call: (name, payload) => client.invoke(name, payload ?? {}),
        async ok<T>(name: string, payload?: unknown): Promise<T> {
          const result = await client.invoke<T>(name, payload ?? {});
          if (!result.ok) {
            throw new Error(`${name} refused: ${result.error.code} ${result.error.message}`);
          }
          return result.data;
        },
        async refused(name: string, payload?: unknown): Promise<string> {
          const result = await client.invoke(name, payload ?? {});
          if (result.ok) throw new Error(`${name} was accepted: ${JSON.stringify(result.data)}`);
          return result.error.code;
        },
      };
    },
  };
}

/** A synthetic Atlassian account id for crowd tests. */
export const accountOf = (n: number): string =>
  `557058:00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const READS = new Set(['get', 'entity/get', 'batch/get', 'query', 'entity/query', 'secret/get']);
const WRITES = new Set([
  'set',
  'entity/set',
  'batch/set',
  'delete',
  'entity/delete',
  'batch/delete',
  'transaction',
  'secret/set',
  'secret/delete',
]);

/**
 * KVS reads, writes and publishes one resolver made since the counters were last reset. In-process
 * runs are not attributed to a function by the host, so there the whole counters are read (the
 * tests reset them right before the calls they measure).
 */
export function costOf(
  app: AppHost,
  name: string,
): { reads: number; writes: number; publishes: number } {
  const snapshot = app.counters();
  const counters = IN_PROCESS
    ? { kvs: snapshot.kvs, realtimePublishes: snapshot.realtimePublishes }
    : snapshot.byFunction[name];
  const kvs = Object.entries(counters?.kvs ?? {});
  const total = (kinds: ReadonlySet<string>) =>
    kvs.filter(([kind]) => kinds.has(kind)).reduce((sum, [, n]) => sum + n, 0);
  return {
    reads: total(READS),
    writes: total(WRITES),
    publishes: counters?.realtimePublishes ?? 0,
  };
}

/** How far `boardIn` takes a board before handing it to the test. */
export type Stage =
  'proposing' | 'voting' | 'discussing' | 'running' | 'expired' | 'wrap-up' | 'ended';

const STAGES: readonly Stage[] = [
  'proposing',
  'voting',
  'discussing',
  'running',
  'expired',
  'wrap-up',
  'ended',
];

/**
 * A fresh board with alice facilitating and three topics (bob's, chloe's, alice's), taken to
 * `stage`: voting open with bob's dots; voting closed; the first topic running (2 minutes);
 * its timebox expired (the clock moved past it, still inside the thumbs window); wrap-up; ended.
 */
export async function boardIn(
  app: AppHost,
  stage: Stage,
  users: { facilitator: string; member: string; other: string },
  clock: TestClock,
) {
  const board = newBoard(app);
  const facilitator = board.as(users.facilitator);
  const member = board.as(users.member);
  const other = board.as(users.other);
  const reached = (s: Stage) => STAGES.indexOf(stage) >= STAGES.indexOf(s);
  await facilitator.ok('leanCoffee/start', { settings: { defaultTopicMinutes: 2 } });
  const topics: string[] = [];
  for (const [p, title] of [
    [member, 'Member topic'],
    [other, 'Other topic'],
    [facilitator, 'Facilitator topic'],
  ] as const) {
    topics.push((await p.ok<{ topicId: string }>('leanCoffee/proposeTopic', { title })).topicId);
    clock.advance(1_000); // distinct proposal instants: "earliest proposed" is then well defined
  }
  if (reached('voting')) {
    await facilitator.ok('leanCoffee/openVoting');
    await member.ok('leanCoffee/allocateDots', { allocation: { [topics[1]!]: 2 } });
  }
  if (reached('discussing')) await facilitator.ok('leanCoffee/closeVoting');
  if (reached('running')) await facilitator.ok('leanCoffee/startTopic');
  if (reached('expired')) clock.advance(2 * 60_000 + 1_000);
  if (reached('wrap-up')) await facilitator.ok('leanCoffee/startWrapUp');
  if (reached('ended')) await facilitator.ok('leanCoffee/endMeeting');
  return { board, facilitator, member, other, topics };
}

/**
 * The real app in the local host and the app's test clock, for one `describe`: the host starts
 * and the clock is installed before its tests; both are undone after them.
 */
export function useAppHost(): { readonly app: AppHost; readonly clock: TestClock } {
  let app: AppHost | undefined;
  const clock = new TestClock();
  beforeAll(async () => {
    app = await startAppHost();
    clock.install();
  });
  afterAll(async () => {
    clock.uninstall();
    await app?.close();
  });
  return {
    get app(): AppHost {
      if (app === undefined) throw new Error('the app host has not started');
      return app;
    },
    clock,
  };
}
