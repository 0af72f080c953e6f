/**
 * Lean Coffee through the real resolvers: the facilitator's screen runs a whole meeting while
 * others propose, vote and give thumbs from their own screens; the server clock is moved forward
 * so a timebox expires without waiting.
 */
import './support/setup';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { LEAN_COFFEE_RESOLVERS as R, type LeanCoffeeView } from '../../src/contract/lean-coffee';
import { startUiHost, USERS, type UiHost } from './support/host';
import { renderApp } from './support/render';
import { POLLING_LABEL } from '../../static/src/live';

jest.setTimeout(60_000);

let host: UiHost;
beforeAll(async () => {
  host = await startUiHost();
});
afterAll(async () => {
  await host.close();
});
afterEach(() => cleanup());

const frame = (localId: string) => ({ moduleKey: 'lean-coffee', localId });

async function viewOf(user: string, localId: string): Promise<LeanCoffeeView> {
  const r = await host.as(user, frame(localId)).invoke<LeanCoffeeView>(R.state);
  if (!r.ok) throw new Error(r.error.message);
  return r.data;
}

describe('Lean Coffee views', () => {
  it('given a new macro, when Alice facilitates a whole meeting with Bob and Chloé, then every phase, the countdown, thumbs, takeaways, wrap-up and the notes link show', async () => {
    const user = userEvent.setup();
    const localId = 'lc-whole';
    host.useFrame({ accountId: USERS.alice, ...frame(localId) });
    await renderApp();

    await user.click(await screen.findByRole('button', { name: 'Start a Lean Coffee' }));
    expect(await screen.findByTestId('phase')).toHaveTextContent('Proposing topics');
    expect(screen.getByTestId('meeting-time')).toHaveTextContent(
      /Meeting time left: (1:00:00|59:5\d)/,
    );

    // Propose: Alice through the form, two others from their screens.
    await user.type(screen.getByLabelText('Topic'), 'Remote retros');
    const minutes = screen.getByLabelText('Minutes wanted');
    await user.clear(minutes);
    await user.type(minutes, '2');
    await user.click(screen.getByRole('button', { name: 'Add topic' }));
    await screen.findByText('Remote retros');
    await host
      .as(USERS.bob, frame(localId))
      .invoke(R.proposeTopic, { title: 'Estimation', minutes: 3 });
    await host.as(USERS.chloe, frame(localId)).invoke(R.proposeTopic, { title: 'OKRs' });
    await waitFor(() =>
      expect(within(screen.getByTestId('to-discuss')).getAllByRole('listitem')).toHaveLength(3),
    );

    // Vote: Alice places her three dots with the + buttons; others vote from their screens.
    await user.click(screen.getByRole('button', { name: 'Open dot voting' }));
    await user.click(screen.getByRole('button', { name: 'Yes, open voting' }));
    expect(await screen.findByTestId('dots-left')).toHaveTextContent('You have 3 of 3 dots left');
    await user.click(screen.getByRole('button', { name: 'Add a dot to “Remote retros”' }));
    await waitFor(() => expect(screen.getByTestId('dots-left')).toHaveTextContent('2 of 3'));
    await user.click(screen.getByRole('button', { name: 'Add a dot to “Remote retros”' }));
    await waitFor(() => expect(screen.getByTestId('dots-left')).toHaveTextContent('1 of 3'));
    const board = await viewOf(USERS.bob, localId);
    const id = (title: string): string =>
      board.board.toDiscuss.find((c) => c.topic.title === title)?.topic.id ?? '';
    await host
      .as(USERS.bob, frame(localId))
      .invoke(R.allocateDots, { allocation: { [id('OKRs')]: 3 } });
    await host.as(USERS.chloe, frame(localId)).invoke(R.allocateDots, {
      allocation: { [id('Remote retros')]: 1 },
    });
    expect(screen.queryByText(/\d dots$/, { selector: '.badge' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Close voting' }));
    await user.click(screen.getByRole('button', { name: 'Yes, close voting' }));
    await waitFor(() => expect(screen.getByTestId('phase')).toHaveTextContent('Discussing'));
    const todo = screen.getByTestId('to-discuss');
    await waitFor(() =>
      expect(within(todo).getAllByRole('listitem')[0]).toHaveTextContent('Remote retros'),
    );
    expect(within(todo).getAllByRole('listitem')[0]).toHaveTextContent('3 dots');

    // Discuss: the countdown runs; takeaways and action items go on the current topic.
    await user.click(screen.getByRole('button', { name: 'Start the next topic' }));
    const discussing = await screen.findByTestId('discussing');
    expect(discussing).toHaveTextContent('Remote retros');
    expect(within(discussing).getByTestId('countdown')).toHaveTextContent(/left of 2 min/);
    expect(
      within(discussing).getByRole('progressbar', { name: 'Topic time left' }),
    ).toBeInTheDocument();
    await user.type(within(discussing).getByLabelText('New takeaway'), 'Rotate the facilitator');
    await user.click(within(discussing).getByRole('button', { name: 'Add takeaway' }));
    await within(discussing).findByText('Rotate the facilitator');
    await user.type(within(discussing).getByLabelText('New action item'), 'Try a new retro format');
    await user.selectOptions(within(discussing).getByLabelText('Owner'), 'Me (Alice Facilitator)');
    await user.click(within(discussing).getByRole('button', { name: 'Add action item' }));
    expect(await within(discussing).findByText(/Try a new retro format — you/)).toBeInTheDocument();

    // Expiry: the thumbs vote opens; Bob votes from his screen, Alice in hers; ups win.
    host.advanceClock(2 * 60_000 + 1_000);
    const running = await viewOf(USERS.bob, localId);
    await host.as(USERS.bob, frame(localId)).invoke(R.castThumb, {
      topicId: running.thumbs?.topicId,
      round: running.thumbs?.round,
      thumb: 'up',
    });
    const thumbs = await screen.findByTestId('thumbs', {}, { timeout: 10_000 });
    expect(within(discussing).getByTestId('countdown')).toHaveTextContent('Time is up');
    await user.click(within(thumbs).getByRole('button', { name: '👍 Continue' }));
    await waitFor(() =>
      expect(within(thumbs).getByTestId('thumb-counts')).toHaveTextContent('Continue: 2'),
    );
    expect(within(thumbs).getByTestId('thumb-counts')).toHaveTextContent(
      'the topic gets more time',
    );
    // The facilitator's close sits apart from their own thumb.
    expect(
      within(thumbs).queryByRole('button', { name: 'Close the vote' }),
    ).not.toBeInTheDocument();
    await user.click(
      within(screen.getByTestId('topic-decision')).getByRole('button', { name: 'Close the vote' }),
    );
    await waitFor(() =>
      expect(within(screen.getByTestId('discussing')).getByTestId('countdown')).toHaveTextContent(
        /left of 1 min \(extended\)/,
      ),
    );

    // Override: move on; the topic is done with its takeaway.
    await user.click(screen.getByRole('button', { name: 'Move on now' }));
    await user.click(screen.getByRole('button', { name: 'Yes, move on' }));
    await waitFor(() => expect(screen.getByTestId('done')).toHaveTextContent('Remote retros'));
    expect(screen.getByTestId('done')).toHaveTextContent('Rotate the facilitator');

    // Wrap-up: the rest goes to the backlog; ending creates the notes page.
    await user.click(screen.getByRole('button', { name: 'Wrap up' }));
    await user.click(screen.getByRole('button', { name: 'Yes, wrap up' }));
    const wrap = await screen.findByTestId('wrap-up');
    expect(screen.getByTestId('wrap-up-list')).toHaveTextContent('Estimation (0 dots)');
    expect(screen.getByTestId('done')).toHaveTextContent('OKRs');
    expect(await within(wrap).findByText(/Sent to the backlog: \d topics?\./)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'End the meeting' }));
    await user.click(screen.getByRole('button', { name: 'Yes, end and write the notes' }));
    const link = await screen.findByTestId('notes-link', {}, { timeout: 10_000 });
    expect(within(link).getByRole('link')).toHaveTextContent('session notes');
    // The end's answer carries the link; the refetch that shows the phase follows the notice.
    await waitFor(() => expect(screen.getByTestId('phase')).toHaveTextContent('Ended'), {
      timeout: 10_000,
    });
  });

  it('given realtime is down, when a participant proposes, edits and another person adds a topic, then errors show beside the form and polling brings the change; the facilitator merges duplicates', async () => {
    const user = userEvent.setup();
    const localId = 'lc-errors';
    const alice = host.as(USERS.alice, frame(localId));
    await alice.invoke(R.start, { settings: { dotsPerParticipant: 1, maxDotsPerTopic: 1 } });
    await alice.invoke(R.proposeTopic, { title: 'One' });
    await alice.invoke(R.proposeTopic, { title: 'Two' });
    host.failRealtime(true);
    host.useFrame({ accountId: USERS.bob, ...frame(localId) });
    await renderApp();
    expect(await screen.findByText(POLLING_LABEL, {}, { timeout: 10_000 })).toBeInTheDocument();
    host.failRealtime(false);
    expect(screen.queryByTestId('facilitator')).not.toBeInTheDocument();

    // An empty topic is refused beside the form.
    await user.click(screen.getByRole('button', { name: 'Add topic' }));
    expect(await screen.findByRole('alert')).toHaveAttribute(
      'data-code',
      expect.stringMatching(/TITLE_EMPTY|INVALID_PAYLOAD/),
    );

    // Bob proposes, then edits his own topic; he cannot edit Alice's.
    await user.type(screen.getByLabelText('Topic'), 'Thre');
    await user.click(screen.getByRole('button', { name: 'Add topic' }));
    await user.click(await screen.findByRole('button', { name: 'Edit “Thre”' }));
    const edit = screen.getByLabelText('New title for “Thre”');
    await user.clear(edit);
    await user.type(edit, 'Three');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Three')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Edit “One”' })).not.toBeInTheDocument();

    // Without realtime, Alice's new topic still arrives by polling.
    await alice.invoke(R.proposeTopic, { title: 'Four' });
    // Polling starts at POLL_MS (± 20 %) and backs off only while nothing changes.
    expect(await screen.findByText('Four', {}, { timeout: 30_000 })).toBeInTheDocument();
    cleanup();

    // The facilitator merges a duplicate.
    host.useFrame({ accountId: USERS.alice, ...frame(localId) });
    await renderApp();
    await user.click(await screen.findByText('Merge duplicate topics'));
    const keep = screen.getByLabelText('Keep');
    const from = screen.getByLabelText('Merge into it');
    await user.selectOptions(keep, within(keep).getByRole('option', { name: 'Two' }));
    await user.selectOptions(from, within(from).getByRole('option', { name: 'One' }));
    await user.click(screen.getByRole('button', { name: 'Merge' }));
    await user.click(screen.getByRole('button', { name: 'Yes, merge' }));
    await waitFor(() =>
      expect(within(screen.getByTestId('to-discuss')).getAllByRole('listitem')).toHaveLength(3),
    );
    expect(within(screen.getByTestId('to-discuss')).queryByText('One')).not.toBeInTheDocument();
  }, 120_000);
});
