/**
 * Every response of a Custom UI resource carries the Content-Security-Policy Forge serves it under,
 * as `@forge/csp` computes it from the manifest's `permissions` and the document (the way
 * `forge tunnel` does); the browser's violation reports reach the host's log.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Host } from '../../emulator/host';
import { removeDir, startFixtureHost, tempDir } from './helpers';

const INLINE = 'window.boot = 1;';
const sha256 = (text: string): string =>
  `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

interface App {
  readonly dir: string;
  readonly host: Host;
  readonly logs: string[];
}

/** A scratch app with one resource `ui` (an inline script, an asset) and these permissions. */
async function appWith(permissions: string, withIndex = true): Promise<App> {
  const dir = tempDir('csp');
  const appDir = join(dir, 'app');
  mkdirSync(join(appDir, 'ui', 'assets'), { recursive: true });
  writeFileSync(
    join(appDir, 'manifest.yml'),
    'modules:\n  macro:\n    - key: m\n      title: M\n      resource: ui\n' +
      `resources:\n  - key: ui\n    path: ui\n${permissions}`,
  );
  if (withIndex) {
    writeFileSync(
      join(appDir, 'ui', 'index.html'),
      `<!doctype html><html><head><title>x</title><script>${INLINE}</script></head>` +
        '<body><script src="./assets/a.js"></script></body></html>',
    );
  }
  writeFileSync(join(appDir, 'ui', 'assets', 'a.js'), 'console.log(1);');
  const logs: string[] = [];
  const host = await startFixtureHost({
    manifestPath: join(appDir, 'manifest.yml'),
    dataDir: join(dir, 'data'),
    log: (line) => logs.push(line),
  });
  return { dir, host, logs };
}

const policyOf = async (
  url: string,
): Promise<{ status: number; directives: Map<string, string> }> => {
  const res = await fetch(url);
  await res.arrayBuffer();
  const header = res.headers.get('content-security-policy') ?? '';
  const directives = new Map(
    header
      .split(';')
      .map((d) => d.trim())
      .filter((d) => d !== '')
      .map((d) => [d.split(' ')[0] ?? '', d.slice(d.indexOf(' ') + 1)] as const),
  );
  return { status: res.status, directives };
};

const sources = (directives: Map<string, string>, name: string): string[] =>
  (directives.get(name) ?? '').split(' ');

describe("Custom UI resources under Forge's Content-Security-Policy", () => {
  let app: App;
  afterEach(async () => {
    await app.host.close();
    removeDir(app.dir);
  });

  it('given inline styles and a fetch client permitted, when any resource file is served, then each response carries the policy @forge/csp computes', async () => {
    app = await appWith(
      'permissions:\n  content:\n    styles:\n      - unsafe-inline\n' +
        '  external:\n    fetch:\n      client:\n        - https://api.example.com\n',
    );
    const base = `${app.host.url}/__emulator/resources/ui`;
    const index = await policyOf(`${base}/index.html`);
    expect(index.status).toBe(200);
    const d = index.directives;
    expect([...d.keys()]).toEqual([
      'default-src',
      'frame-ancestors',
      'frame-src',
      'font-src',
      'img-src',
      'media-src',
      'connect-src',
      'script-src',
      'style-src',
      'form-action',
      'sandbox',
      'report-uri',
    ]);
    // Scripts: the app's own origin and Forge's CDN, plus the hash of each inline script the
    // document holds — never 'unsafe-inline' or 'unsafe-eval'.
    const scripts = sources(d, 'script-src');
    expect(scripts.slice(0, 2)).toEqual(["'self'", 'https://forge.cdn.prod.atlassian-dev.net']);
    expect(scripts).toContain(sha256(INLINE));
    expect(scripts).not.toContain("'unsafe-inline'");
    expect(scripts).not.toContain("'unsafe-eval'");
    expect(sources(d, 'style-src')).toContain("'unsafe-inline'");
    expect(sources(d, 'connect-src')).toContain('https://api.example.com');
    expect(sources(d, 'connect-src')).toContain(app.host.url);
    expect(d.get('sandbox')).toBe(
      'allow-popups allow-popups-to-escape-sandbox allow-downloads allow-forms allow-modals allow-pointer-lock allow-same-origin allow-scripts',
    );
    expect(d.get('report-uri')).toBe('/__emulator/csp-report');
    // The same policy on the document's scripts, a missing file and a refused path.
    for (const path of ['assets/a.js', 'missing.js', '..%2Fmanifest.yml']) {
      const other = await policyOf(`${base}/${path}`);
      expect(other.directives).toEqual(d);
    }
    expect((await policyOf(`${base}/missing.js`)).status).toBe(404);
    expect((await policyOf(`${base}/..%2Fmanifest.yml`)).status).toBe(403);
  });

  it('given no content permissions, when served, then inline styles are not allowed either; the not-built page carries a policy too', async () => {
    app = await appWith('permissions:\n  scopes: []\n', false);
    const page = await policyOf(`${app.host.url}/__emulator/resources/ui/index.html`);
    expect(page.status).toBe(200);
    expect(sources(page.directives, 'style-src')).not.toContain("'unsafe-inline'");
    expect(sources(page.directives, 'script-src')).not.toContain("'unsafe-inline'");
    expect(page.directives.get('default-src')).toMatch(/^'self' /);
    const unknown = await policyOf(`${app.host.url}/__emulator/resources/nope/index.html`);
    expect(unknown.status).toBe(404);
    expect(unknown.directives.get('script-src')).toBeDefined();
  });

  it("given a browser's violation report, when posted to the policy's report-uri, then the host logs it", async () => {
    app = await appWith('');
    const res = await fetch(`${app.host.url}/__emulator/csp-report`, {
      method: 'POST',
      headers: { 'content-type': 'application/csp-report' },
      body: JSON.stringify({
        'csp-report': {
          'document-uri': `${app.host.url}/__emulator/resources/ui/index.html`,
          'violated-directive': 'script-src-elem',
          'blocked-uri': 'inline',
        },
      }),
    });
    expect(res.status).toBe(204);
    expect(app.logs.join('\n')).toContain(
      'Content-Security-Policy violation in ' +
        `${app.host.url}/__emulator/resources/ui/index.html: script-src-elem blocked inline`,
    );
  });
});
