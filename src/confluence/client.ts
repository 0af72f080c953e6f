/**
 * The Confluence port: the few REST v2 calls CoP Kit makes, behind one small interface so services
 * never see HTTP. `forgeConfluence()` is the one implementation, over `@forge/api`
 * `requestConfluence`: page and space reads, permission checks and page writes go `asUser` (what
 * Confluence answers is what the caller may see and do; the facilitator is the author and the app
 * never writes where they could not); user lookups go `asApp`.
 *
 * Every call is typed by Atlassian's published v2 API as `confluence.js` (generated from its
 * OpenAPI description) declares it: query parameters `satisfies` the operation's parameter type,
 * and every field read from an answer is picked from the operation's model type. Type-only
 * imports: nothing of `confluence.js` runs. Where it types a request body as `Record<string, any>`
 * (create page, users-bulk) the body is written from the v2 reference and the local host checks
 * it. Path ids are numbers in the API (`id: z.number()`): a non-numeric id is never sent.
 */
import api, { route, type RequestInit, type RequestProductMethod, type Route } from '@forge/api';
import type {
  BulkUserLookup,
  getPagesInSpace,
  getSpaces,
  Page,
  PagesInSpace,
  PageBodyWrite,
  PermittedOperations,
  Space,
  Spaces,
} from 'confluence.js/v2';

/** Why a call failed, in the terms services act on. */
export type ConfluenceFailure =
  | { readonly kind: 'forbidden'; readonly message: string }
  | { readonly kind: 'not-found'; readonly message: string }
  | { readonly kind: 'title-taken'; readonly message: string }
  | { readonly kind: 'bad-request'; readonly message: string }
  | { readonly kind: 'unavailable'; readonly message: string };

export type ConfluenceResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly failure: ConfluenceFailure };

export interface SpaceRef {
  readonly id: string;
  readonly key: string;
  readonly homepageId: string | undefined;
}

export interface PageRef {
  readonly id: string;
  readonly title: string;
  /** The space the page lives in, as Confluence says. */
  readonly spaceId: string | undefined;
  readonly parentId: string | undefined;
  /** Absolute address of the page in Confluence (`_links.base` + `_links.webui`). */
  readonly url: string;
}

export interface NewPage {
  readonly spaceId: string;
  readonly parentId: string | undefined;
  readonly title: string;
  /** Confluence storage format. */
  readonly storage: string;
}

/** The calls the services make. */
export interface ConfluencePort {
  /** A space by key, if the caller can see it (`not-found` otherwise). */
  spaceByKey(key: string): Promise<ConfluenceResult<SpaceRef>>;
  /** A space by id, if the caller can see it (`not-found` otherwise). */
  space(spaceId: string): Promise<ConfluenceResult<SpaceRef>>;
  /** Whether the user may administer the space (the `administer` operation on it). */
  canAdministerSpace(spaceId: string): Promise<ConfluenceResult<boolean>>;
  /**
   * What the caller may do in the space, as `operation:targetType` (`read:space`,
   * `create:page`, `administer:space` …): `GET /wiki/api/v2/spaces/{id}/operations`.
   */
  spaceOperations(spaceId: string): Promise<ConfluenceResult<readonly string[]>>;
  pageByTitle(spaceId: string, title: string): Promise<ConfluenceResult<PageRef | undefined>>;
  /** A page the caller can see; `undefined` when there is none they can see. */
  page(pageId: string): Promise<ConfluenceResult<PageRef | undefined>>;
  /** What the caller may do with a page (`read`, `update`, `delete` …). */
  pageOperations(pageId: string): Promise<ConfluenceResult<readonly string[]>>;
  /** Whether the caller may edit the page (the `update` operation on it). */
  canEditPage(pageId: string): Promise<ConfluenceResult<boolean>>;
  createPage(page: NewPage): Promise<ConfluenceResult<PageRef>>;
  /**
   * Replaces a page's title and body as the caller, with the next version number (read first; a
   * version written meanwhile is read again, up to three times).
   */
  updatePage(pageId: string, title: string, storage: string): Promise<ConfluenceResult<PageRef>>;
  /** Display names by account id (unknown accounts are left out). */
  displayNames(accountIds: readonly string[]): Promise<ConfluenceResult<Record<string, string>>>;
}

