/**
 * Session-notes pages through the local host (real @forge/api, @forge/kvs): idempotent jobs that
 * survive a failure after the page write, title clashes, the parent created once, a permission
 * error as a clear message, and hostile user text reaching the page as text only.
 */
import { kvs } from '@forge/kvs';
import type { KvsResponse } from '../../../emulator/kvs-service';
import type { ConfluenceResponse } from '../../../emulator/confluence-service';
import type { ApiResult } from '../../../src/contract/result';
import { renderNotesPage, type NotesModel } from '../../../src/domain/session-notes';
import type { Caller } from '../../../src/resolvers/define';
import { createSessionNotes, NOTES_LEASE_MS, type CreatedNotes } from '../../../src/services/notes';
import { keys } from '../../../src/storage/keys';
import type { NotesJob } from '../../../src/storage/notes';
import { HOSTILE_TEXT, withoutIllegalXmlChars } from '../../fixtures/hostile-text';
import { aLeanCoffeeNotes, notesFilledWith } from '../../domain/session-notes/models';
import { isWellFormed, parseFragment } from '../../domain/session-notes/xml';
import { startAppHost, USERS, type AppHost } from '../../support/app-host';
import { follow } from '../../support/links';
import { clientFor } from './support';

let app: AppHost;
let seq = 0;

beforeAll(async () => {
  app = await startAppHost();
}, 60_000);

afterAll(async () => {
  await app.close();
});

function callerOf(accountId: string, localId = `macro-${++seq}`): Caller {
  return {
    accountId,
    localId,
    moduleKey: 'lean-coffee',
    claimed: { contentId: '98305', spaceId: '65537', spaceKey: 'COP' },
  };
}

/** Where the sessions ran: the COP space, as Confluence gave it. */
const COP = { spaceId: '65537', spaceKey: 'COP' };

/** Runs the service inside an invocation of the host, as `caller`. */
function create(
  caller: Caller,
  jobId: string,
  model: NotesModel,
): Promise<ApiResult<CreatedNotes>> {
  return app.host.runtime.runAs({ accountId: caller.accountId, moduleKey: 'lean-coffee' }, () =>
    createSessionNotes(caller, COP, { id: jobId, board: `98305.${caller.localId}` }, model),
  );
}

const pagesTitled = (prefix: string) =>
  app.host.confluence.createdPages().filter((p) => p.title.startsWith(prefix));

function aModel(topic: string, overrides: Partial<NotesModel> = {}): NotesModel {
  return aLeanCoffeeNotes({ topic: { title: topic }, ...overrides });
}

describe('creating a notes page', () => {
  it('given a game, when its notes are created, then one page under the "Session notes" parent, authored by the facilitator', async () => {
    const result = await create(callerOf(USERS.alice), 'job-first', aModel('First topic'));
    expect(result).toMatchObject({
      ok: true,
      data: { title: 'Scrum Master CoP session notes — 2026-11-24 — First topic' },
    });
    if (!result.ok) return;
    const page = app.host.confluence.page(result.data.pageId);
    expect(page?.authorId).toBe(USERS.alice);
    const parent = app.host.confluence.page(page?.parentId ?? '');
    expect(parent?.title).toBe('Session notes');
    // The parent indexes the sessions under it, newest first (Confluence's Children macro).
    expect(parent?.body).toContain('<ac:structured-macro ac:name="children"');
    expect(result.data.url).toContain(`/pages/${result.data.pageId}`);
  });

  it('given a second game, when its notes are created, then the parent page is not created again', async () => {
    await create(callerOf(USERS.alice), 'job-second', aModel('Second topic'));
    expect(
      app.host.confluence.createdPages().filter((p) => p.title === 'Session notes'),
    ).toHaveLength(1);
  });

  it('given the same job twice (a double click), when created, then one page and the same answer', async () => {
    const caller = callerOf(USERS.alice);
    const first = await create(caller, 'job-double', aModel('Double click'));
    const second = await create(caller, 'job-double', aModel('Double click'));
    expect(second).toEqual(first);
    expect(pagesTitled('Scrum Master CoP session notes — 2026-11-24 — Double click')).toHaveLength(
      1,
    );
  });

  it('given two jobs with the same title, when created, then the second gets the suffix (2), the third (3)', async () => {
    const titles = [];
    for (const job of ['clash-1', 'clash-2', 'clash-3']) {
      const r = await create(callerOf(USERS.alice), job, aModel('Same topic'));
      if (!r.ok) throw new Error(r.error.message);
      titles.push(r.data.title);
    }
    expect(titles).toEqual([
      'Scrum Master CoP session notes — 2026-11-24 — Same topic',
      'Scrum Master CoP session notes — 2026-11-24 — Same topic (2)',
      'Scrum Master CoP session notes — 2026-11-24 — Same topic (3)',
    ]);
  });
});

