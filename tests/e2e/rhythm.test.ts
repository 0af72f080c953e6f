/**
 * The community's rhythm end to end (issue 14), in the app as `npm start` runs it with Chromium:
 * a curator sets weekday, time and cadence (today's session, under way); three members opt in (one
 * on the Sessions page); the invitation page mentions them; two answer coming, one not this time
 * with a reason; a Lean Coffee runs; the Sessions page shows the answers and the attendance; the
 * notes page lists the absentee; the `.ics` series parses with ical.js; axe finds nothing serious
 * on the new page, light or dark; no Content-Security-Policy violation anywhere.
 */
import ICAL from 'ical.js';
import type { Page } from 'playwright-core';
import type { IcsFile, RhythmView } from '../../src/contract/rhythm';
import { invoke, lc } from './support/api';
import { axeFindings, describeFindings, type Finding } from './support/axe';
import { expectNoCspViolations } from './support/csp';
import { ALICE, BOB, CHLOE, DEV, e2eDescribe, SAM, type DemoUser } from './support/env';
import { useScenario } from './support/scenario';
import { macro, screenshotFile, see, WAIT_MS } from './support/ui';

jest.setTimeout(600_000);

const SESSIONS_PAGE = '/wiki/spaces/COP/apps/community-sessions-page';

interface LcState {
  readonly version: number;
}

const rhythm = <T>(url: string, who: DemoUser, name: string, payload?: Record<string, unknown>) =>
  invoke<T>(url, who, 'community-sessions-page', `rhythm/${name}`, payload);