/** The parameters of a `confluence.js` operation (`getSpaces` → its `GetSpaces`). */
type ParamsOf<F extends (client: never, parameters: never) => unknown> = NonNullable<
  Parameters<F>[1]
>;

/** The create-page body (v2 "Create page"; confluence.js types it `Record<string, any>`). */
interface CreatePageBody {
  readonly spaceId: string;
  readonly status: 'current' | 'draft';
  readonly title: string;
  readonly parentId?: string;
  readonly body: PageBodyWrite;
}

/** The users-bulk body (v2 "Get users by ids"; `accountIds` required, at most 100). */
interface UsersBulkBody {
  readonly accountIds: readonly string[];
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;

/** Confluence ids are integers (path ids are `z.number()` in confluence.js). */
const isId = (id: string): boolean => /^\d{1,19}$/.test(id);

interface Reply {
  readonly status: number;
  readonly body: unknown;
}

/** The error text Confluence gives, in either of its error shapes (title, detail or message). */
function errorText(body: unknown): string {
  if (!isRecord(body)) return typeof body === 'string' ? body : '';
  if (Array.isArray(body.errors)) {
    const first: unknown = body.errors[0];
    if (isRecord(first)) {
      return [str(first.title), str(first.detail)].filter((t) => t !== undefined).join(' ');
    }
  }
  return str(body.message) ?? '';
}

function failureOf(reply: Reply): ConfluenceFailure {
  const text = errorText(reply.body);
  if (reply.status === 401 || reply.status === 403) return { kind: 'forbidden', message: text };
  if (reply.status === 404) return { kind: 'not-found', message: text };
  if (reply.status === 400 && /already exists/i.test(text)) {
    return { kind: 'title-taken', message: text };
  }
  if (reply.status === 400) return { kind: 'bad-request', message: text };
  return { kind: 'unavailable', message: text || `Confluence answered ${reply.status}` };
}

type Requester = RequestProductMethod;

async function call(request: Requester, path: Route, init?: RequestInit): Promise<Reply> {
  const response = await request(path, {
    ...init,
    headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
  });
  const text = await response.text();
  let body: unknown = undefined;
  if (text !== '') {
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      body = text;
    }
  }
  return { status: response.status, body };
}

/* ------------------------------------------------------ answers, as typed by confluence.js */

type LinksRead = { readonly webui?: string; readonly base?: string };

/** The page fields the app reads (`Page` of confluence.js). */
type PageRead = Pick<Page, 'id' | 'title' | 'spaceId' | 'parentId'> & {
  readonly _links?: Pick<NonNullable<Page['_links']>, 'webui' | 'base'>;
};

/** The space fields the app reads (`Space` of confluence.js). */
type SpaceRead = Pick<Space, 'id' | 'key' | 'homepageId'>;

function linksOf(v: unknown): LinksRead {
  if (!isRecord(v)) return {};
  const webui = str(v.webui);
  const base = str(v.base);
  return { ...(webui === undefined ? {} : { webui }), ...(base === undefined ? {} : { base }) };
}

function readPage(v: unknown): PageRead | undefined {
  if (!isRecord(v)) return undefined;
  const page: PageRead = {
    id: str(v.id),
    title: str(v.title),
    spaceId: str(v.spaceId),
    parentId: str(v.parentId) ?? null,
    _links: linksOf(v._links),
  };
  return page;
}

function readSpace(v: unknown): SpaceRead | undefined {
  if (!isRecord(v)) return undefined;
  return { id: str(v.id), key: str(v.key), homepageId: str(v.homepageId) };
}

/**
 * The `results` and the top-level `_links.base` of a list answer (`Spaces`, `PagesInSpace`,
 * `BulkUserLookup`): in v2 lists, `base` is there and not on each result.
 */
type ListRead = { readonly results: readonly unknown[] } & {
  readonly base?: NonNullable<PagesInSpace['_links'] | Spaces['_links']>['base'];
};

function readList(body: unknown): ListRead {
  if (!isRecord(body)) return { results: [] };
  const results: readonly unknown[] = Array.isArray(body.results) ? body.results : [];
  const { base } = linksOf(body._links);
  return base === undefined ? { results } : { results, base };
}

