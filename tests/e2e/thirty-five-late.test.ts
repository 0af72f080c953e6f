/**
 * Scenario 3 (issue 15): a late arrival plays rounds 3–5. Four people play; a fifth opens the
 * page after the deal and asks to join with a card; once every pair has agreed round 2 the
 * facilitator adds them; they play rounds 3, 4 and 5 on their own screen (five players: one bye
 * a round) and see the same ranking as everyone, their card in it.
 */
import { ALICE, BOB, CHLOE, DEV, e2eDescribe, EVE } from './support/env';
import { useScenario } from './support/scenario';
import {
  expectSameRanking,
  openAndDeal,
  playRound,
  rankingOf,
  showResults,
} from './support/thirty-five';
import { click, dialogsOf, screenshot, see, WAIT_MS, type Person } from './support/ui';

jest.setTimeout(600_000);

const CARDS = [
  'Pairing across teams',
  'Sprint reviews stakeholders attend',
  'Limiting work in progress',
  'Onboarding new Scrum Masters',
];
const LATE_CARD = 'Coaching a team that arrived late';

e2eDescribe('e2e 3: a late arrival plays rounds 3–5', () => {
  const scenario = useScenario('late');

  it('given four playing, when a fifth asks to join after the deal and is added after round 2, then they play rounds 3–5 and see the same ranking, their card in it', async () => {
    const { people: four, fac: alice } = await openAndDeal(
      scenario,
      [ALICE, BOB, CHLOE, DEV],
      CARDS,
      5,
    );

    // Eve opens the page after the deal: she watches, and asks to join with her card.
    const eve = await scenario.open(EVE);
    await see(eve.t35, 'This game started before you joined');
    const ask = eve.t35.getByTestId('ask-to-join');
    await ask.getByLabel('Your topic card').fill(LATE_CARD);
    await click(eve.t35, 'Ask to join');
    await see(eve.t35, 'You asked to join: the facilitator will add you between rounds.');

    const asked = alice.t35.getByTestId('late-arrivals');
    await see(asked, 'Asked to join (1)');
    await see(asked, EVE.name);
    const add = asked.getByRole('button', { name: 'Add to the next round', exact: true });

    for (const round of [1, 2]) {
      const byes = await playRound(four, round, (pair) => (round * 3 + pair * 2) % 8);
      expect(byes).toHaveLength(0);
      await see(alice.t35, '2 of 2 pairs confirmed');
      if (round === 1) {
        // Not during a round's play: only once every pair agreed and before the next starts.
        await click(alice.t35, 'Start round 2');
        await see(alice.t35, /still agreeing their split/);
        expect(await add.isDisabled()).toBe(true);
      }
    }
    // Every pair agreed round 2: the button becomes available.
    await asked
      .getByRole('button', { name: 'Add to the next round', disabled: false })
      .waitFor({ timeout: WAIT_MS });
    await screenshot(alice.page, 'thirty-five-late-arrival', 'thirty-five');
    await add.click({ timeout: WAIT_MS });
    await asked.waitFor({ state: 'detached', timeout: WAIT_MS });
    await click(alice.t35, 'Start round 3');

    const five = [...four, eve];
    const sitOut = new Set<Person>();
    for (const round of [3, 4, 5]) {
      const byes = await playRound(five, round, (pair) => (round + pair * 3) % 8);
      expect(byes).toHaveLength(1);
      for (const b of byes) {
        expect(sitOut.has(b)).toBe(false); // nobody sits out twice
        sitOut.add(b);
      }
      await see(alice.t35, '2 of 2 pairs confirmed');
      if (round < 5) await click(alice.t35, `Start round ${round + 1}`);
    }

    await showResults(alice, five);
    await expectSameRanking(five);
    const ranking = await rankingOf(eve);
    expect([...ranking].sort()).toEqual([...CARDS, LATE_CARD].sort());
    expect(dialogsOf(scenario.people)).toEqual([]);
  });
});
