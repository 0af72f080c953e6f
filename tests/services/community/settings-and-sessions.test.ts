/** Settings and "start a session" (it chooses the next CoP Session topic) through the resolvers. */
import type { BacklogView } from '../../../src/contract/backlog';
import type { StartSessionAnswer } from '../../../src/contract/deep-dive-start';
import type { ApiResult } from '../../../src/contract/result';
import type { FindPageView, SettingsView } from '../../../src/contract/settings';
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

describe('settings', () => {
  it('given a new space, when read, then the defaults and nobody may edit but the space admin', async () => {
    const asBob = ok(await page(USERS.bob).invoke<SettingsView>('settings/get'));
    expect(asBob.settings.copName).toBe('Community of Practice');
    expect(asBob.settings.defaults).toEqual({
      rounds: 5,
      pointsPerPair: 7,
      dots: 3,
      timeboxMinutes: 8,
      meetingMinutes: 60,
    });
    expect(asBob.canEdit).toBe(false);
    // Nobody named the community or put it on the calendar: the first-run set-up is due.
    expect(asBob.configured).toBe(false);
    expect(asBob.nextSessionDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(ok(await page(USERS.sam).invoke<SettingsView>('settings/get')).canEdit).toBe(true);
  });

  it('given the space admin, when they set name, cadence, rotation and defaults, then every member sees them', async () => {
    ok(
      await page(USERS.sam).invoke('settings/update', {
        copName: 'Scrum Master CoP',
        cadence: { sessionsPerMonth: 4, anchorDate: '2026-11-04' },
        facilitators: [USERS.alice, USERS.bob],
        defaults: { dots: 5 },
      }),
    );
    const view = ok(await page(USERS.chloe).invoke<SettingsView>('settings/get'));
    expect(view.settings).toMatchObject({
      copName: 'Scrum Master CoP',
      cadence: { sessionsPerMonth: 4, anchorDate: '2026-11-04' },
      rotation: { facilitators: [USERS.alice, USERS.bob], next: 0 },
      defaults: { dots: 5, rounds: 5 },
    });
    expect(view.nextFacilitator).toBe(USERS.alice);
    expect(view.names[USERS.bob]).toBe('Bob Scrum Master');
    expect(view.configured).toBe(true);
  });

  it('given page titles, when anyone searches this space for one, then only a page of this space they can see is found', async () => {
    const found = ok(
      await page(USERS.bob).invoke<FindPageView>('settings/findPage', {
        title: ' Scrum Master CoP Home ',
      }),
    );
    expect(found.pages).toEqual([
      expect.objectContaining({ pageId: '98305', title: 'Scrum Master CoP Home' }),
    ]);
    expect(found.pages[0]?.url).toMatch(/^https?:\/\//);
    // Another space's page, a title nobody wrote, and an empty title find nothing.
    for (const title of ['Platform Guild Home', 'No such page', '  ']) {
      expect(
        ok(await page(USERS.bob).invoke<FindPageView>('settings/findPage', { title })).pages,
      ).toEqual([]);
    }
    expect(
      await page(USERS.bob).invoke('settings/findPage', { title: 'x'.repeat(256) }),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
  });

  it('given a facilitator in the rotation, when they pass the turn, then the next one is up', async () => {
    const view = ok(await page(USERS.alice).invoke<SettingsView>('settings/advanceRotation'));
    expect(view.nextFacilitator).toBe(USERS.bob);
  });

  it('given a notes parent page, when it exists it is kept, when it does not exist the answer is NOT_FOUND', async () => {
    const kept = ok(
      await page(USERS.sam).invoke<SettingsView>('settings/update', {
        notesParentPageId: '98305',
      }),
    );
    expect(kept.settings.notesParentPageId).toBe('98305');
    expect(
      await page(USERS.sam).invoke('settings/update', { notesParentPageId: '424242' }),
    ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const cleared = ok(
      await page(USERS.sam).invoke<SettingsView>('settings/update', { notesParentPageId: null }),
    );
    expect(cleared.settings.notesParentPageId).toBeUndefined();
  });

  it.each([
    ['a cadence of 5 a month', { cadence: { sessionsPerMonth: 5, anchorDate: '2026-11-04' } }],
    ['an empty name', { copName: '   ' }],
    ['0 rounds', { defaults: { rounds: 0 } }],
    ['a parent page id that is not a number', { notesParentPageId: '../x' }],
    ['a facilitator that is not an account id', { facilitators: ['<b>'] }],
  ])('given %s, when saved, then INVALID_PAYLOAD', async (_name, payload) => {
    const result = await page(USERS.sam).invoke('settings/update', payload);
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
  });
});

describe('start a session on a backlog topic', () => {
  it('given a topic, when the facilitator starts a session twice, then it is the next CoP Session topic both times and no notes page is written', async () => {
    ok(await page(USERS.chloe).invoke('backlog/add', { title: 'Metrics that matter' }));
    const topic = ok(await page(USERS.bob).invoke<BacklogView>('backlog/list', {})).topics.find(
      (t) => t.title === 'Metrics that matter',
    );
    if (!topic) throw new Error('topic missing');
    ok(await page(USERS.chloe).invoke('backlog/volunteer', { topicId: topic.id }));
    ok(await page(USERS.alice).invoke('backlog/plan', { topicId: topic.id, date: '2026-12-02' }));
    const pagesBefore = app.host.confluence.createdPages().length;

    const first = ok(
      await page(USERS.alice).invoke<StartSessionAnswer>('notes/startSession', {
        topicId: topic.id,
      }),
    );
    const second = ok(
      await page(USERS.alice).invoke<StartSessionAnswer>('notes/startSession', {
        topicId: topic.id,
      }),
    );
    expect(second).toEqual(first);
    expect(first).toMatchObject({ topicId: topic.id, title: 'Metrics that matter', macro: null });
    expect(app.host.confluence.createdPages()).toHaveLength(pagesBefore);
    const listed = ok(await page(USERS.bob).invoke<BacklogView>('backlog/list', {})).topics.find(
      (t) => t.id === topic.id,
    );
    expect(listed).toMatchObject({ status: 'planned', lead: USERS.chloe });
    expect(listed?.notesPage).toBeUndefined();
  });
});
