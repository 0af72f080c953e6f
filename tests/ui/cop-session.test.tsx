/**
 * CoP Session through the real resolvers: the facilitator's screen sets up and runs a whole deep
 * dive while others join, check in and write from their own screens; the server clock is moved
 * forward so the step countdown expires without waiting. A member's screen says what they can do
 * now at every step and shows the notes link at the end.
 */
import './support/setup';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { COP_SESSION_RESOLVERS as R, type CopSessionView } from '../../src/contract/cop-session';
import { startUiHost, USERS, type UiHost } from './support/host';
import { renderApp } from './support/render';

jest.setTimeout(120_000);

let host: UiHost;
beforeAll(async () => {
  host = await startUiHost();
});
afterAll(async () => {
  await host.close();
});
afterEach(() => cleanup());

const frame = (localId: string) => ({ moduleKey: 'cop-session', localId });

async function viewOf(user: string, localId: string): Promise<CopSessionView> {
  const r = await host.as(user, frame(localId)).invoke<CopSessionView>(R.state);
  if (!r.ok || r.data === null) throw new Error('no view');
  return r.data;
}

async function ok(user: string, localId: string, name: string, payload: unknown = {}) {
  const r = await host.as(user, frame(localId)).invoke(name, payload);
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  return r.data;
}

