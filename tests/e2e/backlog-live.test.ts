/**
 * Scenario 7: the backlog follows a game live. Bob has the backlog space page open and Chloé the
 * home page with the backlog macro, each in their own browser; Alice's Thirty Five reaches its
 * results and she sends the ranking to the backlog. Both backlog views show the ranking within
 * about a second, through the real `@forge/bridge` subscription (`contextOverrides:
 * [Confluence.Space]`, as the backend publishes) — and neither view ever started its 5 s polling
 * fallback: every frame's `setInterval` calls are recorded from before the app loads.
 */
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { playRoundByApi, t35, type T35State } from './support/api';
import {
  ALICE,
  BOB,
  CHLOE,
  DEV,
  e2eDescribe,
  ensureBuilt,
  launchBrowser,
  startApp,
  type AppProcess,
  type DemoUser,
} from './support/env';
import { BACKLOG_PAGE, click, HOME, macro, see, WAIT_MS } from './support/ui';

jest.setTimeout(180_000);

/** `static/src/live.ts` POLL_MS: the interval of the polling fallback. */
const POLL_MS = 5000;

const CARDS = [
  'Pairing facilitators across teams',
  'Retrospective formats that surface risks',
  'How product owners say no',
  'Metrics that teams choose themselves',
];

/** Records every `setInterval` delay in every frame, before any of the page's scripts run. */
const RECORD_INTERVALS = `(() => {
  const original = window.setInterval;
  window.__intervals = [];
  window.setInterval = function (fn, ms, ...rest) {
    window.__intervals.push(Number(ms));
    return original.call(window, fn, ms, ...rest);
  };
})();`;

interface Viewer {
  readonly context: BrowserContext;
  readonly page: Page;
}

async function open(browser: Browser, user: DemoUser, url: string): Promise<Viewer> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  await context.addInitScript(RECORD_INTERVALS);
  const page = await context.newPage();
  page.on('dialog', (d) => void d.dismiss());
  await page.goto(`${url}?as=${encodeURIComponent(user.accountId)}`, {
    waitUntil: 'domcontentloaded',
  });
  return { context, page };
}

/** The iframe of a module on the page, as a Playwright Frame (to read what it recorded). */
async function frameOf(page: Page, moduleKey: string): Promise<Frame> {
  const handle = await page.locator(`[data-module="${moduleKey}"] iframe`).elementHandle();
  const frame = await handle?.contentFrame();
  if (!frame) throw new Error(`no frame for ${moduleKey}`);
  return frame;
}

const intervalsIn = (frame: Frame): Promise<number[]> =>
  frame.evaluate(() => (window as unknown as { __intervals: number[] }).__intervals);

e2eDescribe('e2e 7: backlog views follow a game live', () => {
  let app: AppProcess;
  let browser: Browser;
  const viewers: Viewer[] = [];

  beforeAll(async () => {
    ensureBuilt();
    [app, browser] = await Promise.all([startApp('backlog-live'), launchBrowser()]);
  });
  afterAll(async () => {
    await Promise.all(viewers.map((v) => v.context.close()));
    await browser?.close();
    await app?.dispose();
  });

  it('given the backlog page and the backlog macro open in other people’s tabs, when Alice sends her Thirty Five ranking, then both show it within about a second, through the subscription, never polling', async () => {
    // The game reaches its results through the resolvers (the screens under test are others').
    const url = app.url;
    const players = [ALICE, BOB, CHLOE, DEV];
    await t35(url, ALICE, 'start');
    for (const [i, who] of players.entries()) await t35(url, who, 'join', { text: CARDS[i] });
    let s = await t35<T35State>(url, ALICE, 'state');
    await t35(url, ALICE, 'deal', { version: s.version, rounds: 1 });
    s = await t35<T35State>(url, ALICE, 'state');
    await t35(url, ALICE, 'nextRound', { version: s.version });
    await playRoundByApi(url, players);
    s = await t35<T35State>(url, ALICE, 'state');
    await t35(url, ALICE, 'showResults', { version: s.version });

    const [alice, bob, chloe] = await Promise.all([
      open(browser, ALICE, `${url}${HOME}`),
      open(browser, BOB, `${url}${BACKLOG_PAGE}`),
      open(browser, CHLOE, `${url}${HOME}`),
    ]);
    viewers.push(alice, bob, chloe);
    const page = macro(bob.page, 'topic-backlog-page');
    const macroView = macro(chloe.page, 'topic-backlog-macro');
    // Loaded: `useLive` loads only once its subscription is in place, so from here nothing is missed.
    await Promise.all([
      see(page, 'No topics here.'),
      see(macroView, /No topics yet/),
      see(macro(alice.page, 'thirty-five'), 'How ties break'),
    ]);

    const started = Date.now();
    await click(macro(alice.page, 'thirty-five'), 'Send the ranking to the backlog');
    const shown = async (frame: typeof page): Promise<number> => {
      await frame
        .getByText(CARDS[0] ?? '')
        .first()
        .waitFor({ timeout: WAIT_MS });
      return Date.now() - started;
    };
    const [onPage, inMacro] = await Promise.all([shown(page), shown(macroView)]);
    console.log(
      `e2e 7: the ranking appeared on the backlog page after ${onPage} ms and in the backlog macro after ${inMacro} ms (from the click)`,
    );
    for (const card of CARDS) await see(page, card);

    // Proof that realtime delivered it: neither backlog frame ever started the polling interval.
    const pageIntervals = await intervalsIn(await frameOf(bob.page, 'topic-backlog-page'));
    const macroIntervals = await intervalsIn(await frameOf(chloe.page, 'topic-backlog-macro'));
    expect(pageIntervals).not.toContain(POLL_MS);
    expect(macroIntervals).not.toContain(POLL_MS);
  });
});
