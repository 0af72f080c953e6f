/**
 * A Lean Coffee through the UI only: propose, dot voting, the running topic's countdown, the
 * thumbs vote at expiry, takeaways, wrap-up and end.
 */
import { click, confirm, see, WAIT_MS, type Person } from './ui';

/** The facilitator (people[0]) starts; each person proposes their topic. */
export async function startAndPropose(
  people: readonly Person[],
  topics: readonly string[],
): Promise<void> {
  const [fac] = people;
  if (!fac) throw new Error('nobody to facilitate');
  await click(fac.lc, 'Start a Lean Coffee');
  for (const [i, p] of people.entries()) {
    const title = topics[i];
    if (title === undefined) continue;
    await see(p.lc, 'Add a topic');
    await p.lc.getByLabel('Topic', { exact: true }).fill(title);
    await click(p.lc, 'Add topic');
    await see(p.lc.getByTestId('to-discuss'), title);
  }
  await Promise.all(people.map((p) => see(p.lc, `To discuss (${topics.length})`)));
}

/** Places `dots` (topic title → count) as `p`, one click per dot. */
export async function placeDots(p: Person, dots: Readonly<Record<string, number>>): Promise<void> {
  let left = 3;
  for (const [title, n] of Object.entries(dots)) {
    for (let i = 0; i < n; i += 1) {
      await p.lc
        .getByRole('button', { name: `Add a dot to “${title}”` })
        .click({ timeout: WAIT_MS });
      left -= 1;
      await see(p.lc.getByTestId('dots-left'), `You have ${left} of 3 dots left`);
    }
  }
}

export async function addTakeaway(p: Person, text: string): Promise<void> {
  await p.lc.getByLabel('New takeaway').fill(text);
  await click(p.lc, 'Add takeaway');
  await see(p.lc.getByTestId('takeaways'), text);
}

/** Everyone waits for the thumbs vote, then casts theirs (same order as `people`). */
export async function castThumbs(
  people: readonly Person[],
  thumbs: readonly ('👍 Continue' | '👉 Either way' | '👎 Move on')[],
): Promise<void> {
  await Promise.all(
    people.map(async (p, i) => {
      const thumb = thumbs[i];
      await see(p.lc, 'Continue this topic?');
      if (thumb) await click(p.lc, thumb);
    }),
  );
}

export const discussing = (p: Person) => p.lc.getByTestId('discussing');

/** Wrap-up: the facilitator sees the backlog import's answer and the list it sent. */
export async function wrapUp(fac: Person): Promise<void> {
  await confirm(fac.lc, 'Wrap up', 'Yes, wrap up');
  await see(fac.lc, /Sent to the backlog: \d+ topics?\./);
}

/** Ends the meeting and answers the notes page's URL. */
export async function endMeeting(fac: Person): Promise<string> {
  await confirm(fac.lc, 'End the meeting', 'Yes, end and write the notes');
  const link = fac.lc.getByTestId('notes-link').locator('a');
  await link.waitFor({ timeout: WAIT_MS });
  const href = await link.getAttribute('href');
  if (!href) throw new Error('notes link without href');
  return href;
}
