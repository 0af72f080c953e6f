/**
 * Swapping facilitation turns through `rhythm/swap` in the local host with the real @forge
 * packages: one click each for the two people (propose, accept), undo, nobody else decides for
 * them (a curator or space admin may exchange two dates at once), and the invitation page already
 * published for a swapped date is brought up to date in place, without ever failing the swap.
 */
import type { ApiResult } from '../../../src/contract/result';
import type { RhythmView, SwapView } from '../../../src/contract/rhythm';
import type { PublishedInvitation } from '../../../src/services/rhythm/invitation-page';
import { startAppHost, USERS, type AppHost } from '../../support/app-host';

let app: AppHost;

const page = (accountId: string) => app.as(accountId, { moduleKey: 'topic-backlog-page' });

function data<T>(result: ApiResult<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.data;
}

const view = async (who: string = USERS.bob): Promise<RhythmView> =>
  data(await page(who).invoke<RhythmView>('rhythm/view'));
const facilitators = async (): Promise<(string | undefined)[]> =>
  (await view()).sessions.map((s) => s.facilitator);
const swap = (who: string, payload: Record<string, unknown>) =>
  page(who).invoke<SwapView>('rhythm/swap', payload);

/** The six upcoming dates; alice, bob, chloe facilitate in turn. */
let dates: string[] = [];

beforeAll(async () => {
  app = await startAppHost();
  data(
    await page(USERS.sam).invoke('settings/update', {
      copName: 'Swap CoP',
      facilitators: [USERS.alice, USERS.bob, USERS.chloe],
      cadence: {
        sessionsPerMonth: 4,
        anchorDate: '2026-01-01',
        weekday: 4,
        startTime: '16:00',
        timeZone: 'Europe/Paris',
      },
    }),
  );
  dates = (await view()).sessions.map((s) => s.date);
}, 120_000);

afterAll(async () => {
  await app.close();
});

