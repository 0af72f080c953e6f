/**
 * Scenario 3: four people run a Lean Coffee. The emulator's test clock runs the first topic's
 * timebox out; thumbs (3 up, 1 down) extend it by half; at the extension's end thumbs move on
 * and the next topic starts. Wrap-up sends the undiscussed topics to the backlog; the notes page
 * holds the takeaways. No test waits real minutes.
 */
import type { Browser } from 'playwright-core';
import {
  ALICE,
  BOB,
  CHLOE,
  DEV,
  EVE,
  e2eDescribe,
  ensureBuilt,
  launchBrowser,
  startApp,
  type AppProcess,
} from './support/env';
import { axeFindings, describeFindings } from './support/axe';
import {
  addTakeaway,
  castThumbs,
  discussing,
  placeDots,
  startAndPropose,
  wrapUp,
  endMeeting,
} from './support/lean-coffee';
import {
  BACKLOG_PAGE,
  HOME,
  click,
  closeAll,
  confirm,
  dialogsOf,
  openAll,
  openAs,
  screenshot,
  see,
  type Person,
} from './support/ui';

jest.setTimeout(600_000);

const MINUTE = 60_000;
const [FLOW, AGREEMENTS, GOALS, TESTERS] = [
  'Flow metrics',
  'Working agreements',
  'Sprint goals',
  'Pairing with testers',
];

