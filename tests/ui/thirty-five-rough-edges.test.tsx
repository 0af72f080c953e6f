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
async function inRoundOne(
  localId: string,
  players: readonly string[],
  rounds: number,
  minutes = 0,
) {
  await ok(USERS.alice, localId, THIRTY_FIVE.start);
  for (const who of players) {
    await ok(who, localId, THIRTY_FIVE.join, { text: `Card of ${who.slice(-4)}` });
  }
  await facilitate(localId, THIRTY_FIVE.deal, { rounds });
  await facilitate(localId, THIRTY_FIVE.nextRound, minutes > 0 ? { minutes } : {});
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
      'This game started before you joined: you can watch it, or ask to join. The ranking appears here when the facilitator shows the results.',
    );
  });
});

describe('Thirty Five: the shared round timer', () => {
  it('given round 1 started with a 1-minute timer, when Bob (a player) looks and it runs out, then his screen shows “Swap cards now” and his chime plays once; the facilitator picks the next round’s timer', async () => {
    const user = userEvent.setup();
    const localId = 't35-timer';
    const players = [USERS.alice, USERS.bob, USERS.chloe, USERS.dev];
    await inRoundOne(localId, players, 2, 1);
    const tones = installAudio();
    // The countdown runs on the server's clock as the view carries it, offset by this screen's:
    // the test moves this screen's clock instead of waiting.
    const realNow = Date.now.bind(Date);
    let skew = 0;
    jest.spyOn(Date, 'now').mockImplementation(() => realNow() + skew);
    host.useFrame({ accountId: USERS.bob, moduleKey: 'thirty-five', localId });
    await renderApp();

    const countdown = await screen.findByTestId('round-countdown');
    expect(countdown).toHaveAttribute('data-state', 'running');
    expect(countdown).toHaveTextContent('left of 1 min for round 1');
    await user.click(screen.getByLabelText('Sound when time is up'));
    skew = 61_000;
    await waitFor(() =>
      expect(screen.getByTestId('round-countdown')).toHaveAttribute('data-state', 'expired'),
    );
    expect(screen.getByTestId('round-countdown')).toHaveTextContent('Swap cards now');
    expect(tones).toEqual([880, 660]);
    cleanup();

    // The facilitator chooses the next round's timer; starting the round shares it.
    skew = 0;
    for (const who of players) await actInPair(who, localId, 6);
    for (const who of players) await actInPair(who, localId);
    host.useFrame({ accountId: USERS.alice, moduleKey: 'thirty-five', localId });
    await renderApp();
    const facilitator = await screen.findByTestId('facilitator');
    await user.selectOptions(
      within(facilitator).getByLabelText('Round timer (every screen shows it)'),
      '2 min',
    );
    await user.click(within(facilitator).getByRole('button', { name: 'Start round 2' }));
    await waitFor(() =>
      expect(screen.getByTestId('round-countdown')).toHaveTextContent('left of 2 min for round 2'),
    );
    expect((await stateOf(USERS.chloe, localId)).roundTimer).toMatchObject({
      round: 2,
      minutes: 2,
    });
  });
});

describe('Thirty Five: a late arrival', () => {
  it('given a game in round 1, when Eve asks to join, then she reads that the facilitator adds her between rounds, and the facilitator adds her once every pair agreed', async () => {
    const user = userEvent.setup();
    const localId = 't35-late-arrival';
    const players = [USERS.alice, USERS.bob];
    await inRoundOne(localId, players, 3);
    host.useFrame({ accountId: USERS.eve, moduleKey: 'thirty-five', localId });
    await renderApp();
    const ask = await screen.findByTestId('ask-to-join');
    await user.type(within(ask).getByLabelText('Your topic card'), 'Pairing across teams');
    await user.click(within(ask).getByRole('button', { name: 'Ask to join' }));
    await waitFor(() =>
      expect(screen.getByTestId('watching')).toHaveTextContent(
        'You asked to join: the facilitator will add you between rounds.',
      ),
    );
    cleanup();

    host.useFrame({ accountId: USERS.alice, moduleKey: 'thirty-five', localId });
    await renderApp();
    const late = await screen.findByTestId('late-arrivals');
    const add = within(late).getByRole('button', { name: 'Add to the next round' });
    expect(add).toBeDisabled();
    for (const who of players) await actInPair(who, localId, 6);
    for (const who of players) await actInPair(who, localId);
    await ok(USERS.bob, localId, THIRTY_FIVE.state);
    // A notice refreshes the screen; the button becomes available between rounds.
    await waitFor(
      () =>
        expect(
          within(screen.getByTestId('late-arrivals')).getByRole('button', {
            name: 'Add to the next round',
          }),
        ).toBeEnabled(),
      { timeout: 60_000 },
    );
    await user.click(
      within(screen.getByTestId('late-arrivals')).getByRole('button', {
        name: 'Add to the next round',
      }),
    );
    await waitFor(() => expect(screen.queryByTestId('late-arrivals')).not.toBeInTheDocument());
    expect((await stateOf(USERS.eve, localId)).players).toContain(USERS.eve);
  });
});
