/**
 * The rhythm through its resolvers in the local host with the real @forge packages: the calendar
 * set in the settings, the next sessions, the invitation list and who may change it, answers (one
 * per person per session, own keys), the `.ics` files parsed by ical.js, and the measures of
 * success over a recorded session. Where a test needs a given instant, it calls the service in the
 * host's invocation context with that instant (the services take the clock as a parameter).
 */
import ICAL from 'ical.js';
import type { ApiResult } from '../../../src/contract/result';
import type { HealthView, IcsFile, RhythmView } from '../../../src/contract/rhythm';
import type { SettingsView } from '../../../src/contract/settings';
import type { Answer } from '../../../src/domain/community';
import type { Caller } from '../../../src/resolvers/define';
import { recordSession } from '../../../src/services/rhythm/attendance';
import { answerSession, communityHealth, rhythmView } from '../../../src/services/rhythm/rhythm';
import { HOME_PAGE_ID, SPACE_ID, startAppHost, USERS, type AppHost } from '../../support/app-host';

let app: AppHost;

const page = (accountId: string) => app.as(accountId, { moduleKey: 'topic-backlog-page' });

function data<T>(result: ApiResult<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.data;
}

/** A caller as the resolver context would give it, from the home page's backlog macro. */
const callerOf = (accountId: string): Caller => ({
  accountId,
  moduleKey: 'topic-backlog',
  localId: 'macro-1',
  claimed: { contentId: HOME_PAGE_ID, spaceId: SPACE_ID, spaceKey: 'COP' },
});

const inHost = <T>(accountId: string, fn: () => Promise<T>) =>
  app.host.runtime.runAs(
    { moduleKey: 'topic-backlog', accountId, localId: 'macro-1', contentId: HOME_PAGE_ID },
    fn,
  );

beforeAll(async () => {
  app = await startAppHost();
  // Sam (space admin) sets the calendar: the 1st and 3rd Wednesday, 18:00 Berlin time, 90 min.
  data(
    await page(USERS.sam).invoke<SettingsView>('settings/update', {
      copName: 'Scrum Master CoP',
      facilitators: [USERS.alice, USERS.bob],
      cadence: {
        sessionsPerMonth: 2,
        anchorDate: '2026-01-01',
        weekday: 3,
        startTime: '18:00',
        durationMinutes: 90,
        timeZone: 'Europe/Berlin',
      },
    }),
  );
}, 120_000);

afterAll(async () => {
  await app.close();
});

describe('the calendar in the settings', () => {
  it('given a cadence with a zone the runtime does not know, when saved, then UNKNOWN_TIME_ZONE and the calendar is unchanged', async () => {
    const result = await page(USERS.sam).invoke('settings/update', {
      cadence: {
        sessionsPerMonth: 2,
        anchorDate: '2026-01-01',
        weekday: 3,
        timeZone: 'Mars/Olympus',
      },
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_TIME_ZONE' } });
    const view = data(await page(USERS.bob).invoke<RhythmView>('rhythm/view'));
    expect(view.timeZone).toBe('Europe/Berlin');
  });

  it('given the calendar, when a member looks, then six Wednesdays at 18:00 Berlin time with the rotation assigned in turn', async () => {
    const view = data(await page(USERS.bob).invoke<RhythmView>('rhythm/view'));
    expect(view.sessions).toHaveLength(6);
    for (const s of view.sessions) {
      const local = new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Europe/Berlin',
        weekday: 'short',
        hour: '2-digit',
        minute: '2-digit',
      }).format(s.startsAt);
      expect(local).toBe('Wed 18:00');
      expect(s.endsAt - s.startsAt).toBe(90 * 60_000);
    }
    expect(view.sessions.map((s) => s.facilitator)).toEqual([
      USERS.alice,
      USERS.bob,
      USERS.alice,
      USERS.bob,
      USERS.alice,
      USERS.bob,
    ]);
    expect(view).toMatchObject({ copName: 'Scrum Master CoP', canCurate: false, invited: false });
    expect(view.nextAnswers).toBeUndefined();
    expect(view.invitees).toBeUndefined();
  });
});

