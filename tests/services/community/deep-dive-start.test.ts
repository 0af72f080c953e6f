/**
 * The backlog's way into a deep dive (issue 12), through the resolvers of the real app in the local
 * host: "Start a session" chooses the topic of the space's next CoP Session and says where the CoP
 * Session macro is (it writes no notes page any more); the topic's lead prepares its outline and
 * breakout questions (caps, roles) and the CoP Session set-up pre-fills them; the notes page of
 * the session escapes them.
 */
import type { BacklogView } from '../../../src/contract/backlog';
import type { CopSessionView } from '../../../src/contract/cop-session';
import type { StartSessionAnswer, TopicPrepView } from '../../../src/contract/deep-dive-start';
import type { ApiResult } from '../../../src/contract/result';
import { HOME_PAGE_ID, OPS, startAppHost, USERS, type AppHost } from '../../support/app-host';
import { clientFor } from './support';

jest.setTimeout(120_000);

let app: AppHost;

beforeAll(async () => {
  app = await startAppHost();
}, 90_000);

afterAll(async () => {
  await app.close();
});

const backlog = (accountId: string) =>
  clientFor(app, accountId, { moduleKey: 'topic-backlog-page', localId: 'space-page' });
const macro = (accountId: string) =>
  clientFor(app, accountId, { moduleKey: 'cop-session', localId: 'deep-dive-start' });

function ok<T>(result: ApiResult<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.data;
}

const code = (result: ApiResult<unknown>): string | undefined =>
  result.ok ? undefined : result.error.code;

async function topicIdOf(title: string): Promise<string> {
  const listed = ok(await backlog(USERS.sam).invoke<BacklogView>('backlog/list', {}));
  const topic = listed.topics.find((t) => t.title === title);
  if (topic === undefined) throw new Error(`${title} is not in the backlog`);
  return topic.id;
}

const HOSTILE = '<script>alert(1)</script> & <ac:structured-macro ac:name="html">';

