/**
 * The facilitator rotation in the community settings, through the real `settings/*` resolvers: a
 * member volunteers and leaves from the space page; the space admin moves and removes people and
 * makes someone a curator; a read-only visitor cannot join (Confluence does not let him create pages).
 */
import './support/setup';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { startUiHost, USERS, type UiHost } from './support/host';
import { renderApp } from './support/render';

jest.setTimeout(60_000);

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

const openSettings = async (user: ReturnType<typeof userEvent.setup>): Promise<HTMLElement> => {
  // The first load asks Confluence for the space once (then records it): room for a busy machine.
  const settings = await screen.findByTestId('settings', {}, { timeout: 10_000 });
  await user.click(within(settings).getByText('Community settings'));
  return within(settings).getByTestId('rotation');
};

const names = (rotation: HTMLElement): string[] =>
  within(rotation)
    .queryAllByRole('listitem')
    .map((li) => li.firstChild?.textContent ?? '');

describe('Facilitator rotation', () => {
  it('given an empty rotation, when a member volunteers with the keyboard and then leaves, then the rotation shows them and then nobody', async () => {
    const user = userEvent.setup();
    page(USERS.bob);
    await renderApp();
    const rotation = await openSettings(user);
    expect(rotation).toHaveTextContent('Nobody in the rotation yet.');
    expect(within(rotation).queryByRole('button', { name: /Remove/ })).not.toBeInTheDocument();

    within(rotation).getByRole('button', { name: 'I’ll take a turn facilitating' }).focus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(names(rotation)).toEqual(['Bob Scrum Master (next)']));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();

    await user.click(within(rotation).getByRole('button', { name: 'Leave the rotation' }));
    await waitFor(() => expect(rotation).toHaveTextContent('Nobody in the rotation yet.'));
    expect(
      within(rotation).getByRole('button', { name: 'I’ll take a turn facilitating' }),
    ).toBeInTheDocument();
  });

  it('given three volunteers, when the space admin moves one up and removes one, then the list shows it', async () => {
    for (const who of [USERS.alice, USERS.bob, USERS.chloe]) {
      const answer = await host.as(who).invoke('settings/joinRotation', {});
      expect(answer.ok).toBe(true);
    }
    const user = userEvent.setup();
    page(USERS.sam);
    await renderApp();
    const rotation = await openSettings(user);
    await waitFor(() => expect(names(rotation)).toHaveLength(3));
    const [first, second] = names(rotation);
    const secondName = (second ?? '').replace(' (next)', '');
    await user.click(within(rotation).getByRole('button', { name: `Move ${secondName} up` }));
    await waitFor(() => expect(names(rotation)[0]?.replace(' (next)', '')).toBe(secondName));
    await user.click(
      within(rotation).getByRole('button', { name: `Remove ${secondName} from the rotation` }),
    );
    await waitFor(() => expect(names(rotation)).toHaveLength(2));
    expect(names(rotation).map((n) => n.replace(' (next)', ''))).not.toContain(secondName);
    expect(names(rotation).join()).toContain((first ?? '').replace(' (next)', ''));
  });

  it('given a read-only visitor, when he opens the settings, then joining is disabled and says why', async () => {
    const user = userEvent.setup();
    page(USERS.finn);
    await renderApp();
    const rotation = await openSettings(user);
    expect(
      within(rotation).getByRole('button', { name: 'I’ll take a turn facilitating' }),
    ).toBeDisabled();
    expect(rotation).toHaveTextContent('Joining needs permission to create pages in this space.');
    expect(screen.getByText('Only curators and space admins can change these')).toBeInTheDocument();
  });

  it('given someone in the rotation, when the space admin makes them a curator, then the curators list shows them', async () => {
    const user = userEvent.setup();
    expect((await host.as(USERS.dev).invoke('settings/joinRotation', {})).ok).toBe(true);
    page(USERS.sam);
    await renderApp();
    await openSettings(user);
    const curators = screen.getByTestId('curators');
    await user.click(
      within(curators).getByRole('button', { name: 'Make Dev Agile Coach a curator' }),
    );
    await waitFor(() =>
      expect(
        within(curators).getByRole('button', { name: 'Remove Dev Agile Coach as curator' }),
      ).toBeInTheDocument(),
    );
  });
});