describe('CoP Session views', () => {
  it('given a new macro, when Alice sets up and runs a deep dive with Bob and Chloé, then every step says what to do, the timer changes at expiry, and the end links the notes', async () => {
    const user = userEvent.setup();
    const localId = 'cs-whole';
    host.useFrame({ accountId: USERS.alice, ...frame(localId) });
    await renderApp();

    expect(await screen.findByTestId('now-line')).toHaveTextContent('set up a session here');
    await user.click(screen.getByRole('button', { name: 'Set up a deep dive' }));
    expect(await screen.findByTestId('phase')).toHaveTextContent('Setting up');
    expect(screen.getByTestId('now-line')).toHaveTextContent('Choose the topic');

    // Set-up: a new title, a guest speaker, a typed check-in question.
    await user.selectOptions(screen.getByLabelText('Topic'), 'A new title…');
    await user.type(screen.getByLabelText('New title'), 'Flow metrics');
    await user.click(screen.getByRole('button', { name: 'Use this topic' }));
    await screen.findByRole('heading', { name: 'Flow metrics' });
    await user.click(screen.getByLabelText('A guest speaker'));
    await user.type(screen.getByLabelText("Guest speaker's name"), 'Dr. Kanban');
    await user.click(screen.getByRole('button', { name: 'Save the lead' }));
    await screen.findByText(/guest speaker Dr\. Kanban/);
    await user.selectOptions(screen.getByLabelText('Check-in question'), 'Type my own…');
    await user.type(screen.getByLabelText('Your question'), 'Which metric do you trust?');
    await user.click(screen.getByRole('button', { name: 'Use this question' }));
    await waitFor(async () =>
      expect((await viewOf(USERS.bob, localId)).view.checkIn.prompt).toBe(
        'Which metric do you trust?',
      ),
    );

    // Joins: Alice from her screen, Bob and Chloé from theirs.
    await user.click(screen.getByRole('button', { name: 'Join the session' }));
    await ok(USERS.bob, localId, R.join);
    await ok(USERS.chloe, localId, R.join);
    await waitFor(() =>
      expect(within(screen.getByTestId('attendance')).getAllByRole('listitem')).toHaveLength(3),
    );

    // Check-in with the big timer.
    await user.click(screen.getByRole('button', { name: 'Start the session' }));
    await waitFor(() => expect(screen.getByTestId('phase')).toHaveTextContent('Check-in'));
    expect(screen.getByTestId('prompt')).toHaveTextContent('Which metric do you trust?');
    expect(screen.getByTestId('step-timer')).toHaveAttribute('data-expired', 'false');
    expect(screen.getByTestId('now-line')).toHaveTextContent('Answer the check-in question');
    await user.type(screen.getByLabelText('Your answer (one line)'), 'Cycle time, mostly');
    await user.click(screen.getByRole('button', { name: 'Check in' }));
    await ok(USERS.bob, localId, R.passCheckIn);
    await waitFor(() =>
      expect(screen.getByTestId('checkin-answers')).toHaveTextContent(
        'Alice Facilitator: Cycle time, mostly',
      ),
    );
    await waitFor(() => expect(screen.getByTestId('checkin-answers')).toHaveTextContent('passed'));

    // Expiry: time moves past the step's end; the panel turns red and says so in words, and a
    // check-in after it still shows up (its signed notice carries the answer).
    host.advanceClock(5 * 60_000 + 1_000);
    await ok(USERS.chloe, localId, R.answerCheckIn, { text: 'Throughput' });
    await waitFor(
      () => expect(screen.getByTestId('step-timer')).toHaveAttribute('data-expired', 'true'),
      { timeout: 10_000 },
    );
    expect(screen.getByTestId('step-timer')).toHaveTextContent('⏰ Time is up');
    await waitFor(() =>
      expect(screen.getByTestId('checkin-answers')).toHaveTextContent('Throughput'),
    );

    // Introduction, then breakouts (3 people: one group of 3 at most ⌊3/2⌋ = 1 group).
    await user.click(screen.getByRole('button', { name: "Next: The lead's introduction" }));
    await waitFor(() => expect(screen.getByTestId('phase')).toHaveTextContent('introduction'));
    await user.click(screen.getByRole('button', { name: 'Next: Breakouts' }));
    await waitFor(() => expect(screen.getByTestId('phase')).toHaveTextContent('Breakouts'));
    const group = await screen.findByTestId('group-1');
    expect(within(group).getByRole('heading')).toHaveTextContent('Group 1 (your group)');
    await user.type(within(group).getByLabelText('Add a note for your group'), 'Measure WIP age');
    await user.click(within(group).getByRole('button', { name: 'Add note' }));
    await within(group).findByText('Measure WIP age');

    // Readout, plenary, takeaways: an action item owned by Bob, chosen by name.
    await user.click(screen.getByRole('button', { name: 'Next: Breakout readout' }));
    await user.click(await screen.findByRole('button', { name: 'Next: Plenary conversation' }));
    await user.click(await screen.findByRole('button', { name: 'Next: Takeaways' }));
    await waitFor(() => expect(screen.getByTestId('phase')).toHaveTextContent('Takeaways'));
    await user.type(screen.getByLabelText('Add a takeaway'), 'Age beats averages');
    await user.click(screen.getByRole('button', { name: 'Add takeaway' }));
    await screen.findByText('Age beats averages');
    await user.type(screen.getByLabelText('Add an action item'), 'Chart WIP age weekly');
    await user.selectOptions(screen.getByLabelText('Owner'), 'Bob Scrum Master');
    await user.type(screen.getByLabelText('Due date (optional)'), '2026-12-20');
    await user.click(screen.getByRole('button', { name: 'Add action item' }));
    await waitFor(() =>
      expect(screen.getByTestId('action-items')).toHaveTextContent(
        'Chart WIP age weekly — owner: Bob Scrum Master, due 2026-12-20',
      ),
    );
    // The owner field is empty again for the next item.
    expect(screen.getByLabelText('Owner')).toHaveValue('');

    // End: asked first, then the notes link on screen.
    await user.click(screen.getByRole('button', { name: 'End the session' }));
    await user.click(screen.getByRole('button', { name: 'Yes, end and write the notes' }));
    const link = await screen.findByTestId('notes-link', {}, { timeout: 30_000 });
    await waitFor(() =>
      expect(link).toHaveTextContent(/Notes page: .*session notes — .* — Flow metrics/),
    );
    expect(screen.getByTestId('now-line')).toHaveTextContent('The session is over');
  });

  it('given a member, when the facilitator has not started, then they are told to join and that they wait; at the end they see the notes link', async () => {
    const user = userEvent.setup();
    const localId = 'cs-member';
    await ok(USERS.alice, localId, R.create);
    await ok(USERS.alice, localId, R.setTopic, { topic: { title: 'Team topologies' } });
    host.useFrame({ accountId: USERS.bob, ...frame(localId) });
    await renderApp();

    expect(await screen.findByTestId('now-line')).toHaveTextContent(
      'Join now, so you are on the attendance; Alice Facilitator starts the session.',
    );
    expect(screen.queryByRole('button', { name: 'Start the session' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Join the session' }));
    await waitFor(() =>
      expect(screen.getByTestId('now-line')).toHaveTextContent(
        'You are in. Waiting for Alice Facilitator to start the session.',
      ),
    );

    await ok(USERS.alice, localId, R.join);
    await ok(USERS.alice, localId, R.start);
    await waitFor(() =>
      expect(screen.getByTestId('now-line')).toHaveTextContent('Answer the check-in question'),
    );
    await ok(USERS.alice, localId, R.end);
    const link = await screen.findByTestId('notes-link', {}, { timeout: 30_000 });
    await waitFor(() => expect(link).toHaveTextContent('Notes page:'));
    await user.click(within(link).getByRole('link'));
    await waitFor(() => expect(host.navigations.length).toBeGreaterThan(0));
  });
});
