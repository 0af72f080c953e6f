/**
 * The host's Confluence as the real v2 API answers it, through the real `@forge/api`: calls the
 * published API would refuse are refused (route table read from confluence.js), list answers carry
 * `_links.base` only at the top, pages live at `/spaces/<KEY>/pages/<id>/<Title>` under `/wiki`,
 * a second space with its own administrator and members, page operations, page copies keeping
 * their macros' localIds, the resolver context's space taken from the page, a tampered context,
 * and a user who has not allowed the app to act as them.
 */
import { asApp, asUser, route, NeedsAuthenticationError } from '@forge/api';
import type { Host } from '../../emulator/host';
import { confluenceRoutes } from '../../emulator/confluence-api';
import { OPS_SPACE } from '../../emulator/confluence-service';
import {
  ALICE,
  BOB,
  FINN_READ_ONLY,
  HOME_PAGE_ID,
  SPACE_ID,
  invoke,
  postJson,
  removeDir,
  startFixtureHost,
  tempDir,
} from './helpers';

const OLGA = '557058:0c990c99-0000-4000-8000-000000000009';
const SAM = '557058:ab77ab77-0000-4000-8000-000000000007';

let host: Host;
let dataDir: string;

beforeAll(async () => {
  dataDir = tempDir('confluence-fidelity');
  host = await startFixtureHost({ dataDir });
});

afterAll(async () => {
  await host.close();
  removeDir(dataDir);
});

interface Answer {
  readonly status: number;
  readonly body: unknown;
}

