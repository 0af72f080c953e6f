/**
 * The backlog's first moments and its phone layout, through the real `settings/*`, `rhythm/*`
 * and `backlog/*` resolvers (issues 15 pt 1–3, 14): the first-run set-up for the space admin and
 * the "ask" note for everyone else; disabled settings that look and say so; the next session
 * banner's answers; the card menu by keyboard; planning that appears when a role is granted
 * elsewhere, without a reload; a discussed topic's notes link in the macro.
 */
import './support/setup';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { BacklogView } from '../../src/contract/backlog';
import type { RhythmView } from '../../src/contract/rhythm';
import type { SettingsView } from '../../src/contract/settings';
import { startUiHost, USERS, type UiHost } from './support/host';
import { renderApp } from './support/render';

jest.setTimeout(180_000);

let host: UiHost;
beforeAll(async () => {
  host = await startUiHost();
});
afterAll(async () => {
  await host.close();
});
afterEach(() => cleanup());

const page = (accountId: string): void =>
  host.useFrame({ accountId, moduleKey: 'topic-backlog-page', localId: 'space-page-backlog' });

async function ok<T>(
  p: Promise<{ ok: true; data: T } | { ok: false; error: { message: string } }>,
): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(r.error.message);
  return r.data;
}

const cardOf = (title: string): HTMLElement =>
  screen.getByText(title, { selector: 'strong' }).closest('li.topic-card') as HTMLElement;

