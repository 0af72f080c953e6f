/**
 * Issue 13 in the browser: a watcher's Thirty Five screen (jsdom, the real app over the host) shows
 * another pair's agreement from the notice alone. The host's counters must show no
 * `thirtyFive/state` call between the first look and the updated progress: if the view refetched
 * when the notice was enough, this fails.
 */
import './support/setup';
import { cleanup, screen } from '@testing-library/react';
import { get } from 'node:http';
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
afterEach(() => cleanup());

function counters(): Promise<{ invocationsByFunction: Record<string, number> }> {
  return new Promise((resolve, reject) => {
    get(`${host.url}/__emulator/counters`, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () =>
        resolve(JSON.parse(body) as { invocationsByFunction: Record<string, number> }),
      );
    }).on('error', reject);
  });
}

async function stateOf(user: string, localId: string): Promise<ThirtyFiveStateView> {
  const r = await host.as(user, { localId }).invoke<ThirtyFiveStateView>(THIRTY_FIVE.state);
  if (!r.ok) throw new Error(r.error.message);
  return r.data;
}

describe('Thirty Five notices on screen', () => {
  it('given a watcher on round 1, when one pair agrees, then the watcher sees "1 of 2 pairs confirmed" without reading the state again', async () => {
    const localId = 't35-notices';
    const as = (u: string) => host.as(u, { localId });
    expect((await as(USERS.alice).invoke(THIRTY_FIVE.start)).ok).toBe(true);
    const players = [USERS.bob, USERS.chloe, USERS.dev, USERS.eve];
    for (const [i, p] of players.entries()) {
      expect((await as(p).invoke(THIRTY_FIVE.join, { text: `Card ${i}` })).ok).toBe(true);
    }
    let version = (await stateOf(USERS.alice, localId)).version;
    expect((await as(USERS.alice).invoke(THIRTY_FIVE.deal, { version, rounds: 2 })).ok).toBe(true);
    version = (await stateOf(USERS.alice, localId)).version;
    expect((await as(USERS.alice).invoke(THIRTY_FIVE.nextRound, { version })).ok).toBe(true);
    const seats = await Promise.all(players.map((p) => stateOf(p, localId)));
    const first = seats.find((s) => s.view?.phase === 'round' && s.view.seat?.kind === 'pair');
    if (first?.view?.phase !== 'round' || first.view.seat?.kind !== 'pair')
      throw new Error('no pair');
    const seat = first.view.seat;
    const points = { [seat.mine.id]: 5, [seat.theirs.id]: first.view.points - 5 };

    // Finn did not join before the deal: she watches.
    host.useFrame({ accountId: USERS.finn, moduleKey: 'thirty-five', localId });
    await renderApp();
    expect(await screen.findByText(/0 of 2 pairs confirmed/)).toBeInTheDocument();
    const before = (await counters()).invocationsByFunction[THIRTY_FIVE.state] ?? 0;

    expect((await as(first.me).invoke(THIRTY_FIVE.proposeSplit, { round: 1, points })).ok).toBe(
      true,
    );
    expect((await as(seat.partner).invoke(THIRTY_FIVE.confirmSplit, { round: 1, points })).ok).toBe(
      true,
    );
    expect(await screen.findByText(/1 of 2 pairs confirmed/)).toBeInTheDocument();
    const after = (await counters()).invocationsByFunction[THIRTY_FIVE.state] ?? 0;
    expect(after - before).toBe(0);
  });
});