async function as(
  accountId: string | undefined,
  path: ReturnType<typeof route>,
  init?: { method: string; body: string },
): Promise<Answer> {
  return host.runtime.runAs({ accountId }, async () => {
    const res = await (accountId === undefined ? asApp() : asUser()).requestConfluence(
      path,
      init === undefined ? undefined : { ...init, headers: { 'content-type': 'application/json' } },
    );
    const text = await res.text();
    return { status: res.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
  });
}

const errorTitle = (a: Answer): string =>
  (a.body as { errors?: { title?: string }[] }).errors?.[0]?.title ?? '';

describe("the published API's refusals", () => {
  it('given confluence.js, when its route table is read, then every route the app calls is there with its parameters', () => {
    const routes = confluenceRoutes();
    const find = (method: string, template: string) =>
      routes.find((r) => r.method === method && r.template === template);
    expect(routes.length).toBeGreaterThan(200);
    expect([...(find('GET', '/wiki/api/v2/spaces')?.query.keys() ?? [])]).toEqual(
      expect.arrayContaining(['keys', 'ids', 'limit']),
    );
    expect([...(find('GET', '/wiki/api/v2/spaces/{id}/pages')?.query.keys() ?? [])]).toEqual(
      expect.arrayContaining(['title', 'status', 'limit']),
    );
    expect(find('GET', '/wiki/api/v2/pages/{id}/operations')?.operation).toBe('getPageOperations');
    expect(find('POST', '/wiki/api/v2/users-bulk')?.operation).toBe('createBulkUserLookup');
  });

  it('given calls the real API would refuse, when made, then 404 / 405 / 400 as Confluence answers, and nothing is created', async () => {
    const before = host.confluence.createdPages().length;
    const unknown = await as(ALICE, route`/wiki/api/v2/pagez/${HOME_PAGE_ID}`);
    expect(unknown.status).toBe(404);
    const method = await as(ALICE, route`/wiki/api/v2/spaces/${SPACE_ID}/operations`, {
      method: 'POST',
      body: '{}',
    });
    expect(method.status).toBe(405);
    const misspelt = await as(ALICE, route`/wiki/api/v2/spaces?key=${'COP'}`);
    expect(misspelt.status).toBe(400);
    expect(errorTitle(misspelt)).toContain("Unknown query parameter 'key'");
    const wrongType = await as(ALICE, route`/wiki/api/v2/pages/${'home'}`);
    expect(wrongType.status).toBe(400);
    const badLimit = await as(ALICE, route`/wiki/api/v2/spaces?keys=${'COP'}&limit=${'ten'}`);
    expect(badLimit.status).toBe(400);
    const badFormat = await as(
      ALICE,
      route`/wiki/api/v2/pages/${HOME_PAGE_ID}?body-format=${'xml'}`,
    );
    expect(badFormat.status).toBe(400);
    const noSpace = await as(ALICE, route`/wiki/api/v2/pages`, {
      method: 'POST',
      body: JSON.stringify({ title: 'No space', status: 'current' }),
    });
    expect(noSpace.status).toBe(400);
    expect(errorTitle(noSpace)).toContain("'spaceId' is required");
    const badBody = await as(ALICE, route`/wiki/api/v2/pages`, {
      method: 'POST',
      body: JSON.stringify({
        spaceId: SPACE_ID,
        title: 'Wrong body',
        body: { representation: 'html', value: '<p>x</p>' },
      }),
    });
    expect(badBody.status).toBe(400);
    const noIds = await as(undefined, route`/wiki/api/v2/users-bulk`, {
      method: 'POST',
      body: JSON.stringify({ ids: [ALICE] }),
    });
    expect(noIds.status).toBe(400);
    expect(host.confluence.createdPages()).toHaveLength(before);
  });
});

describe('links as v2 gives them', () => {
  it('given a page list, when answered, then _links.base is top-level only and webui is /spaces/KEY/pages/ID/Title', async () => {
    const list = await as(ALICE, route`/wiki/api/v2/spaces/${SPACE_ID}/pages?status=current`);
    expect(list.status).toBe(200);
    const body = list.body as {
      results: { id: string; _links: Record<string, string> }[];
      _links: Record<string, string>;
    };
    expect(body._links.base).toBe(`${host.url}/wiki`);
    const home = body.results.find((p) => p.id === HOME_PAGE_ID);
    expect(home?._links.base).toBeUndefined();
    expect(home?._links.webui).toBe(`/spaces/COP/pages/${HOME_PAGE_ID}/Scrum+Master+CoP+Home`);
    const one = await as(ALICE, route`/wiki/api/v2/pages/${HOME_PAGE_ID}`);
    expect((one.body as { _links: Record<string, string> })._links).toMatchObject({
      base: `${host.url}/wiki`,
      webui: `/spaces/COP/pages/${HOME_PAGE_ID}/Scrum+Master+CoP+Home`,
    });
  });

  it('given the webui path joined to base, viewpage.action and /x/<id>, when followed in the shell, then each reaches the page', async () => {
    const reached = async (url: string) => {
      const res = await fetch(url);
      return { status: res.status, text: await res.text(), url: res.url };
    };
    const web = await reached(
      `${host.url}/wiki/spaces/COP/pages/${HOME_PAGE_ID}/Scrum+Master+CoP+Home`,
    );
    expect(web.status).toBe(200);
    expect(web.text).toContain('data-testid="page-title">Scrum Master CoP Home<');
    const asBob = `as=${encodeURIComponent(BOB)}`;
    for (const path of [
      `/wiki/pages/viewpage.action?pageId=${HOME_PAGE_ID}&${asBob}`,
      `/wiki/x/${HOME_PAGE_ID}?${asBob}`,
    ]) {
      const r = await reached(`${host.url}${path}`);
      expect(r.status).toBe(200);
      expect(r.url).toContain(`/wiki/spaces/COP/pages/${HOME_PAGE_ID}/`);
      expect(r.url).toContain(`as=${encodeURIComponent(BOB)}`);
    }
  });
});

describe('a second space with its own administrator and members', () => {
  it('given OPS, when its members, its admin and outsiders ask, then only members see it and only Olga administers it', async () => {
    const keys = async (who: string) =>
      (
        (await as(who, route`/wiki/api/v2/spaces?keys=${'COP'}&keys=${'OPS'}`)).body as {
          results: { key: string }[];
        }
      ).results.map((s) => s.key);
    expect(await keys(OLGA)).toEqual(['COP', 'OPS']);
    expect(await keys(BOB)).toEqual(['COP', 'OPS']);
    expect(await keys(ALICE)).toEqual(['COP']);
    expect((await as(ALICE, route`/wiki/api/v2/pages/${OPS_SPACE.homepageId}`)).status).toBe(404);
    expect((await as(ALICE, route`/wiki/api/v2/spaces/${OPS_SPACE.id}`)).status).toBe(404);
    const ops = async (who: string, id: string) =>
      (
        (await as(who, route`/wiki/api/v2/spaces/${id}/operations`)).body as {
          operations: { operation: string; targetType: string }[];
        }
      ).operations.map((o) => `${o.operation}:${o.targetType}`);
    expect(await ops(OLGA, OPS_SPACE.id)).toContain('administer:space');
    expect(await ops(OLGA, SPACE_ID)).not.toContain('administer:space');
    expect(await ops(SAM, SPACE_ID)).toContain('administer:space');
    expect((await as(SAM, route`/wiki/api/v2/spaces/${OPS_SPACE.id}/operations`)).status).toBe(404);
  });

  it('given a page, when its permitted operations are asked, then read for viewers and update for editors', async () => {
    const opsOf = async (who: string) =>
      (
        (await as(who, route`/wiki/api/v2/pages/${HOME_PAGE_ID}/operations`)).body as {
          operations: { operation: string }[];
        }
      ).operations.map((o) => o.operation);
    expect(await opsOf(ALICE)).toEqual(['read', 'update', 'delete']);
    expect(await opsOf(FINN_READ_ONLY)).toEqual(['read']);
    expect(
      (await as(ALICE, route`/wiki/api/v2/pages/${OPS_SPACE.homepageId}/operations`)).status,
    ).toBe(404);
  });

  it('given a page copied into OPS, when read, then it keeps the body and the macro localIds, and only OPS members see it', async () => {
    const copy = await postJson(`${host.url}/__emulator/pages/copy`, {
      pageId: HOME_PAGE_ID,
      spaceKey: 'OPS',
      accountId: OLGA,
    });
    expect(copy.status).toBe(200);
    const made = copy.json as { id: string; spaceId: string; macros: unknown[]; path: string };
    const original = host.confluence.page(HOME_PAGE_ID);
    expect(made.spaceId).toBe(OPS_SPACE.id);
    expect(made.macros).toEqual(original?.macros);
    expect(made.macros).toEqual([{ moduleKey: 'fixture-macro', localId: 'home-fixture-macro' }]);
    expect(host.confluence.page(made.id)?.body).toBe(original?.body);
    expect(made.path).toBe(`/wiki/spaces/OPS/pages/${made.id}/Copy+of+Scrum+Master+CoP+Home`);
    expect((await as(ALICE, route`/wiki/api/v2/pages/${made.id}`)).status).toBe(404);
    expect((await as(BOB, route`/wiki/api/v2/pages/${made.id}`)).status).toBe(200);
    const shown = await fetch(`${host.url}${made.path}?as=${encodeURIComponent(OLGA)}`);
    expect(shown.status).toBe(200);
    expect(await shown.text()).toContain('&quot;localId&quot;:&quot;home-fixture-macro&quot;');
    const hidden = await fetch(`${host.url}${made.path}?as=${encodeURIComponent(ALICE)}`);
    expect(hidden.status).toBe(404);
    // Alice may not create pages in OPS, so she cannot copy there either.
    const refused = await postJson(`${host.url}/__emulator/pages/copy`, {
      pageId: HOME_PAGE_ID,
      spaceKey: 'OPS',
      accountId: ALICE,
    });
    expect(refused.status).toBe(403);
  });
});

describe('the resolver context', () => {
  it("given a macro on a page in OPS, when invoked, then the context's space is that page's space", async () => {
    const r = await invoke(
      host,
      'whoami',
      {},
      { accountId: OLGA, contentId: OPS_SPACE.homepageId },
    );
    expect(r).toMatchObject({
      ok: true,
      body: {
        extension: {
          content: { id: OPS_SPACE.homepageId },
          space: { id: OPS_SPACE.id, key: 'OPS' },
        },
      },
    });
  });

  it('given a space page opened in OPS, when invoked, then the context carries OPS', async () => {
    const r = await invoke(
      host,
      'whoami',
      {},
      { accountId: OLGA, moduleKey: 'fixture-page', contentId: undefined, spaceKey: 'OPS' },
    );
    expect(r).toMatchObject({ ok: true, body: { extension: { space: { key: 'OPS' } } } });
  });

  it('given a tampered extension.space, when invoked, then the resolver sees what devtools sent', async () => {
    const r = await invoke(
      host,
      'whoami',
      {},
      { extensionOverrides: { space: { id: OPS_SPACE.id, key: 'OPS' } } },
    );
    expect(r).toMatchObject({
      ok: true,
      body: {
        extension: { content: { id: HOME_PAGE_ID }, space: { id: OPS_SPACE.id, key: 'OPS' } },
      },
    });
  });
});

describe('a user who has not allowed the app to act as them', () => {
  it('given consent withdrawn, when the app calls Confluence as them, then @forge/api throws NeedsAuthenticationError; granted again, it works', async () => {
    expect(
      (await postJson(`${host.url}/__emulator/users/consent`, { accountId: BOB, granted: false }))
        .status,
    ).toBe(200);
    await expect(
      host.runtime.runAs({ accountId: BOB }, () =>
        asUser().requestConfluence(route`/wiki/api/v2/pages/${HOME_PAGE_ID}`),
      ),
    ).rejects.toBeInstanceOf(NeedsAuthenticationError);
    // As the app, nothing changes for that user's invocations.
    const asTheApp = await host.runtime.runAs({ accountId: BOB }, () =>
      asApp().requestConfluence(route`/wiki/api/v2/pages/${HOME_PAGE_ID}`),
    );
    expect(asTheApp.status).toBe(200);
    // The fixture's resolver lets the error reach Forge: a platform error, not the app's own.
    const r = await invoke(host, 'page/create', { title: 'Not allowed yet' }, { accountId: BOB });
    expect(r).toMatchObject({ ok: false, error: { code: 'NEEDS_AUTHENTICATION_ERR' } });
    await postJson(`${host.url}/__emulator/users/consent`, { accountId: BOB, granted: true });
    const mine = await host.runtime.runAs({ accountId: BOB }, () =>
      asUser().requestConfluence(route`/wiki/api/v2/pages/${HOME_PAGE_ID}`),
    );
    expect(mine.status).toBe(200);
  });
});
