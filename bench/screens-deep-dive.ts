/**
 * The deep dive of the screens bench (`dd-<people>`, issue 13): a CoP Session with one simulated
 * screen per person, played like the Thirty Five and Lean Coffee games of `screens.bench.ts`.
 *
 * The game (resolver names and payloads as tests/e2e/deep-dive.test.ts and
 * tests/services/cop-session/* use them): the facilitator sets the session up (topic, a member as
 * lead, groups of about five) before the screens open; the lead writes the outline; everyone
 * (the facilitator, the lead and `people` others) joins together (`together`: within the pace);
 * the start; everyone but the facilitator checks in together (every fourth one passes) except
 * five, who check in one by one (the first change-visible samples: passes and answers
 * alternate); the introduction and the
 * breakouts (groups formed); everyone in a group writes a note for it together, then one note per
 * group one by one (only that group's screens and the facilitator's need it); the readout, the
 * plenary and the takeaways step; 15 takeaways and 10 action items together, then five takeaways
 * one by one (the other samples); the end, which writes the notes page.
 *
 * Today's design (`c28490c`) has no CoP Session: `playOne` skips `dd-*` for it.
 * The new screens run the CoP Session's notice rule (static/src/cop-session/apply-notice.ts).
 */
import type { CopSessionView } from '../src/contract/cop-session';
import type { ApiResult } from '../src/contract/result';
import type { ApplyNotice } from '../static/src/live-feed';
import { applyCopSessionNotice } from '../static/src/cop-session/apply-notice';
import {
  FACILITATOR,
  noticesFrom,
  Recorder,
  screenOf,
  settle,
  summarize,
  syntheticAccounts,
  together,
  openAll,
  visibleEverywhere,
  type Design,
  type GameFigures,
} from './screens.bench';
import { EventStream, invokeAs, type ScreenFrame } from './support/screens';

const DD = {
  state: 'copSession/state',
  create: 'copSession/create',
  setTopic: 'copSession/setTopic',
  setLead: 'copSession/setLead',
  setGroupPlan: 'copSession/setGroupPlan',
  editOutline: 'copSession/editOutline',
  join: 'copSession/join',
  start: 'copSession/start',
  next: 'copSession/next',
  answerCheckIn: 'copSession/answerCheckIn',
  passCheckIn: 'copSession/passCheckIn',
  addNote: 'copSession/addNote',
  addTakeaway: 'copSession/addTakeaway',
  addActionItem: 'copSession/addActionItem',
  end: 'copSession/end',
} as const;

const HOME_PAGE_ID = '98305';

type DdView = CopSessionView | null;
type DdScreen = ReturnType<typeof screenOf<DdView>>;

/**
 * The UI's notice rule (static/src/cop-session/apply-notice.ts); `SCREENS_DD_APPLY=0` plays the
 * screens without it (every notice a read, at most one per window), as before the notices carried
 * the change.
 */
const applyOf = (): ApplyNotice<DdView> | undefined =>
  process.env.SCREENS_DD_APPLY === '0' ? undefined : applyCopSessionNotice;

const phaseOf = (d: DdView): string => d?.view.phase ?? 'none';

