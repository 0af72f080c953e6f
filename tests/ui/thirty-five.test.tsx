/**
 * Thirty Five through the real resolvers: the facilitator's and a participant's screens in jsdom,
 * other people acting from their own "devices" (direct invokes), live updates over realtime.
 */
import './support/setup';
import { screen, waitFor, within, cleanup } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { THIRTY_FIVE, type ThirtyFiveStateView } from '../../src/contract/thirty-five';
import { startUiHost, USERS, type UiHost } from './support/host';
import { renderApp } from './support/render';

jest.setTimeout(60_000);

let host: UiHost;
beforeAll(async () => {
  host = await startUiHost();
});
afterAll(async () => {
  await host.close();
});
afterEach(() => cleanup());

async function stateOf(user: string, localId: string): Promise<ThirtyFiveStateView> {
  const r = await host.as(user, { localId }).invoke<ThirtyFiveStateView>(THIRTY_FIVE.state);
  if (!r.ok) throw new Error(r.error.message);
  return r.data;
}

/** Someone on their own screen answers their pair: proposes `forMine`, or confirms a proposal. */
async function actInPair(user: string, localId: string, forMine = 4): Promise<void> {
  const s = await stateOf(user, localId);
  const v = s.view;
  if (v?.phase !== 'round' || v.seat?.kind !== 'pair') return;
  const seat = v.seat;
  const client = host.as(user, { localId });
  if (s.step === 'propose') {
    const r = await client.invoke(THIRTY_FIVE.proposeSplit, {
      round: v.round,
      points: { [seat.mine.id]: forMine, [seat.theirs.id]: v.points - forMine },
    });
    expect(r.ok).toBe(true);
  } else if (s.step === 'confirm' && seat.partnerRecord) {
    const r = await client.invoke(THIRTY_FIVE.confirmSplit, {
      round: v.round,
      points: seat.partnerRecord.points,
    });
    expect(r.ok).toBe(true);
  }
}

