/**
 * Scenario 1: six people play a whole Thirty Five (5 rounds) on their own screens. Every screen
 * shows the same ranking; the notes page opens and holds it; the backlog lists the topics in
 * that order.
 */
import { ALICE, BOB, CHLOE, DEV, e2eDescribe, EVE, SAM } from './support/env';
import { useScenario } from './support/scenario';
import {
  expectInOrder,
  expectSameRanking,
  openAndDeal,
  playRound,
  rankingOf,
  sendAndEnd,
  showResults,
} from './support/thirty-five';
import {
  BACKLOG_PAGE,
  click,
  dialogsOf,
  screenshot,
  screenshotOf,
  see,
  WAIT_MS,
} from './support/ui';

jest.setTimeout(600_000);

const CARDS = [
  'Remote retrospectives that people enjoy',
  'Estimation without story points',
  'Product goals teams actually care about',
  'Coaching managers who want status reports',
  'Running a CoP that people attend',
  'Definition of Done across five teams',
];

e2eDescribe('e2e 1: six people play a whole Thirty Five', () => {
  const scenario = useScenario('six');

  it('given six people on their own screens, when they play five rounds, then every screen, the notes page and the backlog agree on the ranking', async () => {
    const { people, fac: alice } = await openAndDeal(
      scenario,
      [ALICE, BOB, CHLOE, DEV, EVE, SAM],
      CARDS,
      5,
    );
    for (let round = 1; round <= 5; round += 1) {
      const byes = await playRound(people, round, (pair) => (round * 3 + pair * 2) % 8);
      expect(byes).toHaveLength(0);
      await see(alice.t35, '3 of 3 pairs confirmed');
      if (round === 3) await screenshot(alice.page, 'thirty-five-round', 'thirty-five');
      if (round < 5) await click(alice.t35, `Start round ${round + 1}`);
    }
    // After the last round nobody is told to wait for another one.
    const bob = people[1];
    if (!bob) throw new Error('no second player');
    await see(bob.t35, 'That was the last round: waiting for the facilitator to show the results.');
    await showResults(alice, people);
    await expectSameRanking(people);
    const ranking = await rankingOf(alice);
    expect([...ranking].sort()).toEqual([...CARDS].sort());
    await screenshot(people[1]?.page ?? alice.page, 'thirty-five-results', 'thirty-five');

    const notesUrl = await sendAndEnd(alice);
    // A member, not only the facilitator, follows the notes link from the ended game.
    const bobsLink = bob.t35.getByTestId('notes-link').locator('a');
    await bobsLink.waitFor({ timeout: WAIT_MS });
    expect(await bobsLink.getAttribute('href')).toBe(notesUrl);
    await bobsLink.click();
    await bob.page.waitForURL(
      (url) => url.pathname === new URL(notesUrl, scenario.app.url).pathname,
      {
        timeout: WAIT_MS,
      },
    );
    await see(bob.page.getByTestId('page-body'), ranking[0] ?? '');
    await alice.page.goto(`${notesUrl}?as=${encodeURIComponent(ALICE.accountId)}`);
    const body = await alice.page.getByTestId('page-body').innerText();
    expectInOrder(body, ranking);
    await screenshotOf(
      alice.page.getByTestId('page-body').locator('table', { hasText: CARDS[0] }).first(),
      'thirty-five-notes',
    );

    const reader = await scenario.open(BOB, BACKLOG_PAGE);
    await see(reader.backlog, CARDS[0] ?? '');
    expectInOrder(await reader.backlog.locator('body').innerText(), ranking);
    await screenshot(reader.page, 'backlog-after-thirty-five', 'topic-backlog-page');
    expect(dialogsOf(scenario.people)).toEqual([]);
  });
});
