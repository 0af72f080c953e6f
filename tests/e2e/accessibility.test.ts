/**
 * Scenario 6: axe-core finds no serious or critical violation on any view, light or dark. Both
 * games are walked through their phases (set through the resolvers, as the UI would), and at
 * each stage the home page (shell, Thirty Five, Lean Coffee, backlog macro) is checked as the
 * facilitator and as a participant in both colour modes; then the backlog page and a notes page.
 */
import type { Browser } from 'playwright-core';
import { lc, playRoundByApi, t35, type T35State } from './support/api';
import { axeFindings, describeFindings, type Finding } from './support/axe';
import {
  ALICE,
  BOB,
  CHLOE,
  DEV,
  e2eDescribe,
  ensureBuilt,
  launchBrowser,
  startApp,
  type AppProcess,
  type DemoUser,
} from './support/env';
import { BACKLOG_PAGE, HOME, macro, openAs, screenshot, see, type Scope } from './support/ui';

jest.setTimeout(600_000);

const THEMES = ['light', 'dark'] as const;

interface LcState {
  readonly version: number;
  readonly board: {
    readonly toDiscuss: readonly {
      readonly topic: { readonly id: string; readonly title: string };
    }[];
    readonly discussing: { readonly topic: { readonly id: string } } | null;
  };
  readonly thumbs: { readonly round: number } | null;
}