describe('Thirty Five views', () => {
  it('given a new macro, when Alice starts and plays a whole game with three others, then she sees every phase, the ranking, the backlog hand-off and the notes link', async () => {
    const user = userEvent.setup();
    const localId = 't35-whole';
    host.useFrame({ accountId: USERS.alice, moduleKey: 'thirty-five', localId });
    await renderApp();

    // Not started → start: Alice facilitates.
    await user.click(await screen.findByRole('button', { name: 'Start a Thirty Five game' }));
    const facilitator = await screen.findByTestId('facilitator');

    // Collect: Alice writes her card; three others join from their screens (live update).
    await user.type(screen.getByLabelText('Your topic card'), 'How do we run retros remotely?');
    await user.click(screen.getByRole('button', { name: 'Join with this card' }));
    await screen.findByText(/Your card is in/);
    for (const [who, text] of [
      [USERS.bob, 'Estimation without story points'],
      [USERS.chloe, 'Product goals that teams care about'],
      [USERS.dev, 'Coaching managers'],
    ] as const) {
      expect((await host.as(who, { localId }).invoke(THIRTY_FIVE.join, { text })).ok).toBe(true);
    }
    expect(await within(facilitator).findByText('Joined (4)')).toBeInTheDocument();
    expect(within(facilitator).getByTestId('players')).toHaveTextContent('Bob Scrum Master');

    // Deal, two rounds: a confirmation first, because dealing closes joining.
    const rounds = within(facilitator).getByLabelText('Rounds');
    await user.clear(rounds);
    await user.type(rounds, '2');
    await user.click(within(facilitator).getByRole('button', { name: 'Deal the cards' }));
    expect(screen.getByText(/Nobody can join or edit a card afterwards/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Yes, deal' }));
    await waitFor(() => expect(screen.getByTestId('phase')).toHaveTextContent('Cards dealt'));
    await user.click(screen.getByRole('button', { name: 'Start round 1' }));

    // Round 1: Alice proposes; her partner confirms from their screen.
    const title = await screen.findByTestId('round-title');
    expect(title.textContent).toMatch(
      /^Round 1 of 2 — you and (Bob Scrum Master|Chloé Product Owner|Dev Agile Coach)$/,
    );
    expect(screen.getByTestId('progress')).toHaveTextContent(
      'Round 1 of 2: 0 of 2 pairs confirmed',
    );
    expect(screen.getByTestId('card-mine')).not.toHaveTextContent('How do we run retros remotely?');
    await user.click(screen.getByRole('radio', { name: /^5 to the card you hold, 2 to/ }));
    await user.click(screen.getByRole('button', { name: 'Propose this split' }));
    await screen.findByTestId('my-proposal');
    expect(screen.getByTestId('my-proposal')).toHaveTextContent('You proposed 5–2');
    const others = [USERS.bob, USERS.chloe, USERS.dev];
    for (const who of others) await actInPair(who, localId, 6);
    for (const who of others) await actInPair(who, localId);
    await waitFor(() =>
      expect(screen.getByTestId('progress')).toHaveTextContent('2 of 2 pairs confirmed'),
    );
    expect(screen.getByTestId('waiting')).toHaveTextContent('Your pair has agreed');

    // Round 2: Alice's partner proposes first; Alice confirms what they proposed.
    await user.click(screen.getByRole('button', { name: 'Start round 2' }));
    await waitFor(() =>
      expect(screen.getByTestId('round-title')).toHaveTextContent('Round 2 of 2'),
    );
    for (const who of others) await actInPair(who, localId, 3);
    const proposal = await screen.findByTestId('partner-proposal');
    expect(proposal).toHaveTextContent(/proposed 4–3/);
    await user.click(within(proposal).getByRole('button', { name: 'Confirm 4–3' }));
    for (const who of others) await actInPair(who, localId);
    await waitFor(() =>
      expect(screen.getByTestId('progress')).toHaveTextContent('2 of 2 pairs confirmed'),
    );

    // Results: the ranking, its bars, per-round points and the tie-break rule.
    await user.click(screen.getByRole('button', { name: 'Show the results' }));
    await user.click(screen.getByRole('button', { name: 'Yes, show results' }));
    const ranking = await screen.findByTestId('ranking');
    expect(within(ranking).getAllByRole('listitem')).toHaveLength(4);
    expect(within(ranking).getAllByRole('img', { name: /^Score [\d.]+ of 14$/ })).toHaveLength(4);
    expect(ranking).toHaveTextContent('R1:');
    expect(screen.getByTestId('tie-break')).toHaveTextContent('normalised score');
    const server = await stateOf(USERS.alice, localId);
    const shown = within(ranking)
      .getAllByRole('listitem')
      .map((li) => li.querySelector('.card')?.textContent);
    expect(shown).toEqual(server.ranking?.map((c) => c.text));

    // Hand-off: backlog, then end with the notes page.
    await user.click(screen.getByRole('button', { name: 'Send the ranking to the backlog' }));
    expect(await screen.findByTestId('sent-to-backlog')).toHaveTextContent('4 topics');
    await user.click(screen.getByRole('button', { name: 'End the game' }));
    await user.click(screen.getByRole('button', { name: 'Yes, end and write the notes' }));
    const link = await screen.findByTestId('notes-link', {}, { timeout: 10_000 });
    expect(screen.getByTestId('phase')).toHaveTextContent('Ended');
    await user.click(within(link).getByRole('link'));
    expect(host.navigations.length).toBeGreaterThan(0);

    // A late viewer watches; the ranking is there for them too.
    cleanup();
    host.useFrame({ accountId: USERS.eve, moduleKey: 'thirty-five', localId });
    await renderApp();
    expect(await screen.findByTestId('ranking')).toBeInTheDocument();
    expect(screen.queryByTestId('facilitator')).not.toBeInTheDocument();
  });

  it('given three players, when a round starts, then one sits out a bye and a late viewer watches', async () => {
    const localId = 't35-bye';
    await host.as(USERS.alice, { localId }).invoke(THIRTY_FIVE.start);
    for (const who of [USERS.alice, USERS.bob, USERS.chloe]) {
      await host
        .as(who, { localId })
        .invoke(THIRTY_FIVE.join, { text: `Card of ${who.slice(-2)}` });
    }
    const s0 = await stateOf(USERS.alice, localId);
    await host
      .as(USERS.alice, { localId })
      .invoke(THIRTY_FIVE.deal, { version: s0.version, rounds: 3 });
    const s1 = await stateOf(USERS.alice, localId);
    await host.as(USERS.alice, { localId }).invoke(THIRTY_FIVE.nextRound, { version: s1.version });
    const byeUser = (await stateOf(USERS.alice, localId)).progress?.byes[0];
    expect(byeUser).toBeDefined();

    host.useFrame({ accountId: byeUser ?? '', moduleKey: 'thirty-five', localId });
    await renderApp();
    expect(await screen.findByTestId('bye')).toHaveTextContent('You sit out this round (a bye)');
    expect(screen.getByTestId('round-title')).toHaveTextContent('Round 1 of 3');
    cleanup();

    host.useFrame({ accountId: USERS.dev, moduleKey: 'thirty-five', localId });
    await renderApp();
    expect(await screen.findByTestId('watching')).toHaveTextContent('started before you joined');
  });

  it('given a round in play, when the facilitator takes someone out, then they are listed as taken out and see that they now watch', async () => {
    const user = userEvent.setup();
    const localId = 't35-remove';
    const alice = host.as(USERS.alice, { localId });
    await alice.invoke(THIRTY_FIVE.start);
    for (const who of [USERS.alice, USERS.bob, USERS.chloe, USERS.dev]) {
      await host.as(who, { localId }).invoke(THIRTY_FIVE.join, { text: `Card ${who.slice(-1)}` });
    }
    await alice.invoke(THIRTY_FIVE.deal, {
      version: (await stateOf(USERS.alice, localId)).version,
      rounds: 2,
    });
    await alice.invoke(THIRTY_FIVE.nextRound, {
      version: (await stateOf(USERS.alice, localId)).version,
    });
    host.useFrame({ accountId: USERS.alice, moduleKey: 'thirty-five', localId });
    await renderApp();
    const facilitator = await screen.findByTestId('facilitator');
    await user.click(within(facilitator).getByText('Take someone out of the game'));
    await user.selectOptions(within(facilitator).getByLabelText('Participant'), USERS.dev);
    await user.click(within(facilitator).getByRole('button', { name: 'Take out' }));
    expect(screen.getByText(/Their card stays in play/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Yes, take out' }));
    expect(await within(facilitator).findByText('Taken out: Dev Agile Coach')).toBeInTheDocument();
    expect(within(facilitator).getByText('Playing (3)')).toBeInTheDocument();
    cleanup();
    host.useFrame({ accountId: USERS.dev, moduleKey: 'thirty-five', localId });
    await renderApp();
    expect(await screen.findByTestId('watching')).toHaveTextContent('taken out of the game');
  });

  it('given the collecting phase, when Bob joins with an empty card or a non-facilitator deals, then a plain-language error sits next to the control', async () => {
    const user = userEvent.setup();
    const localId = 't35-errors';
    await host.as(USERS.alice, { localId }).invoke(THIRTY_FIVE.start);
    host.useFrame({ accountId: USERS.bob, moduleKey: 'thirty-five', localId });
    await renderApp();
    await user.click(await screen.findByRole('button', { name: 'Join with this card' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(/card/i);
    expect(screen.queryByTestId('facilitator')).not.toBeInTheDocument();
    await user.type(screen.getByLabelText('Your topic card'), 'x'.repeat(201));
    await user.click(screen.getByRole('button', { name: 'Join with this card' }));
    await waitFor(() =>
      expect(screen.getByRole('alert')).toHaveAttribute(
        'data-code',
        expect.stringMatching(/CARD_TOO_LONG|INVALID_PAYLOAD/),
      ),
    );
  });

  it('given the collecting phase, when the facilitator enters paper cards in-room, then the ranking appears', async () => {
    const user = userEvent.setup();
    const localId = 't35-inroom';
    host.useFrame({ accountId: USERS.alice, moduleKey: 'thirty-five', localId });
    await renderApp();
    await user.click(await screen.findByRole('button', { name: 'Start a Thirty Five game' }));
    await user.click(await screen.findByText(/Played on paper/));
    const rounds = screen.getByLabelText('Rounds played');
    await user.clear(rounds);
    await user.type(rounds, '1');
    await user.type(screen.getByLabelText('Card 1 text'), 'Paper card one');
    await user.type(screen.getByLabelText('Card 2 text'), 'Paper card two');
    await user.type(screen.getByLabelText('Card 1, round 1 points'), '9');
    await user.type(screen.getByLabelText('Card 2, round 1 points'), '2');
    await user.click(screen.getByRole('button', { name: 'Rank these cards' }));
    await user.click(screen.getByRole('button', { name: 'Yes, rank them' }));
    expect(await screen.findByRole('alert')).toHaveAttribute(
      'data-code',
      expect.stringMatching(/INVALID_TALLY|INVALID_PAYLOAD/),
    );
    await user.clear(screen.getByLabelText('Card 1, round 1 points'));
    await user.type(screen.getByLabelText('Card 1, round 1 points'), '5');
    await user.click(screen.getByRole('button', { name: 'Rank these cards' }));
    await user.click(screen.getByRole('button', { name: 'Yes, rank them' }));
    const ranking = await screen.findByTestId('ranking');
    expect(within(ranking).getAllByRole('listitem')[0]).toHaveTextContent('Paper card one');
  });
});