e2eDescribe('e2e 3: four people run a Lean Coffee on the test clock', () => {
  let app: AppProcess;
  let browser: Browser;
  let people: Person[] = [];

  beforeAll(async () => {
    ensureBuilt();
    [app, browser] = await Promise.all([startApp('lean'), launchBrowser()]);
  });
  afterAll(async () => {
    await closeAll(people);
    await browser?.close();
    await app?.dispose();
  });

  it('given a running topic, when its time runs out, then thumbs extend it, then move on, and wrap-up sends the rest to the backlog', async () => {
    people = await openAll(browser, app.url, [ALICE, BOB, CHLOE, DEV]);
    const [alice, bob, chloe, dev] = people;
    if (!alice || !bob || !chloe || !dev) throw new Error('four people expected');

    await startAndPropose(people, [FLOW, AGREEMENTS, GOALS, TESTERS]);
    await confirm(alice.lc, 'Open dot voting', 'Yes, open voting');
    await Promise.all([
      placeDots(alice, { [AGREEMENTS]: 2, [FLOW]: 1 }),
      placeDots(bob, { [AGREEMENTS]: 2, [GOALS]: 1 }),
      placeDots(chloe, { [FLOW]: 2, [GOALS]: 1 }),
      placeDots(dev, { [AGREEMENTS]: 1, [FLOW]: 1, [TESTERS]: 1 }),
    ]);
    await confirm(alice.lc, 'Close voting', 'Yes, close voting');
    await see(alice.lc, '5 dots');
    await click(alice.lc, 'Start the next topic');
    // The most voted topic runs, with the same countdown on every screen.
    await Promise.all(people.map((p) => see(discussing(p), AGREEMENTS)));
    await Promise.all(people.map((p) => see(discussing(p), 'left of 8 min')));
    await addTakeaway(bob, 'Write them down together, revisit monthly');
    await bob.lc.getByLabel('New action item').fill('Draft the team charter');
    // The owner is chosen by name (anyone in the meeting), here himself.
    await bob.lc.getByLabel('Owner').selectOption({ label: 'Me (Bob Scrum Master)' });
    await bob.lc.getByLabel('Due (optional)').fill('2026-12-08');
    await click(bob.lc, 'Add action item');
    // The owner shows by name on other screens, as "you" on their own.
    await see(
      alice.lc.getByTestId('action-items'),
      'Draft the team charter — Bob Scrum Master · due 2026-12-08',
    );
    await see(bob.lc.getByTestId('action-items'), 'Draft the team charter — you · due 2026-12-08');

    // Expiry: the test clock jumps past the timebox; a change refreshes every screen.
    await app.advanceClock(8 * MINUTE + 1_000);
    await addTakeaway(chloe, 'Agreements need an owner');
    // Time is up on every screen: a different look and words, not colour alone.
    await Promise.all(people.map((p) => see(discussing(p), 'Time is up')));
    await screenshot(bob.page, 'lean-coffee-time-up', 'lean-coffee');
    // On a phone in dark mode: the running topic first, and axe finds nothing serious, with the
    // large clock open too.
    const phone = await openAs(browser, EVE, `${app.url}${HOME}`, 'dark');
    await phone.page.setViewportSize({ width: 360, height: 800 });
    await see(discussing(phone), 'Time is up');
    await screenshot(phone.page, 'lean-coffee-time-up-dark-360', 'lean-coffee');
    const findings = [
      ...(await axeFindings(bob.page, 'time is up, light')),
      ...(await axeFindings(phone.page, 'time is up, dark, 360 px')),
    ];
    await click(phone.lc, 'Show the large clock');
    await see(phone.lc.getByTestId('large-clock'), 'Time is up');
    findings.push(...(await axeFindings(phone.page, 'the large clock, dark, 360 px')));
    await screenshot(phone.page, 'lean-coffee-large-clock-dark-360', 'lean-coffee');
    await phone.page.context().close();
    expect(describeFindings(findings)).toBe('');
    await castThumbs(people, ['👍 Continue', '👍 Continue', '👍 Continue', '👎 Move on']);
    // Every thumb is counted in words (an emoji alone is a box without an emoji font).
    await see(
      alice.lc.getByTestId('thumb-counts'),
      'Continue: 3 · 👉 Either way: 0 · 👎 Move on: 1',
    );
    await see(alice.lc, 'closed now, the topic gets more time');
    await screenshot(dev.page, 'lean-coffee-thumbs', 'lean-coffee');
    await click(alice.lc, 'Close the vote');
    // Extended by half of 8 minutes.
    await Promise.all(people.map((p) => see(discussing(p), /left of 4 min \(extended\)/)));

    await app.advanceClock(4 * MINUTE + 1_000);
    await addTakeaway(dev, 'Try a team charter');
    await castThumbs(people, ['👎 Move on', '👉 Either way', '👎 Move on', '👍 Continue']);
    await see(
      alice.lc.getByTestId('thumb-counts'),
      'Continue: 1 · 👉 Either way: 1 · 👎 Move on: 2',
    );
    await click(alice.lc, 'Close the vote');
    // Moved on: the next most voted topic runs; the first is done with its takeaways.
    await Promise.all(people.map((p) => see(discussing(p), FLOW)));
    await Promise.all(people.map((p) => see(p.lc.getByTestId('done'), AGREEMENTS)));
    await see(alice.lc.getByTestId('done'), 'Try a team charter');
    await screenshot(bob.page, 'lean-coffee-moved-on', 'lean-coffee');

    await wrapUp(alice);
    await see(alice.lc.getByTestId('wrap-up-list'), `${GOALS} (2 dots)`);
    await see(alice.lc.getByTestId('wrap-up-list'), `${TESTERS} (1 dot)`);
    // Members read it too: the topics nobody reached go to the backlog.
    await see(bob.lc.getByTestId('wrap-up-list'), 'go to the space’s topic backlog');
    await screenshot(alice.page, 'lean-coffee-wrap-up', 'lean-coffee');
    const notesUrl = await endMeeting(alice);
    // Every participant, not only the facilitator, gets the notes page's link.
    const bobsLink = bob.lc.getByTestId('notes-link').locator('a');
    await bobsLink.waitFor();
    expect(await bobsLink.getAttribute('href')).toBe(notesUrl);
    await alice.page.goto(`${notesUrl}?as=${encodeURIComponent(ALICE.accountId)}`);
    const body = alice.page.getByTestId('page-body');
    for (const text of [AGREEMENTS, 'Agreements need an owner', 'Try a team charter', FLOW]) {
      await body.getByText(text).first().waitFor();
    }
    // The action item reaches the notes page with its owner and due date, under a summary.
    const notesText = await body.innerText();
    expect(notesText).toMatch(/Draft the team charter @Bob Scrum Master due 2026-12-08/);
    expect(notesText.indexOf('Summary')).toBe(notesText.search(/\S/));

    const reader = await openAs(browser, DEV, `${app.url}${BACKLOG_PAGE}`);
    people.push(reader);
    await see(reader.backlog, GOALS);
    await see(reader.backlog, TESTERS);
    const backlog = await reader.backlog.locator('body').innerText();
    expect(backlog).not.toContain(AGREEMENTS);
    expect(dialogsOf(people)).toEqual([]);
  });
});
