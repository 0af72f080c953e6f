/**
 * The community's role table (README "Who may do what", SECURITY.md), every cell through the
 * resolvers in the local host with the demo users: Sam administers COP; Alice is made a curator by
 * Sam; Bob joins the rotation himself; Chloé can view and create pages but holds no role; Finn is a
 * read-only visitor; Eve writes the topics the cells act on (he may view the space, not create pages in it). An allowed cell answers ok;
 * a refused one answers its code and leaves the KVS log byte for byte as it was.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BacklogChange, BacklogView } from '../../../src/contract/backlog';
import type { ApiResult } from '../../../src/contract/result';
import type { SettingsView } from '../../../src/contract/settings';
import { startAppHost, USERS, type AppHost } from '../../support/app-host';
import { clientFor } from './support';

let app: AppHost;

const page = (accountId: string) => clientFor(app, accountId, { moduleKey: 'topic-backlog-page' });

function data<T>(result: ApiResult<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.data;
}

const kvsLog = (): string => {
  const file = join(app.dataDir, 'kvs.jsonl');
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
};

let counter = 0;

/** A fresh topic added by Eve (nobody in the table), in the status asked for (put there by Sam). */
async function aTopic(status: 'proposed' | 'planned' | 'archived' | 'merged' = 'proposed') {
  counter += 1;
  const title = `Role table topic ${counter}`;
  data(await page(USERS.eve).invoke<BacklogChange>('backlog/add', { title }));
  const listed = data(await page(USERS.sam).invoke<BacklogView>('backlog/list', { top: 100 }));
  const id = listed.topics.find((t) => t.title === title)?.id;
  if (id === undefined) throw new Error(`${title} not listed`);
  if (status === 'planned') {
    data(await page(USERS.sam).invoke('backlog/plan', { topicId: id, date: '2026-12-16' }));
  }
  if (status === 'archived') data(await page(USERS.sam).invoke('backlog/archive', { topicId: id }));
  if (status === 'merged') {
    const other = await aTopic();
    data(await page(USERS.sam).invoke('backlog/merge', { intoId: other, fromId: id }));
  }
  return id;
}

beforeAll(async () => {
  app = await startAppHost();
  data(await page(USERS.sam).invoke('settings/addCurator', { curator: USERS.alice }));
  data(await page(USERS.bob).invoke('settings/joinRotation'));
  // Everyone's first community call is a view, which records their space check.
  for (const user of [USERS.alice, USERS.bob, USERS.chloe, USERS.finn, USERS.sam]) {
    data(await page(user).invoke('backlog/list', {}));
    data(await page(user).invoke('settings/get'));
  }
}, 180_000);

afterAll(async () => {
  await app.close();
});

type Who = 'sam' | 'alice' | 'bob' | 'chloe' | 'finn';
const EVERYONE: readonly Who[] = ['sam', 'alice', 'bob', 'chloe', 'finn'];

interface Cell {
  /** What is done, as the table names it. */
  readonly action: string;
  /** Who may; everyone else gets `refused`. */
  readonly allowed: readonly Who[];
  readonly refused: string;
  /** Prepares the cell (as others) and gives the call to send as the person in the cell. */
  readonly prepare: () => Promise<(who: string) => Promise<ApiResult<unknown>>>;
}

const ADMIN: readonly Who[] = ['sam'];
const CURATORS: readonly Who[] = ['sam', 'alice'];
const ROTATION: readonly Who[] = ['sam', 'alice', 'bob'];
const CAN_CREATE: readonly Who[] = ['sam', 'alice', 'bob', 'chloe'];

