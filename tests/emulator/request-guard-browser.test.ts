/**
 * The attacks on the local host replayed as they were found, in headless Chromium: a page on
 * another site (`evil.example`, resolved to this machine) tries to drive the host with a no-cors
 * `fetch`, a JSON `fetch`, an auto-submitted form, an `EventSource` on the realtime stream and an
 * iframe of the shell; then the same page after DNS rebinding (served under the host's own port).
 * Nothing runs and every request is refused; the shell on its own origin still works. The host's
 * log shows what Chromium really sent. Without /usr/bin/chromium this suite is SKIPPED loudly;
 * with CI=true it fails instead.
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import type { Host } from '../../emulator/host';
import { frame, removeDir, startFixtureHost, tempDir } from './helpers';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  const line = `SKIPPED: browser tests need ${CHROMIUM} (apt-get install -y chromium)`;
  if (process.env.CI === 'true') throw new Error(`${line} — required in CI`);
  console.warn(`\n${'!'.repeat(line.length)}\n${line}\n${'!'.repeat(line.length)}\n`);
}
const suite = hasChromium ? describe : describe.skip;

jest.setTimeout(90_000);

/** The attacker's page: every way a web page can reach a server on the visitor's machine. */
function attackPage(target: string): string {
  const body = JSON.stringify({
    context: frame(),
    functionKey: 'kv/set',
    payload: { key: 'written-by-evil', value: 1 },
  });
  return `<!doctype html><meta charset="utf-8"><title>evil</title>
<form id="form" method="POST" enctype="text/plain" target="sink" action="${target}/__emulator/invoke">
  <input name='${body.slice(0, -1)},"x":"' value='"}'>
</form>
<iframe name="sink"></iframe>
<iframe id="shell" src="${target}/wiki/spaces/COP/overview"></iframe>
<script>
  window.results = {};
  const body = ${JSON.stringify(body)};
  fetch('${target}/__emulator/invoke', { method: 'POST', mode: 'no-cors', body })
    .then((r) => (results.noCors = 'sent, opaque ' + r.type), (e) => (results.noCors = 'failed ' + e));
  fetch('${target}/__emulator/invoke', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  }).then((r) => (results.json = 'answered ' + r.status), (e) => (results.json = 'failed ' + e));
  const events = new EventSource('${target}/__emulator/events?client=evil');
  events.onopen = () => (results.events = 'open');
  events.onerror = () => (results.events = 'error, readyState ' + events.readyState);
  document.getElementById('form').submit();
</script>`;
}

suite('a page on another site, in Chromium', () => {
  let host: Host;
  let dataDir: string;
  let browser: Browser;
  let evil: Server;
  let evilPort: number;
  const log: string[] = [];

  beforeAll(async () => {
    dataDir = tempDir('guard-browser');
    host = await startFixtureHost({ dataDir, log: (l) => log.push(l) });
    evil = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(attackPage(`http://127.0.0.1:${host.port}`));
    });
    await new Promise<void>((ok) => evil.listen(0, '127.0.0.1', ok));
    evilPort = (evil.address() as AddressInfo).port;
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
        // evil.example is a site on the internet that (after DNS rebinding) resolves here.
        '--host-resolver-rules=MAP evil.example 127.0.0.1',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((ok) => evil?.close(ok));
    await host?.close();
    removeDir(dataDir);
  });

  it('given the developer visits evil.example, when its page fetches, posts a form, opens the event stream and frames the shell, then everything is refused and nothing runs', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`http://evil.example:${evilPort}/`);
    await page.waitForFunction(() => {
      const r = (window as unknown as { results: Record<string, string> }).results;
      return r.noCors !== undefined && r.json !== undefined && r.events !== undefined;
    });
    const results = await page.evaluate(
      () => (window as unknown as { results: Record<string, string> }).results,
    );
    // The JSON fetch needs a preflight, which is refused; the event stream never opens.
    expect(results.json).toMatch(/^failed TypeError/);
    expect(results.events).toBe('error, readyState 2');
    const shell = page.frames().find((f) => f.url().includes('/wiki/spaces/COP/overview'));
    await expect(shell?.textContent('body')).resolves.toMatch(/^Refused: /);
    const sink = page.frame({ name: 'sink' });
    await sink?.waitForFunction(() => document.body.textContent?.includes('Refused'));

    expect(host.counters.snapshot().invocations).toBe(0);
    expect(host.kvs.keys('kv')).toEqual([]);
    // What Chromium sent, as the host logged it (once per distinct reason).
    const evilOrigin = `http://evil.example:${evilPort}`;
    expect(log).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          new RegExp(
            `^\\[forge-local\\] refused POST /__emulator/invoke: Refused: a page from ${evilOrigin} sent`,
          ),
        ),
        expect.stringMatching(
          new RegExp(
            `^\\[forge-local\\] refused OPTIONS /__emulator/invoke: Refused: a page from ${evilOrigin}`,
          ),
        ),
        expect.stringMatching(
          /^\[forge-local\] refused GET \/__emulator\/events\?client=evil: Refused: /,
        ),
        expect.stringMatching(
          /^\[forge-local\] refused GET \/wiki\/spaces\/COP\/overview: Refused: /,
        ),
      ]),
    );
    await context.close();
  });

  it('given DNS rebinding (evil.example now resolves to this machine, on the host port), when the page calls the host as its own origin, then the foreign Host is refused', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const rebound = `http://evil.example:${host.port}`;
    const first = await page.goto(`${rebound}/wiki/spaces/COP/overview`);
    expect(first?.status()).toBe(403);
    await expect(page.textContent('body')).resolves.toMatch(/DNS rebinding/);
    const answer = await page.evaluate(
      async (body) => {
        const r = await fetch('/__emulator/invoke', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        return { status: r.status, json: (await r.json()) as { code: string } };
      },
      JSON.stringify({
        context: frame(),
        functionKey: 'kv/set',
        payload: { key: 'rebound', value: 1 },
      }),
    );
    expect(answer).toEqual({
      status: 403,
      json: expect.objectContaining({ code: 'FORBIDDEN_HOST' }) as unknown,
    });
    expect(host.counters.snapshot().invocations).toBe(0);
    expect(host.kvs.keys('kv')).toEqual([]);
    await context.close();
  });

  it('given the shell on its own origin, when it loads its macro, opens realtime and invokes, then all of it works', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const shell = await page.goto(`${host.url}/wiki/spaces/COP/overview`);
    expect(shell?.status()).toBe(200);
    await page.waitForSelector('html[data-realtime=connected]');
    const resource = await page.locator('iframe[data-frame]').first().elementHandle();
    const macro = await resource?.contentFrame();
    await macro?.waitForLoadState();
    await expect(
      macro?.evaluate(() => typeof (window as { __bridge?: unknown }).__bridge),
    ).resolves.toBe('object');
    const answer = await page.evaluate(
      async (body) => {
        const r = await fetch('/__emulator/invoke', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        return (await r.json()) as unknown;
      },
      JSON.stringify({
        context: frame(),
        functionKey: 'kv/set',
        payload: { key: 'own-origin', value: 1 },
      }),
    );
    expect(answer).toMatchObject({ ok: true });
    expect(host.kvs.keys('kv')).toEqual(['own-origin']);
    await context.close();
  });
});
