/**
 * The "Not this time" row of a notes page: who answered they would not come, with the reason's
 * category only, as mentions; escaped; no row (no empty heading) when nobody did.
 */
import { renderNotesPage } from '../../../src/domain/session-notes';
import { ADA, aDeepDiveNotes, aLeanCoffeeNotes, aThirtyFiveNotes, GRACE } from './models';
import { isWellFormed } from './xml';

const mention = (id: string) => `<ac:link><ri:user ri:account-id="${id}" /></ac:link>`;

describe('absentees on a notes page', () => {
  it.each([
    ['Lean Coffee', aLeanCoffeeNotes],
    ['Thirty Five', aThirtyFiveNotes],
    ['CoP Session', aDeepDiveNotes],
  ])(
    'given a %s with two people who answered not this time, when rendered, then one row lists both with the reason category',
    (_kind, make) => {
      const body = renderNotesPage(
        make({
          absentees: [{ accountId: ADA, reason: 'too-much-on-my-plate' }, { accountId: GRACE }],
        }),
      );
      expect(body).toContain(
        `<tr><th>Not this time</th><td>${mention(ADA)} (Too much on my plate), ${mention(GRACE)}</td></tr>`,
      );
      expect(isWellFormed(body)).toBe(true);
    },
  );

  it('given nobody answered not this time, when rendered, then there is no such row', () => {
    expect(renderNotesPage(aLeanCoffeeNotes({ absentees: [] }))).not.toContain('Not this time');
    expect(renderNotesPage(aLeanCoffeeNotes())).not.toContain('Not this time');
  });

  it('given an account id that is not one, when rendered, then it is not put in an attribute', () => {
    const body = renderNotesPage(
      aLeanCoffeeNotes({ absentees: [{ accountId: '"><script>x</script>', reason: 'other' }] }),
    );
    expect(body).toContain('<tr><th>Not this time</th><td>unknown user (Other)</td></tr>');
    expect(body).not.toContain('<script>');
    expect(isWellFormed(body)).toBe(true);
  });
});
