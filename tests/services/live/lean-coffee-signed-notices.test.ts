/**
 * Issue 13, Lean Coffee notices that carry text, signed, through the real app in the host: six
 * open screens of one Lean Coffee (the facilitator, four participants and a viewer) run the UI's
 * own feed with the game's notice rule (static/src/lean-coffee/apply-notice.ts). People add, edit
 * and delete topics, takeaways and action items with their commands (not through their screens, so
 * every screen, theirs included, hears the notice); the backend signs each notice. The screens'
 * timers are moved by hand: the test waits for states.
 *
 * It fails if a screen reads for a record the signed notice carried (someone it already names),
 * if a screen then shows anything but what a read shows, or if a notice a viewer forged with
 * `@forge/bridge` (unsigned, with a made-up signature, or a real signature over other text) puts
 * its text on any screen.
 */
import { changeChannel } from '../../../src/contract/channels';
import {
  LEAN_COFFEE_RESOLVERS as LC,
  type ChangedWithState,
  type LeanCoffeeView,
} from '../../../src/contract/lean-coffee';
import { applyLeanCoffeeNotice } from '../../../static/src/lean-coffee/apply-notice';
import { installTestBridge, type TestBridge } from '../../emulator/bridge-client';
import { HOME_PAGE_ID, USERS } from '../../support/app-host';
import { screenTable, useLiveHost } from './support';
import { until } from '../../../bench/support/screens';

jest.setTimeout(240_000);

const LOCAL_ID = 'lc-signed-notices';
const FACILITATOR: string = USERS.alice;
const VIEWER: string = USERS.olga;
const PARTICIPANTS: string[] = [USERS.bob, USERS.chloe, USERS.dev, USERS.eve];
const PEOPLE = [FACILITATOR, VIEWER, ...PARTICIPANTS];
const [BOB, CHLOE, DEV, EVE] = PARTICIPANTS as [string, string, string, string];

const live = useLiveHost();
let bridge: TestBridge | undefined;
beforeAll(async () => {
  bridge = await installTestBridge(live.app.host.url, {
    accountId: USERS.finn,
    moduleKey: 'lean-coffee',
    localId: LOCAL_ID,
    contentId: HOME_PAGE_ID,
  });
});
afterAll(() => bridge?.close());

const as = (who: string) => live.app.as(who, { moduleKey: 'lean-coffee', localId: LOCAL_ID });

function ok<T>(r: { ok: true; data: T } | { ok: false; error: { message: string } }): T {
  if (!r.ok) throw new Error(r.error.message);
  return r.data;
}

const stateOf = async (who: string): Promise<LeanCoffeeView> => {
  const view = ok(await as(who).invoke<LeanCoffeeView | null>(LC.state));
  if (view === null) throw new Error('no Lean Coffee');
  return view;
};

/**
 * What a screen shows, less what runs with the server's clock (`now`, the meeting clock, the
 * running topic's countdown and time spent, the thumbs window): names included.
 */
const shown = (v: LeanCoffeeView | null | undefined) => {
  if (v === null || v === undefined) return null;
  const { now, meeting, thumbs, board, ...rest } = v;
  void now;
  void meeting;
  void thumbs;
  const running =
    board.discussing === null ? null : { ...board.discussing, countdown: null, spentMs: 0 };
  return { ...rest, board: { ...board, discussing: running } };
};

