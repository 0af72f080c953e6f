/**
 * Issue 13 in the UI: a participant's own command answers with their fresh view, and the screen
 * shows it instead of reading `thirtyFive/state` again (`useActions(live.reload, live.answers)`).
 * Counted with the host's counters, through the real resolvers; the test waits for states.
 */
import './support/setup';
import { request } from 'node:http';
import { screen, cleanup } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { THIRTY_FIVE } from '../../src/contract/thirty-five';
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

/** The host's counters endpoint (jsdom has no `fetch`: node's http). */
function counters(method: 'GET' | 'POST', path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(`${host.url}/__emulator/counters${path}`, { method }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      res.on('end', () => resolve(body));
    });
    req.on('error', reject);
    req.end();
  });
}

async function stateReads(): Promise<number> {
  const c = JSON.parse(await counters('GET', '')) as {
    invocationsByFunction: Record<string, number>;
  };
  return c.invocationsByFunction[THIRTY_FIVE.state] ?? 0;
}

describe("a participant's own command in the UI", () => {
  it('given Bob on the Thirty Five screen, when he joins with a card, then his screen shows it from the answer without reading the state again', async () => {
    const user = userEvent.setup();
    const localId = 't35-own-answer';
    expect((await host.as(USERS.alice, { localId }).invoke(THIRTY_FIVE.start)).ok).toBe(true);
    host.useFrame({ accountId: USERS.bob, moduleKey: 'thirty-five', localId });
    await renderApp();
    await user.type(await screen.findByLabelText('Your topic card'), 'Pairing across teams');
    await counters('POST', '/reset');

    await user.click(screen.getByRole('button', { name: 'Join with this card' }));
    expect(await screen.findByText(/Your card is in/)).toBeInTheDocument();
    expect(screen.getByText('1 cards written so far')).toBeInTheDocument();

    // Chloe joins from her own screen: Bob's screen applies her notice after his own (the channel
    // is ordered), so once it shows two cards his own notice has been judged too.
    const chloe = host.as(USERS.chloe, { localId });
    expect((await chloe.invoke(THIRTY_FIVE.join, { text: 'Coaching managers' })).ok).toBe(true);
    expect(await screen.findByText('2 cards written so far')).toBeInTheDocument();
    expect(await stateReads()).toBe(0);
  });
});
