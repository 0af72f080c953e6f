/**
 * Scenario: a deep dive as the article runs it, in headless Chromium against `npm start`.
 * The backlog's "Start a session" chooses the topic its volunteer prepared (outline and breakout
 * questions, written on the topic before the day); the facilitator sets the CoP Session up with a
 * guest speaker and a check-in question; seven people join from their own screens (with the guest
 * speaker, eight people in the room); check-in (one passes), the outline, three breakout groups
 * each writing its own notes, the readout, takeaways and two action items owned by other people;
 * the end writes the notes page, which someone who did not attend reads in full; the backlog topic
 * is discussed and links to it; the rotation has moved on; the next facilitator runs a second
 * session in the same macro. Every wait is for a state on screen, never for time.
 */
import type { Browser } from 'playwright-core';
import type { BacklogView } from '../../src/contract/backlog';
import type { StartSessionAnswer } from '../../src/contract/deep-dive-start';
import type { SettingsView } from '../../src/contract/settings';
import { invoke } from './support/api';
import {
  ALICE,
  BOB,
  CHLOE,
  DEV,
  EVE,
  FINN,
  SAM,
  e2eDescribe,
  ensureBuilt,
  launchBrowser,
  startApp,
  type AppProcess,
  type DemoUser,
} from './support/env';
import {
  HOME,
  click,
  closeAll,
  dialogsOf,
  macro,
  openAs,
  screenshot,
  screenshotOf,
  see,
  WAIT_MS,
  type Person,
} from './support/ui';

jest.setTimeout(900_000);

const OLGA: DemoUser = {
  name: 'Olga Ops Admin',
  accountId: '557058:0c990c99-0000-4000-8000-000000000009',
};

const TOPIC = 'Flow metrics at scale';
const NEXT_TOPIC = 'Pairing with testers';
const OUTLINE = 'Why averages hide the queue.\nThree charts every team can read.';
const QUESTIONS = ['Which chart would your team trust?', 'What would you stop measuring?'];
const PROMPT = 'Which number did you look at first this week?';
const GUEST = 'Grace Hopper';

/** The CoP Session macro of the home page, as a person sees it. */
const cs = (p: Person) => macro(p.page, 'cop-session');