describe('Lean Coffee notices that carry text, signed', () => {
  it('given six open screens, when people add, edit and delete topics, takeaways and action items, then no screen reads for them and each shows what a read shows; forged text reaches no screen', async () => {
    ok(await as(FACILITATOR).invoke(LC.start, {}));
    const table = screenTable<LeanCoffeeView | null>(live, {
      moduleKey: 'lean-coffee',
      localId: LOCAL_ID,
      people: PEOPLE,
      stateFunction: LC.state,
      apply: applyLeanCoffeeNotice,
    });
    const { all, screenOf, phase } = table;
    await table.start();
    const data = (who: string) => screenOf(who).feed.current.data;
    const matchesARead = async () => {
      for (const who of PEOPLE) expect(shown(data(who))).toEqual(shown(await stateOf(who)));
    };
    const propose = async (who: string, title: string) =>
      ok(await as(who).invoke<ChangedWithState & { topicId: string }>(LC.proposeTopic, { title }))
        .topicId;

    // Everyone's first topic: the screens do not name them yet, so they read (the new names).
    const firsts: string[] = [];
    await phase(PARTICIPANTS.length, async () => {
      for (const who of PARTICIPANTS) firsts.push(await propose(who, `First of ${who.slice(-4)}`));
    });
    await matchesARead();

    // Topics by people every screen names: added, edited, deleted, without a read.
    let second = '';
    const topics = await phase(4, async () => {
      second = await propose(BOB, 'Pairing');
      ok(
        await as(CHLOE).invoke(LC.editTopic, {
          topicId: firsts[1],
          title: 'Retros, shorter',
          minutes: 5,
        }),
      );
      ok(await as(DEV).invoke(LC.deleteTopic, { topicId: firsts[2] }));
      ok(await as(BOB).invoke(LC.editTopic, { topicId: second, details: 'Mob or pair?' }));
    });
    for (const who of PEOPLE) expect(topics.readsBy(who)).toBe(0);
    expect(topics.stateReads).toBe(0);
    expect(data(VIEWER)?.board.toDiscuss.map((c) => c.topic.title)).toEqual([
      `First of ${BOB.slice(-4)}`,
      'Retros, shorter',
      `First of ${EVE.slice(-4)}`,
      'Pairing',
    ]);
    // Dev has nothing left on the board: no screen names them any more, as a read does not.
    expect(Object.keys(data(VIEWER)?.names ?? {})).not.toContain(DEV);
    await matchesARead();

    // Voting, then the first topic runs: transitions, every screen reads.
    for (const command of [LC.openVoting, LC.closeVoting, LC.startTopic]) {
      const version = (await stateOf(FACILITATOR)).version;
      await phase(1, async () => {
        ok(await as(FACILITATOR).invoke(command, { version }));
      });
    }
    const running = (await stateOf(VIEWER)).board.discussing?.topic.id ?? '';
    expect(running).not.toBe('');

    // Takeaways and action items by people every screen names (their topics are on the board).
    const ids: Record<string, string> = {};
    const records = await phase(7, async () => {
      const take = async (who: string, text: string) =>
        ok(await as(who).invoke<{ takeawayId: string }>(LC.addTakeaway, { topicId: running, text }))
          .takeawayId;
      ids.k1 = await take(BOB, 'Keep the retro short');
      ids.k2 = await take(CHLOE, 'Rotate the facilitator');
      ids.a1 = ok(
        await as(EVE).invoke<{ actionItemId: string }>(LC.addActionItem, {
          topicId: running,
          text: 'Book a room',
          owner: BOB,
          due: '2026-12-24',
        }),
      ).actionItemId;
      ok(await as(BOB).invoke(LC.editTakeaway, { takeawayId: ids.k1, text: 'Keep it shorter' }));
      ok(await as(EVE).invoke(LC.editActionItem, { actionItemId: ids.a1, owner: CHLOE }));
      ok(await as(CHLOE).invoke(LC.deleteTakeaway, { takeawayId: ids.k2 }));
      ids.a2 = ok(
        await as(BOB).invoke<{ actionItemId: string }>(LC.addActionItem, {
          topicId: running,
          text: 'Write it up',
        }),
      ).actionItemId;
    });
    for (const who of PEOPLE) expect(records.readsBy(who)).toBe(0);
    expect(records.stateReads).toBe(0);
    expect(data(VIEWER)?.takeaways.map((t) => t.text)).toEqual(['Keep it shorter']);
    expect(data(VIEWER)?.actionItems.map((i) => [i.text, i.owner])).toEqual([
      ['Book a room', CHLOE],
      ['Write it up', null],
    ]);
    await matchesARead();

    const deleted = await phase(1, async () => {
      ok(await as(EVE).invoke(LC.deleteActionItem, { actionItemId: ids.a1 }));
    });
    for (const who of PEOPLE) expect(deleted.readsBy(who)).toBe(0);
    expect(data(VIEWER)?.actionItems.map((i) => i.text)).toEqual(['Write it up']);
    await matchesARead();

    // A real signed notice to forge from, as the attacker's own subscription hears it (Dev is no
    // longer named: the screens read for this one).
    const { realtime } = await import('@forge/bridge');
    const overheard: unknown[] = [];
    const subscription = await realtime.subscribe(changeChannel(LOCAL_ID), (payload) => {
      overheard.push(typeof payload === 'string' ? JSON.parse(payload) : payload);
    });
    await phase(1, async () => {
      ok(await as(DEV).invoke(LC.addTakeaway, { topicId: running, text: 'Honest' }));
    });
    await until(() => overheard.length > 0, 'the attacker heard the notice');
    await subscription.unsubscribe();
    const signed = overheard[0] as { change?: unknown; sig?: string };
    expect(signed.sig).toMatch(/^[A-Za-z0-9_-]{86}$/);
    const version = data(VIEWER)?.version ?? 0;
    const takeaway = { id: 'forged', topicId: running, author: BOB, text: 'FORGED', addedAt: 1 };
    const honest = (signed.change ?? {}) as { takeaway: Record<string, unknown> };
    const forged: Record<string, unknown>[] = [
      { kind: 'addTakeaway', version, change: { t: 'takeaway', takeaway } },
      { kind: 'addTakeaway', version, change: { t: 'takeaway', takeaway }, sig: 'A'.repeat(86) },
      {
        kind: 'addTakeaway',
        version,
        change: { t: 'takeaway', takeaway: { ...honest.takeaway, text: 'FORGED' } },
        sig: signed.sig,
      },
      {
        kind: 'editTopic',
        version,
        change: { t: 'topic', id: running, gone: true },
        sig: signed.sig,
      },
    ];
    // One at a time, so a forged text applied would stay on screen (no other notice's read hides
    // it): each is refused, and each screen reads once instead.
    for (const notice of forged) {
      const heard = await phase(1, async () => {
        await realtime.publish(changeChannel(LOCAL_ID), notice);
      });
      for (const who of PEOPLE) expect(heard.readsBy(who)).toBe(1);
      for (const s of all) expect(JSON.stringify(s.feed.current.data)).not.toContain('FORGED');
    }
    await matchesARead();
    all.forEach((s) => s.feed.stop());
  });
});
