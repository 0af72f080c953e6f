/**
 * Thirty Five as a member and as a facilitator in a busy room (issue 15, points 1, 4 and 10),
 * through the real resolvers: after the last round nobody is told to wait for another; a pair
 * still sees the split it agreed; members reach the notes page from the ended game; the
 * facilitator's optional round timer cues "swap cards now"; every phase says what to do next.
 */
import './support/setup';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { THIRTY_FIVE, type ThirtyFiveStateView } from '../../src/contract/thirty-five';
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
  jest.restoreAllMocks();
  delete (globalThis as { AudioContext?: unknown }).AudioContext;
});

async function stateOf(user: string, localId: string): Promise<ThirtyFiveStateView> {
  const r = await host.as(user, { localId }).invoke<ThirtyFiveStateView>(THIRTY_FIVE.state);
  if (!r.ok) throw new Error(r.error.message);
  return r.data;
}

async function ok(user: string, localId: string, name: string, payload: unknown = {}) {
  const r = await host.as(user, { localId }).invoke(name, payload);
  expect(r).toMatchObject({ ok: true });
}

/** A facilitator command on the version the facilitator's screen would show. */
async function facilitate(localId: string, name: string, payload: object = {}): Promise<void> {
  const { version } = await stateOf(USERS.alice, localId);
  await ok(USERS.alice, localId, name, { version, ...payload });
}

/** Someone on their own screen answers their pair: proposes `forMine`, or confirms a proposal. */
async function actInPair(user: string, localId: string, forMine = 4): Promise<void> {
  const s = await stateOf(user, localId);
  const v = s.view;
  if (v?.phase !== 'round' || v.seat?.kind !== 'pair') return;
  const seat = v.seat;
  if (s.step === 'propose') {
    await ok(user, localId, THIRTY_FIVE.proposeSplit, {
      round: v.round,
      points: { [seat.mine.id]: forMine, [seat.theirs.id]: v.points - forMine },
    });
  } else if (s.step === 'confirm' && seat.partnerRecord) {
    await ok(user, localId, THIRTY_FIVE.confirmSplit, {
      round: v.round,
      points: seat.partnerRecord.points,
    });
  }
}

/** A game with these players' cards, dealt for `rounds` and in round 1. */
async function inRoundOne(localId: string, players: readonly string[], rounds: number) {
  await ok(USERS.alice, localId, THIRTY_FIVE.start);
  for (const who of players) {
    await ok(who, localId, THIRTY_FIVE.join, { text: `Card of ${who.slice(-4)}` });
  }
  await facilitate(localId, THIRTY_FIVE.deal, { rounds });
  await facilitate(localId, THIRTY_FIVE.nextRound);
}

