/**
 * The personal-data trigger and the macros' adfExport, invoked the way Forge invokes those
 * functions (through the host's runtime, with the real @forge packages).
 */
import { kvs } from '@forge/kvs';
import type { ApiResult } from '../../../src/contract/result';
import type { AdfDoc } from '../../../src/services/adf-export';
import type { PrivacyReport } from '../../../src/services/privacy';
import { createSessionNotes } from '../../../src/services/notes';
import { keys } from '../../../src/storage/keys';
import { aThirtyFiveNotes } from '../../domain/session-notes/models';
import { startAppHost, USERS, type AppHost } from '../../support/app-host';
import { clientFor, invokeFunction } from './support';

let app: AppHost;

beforeAll(async () => {
  app = await startAppHost();
}, 60_000);

afterAll(async () => {
  await app.close();
});

const backlogPage = (accountId: string) =>
  clientFor(app, accountId, { moduleKey: 'topic-backlog-page' });

function ok<T>(result: ApiResult<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.data;
}

async function runTrigger(): Promise<PrivacyReport> {
  return (await invokeFunction(app, 'privacy-report', {
    context: { cloudId: 'local', moduleKey: 'personal-data-report' },
  })) as PrivacyReport;
}

describe('personal data reporting', () => {
  it('given stored account ids and one closed account, when the weekly trigger runs, then every id is reported and the closed one is erased', async () => {
    // Eve authors a topic, Dev leads it; Eve also has a participant record of a game.
    ok(await backlogPage(USERS.eve).invoke('backlog/add', { title: 'Eve’s topic' }));
    ok(await backlogPage(USERS.dev).invoke('backlog/add', { title: 'Dev’s topic' }));
    const list = ok(
      await backlogPage(USERS.bob).invoke<{ topics: { id: string; title: string }[] }>(
        'backlog/list',
        {},
      ),
    );
    const evesTopic = list.topics.find((t) => t.title === 'Eve’s topic');
    ok(await backlogPage(USERS.dev).invoke('backlog/volunteer', { topicId: evesTopic?.id }));
    const evesCard = `p:macro-privacy:card:${USERS.eve}`;
    await app.host.runtime.runAs({}, () => kvs.set(evesCard, { text: 'Eve’s card' }));

    app.host.confluence.closeAccount(USERS.eve);
    const report = await runTrigger();

    expect(report.closed).toEqual([USERS.eve]);
    expect(report.reported).toBeGreaterThanOrEqual(2);
    // Her card, the record that Confluence showed her the space, and her display name cached when
    // Bob's list showed her topic (each keyed by her account).
    expect(report.deleted).toBe(3);
    expect(report.redacted).toBe(1);
    await expect(app.host.runtime.runAs({}, () => kvs.get(evesCard))).resolves.toBeUndefined();
    const after = ok(
      await backlogPage(USERS.bob).invoke<{
        topics: { title: string; createdBy: string; lead?: string }[];
      }>('backlog/list', {}),
    );
    const evesAfter = after.topics.find((t) => t.title === 'Eve’s topic');
    expect(evesAfter?.createdBy).toMatch(/^closed-account\.[0-9a-f]{16}$/);
    expect(evesAfter?.lead).toBe(USERS.dev);
    expect(after.topics.find((t) => t.title === 'Dev’s topic')?.createdBy).toBe(USERS.dev);
  });

  it('given the erasure already ran, when the trigger runs again, then nothing of the closed account is left', async () => {
    const report = await runTrigger();
    expect(report).toMatchObject({ closed: [], deleted: 0, redacted: 0, undeclared: 0 });
  });

  it('given a 70121:<uuid> account (a shape the old patterns missed) with a card and a lead, when it is closed, then it is reported, its card deleted and its lead replaced by its own marker', async () => {
    const other = '70121:0f8fad5b-d9cb-469f-a165-70867728950e';
    const card = `p:98305.macro-privacy-70121:card:${other}`;
    await app.host.runtime.runAs({}, () => kvs.set(card, { by: other, text: 'A card' }));
    ok(await backlogPage(USERS.bob).invoke('backlog/add', { title: 'Led by 70121' }));
    const list = ok(
      await backlogPage(USERS.bob).invoke<{ topics: { id: string; title: string }[] }>(
        'backlog/list',
        {},
      ),
    );
    const topicId = list.topics.find((t) => t.title === 'Led by 70121')?.id ?? '';
    const key = keys.backlogTopic('COP', topicId);
    await app.host.runtime.runAs({}, async () => {
      const row = await kvs.entity<{ data: Record<string, unknown> }>('topic').get(key);
      if (row === undefined) throw new Error(`no topic row ${key}`);
      await kvs.entity('topic').set(key, { ...row, data: { ...row.data, lead: other } });
    });

    app.host.confluence.closeAccount(other);
    const report = await runTrigger();

    expect(report.closed).toEqual([other]);
    expect(report).toMatchObject({ deleted: 1, redacted: 1, busy: 0, undeclared: 0 });
    await expect(app.host.runtime.runAs({}, () => kvs.get(card))).resolves.toBeUndefined();
    const after = ok(
      await backlogPage(USERS.bob).invoke<{ topics: { title: string; lead?: string }[] }>(
        'backlog/list',
        {},
      ),
    );
    const lead = after.topics.find((t) => t.title === 'Led by 70121')?.lead ?? '';
    expect(lead).toMatch(/^closed-account\.[0-9a-f]{16}$/);
    const eves = after.topics.find((t) => t.title === 'Eve’s topic') as { createdBy?: string };
    expect(lead).not.toBe(eves.createdBy);
  });
});

describe('adfExport', () => {
  /** The export event of a macro on the COP home page (`context.extension.content.id`). */
  async function exportOf(localId: string, moduleKey: string, pageId = '98305'): Promise<AdfDoc> {
    return (await invokeFunction(app, 'adf-export', {
      exportType: 'pdf',
      context: { localId, moduleKey, extension: { content: { id: pageId } } },
    })) as AdfDoc;
  }

  it('given a game that has not ended, when the page is exported, then the export says so', async () => {
    const doc = await exportOf('macro-not-ended', 'lean-coffee');
    expect(doc).toMatchObject({ version: 1, type: 'doc' });
    expect(JSON.stringify(doc)).toContain('Lean Coffee');
    expect(JSON.stringify(doc)).toContain('has not ended yet');
  });

  it('given a Thirty Five whose notes were created, when exported, then the ranking table and a link to the notes', async () => {
    const caller = {
      accountId: USERS.alice,
      localId: 'macro-exported',
      moduleKey: 'thirty-five',
      claimed: { contentId: '98305', spaceId: '65537', spaceKey: 'COP' },
    };
    const model = aThirtyFiveNotes({ topic: { title: 'Exported <b>game</b>' } });
    const notes = await app.host.runtime.runAs({ accountId: USERS.alice }, () =>
      createSessionNotes(
        caller,
        { spaceId: '65537', spaceKey: 'COP' },
        { id: 'export-job', board: '98305.macro-exported' },
        model,
      ),
    );
    const created = ok(notes);
    const doc = await exportOf('macro-exported', 'thirty-five');
    const json = JSON.stringify(doc);
    const table = doc.content.find((n) => n.type === 'table');
    expect(table?.content?.length).toBe(
      1 + (model.kind === 'thirty-five' ? model.thirtyFive.ranking.length : 0),
    );
    expect(json).toContain('"text":"Exported <b>game</b> — 2026-11-24"');
    expect(json).toContain(created.url);
  });
});
