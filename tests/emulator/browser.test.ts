/**
 * The fixture app in headless Chromium through the real `@forge/bridge`: context, invoke, KVS, a
 * Confluence page write, a realtime round trip between two users, theme, router, auto-resize and
 * the "not supported" answer. Also checks the real app's macros are live (placeholder context).
 * Every frame runs under the Content-Security-Policy Forge serves (`@forge/csp`): any violation
 * fails the test (`../e2e/support/csp`), and one provoked on purpose is caught.
 * Without /usr/bin/chromium this suite is SKIPPED loudly; with CI=true it fails instead.
 */
import { build } from 'esbuild';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import type { Host } from '../../emulator/host';
import { expectNoCspViolations, nextCspViolation, watchCsp } from '../e2e/support/csp';
import { ALICE, BOB, REPO_ROOT, removeDir, startFixtureHost, tempDir } from './helpers';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  const line = `SKIPPED: browser tests need ${CHROMIUM} (apt-get install -y chromium)`;
  if (process.env.CI === 'true') throw new Error(`${line} — required in CI`);
  console.warn(`\n${'!'.repeat(line.length)}\n${line}\n${'!'.repeat(line.length)}\n`);
}
const suite = hasChromium ? describe : describe.skip;

jest.setTimeout(60_000);

const FIXTURE_DIR = join(REPO_ROOT, 'tests', 'fixtures', 'fixture-app');

async function buildFixtureUi(): Promise<void> {
  const dist = join(FIXTURE_DIR, 'static', 'dist');
  mkdirSync(dist, { recursive: true });
  await build({
    entryPoints: [join(FIXTURE_DIR, 'static-src', 'main.ts')],
    outfile: join(dist, 'app.js'),
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2020',
    logLevel: 'silent',
  });
  writeFileSync(
    join(dist, 'index.html'),
    '<!doctype html><html><head><meta charset="utf-8"><title>Fixture</title></head>' +
      '<body><p id="status">loading</p><script src="./app.js"></script></body></html>',
  );
}

declare global {
  interface Window {
    fixture: {
      context(): Promise<unknown>;
      invoke(functionKey: string, payload?: Record<string, unknown>): Promise<unknown>;
      enableTheme(): Promise<unknown>;
      subscribe(channel: string, isGlobal?: boolean): Promise<void>;
      publish(channel: string, payload: Record<string, unknown>): Promise<unknown>;
      events(): unknown[];
      navigateToPage(contentId: string): Promise<unknown>;
      navigateToUrl(url: string): Promise<unknown>;
      openSpaceInNewTab(): Promise<unknown>;
      unsupported(): Promise<unknown>;
      grow(px: number): void;
    };
  }
}

async function appFrame(page: Page): Promise<Frame> {
  const iframe = page.locator('iframe[data-frame]').first();
  await iframe.waitFor();
  const frame = await (await iframe.elementHandle())?.contentFrame();
  if (!frame) throw new Error('no app frame');
  await frame.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
  return frame;
}

