/**
 * The backlog views follow changes made elsewhere in the space through the real `@forge/bridge`
 * subscription: the backend publishes backlog notices with `contextOverrides: [Confluence.Space]`,
 * and Forge delivers them only to subscriptions with exactly the same overrides ("The properties
 * in contextOverrides must match exactly in the subscribe() and publish() calls"). The host holds
 * to that rule, so a view subscribing without the override never hears a notice — and since its
 * subscribe succeeded, it never polls either. Each test also proves polling did not deliver it.
 */
import './support/setup';
import { cleanup, screen, waitFor } from '@testing-library/react';
import { POLL_MAX_MS, POLL_MS } from '../../static/src/live';
import { SPREAD } from '../../static/src/live-feed';
import { HOME_PAGE_ID, startUiHost, USERS, type UiHost } from './support/host';
import { renderApp } from './support/render';

jest.setTimeout(60_000);

let host: UiHost;
/** Another page of the space: a copy of the home page, since the host answers only for real pages. */
let otherPage: string;
beforeAll(async () => {
  host = await startUiHost();
  otherPage = await host.copyPage(HOME_PAGE_ID, 'COP', USERS.sam);
});
afterAll(async () => {
  await host.close();
});
afterEach(() => {
  cleanup();
  jest.restoreAllMocks();
});

/** A topic added by Sam from a Thirty Five macro on another page (another module, another page). */
async function addFromAGameMacro(title: string): Promise<void> {
  const added = await host
    .as(USERS.sam, { moduleKey: 'thirty-five', localId: 'game-elsewhere', contentId: otherPage })
    .invoke('backlog/add', { title });
  expect(added.ok).toBe(true);
}

/**
 * The view has shown its first answer. `useLive` loads only once its subscription is in place, so
 * from here on no notice can be missed.
 */
async function loaded(): Promise<void> {
  // The view's own heading first (the app shows a generic spinner while its chunk loads), then
  // its data.
  await screen.findByRole('heading', { name: /^Topic backlog/ }, { timeout: 10_000 });
  await waitFor(() => expect(screen.queryByText('Loading the backlog…')).not.toBeInTheDocument(), {
    timeout: 10_000,
  });
}

/**
 * Watches the live feed's timers (static/src/live-feed.ts): whether the view under test ever
 * started its polling fallback, i.e. set a timer in polling's range (POLL_MS … POLL_MAX_MS,
 * ± 20 %). The feed's other timers are shorter (retries, the notice window) or longer (the
 * reconciliation read); timers set by anything else (testing-library's own) are not counted.
 */
function watchPolling(): () => boolean {
  const real = window.setTimeout;
  const delays: number[] = [];
  jest.spyOn(window, 'setTimeout').mockImplementation(((
    fn: TimerHandler,
    ms?: number,
    ...args: unknown[]
  ) => {
    if (new Error().stack?.includes('live-feed') === true) delays.push(Number(ms ?? 0));
    return real(fn, ms, ...args);
  }) as typeof window.setTimeout);
  return () =>
    delays.some((ms) => ms >= POLL_MS * (1 - SPREAD) && ms <= POLL_MAX_MS * (1 + SPREAD));
}

describe('backlog views follow the space live', () => {
  it('given Bob on the backlog space page, when Sam adds a topic from a game macro on another page, then Bob sees it without reloading, through the subscription', async () => {
    const polled = watchPolling();
    host.useFrame({ accountId: USERS.bob, moduleKey: 'topic-backlog-page', localId: 'space-page' });
    await renderApp();
    await loaded();
    await addFromAGameMacro('Heard live on the space page');
    expect(
      await screen.findByText(
        'Heard live on the space page',
        { selector: 'strong' },
        { timeout: 10_000 },
      ),
    ).toBeInTheDocument();
    expect(polled()).toBe(false);
  });

  it('given Chloé looking at the backlog macro on the home page, when Sam adds a topic from a game macro on another page, then the macro shows it without reloading, through the subscription', async () => {
    const polled = watchPolling();
    host.useFrame({
      accountId: USERS.chloe,
      moduleKey: 'topic-backlog-macro',
      localId: 'home-backlog',
    });
    await renderApp();
    await loaded();
    await addFromAGameMacro('Heard live in the macro');
    await waitFor(
      () => expect(screen.getByTestId('top-topics')).toHaveTextContent('Heard live in the macro'),
      { timeout: 10_000 },
    );
    expect(polled()).toBe(false);
  });
});
