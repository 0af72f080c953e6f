/**
 * Issue 13, "a participant's command answers with their fresh view", through the real app in the
 * host: each person's screen runs the UI's own feed (`Screen.act`: begin, invoke, offer the
 * answer, exactly as `useActions` does) and the host counts the state reads. The screens' timers
 * are moved by hand: the test waits for states, never for time.
 *
 * It fails if a participant's own command makes their screen read (the feed's reads, and the
 * host's `*\/state` invocations when no other screen had a reason to read), if the answer's view
 * is not what a state read answers them, or if a refused command changes anything.
 */
import { randomUUID } from 'node:crypto';
import {
  LEAN_COFFEE_RESOLVERS as LC,
  type ChangedWithState,
  type LeanCoffeeView,
} from '../../../src/contract/lean-coffee';
import {
  THIRTY_FIVE,
  type ParticipantAnswer,
  type ThirtyFiveStateView,
} from '../../../src/contract/thirty-five';
import { applyLeanCoffeeNotice } from '../../../static/src/lean-coffee/apply-notice';
import { applyThirtyFiveNotice } from '../../../static/src/thirty-five/apply-notice';
import type { ApplyNotice } from '../../../static/src/live-feed';
import { USERS } from '../../support/app-host';
import { screenTable, useLiveHost } from './support';

jest.setTimeout(240_000);

const live = useLiveHost();

/** Screens of one fresh macro instance, one per person (`screenTable`), and calls into it. */
function table<T>(
  moduleKey: string,
  stateFunction: string,
  apply: ApplyNotice<T>,
  people: readonly string[],
) {
  const localId = `${moduleKey}-${randomUUID()}`;
  const screens = screenTable<T>(live, { moduleKey, localId, people, stateFunction, apply });
  return {
    ...screens,
    as: (who: string) => live.app.as(who, { moduleKey, localId }),
    stop: () => screens.all.forEach((s) => s.feed.stop()),
  };
}

function ok<T>(r: { ok: true; data: T } | { ok: false; error: { message: string } }): T {
  if (!r.ok) throw new Error(r.error.message);
  return r.data;
}

/**
 * A view without its clock (`now`: the server's time when it was built) and its names (a screen
 * that applied someone else's notice has not looked their name up: shown as a placeholder).
 */
const timeless = <T extends { now?: number; names?: unknown }>(v: T | null) => {
  if (v === null) return null;
  const { now, names, ...rest } = v;
  void now;
  void names;
  // A Lean Coffee's meeting clock counts from `now` (its start and end are compared).
  if ('meeting' in rest && rest.meeting !== null && typeof rest.meeting === 'object') {
    const { startedAt, endsAt } = rest.meeting as { startedAt?: unknown; endsAt?: unknown };
    return { ...rest, meeting: { startedAt, endsAt } };
  }
  return rest;
};