suite('fixture app in headless Chromium', () => {
  let host: Host;
  let dataDir: string;
  let browser: Browser;

  beforeAll(async () => {
    await buildFixtureUi();
    dataDir = tempDir('browser');
    host = await startFixtureHost({ dataDir });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-quic',
        '--no-first-run',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    removeDir(dataDir);
  });

  const open = async (
    accountId: string,
    theme = 'light',
  ): Promise<{ page: Page; frame: Frame }> => {
    const context = await browser.newContext();
    await watchCsp(context);
    const page = await context.newPage();
    await page.goto(
      `${host.url}/wiki/spaces/COP/overview?as=${encodeURIComponent(accountId)}&theme=${theme}`,
    );
    return { page, frame: await appFrame(page) };
  };

  it('given Alice opens the page, when the app asks for its context, then it gets the macro context', async () => {
    const { page, frame } = await open(ALICE, 'dark');
    const context = await frame.evaluate(() => window.fixture.context());
    expect(context).toMatchObject({
      accountId: ALICE,
      localId: 'home-fixture-macro',
      moduleKey: 'fixture-macro',
      cloudId: expect.any(String) as unknown,
      locale: 'en-US',
      theme: { colorMode: 'dark' },
      extension: {
        type: 'macro',
        content: { id: '98305' },
        space: { key: 'COP' },
        isEditing: false,
        config: {},
      },
    });
    await frame.evaluate(() => window.fixture.enableTheme());
    expect(
      await frame.evaluate(() => document.documentElement.getAttribute('data-color-mode')),
    ).toBe('dark');
    await page.context().close();
  });

  it('given the bridge, when the app invokes resolvers, then the backend sees the viewer and KVS round-trips', async () => {
    const { page, frame } = await open(BOB);
    expect(await frame.evaluate(() => window.fixture.invoke('whoami'))).toMatchObject({
      accountId: BOB,
      localId: 'home-fixture-macro',
    });
    await frame.evaluate(() =>
      window.fixture.invoke('kv/set', { key: 'from-browser', value: { n: 42 } }),
    );
    expect(
      await frame.evaluate(() => window.fixture.invoke('kv/get', { key: 'from-browser' })),
    ).toEqual({ value: { n: 42 } });
    const failure = await frame.evaluate(() =>
      window.fixture.invoke('boom').then(
        () => 'resolved',
        (e: Error) => e.message,
      ),
    );
    expect(failure).toBe('There was an error invoking the function - fixture failure');
    await page.context().close();
  });

  it('given Alice and Bob on the page, when a resolver publishes, then Bob receives it live; frontend publish too', async () => {
    const alice = await open(ALICE);
    const bob = await open(BOB);
    await bob.page.waitForFunction(
      () => document.documentElement.getAttribute('data-realtime') === 'connected',
    );
    await bob.frame.evaluate(() => window.fixture.subscribe('room'));
    await bob.frame.evaluate(() => window.fixture.subscribe('lobby', true));
    await alice.frame.evaluate(() =>
      window.fixture.invoke('rt/publish', { channel: 'room', message: 'hello from a resolver' }),
    );
    await bob.frame.waitForFunction(() => window.fixture.events().length >= 1);
    await alice.frame.evaluate(() =>
      window.fixture.publish('room', { message: 'hello from the frontend' }),
    );
    await alice.frame.evaluate(() =>
      window.fixture.invoke('rt/publish', { channel: 'lobby', message: 'everyone', global: true }),
    );
    await bob.frame.waitForFunction(() => window.fixture.events().length >= 3);
    expect(await bob.frame.evaluate(() => window.fixture.events())).toEqual([
      '{"message":"hello from a resolver"}',
      '{"message":"hello from the frontend"}',
      '{"message":"everyone"}',
    ]);
    await alice.page.context().close();
    await bob.page.context().close();
  });

  it('given the app writes a Confluence page, when it navigates there, then the shell shows the page', async () => {
    const { page, frame } = await open(ALICE);
    const created = (await frame.evaluate(() =>
      window.fixture.invoke('page/create', {
        title: 'Browser notes',
        body: '<h2>Takeaways</h2><p>Small batches</p>',
      }),
    )) as { status: number; body: { id: string } };
    expect(created.status).toBe(200);
    // The shell navigates the whole page, replacing the frame that asked: nothing may be awaited
    // from that frame, so the navigation is only started in it and awaited on the page.
    await Promise.all([
      page.waitForURL(`**/pages/${created.body.id}**`),
      frame.evaluate((id) => {
        void window.fixture.navigateToPage(id);
      }, created.body.id),
    ]);
    expect(await page.getByTestId('page-title').textContent()).toBe('Browser notes');
    expect(await page.getByTestId('page-body').innerHTML()).toBe(
      '<h2>Takeaways</h2><p>Small batches</p>',
    );
    expect(await page.getByTestId('created-pages').textContent()).toContain('Browser notes');
    await page.context().close();
  });

  it('given links as the app writes them (site-relative /wiki/… and base + webui), when router.navigate follows them, then the shell shows the page to the same viewer', async () => {
    const { page, frame } = await open(BOB);
    const created = (await frame.evaluate(() =>
      window.fixture.invoke('page/create', { title: 'Linked notes', body: '<p>Linked</p>' }),
    )) as { status: number; body: { id: string; _links: { base: string; webui: string } } };
    expect(created.status).toBe(200);
    const { id, _links: links } = created.body;
    for (const url of [
      `/wiki/pages/viewpage.action?pageId=${id}`,
      `${links.base}${links.webui}`,
      `/wiki${links.webui}`,
    ]) {
      const current = await appFrame(page);
      await Promise.all([
        page.waitForURL(`**/wiki/spaces/COP/pages/${id}/Linked+notes?**`),
        current.evaluate((u) => window.fixture.navigateToUrl(u), url),
      ]);
      expect(await page.getByTestId('page-title').textContent()).toBe('Linked notes');
      expect(new URL(page.url()).searchParams.get('as')).toBe(BOB);
      await page.goto(`${host.url}/wiki/spaces/COP/overview?as=${encodeURIComponent(BOB)}`);
    }
    await page.context().close();
  });

  it("given the shell's Copy button, when Olga copies the home page to OPS, then the copy opens with the macro's localId and OPS as the context's space", async () => {
    const olga = '557058:0c990c99-0000-4000-8000-000000000009';
    const { page } = await open(olga);
    await page.getByTestId('copy-page').locator('select').selectOption('OPS');
    await Promise.all([
      page.waitForURL('**/wiki/spaces/OPS/pages/**'),
      page.getByTestId('copy-page').getByRole('button', { name: 'Copy' }).click(),
    ]);
    expect(await page.getByTestId('page-title').textContent()).toBe(
      'Copy of Scrum Master CoP Home',
    );
    const frame = await appFrame(page);
    expect(await frame.evaluate(() => window.fixture.context())).toMatchObject({
      accountId: olga,
      localId: 'home-fixture-macro',
      extension: { space: { key: 'OPS' } },
    });
    await page.context().close();
  });

  it('given an open tab, when the host restarts, then realtime reconnects and stored data is still there', async () => {
    const bob = await open(BOB);
    await bob.page.waitForFunction(
      () => document.documentElement.getAttribute('data-realtime') === 'connected',
    );
    await bob.frame.evaluate(() => window.fixture.subscribe('after-restart'));
    await bob.frame.evaluate(() =>
      window.fixture.invoke('kv/set', { key: 'survives', value: 'yes' }),
    );
    const port = host.port;
    await host.close();
    await bob.page.waitForFunction(
      () => document.documentElement.getAttribute('data-realtime') === 'reconnecting',
    );
    host = await startFixtureHost({ dataDir, port });
    await bob.page.waitForFunction(
      () => document.documentElement.getAttribute('data-realtime') === 'connected',
      undefined,
      {
        timeout: 15_000,
      },
    );
    expect(
      await bob.frame.evaluate(() => window.fixture.invoke('kv/get', { key: 'survives' })),
    ).toEqual({ value: 'yes' });
    const alice = await open(ALICE);
    await alice.frame.evaluate(() =>
      window.fixture.invoke('rt/publish', { channel: 'after-restart', message: 'still live' }),
    );
    await bob.frame.waitForFunction(() =>
      window.fixture.events().includes('{"message":"still live"}'),
    );
    await alice.page.context().close();
    await bob.page.context().close();
  });

  it('given the shell controls, when switching user or opening as another participant, then the frames follow', async () => {
    const { page, frame } = await open(ALICE);
    const [other] = await Promise.all([
      page.context().waitForEvent('page'),
      page.getByTestId('open-as-other').click(),
    ]);
    const otherFrame = await appFrame(other);
    expect(await otherFrame.evaluate(() => window.fixture.context())).toMatchObject({
      accountId: BOB,
    });
    await other.close();
    const [spaceTab] = await Promise.all([
      page.context().waitForEvent('page'),
      frame.evaluate(() => window.fixture.openSpaceInNewTab()),
    ]);
    await spaceTab.waitForLoadState();
    expect(spaceTab.url()).toContain('/wiki/spaces/COP/overview');
    await spaceTab.close();
    await Promise.all([
      page.waitForURL(/as=557058%3Acc33/),
      page.locator('#user-switcher').selectOption({ label: 'Chloé Product Owner' }),
    ]);
    const switched = await appFrame(page);
    expect(await switched.evaluate(() => window.fixture.invoke('whoami'))).toMatchObject({
      accountId: '557058:cc33cc33-0000-4000-8000-000000000003',
    });
    await page.context().close();
  });

  it("given a frame that adds an inline script, when it runs, then Forge's policy blocks it and the violation fails the check", async () => {
    const { page, frame } = await open(ALICE);
    const violation = nextCspViolation();
    await frame.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.inlineScriptRan = true;';
      document.body.appendChild(script);
    });
    expect(await violation).toMatchObject({
      directive: 'script-src-elem',
      blocked: 'inline',
      document: expect.stringContaining('/__emulator/resources/main/') as unknown,
    });
    expect(
      await frame.evaluate(
        () => (window as unknown as { inlineScriptRan?: boolean }).inlineScriptRan,
      ),
    ).toBeUndefined();
    // What runs after every browser test: this violation fails it.
    expect(() => expectNoCspViolations()).toThrow(/script-src-elem blocked inline/);
    await page.context().close();
  });

  it('given an app whose UI is not built and that allows no inline style, when its frame shows the placeholder, then nothing violates the policy', async () => {
    const dir = tempDir('placeholder-csp');
    const strict = await startFixtureHost({
      dataDir: join(dir, 'data'),
      resourceOverrides: { main: join(dir, 'empty-ui') },
    });
    const context = await browser.newContext();
    await watchCsp(context);
    try {
      const page = await context.newPage();
      await page.goto(`${strict.url}/wiki/spaces/COP/overview?as=${encodeURIComponent(ALICE)}`);
      const text = await page
        .frameLocator('iframe[data-frame]')
        .first()
        .getByTestId('placeholder-context')
        .textContent({ timeout: 20_000 });
      expect(JSON.parse(text ?? '{}')).toMatchObject({ accountId: ALICE });
    } finally {
      await context.close();
      await strict.close();
      removeDir(dir);
    }
  });

  it('given content that grows, when it resizes, then the iframe follows; unsupported calls say so', async () => {
    const { page, frame } = await open(ALICE);
    await frame.evaluate(() => window.fixture.grow(700));
    await page.waitForFunction(
      () =>
        (document.querySelector('iframe[data-frame]') as HTMLIFrameElement).getBoundingClientRect()
          .height >= 700,
    );
    const message = await frame.evaluate(() =>
      window.fixture.unsupported().then(
        () => 'resolved',
        (e: Error) => e.message,
      ),
    );
    expect(message).toContain('not supported by the local host');
    await page.context().close();
  });
});