describe('the backlog starts a deep dive', () => {
  let planned: string;
  let chosen: string;

  beforeAll(async () => {
    // Sam (space admin) puts Alice and Bob in the rotation and makes Dev a curator.
    ok(
      await backlog(USERS.sam).invoke('settings/update', {
        facilitators: [USERS.alice, USERS.bob],
      }),
    );
    ok(await backlog(USERS.sam).invoke('settings/addCurator', { curator: USERS.dev }));
    ok(await backlog(USERS.eve).invoke('backlog/add', { title: 'Planned first' }));
    ok(await backlog(USERS.chloe).invoke('backlog/add', { title: 'Estimation without numbers' }));
    planned = await topicIdOf('Planned first');
    chosen = await topicIdOf('Estimation without numbers');
    ok(await backlog(USERS.alice).invoke('backlog/plan', { topicId: planned, date: '2026-12-09' }));
    ok(await backlog(USERS.chloe).invoke('backlog/volunteer', { topicId: chosen }));
  });

  it('given no CoP Session macro in the space, when someone in the rotation starts a session, then the topic is chosen, no page is written and the answer says to insert the macro', async () => {
    const pagesBefore = app.host.confluence.createdPages().length;
    expect(code(await backlog(USERS.chloe).invoke('notes/startSession', { topicId: chosen }))).toBe(
      'NOT_FACILITATOR',
    );
    expect(
      code(await backlog(USERS.alice).invoke('notes/startSession', { topicId: 'manual:nope' })),
    ).toBe('UNKNOWN_TOPIC');
    const answer = ok(
      await backlog(USERS.alice).invoke<StartSessionAnswer>('notes/startSession', {
        topicId: chosen,
      }),
    );
    expect(answer).toMatchObject({
      topicId: chosen,
      title: 'Estimation without numbers',
      macro: null,
    });
    expect(answer.message).toContain('Insert the CoP Session macro on your CoP page');
    expect(app.host.confluence.createdPages()).toHaveLength(pagesBefore);
  });

  it('given a prepared topic chosen by "Start a session", when the CoP Session macro sets up its session, then that topic (not the planned one), its lead, outline and questions are there', async () => {
    ok(
      await backlog(USERS.chloe).invoke<TopicPrepView>('backlog/prepareTopic', {
        topicId: chosen,
        outline: `Why numbers mislead.\n${HOSTILE}`,
        questions: ['What do you estimate today?', '  ', 'What would you drop?'],
      }),
    );
    ok(await macro(USERS.alice).invoke('copSession/create'));
    const view = ok(await macro(USERS.alice).invoke<CopSessionView>('copSession/state'));
    expect(view.backlogTopicId).toBe(chosen);
    expect(view.view.topic).toMatchObject({
      title: 'Estimation without numbers',
      outline: `Why numbers mislead.\n${HOSTILE}`,
      questions: ['What do you estimate today?', 'What would you drop?'],
    });
    expect(view.view.lead).toEqual({ kind: 'member', accountId: USERS.chloe });

    // Changing the topic to the planned one and back pre-fills again from the preparation.
    ok(
      await macro(USERS.alice).invoke('copSession/setTopic', {
        topic: { backlogTopicId: planned, title: 'Planned first' },
      }),
    );
    const other = ok(await macro(USERS.alice).invoke<CopSessionView>('copSession/state'));
    expect(other.view.topic).toMatchObject({ title: 'Planned first', outline: '', questions: [] });
    ok(
      await macro(USERS.alice).invoke('copSession/setTopic', {
        topic: { backlogTopicId: chosen, title: 'Estimation without numbers' },
      }),
    );
    const back = ok(await macro(USERS.alice).invoke<CopSessionView>('copSession/state'));
    expect(back.view.topic?.questions).toEqual([
      'What do you estimate today?',
      'What would you drop?',
    ]);
  });

  it('given a CoP Session macro on the home page, when a session is started from the backlog, then the answer links that page', async () => {
    const answer = ok(
      await backlog(USERS.bob).invoke<StartSessionAnswer>('notes/startSession', {
        topicId: planned,
      }),
    );
    expect(answer.macro).toEqual({
      pageId: HOME_PAGE_ID,
      url: `/wiki/pages/viewpage.action?pageId=${HOME_PAGE_ID}`,
    });
    expect(answer.message).toContain('Open the CoP Session page');
    // Back to the prepared topic for the tests below.
    ok(await backlog(USERS.alice).invoke('notes/startSession', { topicId: chosen }));
  });

  it('given a prepared topic, when its lead, a curator, the space admin, another member and someone outside the space write its preparation, then only the first three may', async () => {
    const prep = (accountId: string, outline: string) =>
      backlog(accountId).invoke<TopicPrepView>('backlog/prepareTopic', {
        topicId: chosen,
        outline,
        questions: ['One?'],
      });
    expect(ok(await prep(USERS.dev, 'By the curator')).by).toBe(USERS.dev);
    expect(ok(await prep(USERS.sam, 'By the admin')).by).toBe(USERS.sam);
    expect(code(await prep(USERS.alice, 'By someone in the rotation'))).toBe('NOT_ALLOWED');
    expect(code(await prep(USERS.eve, 'By a member'))).toBe('NOT_ALLOWED');
    expect(
      code(
        await backlog(USERS.eve).invoke('backlog/prepareTopic', {
          topicId: planned,
          outline: 'Nobody leads this one',
          questions: [],
        }),
      ),
    ).toBe('NOT_ALLOWED');
    // Alice cannot see the OPS space: its backlog refuses her before reading anything.
    const outsider = app.as(USERS.alice, {
      moduleKey: 'topic-backlog-macro',
      localId: 'ops-backlog',
      contentId: OPS.homePageId,
    });
    expect(
      code(
        await outsider.invoke('backlog/prepareTopic', {
          topicId: chosen,
          outline: 'From outside',
          questions: [],
        }),
      ),
    ).toMatch(/^(NOT_VISIBLE|PERMISSION_DENIED|NOT_FOUND)$/);
    expect(
      code(
        await backlog(USERS.chloe).invoke('backlog/prepareTopic', {
          topicId: 'x',
          outline: '',
          questions: [],
        }),
      ),
    ).toBe('UNKNOWN_TOPIC');

    const read = ok(
      await backlog(USERS.eve).invoke<TopicPrepView | null>('backlog/topicPrep', {
        topicId: chosen,
      }),
    );
    expect(read).toMatchObject({ outline: 'By the admin', questions: ['One?'], by: USERS.sam });
    expect(
      ok(await backlog(USERS.eve).invoke('backlog/topicPrep', { topicId: planned })),
    ).toBeNull();
  });

  it.each([
    ['an outline of 2,001 characters', { outline: 'x'.repeat(2001) }, 'OUTLINE_TOO_LONG'],
    [
      'nine questions',
      { questions: Array.from({ length: 9 }, (_, i) => `Q${i}?`) },
      'TOO_MANY_QUESTIONS',
    ],
    ['a question of 301 characters', { questions: ['q'.repeat(301)] }, 'QUESTION_TOO_LONG'],
    ['an outline over the schema bound', { outline: 'x'.repeat(5_001) }, 'INVALID_PAYLOAD'],
  ])(
    'given %s, when the lead prepares the topic, then %s and nothing changes',
    async (_n, part, expected) => {
      const before = ok(
        await backlog(USERS.chloe).invoke('backlog/topicPrep', { topicId: chosen }),
      );
      const result = await backlog(USERS.chloe).invoke('backlog/prepareTopic', {
        topicId: chosen,
        outline: 'Fine',
        questions: ['Fine?'],
        ...part,
      });
      expect(code(result)).toBe(expected);
      if (!result.ok) expect(result.error.message.length).toBeGreaterThan(10);
      expect(
        ok(await backlog(USERS.chloe).invoke('backlog/topicPrep', { topicId: chosen })),
      ).toEqual(before);
    },
  );

  it('given the lead’s hostile outline, when the session runs and ends, then the notes page holds it escaped and the topic can no longer be prepared or started', async () => {
    ok(
      await backlog(USERS.chloe).invoke('backlog/prepareTopic', {
        topicId: chosen,
        outline: `Why numbers mislead.\n${HOSTILE}`,
        questions: ['What do you estimate today?'],
      }),
    );
    // Choosing the topic again in the set-up takes the lead's latest preparation.
    ok(
      await macro(USERS.alice).invoke('copSession/setTopic', {
        topic: { backlogTopicId: chosen, title: 'Estimation without numbers' },
      }),
    );
    ok(await macro(USERS.alice).invoke('copSession/join'));
    ok(await macro(USERS.alice).invoke('copSession/start'));
    const ended = ok(
      await macro(USERS.alice).invoke<{ notes: { ok: boolean; page?: { pageId: string } } }>(
        'copSession/end',
      ),
    );
    expect(ended.notes.ok).toBe(true);
    const page = app.host.confluence.createdPages().find((p) => p.id === ended.notes.page?.pageId);
    expect(page?.body).toContain('Why numbers mislead.');
    expect(page?.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page?.body).not.toContain('<script>');
    expect(page?.body).not.toContain('<ac:structured-macro ac:name="html">');
    expect(page?.body).toContain('What do you estimate today?');

    expect(
      code(
        await backlog(USERS.chloe).invoke('backlog/prepareTopic', {
          topicId: chosen,
          outline: 'Too late',
          questions: [],
        }),
      ),
    ).toBe('INVALID_TRANSITION');
    expect(code(await backlog(USERS.alice).invoke('notes/startSession', { topicId: chosen }))).toBe(
      'INVALID_TRANSITION',
    );
  });
});
