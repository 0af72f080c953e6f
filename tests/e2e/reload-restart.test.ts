/**
 * Scenario 4: in the middle of a Thirty Five and of a Lean Coffee, a person reloads their page and
 * the emulator is killed (SIGKILL) and restarted on the same port and data folder. Nothing is
 * lost: the pending split, the dots, the running topic's countdown and the takeaways are all
 * there, the open pages reconnect, and both games finish.
 */
import type { Browser } from 'playwright-core';
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
} from './support/env';
import { addTakeaway, discussing, endMeeting, placeDots, wrapUp } from './support/lean-coffee';
import {
  dealAndStart,
  expectSameRanking,
  pairsOf,
  playRound,
  sendAndEnd,
  showResults,
  startAndJoin,
} from './support/thirty-five';
import {
  button,
  click,
  closeAll,
  confirm,
  dialogsOf,
  openAll,
  screenshot,
  see,
  WAIT_MS,
  type Person,
} from './support/ui';

jest.setTimeout(600_000);

const reload = async (p: Person): Promise<void> => {
  await p.page.reload({ waitUntil: 'domcontentloaded' });
};
const reconnected = (people: readonly Person[]): Promise<unknown> =>
  Promise.all(
    people.map((p) =>
      p.page
        .locator('html[data-realtime=connected]')
        .waitFor({ state: 'attached', timeout: WAIT_MS }),
    ),
  );

e2eDescribe('e2e 4: a reload and an emulator restart in the middle of each game', () => {
  let app: AppProcess;
  let browser: Browser;
  let people: Person[] = [];

  beforeAll(async () => {
    ensureBuilt();
    [app, browser] = await Promise.all([startApp('restart'), launchBrowser()]);
    people = await openAll(browser, app.url, [ALICE, BOB, CHLOE, DEV]);
  });
  afterAll(async () => {
    await closeAll(people);
    await browser?.close();
    await app?.dispose();
  });

  it('given a split proposed and not yet confirmed, when the partner reloads and the emulator restarts, then the proposal is still there and the game completes', async () => {
    const [alice] = people;
    if (!alice) throw new Error('no facilitator');
    await startAndJoin(people, [
      'Team topologies',
      'Kanban for Scrum teams',
      'Say no to scope creep',
      'Meetings that end on time',
    ]);
    await dealAndStart(alice, 2);
    const { pairs } = await pairsOf(people, 1);
    const [first, second] = pairs;
    if (!first || !second) throw new Error('two pairs expected');
    const [proposer, partner] = first;
    await proposer.t35.getByRole('radio', { name: /^5 to the card you hold/ }).check();
    await click(proposer.t35, 'Propose this split');
    await see(partner.t35, 'proposed 2–5');

    await reload(partner);
    await see(partner.t35, 'proposed 2–5');
    await app.restart('SIGKILL');
    await reconnected(people);
    await reload(proposer);
    await see(proposer.t35, 'You proposed 5–2');

    await button(partner.t35, 'Confirm 2–5').click({ timeout: WAIT_MS });
    await see(proposer.t35, 'Your pair has agreed');
    await playRound(second, 1, () => 4);
    await see(alice.t35, '2 of 2 pairs confirmed');
    await click(alice.t35, 'Start round 2');
    await playRound(people, 2, (i) => 6 - i);
    await showResults(alice, people);
    const ranking = await expectSameRanking(people);
    expect(ranking).toMatch(/R1: [2-5]/);
    await sendAndEnd(alice);
  });

  it('given a running topic with takeaways, when someone reloads and the emulator restarts, then the countdown, the dots and the takeaways are kept and the meeting ends', async () => {
    const [alice, bob, chloe, dev] = people;
    if (!alice || !bob || !chloe || !dev) throw new Error('four people expected');
    await click(alice.lc, 'Start a Lean Coffee');
    for (const [p, title] of [
      [bob, 'Metrics nobody reads'],
      [chloe, 'Onboarding new Scrum Masters'],
    ] as const) {
      await see(p.lc, 'Add a topic');
      await p.lc.getByLabel('Topic', { exact: true }).fill(title);
      await click(p.lc, 'Add topic');
    }
    await see(alice.lc, 'To discuss (2)');
    await confirm(alice.lc, 'Open dot voting', 'Yes, open voting');
    await placeDots(bob, { 'Metrics nobody reads': 2 });
    await reload(bob);
    await see(bob.lc, 'You have 1 of 3 dots left');
    await see(bob.lc, '2 dots from you');
    await app.restart('SIGKILL');
    await reconnected(people);
    await see(bob.lc, 'You have 1 of 3 dots left');
    await placeDots(dev, { 'Metrics nobody reads': 1 });

    await confirm(alice.lc, 'Close voting', 'Yes, close voting');
    await click(alice.lc, 'Start the next topic');
    await Promise.all(people.map((p) => see(discussing(p), 'Metrics nobody reads')));
    await app.advanceClock(3 * 60_000);
    await addTakeaway(chloe, 'Delete the dashboards nobody opens');
    // The takeaway reaches Dev's screen in its signed notice (no read); the jump of the server's
    // clock shows on the countdown once the screen reads, here after the reload.
    await see(discussing(dev), 'Delete the dashboards nobody opens');

    await reload(dev);
    await see(discussing(dev), /^[45]:\d\d left of 8 min/);
    await see(discussing(dev), 'Delete the dashboards nobody opens');
    await app.restart('SIGKILL');
    await reconnected(people);
    await reload(alice);
    // The countdown runs from stored instants on the (persisted) test clock: still about 5 minutes.
    await see(discussing(alice), /^[45]:\d\d left of 8 min/);
    await see(discussing(alice), 'Delete the dashboards nobody opens');
    await screenshot(alice.page, 'lean-coffee-after-restart', 'lean-coffee');
    await addTakeaway(bob, 'Ask teams which metric they use');
    await see(discussing(dev), 'Ask teams which metric they use');

    // An override asks before acting.
    await confirm(alice.lc, 'Move on now', 'Yes, move on');
    await Promise.all(people.map((p) => see(discussing(p), 'Onboarding new Scrum Masters')));
    await wrapUp(alice);
    const notesUrl = await endMeeting(alice);
    await alice.page.goto(`${notesUrl}?as=${encodeURIComponent(ALICE.accountId)}`);
    const body = alice.page.getByTestId('page-body');
    await body.getByText('Delete the dashboards nobody opens').first().waitFor();
    await body.getByText('Ask teams which metric they use').first().waitFor();
    expect(dialogsOf(people)).toEqual([]);
  });
});