describe('a title someone else took', () => {
  it('given a page with the notes title written by a member by hand, when notes are created, then the suffix (2) and the member’s page is untouched', async () => {
    const title = 'Scrum Master CoP session notes — 2026-11-24 — Taken by hand';
    const manual = await app.host.confluence.handle(
      'POST',
      '/wiki/api/v2/pages',
      { spaceId: '65537', title, body: { representation: 'storage', value: '<p>mine</p>' } },
      { as: 'user', accountId: USERS.bob },
    );
    expect(manual.status).toBe(200);
    const result = await create(callerOf(USERS.alice), 'job-taken', aModel('Taken by hand'));
    expect(result).toMatchObject({ ok: true, data: { title: `${title} (2)` } });
    const mine = app.host.confluence.createdPages().filter((p) => p.title === title);
    expect(mine.map((p) => [p.authorId, p.body])).toEqual([[USERS.bob, '<p>mine</p>']]);
  });
});

/** A storage failure as the host would answer it (500). */
const injected = (message: string): KvsResponse => ({
  status: 500,
  body: { code: 'INTERNAL_SERVER_ERROR', message },
});

describe('a failure at any step, then a retry', () => {
  it('given the "created" status write fails once after the page was written, when retried, then exactly one page', async () => {
    // The host's runtime calls `handleMetered` (the answer with its metering units).
    const kvs = app.host.kvs;
    const original = kvs.handleMetered.bind(kvs);
    let failed = 0;
    kvs.handleMetered = async (path: string, body: unknown) => {
      if (
        failed === 0 &&
        path.endsWith('transaction') &&
        JSON.stringify(body).includes('"status":"created"')
      ) {
        failed += 1;
        return { response: injected('injected'), units: { read: 0, write: 0 } };
      }
      return original(path, body);
    };
    const caller = callerOf(USERS.alice);
    try {
      const first = await create(caller, 'job-interrupted', aModel('Interrupted'));
      expect(first.ok).toBe(false);
    } finally {
      kvs.handleMetered = original;
    }
    expect(failed).toBe(1);
    expect(pagesTitled('Scrum Master CoP session notes — 2026-11-24 — Interrupted')).toHaveLength(
      1,
    );
    const retry = await create(caller, 'job-interrupted', aModel('Interrupted'));
    expect(retry).toMatchObject({ ok: true });
    const pages = pagesTitled('Scrum Master CoP session notes — 2026-11-24 — Interrupted');
    expect(pages).toHaveLength(1);
    if (!retry.ok) return;
    expect(retry.data.pageId).toBe(pages[0]?.id);
    // The adopted page's link (built from a list answer, whose `_links.base` is top-level) works.
    await expect(follow(app, retry.data.url, USERS.bob)).resolves.toEqual({
      status: 200,
      title: retry.data.title,
    });
  });

  it('given the attempt dies right after the page write (job left pending), when retried at once, then "being created"; after the lease, the retry adopts the page', async () => {
    const store = app.host.kvs;
    const original = store.handleMetered.bind(store);
    // Every job write after the page write fails: the attempt can record nothing, as if killed.
    store.handleMetered = async (path: string, body: unknown) => {
      const text = JSON.stringify(body);
      if (
        path.endsWith('transaction') &&
        text.includes('Killed') &&
        /"status":"(created|failed)"/.test(text)
      ) {
        return { response: injected('killed'), units: { read: 0, write: 0 } };
      }
      return original(path, body);
    };
    const caller = callerOf(USERS.alice);
    try {
      expect((await create(caller, 'job-killed', aModel('Killed'))).ok).toBe(false);
    } finally {
      store.handleMetered = original;
    }
    const title = 'Scrum Master CoP session notes — 2026-11-24 — Killed';
    expect(pagesTitled(title)).toHaveLength(1);
    const soon = await create(caller, 'job-killed', aModel('Killed'));
    expect(soon).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });

    // The lease runs out: age the stored job as the clock would.
    await app.host.runtime.runAs({}, async () => {
      const notes = kvs.entity<NotesJob>('notes');
      const job = await notes.get(keys.notesJob('job-killed'));
      if (!job) throw new Error('job missing');
      expect(job.status).toBe('pending');
      await notes.set(keys.notesJob('job-killed'), {
        ...job,
        updatedAt: job.updatedAt - NOTES_LEASE_MS - 1,
      });
    });
    const later = await create(caller, 'job-killed', aModel('Killed'));
    expect(later).toMatchObject({ ok: true, data: { title } });
    expect(pagesTitled(title)).toHaveLength(1);
    if (later.ok) {
      await expect(follow(app, later.data.url, USERS.eve)).resolves.toEqual({
        status: 200,
        title,
      });
    }
  });

  it('given the page write lands but its answer is lost, when retried through notes/retry, then exactly one page', async () => {
    const confluence = app.host.confluence;
    const original = confluence.handleMetered.bind(confluence);
    let lost = 0;
    confluence.handleMetered = async (...args) => {
      const [method, path] = args;
      const answer = await original(...args);
      if (lost === 0 && method === 'POST' && path.startsWith('/wiki/api/v2/pages')) {
        const body = args[2] as { title?: string };
        if (body.title?.includes('Lost answer')) {
          lost += 1;
          const response: ConfluenceResponse = { status: 502, body: { message: 'Bad gateway' } };
          return { response, points: answer.points };
        }
      }
      return answer;
    };
    const caller = callerOf(USERS.alice);
    try {
      const first = await create(caller, 'job-lost', aModel('Lost answer'));
      expect(first).toMatchObject({ ok: false, error: { code: 'NOTES_FAILED' } });
    } finally {
      confluence.handleMetered = original;
    }
    const client = clientFor(app, USERS.alice, {
      moduleKey: 'lean-coffee',
      localId: caller.localId,
    });
    const status = await client.invoke('notes/status', { jobId: 'job-lost' });
    expect(status).toMatchObject({ ok: true, data: { status: 'failed' } });
    const retry = await client.invoke<CreatedNotes>('notes/retry', { jobId: 'job-lost' });
    expect(retry).toMatchObject({ ok: true });
    expect(pagesTitled('Scrum Master CoP session notes — 2026-11-24 — Lost answer')).toHaveLength(
      1,
    );
  });

  it('given a facilitator without permission to add pages, when notes are created, then a clear message, no page, and a permitted retry makes one', async () => {
    const finn = callerOf(USERS.finn);
    const denied = await create(finn, 'job-denied', aModel('Denied'));
    expect(denied).toEqual({
      ok: false,
      error: {
        code: 'PERMISSION_DENIED',
        message: expect.stringContaining(
          'You do not have permission to create the notes page in the space COP',
        ) as unknown,
      },
    });
    expect(pagesTitled('Scrum Master CoP session notes — 2026-11-24 — Denied')).toHaveLength(0);
    const retry = await create(callerOf(USERS.alice, finn.localId), 'job-denied', aModel('Denied'));
    expect(retry).toMatchObject({ ok: true });
    expect(pagesTitled('Scrum Master CoP session notes — 2026-11-24 — Denied')).toHaveLength(1);
  });

  it('given concurrent creations of one job, when both run, then one page', async () => {
    const caller = callerOf(USERS.alice);
    const results = await Promise.all([
      create(caller, 'job-race', aModel('Race')),
      create(caller, 'job-race', aModel('Race')),
    ]);
    expect(results.some((r) => r.ok)).toBe(true);
    expect(pagesTitled('Scrum Master CoP session notes — 2026-11-24 — Race')).toHaveLength(1);
  });
});

