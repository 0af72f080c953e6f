/**
 * A Thirty Five played through the UI only: the facilitator starts, everyone writes a card,
 * the facilitator deals and starts each round, every pair proposes and confirms a split on their
 * own screens, and the facilitator shows the results.
 */
import { expect } from '@jest/globals';
import type { Locator } from 'playwright-core';
import type { DemoUser } from './env';
import type { Scenario } from './scenario';
import { button, click, confirm, see, WAIT_MS, type Person } from './ui';

/** Alice (people[0]) starts; everyone joins with their card, all at once. */
export async function startAndJoin(
  people: readonly Person[],
  cards: readonly string[],
): Promise<void> {
  const [fac] = people;
  if (!fac) throw new Error('nobody to facilitate');
  await click(fac.t35, 'Start a Thirty Five game');
  await Promise.all(
    people.map(async (p, i) => {
      await see(p.t35, 'Write your card');
      await p.t35.getByLabel('Your topic card').fill(cards[i] ?? `Card ${i}`);
      await click(p.t35, 'Join with this card');
      await see(p.t35, 'Your card is in.');
    }),
  );
  await see(fac.t35, `Joined (${people.length})`);
}

/** The facilitator deals for `rounds` rounds and starts round 1. */
export async function dealAndStart(fac: Person, rounds: number): Promise<void> {
  await fac.t35.getByLabel('Rounds', { exact: true }).fill(String(rounds));
  await confirm(fac.t35, 'Deal the cards', 'Yes, deal');
  await click(fac.t35, 'Start round 1');
}

/**
 * Opens `users` on the home page (the first facilitates), everyone joins with their card, and
 * the facilitator deals for `rounds` rounds and starts round 1.
 */
export async function openAndDeal(
  scenario: Scenario,
  users: readonly DemoUser[],
  cards: readonly string[],
  rounds: number,
): Promise<{ people: Person[]; fac: Person }> {
  const people = await scenario.openAll(users);
  const [fac] = people;
  if (!fac) throw new Error('no facilitator');
  await startAndJoin(people, cards);
  await dealAndStart(fac, rounds);
  return { people, fac };
}

const roundTitle = (p: Person, round: number): Locator =>
  p.t35.getByTestId('round-title').filter({ hasText: `Round ${round} of` });

/** Who sits with whom this round, read from each screen's round title ("— you and <name>"). */
export async function pairsOf(
  people: readonly Person[],
  round: number,
): Promise<{ pairs: [Person, Person][]; byes: Person[] }> {
  const titles = await Promise.all(
    people.map(async (p) => {
      const title = roundTitle(p, round);
      await title.waitFor({ timeout: WAIT_MS });
      return title.innerText();
    }),
  );
  const pairs: [Person, Person][] = [];
  const byes: Person[] = [];
  const seated = new Set<Person>();
  people.forEach((p, i) => {
    const m = /— you and (.+)$/.exec(titles[i] ?? '');
    if (!m) {
      byes.push(p);
      return;
    }
    if (seated.has(p)) return;
    const partner = people.find((q) => q.user.name === m[1]?.trim());
    if (!partner) throw new Error(`${p.user.name}'s partner ${m[1]} is not playing`);
    seated.add(p).add(partner);
    pairs.push([p, partner]);
  });
  return { pairs, byes };
}

/**
 * Plays round `round`: in each pair the first person proposes `split(pairIndex)` points for the
 * card they hold and the partner confirms it; pairs act at the same time. Returns the byes.
 */
export async function playRound(
  people: readonly Person[],
  round: number,
  split: (pairIndex: number) => number,
): Promise<Person[]> {
  const { pairs, byes } = await pairsOf(people, round);
  for (const bye of byes) await see(bye.t35, 'You sit out this round');
  await Promise.all(
    pairs.map(async ([proposer, partner], i) => {
      const forMine = split(i);
      await proposer.t35
        .getByRole('radio', { name: new RegExp(`^${forMine} to the card you hold`) })
        .check({ timeout: WAIT_MS });
      await click(proposer.t35, 'Propose this split');
      await see(proposer.t35, 'Waiting for');
      await button(partner.t35, /^Confirm \d+–\d+$/).click({ timeout: WAIT_MS });
      await see(partner.t35, 'Your pair has agreed');
    }),
  );
  return byes;
}

/** The facilitator shows the results; every screen then shows the tie-break rule. */
export async function showResults(fac: Person, people: readonly Person[]): Promise<void> {
  await confirm(fac.t35, 'Show the results', 'Yes, show results');
  await Promise.all(people.map((p) => see(p.t35, 'How ties break')));
}

/** The ranking as a list of card texts (top first), read from one screen. */
export async function rankingOf(p: Person): Promise<string[]> {
  return p.t35.getByTestId('ranking').locator('li .card').allInnerTexts();
}

/** The whole ranking block's text on every screen: expected identical everywhere. */
export async function expectSameRanking(people: readonly Person[]): Promise<string> {
  const texts = await Promise.all(people.map((p) => p.t35.getByTestId('ranking').innerText()));
  for (const t of texts) expect(t).toBe(texts[0]);
  return texts[0] ?? '';
}

/** Sends to the backlog, ends the game, and answers the notes page's URL. */
export async function sendAndEnd(fac: Person): Promise<string> {
  await click(fac.t35, 'Send the ranking to the backlog');
  await see(fac.t35, /Sent to the backlog: \d+ topics?\./);
  await confirm(fac.t35, 'End the game', 'Yes, end and write the notes');
  const link = fac.t35.getByTestId('notes-link').locator('a');
  await link.waitFor({ timeout: WAIT_MS });
  const href = await link.getAttribute('href');
  if (!href) throw new Error('notes link without href');
  return href;
}

/** Positions of `texts` in `haystack`, expected strictly increasing (shown in that order). */
export function expectInOrder(haystack: string, texts: readonly string[]): void {
  const at = texts.map((t) => haystack.indexOf(t));
  for (const [i, pos] of at.entries()) {
    if (pos < 0) throw new Error(`"${texts[i]}" not found in:\n${haystack}`);
  }
  expect(at).toEqual([...at].sort((a, b) => a - b));
}