/**
 * A page's reference. A single-page answer has `_links.base` on the page; a list answer has it only
 * at the top (v2 "Get pages": results carry `webui`, `editui`, `tinyui`), so lists pass it in. The
 * address is `base` (the site's `/wiki`) + `webui` (`/spaces/KEY/pages/ID/Title`); without them,
 * the site-relative `/wiki/pages/viewpage.action?pageId=`.
 */
function pageRef(body: unknown, listBase?: string): PageRef | undefined {
  const page = readPage(body);
  if (page?.id === undefined || page.title === undefined) return undefined;
  const base = page._links?.base ?? listBase;
  const webui = page._links?.webui;
  const url =
    base !== undefined && webui !== undefined
      ? `${base}${webui}`
      : `${base ?? '/wiki'}/pages/viewpage.action?pageId=${encodeURIComponent(page.id)}`;
  return {
    id: page.id,
    title: page.title,
    spaceId: page.spaceId,
    parentId: page.parentId ?? undefined,
    url,
  };
}

function spaceRef(body: unknown): SpaceRef | undefined {
  const space = readSpace(body);
  if (space?.id === undefined || space.key === undefined) return undefined;
  return { id: space.id, key: space.key, homepageId: space.homepageId };
}

/** The operations of a `PermittedOperations` answer, as `operation:targetType`. */
function operationsOf(body: unknown): string[] {
  const ops: PermittedOperations['operations'] =
    isRecord(body) && Array.isArray(body.operations)
      ? body.operations.filter(isRecord).map((o) => ({
          operation: str(o.operation),
          targetType: str(o.targetType),
        }))
      : [];
  return (ops ?? []).map((o) => `${o.operation ?? ''}:${o.targetType ?? ''}`);
}

const malformed = <T>(what: string): ConfluenceResult<T> => ({
  ok: false,
  failure: { kind: 'unavailable', message: `Confluence sent an unexpected ${what}.` },
});

const notFound = <T>(message: string): ConfluenceResult<T> => ({
  ok: false,
  failure: { kind: 'not-found', message },
});

/**
 * The Forge implementation: page, space and permission calls go as the invocation's user
 * (`asUser()`); user lookups go `asApp()`.
 */
