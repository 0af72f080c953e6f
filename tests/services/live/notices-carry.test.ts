/**
 * Issue 13, "notices that carry the change", through the real app in the host: eight open screens
 * of one Thirty Five (six players, the facilitator and a viewer) run the UI's own feed with the
 * game's notice rule (static/src/thirty-five/apply-notice.ts). Who read is counted per screen
 * (the feed's reads) and for the whole installation (the host's `thirtyFive/state` invocations and
 * the Confluence calls they made). The screens' timers are moved by hand: the test waits for states.
 *
 * It fails if a notice makes a screen read when the notice was enough (a join seen by a player, a
 * proposal outside one's own pair, an agreed pair — one's own included, from its signed notice),
 * if such a screen then shows anything but what a read would show, or if a state read calls
 * Confluence once the names are known.
 */
import { THIRTY_FIVE, type ThirtyFiveStateView } from '../../../src/contract/thirty-five';
import { applyThirtyFiveNotice } from '../../../static/src/thirty-five/apply-notice';
import { USERS } from '../../support/app-host';
import { screenTable, useLiveHost } from './support';

jest.setTimeout(240_000);

const LOCAL_ID = 'notices-carry';
const FACILITATOR: string = USERS.alice;
const VIEWER: string = USERS.olga;
const PLAYERS: string[] = [USERS.bob, USERS.chloe, USERS.dev, USERS.eve, USERS.finn, USERS.sam];

const live = useLiveHost();

const as = (who: string) => live.app.as(who, { moduleKey: 'thirty-five', localId: LOCAL_ID });

async function stateOf(who: string): Promise<ThirtyFiveStateView> {
  const r = await as(who).invoke<ThirtyFiveStateView>(THIRTY_FIVE.state);
  if (!r.ok) throw new Error(r.error.message);
  return r.data;
}

/** What a screen shows that a notice may change (names aside: only the facilitator shows them). */
const shown = (s: ThirtyFiveStateView | null) =>
  s === null
    ? null
    : {
        version: s.version,
        phase: s.phase,
        step: s.step,
        players: s.players,
        cardCount: s.cardCount,
        view: s.view,
        progress: s.progress,
      };

describe('notices that carry the change', () => {
  it('given eight open screens of a Thirty Five, when six people join, propose and agree, then only the screens whose view the notice cannot rebuild read, every screen shows what a read shows, and no state read calls Confluence once names are known', async () => {
    expect((await as(FACILITATOR).invoke(THIRTY_FIVE.start)).ok).toBe(true);
    const people = [FACILITATOR, VIEWER, ...PLAYERS];
    const table = screenTable<ThirtyFiveStateView>(live, {
      moduleKey: 'thirty-five',
      localId: LOCAL_ID,
      people: people,
      stateFunction: THIRTY_FIVE.state,
      apply: applyThirtyFiveNotice,
    });
    const { all, screenOf, phase } = table;
    await table.start();

    const matchesARead = async () => {
      for (const who of people) {
        const fresh = await stateOf(who);
        expect(shown(screenOf(who).feed.current.data)).toEqual(shown(fresh));
      }
    };

    // Six joins: players and the viewer apply them; the facilitator reads (the new names); each
    // joiner's own screen reads (its card).
    const joined = await phase(PLAYERS.length, async () => {
      for (const [i, who] of PLAYERS.entries()) {
        expect((await as(who).invoke(THIRTY_FIVE.join, { text: `Card ${i}` })).ok).toBe(true);
      }
    });
    expect(joined.readsBy(VIEWER)).toBe(0);
    expect(joined.readsBy(FACILITATOR)).toBeLessThanOrEqual(1);
    for (const who of PLAYERS) expect(joined.readsBy(who)).toBeLessThanOrEqual(1);
    expect(joined.stateReads).toBeLessThanOrEqual(1 + PLAYERS.length);
    expect(screenOf(VIEWER).feed.current.data?.cardCount).toBe(PLAYERS.length);
    await matchesARead();

    // Deal and the first round: transitions, every screen reads once.
    const beforeDeal = (await stateOf(FACILITATOR)).version;
    const dealt = await phase(1, async () => {
      const r = await as(FACILITATOR).invoke(THIRTY_FIVE.deal, { version: beforeDeal, rounds: 2 });
      expect(r.ok).toBe(true);
    });
    expect(dealt.stateReads).toBe(people.length);
    const beforeRound = (await stateOf(FACILITATOR)).version;
    await phase(1, async () => {
      const r = await as(FACILITATOR).invoke(THIRTY_FIVE.nextRound, { version: beforeRound });
      expect(r.ok).toBe(true);
    });

    const seats = await Promise.all(PLAYERS.map(stateOf));
    const pairs = seats.filter(
      (s) =>
        s.view?.phase === 'round' && s.view.seat?.kind === 'pair' && s.view.seat.partner > s.me,
    );
    expect(pairs).toHaveLength(3);
    const partnerOf = (s: ThirtyFiveStateView): string =>
      s.view?.phase === 'round' && s.view.seat?.kind === 'pair' ? s.view.seat.partner : '';
    const pointsOf = (s: ThirtyFiveStateView) => {
      const [mine, theirs] = s.cards ?? [];
      return { [mine?.id ?? '']: 4, [theirs?.id ?? '']: 3 };
    };

    // Three proposals: only the proposer's and the partner's screens read.
    const proposed = await phase(pairs.length, async () => {
      for (const s of pairs) {
        const r = await as(s.me).invoke(THIRTY_FIVE.proposeSplit, {
          round: 1,
          points: pointsOf(s),
        });
        expect(r.ok).toBe(true);
      }
    });
    expect(proposed.readsBy(VIEWER)).toBe(0);
    expect(proposed.readsBy(FACILITATOR)).toBe(0);
    for (const who of PLAYERS) expect(proposed.readsBy(who)).toBe(1);
    expect(proposed.stateReads).toBe(PLAYERS.length);
    expect(proposed.stateConfluence).toBe(0);
    await matchesARead();

    // Two pairs agree (one after the other): the viewer's screen and the third pair's apply both.
    const [first, second] = pairs as [ThirtyFiveStateView, ThirtyFiveStateView];
    const agreed = await phase(2, async () => {
      for (const s of [first, second]) {
        const r = await as(partnerOf(s)).invoke(THIRTY_FIVE.confirmSplit, {
          round: 1,
          points: pointsOf(s),
        });
        expect(r.ok).toBe(true);
      }
    });
    // The pairs' own screens rebuild their lock from the proposal the signed notice names (the
    // numbers never travel); facilitators' screens (Alice, and Sam, who administers the space)
    // apply it because it is signed (an unsigned lock would make them read); nobody reads.
    const facilitates = (who: string): boolean =>
      screenOf(who).feed.current.data?.isFacilitator === true;
    expect(facilitates(FACILITATOR)).toBe(true);
    expect(facilitates(VIEWER)).toBe(false);
    expect(people.map((who) => agreed.readsBy(who))).toEqual(people.map(() => 0));
    expect(agreed.stateReads).toBe(0);
    expect(agreed.stateConfluence).toBe(0);
    expect(screenOf(VIEWER).feed.current.data?.progress?.pairsConfirmed).toBe(2);
    expect(screenOf(VIEWER).feed.counts.noticesApplied).toBeGreaterThanOrEqual(PLAYERS.length + 2);
    await matchesARead();
    all.forEach((s) => s.feed.stop());
  });
});
