/**
 * Issue 13, "notices that carry the change", for the CoP Session (deep dive), through the real app
 * in the host: seven open screens of one session (the facilitator and six members) run the UI's
 * own feed with the session's notice rule (static/src/cop-session/apply-notice.ts). Who read is
 * counted per screen (the feed's reads) and for the whole installation (the host's
 * `copSession/state` invocations and the Confluence calls they made). The screens' timers are
 * moved by hand: the test waits for states.
 *
 * It fails if a notice makes a screen read when the notice was enough — someone whose name the
 * screen shows leaving or coming back before the breakouts, a pass at the check-in, a note on
 * another group's board during the breakouts, a note sealed for a board the screen shows, the
 * facilitator's move to a step that changes only the phase and the clocks — if such a screen then
 * shows anything but what a read would show, or if a state read calls Confluence once the names
 * are known.
 */
import {
  COP_SESSION_RESOLVERS as CS,
  type CopSessionView,
} from '../../../src/contract/cop-session';
import { applyCopSessionNotice } from '../../../static/src/cop-session/apply-notice';
import { openSealedNote } from '../../../static/src/cop-session/open-sealed-note';
import { changeChannel } from '../../../src/contract/channels';
import { installTestBridge } from '../../emulator/bridge-client';
import { HOME_PAGE_ID, USERS } from '../../support/app-host';
import { screenTable, useLiveHost } from './support';

jest.setTimeout(240_000);

const LOCAL_ID = 'cop-session-notices-carry';
const FACILITATOR: string = USERS.alice;
const MEMBERS: string[] = [USERS.bob, USERS.chloe, USERS.dev, USERS.eve, USERS.finn, USERS.olga];
const PEOPLE = [FACILITATOR, ...MEMBERS];

const live = useLiveHost();

const as = (who: string) => live.app.as(who, { moduleKey: 'cop-session', localId: LOCAL_ID });

async function must<T>(who: string, name: string, payload: unknown = {}): Promise<T> {
  const r = await as(who).invoke<T>(name, payload);
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  return r.data;
}

const stateOf = (who: string): Promise<CopSessionView> => must<CopSessionView>(who, CS.state);

/** What a screen shows that a notice may change (the clocks aside: they move with `now`). */
const shown = (s: CopSessionView | null) =>
  s === null
    ? null
    : {
        version: s.version,
        phase: s.view.phase,
        attendance: s.view.attendance,
        isPresent: s.view.isPresent,
        checkIn: s.view.checkIn,
        myGroup: s.view.myGroup,
        groups: s.view.groups,
        plenaryNotes: s.view.plenaryNotes,
        takeaways: s.view.takeaways,
        actionItems: s.view.actionItems,
        canDo: s.view.canDo,
      };

