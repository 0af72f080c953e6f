/**
 * Every link the app writes or shows, followed in the local shell as a browser would (issue 10
 * point 5): the notes page link a game answers and shows (Thirty Five, Lean Coffee, a deep dive, a
 * game on a page copied into another space), the link back from a notes page to the page where
 * the session ran, the backlog topic's notes link and the export's "Session notes" link. Each
 * must reach its page; a page in a space the viewer cannot see is Confluence's 404.
 */
import type { BacklogView } from '../../src/contract/backlog';
import type { EndAnswer } from '../../src/contract/cop-session';
import type { StartSessionAnswer } from '../../src/contract/deep-dive-start';
import type { LeanCoffeeView } from '../../src/contract/lean-coffee';
import type { NotesPageView } from '../../src/contract/notes';
import type { ApiResult } from '../../src/contract/result';
import {
  THIRTY_FIVE,
  type Accepted,
  type Ended,
  type ThirtyFiveStateView,
} from '../../src/contract/thirty-five';
import type { AdfDoc, AdfNode } from '../../src/services/adf-export';
import {
  HOME_PAGE_ID,
  startAppHost,
  USERS,
  type AppClient,
  type AppHost,
} from '../support/app-host';
import { follow, hrefsIn } from '../support/links';
import { boardIn, TestClock } from './lean-coffee/support';

jest.setTimeout(120_000);

let app: AppHost;
const clock = new TestClock();

beforeAll(async () => {
  app = await startAppHost();
  clock.install();
}, 120_000);

afterAll(async () => {
  clock.uninstall();
  await app.close();
});

function ok<T>(result: ApiResult<T>): T {
  if (!result.ok) throw new Error(`refused: ${result.error.code} ${result.error.message}`);
  return result.data;
}

const HOME_TITLE = 'Scrum Master CoP Home';

/** A Thirty Five on `pageId` played in the in-room mode to its end: the notes page it answers. */
async function endedThirtyFive(
  pageId: string,
  localId: string,
  facilitator: string,
): Promise<{ game: AppClient; notes: NotesPageView }> {
  const game = app.as(facilitator, { moduleKey: 'thirty-five', localId, contentId: pageId });
  const version = async () => ok(await game.invoke<ThirtyFiveStateView>(THIRTY_FIVE.state)).version;
  ok(await game.invoke<Accepted>(THIRTY_FIVE.start));
  ok(
    await game.invoke<Accepted>(THIRTY_FIVE.enterTallies, {
      version: await version(),
      rounds: 1,
      points: 7,
      cards: [
        { text: `Linked card of ${localId}`, points: [4] },
        { text: 'Another card', points: [3] },
      ],
    }),
  );
  const ended = ok(await game.invoke<Ended>(THIRTY_FIVE.end, { version: await version() }));
  if (ended.notes === null || ended.notes === undefined) throw new Error('no notes page');
  return { game, notes: ended.notes };
}

/** The storage-format body of a page the app created. */
const bodyOf = (pageId: string): string => app.host.confluence.page(pageId)?.body ?? '';