/** A stand-in for the browser's Web Audio, counting the tones the chime starts. */
function installAudio(): number[] {
  const tones: number[] = [];
  class FakeAudioContext {
    currentTime = 0;
    destination = {};
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

describe('Thirty Five: the last round and the end, as a member', () => {
  it('given Bob’s pair agreed in the last round, when he waits, then he is not told to wait for a next round, still sees the split, and follows the notes link once the game ends', async () => {
    const user = userEvent.setup();
    const localId = 't35-last-round';
    await inRoundOne(localId, [USERS.alice, USERS.bob], 1);
    await actInPair(USERS.bob, localId, 5);
    await actInPair(USERS.alice, localId);
    host.useFrame({ accountId: USERS.bob, moduleKey: 'thirty-five', localId });
    await renderApp();

    const waiting = await screen.findByTestId('waiting');
    expect(waiting).toHaveTextContent(
      'That was the last round: waiting for the facilitator to show the results.',
    );
    expect(waiting).not.toHaveTextContent(/next round/);
    const agreed = within(waiting).getByTestId('agreed-split');
    expect(agreed).toHaveTextContent('You and Alice Facilitator agreed 5–2');
    const bob = await stateOf(USERS.bob, localId);
    const seat = bob.view?.phase === 'round' ? bob.view.seat : null;
    if (seat?.kind !== 'pair') throw new Error('Bob is in a pair');
    expect(agreed).toHaveTextContent(`5 to “${seat.mine.text}”`);
    expect(agreed).toHaveTextContent(`2 to “${seat.theirs.text}”`);

    // Results: he reads what happens next.
    await facilitate(localId, THIRTY_FIVE.showResults);
    expect(await screen.findByTestId('next-step')).toHaveTextContent(
      'Waiting for the facilitator to end the game, which writes its notes page.',
    );

    // Ended: the notes page is a link on his screen too, and it opens.
    await facilitate(localId, THIRTY_FIVE.end);
    const notes = await screen.findByTestId('notes-link');
    const link = await within(notes).findByRole('link');
    const { notes: page } = await stateOf(USERS.bob, localId);
    expect(link).toHaveTextContent(page?.title ?? 'no notes page');
    const before = host.navigations.length;
    await user.click(link);
    expect(host.navigations.slice(before)).toEqual([expect.objectContaining({ url: page?.url })]);
  });

  it('given a game in its rounds, when someone who joined late opens it, then they read that they watch and what they wait for', async () => {
    const localId = 't35-latecomer';
    await inRoundOne(localId, [USERS.alice, USERS.bob], 2);
    host.useFrame({ accountId: USERS.dev, moduleKey: 'thirty-five', localId });
    await renderApp();
    expect(await screen.findByTestId('watching')).toHaveTextContent(
      'This game started before you joined: you can watch it. The ranking appears here when the facilitator shows the results.',
    );
  });
});

describe('Thirty Five: the facilitator’s round timer', () => {
  it('given round 1 of 2, when Alice turns on a 1-minute timer and it runs out, then “Swap cards now” shows, her chime plays once, and round 2 starts the timer again', async () => {
    const user = userEvent.setup();
    const localId = 't35-timer';
    const players = [USERS.alice, USERS.bob, USERS.chloe, USERS.dev];
    await inRoundOne(localId, players, 2);
    const tones = installAudio();
    // The timer runs on this screen's clock: the test moves that clock instead of waiting.
    const realNow = Date.now.bind(Date);
    let skew = 0;
    jest.spyOn(Date, 'now').mockImplementation(() => realNow() + skew);
    host.useFrame({ accountId: USERS.alice, moduleKey: 'thirty-five', localId });
    await renderApp();

    const facilitator = await screen.findByTestId('facilitator');
    expect(within(facilitator).getByTestId('facilitator-next-step')).toHaveTextContent(
      'Now: 2 of 2 pairs are still agreeing their split; then start round 2.',
    );
    // Off by default; on, it counts down on her screen.
    expect(within(facilitator).queryByTestId('round-countdown')).not.toBeInTheDocument();
    await user.selectOptions(
      within(facilitator).getByLabelText('Round timer (on your screen)'),
      '1 min',
    );
    const countdown = within(facilitator).getByTestId('round-countdown');
    expect(countdown).toHaveAttribute('data-state', 'running');
    expect(countdown).toHaveTextContent('left of 1 min for round 1');
    await user.click(within(facilitator).getByLabelText('Sound when time is up'));

    skew = 61_000;
    await waitFor(() =>
      expect(within(facilitator).getByTestId('round-countdown')).toHaveAttribute(
        'data-state',
        'expired',
      ),
    );
    expect(within(facilitator).getByTestId('round-countdown')).toHaveTextContent('Swap cards now');
    expect(tones).toEqual([880, 660]);
    await user.click(within(facilitator).getByRole('button', { name: 'Show the large clock' }));
    const large = await screen.findByRole('dialog', { name: 'Round 1 of 2' });
    expect(within(large).getByTestId('large-countdown')).toHaveTextContent('Swap cards now');
    await user.click(within(large).getByRole('button', { name: 'Back to the board' }));

    // Every pair agrees; the next step says so; round 2 starts the timer again.
    for (const who of players) await actInPair(who, localId, 6);
    for (const who of players) await actInPair(who, localId);
    await waitFor(() =>
      expect(within(facilitator).getByTestId('facilitator-next-step')).toHaveTextContent(
        'Every pair has agreed: start round 2.',
      ),
    );
    await user.click(within(facilitator).getByRole('button', { name: 'Start round 2' }));
    await waitFor(() =>
      expect(within(facilitator).getByTestId('round-countdown')).toHaveTextContent(
        'left of 1 min for round 2',
      ),
    );
    expect(within(facilitator).getByTestId('round-countdown')).toHaveAttribute(
      'data-state',
      'running',
    );
    expect(tones).toEqual([880, 660]);
    for (const who of players) await actInPair(who, localId, 6);
    for (const who of players) await actInPair(who, localId);
    await waitFor(() =>
      expect(within(facilitator).getByTestId('facilitator-next-step')).toHaveTextContent(
        'Every pair has agreed: show the results.',
      ),
    );
  });
});
