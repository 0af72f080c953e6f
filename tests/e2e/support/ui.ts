/**
 * Driving the Confluence-like shell as a person: one browser context per user, the macros'
 * iframes as frame locators, clicks by accessible name, waits on visible text, a record of any
 * JavaScript dialog (a dialog is a failure: user text must never run) and of any violation of
 * Forge's Content-Security-Policy (`csp.ts`: one fails the test).
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, FrameLocator, Locator, Page } from 'playwright-core';
import { watchCsp } from './csp';
import { DOCS_DIR, type DemoUser } from './env';

export const HOME = '/wiki/spaces/COP/overview';
export const BACKLOG_PAGE = '/wiki/spaces/COP/apps/topic-backlog-page';
/**
 * How long a person waits for something to appear before the scenario fails. A bound on a hang,
 * not a performance target: at load 10 on 2 cores, opening seven browser contexts took 12 s and
 * the first button 34 s.
 */
export const WAIT_MS = 90_000;

export interface Person {
  readonly user: DemoUser;
  readonly page: Page;
  /** Messages of every dialog (alert, confirm, prompt) the page tried to open. */
  readonly dialogs: string[];
  readonly t35: FrameLocator;
  readonly lc: FrameLocator;
  readonly backlog: FrameLocator;
}

export const macro = (page: Page, key: string): FrameLocator =>
  page.frameLocator(`[data-module="${key}"] iframe`);

/** A new browser context for `user`, on the home page (or `path`), in `theme`. */
export async function openAs(
  browser: Browser,
  user: DemoUser,
  path = HOME,
  theme: 'light' | 'dark' = 'light',
): Promise<Person> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  await watchCsp(context); // any Content-Security-Policy violation fails the scenario
  const page = await context.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(`${path}?as=${encodeURIComponent(user.accountId)}&theme=${theme}`, {
    waitUntil: 'domcontentloaded',
  });
  return {
    user,
    page,
    dialogs,
    t35: macro(page, 'thirty-five'),
    lc: macro(page, 'lean-coffee'),
    backlog: macro(
      page,
      path.endsWith(BACKLOG_PAGE) ? 'topic-backlog-page' : 'topic-backlog-macro',
    ),
  };
}

/** Opens several people at once (each in its own context) against `baseUrl`. */
export async function openAll(
  browser: Browser,
  baseUrl: string,
  users: readonly DemoUser[],
  path = HOME,
): Promise<Person[]> {
  return Promise.all(users.map((u) => openAs(browser, u, `${baseUrl}${path}`)));
}

export const button = (f: FrameLocator, name: string | RegExp): Locator =>
  f.getByRole('button', { name, exact: typeof name === 'string' });

export async function click(f: FrameLocator, name: string | RegExp): Promise<void> {
  await button(f, name).click({ timeout: WAIT_MS });
}

/** Clicks a confirm-guarded action, then its confirmation. */
export async function confirm(f: FrameLocator, name: string, yes: string): Promise<void> {
  await click(f, name);
  await click(f, yes);
}

/** Where text is looked for: a macro's frame, or a part of it. */
export type Scope = FrameLocator | Locator;

export async function see(f: Scope, text: string | RegExp, timeout = WAIT_MS): Promise<void> {
  await f.getByText(text).first().waitFor({ timeout });
}

export async function seeAll(
  people: readonly Person[],
  pick: (p: Person) => FrameLocator,
  text: string | RegExp,
): Promise<void> {
  await Promise.all(people.map((p) => see(pick(p), text)));
}

/**
 * Where scenario screenshots go: `docs/` when refreshing them on purpose (`UPDATE_SCREENSHOT=1`,
 * as for the shell's), otherwise a scratch folder, so a plain `npm test` leaves the tree clean.
 */
const SHOTS_DIR =
  process.env.UPDATE_SCREENSHOT === '1' ? DOCS_DIR : join(tmpdir(), 'cop-kit-e2e-screenshots');
mkdirSync(SHOTS_DIR, { recursive: true });

/**
 * The macro `module` (or the whole page, `fullPage` for all of it) as `docs/<file>` (say
 * `ui-sessions-page.png`), in the scratch folder unless refreshing on purpose.
 */
export async function screenshotFile(
  page: Page,
  file: string,
  { module, fullPage = false }: { readonly module?: string; readonly fullPage?: boolean } = {},
): Promise<void> {
  await page.waitForTimeout(400); // let the iframe report its height
  const path = join(SHOTS_DIR, file);
  if (module) await page.locator(`[data-module="${module}"]`).screenshot({ path });
  else await page.screenshot({ path, fullPage });
}

/** The macro (or the whole page) as `docs/e2e-<name>.png`. */
export async function screenshot(page: Page, name: string, module?: string): Promise<void> {
  await screenshotFile(page, `e2e-${name}.png`, { module });
}

/** One element (a table on a notes page, say) as `docs/e2e-<name>.png`. */
export async function screenshotOf(target: Locator, name: string): Promise<void> {
  await target.scrollIntoViewIfNeeded();
  await target.screenshot({ path: join(SHOTS_DIR, `e2e-${name}.png`) });
}

export async function closeAll(people: readonly Person[]): Promise<void> {
  await Promise.all(people.map((p) => p.page.context().close()));
}

/** Every dialog any of these pages opened (expected: none). */
export const dialogsOf = (people: readonly Person[]): string[] => people.flatMap((p) => p.dialogs);
