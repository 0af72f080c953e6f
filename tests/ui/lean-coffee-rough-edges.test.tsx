/**
 * Lean Coffee as a member and as a facilitator in a busy room (issue 15, points 4–7 and 10),
 * through the real resolvers: a timebox you cannot miss (its look, words and optional chime at
 * expiry, the large clock, the running topic first), the tally in words with no outcome before
 * a vote, the facilitator's decisions apart from their own thumb and asking before an override,
 * action items owned by anyone and kept on done topics, and what wrap-up does, on every screen.
 */
import './support/setup';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { LEAN_COFFEE_RESOLVERS as R, type LeanCoffeeView } from '../../src/contract/lean-coffee';
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
afterEach(() => {
  cleanup();
  delete (globalThis as { AudioContext?: unknown }).AudioContext;
});

const frame = (localId: string) => ({ moduleKey: 'lean-coffee', localId });

async function viewOf(user: string, localId: string): Promise<LeanCoffeeView> {
  const r = await host.as(user, frame(localId)).invoke<LeanCoffeeView>(R.state);
  if (!r.ok) throw new Error(r.error.message);
  return r.data;
}

async function ok(user: string, localId: string, name: string, payload: unknown = {}) {
  const r = await host.as(user, frame(localId)).invoke(name, payload);
  expect(r).toMatchObject({ ok: true });
}

/** A meeting in discussion: `topics` proposed by Bob, `dots` per voter by title. */
async function meetingInDiscussion(
  localId: string,
  topics: readonly { title: string; minutes: number }[],
  dots: Readonly<Record<string, Readonly<Record<string, number>>>>,
): Promise<void> {
  await ok(USERS.alice, localId, R.start, {});
  for (const t of topics) await ok(USERS.bob, localId, R.proposeTopic, t);
  await ok(USERS.alice, localId, R.openVoting);
  const board = await viewOf(USERS.alice, localId);
  const id = (title: string): string =>
    board.board.toDiscuss.find((c) => c.topic.title === title)?.topic.id ?? '';
  for (const [voter, byTitle] of Object.entries(dots)) {
    const allocation = Object.fromEntries(Object.entries(byTitle).map(([t, n]) => [id(t), n]));
    await ok(voter, localId, R.allocateDots, { allocation });
  }
  await ok(USERS.alice, localId, R.closeVoting);
}

/** A stand-in for the browser's Web Audio, counting the tones the chime starts. */
function installAudio(): number[] {
  const tones: number[] = [];
  class FakeAudioContext {
    currentTime = 0;
    destination = {};
    state = 'running';
    createOscillator() {
      const osc = {
        frequency: { value: 0 },
        type: '',
        connect: () => undefined,
        start: () => tones.push(osc.frequency.value),
        stop: () => undefined,
      };
      return osc;
    }
    createGain() {
      return {
        gain: { setValueAtTime: () => undefined, exponentialRampToValueAtTime: () => undefined },
        connect: () => undefined,
      };
    }
  }
  (globalThis as { AudioContext?: unknown }).AudioContext = FakeAudioContext;
  return tones;
}