describe('swapping turns', () => {
  it('given alice has the first date and bob the second, when alice proposes and bob accepts, then they have swapped; then alice undoes it', async () => {
    const [d0, d1] = dates as [string, string];
    expect(await facilitators()).toEqual([
      USERS.alice,
      USERS.bob,
      USERS.chloe,
      USERS.alice,
      USERS.bob,
      USERS.chloe,
    ]);
    const proposed = data(await swap(USERS.alice, { type: 'propose', myDate: d0, theirDate: d1 }));
    expect(proposed.swaps).toEqual([
      expect.objectContaining({ id: `${d0}~${d1}`, status: 'proposed', partner: USERS.bob }),
    ]);
    // A proposal changes nobody's turn; everyone sees it.
    expect((await facilitators()).slice(0, 2)).toEqual([USERS.alice, USERS.bob]);
    expect((await view(USERS.dev)).swaps).toHaveLength(1);

    data(await swap(USERS.bob, { type: 'accept', swapId: `${d0}~${d1}` }));
    expect((await facilitators()).slice(0, 2)).toEqual([USERS.bob, USERS.alice]);

    data(await swap(USERS.alice, { type: 'cancel', swapId: `${d0}~${d1}` }));
    expect((await facilitators()).slice(0, 2)).toEqual([USERS.alice, USERS.bob]);
    expect((await view()).swaps).toBeUndefined();
  });

  it('given a proposal, when someone else accepts it or proposes for a turn that is not theirs, then refused and nothing changes', async () => {
    const [d0, d1, d2] = dates as [string, string, string];
    data(await swap(USERS.alice, { type: 'propose', myDate: d0, theirDate: d2 }));
    const before = await view();
    expect(await swap(USERS.dev, { type: 'accept', swapId: `${d0}~${d2}` })).toMatchObject({
      ok: false,
      error: { code: 'NOT_IN_SWAP' },
    });
    // The partner is chloe; bob is not in this swap either.
    expect(await swap(USERS.bob, { type: 'accept', swapId: `${d0}~${d2}` })).toMatchObject({
      ok: false,
      error: { code: 'NOT_IN_SWAP' },
    });
    expect(await swap(USERS.dev, { type: 'propose', myDate: d1, theirDate: d2 })).toMatchObject({
      ok: false,
      error: { code: 'NOT_YOUR_TURN' },
    });
    // One swap per date: bob cannot pull chloe's date into a second swap.
    expect(await swap(USERS.bob, { type: 'propose', myDate: d1, theirDate: d2 })).toMatchObject({
      ok: false,
      error: { code: 'SWAP_EXISTS' },
    });
    expect(await view()).toEqual(before);
    // Chloe declines: the proposal is gone.
    data(await swap(USERS.chloe, { type: 'decline', swapId: `${d0}~${d2}` }));
    expect((await view()).swaps).toBeUndefined();
  });

  it('given a member and a space admin, when each exchanges two dates at once, then the member is refused and the admin swaps them', async () => {
    const [, , , d3, d4] = dates as [string, string, string, string, string];
    expect(await swap(USERS.dev, { type: 'swapDates', dateA: d3, dateB: d4 })).toMatchObject({
      ok: false,
      error: { code: 'NOT_CURATOR' },
    });
    expect(await swap(USERS.sam, { type: 'swapDates', dateA: d3, dateB: d3 })).toMatchObject({
      ok: false,
      error: { code: 'SAME_PERSON' },
    });
    data(await swap(USERS.sam, { type: 'swapDates', dateA: d3, dateB: d4 }));
    expect((await facilitators()).slice(3, 5)).toEqual([USERS.bob, USERS.alice]);
    // Either of the two undoes it.
    data(await swap(USERS.alice, { type: 'cancel', swapId: `${d3}~${d4}` }));
    expect((await facilitators()).slice(3, 5)).toEqual([USERS.alice, USERS.bob]);
  });

  it('given a payload that names someone or a malformed id, when sent, then INVALID_PAYLOAD', async () => {
    expect(
      await swap(USERS.alice, { type: 'accept', swapId: 'x', actor: USERS.bob }),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
  });
});

describe('the invitation page after a swap', () => {
  it('given the first session has a published page, when a swap changes its facilitator, then the page is updated in place with the next version', async () => {
    const [d0, d1] = dates as [string, string];
    const published = data(
      await page(USERS.sam).invoke<PublishedInvitation>('rhythm/publishInvitation', {}),
    );
    const before = app.host.confluence.page(published.pageId);
    expect(before?.body).toContain(
      `Facilitator: <ac:link><ri:user ri:account-id="${USERS.alice}" />`,
    );
    data(await swap(USERS.alice, { type: 'propose', myDate: d0, theirDate: d1 }));
    // A proposal changes nothing on the page.
    expect(app.host.confluence.page(published.pageId)?.version).toBe(before?.version);
    data(await swap(USERS.bob, { type: 'accept', swapId: `${d0}~${d1}` }));
    const after = app.host.confluence.page(published.pageId);
    expect(after?.version).toBe((before?.version ?? 0) + 1);
    expect(after?.body).toContain(`Facilitator: <ac:link><ri:user ri:account-id="${USERS.bob}" />`);
    data(await swap(USERS.bob, { type: 'cancel', swapId: `${d0}~${d1}` }));
    expect(app.host.confluence.page(published.pageId)?.body).toContain(
      `Facilitator: <ac:link><ri:user ri:account-id="${USERS.alice}" />`,
    );
  });

  it('given someone Confluence does not let edit pages is in the swap, when they accept, then the swap holds and the page stays as it was', async () => {
    // Finn may read the space, not write in it; a curator puts him in the rotation.
    data(
      await page(USERS.sam).invoke('settings/update', {
        facilitators: [USERS.alice, USERS.finn, USERS.chloe],
      }),
    );
    const [d0, d1] = dates as [string, string];
    const published = data(
      await page(USERS.sam).invoke<PublishedInvitation>('rhythm/publishInvitation', {}),
    );
    const before = app.host.confluence.page(published.pageId);
    data(await swap(USERS.alice, { type: 'propose', myDate: d0, theirDate: d1 }));
    const accepted = await swap(USERS.finn, { type: 'accept', swapId: `${d0}~${d1}` });
    expect(accepted).toMatchObject({ ok: true });
    expect((await facilitators()).slice(0, 2)).toEqual([USERS.finn, USERS.alice]);
    const after = app.host.confluence.page(published.pageId);
    expect(after?.version).toBe(before?.version);
    expect(after?.body).toBe(before?.body);
  });
});
