/**
 * Issue 11, replayed through the resolvers in the local host with the real @forge packages: each
 * attack as it was found, now refused or harmless; curation reversible and attributed, with the
 * history; every community cap filled to its limit, the next write refused with its code and
 * sentence, and every view still working (paged, within Forge's sizes).
 */
import type {
  BacklogChange,
  BacklogCsv,
  BacklogView,
  RankCursor,
} from '../../../src/contract/backlog';
import type { ApiResult } from '../../../src/contract/result';
import type { SettingsView } from '../../../src/contract/settings';
import {
  TOPICS_PER_PERSON,
  TOPICS_PER_SPACE,
  type ThirtyFiveImport,
  type Topic,
} from '../../../src/domain/backlog';
import { HISTORY_MAX, ROTATION_MAX } from '../../../src/domain/community';
import { startAppHost, USERS, type AppHost } from '../../support/app-host';
import { clientFor } from './support';

let app: AppHost;

const page = (accountId: string) => clientFor(app, accountId, { moduleKey: 'topic-backlog-page' });
const macro = (accountId: string) =>
  clientFor(app, accountId, { moduleKey: 'topic-backlog-macro' });

function data<T>(result: ApiResult<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.data;
}

/** Forge's limits the caps are chosen against (platform-cost-study). */
const VALUE_MAX_BYTES = 240 * 1024;
const ANSWER_MAX_BYTES = 5 * 1024 * 1024;

const bytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value), 'utf8');

/** Every topic of the visible backlog (or the archive), page after page, as a person sees them. */
async function everyPage(
  who: string,
  archived = false,
): Promise<{ topics: Topic[]; pages: number; largest: number }> {
  const topics: Topic[] = [];
  let after: RankCursor | undefined;
  let pages = 0;
  let largest = 0;
  do {
    const answer = await page(who).invoke<BacklogView>('backlog/list', {
      ...(archived ? { archived } : {}),
      ...(after === undefined ? {} : { after }),
    });
    largest = Math.max(largest, bytes(answer));
    const view = data(answer);
    topics.push(...view.topics);
    after = view.next;
    pages += 1;
  } while (after !== undefined);
  return { topics, pages, largest };
}

/** Imports a Thirty Five result of `n` cards as Alice would at the end of a game (real service). */
async function importCards(gameId: string, texts: readonly string[], scores?: readonly number[]) {
  const { importGameToBacklog } = await import('../../../src/services/backlog');
  const caller = {
    accountId: USERS.alice,
    localId: `macro-${gameId}`,
    moduleKey: 'thirty-five',
    claimed: { contentId: '98305', spaceId: '65537', spaceKey: 'COP' },
  };
  const input: ThirtyFiveImport = {
    kind: 'thirty-five',
    gameId,
    pointsPerPair: 7,
    rounds: 5,
    cards: texts.map((text, i) => ({
      cardId: `c${i}`,
      text,
      normalised: scores?.[i] ?? 35 - (i % 35),
    })),
  };
  return app.host.runtime.runAs({ accountId: USERS.alice }, () =>
    importGameToBacklog(caller, { spaceId: '65537', spaceKey: 'COP' }, input),
  );
}

const titled = async (title: string): Promise<Topic> => {
  const found = (await everyPage(USERS.sam)).topics.find((t) => t.title === title);
  if (found === undefined) throw new Error(`${title} not listed`);
  return found;
};

beforeAll(async () => {
  app = await startAppHost();
  const sam = page(USERS.sam);
  data(await sam.invoke('settings/update', { copName: 'Scrum Master CoP' }));
  data(await sam.invoke('settings/addCurator', { curator: USERS.alice }));
  data(await page(USERS.bob).invoke('settings/joinRotation'));
  data(await page(USERS.chloe).invoke('settings/joinRotation'));
}, 180_000);

afterAll(async () => {
  await app.close();
});