e2eDescribe('e2e: a deep dive with a guest speaker, breakouts and a second session', () => {
  let app: AppProcess;
  let browser: Browser;
  let people: Person[] = [];
  const call = <T>(who: DemoUser, name: string, payload: Record<string, unknown> = {}) =>
    invoke<T>(app.url, who, 'topic-backlog-macro', name, payload);

  beforeAll(async () => {
    ensureBuilt();
    [app, browser] = await Promise.all([startApp('deep-dive'), launchBrowser()]);
  });
  afterAll(async () => {
    await closeAll(people);
    await browser?.close();
    await app?.dispose();
  });

  it('given a prepared backlog topic, when eight people run the deep dive and a second session follows, then the notes page, the backlog and the rotation hold all of it', async () => {
    // The community, through the resolvers: Alice then Bob facilitate in turn; Chloé proposes the
    // topic and volunteers to lead it; Dev's topic is planned for later.
    await call(SAM, 'settings/update', { facilitators: [ALICE.accountId, BOB.accountId] });
    await call(CHLOE, 'backlog/add', { title: TOPIC });
    await call(DEV, 'backlog/add', { title: NEXT_TOPIC });
    const listed = await call<BacklogView>(SAM, 'backlog/list', {});
    const topicId = listed.topics.find((t) => t.title === TOPIC)?.id ?? '';
    const nextId = listed.topics.find((t) => t.title === NEXT_TOPIC)?.id ?? '';
    await call(DEV, 'backlog/volunteer', { topicId: nextId });
    await call(ALICE, 'backlog/plan', { topicId: nextId, date: '2026-12-16' });
    await call(CHLOE, 'backlog/volunteer', { topicId });
    // Before the day: the volunteer writes the outline and the breakout questions on the topic.
    await call(CHLOE, 'backlog/prepareTopic', { topicId, outline: OUTLINE, questions: QUESTIONS });
    // "Start a session" on her topic (not the planned one): the next deep dive's topic.
    const started = await call<StartSessionAnswer>(ALICE, 'notes/startSession', { topicId });
    expect(started.title).toBe(TOPIC);

    // Seven people open the home page, each on their own screen; Eve reads in dark mode.
    people = await Promise.all([
      ...[ALICE, BOB, CHLOE, DEV, SAM, OLGA].map((u) => openAs(browser, u, `${app.url}${HOME}`)),
      openAs(browser, EVE, `${app.url}${HOME}`, 'dark'),
    ]);
    const [alice, bob, chloe, dev, sam, olga, eve] = people as [
      Person,
      Person,
      Person,
      Person,
      Person,
      Person,
      Person,
    ];

    // Set-up: the chosen topic with its prepared outline; a guest speaker; the check-in question;
    // three groups.
    await click(cs(alice), 'Set up a deep dive');
    await see(cs(alice).getByTestId('phase'), 'Setting up');
    await cs(alice).getByRole('heading', { name: TOPIC }).waitFor({ timeout: WAIT_MS });
    await see(cs(alice).getByTestId('outline'), 'Why averages hide the queue.');
    await cs(alice).getByLabel('A guest speaker').check({ timeout: WAIT_MS });
    await cs(alice).getByLabel("Guest speaker's name").fill(GUEST);
    await click(cs(alice), 'Save the lead');
    await see(cs(alice), `guest speaker ${GUEST}`);
    await cs(alice).getByLabel('Check-in question').selectOption({ label: 'Type my own…' });
    await cs(alice).getByLabel('Your question').fill(PROMPT);
    await click(cs(alice), 'Use this question');
    await cs(alice).getByRole('spinbutton', { name: 'Groups' }).fill('3');
    await click(cs(alice), 'Save the groups');

    // Join with one click, everyone from their own screen.
    await Promise.all(people.map((p) => click(cs(p), 'Join the session')));
    await Promise.all(people.map((p) => see(cs(p), 'Here (7)')));

    // Check-in: a shared timer and the question on every screen; six answer, one passes.
    await click(cs(alice), 'Start the session');
    await Promise.all(people.map((p) => see(cs(p).getByTestId('phase'), 'Check-in')));
    await Promise.all(people.map((p) => see(cs(p).getByTestId('prompt'), PROMPT)));
    const answers: [Person, string][] = [
      [alice, 'Lead time for the whole board'],
      [bob, 'Blocked days, sadly'],
      [chloe, 'Throughput per week'],
      [dev, 'Work item age'],
      [sam, 'The release burn-up'],
      [eve, 'Cycle time of my pull requests'],
    ];
    await Promise.all(
      answers.map(async ([p, text]) => {
        await cs(p).getByLabel('Your answer (one line)').fill(text, { timeout: WAIT_MS });
        await click(cs(p), 'Check in');
      }),
    );
    await click(cs(olga), 'Pass');
    for (const [, text] of answers) await see(cs(bob).getByTestId('checkin-answers'), text);
    await see(cs(bob).getByTestId('checkin-answers'), 'passed');
    await cs(bob).getByTestId('step-timer').waitFor({ timeout: WAIT_MS });
    await screenshot(bob.page, 'deep-dive-check-in', 'cop-session');

    // The lead's introduction: the guest's outline and questions, as the volunteer prepared them.
    await click(cs(alice), "Next: The lead's introduction");
    await Promise.all(people.map((p) => see(cs(p).getByTestId('outline'), 'Three charts')));
    await see(cs(dev).getByTestId('questions'), QUESTIONS[0] ?? '');

    // Breakouts: three groups (3, 2, 2); each person writes a note in their own group.
    await click(cs(alice), 'Next: Breakouts');
    await Promise.all(people.map((p) => see(cs(p).getByTestId('phase'), 'Breakouts')));
    for (const n of [1, 2, 3]) await cs(alice).getByTestId(`group-${n}`).waitFor();
    await expect(cs(alice).getByTestId('group-4').count()).resolves.toBe(0);
    const notes = new Map<string, string>();
    await Promise.all(
      people.map(async (p) => {
        const mine = cs(p).locator('.group.mine');
        await mine.waitFor({ timeout: WAIT_MS });
        const text = `${p.user.name.split(' ')[0] ?? ''}'s group note: make the queue visible`;
        notes.set(p.user.accountId, text);
        await mine.getByLabel('Add a note for your group').fill(text);
        await mine.getByRole('button', { name: 'Add note' }).click({ timeout: WAIT_MS });
        await see(mine, text);
      }),
    );
    // Each member's screen shows their mates' notes (sealed for the group, opened on the screen);
    // one that shows only its own group (not a facilitator's, a curator's or an admin's) shows
    // no other group's.
    await Promise.all(
      people.map(async (p) => {
        const mine = cs(p).locator('.group.mine');
        const members = (await mine.locator('p.subtle').first().textContent()) ?? '';
        const onlyMine = (await cs(p).locator('section.group').count()) === 1;
        for (const q of people) {
          const text = notes.get(q.user.accountId) ?? '';
          if (q === p) continue;
          if (members.includes(q.user.name)) await see(mine, text);
          else if (onlyMine) expect(await cs(p).getByText(text).count()).toBe(0);
        }
      }),
    );
    // Every group has notes; the facilitator's screen shows every group's.
    for (const n of [1, 2, 3]) {
      await cs(alice).getByTestId(`notes-${n}`).locator('li').first().waitFor({ timeout: WAIT_MS });
    }
    await screenshot(bob.page, 'deep-dive-breakouts', 'cop-session');
    await screenshot(eve.page, 'deep-dive-breakouts-dark', 'cop-session');

    // Readout, plenary, takeaways: takeaways and two action items owned by other people.
    await click(cs(alice), 'Next: Breakout readout');
    for (const text of notes.values()) await see(cs(olga), text);
    await click(cs(alice), 'Next: Plenary conversation');
    await click(cs(alice), 'Next: Takeaways');
    await Promise.all(people.map((p) => see(cs(p).getByTestId('phase'), 'Takeaways')));
    await cs(bob).getByLabel('Add a takeaway').fill('Age beats averages');
    await click(cs(bob), 'Add takeaway');
    await cs(eve).getByLabel('Add a takeaway').fill('One chart per team review');
    await click(cs(eve), 'Add takeaway');
    await cs(alice).getByLabel('Add an action item').fill('Chart work item age weekly');
    await cs(alice).getByLabel('Owner').selectOption({ label: DEV.name });
    await click(cs(alice), 'Add action item');
    await see(cs(alice).getByTestId('action-items'), 'Chart work item age weekly');
    await cs(chloe).getByLabel('Add an action item').fill('Share the three charts');
    await cs(chloe).getByLabel('Owner').selectOption({ label: EVE.name });
    await click(cs(chloe), 'Add action item');
    await see(cs(dev).getByTestId('action-items'), 'Share the three charts');
    await see(cs(dev).getByTestId('takeaways'), 'One chart per team review');

    // The end: the notes page's link on every screen.
    await click(cs(alice), 'End the session');
    await click(cs(alice), 'Yes, end and write the notes');
    const links = people.map((p) => cs(p).getByTestId('notes-link').locator('a'));
    await Promise.all(links.map((l) => l.waitFor({ timeout: WAIT_MS })));
    const notesUrl = (await links[0]?.getAttribute('href')) ?? '';
    expect(notesUrl).toMatch(/\/wiki\/spaces\/COP\/pages\/\d+/);
    for (const l of links) expect(await l.getAttribute('href')).toBe(notesUrl);

    // Finn did not attend: the notes page tells him everything.
    const finn = await openAs(browser, FINN, notesUrl);
    people.push(finn);
    const body = finn.page.getByTestId('page-body');
    await body.waitFor({ timeout: WAIT_MS });
    const page = await body.innerText();
    for (const text of [
      ALICE.name,
      GUEST,
      ...[BOB, CHLOE, DEV, SAM, OLGA, EVE].map((u) => u.name),
      PROMPT,
      'Why averages hide the queue.',
      ...QUESTIONS,
      ...notes.values(),
      'Age beats averages',
      'One chart per team review',
      'Chart work item age weekly',
      'Share the three charts',
      NEXT_TOPIC,
    ]) {
      expect(page).toContain(text);
    }
    expect(page).toMatch(/Chart work item age weekly\s*@?Dev Agile Coach/);
    expect(page).toMatch(/Share the three charts\s*@?Eve Developer/);
    expect(page).toMatch(/Group 1[\s\S]*Group 2[\s\S]*Group 3/);
    await screenshotOf(body, 'deep-dive-notes');

    // The backlog topic is discussed and links the notes page; the rotation has moved on to Bob.
    const after = await call<BacklogView>(SAM, 'backlog/list', {});
    const done = after.topics.find((t) => t.id === topicId);
    expect(done?.status).toBe('discussed');
    expect(notesUrl).toContain(done?.notesPage?.pageId ?? 'no notes link');
    const settings = await call<SettingsView>(SAM, 'settings/get');
    expect(settings.nextFacilitator).toBe(BOB.accountId);

    // A second session in the same macro: Bob sets it up (the planned topic, led by Dev) and runs
    // it; the first is listed with its notes page.
    await click(cs(bob), 'Set up the next session here');
    await Promise.all(people.slice(0, 7).map((p) => see(cs(p), 'Session 2')));
    await see(cs(bob).getByTestId('phase'), 'Setting up');
    await cs(bob).getByRole('heading', { name: NEXT_TOPIC }).waitFor({ timeout: WAIT_MS });
    await see(cs(bob).getByTestId('past-sessions'), TOPIC);
    expect(
      await cs(bob).getByTestId('past-sessions').locator('a').first().getAttribute('href'),
    ).toBe(notesUrl);
    await click(cs(bob), 'Join the session');
    await click(cs(dev), 'Join the session');
    await see(cs(bob), 'Here (2)');
    await click(cs(bob), 'Start the session');
    await see(cs(dev).getByTestId('phase'), 'Check-in');
    await click(cs(bob), 'End the session');
    await click(cs(bob), 'Yes, end and write the notes');
    const second = cs(dev).getByTestId('notes-link').locator('a');
    await second.waitFor({ timeout: WAIT_MS });
    const secondUrl = (await second.getAttribute('href')) ?? '';
    expect(secondUrl).not.toBe(notesUrl);
    expect(await second.innerText()).toContain(NEXT_TOPIC);
    expect(dialogsOf(people)).toEqual([]);
  });
});
