/**
 * The attendance port (`recordSession`, `listSessions`) against the local host with the real
 * `@forge/kvs`: one record per board and session, read back by space and end instant, capped.
 */
import { kvs } from '@forge/kvs';
import { SESSION_RECORDS_MAX, type SessionSummary } from '../../../src/domain/community';
import { listSessions, recordSession } from '../../../src/services/rhythm/attendance';
import { ENTITY, keys } from '../../../src/storage/keys';
import type { SessionRow } from '../../../src/storage/sessions';
import { HOME_PAGE_ID, startAppHost, USERS, type AppHost } from '../../support/app-host';

let app: AppHost;

beforeAll(async () => {
  app = await startAppHost();
}, 120_000);

afterAll(async () => {
  await app.close();
});

const as = <T>(fn: () => Promise<T>) =>
  app.host.runtime.runAs({ moduleKey: 'lean-coffee', accountId: USERS.alice }, fn);

/** KVS operations since the last reset that are not reads (get, query). */
const writes = () =>
  Object.entries(app.counters().kvs)
    .filter(([op]) => !/get|query/i.test(op))
    .reduce((n, [, count]) => n + count, 0);

const T0 = Date.parse('2027-03-03T17:00:00Z');
const HOUR = 3_600_000;

function aSummary(overrides: Partial<SessionSummary> = {}): SessionSummary {
  return {
    kind: 'lean-coffee',
    boardId: `${HOME_PAGE_ID}.macro-1`,
    session: 1,
    pageId: HOME_PAGE_ID,
    startedAt: T0,
    endedAt: T0 + HOUR,
    facilitator: USERS.alice,
    attendees: [USERS.bob, USERS.chloe],
    takeaways: 1,
    actionItems: [],
    ...overrides,
  };
}

describe('recordSession', () => {
  it('given a new session, when recorded, then it is created and listed with the facilitator among the attendees', async () => {
    const result = await as(() => recordSession('REC1', aSummary()));
    expect(result).toMatchObject({ ok: true, value: { outcome: 'created' } });
    const listed = await as(() => listSessions('REC1', 0));
    expect(listed).toEqual([aSummary({ attendees: [USERS.bob, USERS.chloe, USERS.alice] })]);
  });

  it('given a session already recorded, when the same board and session is recorded again, then one record is kept, the later one', async () => {
    await as(() => recordSession('REC2', aSummary()));
    const again = await as(() =>
      recordSession('REC2', aSummary({ attendees: [USERS.bob], notesPageId: '777' })),
    );
    expect(again).toMatchObject({ ok: true, value: { outcome: 'replaced' } });
    const listed = await as(() => listSessions('REC2'));
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ attendees: [USERS.bob, USERS.alice], notesPageId: '777' });
  });

  it('given the same session recorded twice at once, when both finish, then one record is kept', async () => {
    const [a, b] = await as(() =>
      Promise.all([
        recordSession('REC3', aSummary()),
        recordSession('REC3', aSummary({ takeaways: 4 })),
      ]),
    );
    expect(a.ok && b.ok).toBe(true);
    expect(await as(() => listSessions('REC3'))).toHaveLength(1);
  });

  it('given a refused summary, when recorded, then a typed error and nothing is written', async () => {
    app.resetCounters();
    const result = await as(() =>
      recordSession('REC4', aSummary({ attendees: ['<script>'], endedAt: T0 - 1 })),
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_SESSION' } });
    expect(app.counters().kvsTotal).toBe(0);
    expect(await as(() => listSessions('REC4'))).toEqual([]);
  });

  it('given sessions of two spaces and several ends, when listed since an instant, then only that space, ended since then, oldest first', async () => {
    await as(async () => {
      await recordSession('REC5', aSummary({ session: 3, endedAt: T0 + 3 * HOUR }));
      await recordSession('REC5', aSummary({ session: 1, endedAt: T0 + HOUR }));
      await recordSession(
        'REC5',
        aSummary({ kind: 'thirty-five', boardId: '1.x', session: 2, endedAt: T0 + 2 * HOUR }),
      );
      await recordSession('REC6', aSummary({ session: 9, endedAt: T0 + 2 * HOUR }));
    });
    const since = await as(() => listSessions('REC5', T0 + 2 * HOUR));
    expect(since.map((s) => [s.boardId, s.session])).toEqual([
      ['1.x', 2],
      [`${HOME_PAGE_ID}.macro-1`, 3],
    ]);
    expect(await as(() => listSessions('REC5'))).toHaveLength(3);
  });

  it('given a space at the cap, when a new session is recorded, then SESSIONS_FULL and nothing written; an already recorded one is still replaced', async () => {
    const space = 'FULL';
    // Fill the space to the cap straight through the real KVS, 25 rows a batch (Forge's batch max).
    await as(async () => {
      for (let from = 0; from < SESSION_RECORDS_MAX; from += 25) {
        const batch = Array.from({ length: Math.min(25, SESSION_RECORDS_MAX - from) }, (_, i) => {
          const summary = aSummary({ boardId: `b.${from + i}`, endedAt: T0 + from + i });
          const row: SessionRow = {
            spaceKey: space,
            kind: summary.kind,
            endedAt: summary.endedAt,
            data: summary,
          };
          return {
            key: keys.sessionRecord(space, summary.boardId, 1),
            value: row,
            entityName: ENTITY.session,
          };
        });
        const written = await kvs.batchSet(batch);
        expect(written.failedKeys).toEqual([]);
      }
    });
    app.resetCounters();
    const refused = await as(() => recordSession(space, aSummary({ boardId: 'b.new' })));
    expect(refused).toMatchObject({ ok: false, error: { code: 'SESSIONS_FULL' } });
    expect(writes()).toBe(0);
    const replaced = await as(() =>
      recordSession(space, aSummary({ boardId: 'b.7', takeaways: 9 })),
    );
    expect(replaced).toMatchObject({ ok: true, value: { outcome: 'replaced' } });
    const all = await as(() => listSessions(space));
    expect(all).toHaveLength(SESSION_RECORDS_MAX);
    expect(all.find((s) => s.boardId === 'b.7')?.takeaways).toBe(9);
  }, 180_000);
});