describe('the attacks of issue 11, replayed', () => {
  it('a read-only visitor joins the rotation: refused, Confluence does not let him create pages', async () => {
    const answer = await page(USERS.finn).invoke('settings/joinRotation');
    expect(answer).toMatchObject({
      ok: false,
      error: {
        code: 'NO_CREATE_PERMISSION',
        message: expect.stringContaining('permission to create pages') as unknown,
      },
    });
    const view = data(await page(USERS.sam).invoke<SettingsView>('settings/get'));
    expect(view.settings.rotation.facilitators).not.toContain(USERS.finn);
  });

  it('a rotation member removes the other facilitators, merges and archives the backlog, renames the community, re-points the notes parent: all refused, nothing changed', async () => {
    const a = (await importCards('attack', ['Pairing on stories', 'Sprint goals'])).ok;
    expect(a).toBe(true);
    const one = await titled('Pairing on stories');
    const two = await titled('Sprint goals');
    const settingsBefore = data(await page(USERS.sam).invoke<SettingsView>('settings/get'));
    const backlogBefore = (await everyPage(USERS.sam)).topics;
    const bob = page(USERS.bob);
    const refused = [
      await bob.invoke('settings/removeFacilitator', { facilitator: USERS.chloe }),
      await bob.invoke('settings/update', { facilitators: [USERS.bob] }),
      await bob.invoke('backlog/merge', { intoId: one.id, fromId: two.id }),
      await bob.invoke('backlog/archive', { topicId: one.id }),
      await bob.invoke('settings/update', { copName: 'Owned' }),
      await bob.invoke('settings/update', { notesParentPageId: '98305' }),
    ];
    for (const answer of refused) {
      expect(answer).toMatchObject({
        ok: false,
        error: {
          code: 'NOT_CURATOR',
          message: expect.stringMatching(
            /^Only a curator or a space admin can (do|change) this\.$/,
          ) as unknown,
        },
      });
    }
    expect(data(await page(USERS.sam).invoke<SettingsView>('settings/get')).settings).toEqual(
      settingsBefore.settings,
    );
    expect((await everyPage(USERS.sam)).topics).toEqual(backlogBefore);
  }, 120_000);

  it('an archive is attributed, shown in the history, and restorable by a curator to its status before', async () => {
    expect((await importCards('restore', ['Definition of done'])).ok).toBe(true);
    const topic = await titled('Definition of done');
    data(await page(USERS.bob).invoke('backlog/plan', { topicId: topic.id, date: '2026-12-16' }));
    data(await page(USERS.alice).invoke('backlog/archive', { topicId: topic.id }));
    const archived = (await everyPage(USERS.finn, true)).topics.find((t) => t.id === topic.id);
    expect(archived).toMatchObject({
      status: 'archived',
      archivedFrom: 'planned',
      statusBy: USERS.alice,
      statusAt: expect.any(Number) as unknown,
    });
    const history = data(await page(USERS.finn).invoke<BacklogView>('backlog/list', {})).history;
    expect(history?.[0]).toMatchObject({
      by: USERS.alice,
      action: 'topic-archived',
      title: 'Definition of done',
    });
    expect(history?.[1]).toMatchObject({
      by: USERS.bob,
      action: 'topic-planned',
      value: '2026-12-16',
    });
    data(await page(USERS.alice).invoke('backlog/restore', { topicId: topic.id }));
    const back = await titled('Definition of done');
    expect(back).toMatchObject({
      status: 'planned',
      plannedDate: '2026-12-16',
      statusBy: USERS.alice,
    });
    expect(back).not.toHaveProperty('archivedFrom');
    const after = data(await page(USERS.finn).invoke<BacklogView>('backlog/list', {})).history;
    expect(after?.[0]).toMatchObject({ by: USERS.alice, action: 'topic-restored' });
  }, 120_000);

  it('a merge is undone by an unmerge: both topics as before, the merged score split back', async () => {
    // Normalised 28 and 14 of 35: scores 80 and 40.
    expect(
      (await importCards('unmerge', ['Flow metrics', 'Flow metric dashboards'], [28, 14])).ok,
    ).toBe(true);
    const a = await titled('Flow metrics');
    const b = await titled('Flow metric dashboards');
    expect([a.score, b.score]).toEqual([80, 40]);
    data(await page(USERS.alice).invoke('backlog/merge', { intoId: a.id, fromId: b.id }));
    expect((await titled('Flow metrics')).score).toBe(120);
    data(await page(USERS.sam).invoke('backlog/unmerge', { topicId: b.id }));
    const { statusBy: _by, statusAt: _at, ...bBack } = await titled('Flow metric dashboards');
    expect(await titled('Flow metrics')).toEqual(a);
    expect(bBack).toEqual(b);
    const history = data(await page(USERS.bob).invoke<BacklogView>('backlog/list', {})).history;
    expect(history?.slice(0, 2)).toMatchObject([
      { by: USERS.sam, action: 'topic-unmerged', otherTitle: 'Flow metrics' },
      { by: USERS.alice, action: 'topic-merged', title: 'Flow metric dashboards' },
    ]);
  }, 120_000);

  it(`one viewer adds topics until refused at ${TOPICS_PER_PERSON}; the page and CSV still work for everyone`, async () => {
    const finn = page(USERS.finn);
    for (let i = 0; i < TOPICS_PER_PERSON; i += 1) {
      data(await finn.invoke<BacklogChange>('backlog/add', { title: `Spam ${i}` }));
    }
    expect(await finn.invoke('backlog/add', { title: 'Spam one more' })).toEqual({
      ok: false,
      error: {
        code: 'TOO_MANY_TOPICS',
        message: `You already have ${TOPICS_PER_PERSON} topics in this backlog, the most one person may add. Once some are discussed and archived you can add more.`,
      },
    });
    for (const who of [USERS.bob, USERS.finn, USERS.sam]) {
      const first = data(await page(who).invoke<BacklogView>('backlog/list', {}));
      expect(first.topics).toHaveLength(50);
      expect(first.next).toBeDefined();
      expect(data(await page(who).invoke<BacklogCsv>('backlog/csv', {})).csv).toContain('Spam 99');
    }
    // Someone else still adds.
    expect(await page(USERS.chloe).invoke('backlog/add', { title: 'A real topic' })).toMatchObject({
      ok: true,
    });
  }, 300_000);
});

