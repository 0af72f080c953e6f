/**
 * Takeaways and action items read in the order they were added (issue 15, point 8): their ids are
 * random, so listing them by id shuffled the notes page. Each carries `addedAt`, kept by edits.
 */
import { topicSummaries, type LeanCoffeeState } from '../../../src/domain/lean-coffee';
import { renderNotesPage } from '../../../src/domain/session-notes/render';
import { leanCoffeeNotes } from '../../../src/services/lean-coffee-export';
import type { LeanCoffeeGameRow } from '../../../src/storage/lean-coffee';
import {
  ALICE,
  BOB,
  CAROL,
  FACILITATOR,
  T0,
  allocated,
  asFacilitator,
  created,
  ctx,
  given,
  play,
  threeTopics,
  votingOpened,
} from './builders';

const STARTED_AT = T0 + 60_000;

/** t3 being discussed, three takeaways and action items added z, m, a (ids sort a, m, z). */
function meeting(): LeanCoffeeState {
  let state = play(
    play(
      given(created(), ...threeTopics(), votingOpened(), allocated(ALICE, { t3: 2, t1: 1 })),
      { type: 'closeVoting' },
      asFacilitator(T0 + 30_000),
    ),
    { type: 'startTopic' },
    asFacilitator(STARTED_AT),
  );
  const people = [ALICE, BOB, CAROL];
  ['z', 'm', 'a'].forEach((id, i) => {
    const who = ctx({ actor: people[i], now: STARTED_AT + 10 + i });
    state = play(
      state,
      { type: 'addTakeaway', takeawayId: `k-${id}`, topicId: 't3', text: `Takeaway ${i + 1}` },
      who,
    );
    state = play(
      state,
      { type: 'addActionItem', actionItemId: `a-${id}`, topicId: 't3', text: `Action ${i + 1}` },
      who,
    );
  });
  return state;
}

describe('takeaways in the order they were added', () => {
  it('given three takeaways whose ids sort otherwise, then the summary lists them as added, and an edit does not move one', () => {
    let state = meeting();
    const texts = (s: LeanCoffeeState) => {
      const t3 = topicSummaries(s, STARTED_AT + 100).find((x) => x.topic.id === 't3');
      return [t3?.takeaways.map((k) => k.text), t3?.actionItems.map((a) => a.text)];
    };
    expect(texts(state)).toEqual([
      ['Takeaway 1', 'Takeaway 2', 'Takeaway 3'],
      ['Action 1', 'Action 2', 'Action 3'],
    ]);
    state = play(
      state,
      { type: 'editTakeaway', takeawayId: 'k-z', text: 'Takeaway 1, edited' },
      ctx({ actor: ALICE, now: STARTED_AT + 50 }),
    );
    expect(texts(state)[0]).toEqual(['Takeaway 1, edited', 'Takeaway 2', 'Takeaway 3']);
  });

  it('given the same meeting, then the notes page shows the takeaways and action items in the order added', () => {
    const row = { state: { contentId: '1001', facilitator: FACILITATOR } } as LeanCoffeeGameRow;
    const model = leanCoffeeNotes(row, meeting(), STARTED_AT + 100);
    expect(model.takeaways).toEqual([
      'Team health: Takeaway 1',
      'Team health: Takeaway 2',
      'Team health: Takeaway 3',
    ]);
    const page = renderNotesPage({ ...model, copName: 'Agile CoP' });
    const at = (text: string) => page.indexOf(text);
    expect(at('Takeaway 1')).toBeGreaterThan(-1);
    expect(at('Takeaway 1')).toBeLessThan(at('Takeaway 2'));
    expect(at('Takeaway 2')).toBeLessThan(at('Takeaway 3'));
    expect(at('Action 1')).toBeLessThan(at('Action 2'));
    expect(at('Action 2')).toBeLessThan(at('Action 3'));
  });
});
