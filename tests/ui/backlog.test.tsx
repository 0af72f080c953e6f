/**
 * The backlog space page and macro through the real `backlog/*`, `settings/*` and `notes/*`
 * resolvers: a facilitator (the space admin) curates, a member volunteers, the macro shows the top.
 */
import './support/setup';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { startUiHost, USERS, type UiHost } from './support/host';
import { renderApp } from './support/render';
import type { RhythmView } from '../../src/contract/rhythm';

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

const titlesInTable = (): string[] =>
  [...screen.getByTestId('backlog-cards').querySelectorAll('.topic-card .topic-title')].map(
    (t) => t.textContent ?? '',
  );

/** The card of a topic, by its title. */
const cardOf = (title: string): HTMLElement =>
  screen.getByText(title, { selector: 'strong' }).closest('li.topic-card') as HTMLElement;

/** Opens a card's "More actions" menu and picks an item. */
async function pick(
  user: ReturnType<typeof userEvent.setup>,
  card: HTMLElement,
  item: string,
): Promise<void> {
  await user.click(within(card).getByRole('button', { name: /^More actions for/ }));
  await user.click(within(card).getByRole('button', { name: item }));
}

describe('Backlog views', () => {
  it('given an empty backlog, when the facilitator adds, moves, plans, starts a session, archives, merges and exports, then the table shows each result', async () => {
    const user = userEvent.setup();
    page(USERS.sam);
    await renderApp();
    expect(await screen.findByText('No topics here.')).toBeInTheDocument();

    // Add: an empty title is refused in plain language next to the form.
    await user.click(screen.getByRole('button', { name: 'Add to the backlog' }));
    expect(await screen.findByRole('alert')).toBeInTheDocument();
    for (const title of ['Working agreements', 'Flow metrics', 'Flow metrics for teams']) {
      await user.type(screen.getByLabelText('Title'), title);
      await user.click(screen.getByRole('button', { name: 'Add to the backlog' }));
      await screen.findByText(title, { selector: 'strong' });
    }
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    const before = titlesInTable();
    expect(before).toHaveLength(3);

    // Move the first topic down one place (from its card's menu).
    await pick(user, cardOf(before[0] ?? ''), 'Move down');
    await waitFor(() => expect(titlesInTable()).toEqual([before[1], before[0], before[2]]));

    // Plan "Working agreements": the date offered is the next session with no topic; then start
    // its session: the notes page is linked.
    const row = (): HTMLElement => cardOf('Working agreements');
    const rhythm = await host.as(USERS.sam).invoke<RhythmView>('rhythm/view', {});
    if (!rhythm.ok) throw new Error(rhythm.error.message);
    const free = rhythm.data.sessions.find((x) => x.topics.length === 0)?.date ?? '';
    expect(free).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await user.click(within(row()).getByRole('button', { name: 'Plan' }));
    await waitFor(() => expect(within(row()).getByLabelText('Session date')).toHaveValue(free));
    await user.click(within(row()).getByRole('button', { name: 'Plan for this date' }));
    await waitFor(() => expect(row()).toHaveTextContent('Planned'));
    expect(row()).toHaveTextContent(free);
    await user.click(within(row()).getByRole('button', { name: 'Start a session' }));
    await waitFor(
      () =>
        // It chooses the next CoP Session's topic (no empty notes page any more) and says where
        // the CoP Session macro is, or how to add one.
        expect(within(row()).getByTestId('start-result')).toHaveTextContent(/CoP Session/),
      { timeout: 10_000 },
    );

    // Merge the duplicate, then archive the merged-into topic's sibling.
    const keep = screen.getByLabelText('Keep');
    const from = screen.getByLabelText('Merge into it (archived)');
    await user.selectOptions(keep, within(keep).getByRole('option', { name: 'Flow metrics' }));
    await user.selectOptions(
      from,
      within(from).getByRole('option', { name: 'Flow metrics for teams' }),
    );
    await user.click(screen.getByRole('button', { name: 'Merge' }));
    await user.click(screen.getByRole('button', { name: 'Yes, merge' }));
    await waitFor(() => expect(titlesInTable()).not.toContain('Flow metrics for teams'));

    const flow = cardOf('Flow metrics');
    await pick(user, flow, 'Archive…');
    await user.click(within(flow).getByRole('button', { name: 'Yes, archive' }));
    await waitFor(() => expect(titlesInTable()).toEqual(['Working agreements']));

    // Filter: archived topics come back under "Archived", with who archived them; a curator
    // restores the archived one and could unmerge the merged one.
    await user.selectOptions(screen.getByLabelText('Show'), 'archived');
    await waitFor(() =>
      expect([...titlesInTable()].sort()).toEqual(['Flow metrics', 'Flow metrics for teams']),
    );
    const archivedRow = cardOf;
    expect(archivedRow('Flow metrics')).toHaveTextContent('by Sam Space Admin');
    expect(
      within(archivedRow('Flow metrics for teams')).getByRole('button', { name: 'Unmerge' }),
    ).toBeInTheDocument();
    await user.click(within(archivedRow('Flow metrics')).getByRole('button', { name: 'Restore' }));
    await waitFor(() => expect(titlesInTable()).toEqual(['Flow metrics for teams']));
    await user.selectOptions(screen.getByLabelText('Show'), 'all');
    await waitFor(() => expect(titlesInTable()).toContain('Flow metrics'));
    // The history: who did what, newest first.
    const history = await screen.findByTestId('backlog-history');
    expect(history).toHaveTextContent('Sam Space Admin restored “Flow metrics”');
    expect(history).toHaveTextContent('Sam Space Admin archived “Flow metrics”');
    expect(history).toHaveTextContent(
      'Sam Space Admin merged “Flow metrics for teams” (into “Flow metrics”)',
    );

    // CSV export.
    await user.click(screen.getByRole('button', { name: 'Export CSV' }));
    const link = await screen.findByTestId('csv-link');
    expect(decodeURIComponent(link.getAttribute('href') ?? '')).toContain('Working agreements');

    // Settings: the facilitator renames the community.
    const settings = screen.getByTestId('settings');
    await user.click(within(settings).getByRole('button', { name: /Community settings/ }));
    const name = within(settings).getByLabelText('Community name');
    await user.clear(name);
    await user.type(name, 'Scrum Master CoP');
    await user.click(within(settings).getByRole('button', { name: 'Save settings' }));
    await waitFor(() =>
      expect(within(settings).getByTestId('settings-summary')).toHaveTextContent(
        '— Scrum Master CoP',
      ),
    );
  });

  it('given topics, when a member volunteers, then they lead it, and the read-only macro shows the top topics with a link to the page', async () => {
    const user = userEvent.setup();
    await host.as(USERS.sam, { moduleKey: 'topic-backlog-page' }).invoke('backlog/add', {
      title: 'Volunteer me',
    });
    page(USERS.bob);
    await renderApp();
    const row = (await screen.findByText('Volunteer me', { selector: 'strong' })).closest(
      'li.topic-card',
    ) as HTMLElement;
    expect(within(row).queryByRole('button', { name: /^Archive/ })).not.toBeInTheDocument();
    // A member is told who plans, instead of meeting controls that do nothing for them.
    expect(screen.getByTestId('why-no-plan')).toHaveTextContent('facilitator rotation');
    expect(within(row).queryByRole('button', { name: 'Plan' })).not.toBeInTheDocument();
    expect(screen.queryByText('Merge duplicates')).not.toBeInTheDocument();
    await user.click(within(row).getByRole('button', { name: 'I’ll lead this' }));
    await waitFor(() => expect(row).toHaveTextContent('Bob Scrum Master'));
    expect(within(row).getByRole('button', { name: 'Withdraw as lead' })).toBeInTheDocument();
    cleanup();

    host.useFrame({
      accountId: USERS.chloe,
      moduleKey: 'topic-backlog-macro',
      localId: 'home-backlog',
    });
    await renderApp();
    const top = await screen.findByTestId('top-topics');
    expect(top).toHaveTextContent('Volunteer me');
    expect(top).toHaveTextContent('led by Bob Scrum Master');
    expect(screen.queryByRole('button', { name: /lead/ })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Open the full backlog' }));
    expect(host.navigations).toContainEqual(
      expect.objectContaining({ target: 'module', moduleKey: 'topic-backlog-page' }),
    );
  });
});