describe('caps at their limits', () => {
  it(`the rotation holds ${ROTATION_MAX} people: the next join is refused`, async () => {
    const fill = Array.from(
      { length: ROTATION_MAX },
      (_, i) => `557058:00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    );
    data(await page(USERS.sam).invoke('settings/update', { facilitators: fill }));
    expect(await page(USERS.dev).invoke('settings/joinRotation')).toEqual({
      ok: false,
      error: {
        code: 'ROTATION_FULL',
        message: `The rotation already has ${ROTATION_MAX} facilitators, its maximum.`,
      },
    });
    const view = data(await page(USERS.dev).invoke<SettingsView>('settings/get'));
    expect(view.settings.rotation.facilitators).toHaveLength(ROTATION_MAX);
    expect(bytes(view.settings)).toBeLessThan(VALUE_MAX_BYTES);
    data(await page(USERS.sam).invoke('settings/update', { facilitators: [USERS.bob] }));
  }, 120_000);

  it('the curators list holds 20: the next is refused', async () => {
    const sam = page(USERS.sam);
    const have = data(await sam.invoke<SettingsView>('settings/get')).settings.curators ?? [];
    for (let i = have.length; i < 20; i += 1) {
      data(
        await sam.invoke('settings/addCurator', {
          curator: `557058:00000000-0000-4000-9000-${String(i).padStart(12, '0')}`,
        }),
      );
    }
    expect(await sam.invoke('settings/addCurator', { curator: USERS.dev })).toEqual({
      ok: false,
      error: {
        code: 'CURATORS_FULL',
        message: 'The community already has 20 curators, its maximum.',
      },
    });
    expect(data(await sam.invoke<SettingsView>('settings/get')).settings.curators).toHaveLength(20);
  }, 120_000);

  it(`the history keeps the last ${HISTORY_MAX} changes, newest first`, async () => {
    const sam = page(USERS.sam);
    for (let i = 0; i < HISTORY_MAX + 5; i += 1) {
      data(await sam.invoke('settings/update', { copName: `Scrum Master CoP ${i}` }));
    }
    const history = data(await page(USERS.finn).invoke<BacklogView>('backlog/list', {})).history;
    expect(history).toHaveLength(HISTORY_MAX);
    expect(history?.[0]).toMatchObject({
      action: 'renamed',
      value: `Scrum Master CoP ${HISTORY_MAX + 4}`,
    });
    expect(history?.[HISTORY_MAX - 1]).toMatchObject({
      action: 'renamed',
      value: 'Scrum Master CoP 5',
    });
    expect(bytes(history)).toBeLessThan(VALUE_MAX_BYTES);
  }, 300_000);

  it(`the backlog holds ${TOPICS_PER_SPACE} topics of the largest size: the next add, import or restore is refused; every view pages and the CSV stays under 5 MiB`, async () => {
    const visible = (await everyPage(USERS.sam)).topics.length;
    // The largest card text: 200 characters of 4-byte emoji (title 120, the rest in details).
    const text = '🧪'.repeat(200);
    let game = 0;
    for (let left = TOPICS_PER_SPACE - visible; left > 0; left -= 200) {
      game += 1;
      const n = Math.min(200, left);
      const imported = await importCards(
        `fill-${game}`,
        Array.from({ length: n }, (_, i) => `${i} ${text}`.slice(0, 200)),
      );
      expect(imported).toMatchObject({ ok: true, data: { imported: n } });
    }
    const all = await everyPage(USERS.finn);
    expect(all.topics).toHaveLength(TOPICS_PER_SPACE);
    expect(new Set(all.topics.map((t) => t.id)).size).toBe(TOPICS_PER_SPACE);
    expect(all.pages).toBe(TOPICS_PER_SPACE / 50);
    expect(all.largest).toBeLessThan(ANSWER_MAX_BYTES);
    for (const topic of all.topics) {
      expect(bytes(topic)).toBeLessThan(VALUE_MAX_BYTES);
    }
    const full = {
      ok: false,
      error: {
        code: 'BACKLOG_FULL',
        message: `The backlog already holds ${TOPICS_PER_SPACE} topics, its maximum. A curator archives or merges some to make room.`,
      },
    };
    expect(await page(USERS.eve).invoke('backlog/add', { title: 'One too many' })).toEqual(full);
    expect(await importCards('one-more', ['One card too many'])).toEqual(full);
    // Archiving makes room; restoring it again at the cap is refused once the room is taken.
    const last = all.topics[all.topics.length - 1] as Topic;
    data(await page(USERS.alice).invoke('backlog/archive', { topicId: last.id }));
    data(await page(USERS.eve).invoke('backlog/add', { title: 'Took the free place' }));
    expect(await page(USERS.alice).invoke('backlog/restore', { topicId: last.id })).toEqual(full);
    // The views: the macro's top 100, the CSV, the archive, for a read-only visitor.
    const top = data(await macro(USERS.finn).invoke<BacklogView>('backlog/list', { top: 100 }));
    expect(top.topics).toHaveLength(100);
    const started = Date.now();
    const csvAnswer = await page(USERS.finn).invoke<BacklogCsv>('backlog/csv', {});
    // Measured, not asserted (the time depends on the machine): for the report and the README.
    console.info(
      `CSV of ${TOPICS_PER_SPACE} largest topics: ${bytes(csvAnswer)} bytes answered in ${Date.now() - started} ms; largest backlog page ${all.largest} bytes`,
    );
    expect(bytes(csvAnswer)).toBeLessThan(ANSWER_MAX_BYTES);
    const csv = data(csvAnswer).csv;
    expect(csv.split('\r\n')).toHaveLength(TOPICS_PER_SPACE + 2);
    expect((await everyPage(USERS.finn, true)).topics.length).toBeGreaterThan(0);
  }, 600_000);
});