export function forgeConfluence(): ConfluencePort {
  const asUser: Requester = (path, init) => api.asUser().requestConfluence(path, init);
  const asApp: Requester = (path, init) => api.asApp().requestConfluence(path, init);

  const operations = async (pageId: string): Promise<ConfluenceResult<readonly string[]>> => {
    if (!isId(pageId)) return notFound(`No page ${pageId}.`);
    const reply = await call(asUser, route`/wiki/api/v2/pages/${pageId}/operations`);
    if (reply.status !== 200) return { ok: false, failure: failureOf(reply) };
    return { ok: true, value: operationsOf(reply.body) };
  };

  const spaceOperations = async (spaceId: string): Promise<ConfluenceResult<readonly string[]>> => {
    if (!isId(spaceId)) return notFound(`No space ${spaceId}.`);
    const reply = await call(asUser, route`/wiki/api/v2/spaces/${spaceId}/operations`);
    if (reply.status !== 200) return { ok: false, failure: failureOf(reply) };
    return { ok: true, value: operationsOf(reply.body) };
  };

  return {
    async spaceByKey(key) {
      const q = { keys: [key], limit: 1 } satisfies ParamsOf<typeof getSpaces>;
      const reply = await call(
        asUser,
        route`/wiki/api/v2/spaces?keys=${q.keys.join(',')}&limit=${q.limit}`,
      );
      if (reply.status !== 200) return { ok: false, failure: failureOf(reply) };
      const first = readList(reply.body).results[0];
      if (first === undefined) return notFound(`No space ${key} you can see.`);
      const space = spaceRef(first);
      return space === undefined ? malformed('space') : { ok: true, value: space };
    },
    async space(spaceId) {
      if (!isId(spaceId)) return notFound(`No space ${spaceId}.`);
      const reply = await call(asUser, route`/wiki/api/v2/spaces/${spaceId}`);
      if (reply.status !== 200) return { ok: false, failure: failureOf(reply) };
      const space = spaceRef(reply.body);
      return space === undefined ? malformed('space') : { ok: true, value: space };
    },
    async canAdministerSpace(spaceId) {
      const ops = await spaceOperations(spaceId);
      return ops.ok ? { ok: true, value: ops.value.includes('administer:space') } : ops;
    },
    spaceOperations,
    async pageByTitle(spaceId, title) {
      if (!isId(spaceId)) return notFound(`No space ${spaceId}.`);
      const q = {
        title,
        status: ['current'],
        limit: 1,
      } satisfies Omit<ParamsOf<typeof getPagesInSpace>, 'id'>;
      const reply = await call(
        asUser,
        route`/wiki/api/v2/spaces/${spaceId}/pages?title=${q.title}&status=${q.status.join(',')}&limit=${q.limit}`,
      );
      if (reply.status !== 200) return { ok: false, failure: failureOf(reply) };
      const list = readList(reply.body);
      return { ok: true, value: pageRef(list.results[0], list.base) };
    },
    async page(pageId) {
      if (!isId(pageId)) return { ok: true, value: undefined };
      const reply = await call(asUser, route`/wiki/api/v2/pages/${pageId}`);
      if (reply.status === 404) return { ok: true, value: undefined };
      if (reply.status !== 200) return { ok: false, failure: failureOf(reply) };
      const ref = pageRef(reply.body);
      return ref ? { ok: true, value: ref } : malformed('page');
    },
    pageOperations: operations,
    async canEditPage(pageId) {
      const ops = await operations(pageId);
      return ops.ok ? { ok: true, value: ops.value.includes('update:page') } : ops;
    },
    async createPage(page) {
      const body: CreatePageBody = {
        spaceId: page.spaceId,
        status: 'current',
        title: page.title,
        ...(page.parentId === undefined ? {} : { parentId: page.parentId }),
        body: { representation: 'storage', value: page.storage },
      };
      const reply = await call(asUser, route`/wiki/api/v2/pages`, {
        method: 'POST',
        body: JSON.stringify(body),
      });
      if (reply.status !== 200) return { ok: false, failure: failureOf(reply) };
      const ref = pageRef(reply.body);
      return ref ? { ok: true, value: ref } : malformed('page');
    },
    async updatePage(pageId, title, storage) {
      if (!isId(pageId)) return { ok: false, failure: { kind: 'not-found', message: pageId } };
      for (let attempt = 1; ; attempt += 1) {
        const read = await call(asUser, route`/wiki/api/v2/pages/${pageId}`);
        if (read.status !== 200) return { ok: false, failure: failureOf(read) };
        const version =
          isRecord(read.body) && isRecord(read.body.version) ? read.body.version.number : undefined;
        if (typeof version !== 'number') return malformed('page');
        // v2 "Update page": id, status, title, body and version.number (the current one plus one).
        const body = {
          id: pageId,
          status: 'current',
          title,
          body: { representation: 'storage', value: storage },
          version: { number: version + 1 },
        };
        const reply = await call(asUser, route`/wiki/api/v2/pages/${pageId}`, {
          method: 'PUT',
          body: JSON.stringify(body),
        });
        // 409: someone saved a version meanwhile; read the new one and write on top of it.
        if (reply.status === 409 && attempt < 3) continue;
        if (reply.status !== 200) return { ok: false, failure: failureOf(reply) };
        const ref = pageRef(reply.body);
        return ref ? { ok: true, value: ref } : malformed('page');
      }
    },
    async displayNames(accountIds) {
      if (accountIds.length === 0) return { ok: true, value: {} };
      const names: Record<string, string> = {};
      // The bulk lookup takes at most 100 ids a call.
      for (let i = 0; i < accountIds.length; i += 100) {
        const body: UsersBulkBody = { accountIds: accountIds.slice(i, i + 100) };
        const reply = await call(asApp, route`/wiki/api/v2/users-bulk`, {
          method: 'POST',
          body: JSON.stringify(body),
        });
        if (reply.status !== 200) return { ok: false, failure: failureOf(reply) };
        for (const user of readList(reply.body).results) {
          if (!isRecord(user)) continue;
          const read: Pick<
            NonNullable<BulkUserLookup['results']>[number],
            'accountId' | 'displayName' | 'publicName'
          > = {
            accountId: str(user.accountId),
            displayName: str(user.displayName),
            publicName: str(user.publicName),
          };
          const name = read.displayName ?? read.publicName;
          if (read.accountId !== undefined && name !== undefined) names[read.accountId] = name;
        }
      }
      return { ok: true, value: names };
    },
  };
}