describe('Lean Coffee: time you cannot miss, as a member', () => {
  it('given a running topic on Bob’s screen, when its timebox expires, then the countdown changes look and words, the chime he turned on plays once, no outcome shows before a thumb, and the large clock shows the same', async () => {
    const user = userEvent.setup();
    const localId = 'lc-expiry';
    await meetingInDiscussion(localId, [{ title: 'Flow metrics', minutes: 2 }], {});
    await ok(USERS.alice, localId, R.startTopic);
    const tones = installAudio();
    host.useFrame({ accountId: USERS.bob, ...frame(localId) });
    await renderApp();

    const discussing = await screen.findByTestId('discussing');
    const countdown = within(discussing).getByTestId('countdown');
    expect(countdown).toHaveAttribute('data-state', 'running');
    expect(countdown).toHaveTextContent(/left of 2 min/);
    expect(screen.getByTestId('next-step')).toHaveTextContent(
      'Now: discussing “Flow metrics”. Add takeaways and action items as you go.',
    );
    // On a phone the running topic comes first: it precedes "To discuss" in the page.
    expect(
      discussing.compareDocumentPosition(screen.getByTestId('to-discuss')) &
        Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
    // A member has no facilitator controls.
    expect(screen.queryByTestId('topic-decision')).not.toBeInTheDocument();
    // The sound is off until he turns it on.
    const sound = within(discussing).getByLabelText('Sound when time is up');
    expect(sound).not.toBeChecked();
    await user.click(sound);
    expect(sound).toBeChecked();

    // Expiry: time moves past the topic's end (server and screens alike); Chloé adds a takeaway.
    host.advanceClock(2 * 60_000 + 1_000);
    await ok(USERS.chloe, localId, R.addTakeaway, {
      topicId: (await viewOf(USERS.bob, localId)).board.discussing?.topic.id,
      text: 'Measure cycle time',
    });
    await waitFor(() =>
      expect(within(screen.getByTestId('discussing')).getByTestId('countdown')).toHaveAttribute(
        'data-state',
        'expired',
      ),
    );
    const expired = within(screen.getByTestId('discussing')).getByTestId('countdown');
    expect(expired).toHaveTextContent('Time is up');
    expect(expired).toHaveTextContent('Thumbs decide: continue this topic or move on?');
    expect(tones).toEqual([880, 660]);
    const thumbs = await screen.findByTestId('thumbs');
    expect(within(thumbs).getByTestId('thumb-counts')).toHaveTextContent('No thumbs yet');
    expect(within(thumbs).getByTestId('thumb-counts')).not.toHaveTextContent('next topic');
    expect(screen.getByTestId('next-step')).toHaveTextContent(
      'Time is up for “Flow metrics”: give your thumb',
    );

    // His thumb: the tally says each thumb in words, and what closing now would decide.
    await user.click(within(thumbs).getByRole('button', { name: '👍 Continue' }));
    await waitFor(() =>
      expect(within(screen.getByTestId('thumbs')).getByTestId('thumb-counts')).toHaveTextContent(
        'Continue: 1 · 👉 Either way: 0 · 👎 Move on: 0',
      ),
    );
    expect(screen.getByTestId('thumb-counts')).toHaveTextContent(
      'closed now, the topic gets more time',
    );
    expect(screen.getByTestId('next-step')).toHaveTextContent(
      'Waiting for the facilitator to close the vote',
    );

    // The large clock, for the projector: same state, closed with Escape; it does not chime again.
    await user.click(screen.getByRole('button', { name: 'Show the large clock' }));
    const large = await screen.findByRole('dialog', { name: 'Flow metrics' });
    expect(within(large).getByTestId('large-countdown')).toHaveAttribute('data-state', 'expired');
    expect(within(large).getByTestId('large-countdown')).toHaveTextContent('Time is up');
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(tones).toEqual([880, 660]);
  });
});

describe('Lean Coffee: the facilitator’s decisions, action items and wrap-up', () => {
  it('given Alice facilitates, when she overrides, adds an action item for Bob and wraps up, then the override asks first, the item stays on the done topic, and Bob reads what went to the backlog', async () => {
    const user = userEvent.setup();
    const localId = 'lc-decisions';
    await meetingInDiscussion(
      localId,
      [
        { title: 'Remote retros', minutes: 5 },
        { title: 'Estimation', minutes: 5 },
        { title: 'OKRs', minutes: 5 },
      ],
      {
        [USERS.bob]: { 'Remote retros': 1 },
        [USERS.chloe]: { 'Remote retros': 1 },
        [USERS.dev]: { Estimation: 1, OKRs: 1 },
      },
    );
    host.useFrame({ accountId: USERS.alice, ...frame(localId) });
    await renderApp();

    // "1 dot", not "1 dots"; the next step says what she can do.
    const todo = await screen.findByTestId('to-discuss');
    expect(within(todo).getAllByRole('listitem')[0]).toHaveTextContent('2 dots');
    expect(within(todo).getAllByRole('listitem')[1]).toHaveTextContent('1 dot');
    expect(within(todo).getAllByRole('listitem')[1]).not.toHaveTextContent('1 dots');
    expect(screen.getByTestId('next-step')).toHaveTextContent(
      'Now: start the next topic, or wrap up the meeting.',
    );
    await user.click(screen.getByRole('button', { name: 'Start the next topic' }));
    const decision = await screen.findByTestId('topic-decision');

    // An override asks before acting; Cancel changes nothing.
    await user.click(within(decision).getByRole('button', { name: 'Move on now' }));
    expect(within(decision).getByText(/End “Remote retros” now/)).toBeInTheDocument();
    expect((await viewOf(USERS.alice, localId)).board.discussing?.topic.title).toBe(
      'Remote retros',
    );
    await user.click(within(decision).getByRole('button', { name: 'Cancel' }));
    expect(within(decision).queryByText(/End “Remote retros” now/)).not.toBeInTheDocument();
    expect((await viewOf(USERS.alice, localId)).board.discussing?.topic.title).toBe(
      'Remote retros',
    );

    // An action item for Bob, chosen by name; the owner resets for the next item.
    const discussing = screen.getByTestId('discussing');
    await user.type(within(discussing).getByLabelText('New action item'), 'Try a silent retro');
    const owner = within(discussing).getByLabelText('Owner');
    expect(within(owner).getByRole('option', { name: 'Me (Alice Facilitator)' })).toBeDefined();
    await user.selectOptions(owner, 'Bob Scrum Master');
    await user.type(within(discussing).getByLabelText('Due (optional)'), '2026-12-08');
    await user.click(within(discussing).getByRole('button', { name: 'Add action item' }));
    await within(screen.getByTestId('action-items')).findByText(
      'Try a silent retro — Bob Scrum Master · due 2026-12-08',
    );
    await waitFor(() => expect(within(discussing).getByLabelText('Owner')).toHaveValue(''));
    expect(within(discussing).getByLabelText('Due (optional)')).toHaveValue('');
    expect(within(discussing).getByLabelText('New action item')).toHaveValue('');

    // Confirmed, the override acts; the done topic keeps its action item and owner.
    await user.click(within(decision).getByRole('button', { name: 'Move on now' }));
    await user.click(within(decision).getByRole('button', { name: 'Yes, move on' }));
    const done = screen.getByTestId('done');
    await waitFor(() => expect(done).toHaveTextContent('Remote retros'));
    expect(done).toHaveTextContent('Try a silent retro — Bob Scrum Master · due 2026-12-08');

    // Moving on started the next topic; wrap-up finishes it. Every screen says where the topic
    // nobody reached goes.
    await waitFor(() =>
      expect(within(screen.getByTestId('discussing')).getByText('Estimation')).toBeDefined(),
    );
    await user.click(screen.getByRole('button', { name: 'Wrap up' }));
    await user.click(screen.getByRole('button', { name: 'Yes, wrap up' }));
    expect(await screen.findByTestId('wrap-up-list')).toHaveTextContent('OKRs (1 dot)');
    cleanup();

    host.useFrame({ accountId: USERS.bob, ...frame(localId) });
    await renderApp();
    const list = await screen.findByTestId('wrap-up-list');
    expect(list).toHaveTextContent('Not discussed, so they go to the space’s topic backlog');
    expect(list).toHaveTextContent('OKRs (1 dot)');
    expect(screen.getByTestId('next-step')).toHaveTextContent(
      'The facilitator is wrapping up. Waiting for them to end the meeting',
    );
    // On the owner's own screen the item is his.
    expect(screen.getByTestId('done')).toHaveTextContent('Try a silent retro — you');
    cleanup();

    await ok(USERS.alice, localId, R.endMeeting);
    await renderApp();
    expect(await screen.findByTestId('wrap-up-list')).toHaveTextContent(
      'Not discussed, so they went to the space’s topic backlog',
    );
    expect(await screen.findByTestId('notes-link')).toHaveTextContent('The meeting has ended.');
  });
});
