/**
 * Issue 13, "no Confluence call on the hot path … refreshed off the hot path": a cached display name
 * older than its 10 minutes is still shown on a participant's read (no Confluence call); only the
 * facilitator's read asks Confluence again, and the names it refreshed serve everyone after it.
 * At 200 people a 16-minute game used to make every read after the tenth minute ask again (133
 * calls in the participants' phases of the screens bench). Counted through the host, with the app's
 * test clock; a count, not a timing.
 */
import { THIRTY_FIVE, type ThirtyFiveStateView } from '../../src/contract/thirty-five';
import { NAME_FRESH_MS, NAME_SERVE_MS } from '../../src/services/users';
import { USERS } from '../support/app-host';
import { accepted, call, type Frame } from '../hardening/support';
import { useAppHost } from './cop-session/support';
import { accounts, freshMacro } from './thirty-five/helpers';

jest.setTimeout(120_000);

const host = useAppHost();
const { clock } = host;

const confluenceCalls = (): number =>
  Object.values(host.app.counters().confluence).reduce((sum, n) => sum + n, 0);

describe('display names on a game screen', () => {
  it('given names cached over 10 minutes ago, when players read, then no Confluence call; the facilitator’s read refreshes them once; past the hour a player’s read asks again', async () => {
    const macro = freshMacro(host.app);
    const frame = (accountId: string): Frame => ({
      accountId,
      moduleKey: 'thirty-five',
      localId: macro.localId,
    });
    const read = async (who: string) =>
      accepted(await call<ThirtyFiveStateView>(host.app, frame(who), THIRTY_FIVE.state));
    const players = [USERS.bob, ...accounts(3)];
    accepted(await call(host.app, frame(USERS.alice), THIRTY_FIVE.start));
    for (const [i, p] of players.entries()) {
      accepted(await call(host.app, frame(p), THIRTY_FIVE.join, { text: `Card ${i}` }), 'join');
    }
    for (const p of [USERS.alice, ...players]) await read(p);

    clock.advance(NAME_FRESH_MS + 60_000);
    host.app.resetCounters();
    for (const p of players) await read(p);
    expect(confluenceCalls()).toBe(0);

    const before = await read(USERS.alice);
    const refreshed = confluenceCalls();
    expect(refreshed).toBeGreaterThan(0);
    expect(before.names[USERS.bob]).toBeDefined();

    host.app.resetCounters();
    for (const p of players) await read(p);
    await read(USERS.alice);
    expect(confluenceCalls()).toBe(0);

    clock.advance(NAME_SERVE_MS);
    host.app.resetCounters();
    await read(players[1] ?? '');
    expect(confluenceCalls()).toBeGreaterThan(0);
  });
});