describe('Backlog first run, banner and cards', () => {
  it('given a community nobody set up, when a member opens the backlog, then they read whom to ask, and the settings look disabled and say why', async () => {
    const user = userEvent.setup();
    page(USERS.bob);
    await renderApp();
    const note = await screen.findByTestId('first-run');
    expect(note).toHaveTextContent('The community is not set up yet: ask a space admin');
    expect(within(note).queryByRole('textbox')).not.toBeInTheDocument();

    const settings = await screen.findByTestId('settings');
    const toggle = within(settings).getByRole('button', { name: /Community settings/ });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await user.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    expect(within(settings).getByText('Only curators and space admins can change these'));
    for (const label of ['Community name', 'Sessions a month', 'Weekday', 'Time zone']) {
      expect(within(settings).getByLabelText(label)).toBeDisabled();
    }
    expect(within(settings).getByRole('button', { name: 'Find the page' })).toBeDisabled();
    expect(within(settings).queryByRole('button', { name: 'Save settings' })).toBeNull();
  });

  it('given a community nobody set up, when the space admin names it, keeps the suggested calendar in the browser’s zone and finds the notes parent by title, then it is set up and the banner shows its calendar', async () => {
    const user = userEvent.setup();
    page(USERS.sam);
    await renderApp();
    const form = await screen.findByRole('form', { name: 'Set up your community' });
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    expect(within(form).getByLabelText('Time zone')).toHaveValue(zone);
    expect(within(form).getByLabelText('Sessions a month')).toHaveValue('2');
    expect(within(form).getByRole('button', { name: 'Set up the community' })).toBeDisabled();

    await user.type(within(form).getByLabelText('Community name'), 'Agile Coaches CoP');
    await user.selectOptions(within(form).getByLabelText('Weekday'), 'Thursday');
    await user.clear(within(form).getByLabelText('Time'));
    await user.type(within(form).getByLabelText('Time'), '15:30');

    // The parent page by title: a title that is not there says so; the home page is found.
    const search = within(form).getByLabelText('Find a page of this space by its title');
    await user.type(search, 'Nothing like this');
    await user.click(within(form).getByRole('button', { name: 'Find the page' }));
    expect(await within(form).findByText(/No page titled “Nothing like this”/)).toBeVisible();
    await user.clear(search);
    await user.type(search, 'Scrum Master CoP Home');
    await user.click(within(form).getByRole('button', { name: 'Find the page' }));
    await user.click(
      await within(form).findByRole('button', {
        name: 'Put the notes under “Scrum Master CoP Home”',
      }),
    );
    expect(within(form).getByTestId('notes-parent')).toHaveTextContent(
      'Notes pages go under“Scrum Master CoP Home”',
    );
    await user.click(within(form).getByRole('button', { name: 'Set up the community' }));

    await waitFor(() => expect(screen.queryByTestId('first-run')).not.toBeInTheDocument());
    expect(screen.getByTestId('settings-summary')).toHaveTextContent('— Agile Coaches CoP');
    const saved = await ok(host.as(USERS.bob).invoke<SettingsView>('settings/get', {}));
    expect(saved.configured).toBe(true);
    expect(saved.settings).toMatchObject({
      copName: 'Agile Coaches CoP',
      notesParentPageId: '98305',
      cadence: { sessionsPerMonth: 2, weekday: 4, startTime: '15:30', timeZone: zone },
    });
    // The banner now shows the next session of that calendar.
    expect(await screen.findByTestId('next-session')).toHaveTextContent('Next session:');
  });

  it('given a set-up community, when a member answers coming and then not this time with a reason and a note, then the banner shows each answer and the server holds the last', async () => {
    const user = userEvent.setup();
    page(USERS.chloe);
    await renderApp();
    const banner = await screen.findByTestId('next-session');
    expect(within(banner).getByTestId('my-answer')).toHaveTextContent('You have not answered yet.');
    expect(banner).toHaveTextContent(/Facilitated by|Nobody is in the facilitator rotation/);

    await user.click(within(banner).getByRole('button', { name: 'I’m coming' }));
    await waitFor(() =>
      expect(within(banner).getByTestId('my-answer')).toHaveTextContent('You answered: coming.'),
    );

    const decline = within(banner).getByRole('button', { name: 'Not this time…' });
    await user.click(decline);
    expect(decline).toHaveAttribute('aria-expanded', 'true');
    await user.selectOptions(
      within(banner).getByLabelText('Reason (optional)'),
      'too-much-on-my-plate',
    );
    await user.type(within(banner).getByLabelText('Anything to add (optional)'), 'Release week');
    await user.click(within(banner).getByRole('button', { name: 'Send: not this time' }));
    await waitFor(() =>
      expect(within(banner).getByTestId('my-answer')).toHaveTextContent(
        'You answered: not this time (Too much on my plate: Release week).',
      ),
    );
    const view = await ok(host.as(USERS.chloe).invoke<RhythmView>('rhythm/view', {}));
    const next = view.sessions[0]?.date ?? '';
    expect(view.myAnswers[next]).toMatchObject({
      response: 'not-this-time',
      reason: 'too-much-on-my-plate',
      note: 'Release week',
    });
  });

  it('given a topic, when a member uses the card’s menu with the keyboard, then it opens, says so, and Escape closes it back onto its button', async () => {
    await ok(host.as(USERS.sam).invoke('backlog/add', { title: 'Keyboard topic' }));
    const user = userEvent.setup();
    page(USERS.eve);
    await renderApp();
    await screen.findByText('Keyboard topic', { selector: 'strong' });
    const card = cardOf('Keyboard topic');
    // A member's primary action is to lead it; nothing of the rotation's is offered.
    expect(within(card).getByRole('button', { name: 'I’ll lead this' })).toBeInTheDocument();
    expect(within(card).queryByRole('button', { name: 'Plan' })).not.toBeInTheDocument();
    // Sam (an admin) sees the full menu: open it with Enter, close it with Escape.
    cleanup();
    page(USERS.sam);
    await renderApp();
    await screen.findByText('Keyboard topic', { selector: 'strong' });
    const adminCard = cardOf('Keyboard topic');
    const menu = within(adminCard).getByRole('button', {
      name: 'More actions for “Keyboard topic”',
    });
    menu.focus();
    await user.keyboard('{Enter}');
    expect(menu).toHaveAttribute('aria-expanded', 'true');
    const items = within(adminCard).getByRole('list');
    // The focus moves into the menu, onto its first item.
    expect(within(items).getByRole('button', { name: 'I’ll lead this' })).toHaveFocus();
    expect(within(items).getByRole('button', { name: 'Mark discussed' })).toBeInTheDocument();
    expect(within(items).getByRole('button', { name: 'Archive…' })).toBeInTheDocument();
    await user.keyboard('{Escape}');
    expect(menu).toHaveAttribute('aria-expanded', 'false');
    expect(menu).toHaveFocus();
    expect(items).not.toBeVisible();
  });

  it('given a topic a member leads, when they open its menu, then they can prepare the session (an outline and breakout questions) and others cannot', async () => {
    await ok(host.as(USERS.sam).invoke('backlog/add', { title: 'Led by Finn?' }));
    const list = await ok(host.as(USERS.sam).invoke<BacklogView>('backlog/list', {}));
    const id = list.topics.find((t) => t.title === 'Led by Finn?')?.id ?? '';
    await ok(host.as(USERS.alice).invoke('backlog/volunteer', { topicId: id }));
    const user = userEvent.setup();
    page(USERS.alice);
    await renderApp();
    await screen.findByText('Led by Finn?', { selector: 'strong' });
    await user.click(
      within(cardOf('Led by Finn?')).getByRole('button', {
        name: 'More actions for “Led by Finn?”',
      }),
    );
    await user.click(
      within(cardOf('Led by Finn?')).getByRole('button', { name: 'Prepare the session…' }),
    );
    const form = within(cardOf('Led by Finn?')).getByRole('form', {
      name: 'Prepare “Led by Finn?”',
    });
    await user.type(
      within(form).getByLabelText('Breakout questions, one a line (up to 8)'),
      'Why?',
    );
    expect(form).toHaveTextContent('1 of 8 questions');
    expect(within(form).getByLabelText('Outline of the session')).toBeInTheDocument();
    await user.click(within(form).getByRole('button', { name: 'Close' }));
    expect(within(cardOf('Led by Finn?')).queryByRole('form')).not.toBeInTheDocument();
    cleanup();

    page(USERS.eve);
    await renderApp();
    await screen.findByText('Led by Finn?', { selector: 'strong' });
    // Eve neither leads it nor curates: her card has no menu at all (nothing in it for her).
    expect(
      within(cardOf('Led by Finn?')).queryByRole('button', { name: /More actions/ }),
    ).not.toBeInTheDocument();
  });

  it('given a member without the right to plan, when they join the rotation in another tab and come back, then Plan appears without a reload', async () => {
    await ok(host.as(USERS.sam).invoke('backlog/add', { title: 'Plan me later' }));
    page(USERS.dev);
    await renderApp();
    await screen.findByText('Plan me later', { selector: 'strong' });
    expect(screen.getByTestId('why-no-plan')).toBeInTheDocument();
    expect(
      within(cardOf('Plan me later')).queryByRole('button', { name: 'Plan' }),
    ).not.toBeInTheDocument();

    await ok(host.as(USERS.dev).invoke('settings/joinRotation', {}));
    fireEvent.focus(window);
    await waitFor(() =>
      expect(within(cardOf('Plan me later')).getByRole('button', { name: 'Plan' })).toBeVisible(),
    );
    expect(screen.queryByTestId('why-no-plan')).not.toBeInTheDocument();
  });

  it('given a discussed topic with a notes page, when the macro shows it, then anyone can follow the notes link', async () => {
    await ok(host.as(USERS.sam).invoke('backlog/add', { title: 'Discussed with notes' }));
    const list = await ok(host.as(USERS.sam).invoke<BacklogView>('backlog/list', {}));
    const id = list.topics.find((t) => t.title === 'Discussed with notes')?.id ?? '';
    // Up to the top of the backlog, so the macro's top five hold it.
    await ok(host.as(USERS.sam).invoke('backlog/move', { topicId: id, afterId: null }));
    await ok(host.as(USERS.sam).invoke('backlog/plan', { topicId: id, date: '2031-03-06' }));
    // A deep dive on the topic links its notes page when it ends (services/cop-session.ts).
    const deepDive = host.as(USERS.sam, { moduleKey: 'cop-session', localId: 'dd-notes-link' });
    const step = async (name: string, payload: Record<string, unknown> = {}): Promise<void> => {
      const seen = await ok(deepDive.invoke<{ version: number }>('copSession/state', {}));
      await ok(deepDive.invoke(name, { version: seen.version, ...payload }));
    };
    await ok(deepDive.invoke('copSession/create', {}));
    await step('copSession/setTopic', {
      topic: { backlogTopicId: id, title: 'Discussed with notes' },
    });
    await ok(deepDive.invoke('copSession/join', {}));
    await step('copSession/start');
    await step('copSession/end');
    const after = await ok(host.as(USERS.sam).invoke<BacklogView>('backlog/list', {}));
    const topic = after.topics.find((t) => t.id === id);
    expect(topic?.status).toBe('discussed');
    if (topic?.notesPage === undefined) throw new Error('the deep dive linked no notes page');
    const user = userEvent.setup();
    host.useFrame({
      accountId: USERS.chloe,
      moduleKey: 'topic-backlog-macro',
      localId: 'home-backlog',
    });
    await renderApp();
    const top = await screen.findByTestId('top-topics');
    await waitFor(() => expect(top).toHaveTextContent('Discussed with notes'));
    const link = within(top).getByRole('link', { name: 'Notes of “Discussed with notes”' });
    expect(link).toHaveAttribute('href', topic.notesPage.url);
    await user.click(link);
    expect(host.navigations).toContainEqual(expect.objectContaining({ url: topic.notesPage.url }));
  });
});
