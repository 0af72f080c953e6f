/**
 * Community resolvers under hostile and concurrent input, through the local host: generated
 * malformed payloads get a typed error and change nothing; concurrent volunteers end with one lead.
 */
import fc from 'fast-check';
import type { BacklogView } from '../../../src/contract/backlog';
import type { ApiResult } from '../../../src/contract/result';
import { startAppHost, USERS, type AppHost } from '../../support/app-host';
import { clientFor } from './support';

let app: AppHost;

beforeAll(async () => {
  app = await startAppHost();
}, 60_000);

afterAll(async () => {
  await app.close();
});

const page = (accountId: string) => clientFor(app, accountId, { moduleKey: 'topic-backlog-page' });

function ok<T>(result: ApiResult<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.data;
}

const WRITING_RESOLVERS = [
  'backlog/add',
  'backlog/edit',
  'backlog/volunteer',
  'backlog/withdraw',
  'backlog/move',
  'backlog/plan',
  'backlog/unplan',
  'backlog/markDiscussed',
  'backlog/archive',
  'backlog/merge',
  'settings/update',
  'notes/startSession',
  'notes/retry',
] as const;

/**
 * Payloads that no schema accepts: wrong types, unknown fields, out-of-range values. (`null` and
 * `undefined` are not here: the wrapper reads a missing payload as `{}`, as Custom UI sends it.)
 */
const malformed = fc.oneof(
  fc.constantFrom<unknown>(42, 'x', [], true),
  fc.record({ topicId: fc.oneof(fc.integer(), fc.constant(''), fc.string({ minLength: 401 })) }),
  // JSON drops an undefined value, which would turn this into a valid empty payload.
  fc.record({ unknownField: fc.anything().filter((v) => v !== undefined) }),
  fc.record({ title: fc.integer(), details: fc.anything() }),
  fc.record({
    topicId: fc.constant('t'),
    date: fc.string().filter((s) => !/^\d{4}-\d{2}-\d{2}$/.test(s)),
  }),
);

describe('malformed payloads', () => {
  it('given generated malformed payloads to every writing resolver, then each answers INVALID_PAYLOAD and nothing is written or published (390 calls)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...WRITING_RESOLVERS), malformed, async (name, payload) => {
        app.resetCounters();
        const result = await page(USERS.sam).invoke(name, payload);
        expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
        expect(app.counters().kvsTotal).toBe(0);
        expect(app.counters().realtimePublishes).toBe(0);
      }),
      { numRuns: 390 },
    );
  }, 60_000);
});

describe('concurrency', () => {
  it('given five members volunteering for the same topic at once, then exactly one leads and the others are told', async () => {
    ok(await page(USERS.bob).invoke('backlog/add', { title: 'Everyone wants this' }));
    const topic = ok(await page(USERS.bob).invoke<BacklogView>('backlog/list', {})).topics.find(
      (t) => t.title === 'Everyone wants this',
    );
    const volunteers = [USERS.alice, USERS.bob, USERS.chloe, USERS.dev, USERS.eve];
    app.resetCounters();
    const results = await Promise.all(
      volunteers.map((v) => page(v).invoke('backlog/volunteer', { topicId: topic?.id })),
    );
    const winners = results.filter((r) => r.ok);
    expect(winners).toHaveLength(1);
    for (const r of results.filter((x) => !x.ok)) {
      expect(r).toMatchObject({
        ok: false,
        error: { code: expect.stringMatching(/^(CONFLICT|LEAD_TAKEN)$/) as unknown },
      });
    }
    expect(app.counters().realtimePublishes).toBe(1);
    const after = ok(await page(USERS.bob).invoke<BacklogView>('backlog/list', {})).topics.find(
      (t) => t.id === topic?.id,
    );
    expect(volunteers).toContain(after?.lead);
  });

  it('given ten members adding topics at once, then all ten are in the backlog', async () => {
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        page(USERS.chloe).invoke('backlog/add', { title: `Burst ${i}` }),
      ),
    );
    const titles = ok(await page(USERS.bob).invoke<BacklogView>('backlog/list', {})).topics.map(
      (t) => t.title,
    );
    for (let i = 0; i < 10; i += 1) expect(titles).toContain(`Burst ${i}`);
  });
});