export async function deepDive(design: Design, people: number, url: string): Promise<GameFigures> {
  const localId = `bench-dd-${design}-${people}`;
  const stream = new EventStream(url);
  await stream.open();
  const rec = new Recorder(url);
  const frame = (accountId: string): ScreenFrame => ({
    accountId,
    moduleKey: 'cop-session',
    localId,
    contentId: HOME_PAGE_ID,
  });
  const [lead, ...others] = syntheticAccounts(people + 1, `${people}${design === 'today' ? 5 : 6}`);
  if (lead === undefined) throw new Error('no lead');
  const screenFor = (who: string): DdScreen =>
    screenOf<DdView>(design, frame(who), url, stream, DD.state, applyOf());
  const fac = screenFor(FACILITATOR);
  const leadScreen = screenFor(lead);
  const participants = [leadScreen, ...others.map(screenFor)];
  const screens = [fac, ...participants];
  const started = performance.now();
  let changes = 0;
  const visible: number[] = [];
  const version = (): number => fac.data()?.version ?? 0;
  const must = (answers: readonly ApiResult<unknown>[], what: string): void => {
    const refused = answers.find((a) => !a.ok);
    if (refused) throw new Error(`${what}: ${JSON.stringify(refused)}`);
  };
  const facilitate = async (fn: string, payload: Record<string, unknown> = {}): Promise<void> => {
    must([await fac.act(fn, { version: version(), ...payload })], fn);
    changes += 1;
  };
  /** A facilitator transition, seen on every screen once `check` holds. */
  const step = async (fn: string, check: (d: DdView) => boolean, what: string) => {
    const heard = noticesFrom(screens);
    await facilitate(fn);
    await heard(1, check, what);
  };

  await rec.phase('set-up + open every screen', false, async () => {
    // Before any screen opens: the facilitator's own calls (their screen opens with the others).
    const setUp: [string, unknown][] = [
      [DD.create, {}],
      [DD.setTopic, { topic: { title: 'Scaling retrospectives', details: 'Why retros stall' } }],
      [DD.setLead, { lead: { kind: 'member', accountId: lead } }],
      [DD.setGroupPlan, { plan: { by: 'size', size: 5 } }],
    ];
    for (const [fn, payload] of setUp) {
      must([await invokeAs(url, frame(FACILITATOR), fn, payload)], fn);
      changes += 1;
    }
    await openAll(screens);
    await settle(screens, (d) => d !== null, 'every screen loaded');
  });
  await rec.phase("the lead's outline", false, async () => {
    const heard = noticesFrom(screens);
    must(
      [
        await leadScreen.act(DD.editOutline, {
          outline: 'Why retros stall at scale. Three patterns that help.',
          questions: ['Which pattern would fit your team?', 'What would you try first?'],
        }),
      ],
      'the outline',
    );
    changes += 1;
    await heard(1, (d) => (d?.view.topic?.outline ?? '') !== '', 'the outline seen');
  });
  await rec.phase(`${screens.length} join ${together.label()}`, true, async () => {
    const heard = noticesFrom(screens);
    must(await together(screens, (s) => s.act(DD.join)), 'a join');
    changes += screens.length;
    await heard(
      screens.length,
      (d) => (d?.view.attendance.length ?? 0) >= screens.length,
      'every join seen',
    );
  });
  await rec.phase('start: check-in', false, async () => {
    await step(DD.start, (d) => phaseOf(d) === 'check-in', 'the check-in seen');
  });
  const isolated = Math.min(5, participants.length);
  const burst = participants.slice(0, participants.length - isolated);
  const checkIn = (s: DdScreen, i: number) =>
    i % 4 === 3 ? s.act(DD.passCheckIn) : s.act(DD.answerCheckIn, { text: `Sunny, ${i}` });
  await rec.phase(`${burst.length} check in ${together.label()}`, true, async () => {
    const heard = noticesFrom(screens);
    must(await together(burst, checkIn), 'a check-in');
    changes += burst.length;
    await heard(
      burst.length,
      (d) => (d?.view.checkIn.answers.length ?? 0) >= burst.length,
      'every check-in seen',
    );
  });
  await rec.phase(`${isolated} check in one by one`, true, async () => {
    for (const [k, s] of participants.slice(burst.length).entries()) {
      const one = noticesFrom(screens);
      const target = burst.length + k + 1;
      const shows = (d: DdView): boolean => (d?.view.checkIn.answers.length ?? 0) >= target;
      const t0 = performance.now();
      // Alternate a pass (which screens can apply) and an answer (whose text they read).
      must([await (k % 2 === 0 ? s.act(DD.passCheckIn) : checkIn(s, 0))], 'a late check-in');
      await one(1, shows, 'a late check-in seen');
      visible.push(visibleEverywhere(screens, t0, shows));
      changes += 1;
    }
  });
  await rec.phase('introduction + breakouts', false, async () => {
    await step(DD.next, (d) => phaseOf(d) === 'introduction', 'the introduction seen');
    await step(DD.next, (d) => phaseOf(d) === 'breakouts', 'the breakouts seen');
  });
  const writers = screens.filter((s) => (s.data()?.view.myGroup ?? null) !== null);
  const groupCount = fac.data()?.view.groups.length ?? 0;
  await rec.phase(
    `${writers.length} breakout notes ${together.label()} (${groupCount} groups)`,
    true,
    async () => {
      const heard = noticesFrom(screens);
      must(
        await together(writers, (s, i) =>
          s.act(DD.addNote, { board: s.data()?.view.myGroup ?? 1, text: `Note ${i}` }),
        ),
        'a note',
      );
      changes += writers.length;
      const notes = (d: DdView): number =>
        (d?.view.groups ?? []).reduce((n, g) => n + g.notes.length, 0);
      await heard(
        writers.length,
        (d) => d !== null && notes(d) >= (d.view.groups[0]?.members.length ?? 0),
        'every note seen in its group',
      );
    },
  );
  await rec.phase(`${groupCount} notes one by one (one per group)`, true, async () => {
    // Only the group's own screens (and the facilitator's, which shows every group) need these.
    for (let g = 1; g <= groupCount; g += 1) {
      const s = writers.find((w) => w !== fac && w.data()?.view.myGroup === g);
      if (s === undefined) continue;
      const one = noticesFrom(screens);
      must([await s.act(DD.addNote, { board: g, text: `Late note ${g}` })], 'a late note');
      changes += 1;
      await one(1, () => true, 'a late note heard');
    }
  });
  await rec.phase('readout + plenary + takeaways step', false, async () => {
    await step(DD.next, (d) => phaseOf(d) === 'readout', 'the readout seen');
    await step(DD.next, (d) => phaseOf(d) === 'plenary', 'the plenary seen');
    await step(DD.next, (d) => phaseOf(d) === 'takeaways', 'the takeaways step seen');
  });
  const takeaways = Math.min(15, participants.length);
  const items = Math.min(10, participants.length);
  await rec.phase(
    `${takeaways} takeaways + ${items} action items ${together.label()}`,
    true,
    async () => {
      const heard = noticesFrom(screens);
      const acts: (() => Promise<ApiResult<unknown>>)[] = [
        ...participants
          .slice(0, takeaways)
          .map((s, i) => () => s.act(DD.addTakeaway, { text: `Takeaway ${i}` })),
        ...participants.slice(participants.length - items).map(
          (s, i) => () =>
            s.act(DD.addActionItem, {
              text: `Action ${i}`,
              owner: s.frame.accountId,
              due: '2026-12-16',
            }),
        ),
      ];
      must(await together(acts, (act) => act()), 'a contribution');
      changes += acts.length;
      await heard(
        acts.length,
        (d) =>
          (d?.view.takeaways.length ?? 0) >= takeaways &&
          (d?.view.actionItems.length ?? 0) >= items,
        'every contribution seen',
      );
    },
  );
  await rec.phase('5 takeaways one by one', true, async () => {
    for (let k = 0; k < 5; k += 1) {
      const one = noticesFrom(screens);
      const target = takeaways + k + 1;
      const shows = (d: DdView): boolean => (d?.view.takeaways.length ?? 0) >= target;
      const t0 = performance.now();
      const s = participants[(takeaways + k) % participants.length] as DdScreen;
      must([await s.act(DD.addTakeaway, { text: `Late takeaway ${k}` })], 'a late takeaway');
      await one(1, shows, 'a late takeaway seen');
      visible.push(visibleEverywhere(screens, t0, shows));
      changes += 1;
    }
  });
  await rec.phase('end (the notes page)', false, async () => {
    await step(DD.end, (d) => phaseOf(d) === 'ended' && d?.notes !== null, 'the end seen');
  });
  screens.forEach((s) => s.stop());
  stream.close();
  const wall = (performance.now() - started) / 1000;
  return summarize(
    `Deep dive, ${people} people + lead`,
    design,
    screens.length,
    changes,
    wall,
    rec,
    visible,
  );
}