describe('the invitation list', () => {
  it('given three members, when they opt in, then each is on the list, and the curator sees all three', async () => {
    for (const who of [USERS.bob, USERS.chloe, USERS.dev]) {
      const result = await page(who).invoke<{ invited: string[] }>('rhythm/invitation', {
        type: 'optIn',
      });
      // A member sees only themselves.
      expect(data(result).invited).toEqual([who]);
    }
    const view = data(await page(USERS.sam).invoke<RhythmView>('rhythm/view'));
    expect(view.canCurate).toBe(true);
    expect(view.invitees).toEqual([USERS.bob, USERS.chloe, USERS.dev]);
    expect(data(await page(USERS.bob).invoke<RhythmView>('rhythm/view')).invited).toBe(true);
  });

  it('given a member, when they add someone else, then NOT_CURATOR and nothing is written', async () => {
    app.resetCounters();
    const result = await page(USERS.bob).invoke('rhythm/invitation', {
      type: 'invite',
      accountId: USERS.eve,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'NOT_CURATOR' } });
    const writes = Object.entries(app.counters().kvs).filter(([op]) => !/get|query/i.test(op));
    expect(writes).toEqual([]);
    const view = data(await page(USERS.sam).invoke<RhythmView>('rhythm/view'));
    expect(view.invitees).not.toContain(USERS.eve);
  });

  it('given someone who opted out, when a curator adds them back, then OPTED_OUT; when a curator adds another, then they are on the list', async () => {
    data(await page(USERS.finn).invoke('rhythm/invitation', { type: 'optOut' }));
    const refused = await page(USERS.sam).invoke('rhythm/invitation', {
      type: 'invite',
      accountId: USERS.finn,
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'OPTED_OUT' } });
    const added = data(
      await page(USERS.sam).invoke<{ invited: string[] }>('rhythm/invitation', {
        type: 'invite',
        accountId: USERS.eve,
      }),
    );
    expect(added.invited).toEqual([USERS.bob, USERS.chloe, USERS.dev, USERS.eve]);
    data(
      await page(USERS.sam).invoke('rhythm/invitation', { type: 'uninvite', accountId: USERS.eve }),
    );
  });

  it('given a payload naming who acts, when sent, then INVALID_PAYLOAD', async () => {
    const result = await page(USERS.bob).invoke('rhythm/invitation', {
      type: 'optIn',
      accountId: USERS.alice,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
  });
});

describe('answers', () => {
  it('given two coming and one not this time, when the curator looks, then who answered, the reason, and who has not', async () => {
    const next = data(await page(USERS.bob).invoke<RhythmView>('rhythm/view')).sessions[0];
    if (next === undefined) throw new Error('no session');
    data(
      await page(USERS.bob).invoke('rhythm/answer', { sessionDate: next.date, response: 'coming' }),
    );
    data(
      await page(USERS.chloe).invoke('rhythm/answer', {
        sessionDate: next.date,
        response: 'coming',
      }),
    );
    // Chloé changes her mind: her later answer replaces the first (one per person per session).
    data(
      await page(USERS.chloe).invoke('rhythm/answer', {
        sessionDate: next.date,
        response: 'not-this-time',
        reason: 'another-meeting',
        note: 'Sprint review moved',
      }),
    );
    data(
      await page(USERS.alice).invoke('rhythm/answer', {
        sessionDate: next.date,
        response: 'coming',
      }),
    );
    const sam = data(await page(USERS.sam).invoke<RhythmView>('rhythm/view'));
    expect(sam.nextAnswers).toMatchObject({
      sessionDate: next.date,
      coming: [USERS.bob, USERS.alice],
      notComing: [
        { accountId: USERS.chloe, reason: 'another-meeting', note: 'Sprint review moved' },
      ],
      notAnswered: [USERS.dev],
      answeredUninvited: [USERS.alice],
    });
    const bob = data(await page(USERS.bob).invoke<RhythmView>('rhythm/view'));
    expect(bob.myAnswers[next.date]).toMatchObject({ response: 'coming', accountId: USERS.bob });
    expect(bob.nextAnswers).toBeUndefined();
  });

  it.each([
    ['a reason with coming', { response: 'coming', reason: 'other' }, 'INVALID_ANSWER'],
    ['a note too long', { response: 'not-this-time', note: 'x'.repeat(201) }, 'NOTE_TOO_LONG'],
    ['a date with no session', { response: 'coming', sessionDate: '2099-01-01' }, 'NO_SESSION'],
    ['a past date', { response: 'coming', sessionDate: '2026-01-07' }, 'SESSION_OVER'],
    ['an account id', { response: 'coming', accountId: USERS.dev }, 'INVALID_PAYLOAD'],
    ['an unknown reason', { response: 'not-this-time', reason: 'bored' }, 'INVALID_PAYLOAD'],
  ])('given %s, when answering, then a typed error', async (_name, extra, code) => {
    const next = data(await page(USERS.dev).invoke<RhythmView>('rhythm/view')).sessions[0];
    const result = await page(USERS.dev).invoke('rhythm/answer', {
      sessionDate: next?.date,
      ...extra,
    });
    expect(result).toMatchObject({ ok: false, error: { code } });
    const view = data(await page(USERS.dev).invoke<RhythmView>('rhythm/view'));
    expect(view.myAnswers).toEqual({});
  });
});

