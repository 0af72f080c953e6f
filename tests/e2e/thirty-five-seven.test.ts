/**
 * Scenario 2: seven people (one bye each round) play Thirty Five; after round 2 the facilitator
 * takes one participant out; the remaining rounds are re-planned and the game completes.
 */
import { e2eDescribe, EVERYONE } from './support/env';
import { useScenario } from './support/scenario';
import {
  expectSameRanking,
  openAndDeal,
  playRound,
  rankingOf,
  sendAndEnd,
  showResults,
} from './support/thirty-five';
import { click, confirm, dialogsOf, screenshot, see } from './support/ui';

jest.setTimeout(600_000);

const ROUNDS = 4;
const CARDS = [
  'Scaling the Daily Scrum',
  'Working agreements that stick',
  'OKRs and sprint goals',
  'Flow metrics for beginners',
  'Backlog refinement with stakeholders',
  'Psychological safety in retros',
  'When the Scrum Master is also a developer',
];

e2eDescribe('e2e 2: seven people, a bye each round, one taken out after round 2', () => {
  const scenario = useScenario('seven');

  it('given seven players, when one is taken out after round 2, then the game still completes with every card ranked', async () => {
    const { people, fac: alice } = await openAndDeal(scenario, EVERYONE, CARDS, ROUNDS);

    const sitOut = new Set<string>();
    let playing = people;
    for (let round = 1; round <= ROUNDS; round += 1) {
      const byes = await playRound(playing, round, (pair) => (round + pair * 3) % 8);
      expect(byes).toHaveLength(playing.length % 2);
      for (const b of byes) {
        expect(sitOut.has(b.user.accountId)).toBe(false); // nobody sits out twice
        sitOut.add(b.user.accountId);
      }
      const pairs = Math.floor(playing.length / 2);
      await see(alice.t35, `${pairs} of ${pairs} pairs confirmed`);
      if (round === 2) {
        const out = playing.find((p) => p !== alice && !sitOut.has(p.user.accountId));
        if (!out) throw new Error('nobody to take out');
        await alice.t35.getByText('Take someone out of the game').click();
        await alice.t35.getByLabel('Participant').selectOption({ label: out.user.name });
        await confirm(alice.t35, 'Take out', 'Yes, take out');
        await see(alice.t35, `Taken out: ${out.user.name}`);
        await see(out.t35, 'You were taken out of the game');
        await screenshot(alice.page, 'thirty-five-taken-out', 'thirty-five');
        playing = playing.filter((p) => p !== out);
      }
      if (round < ROUNDS) await click(alice.t35, `Start round ${round + 1}`);
    }
    await showResults(alice, people);
    await expectSameRanking(people);
    expect([...(await rankingOf(alice))].sort()).toEqual([...CARDS].sort());
    await sendAndEnd(alice);
    expect(dialogsOf(people)).toEqual([]);
  });
});
