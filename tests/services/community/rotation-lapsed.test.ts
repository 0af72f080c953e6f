/**
 * Issue 11: a place in the rotation holds only while Confluence lets the person create pages in
 * the space. The state "in the rotation, without `create` on `page`" is reached as it is in a real
 * site when someone loses the permission after joining: the local host's read-only visitor (Finn)
 * is put in the rotation by a space admin (who can place people without Confluence being asked
 * about them). Every rotation-only action he then tries is asked of Confluence as him, answers
 * NOT_ALLOWED with its sentence, and leaves the KVS log byte for byte as it was; Bob, in the
 * rotation with the permission, still acts.
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

async function aTopic(title: string): Promise<string> {
  data(await page(USERS.eve).invoke<BacklogChange>('backlog/add', { title }));
  const listed = data(await page(USERS.sam).invoke<BacklogView>('backlog/list', { top: 100 }));
  const id = listed.topics.find((t) => t.title === title)?.id;
  if (id === undefined) throw new Error(`${title} not listed`);
  return id;
}

beforeAll(async () => {
  app = await startAppHost();
  data(await page(USERS.bob).invoke('settings/joinRotation'));
  // Finn cannot join himself (no `create` on `page`): a space admin puts him in the rotation.
  const current = data(await page(USERS.sam).invoke<SettingsView>('settings/get'));
  data(
    await page(USERS.sam).invoke('settings/update', {
      facilitators: [...current.settings.rotation.facilitators, USERS.finn],
    }),
  );
  for (const user of [USERS.bob, USERS.finn, USERS.sam, USERS.eve]) {
    data(await page(user).invoke('backlog/list', {}));
    data(await page(user).invoke('settings/get'));
  }
}, 180_000);

afterAll(async () => {
  await app.close();
});

const LAPSED = {
  ok: false,
  error: {
    code: 'NOT_ALLOWED',
    message: expect.stringContaining(
      'Confluence no longer lets you create pages in this space',
    ) as unknown,
  },
};

describe('a rotation member who may no longer create pages', () => {
  it('is listed in the rotation (the state a lost permission leaves)', async () => {
    const view = data(await page(USERS.sam).invoke<SettingsView>('settings/get'));
    expect(view.settings.rotation.facilitators).toEqual(
      expect.arrayContaining([USERS.bob, USERS.finn]),
    );
  });

  it('keeps no rotation power: plan, unplan, move, mark discussed, start a session, pass the turn are refused and change nothing', async () => {
    const planned = await aTopic('Lapsed rotation: planned');
    data(await page(USERS.bob).invoke('backlog/plan', { topicId: planned, date: '2026-12-16' }));
    const proposed = await aTopic('Lapsed rotation: proposed');
    const calls: readonly [string, unknown][] = [
      ['backlog/plan', { topicId: proposed, date: '2026-12-30' }],
      ['backlog/unplan', { topicId: planned }],
      ['backlog/move', { topicId: proposed, afterId: null }],
      ['backlog/markDiscussed', { topicId: planned }],
      ['notes/startSession', { topicId: planned }],
      ['settings/advanceRotation', {}],
    ];
    for (const [name, payload] of calls) {
      const before = kvsLog();
      const answer = await page(USERS.finn).invoke(name, payload);
      expect({ name, answer }).toMatchObject({ name, answer: LAPSED });
      expect(kvsLog()).toBe(before);
    }
  }, 120_000);

  it('Bob, in the rotation with the permission, still plans', async () => {
    const topicId = await aTopic('Lapsed rotation: Bob plans');
    expect(
      await page(USERS.bob).invoke('backlog/plan', { topicId, date: '2027-01-13' }),
    ).toMatchObject({ ok: true });
  }, 60_000);
});
