/**
 * Scenario 5: a topic named `<img src=x onerror=alert(1)>` and one named
 * `<ac:structured-macro ac:name="html">`, as Thirty Five cards and as Lean Coffee topics, show as
 * text in the UI, on the notes pages and in the backlog; no element is made from them and no
 * dialog opens.
 */
import type { Browser, Page } from 'playwright-core';
import { HOSTILE_TEXT } from '../fixtures/hostile-text';
import {
  ALICE,
  BOB,
  e2eDescribe,
  ensureBuilt,
  launchBrowser,
  startApp,
  type AppProcess,
} from './support/env';
import { endMeeting, placeDots, wrapUp } from './support/lean-coffee';
import {
  dealAndStart,
  playRound,
  sendAndEnd,
  showResults,
  startAndJoin,
} from './support/thirty-five';
import {
  BACKLOG_PAGE,
  click,
  closeAll,
  confirm,
  dialogsOf,
  openAll,
  openAs,
  screenshot,
  screenshotOf,
  see,
  type Person,
  type Scope,
} from './support/ui';

jest.setTimeout(600_000);

const IMG = HOSTILE_TEXT.img;
const MACRO = HOSTILE_TEXT.htmlMacro;

/** The text is shown verbatim, and nothing on the page was built from it. */
async function expectText(scope: Scope, text: string): Promise<void> {
  await scope.getByText(text, { exact: true }).first().waitFor();
}

async function expectNoInjectedElements(page: Page): Promise<void> {
  for (const frame of page.frames()) {
    const injected = await frame.evaluate(
      () =>
        document.querySelectorAll('img[src="x"], img[onerror], [onerror], ac\\:structured-macro')
          .length,
    );
    expect(injected).toBe(0);
  }
}

e2eDescribe('e2e 5: markup in topic names stays text', () => {
  let app: AppProcess;
  let browser: Browser;
  let people: Person[] = [];

  beforeAll(async () => {
    ensureBuilt();
    [app, browser] = await Promise.all([startApp('hostile'), launchBrowser()]);
    people = await openAll(browser, app.url, [ALICE, BOB]);
  });
  afterAll(async () => {
    await closeAll(people);
    await browser?.close();
    await app?.dispose();
  });

  it('given hostile card texts, when a Thirty Five is played and ended, then the UI and the notes page show them as text', async () => {
    const [alice, bob] = people;
    if (!alice || !bob) throw new Error('two people expected');
    await startAndJoin(people, [IMG, MACRO]);
    await dealAndStart(alice, 1);
    await playRound(people, 1, () => 5);
    await showResults(alice, people);
    for (const p of people) {
      await expectText(p.t35.getByTestId('ranking'), IMG);
      await expectText(p.t35.getByTestId('ranking'), MACRO);
      await expectNoInjectedElements(p.page);
    }
    await screenshot(bob.page, 'hostile-text-thirty-five', 'thirty-five');
    const notesUrl = await sendAndEnd(alice);

    const reader = await openAs(browser, BOB, notesUrl);
    people.push(reader);
    const body = reader.page.getByTestId('page-body');
    await body.getByText(IMG).first().waitFor();
    await body.getByText(MACRO).first().waitFor();
    await expectNoInjectedElements(reader.page);
    await screenshotOf(body.locator('table', { hasText: MACRO }).first(), 'hostile-text-notes');
    expect(dialogsOf(people)).toEqual([]);
  });

  it('given hostile topic titles, when a Lean Coffee runs to its end, then the board, the notes page and the backlog show them as text', async () => {
    const [alice, bob] = people;
    if (!alice || !bob) throw new Error('two people expected');
    await click(alice.lc, 'Start a Lean Coffee');
    for (const [p, title] of [
      [alice, IMG],
      [bob, MACRO],
    ] as const) {
      await see(p.lc, 'Add a topic');
      await p.lc.getByLabel('Topic', { exact: true }).fill(title);
      await click(p.lc, 'Add topic');
    }
    for (const p of [alice, bob]) {
      await expectText(p.lc.getByTestId('to-discuss'), IMG);
      await expectText(p.lc.getByTestId('to-discuss'), MACRO);
    }
    await confirm(alice.lc, 'Open dot voting', 'Yes, open voting');
    await placeDots(bob, { [MACRO]: 2, [IMG]: 1 });
    await confirm(alice.lc, 'Close voting', 'Yes, close voting');
    await click(alice.lc, 'Start the next topic');
    await expectText(alice.lc.getByTestId('discussing'), MACRO);
    await wrapUp(alice);
    const notesUrl = await endMeeting(alice);
    for (const p of [alice, bob]) await expectNoInjectedElements(p.page);

    const reader = await openAs(browser, BOB, notesUrl);
    people.push(reader);
    const body = reader.page.getByTestId('page-body');
    await body.getByText(MACRO).first().waitFor();
    await body.getByText(IMG).first().waitFor();
    await expectNoInjectedElements(reader.page);

    const backlog = await openAs(browser, ALICE, `${app.url}${BACKLOG_PAGE}`);
    people.push(backlog);
    await expectText(backlog.backlog, IMG);
    await expectText(backlog.backlog, MACRO);
    await expectNoInjectedElements(backlog.page);
    await screenshot(backlog.page, 'hostile-text-backlog', 'topic-backlog-page');
    expect(dialogsOf(people)).toEqual([]);
  });
});
