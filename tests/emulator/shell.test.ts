/**
 * The Confluence-like shell over HTTP: driven by the manifest (the real app's and the fixture's),
 * frames carry the viewer's identity, created pages appear rendered inert, resources get the
 * bridge injected or a "not built yet" page, and paths cannot escape a resource folder.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Host } from '../../emulator/host';
import { ALICE, BOB, REPO_ROOT, invoke, removeDir, startFixtureHost, tempDir } from './helpers';

// Starting a host bundles the app with esbuild: the real app's took over 5 s (jest's default) at a
// load average of 12 on 2 cores, and the host it then started was never closed.
jest.setTimeout(60_000);

const get = async (
  url: string,
): Promise<{ status: number; text: string; location: string | null }> => {
  const res = await fetch(url, { redirect: 'manual' });
  return { status: res.status, text: await res.text(), location: res.headers.get('location') };
};

const decodeAttr = (s: string): string =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

function frames(
  html: string,
): { frame: Record<string, unknown>; context: Record<string, unknown> }[] {
  return [...html.matchAll(/<iframe[^>]*data-frame="([^"]*)" data-context="([^"]*)"/g)].map(
    (m) => ({
      frame: JSON.parse(decodeAttr(m[1] ?? '{}')) as Record<string, unknown>,
      context: JSON.parse(decodeAttr(m[2] ?? '{}')) as Record<string, unknown>,
    }),
  );
}

describe('the real app manifest', () => {
  let host: Host;
  let dir: string;
  beforeAll(async () => {
    dir = tempDir('real');
    host = await startFixtureHost({ manifestPath: join(REPO_ROOT, 'manifest.yml'), dataDir: dir });
  });
  afterAll(async () => {
    await host.close();
    removeDir(dir);
  });

  it('given the CoP Kit manifest, when the overview is opened, then each macro module has a live iframe', async () => {
    const { status, text } = await get(`${host.url}/wiki/spaces/COP/overview`);
    expect(status).toBe(200);
    expect(frames(text).map((f) => f.frame.moduleKey)).toEqual([
      'thirty-five',
      'lean-coffee',
      'cop-session',
      'topic-backlog-macro',
    ]);
    expect(text).toContain('/wiki/spaces/COP/apps/topic-backlog-page');
    expect(text).toContain('/wiki/spaces/COP/apps/community-sessions-page');
  });

  it('given the Sessions space page module, when opened, then it is a full-width frame with a space context', async () => {
    const { text } = await get(`${host.url}/wiki/spaces/COP/apps/community-sessions-page`);
    const [only] = frames(text);
    expect(only?.context).toMatchObject({
      moduleKey: 'community-sessions-page',
      extension: { type: 'confluence:spacePage', space: { key: 'COP' } },
    });
  });

  it('given the space page module, when opened, then it is a full-width frame with a space context', async () => {
    const { text } = await get(`${host.url}/wiki/spaces/COP/apps/topic-backlog-page`);
    const [only] = frames(text);
    expect(only?.context).toMatchObject({
      moduleKey: 'topic-backlog-page',
      extension: { type: 'confluence:spacePage', space: { key: 'COP' } },
    });
  });
});

describe('the fixture app', () => {
  let host: Host;
  let dir: string;
  beforeAll(async () => {
    dir = tempDir('shell');
    // The browser test builds the fixture UI; this suite wants the not-built state.
    const emptyUi = join(dir, 'empty-ui');
    mkdirSync(emptyUi, { recursive: true });
    host = await startFixtureHost({ dataDir: dir, resourceOverrides: { main: emptyUi } });
  });
  afterAll(async () => {
    await host.close();
    removeDir(dir);
  });

  it('given the root, when opened, then it redirects to the space overview keeping the query', async () => {
    const r = await get(`${host.url}/?as=${encodeURIComponent(BOB)}`);
    expect(r.status).toBe(302);
    expect(r.location).toBe(`/wiki/spaces/COP/overview?as=${encodeURIComponent(BOB)}`);
  });

  it('given a viewer, when the overview renders, then the frame and its Forge context carry that accountId', async () => {
    const { text } = await get(
      `${host.url}/wiki/spaces/COP/overview?as=${encodeURIComponent(BOB)}&theme=dark`,
    );
    const [f] = frames(text);
    expect(f?.frame).toMatchObject({
      accountId: BOB,
      moduleKey: 'fixture-macro',
      contentId: '98305',
    });
    expect(f?.context).toMatchObject({
      accountId: BOB,
      moduleKey: 'fixture-macro',
      localId: 'home-fixture-macro',
      locale: 'en-US',
      theme: { colorMode: 'dark' },
      extension: {
        type: 'macro',
        content: { id: '98305', type: 'page' },
        space: { id: '65537', key: 'COP' },
        isEditing: false,
      },
    });
    expect(text).toContain('Open as another participant');
  });

  it('given an unknown viewer, when the overview renders, then the first demo user is used', async () => {
    const { text } = await get(`${host.url}/wiki/spaces/COP/overview?as=nobody`);
    expect(frames(text)[0]?.frame.accountId).toBe(ALICE);
  });

  it('given the app creates a page with hostile text, when the shell shows it, then it is listed and inert', async () => {
    const r = await invoke(host, 'page/create', {
      title: 'Notes <script>alert(1)</script>',
      body: '<p>Hello</p><script>alert(2)</script><p onclick="x()">after</p>',
    });
    expect(r.ok).toBe(true);
    const id = r.ok ? (r.body as { body: { id: string } }).body.id : '';
    const overview = await get(`${host.url}/wiki/spaces/COP/overview`);
    expect(overview.text).toContain(`/wiki/spaces/COP/pages/${id}`);
    expect(overview.text).toContain('Notes &lt;script&gt;alert(1)&lt;/script&gt;');
    const page = await get(`${host.url}/wiki/spaces/COP/pages/${id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<p>Hello</p>');
    expect(page.text).toContain('Created by Alice Facilitator');
    expect(page.text).not.toMatch(/<script>alert/);
    expect(page.text).not.toContain('onclick');
  });

  it('given the resource is not built, when the iframe loads, then a placeholder with the bridge is served', async () => {
    const { status, text } = await get(`${host.url}/__emulator/resources/main/index.html`);
    expect(status).toBe(200);
    expect(text).toContain('Not built yet.');
    expect(text).toContain('<script src="/__emulator/bridge.js"></script>');
    expect(text).toContain('<script src="/__emulator/placeholder.js"></script>');
    expect((await get(`${host.url}/__emulator/placeholder.js`)).status).toBe(200);
    expect((await get(`${host.url}/__emulator/bridge.js`)).text).toContain('window.__bridge');
  });

  it('given the second space, when members and others open it, then only members see it, in the spaces list and at its paths', async () => {
    const OLGA = '557058:0c990c99-0000-4000-8000-000000000009';
    const asOlga = await get(`${host.url}/wiki/spaces/OPS/overview?as=${encodeURIComponent(OLGA)}`);
    expect(asOlga.status).toBe(200);
    expect(asOlga.text).toContain('Platform Guild Home');
    expect(asOlga.text).toContain('/wiki/spaces/OPS/overview');
    const asAlice = await get(
      `${host.url}/wiki/spaces/OPS/overview?as=${encodeURIComponent(ALICE)}`,
    );
    expect(asAlice.status).toBe(404);
    expect(asAlice.text).toContain('data-testid="not-visible"');
    const home = await get(`${host.url}/wiki/spaces/COP/overview?as=${encodeURIComponent(ALICE)}`);
    expect(home.text).not.toContain('/wiki/spaces/OPS/overview');
    const redirect = await get(
      `${host.url}/wiki/pages/viewpage.action?pageId=98306&as=${encodeURIComponent(BOB)}`,
    );
    expect(redirect.status).toBe(302);
    expect(redirect.location).toBe(
      `/wiki/spaces/OPS/pages/98306/Platform+Guild+Home?as=${encodeURIComponent(BOB)}`,
    );
  });

  it('given unknown pages, modules or files, when requested, then 404', async () => {
    expect((await get(`${host.url}/wiki/spaces/COP/pages/123456789`)).status).toBe(404);
    expect((await get(`${host.url}/wiki/spaces/COP/apps/nope`)).status).toBe(404);
    expect((await get(`${host.url}/__emulator/resources/nope/index.html`)).status).toBe(404);
    expect((await get(`${host.url}/__emulator/resources/main/missing.js`)).status).toBe(404);
  });
});

describe('a built resource', () => {
  it('given a built index.html, when served, then the bridge is injected first and assets are served; traversal is refused', async () => {
    const dir = tempDir('built');
    const appDir = join(dir, 'app');
    mkdirSync(join(appDir, 'ui', 'assets'), { recursive: true });
    writeFileSync(
      join(appDir, 'manifest.yml'),
      'modules:\n  macro:\n    - key: m\n      title: M\n      resource: ui\nresources:\n  - key: ui\n    path: ui\n',
    );
    writeFileSync(
      join(appDir, 'ui', 'index.html'),
      '<!doctype html><html><head><title>x</title></head><body><script src="./assets/a.js"></script></body></html>',
    );
    writeFileSync(join(appDir, 'ui', 'assets', 'a.js'), 'console.log(1);');
    writeFileSync(join(appDir, 'secret.txt'), 'secret');
    const host = await startFixtureHost({
      manifestPath: join(appDir, 'manifest.yml'),
      dataDir: join(dir, 'data'),
    });
    try {
      const index = await get(`${host.url}/__emulator/resources/ui/index.html`);
      expect(index.text).toContain('<head><script src="/__emulator/bridge.js"></script><title>');
      const asset = await fetch(`${host.url}/__emulator/resources/ui/assets/a.js`);
      expect(asset.headers.get('content-type')).toContain('text/javascript');
      expect(await asset.text()).toBe('console.log(1);');
      const traversal = await get(`${host.url}/__emulator/resources/ui/..%2Fsecret.txt`);
      expect(traversal.status).toBe(403);
    } finally {
      await host.close();
      removeDir(dir);
    }
  });
});