const TABLE: readonly Cell[] = [
  {
    action: 'add a topic',
    allowed: EVERYONE,
    refused: '',
    prepare: () =>
      Promise.resolve((who: string) =>
        page(who).invoke('backlog/add', { title: `Added by someone ${counter++}` }),
      ),
  },
  {
    action: 'volunteer to lead',
    allowed: EVERYONE,
    refused: '',
    prepare: async () => {
      const topicId = await aTopic();
      return (who) => page(who).invoke('backlog/volunteer', { topicId });
    },
  },
  {
    action: "edit someone else's topic",
    allowed: CURATORS,
    refused: 'NOT_AUTHOR',
    prepare: async () => {
      const topicId = await aTopic();
      return (who) => page(who).invoke('backlog/edit', { topicId, title: 'Edited' });
    },
  },
  {
    action: 'plan a topic',
    allowed: ROTATION,
    refused: 'NOT_FACILITATOR',
    prepare: async () => {
      const topicId = await aTopic();
      return (who) => page(who).invoke('backlog/plan', { topicId, date: '2026-12-30' });
    },
  },
  {
    action: 'unplan a topic',
    allowed: ROTATION,
    refused: 'NOT_FACILITATOR',
    prepare: async () => {
      const topicId = await aTopic('planned');
      return (who) => page(who).invoke('backlog/unplan', { topicId });
    },
  },
  {
    action: 'move a topic',
    allowed: ROTATION,
    refused: 'NOT_FACILITATOR',
    prepare: async () => {
      const topicId = await aTopic();
      return (who) => page(who).invoke('backlog/move', { topicId, afterId: null });
    },
  },
  {
    action: 'mark a topic discussed',
    allowed: ROTATION,
    refused: 'NOT_FACILITATOR',
    prepare: async () => {
      const topicId = await aTopic('planned');
      return (who) => page(who).invoke('backlog/markDiscussed', { topicId });
    },
  },
  {
    action: 'archive a topic',
    allowed: CURATORS,
    refused: 'NOT_CURATOR',
    prepare: async () => {
      const topicId = await aTopic();
      return (who) => page(who).invoke('backlog/archive', { topicId });
    },
  },
  {
    action: 'merge two topics',
    allowed: CURATORS,
    refused: 'NOT_CURATOR',
    prepare: async () => {
      const intoId = await aTopic();
      const fromId = await aTopic();
      return (who) => page(who).invoke('backlog/merge', { intoId, fromId });
    },
  },
  {
    action: 'restore an archived topic',
    allowed: CURATORS,
    refused: 'NOT_CURATOR',
    prepare: async () => {
      const topicId = await aTopic('archived');
      return (who) => page(who).invoke('backlog/restore', { topicId });
    },
  },
  {
    action: 'unmerge a merged topic',
    allowed: CURATORS,
    refused: 'NOT_CURATOR',
    prepare: async () => {
      const topicId = await aTopic('merged');
      return (who) => page(who).invoke('backlog/unmerge', { topicId });
    },
  },
  {
    action: 'rename the community',
    allowed: CURATORS,
    refused: 'NOT_CURATOR',
    prepare: () =>
      Promise.resolve((who: string) =>
        page(who).invoke('settings/update', { copName: `CoP ${counter++}` }),
      ),
  },
  {
    action: 'change the cadence',
    allowed: CURATORS,
    refused: 'NOT_CURATOR',
    prepare: () =>
      Promise.resolve((who: string) =>
        page(who).invoke('settings/update', {
          cadence: { sessionsPerMonth: (counter++ % 4) + 1, anchorDate: '2026-01-07' },
        }),
      ),
  },
  {
    action: 'add someone to the rotation (the whole list)',
    allowed: CURATORS,
    refused: 'NOT_CURATOR',
    prepare: async () => {
      const now = data(await page(USERS.sam).invoke<SettingsView>('settings/get'));
      const list = now.settings.rotation.facilitators;
      const facilitators = list.includes(USERS.dev)
        ? list.filter((a) => a !== USERS.dev)
        : [...list, USERS.dev];
      return (who) => page(who).invoke('settings/update', { facilitators });
    },
  },
  {
    action: 'remove someone else from the rotation',
    allowed: CURATORS,
    refused: 'NOT_CURATOR',
    prepare: async () => {
      data(await page(USERS.eve).invoke('settings/joinRotation'));
      return (who) => page(who).invoke('settings/removeFacilitator', { facilitator: USERS.eve });
    },
  },
  {
    action: 'move someone in the rotation',
    allowed: CURATORS,
    refused: 'NOT_CURATOR',
    prepare: async () => {
      data(await page(USERS.eve).invoke('settings/joinRotation'));
      return (who) =>
        page(who).invoke('settings/moveFacilitator', { facilitator: USERS.eve, by: -1 });
    },
  },
  {
    action: 'pass the facilitator turn',
    allowed: ROTATION,
    refused: 'NOT_FACILITATOR',
    prepare: () => Promise.resolve((who: string) => page(who).invoke('settings/advanceRotation')),
  },
  {
    action: 'add a curator',
    allowed: ADMIN,
    refused: 'NOT_SPACE_ADMIN',
    prepare: async () => {
      data(await page(USERS.sam).invoke('settings/removeCurator', { curator: USERS.dev }));
      return (who) => page(who).invoke('settings/addCurator', { curator: USERS.dev });
    },
  },
  {
    action: 'remove a curator',
    allowed: ADMIN,
    refused: 'NOT_SPACE_ADMIN',
    prepare: async () => {
      data(await page(USERS.sam).invoke('settings/addCurator', { curator: USERS.dev }));
      return (who) => page(who).invoke('settings/removeCurator', { curator: USERS.dev });
    },
  },
];