e2eDescribe('e2e: the community rhythm, from the calendar to the measures', () => {
  const scenario = useScenario('rhythm');

  const sessionsAs = async (who: DemoUser, theme: 'light' | 'dark' = 'light'): Promise<Page> => {
    const p = await scenario.open(who, SESSIONS_PAGE, theme);
    await see(macro(p.page, 'community-sessions-page'), 'Next sessions of');
    return p.page;
  };

  it('given a calendar, invitations and answers, when a session runs, then the Sessions page shows the answers and the attendance, and the files and pages say the same', async () => {
    const url = scenario.app.url;
    // 1. The curator sets the calendar: today's weekday (the Nth of the month), started an hour ago.
    const now = new Date();
    const day = now.getUTCDate();
    const hour = Math.max(0, now.getUTCHours() - 1);
    await invoke(url, SAM, 'topic-backlog-page', 'settings/update', {
      copName: 'Rhythm CoP',
      facilitators: [ALICE.accountId, BOB.accountId],
      cadence: {
        sessionsPerMonth: 1,
        anchorDate: now.toISOString().slice(0, 10),
        weekday: ((now.getUTCDay() + 6) % 7) + 1,
        weekOfMonth: day > 28 ? 'last' : Math.ceil(day / 7),
        startTime: `${String(hour).padStart(2, '0')}:00`,
        durationMinutes: 480,
        timeZone: 'UTC',
      },
    });
    const view = await rhythm<RhythmView>(url, BOB, 'view');
    const today = view.sessions[0]?.date ?? '';
    expect(today).toBe(now.toISOString().slice(0, 10));

    // 2. Three members opt in: two through the resolver, Chloé on the Sessions page.
    await rhythm(url, BOB, 'invitation', { type: 'optIn' });
    await rhythm(url, DEV, 'invitation', { type: 'optIn' });
    const chloe = await sessionsAs(CHLOE);
    const chloeFrame = macro(chloe, 'community-sessions-page');
    await chloeFrame
      .getByRole('button', { name: 'Invite me to the sessions' })
      .click({ timeout: WAIT_MS });
    await see(chloeFrame, 'You are on the invitation list');
    // The series calendar file, offered as a download link (no CSP violation).
    await chloeFrame.getByTestId('ics-series').click({ timeout: WAIT_MS });
    await chloeFrame.getByTestId('ics-series-download').waitFor({ timeout: WAIT_MS });
    await chloe.context().close();

    // 3. The curator writes the invitation page: it mentions the three.
    const sam = await sessionsAs(SAM);
    const samFrame = macro(sam, 'community-sessions-page');
    await samFrame
      .getByRole('button', { name: 'Write the invitation page of the next session' })
      .click({ timeout: WAIT_MS });
    await see(samFrame, 'Invitation page created: open it (3 people mentioned)');
    await sam.context().close();

    // 4. Two answer coming, one not this time with a reason.
    await rhythm(url, BOB, 'answer', { sessionDate: today, response: 'coming' });
    await rhythm(url, CHLOE, 'answer', { sessionDate: today, response: 'coming' });
    await rhythm(url, DEV, 'answer', {
      sessionDate: today,
      response: 'not-this-time',
      reason: 'too-much-on-my-plate',
    });

    // 5. The session runs: the smallest Lean Coffee (Alice facilitates, Bob and Chloé take part).
    await lc(url, ALICE, 'start', { settings: { meetingMinutes: 30 } });
    await lc(url, BOB, 'proposeTopic', { title: 'Working agreements', minutes: 5 });
    await lc(url, CHLOE, 'proposeTopic', { title: 'Flow metrics', minutes: 5 });
    for (const step of ['openVoting', 'closeVoting', 'startTopic', 'startWrapUp']) {
      const s = await lc<LcState>(url, ALICE, 'state');
      await lc(url, ALICE, step, { version: s.version });
    }
    const s = await lc<LcState>(url, ALICE, 'state');
    const ended = await lc<{ notes: { ok: boolean; page?: { url: string } } }>(
      url,
      ALICE,
      'endMeeting',
      { version: s.version },
    );
    const notesUrl = ended.notes.page?.url;
    if (notesUrl === undefined) throw new Error('no notes page');

    // 6. The Sessions page: who answered, and the attendance of the session held.
    const findings: Finding[] = [];
    for (const theme of ['light', 'dark'] as const) {
      const page = await sessionsAs(SAM, theme);
      const frame = macro(page, 'community-sessions-page');
      const answered = frame.getByTestId('who-answered');
      await see(answered, 'Coming (2)');
      await see(answered, 'Dev Agile Coach — Too much on my plate');
      await see(answered, 'Not answered yet (0)');
      const attendance = frame.getByTestId('measure-attendance');
      await see(attendance, 'Attendance');
      await attendance
        .getByRole('table')
        .getByRole('cell', { name: '3', exact: true })
        .first()
        .waitFor({ timeout: WAIT_MS });
      await see(frame.getByTestId('measure-answered-vs-attended'), /said coming/i);
      await page.waitForTimeout(400); // let the iframe report its height
      findings.push(...(await axeFindings(page, `Sessions page as Sam, ${theme}`)));
      if (theme === 'light') {
        await screenshotFile(page, 'ui-sessions-page.png', { fullPage: true });
      } else {
        await screenshotFile(page, 'ui-measures-dark.png', { module: 'community-sessions-page' });
      }
      await page.context().close();
    }
    expect(describeFindings(findings)).toBe('');

    // 7. Alice's own history shows the session she facilitated.
    const alice = await sessionsAs(ALICE);
    await see(macro(alice, 'community-sessions-page').getByTestId('my-history'), 'Facilitated');
    await alice.context().close();

    // 8. The notes page lists the absentee with the reason category.
    const bob = await scenario.open(BOB, new URL(notesUrl).pathname);
    await see(bob.page.locator('body'), 'Not this time');
    await see(bob.page.locator('body'), '(Too much on my plate)');
    await bob.page.context().close();

    // 9. The series calendar file parses with a real calendar parser.
    const ics = await rhythm<IcsFile>(url, BOB, 'ics', {});
    const calendar = new ICAL.Component(ICAL.parse(ics.text) as unknown[]);
    const events = calendar.getAllSubcomponents('vevent');
    expect(events.length).toBeGreaterThan(1);
    expect(String(events[0]?.getFirstPropertyValue('summary'))).toContain('Rhythm CoP');

    expectNoCspViolations();
  });
});