e2eDescribe('e2e 6: no serious or critical accessibility violation, light or dark', () => {
  let app: AppProcess;
  let browser: Browser;
  const findings: Finding[] = [];
  const players = [ALICE, BOB, CHLOE, DEV];

  beforeAll(async () => {
    ensureBuilt();
    [app, browser] = await Promise.all([startApp('a11y'), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.dispose();
  });

  /** Opens `path` as each user in each theme, waits for `ready` in the frames, runs axe. */
  async function check(
    stage: string,
    users: readonly DemoUser[],
    ready: readonly [module: string, text: string | RegExp][],
    path = HOME,
    shot?: string,
  ): Promise<void> {
    for (const user of users) {
      for (const theme of THEMES) {
        const p = await openAs(browser, user, `${app.url}${path}`, theme);
        for (const [module, text] of ready) {
          const scope: Scope = module === 'page' ? p.page.locator('body') : macro(p.page, module);
          await see(scope, text);
        }
        await p.page.waitForTimeout(300);
        findings.push(...(await axeFindings(p.page, `${stage} as ${user.name}, ${theme}`)));
        if (shot !== undefined && theme === 'dark' && user === users[0]) {
          await screenshot(p.page, shot);
        }
        await p.page.context().close();
      }
    }
  }

  it('given every phase of both games, when axe checks each view as facilitator and participant, light and dark, then nothing serious or critical is found', async () => {
    const url = app.url;
    await check(
      'nothing started',
      [ALICE],
      [
        ['thirty-five', 'Start a Thirty Five game'],
        ['lean-coffee', 'Start a Lean Coffee'],
      ],
    );

    // Collecting cards / proposing topics.
    await t35(url, ALICE, 'start');
    for (const [i, who] of players.entries())
      await t35(url, who, 'join', { text: `Card ${i + 1}` });
    await lc(url, ALICE, 'start', { settings: { meetingMinutes: 30 } });
    for (const [i, who] of players.entries()) {
      await lc(url, who, 'proposeTopic', { title: `Topic ${i + 1}`, minutes: 5 });
    }
    await check(
      'collecting and proposing',
      [ALICE, BOB],
      [
        ['thirty-five', 'cards written so far'],
        ['lean-coffee', 'Topic 4'],
      ],
    );

    // A round with a proposal waiting for confirmation / dot voting.
    let s = await t35<T35State>(url, ALICE, 'state');
    await t35(url, ALICE, 'deal', { version: s.version, rounds: 2 });
    s = await t35<T35State>(url, ALICE, 'state');
    await t35(url, ALICE, 'nextRound', { version: s.version });
    const bob = await t35<T35State>(url, BOB, 'state');
    const seat = bob.view?.seat;
    if (seat?.kind === 'pair' && bob.view) {
      await t35(url, BOB, 'proposeSplit', {
        round: bob.view.round,
        points: { [seat.mine.id]: 2, [seat.theirs.id]: 5 },
      });
    }
    let v = await lc<LcState>(url, ALICE, 'state');
    await lc(url, ALICE, 'openVoting', { version: v.version });
    v = await lc<LcState>(url, ALICE, 'state');
    const topic = (n: number): string => v.board.toDiscuss[n]?.topic.id ?? '';
    await lc(url, BOB, 'allocateDots', { allocation: { [topic(1)]: 2, [topic(0)]: 1 } });
    await check(
      'a round and dot voting',
      [ALICE, BOB],
      [
        ['thirty-five', /Round 1 of 2/],
        ['lean-coffee', 'dots left'],
      ],
    );

    // Results / a topic whose time is up, with the thumbs vote, takeaways and action items.
    await playRoundByApi(url, players);
    s = await t35<T35State>(url, ALICE, 'state');
    await t35(url, ALICE, 'nextRound', { version: s.version });
    await playRoundByApi(url, players);
    s = await t35<T35State>(url, ALICE, 'state');
    await t35(url, ALICE, 'showResults', { version: s.version });
    v = await lc<LcState>(url, ALICE, 'state');
    await lc(url, ALICE, 'closeVoting', { version: v.version });
    v = await lc<LcState>(url, ALICE, 'state');
    await lc(url, ALICE, 'startTopic', { version: v.version });
    v = await lc<LcState>(url, ALICE, 'state');
    const running = v.board.discussing?.topic.id ?? '';
    await lc(url, BOB, 'addTakeaway', { topicId: running, text: 'A takeaway' });
    await lc(url, ALICE, 'addActionItem', {
      topicId: running,
      text: 'An action',
      owner: BOB.accountId,
    });
    await app.advanceClock(5 * 60_000 + 1_000);
    v = await lc<LcState>(url, ALICE, 'state');
    await lc(url, BOB, 'castThumb', { topicId: running, round: v.thumbs?.round ?? 1, thumb: 'up' });
    await check(
      'results and thumbs',
      [ALICE, BOB],
      [
        ['thirty-five', 'How ties break'],
        ['lean-coffee', 'Continue this topic?'],
      ],
      HOME,
      'a11y-dark-home',
    );

    // Ended games, the wrap-up, the backlog page and a notes page.
    s = await t35<T35State>(url, ALICE, 'state');
    await t35(url, ALICE, 'sendToBacklog', { version: s.version });
    s = await t35<T35State>(url, ALICE, 'state');
    await t35(url, ALICE, 'end', { version: s.version });
    v = await lc<LcState>(url, ALICE, 'state');
    await lc(url, ALICE, 'startWrapUp', { version: v.version });
    await check(
      'ended and wrap-up',
      [ALICE, BOB],
      [
        ['thirty-five', 'The game has ended'],
        ['lean-coffee', /Wrap-up/],
      ],
    );
    v = await lc<LcState>(url, ALICE, 'state');
    const ended = await lc<{ notes: { ok: boolean; page?: { url: string } } }>(
      url,
      ALICE,
      'endMeeting',
      { version: v.version },
    );
    await check('backlog page', [ALICE, BOB], [['topic-backlog-page', 'Card 1']], BACKLOG_PAGE);
    const notes = ended.notes.page?.url;
    if (!notes) throw new Error('no notes page');
    await check('notes page', [BOB], [['page', 'Lean Coffee']], new URL(notes).pathname);

    if (findings.length > 0) console.error(describeFindings(findings));
    expect(describeFindings(findings)).toBe('');
  });
});