const cells = TABLE.flatMap((cell) =>
  EVERYONE.map((who) => [cell.action, who, cell.allowed.includes(who), cell] as const),
);

describe('the role table, through the resolvers', () => {
  it.each(cells)(
    '%s as %s: allowed = %s',
    async (_action, who, allowed, cell) => {
      const send = await cell.prepare();
      if (allowed) {
        expect(await send(USERS[who])).toMatchObject({ ok: true });
        return;
      }
      const before = kvsLog();
      expect(await send(USERS[who])).toMatchObject({ ok: false, error: { code: cell.refused } });
      expect(kvsLog()).toBe(before);
    },
    120_000,
  );

  it.each([
    ['joins the rotation', 'settings/joinRotation', CAN_CREATE, 'NO_CREATE_PERMISSION'],
  ] as const)(
    '%s: anyone who may create pages; Finn is refused',
    async (_a, name, who, code) => {
      for (const user of who) {
        const joined = data(await page(USERS[user]).invoke<SettingsView>(name));
        expect(joined.inRotation).toBe(true);
      }
      const before = kvsLog();
      expect(await page(USERS.finn).invoke(name)).toMatchObject({ ok: false, error: { code } });
      expect(kvsLog()).toBe(before);
    },
    120_000,
  );

  it('anyone, Finn included, reads the backlog, the archive, the settings and the CSV', async () => {
    for (const who of EVERYONE) {
      expect(await page(USERS[who]).invoke('backlog/list', {})).toMatchObject({ ok: true });
      expect(await page(USERS[who]).invoke('backlog/list', { archived: true })).toMatchObject({
        ok: true,
      });
      expect(await page(USERS[who]).invoke('settings/get')).toMatchObject({ ok: true });
      expect(await page(USERS[who]).invoke('backlog/csv', {})).toMatchObject({ ok: true });
    }
  }, 120_000);

  it('the views show each person their role and the controls it allows', async () => {
    const roleOf = async (who: Who) =>
      data(await page(USERS[who]).invoke<BacklogView>('backlog/list', {}));
    expect(await roleOf('sam')).toMatchObject({
      role: 'admin',
      canCurate: true,
      canFacilitate: true,
    });
    expect(await roleOf('alice')).toMatchObject({ role: 'curator', canCurate: true });
    expect(await roleOf('bob')).toMatchObject({
      role: 'rotation',
      canCurate: false,
      canFacilitate: true,
    });
    expect(await roleOf('finn')).toMatchObject({
      role: 'member',
      canCurate: false,
      canFacilitate: false,
    });
    const finn = data(await page(USERS.finn).invoke<SettingsView>('settings/get'));
    expect(finn).toMatchObject({ canJoin: false, canEdit: false, role: 'member' });
    const chloe = data(await page(USERS.chloe).invoke<SettingsView>('settings/get'));
    expect(chloe.canJoin).toBe(true);
  }, 120_000);
});