describe('links the app writes, followed in the shell', () => {
  it('given a Thirty Five that ended, when its notes link and the notes page’s link back are followed, then they reach the notes page and the page the game ran on', async () => {
    const { notes } = await endedThirtyFive(HOME_PAGE_ID, 'linked-35', USERS.alice);
    expect(notes.url).toMatch(/^https?:\/\/[^/]+\/wiki\/spaces\/COP\/pages\/\d+\//);
    await expect(follow(app, notes.url, USERS.bob)).resolves.toEqual({
      status: 200,
      title: notes.title,
    });
    const back = hrefsIn(bodyOf(notes.pageId));
    expect(back).toEqual([`/wiki/pages/viewpage.action?pageId=${HOME_PAGE_ID}`]);
    await expect(follow(app, back[0] ?? '', USERS.bob)).resolves.toEqual({
      status: 200,
      title: HOME_TITLE,
    });
  });

  it('given a Lean Coffee that ended, when a participant follows the notes link the view shows, then it reaches the notes page; its link back reaches the board’s page', async () => {
    const { member } = await boardIn(
      app,
      'ended',
      { facilitator: USERS.alice, member: USERS.bob, other: USERS.chloe },
      clock,
    );
    const view = await member.ok<LeanCoffeeView>('leanCoffee/state');
    const notes = view.notes;
    if (notes === null) throw new Error('no notes link');
    await expect(follow(app, notes.url, USERS.bob)).resolves.toEqual({
      status: 200,
      title: notes.title,
    });
    for (const href of hrefsIn(bodyOf(notes.pageId))) {
      await expect(follow(app, href, USERS.bob)).resolves.toEqual({
        status: 200,
        title: HOME_TITLE,
      });
    }
    expect(hrefsIn(bodyOf(notes.pageId))).toHaveLength(1);
  });

  it('given a deep dive started from the backlog macro, when the macro link, its notes link, the topic’s notes link and the link back are followed, then each reaches its page', async () => {
    const settings = app.as(USERS.sam, { moduleKey: 'topic-backlog-page', localId: 'bl' });
    ok(await settings.invoke('settings/update', { copName: 'Linked CoP' }));
    const backlog = app.as(USERS.sam, {
      moduleKey: 'topic-backlog-macro',
      localId: 'home-topic-backlog-macro',
      contentId: HOME_PAGE_ID,
    });
    ok(await backlog.invoke('backlog/add', { title: 'Deep dive with links' }));
    const topic = ok(await backlog.invoke<BacklogView>('backlog/list')).topics.find(
      (t) => t.title === 'Deep dive with links',
    );
    if (topic === undefined) throw new Error('topic missing');
    ok(await backlog.invoke('backlog/plan', { topicId: topic.id, date: '2026-12-10' }));
    const macro = app.as(USERS.sam, {
      moduleKey: 'cop-session',
      localId: 'home-cop-session',
      contentId: HOME_PAGE_ID,
    });
    ok(await macro.invoke('copSession/create'));
    const started = ok(
      await backlog.invoke<StartSessionAnswer>('notes/startSession', { topicId: topic.id }),
    );
    await expect(follow(app, started.macro?.url ?? '', USERS.eve)).resolves.toEqual({
      status: 200,
      title: HOME_TITLE,
    });
    ok(await macro.invoke('copSession/join'));
    ok(await macro.invoke('copSession/start'));
    const ended = ok(await macro.invoke<EndAnswer>('copSession/end'));
    if (!ended.notes.ok) throw new Error(ended.notes.error.message);
    const notes = ended.notes.page;
    await expect(follow(app, notes.url, USERS.eve)).resolves.toEqual({
      status: 200,
      title: notes.title,
    });
    const listed = ok(await backlog.invoke<BacklogView>('backlog/list')).topics.find(
      (t) => t.id === topic.id,
    );
    await expect(follow(app, listed?.notesPage?.url ?? '', USERS.eve)).resolves.toEqual({
      status: 200,
      title: notes.title,
    });
    const back = hrefsIn(bodyOf(notes.pageId));
    expect(back).toEqual([`/wiki/pages/viewpage.action?pageId=${HOME_PAGE_ID}`]);
    await expect(follow(app, back[0] ?? '', USERS.eve)).resolves.toEqual({
      status: 200,
      title: HOME_TITLE,
    });
  });

  it('given a game on a page copied into OPS, when its notes and link back are followed, then they reach OPS pages for its members and are 404 for others', async () => {
    const copy = await app.copyPage(HOME_PAGE_ID, 'OPS', USERS.olga);
    const { notes } = await endedThirtyFive(copy, 'home-thirty-five', USERS.olga);
    expect(notes.url).toContain('/wiki/spaces/OPS/pages/');
    await expect(follow(app, notes.url, USERS.bob)).resolves.toEqual({
      status: 200,
      title: notes.title,
    });
    const back = hrefsIn(bodyOf(notes.pageId));
    expect(back).toEqual([`/wiki/pages/viewpage.action?pageId=${copy}`]);
    await expect(follow(app, back[0] ?? '', USERS.olga)).resolves.toEqual({
      status: 200,
      title: `Copy of ${HOME_TITLE}`,
    });
    await expect(follow(app, notes.url, USERS.alice)).resolves.toMatchObject({ status: 404 });
  });

  it('given an ended game, when the page is exported, then the export’s "Session notes" link reaches the notes page', async () => {
    const { notes } = await endedThirtyFive(HOME_PAGE_ID, 'exported-35', USERS.alice);
    const run = await app.host.runtime.invokeFunction('adf-export', {
      exportType: 'pdf',
      context: {
        localId: 'exported-35',
        moduleKey: 'thirty-five',
        extension: { content: { id: HOME_PAGE_ID } },
      },
    });
    if (!run.ok) throw new Error(run.error.message);
    const links: string[] = [];
    const walk = (node: AdfNode): void => {
      for (const mark of node.marks ?? []) {
        const href = mark.attrs?.href;
        if (mark.type === 'link' && typeof href === 'string') links.push(href);
      }
      node.content?.forEach(walk);
    };
    (run.body as AdfDoc).content.forEach(walk);
    expect(links).toEqual([notes.url]);
    await expect(follow(app, links[0] ?? '', USERS.dev)).resolves.toEqual({
      status: 200,
      title: notes.title,
    });
    // The same macro instance on another page (a copy) exports its own board: not this result.
    const elsewhere = await app.host.runtime.invokeFunction('adf-export', {
      exportType: 'pdf',
      context: {
        localId: 'exported-35',
        moduleKey: 'thirty-five',
        extension: { content: { id: '98306' } },
      },
    });
    expect(JSON.stringify(elsewhere)).toContain('has not ended yet');
  });
});