describe('CoP Session notices that carry the change', () => {
  it('given seven open screens of a deep dive, when people leave and come back, pass at the check-in and write in their breakout group, then only the screens whose view the notice cannot rebuild read, every screen shows what a read shows, and no state read calls Confluence once names are known', async () => {
    await must(FACILITATOR, CS.create);
    await must(FACILITATOR, CS.setTopic, { topic: { title: 'Scaling retrospectives' } });
    await must(FACILITATOR, CS.setGroupPlan, { plan: { by: 'count', count: 2 } });
    for (const who of PEOPLE) await must(who, CS.join);

    const table = screenTable<CopSessionView | null>(live, {
      moduleKey: 'cop-session',
      localId: LOCAL_ID,
      people: PEOPLE,
      stateFunction: CS.state,
      apply: applyCopSessionNotice,
    });
    const { all, screenOf, phase } = table;
    const dataOf = (who: string): CopSessionView | null => screenOf(who).feed.current.data;
    await table.start();

    const matchesARead = async () => {
      for (const who of PEOPLE) {
        const fresh = await stateOf(who);
        expect(shown(dataOf(who))).toEqual(shown(fresh));
      }
    };
    const bystanders = (...acting: string[]): string[] =>
      MEMBERS.filter((who) => !acting.includes(who));

    // Finn leaves, then comes back: every member's screen already has his name (0 reads); his
    // own screen reads (what he can do changes), and so does the facilitator's.
    for (const command of [CS.leave, CS.join]) {
      const moved = await phase(1, async () => {
        await must(USERS.finn, command);
      });
      for (const who of bystanders(USERS.finn)) expect(moved.readsBy(who)).toBe(0);
      expect(moved.readsBy(USERS.finn)).toBe(1);
      expect(moved.readsBy(FACILITATOR)).toBe(1);
      expect(moved.stateReads).toBe(2);
      expect(moved.stateConfluence).toBe(0);
      await matchesARead();
    }
    expect(dataOf(USERS.olga)?.view.attendance).toHaveLength(PEOPLE.length);

    // The start: a transition, every screen reads once.
    const started = await phase(1, async () => {
      await must(FACILITATOR, CS.start);
    });
    expect(started.stateReads).toBe(PEOPLE.length);

    // Three passes: the others apply them, the facilitator's screen too (the notices are signed);
    // the passers' own screens read (a CoP Session command answers with its version only).
    const passers = [USERS.bob, USERS.chloe, USERS.dev];
    const passed = await phase(passers.length, async () => {
      for (const who of passers) await must(who, CS.passCheckIn);
    });
    for (const who of [...bystanders(...passers), FACILITATOR]) {
      expect(passed.readsBy(who)).toBe(0);
    }
    for (const who of passers) expect(passed.readsBy(who)).toBe(1);
    expect(passed.stateReads).toBe(passers.length);
    expect(passed.stateConfluence).toBe(0);
    expect(dataOf(USERS.olga)?.view.checkIn.passes).toBe(passers.length);
    await matchesARead();

    // An answer: its text comes in the signed notice, so only the answerer's own screen reads.
    const answered = await phase(1, async () => {
      await must(USERS.eve, CS.answerCheckIn, { text: 'Sunny: <b>shipped</b> on Friday' });
    });
    for (const who of PEOPLE) expect(answered.readsBy(who)).toBe(who === USERS.eve ? 1 : 0);
    expect(answered.stateReads).toBe(1);
    expect(dataOf(FACILITATOR)?.view.checkIn.answers.map((a) => a.answer)).toContain(
      'Sunny: <b>shipped</b> on Friday',
    );
    expect(answered.stateConfluence).toBe(0);
    await matchesARead();

    // The breakouts: two groups.
    for (let i = 0; i < 2; i += 1) {
      await phase(1, async () => {
        await must(FACILITATOR, CS.next);
      });
    }
    expect(dataOf(FACILITATOR)?.view.phase).toBe('breakouts');
    const groupOf = (who: string): number | null => dataOf(who)?.view.myGroup ?? null;
    const writer = MEMBERS.find((who) => groupOf(who) !== null) ?? '';
    const group = groupOf(writer);
    const mates = PEOPLE.filter((who) => groupOf(who) === group);
    const others = MEMBERS.filter((who) => groupOf(who) !== group);
    expect(others.length).toBeGreaterThanOrEqual(2);

    // A note in one group, edited by a mate, then deleted: it comes sealed with the group's key,
    // so the group's screens and the facilitator's (who sees every group) apply it; the other
    // group's screens cannot open it and show no change. Nobody reads.
    const mate = mates.find((who) => who !== writer && who !== FACILITATOR) ?? writer;
    const notesOf = (who: string) =>
      dataOf(who)?.view.groups.find((g) => g.number === group)?.notes ?? [];
    const noted = await phase(3, async () => {
      const { noteId } = await must<{ noteId: string }>(writer, CS.addNote, {
        board: group,
        text: 'Pair retros across teams',
      });
      await must(writer, CS.addNote, { board: group, text: 'Share <b>one</b> metric' });
      const [first] =
        (await stateOf(mate)).view.groups.find((g) => g.number === group)?.notes ?? [];
      await must(mate, CS.editNote, {
        board: group,
        noteId,
        text: 'Pair retros across two teams',
        seen: first?.base,
      });
    });
    for (const who of PEOPLE) expect(noted.readsBy(who)).toBe(0);
    expect(noted.stateReads).toBe(1); // the mate's own read for the base, in this test
    expect(noted.stateConfluence).toBe(0);
    expect(notesOf(mate).map((n) => n.text)).toEqual([
      'Pair retros across two teams',
      'Share <b>one</b> metric',
    ]);
    expect(notesOf(FACILITATOR)).toEqual(notesOf(writer));
    for (const who of others)
      expect(dataOf(who)?.view.groups.some((g) => g.number === group)).toBe(false);
    await matchesARead();
    const deleted = await phase(1, async () => {
      const [, second] = notesOf(writer);
      await must(writer, CS.deleteNote, {
        board: group,
        noteId: second?.noteId,
        seen: second?.base,
      });
    });
    for (const who of PEOPLE) expect(deleted.readsBy(who)).toBe(0);
    expect(notesOf(mate)).toHaveLength(1);
    await matchesARead();

    const applied = (who: string): number => screenOf(who).feed.counts.noticesApplied;
    expect(applied(USERS.olga) + applied(USERS.eve)).toBeGreaterThanOrEqual(2);

    // The plenary: takeaways and action items, signed, carry their text — no screen reads, the
    // facilitator's and the authors' included.
    // The readout shows every group: every screen reads. The plenary changes only the step and
    // the clocks: the signed notice carries them, and no screen reads.
    const readout = await phase(1, async () => {
      await must(FACILITATOR, CS.next);
    });
    expect(readout.stateReads).toBe(PEOPLE.length);
    const plenary = await phase(1, async () => {
      await must(FACILITATOR, CS.next);
    });
    expect(plenary.stateReads).toBe(0);
    expect(dataOf(USERS.olga)?.view.phase).toBe('plenary');
    await matchesARead();
    const contributed = await phase(6, async () => {
      const take = (who: string, text: string) =>
        must<{ takeawayId: string }>(who, CS.addTakeaway, { text }).then((a) => a.takeawayId);
      const t1 = await take(USERS.bob, 'Rotate the <b>facilitator</b>');
      const t2 = await take(USERS.chloe, 'Timebox & share');
      await must(USERS.bob, CS.editTakeaway, {
        takeawayId: t1,
        text: 'Rotate facilitators monthly',
      });
      const { actionItemId } = await must<{ actionItemId: string }>(USERS.dev, CS.addActionItem, {
        text: 'Write the rota',
        owner: USERS.eve,
        due: '2026-12-24',
      });
      await must(USERS.dev, CS.editActionItem, { actionItemId, text: 'Write the rota page' });
      await must(USERS.chloe, CS.deleteTakeaway, { takeawayId: t2 });
    });
    for (const who of PEOPLE) expect(contributed.readsBy(who)).toBe(0);
    expect(contributed.stateReads).toBe(0);
    await matchesARead();
    expect(dataOf(USERS.olga)?.view.takeaways.map((t) => t.text)).toEqual([
      'Rotate facilitators monthly',
    ]);
    expect(dataOf(FACILITATOR)?.view.actionItems.map((a) => [a.text, a.owner])).toEqual([
      ['Write the rota page', USERS.eve],
    ]);
    all.forEach((s) => s.feed.stop());
  });

  it('given the breakouts, when a note is written in one group, then only the views that show that group hold its key: a viewer of another group hears the box and cannot open it, and after someone leaves the group its key changes so their old key opens nothing new', async () => {
    const localId = `${LOCAL_ID}-sealed`;
    const on = (who: string) => live.app.as(who, { moduleKey: 'cop-session', localId });
    const run = async <T>(who: string, name: string, payload: unknown = {}): Promise<T> => {
      const r = await on(who).invoke<T>(name, payload);
      if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
      return r.data;
    };
    const read = (who: string) => run<CopSessionView>(who, CS.state);
    await run(FACILITATOR, CS.create);
    await run(FACILITATOR, CS.setTopic, { topic: { title: 'Sealed' } });
    await run(FACILITATOR, CS.setGroupPlan, { plan: { by: 'count', count: 2 } });
    for (const who of PEOPLE) await run(who, CS.join);
    await run(FACILITATOR, CS.start);
    while ((await read(FACILITATOR)).view.phase !== 'breakouts') await run(FACILITATOR, CS.next);
    const views = new Map<string, CopSessionView>();
    for (const who of PEOPLE) views.set(who, await read(who));
    const groupOf = (who: string) => views.get(who)?.view.myGroup ?? null;
    const writer = MEMBERS.find((who) => groupOf(who) !== null) ?? '';
    const group = groupOf(writer) ?? 1;
    const mates = MEMBERS.filter((who) => who !== writer && groupOf(who) === group);
    const stranger = MEMBERS.find((who) => groupOf(who) !== null && groupOf(who) !== group) ?? '';
    // Keys: a member holds their own group's and the plenary's; the facilitator every group's.
    expect(Object.keys(views.get(writer)?.noteKeys ?? {}).sort()).toEqual([
      String(group),
      'plenary',
    ]);
    expect(Object.keys(views.get(stranger)?.noteKeys ?? {})).not.toContain(String(group));
    expect(Object.keys(views.get(FACILITATOR)?.noteKeys ?? {}).sort()).toEqual([
      '1',
      '2',
      'plenary',
    ]);
    expect(views.get(FACILITATOR)?.noteKeys[String(group)]).toBe(
      views.get(writer)?.noteKeys[String(group)],
    );

    const table = screenTable<CopSessionView | null>(live, {
      moduleKey: 'cop-session',
      localId,
      people: [writer, stranger],
      stateFunction: CS.state,
      apply: applyCopSessionNotice,
    });
    await table.start();
    try {
      const sealedHeard = async (text: string) => {
        await table.phase(1, async () => {
          await run(writer, CS.addNote, { board: group, text });
        });
        const heard = table.screenOf(stranger).lastHeard;
        const notice = (typeof heard === 'string' ? JSON.parse(heard) : heard) as {
          change: { sealed?: string };
        };
        expect(JSON.stringify(notice)).not.toContain(text);
        return notice.change.sealed ?? '';
      };
      const box = await sealedHeard('Only for my group');
      for (const key of Object.values(views.get(stranger)?.noteKeys ?? {})) {
        expect(openSealedNote(key, box, group)).toBeNull();
      }
      const opened = openSealedNote(views.get(writer)?.noteKeys[String(group)], box, group);
      expect(opened?.note?.text).toBe('Only for my group');
      expect(JSON.stringify(table.screenOf(stranger).feed.current.data)).not.toContain('Only for');

      // A mate leaves: the group's key changes; the key they held opens nothing written since.
      const [leaver = ''] = mates;
      expect(leaver).not.toBe('');
      {
        const oldKey = views.get(leaver)?.noteKeys[String(group)];
        await run(leaver, CS.leave);
        const after = await sealedHeard('After the leave');
        expect(openSealedNote(oldKey, after, group)).toBeNull();
        expect((await read(leaver)).noteKeys[String(group)]).toBeUndefined();
        const fresh = (await read(writer)).noteKeys[String(group)];
        expect(fresh).not.toBe(oldKey);
        expect(openSealedNote(fresh, after, group)?.note?.text).toBe('After the leave');
      }
    } finally {
      table.all.forEach((screen) => screen.feed.stop());
    }
  });

  it('given open screens in the plenary, when a viewer publishes takeaway notices with @forge/bridge — unsigned, or with a genuine notice’s signature copied onto other text — then each screen reads at most once and shows none of their text', async () => {
    const localId = `${LOCAL_ID}-forged`;
    const on = (who: string) => live.app.as(who, { moduleKey: 'cop-session', localId });
    const run = async (who: string, name: string, payload: unknown = {}) => {
      const r = await on(who).invoke(name, payload);
      if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
    };
    await run(FACILITATOR, CS.create);
    await run(FACILITATOR, CS.setTopic, { topic: { title: 'Forgery' } });
    for (const who of [FACILITATOR, USERS.bob, USERS.chloe]) await run(who, CS.join);
    await run(FACILITATOR, CS.start);
    const phaseNow = async () => {
      const r = await on(FACILITATOR).invoke<CopSessionView>(CS.state);
      return r.ok ? r.data.view.phase : 'failed';
    };
    while ((await phaseNow()) !== 'plenary') await run(FACILITATOR, CS.next);
    const table = screenTable<CopSessionView | null>(live, {
      moduleKey: 'cop-session',
      localId,
      people: [FACILITATOR, USERS.bob, USERS.chloe],
      stateFunction: CS.state,
      apply: applyCopSessionNotice,
    });
    await table.start();
    const view = table.screenOf(USERS.bob).feed.current.data;
    expect(view?.view.phase).toBe('plenary');
    expect(view?.noticeKey?.key).toMatch(/^[A-Za-z0-9_-]{43}$/);

    // A genuine signed notice, heard on this board: its signature, copied onto forged text.
    const genuine = await table.phase(1, async () => {
      await run(USERS.bob, CS.addTakeaway, { text: 'Genuine' });
    });
    expect(genuine.stateReads).toBe(0);
    const version = view?.version ?? 0;
    const item = (text: string) => ({ id: 'fake', author: USERS.chloe, text, addedAt: 1 });
    const change = (text: string) => ({
      t: 'takeaway',
      author: USERS.chloe,
      id: 'fake',
      item: item(text),
    });
    const heard = table.screenOf(USERS.chloe).lastHeard;
    const { sig } = (typeof heard === 'string' ? JSON.parse(heard) : heard) as { sig?: string };
    expect(sig).toMatch(/^[A-Za-z0-9_-]{86}$/);
    const forged = [
      { kind: 'addTakeaway', version, change: change('Forged one') },
      { kind: 'addTakeaway', version, change: change('Forged two'), sig },
    ];
    const bridge = await installTestBridge(live.app.host.url, {
      accountId: USERS.olga,
      moduleKey: 'cop-session',
      localId,
      contentId: HOME_PAGE_ID,
    });
    try {
      const flood = await table.phase(forged.length, async () => {
        const { realtime } = await import('@forge/bridge');
        for (const notice of forged) await realtime.publish(changeChannel(localId), notice);
      });
      for (const who of [FACILITATOR, USERS.bob, USERS.chloe]) {
        expect(flood.readsBy(who)).toBeLessThanOrEqual(1);
        const texts = JSON.stringify(table.screenOf(who).feed.current.data);
        expect(texts).not.toContain('Forged');
        expect(texts).toContain('Genuine');
      }
    } finally {
      bridge.close();
      table.all.forEach((s) => s.feed.stop());
    }
  });
});