describe('hostile user text', () => {
  const benign = notesFilledWith('lean-coffee', 'plain words');
  // Line breaks in user text become <br /> (the renderer's only markup for text); leave them out.
  const structure = (elements: readonly string[]) => elements.filter((e) => e !== 'br');
  const benignElements = parseFragment(
    // The structure a page has when every text field holds ordinary words.
    renderNotesPage(benign.model),
  ).elements;

  it.each(Object.entries(HOSTILE_TEXT))(
    'given %s in every text field, when the page is created, then the page has the benign structure and shows the text',
    async (name, text) => {
      const { model } = notesFilledWith('lean-coffee', text);
      const result = await create(callerOf(USERS.alice), `hostile-${name}`, {
        ...model,
        date: '2026-11-25',
      });
      if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
      const page = app.host.confluence.page(result.data.pageId);
      expect(page).toBeDefined();
      const body = page?.body ?? '';
      expect(isWellFormed(body)).toBe(true);
      const parsed = parseFragment(body);
      expect(structure(parsed.elements)).toEqual(structure(benignElements));
      const visible = withoutIllegalXmlChars(text).trim();
      if (visible !== '' && !/[\r\n]/.test(visible)) {
        expect(parsed.text).toContain(visible);
      }
      expect(page?.title).toBe(result.data.title);
    },
  );
});