describe("a participant's own command answers with their view", () => {
  it('given four players with open screens, when each joins, proposes and confirms from their screen, then their screen makes no state read, shows the change, and shows what a state read answers', async () => {
    const players = [USERS.bob, USERS.chloe, USERS.dev, USERS.eve];
    const t = table<ThirtyFiveStateView>(
      'thirty-five',
      THIRTY_FIVE.state,
      applyThirtyFiveNotice,
      players,
    );
    ok(await t.as(USERS.alice).invoke(THIRTY_FIVE.start));
    await t.start();
    const readNow = async (who: string) =>
      ok(await t.as(who).invoke<ThirtyFiveStateView>(THIRTY_FIVE.state));

    // Joins: the joiner's screen shows its answer; the others apply the notice. Nobody reads.
    const joined = await t.phase(players.length, async () => {
      for (const [i, who] of players.entries()) {
        const answer = ok(
          await t.screenOf(who).act<ParticipantAnswer>(THIRTY_FIVE.join, { text: `Card ${i}` }),
        );
        expect(answer.state.me).toBe(who);
        expect(answer.state.view?.phase === 'collecting' && answer.state.view.myCard).toBe(
          `Card ${i}`,
        );
        expect(answer.notice).toMatchObject({ kind: 'card', version: answer.version });
      }
    });
    for (const who of players) expect(joined.readsBy(who)).toBe(0);
    expect(joined.stateReads).toBe(0);
    for (const who of players) {
      const shown = t.screenOf(who).feed.current.data;
      expect(shown?.cardCount).toBe(players.length);
      expect(timeless(shown)).toEqual(timeless(await readNow(who)));
    }

    // An edit: the author's screen shows the new text without a read.
    const edited = await t.phase(1, async () => {
      ok(await t.screenOf(USERS.bob).act(THIRTY_FIVE.writeCard, { text: 'Card 0, edited' }));
    });
    expect(edited.readsBy(USERS.bob)).toBe(0);
    const bob = t.screenOf(USERS.bob).feed.current.data;
    expect(bob?.view?.phase === 'collecting' && bob.view.myCard).toBe('Card 0, edited');

    // A refused command changes nothing and answers no view.
    const refused = await t
      .screenOf(USERS.bob)
      .act(THIRTY_FIVE.proposeSplit, { round: 1, points: { a: 4, b: 3 } });
    expect(refused.ok).toBe(false);
    expect(timeless(await readNow(USERS.bob))).toEqual(
      timeless(t.screenOf(USERS.bob).feed.current.data),
    );

    // The facilitator deals and starts round 1 (transitions: every screen reads once).
    const v = (await readNow(USERS.alice)).version;
    await t.phase(1, async () => {
      ok(await t.as(USERS.alice).invoke(THIRTY_FIVE.deal, { version: v, rounds: 2 }));
    });
    await t.phase(1, async () => {
      ok(await t.as(USERS.alice).invoke(THIRTY_FIVE.nextRound, { version: v + 1 }));
    });

    const seats = await Promise.all(players.map(readNow));
    const proposers = seats.filter(
      (s) =>
        s.view?.phase === 'round' && s.view.seat?.kind === 'pair' && s.view.seat.partner > s.me,
    );
    expect(proposers).toHaveLength(2);
    const partnerOf = (s: ThirtyFiveStateView): string =>
      s.view?.phase === 'round' && s.view.seat?.kind === 'pair' ? s.view.seat.partner : '';
    const pointsOf = (s: ThirtyFiveStateView) => {
      const [mine, theirs] = s.cards ?? [];
      return { [mine?.id ?? '']: 4, [theirs?.id ?? '']: 3 };
    };

    // Proposals: the proposer's screen shows its proposal without a read (the partner reads).
    for (const s of proposers) {
      const proposed = await t.phase(1, async () => {
        ok(await t.screenOf(s.me).act(THIRTY_FIVE.proposeSplit, { round: 1, points: pointsOf(s) }));
      });
      expect(proposed.readsBy(s.me)).toBe(0);
      expect(proposed.stateReads).toBe(1); // the partner's, not the proposer's
      expect(t.screenOf(s.me).feed.current.data?.step).toBe('wait-for-partner');
      expect(timeless(t.screenOf(s.me).feed.current.data)).toEqual(timeless(await readNow(s.me)));
    }

    // Confirmations: neither screen of the pair reads to show the locked pair.
    for (const s of proposers) {
      const who = partnerOf(s);
      const confirmed = await t.phase(1, async () => {
        ok(await t.screenOf(who).act(THIRTY_FIVE.confirmSplit, { round: 1, points: pointsOf(s) }));
      });
      expect(confirmed.readsBy(who)).toBe(0);
      // The proposer's screen rebuilds the lock from its own proposal, named by the signed notice.
      expect(confirmed.readsBy(s.me)).toBe(0);
      expect(confirmed.stateReads).toBe(0);
      for (const screen of [who, s.me]) {
        expect(t.screenOf(screen).feed.current.data?.step).toBe('wait-for-round');
        expect(timeless(t.screenOf(screen).feed.current.data)).toEqual(
          timeless(await readNow(screen)),
        );
      }
    }
    t.stop();
  });

  it('given three people at a Lean Coffee with open screens, when they propose topics, place dots and add a takeaway from their screens, then their screens make no state read and show what a state read answers', async () => {
    const people = [USERS.bob, USERS.chloe, USERS.dev];
    const t = table<LeanCoffeeView | null>('lean-coffee', LC.state, applyLeanCoffeeNotice, people);
    ok(await t.as(USERS.alice).invoke(LC.start, {}));
    await t.start();
    const readNow = async (who: string) =>
      ok(await t.as(who).invoke<LeanCoffeeView | null>(LC.state));

    // One at a time: a topic by someone the other screens do not name yet comes with the
    // proposer's name in its signed notice (their own read cached it), so no screen reads.
    const topics: string[] = [];
    for (const [i, who] of people.entries()) {
      const proposed = await t.phase(1, async () => {
        const answer = ok(
          await t
            .screenOf(who)
            .act<ChangedWithState & { topicId: string }>(LC.proposeTopic, { title: `Topic ${i}` }),
        );
        expect(answer.state.viewer).toBe(who);
        expect(answer.state.board.toDiscuss.map((c) => c.topic.id)).toContain(answer.topicId);
        topics.push(answer.topicId);
      });
      expect(proposed.readsBy(who)).toBe(0);
      expect(proposed.stateReads).toBe(0);
    }
    for (const who of people) {
      expect(timeless(t.screenOf(who).feed.current.data)).toEqual(timeless(await readNow(who)));
    }

    const version = (await readNow(USERS.alice))?.version ?? 0;
    await t.phase(1, async () => {
      ok(await t.as(USERS.alice).invoke(LC.openVoting, { version }));
    });

    for (const who of people) {
      const dotted = await t.phase(1, async () => {
        ok(await t.screenOf(who).act(LC.allocateDots, { allocation: { [topics[0] ?? '']: 1 } }));
      });
      expect(dotted.readsBy(who)).toBe(0);
      expect(dotted.stateReads).toBeLessThanOrEqual(people.length - 1);
      expect(t.screenOf(who).feed.current.data?.dots.used).toBe(1);
    }
    for (const who of people) {
      expect(timeless(t.screenOf(who).feed.current.data)).toEqual(timeless(await readNow(who)));
    }

    const v2 = (await readNow(USERS.alice))?.version ?? 0;
    await t.phase(1, async () => {
      ok(await t.as(USERS.alice).invoke(LC.closeVoting, { version: v2 }));
    });
    await t.phase(1, async () => {
      const v3 = (await readNow(USERS.alice))?.version ?? 0;
      ok(await t.as(USERS.alice).invoke(LC.startTopic, { version: v3 }));
    });
    const discussing = (await readNow(USERS.bob))?.board.discussing?.topic.id ?? '';
    const took = await t.phase(1, async () => {
      ok(
        await t
          .screenOf(USERS.bob)
          .act(LC.addTakeaway, { topicId: discussing, text: 'Keep the retro short' }),
      );
    });
    expect(took.readsBy(USERS.bob)).toBe(0);
    // The takeaway comes signed and whole, by someone every screen already names: nobody reads.
    expect(took.stateReads).toBe(0);
    expect(t.screenOf(USERS.bob).feed.current.data?.takeaways.map((x) => x.text)).toEqual([
      'Keep the retro short',
    ]);
    // (The running topic's clock counts from `now`: compared field by field.)
    const fresh = await readNow(USERS.bob);
    const shownNow = t.screenOf(USERS.bob).feed.current.data;
    expect(shownNow?.takeaways).toEqual(fresh?.takeaways);
    expect(shownNow?.version).toBe(fresh?.version);
    expect(shownNow?.board.discussing?.topic).toEqual(fresh?.board.discussing?.topic);
    t.stop();
  });
});
