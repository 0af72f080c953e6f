/**
 * The space page "Sessions and measures" through the real `rhythm/*` resolvers in the local host:
 * the next sessions with their facilitators, a swap asked by one and accepted by the other, the
 * invitation list (a member on and off; a curator adds someone the community knows and writes the
 * invitation page), who answered (curators only), the `.ics` link, the measures as figures with
 * tables, and the viewer's own history.
 */
import './support/setup';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ApiResult } from '../../src/contract/result';
import type { RhythmView } from '../../src/contract/rhythm';
import { startUiHost, USERS, type UiHost } from './support/host';
import { renderApp } from './support/render';

jest.setTimeout(90_000);

let host: UiHost;
let dates: string[] = [];

function data<T>(result: ApiResult<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.data;
}

const FRAME = { moduleKey: 'community-sessions-page', localId: 'space-page-sessions' };
const as = (who: string) => host.as(who, FRAME);

beforeAll(async () => {
  host = await startUiHost();
  data(
    await as(USERS.sam).invoke('settings/update', {
      copName: 'Rhythm CoP',
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
  for (const who of [USERS.bob, USERS.chloe, USERS.dev]) {
    data(await as(who).invoke('rhythm/invitation', { type: 'optIn' }));
  }
  dates = data(await as(USERS.bob).invoke<RhythmView>('rhythm/view')).sessions.map((s) => s.date);
  const next = dates[0] ?? '';
  data(await as(USERS.chloe).invoke('rhythm/answer', { sessionDate: next, response: 'coming' }));
  data(
    await as(USERS.dev).invoke('rhythm/answer', {
      sessionDate: next,
      response: 'not-this-time',
      reason: 'another-meeting',
      note: 'Quarterly <planning>',
    }),
  );
}, 180_000);
afterAll(async () => {
  await host.close();
});
afterEach(() => cleanup());

const open = async (who: string): Promise<HTMLElement> => {
  host.useFrame({ accountId: who, ...FRAME });
  await renderApp();
  return screen.findByTestId('next-sessions', {}, { timeout: 30_000 });
};

const item = (list: HTMLElement, date: string): HTMLElement => {
  const li = list.querySelector<HTMLElement>(`[data-date="${date}"]`);
  if (li === null) throw new Error(`no session ${date}`);
  return li;
};

describe('Sessions and measures', () => {
  it('given the calendar, when a member opens the page, then six sessions with their facilitators in turn, and no curator view', async () => {
    const list = await open(USERS.chloe);
    expect(within(list).getAllByRole('listitem')).toHaveLength(6);
    expect(item(list, dates[0] ?? '')).toHaveTextContent('Facilitator: Alice Facilitator');
    expect(item(list, dates[1] ?? '')).toHaveTextContent('Facilitator: Bob Scrum Master');
    expect(screen.queryByTestId('who-answered')).not.toBeInTheDocument();
    expect(screen.queryByTestId('invitees')).not.toBeInTheDocument();
    // A member has no swap controls for a turn that is not theirs.
    expect(screen.queryByRole('button', { name: 'Ask to swap' })).not.toBeInTheDocument();
  });

  it('given alice facilitates the first date, when she asks bob to swap and bob accepts on his screen, then the list shows them swapped', async () => {
    const user = userEvent.setup();
    const [d0, d1] = dates as [string, string];
    let list = await open(USERS.alice);
    const first = item(list, d0);
    await user.selectOptions(within(first).getByLabelText('Swap my turn with'), d1);
    await user.click(within(first).getByRole('button', { name: 'Ask to swap' }));
    await waitFor(() =>
      expect(item(list, d0)).toHaveTextContent(
        `Alice Facilitator asks Bob Scrum Master to swap ${d0} with ${d1}.`,
      ),
    );
    cleanup();

    list = await open(USERS.bob);
    await user.click(within(item(list, d0)).getByRole('button', { name: 'Accept the swap' }));
    await waitFor(() => expect(item(list, d0)).toHaveTextContent('Facilitator: Bob Scrum Master'));
    expect(item(list, d1)).toHaveTextContent('Facilitator: Alice Facilitator');
    expect(item(list, d0)).toHaveTextContent('Swapped:');
    await user.click(within(item(list, d0)).getByRole('button', { name: 'Undo the swap' }));
    await waitFor(() => expect(item(list, d0)).toHaveTextContent('Facilitator: Alice Facilitator'));
  });

  it('given a member on the list, when they take themselves off and back on, then the page says so', async () => {
    const user = userEvent.setup();
    await open(USERS.dev);
    const invitations = screen.getByTestId('invitations');
    await user.click(within(invitations).getByRole('button', { name: 'Take me off the list' }));
    await within(invitations).findByRole('button', { name: 'Invite me to the sessions' });
    expect(invitations).toHaveTextContent('You are not on the invitation list.');
    await user.click(
      within(invitations).getByRole('button', { name: 'Invite me to the sessions' }),
    );
    await within(invitations).findByRole('button', { name: 'Take me off the list' });
  });

  it('given a member, when they ask for the series calendar file, then a download link to a text/calendar file', async () => {
    const user = userEvent.setup();
    await open(USERS.chloe);
    await user.click(screen.getByTestId('ics-series'));
    const link = await screen.findByTestId('ics-series-download');
    expect(link).toHaveAttribute('download', expect.stringMatching(/-series\.ics$/));
    const href = link.getAttribute('href') ?? '';
    expect(href.startsWith('data:text/calendar;charset=utf-8,')).toBe(true);
    const text = decodeURIComponent(href.slice(href.indexOf(',') + 1));
    expect(text).toContain('BEGIN:VCALENDAR');
    expect(text.match(/BEGIN:VEVENT/g)?.length ?? 0).toBeGreaterThan(1);
  });

  it('given the space admin, when he opens the page, then who answered (with the reason), adds a known person, and writes the invitation page', async () => {
    const user = userEvent.setup();
    await open(USERS.sam);
    const answered = await screen.findByTestId('who-answered');
    expect(answered).toHaveTextContent('Coming (1)Chloé Product Owner');
    expect(answered).toHaveTextContent('Not this time (1)Dev Agile Coach — Another meeting');
    expect(answered).toHaveTextContent('Not answered yet (1)Bob Scrum Master');

    const invitations = screen.getByTestId('invitations');
    // Alice is in the rotation, not on the list: the community knows her.
    await user.selectOptions(
      within(invitations).getByLabelText('Add someone the community knows'),
      USERS.alice,
    );
    await user.click(within(invitations).getByRole('button', { name: 'Add to the list' }));
    await waitFor(() =>
      expect(within(invitations).getByTestId('invitees')).toHaveTextContent('Alice Facilitator'),
    );
    await user.click(
      within(invitations).getByRole('button', {
        name: 'Write the invitation page of the next session',
      }),
    );
    const status = await within(invitations).findByRole('status');
    expect(status).toHaveTextContent('Invitation page created: open it (4 people mentioned)');
  });

  it('given the page, when the measures load, then each measure is a figure with a caption and a table of its numbers, and my history is there', async () => {
    await open(USERS.bob);
    const measures = await screen.findByTestId('measures', {}, { timeout: 30_000 });
    const figures = within(measures).getAllByRole('figure');
    expect(figures.length).toBeGreaterThanOrEqual(8);
    for (const figure of figures) {
      expect(figure).toHaveAccessibleName();
      const tables = within(figure).queryAllByRole('table');
      const empty = within(figure).queryByText('Nothing to show yet.');
      expect(tables.length === 1 || empty !== null).toBe(true);
    }
    expect(screen.getByTestId('my-history')).toHaveTextContent(
      'No session of yours is recorded yet.',
    );
  });
});
