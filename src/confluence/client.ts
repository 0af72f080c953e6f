/**
 * The Confluence port: the few REST v2 calls CoP Kit makes, behind one small interface so services
 * never see HTTP. `forgeConfluence()` is the one implementation, over `@forge/api`
 * `requestConfluence`: page writes and permission checks go `asUser` (the facilitator is the author
 * and the app never writes where they could not); user lookups go `asApp`.
 */
import api, { route, type RequestInit, type RequestProductMethod, type Route } from '@forge/api';

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
  readonly parentId: string | undefined;
  /** Absolute address of the page in Confluence. */
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
  spaceByKey(key: string): Promise<ConfluenceResult<SpaceRef>>;
  /** Whether the user may administer the space (the `administer` operation on it). */
  canAdministerSpace(spaceId: string): Promise<ConfluenceResult<boolean>>;
  pageByTitle(spaceId: string, title: string): Promise<ConfluenceResult<PageRef | undefined>>;
  page(pageId: string): Promise<ConfluenceResult<PageRef | undefined>>;
  createPage(page: NewPage): Promise<ConfluenceResult<PageRef>>;
  /** Display names by account id (unknown accounts are left out). */
  displayNames(accountIds: readonly string[]): Promise<ConfluenceResult<Record<string, string>>>;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;

interface Reply {
  readonly status: number;
  readonly body: unknown;
}

/** The first error title Confluence gives, in either of its error shapes. */
function errorText(body: unknown): string {
  if (!isRecord(body)) return '';
  if (Array.isArray(body.errors)) {
    const first: unknown = body.errors[0];
    if (isRecord(first)) return str(first.title) ?? str(first.detail) ?? '';
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

function pageRef(body: unknown): PageRef | undefined {
  if (!isRecord(body)) return undefined;
  const id = str(body.id);
  const title = str(body.title);
  if (id === undefined || title === undefined) return undefined;
  const links = isRecord(body._links) ? body._links : {};
  const base = str(links.base) ?? '';
  const webui = str(links.webui) ?? `/pages/${id}`;
  return { id, title, parentId: str(body.parentId) ?? undefined, url: `${base}${webui}` };
}

const malformed = <T>(what: string): ConfluenceResult<T> => ({
  ok: false,
  failure: { kind: 'unavailable', message: `Confluence sent an unexpected ${what}.` },
});

/**
 * The Forge implementation: page, space and permission calls go as the invocation's user
 * (`asUser()`); user lookups go `asApp()`.
 */
export function forgeConfluence(): ConfluencePort {
  const asUser: Requester = (path, init) => api.asUser().requestConfluence(path, init);
  const asApp: Requester = (path, init) => api.asApp().requestConfluence(path, init);
  return {
    async spaceByKey(key) {
      const reply = await call(asUser, route`/wiki/api/v2/spaces?keys=${key}&limit=1`);
      if (reply.status !== 200) return { ok: false, failure: failureOf(reply) };
      const results =
        isRecord(reply.body) && Array.isArray(reply.body.results) ? reply.body.results : [];
      const first: unknown = results[0];
      if (!isRecord(first)) {
        return { ok: false, failure: { kind: 'not-found', message: `No space ${key}.` } };
      }
      const id = str(first.id);
      if (id === undefined) return malformed('space');
      return { ok: true, value: { id, key, homepageId: str(first.homepageId) } };
    },
    async canAdministerSpace(spaceId) {
      const reply = await call(asUser, route`/wiki/api/v2/spaces/${spaceId}/operations`);
      if (reply.status !== 200) return { ok: false, failure: failureOf(reply) };
      const ops =
        isRecord(reply.body) && Array.isArray(reply.body.operations) ? reply.body.operations : [];
      return {
        ok: true,
        value: ops.some(
          (o: unknown) => isRecord(o) && o.operation === 'administer' && o.targetType === 'space',
        ),
      };
    },
    async pageByTitle(spaceId, title) {
      const reply = await call(
        asUser,
        route`/wiki/api/v2/spaces/${spaceId}/pages?title=${title}&status=current&limit=1`,
      );
      if (reply.status !== 200) return { ok: false, failure: failureOf(reply) };
      const results =
        isRecord(reply.body) && Array.isArray(reply.body.results) ? reply.body.results : [];
      return { ok: true, value: pageRef(results[0]) };
    },
    async page(pageId) {
      const reply = await call(asUser, route`/wiki/api/v2/pages/${pageId}`);
      if (reply.status === 404) return { ok: true, value: undefined };
      if (reply.status !== 200) return { ok: false, failure: failureOf(reply) };
      const ref = pageRef(reply.body);
      return ref ? { ok: true, value: ref } : malformed('page');
    },
    async createPage(page) {
      const reply = await call(asUser, route`/wiki/api/v2/pages`, {
        method: 'POST',
        body: JSON.stringify({
          spaceId: page.spaceId,
          status: 'current',
          title: page.title,
          ...(page.parentId === undefined ? {} : { parentId: page.parentId }),
          body: { representation: 'storage', value: page.storage },
        }),
      });
      if (reply.status !== 200) return { ok: false, failure: failureOf(reply) };
      const ref = pageRef(reply.body);
      return ref ? { ok: true, value: ref } : malformed('page');
    },
    async displayNames(accountIds) {
      if (accountIds.length === 0) return { ok: true, value: {} };
      const names: Record<string, string> = {};
      // The bulk lookup takes at most 100 ids a call.
      for (let i = 0; i < accountIds.length; i += 100) {
        const reply = await call(asApp, route`/wiki/api/v2/users-bulk`, {
          method: 'POST',
          body: JSON.stringify({ accountIds: accountIds.slice(i, i + 100) }),
        });
        if (reply.status !== 200) return { ok: false, failure: failureOf(reply) };
        const results =
          isRecord(reply.body) && Array.isArray(reply.body.results) ? reply.body.results : [];
        for (const user of results) {
          if (!isRecord(user)) continue;
          const id = str(user.accountId);
          const name = str(user.displayName) ?? str(user.publicName);
          if (id !== undefined && name !== undefined) names[id] = name;
        }
      }
      return { ok: true, value: names };
    },
  };
}