describe('calendar files', () => {
  it('given the series, when downloaded, then ical.js reads one event per session at 18:00 Berlin time', async () => {
    const file = data(await page(USERS.bob).invoke<IcsFile>('rhythm/ics', {}));
    expect(file.fileName).toBe('COP-series.ics');
    const calendar = new ICAL.Component(ICAL.parse(file.text) as unknown[]);
    const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events.length).toBeGreaterThanOrEqual(20);
    const first = events[0];
    if (first === undefined) throw new Error('no event');
    expect(first.summary).toContain('Scrum Master CoP');
    expect(new Set(events.map((e) => e.uid)).size).toBe(events.length);
    const berlin = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Berlin',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
    });
    for (const e of events) expect(berlin.format(e.startDate.toJSDate())).toBe('Wed 18:00');
  });

  it('given one session, when downloaded, then one event on that date; a date with no session is NO_SESSION', async () => {
    const next = data(await page(USERS.bob).invoke<RhythmView>('rhythm/view')).sessions[1];
    if (next === undefined) throw new Error('no session');
    const file = data(
      await page(USERS.bob).invoke<IcsFile>('rhythm/ics', { sessionDate: next.date }),
    );
    const calendar = new ICAL.Component(ICAL.parse(file.text) as unknown[]);
    const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events).toHaveLength(1);
    expect(events[0]?.startDate.toJSDate().getTime()).toBe(next.startsAt);
    const none = await page(USERS.bob).invoke('rhythm/ics', { sessionDate: '2099-01-02' });
    expect(none).toMatchObject({ ok: false, error: { code: 'NO_SESSION' } });
  });
});

describe('measures of success', () => {
  it('given answers before a session and its attendance recorded after, when the health is read, then attendance, answered vs attended, and the member history', async () => {
    const view = await inHost(USERS.bob, () => rhythmView(callerOf(USERS.bob)));
    const session = data(view).sessions[2];
    if (session === undefined) throw new Error('no session');
    const before = session.startsAt - 86_400_000;
    const answered = async (who: string, payload: Parameters<typeof answerSession>[1]) =>
      data(await inHost(who, () => answerSession(callerOf(who), payload, before)));
    const answers: Answer[] = [
      await answered(USERS.bob, { sessionDate: session.date, response: 'coming' }),
      await answered(USERS.dev, { sessionDate: session.date, response: 'coming' }),
      await answered(USERS.chloe, {
        sessionDate: session.date,
        response: 'not-this-time',
        reason: 'too-much-on-my-plate',
      }),
    ];
    expect(answers).toHaveLength(3);
    const recorded = await inHost(USERS.alice, () =>
      recordSession('COP', {
        kind: 'lean-coffee',
        boardId: `${HOME_PAGE_ID}.lc-1`,
        session: 1,
        pageId: HOME_PAGE_ID,
        startedAt: session.startsAt,
        endedAt: session.endsAt,
        facilitator: USERS.alice,
        attendees: [USERS.bob, USERS.eve],
        takeaways: 3,
        actionItems: [{ text: 'Share the board', owner: USERS.bob }],
      }),
    );
    expect(recorded.ok).toBe(true);
    const health: HealthView = data(
      await inHost(USERS.bob, () =>
        communityHealth(callerOf(USERS.bob), session.endsAt + 3_600_000),
      ),
    );
    const measure = (id: string) => health.measures.find((m) => m.id === id);
    expect(measure('attendance')?.rows).toEqual([
      { key: `${HOME_PAGE_ID}.lc-1#1`, label: `${session.date} · Lean Coffee`, values: [3] },
    ]);
    // Said coming 2 (Bob, Dev), came as said 1 (Bob), said coming and absent 1 (Dev), came
    // without answering 2 (Alice, Eve), said not this time 1 (Chloé).
    expect(measure('answered-vs-attended')?.rows[0]?.values).toEqual([2, 1, 1, 2, 1]);
    expect(measure('takeaways')?.headline.value).toBe(1);
    expect(health.history).toMatchObject({
      accountId: USERS.bob,
      attended: 1,
      saidComing: 1,
      cameAsSaid: 1,
      entries: [{ date: session.date, kind: 'lean-coffee', role: 'attendee', answer: 'coming' }],
    });
    // Through the resolver, with the real clock: the same record is read.
    const live = data(await page(USERS.chloe).invoke<HealthView>('rhythm/health'));
    expect(live.measures.map((m) => m.id)).toContain('attendance');
  });
});