suite('the real app in headless Chromium', () => {
  it('given npm start state (UI not built), when the overview opens, then every macro shows its live context', async () => {
    const dataDir = tempDir('real-browser');
    // An empty resource folder: the state of a clean clone before the UI is built, whatever
    // static/dist holds in this working tree.
    const emptyUi = join(dataDir, 'empty-ui');
    mkdirSync(emptyUi, { recursive: true });
    const host = await startFixtureHost({
      manifestPath: join(REPO_ROOT, 'manifest.yml'),
      dataDir,
      resourceOverrides: { main: emptyUi },
    });
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
    });
    try {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await watchCsp(context);
      const page = await context.newPage();
      await page.goto(`${host.url}/wiki/spaces/COP/overview?as=${encodeURIComponent(ALICE)}`);
      const iframes = page.locator('iframe[data-frame]');
      await expect(iframes.count()).resolves.toBe(4);
      for (const [i, moduleKey] of [
        'thirty-five',
        'lean-coffee',
        'cop-session',
        'topic-backlog-macro',
      ].entries()) {
        const frame = page.frameLocator('iframe[data-frame]').nth(i);
        const text = await frame
          .getByTestId('placeholder-context')
          .textContent({ timeout: 10_000 });
        expect(JSON.parse(text ?? '{}')).toMatchObject({
          accountId: ALICE,
          moduleKey,
          extension: { type: 'macro' },
        });
      }
      const shot =
        process.env.UPDATE_SCREENSHOT === '1'
          ? join(REPO_ROOT, 'docs', 'shell.png')
          : join(dataDir, 'shell.png');
      await page.screenshot({ path: shot, fullPage: true });
    } finally {
      await browser.close();
      await host.close();
      removeDir(dataDir);
    }
  });
});
