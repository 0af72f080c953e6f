/**
 * One end-to-end scenario's app and browser: `useScenario(label)` (inside `e2eDescribe`) starts a
 * host of its own (`startApp`) and Chromium before the tests, opens people on pages of that host,
 * and after the tests closes everyone it opened, the browser and the host (its data folder too).
 */
import type { Browser } from 'playwright-core';
import { ensureBuilt, launchBrowser, startApp, type AppProcess, type DemoUser } from './env';
import { closeAll, HOME, openAll, openAs, type Person } from './ui';

export interface Scenario {
  /** The running host (once `beforeAll` ran). */
  readonly app: AppProcess;
  readonly browser: Browser;
  /** Everyone opened through `open` and `openAll`, in that order: closed after the tests. */
  readonly people: readonly Person[];
  /** A new browser context for `user` on the host's `path` (site-relative), in `theme`. */
  open(user: DemoUser, path?: string, theme?: 'light' | 'dark'): Promise<Person>;
  /** Several people at once, each in their own context, on the host's `path`. */
  openAll(users: readonly DemoUser[], path?: string): Promise<Person[]>;
}

export function useScenario(label: string): Scenario {
  let app: AppProcess | undefined;
  let browser: Browser | undefined;
  const people: Person[] = [];

  beforeAll(async () => {
    ensureBuilt();
    [app, browser] = await Promise.all([startApp(label), launchBrowser()]);
  });
  afterAll(async () => {
    await closeAll(people);
    await browser?.close();
    await app?.dispose();
  });

  const started = <T>(x: T | undefined): T => {
    if (x === undefined) throw new Error(`scenario ${label}: the app or browser has not started`);
    return x;
  };
  return {
    get app() {
      return started(app);
    },
    get browser() {
      return started(browser);
    },
    people,
    async open(user, path = HOME, theme = 'light') {
      const p = await openAs(started(browser), user, `${started(app).url}${path}`, theme);
      people.push(p);
      return p;
    },
    async openAll(users, path = HOME) {
      const opened = await openAll(started(browser), started(app).url, users, path);
      people.push(...opened);
      return opened;
    },
  };
}
