/**
 * The Confluence service: the REST subset the app calls through `@forge/api` `requestConfluence`
 * (as app and as user) — spaces, pages (create, read, list, permitted operations), user lookup —
 * with Confluence's answer and error shapes, title uniqueness per space, space permissions, and
 * the manifest's scopes enforced the way the Forge proxy enforces them. Pages persist in an
 * append-only log.
 *
 * Every request is first matched against Confluence's published API as `confluence.js` describes
 * it (`confluence-api.ts`): an unknown route answers 404, a known route with another method 405, a
 * query parameter the route does not take or a value of the wrong type 400 — as the real API
 * would, so the app cannot rely on a call Confluence would refuse. A real route the host does not
 * implement answers 404 "not supported by the local host".
 *
 * The demo site: two spaces. `COP` ("Scrum Master CoP") is open to every user of the site (its
 * administrator is Sam); `OPS` ("Platform Guild") only to its members, Olga (its administrator)
 * and Bob. Finn may read but not create pages anywhere. Someone who may not view a space gets 404
 * for its pages and for the space itself, and it is left out of lists. Whether the real v2 API
 * answers 404 or 403 there is not in the sources available offline (confluence.js only says
 * "Permission to view the page and its corresponding space" is required): the host answers 404,
 * and the app treats 403 and 404 alike as "not visible".
 */
import { join } from 'node:path';
import { AppendLog } from './log-store';
import { confluencePoints, type Counters } from './counters';
import { matchRoute, modelFieldEnums, parameterProblem } from './confluence-api';

export interface DemoUser {
  readonly accountId: string;
  readonly displayName: string;
  /** A user who may read but not create pages (a site-wide viewer). */
  readonly readOnly?: boolean;
}

export interface Space {
  readonly id: string;
  readonly key: string;
  readonly name: string;
  readonly homepageId: string;
  /** Who administers the space (the `administer` operation on it). */
  readonly admins: readonly string[];
  /** Who may view it; `undefined`: every user of the site (and the app). */
  readonly members?: readonly string[];
}

/** A Forge macro placed on a page: its module and its instance id (`localId`). */
export interface MacroInstance {
  readonly moduleKey: string;
  readonly localId: string;
}

export interface Page {
  readonly id: string;
  readonly title: string;
  readonly spaceId: string;
  readonly parentId: string | null;
  readonly authorId: string;
  readonly createdAt: string;
  readonly status: string;
  readonly body: string;
  readonly version: number;
  /**
   * The app's macros on the page. Confluence keeps them inside the body (ADF extension nodes with
   * their `localId`); the host keeps them beside it, and a copy keeps them as Confluence does.
   */
  readonly macros?: readonly MacroInstance[];
}

export interface ConfluenceResponse {
  readonly status: number;
  readonly body?: unknown;
}

export interface ConfluenceCaller {
  /** `app` for asApp / plain requestConfluence, `user` for asUser. */
  readonly as: 'app' | 'user';
  readonly accountId?: string;
}

export const DEMO_USERS: readonly DemoUser[] = [
  { accountId: '557058:aa11aa11-0000-4000-8000-000000000001', displayName: 'Alice Facilitator' },
  { accountId: '557058:bb22bb22-0000-4000-8000-000000000002', displayName: 'Bob Scrum Master' },
  { accountId: '557058:cc33cc33-0000-4000-8000-000000000003', displayName: 'Chloé Product Owner' },
  { accountId: '557058:dd44dd44-0000-4000-8000-000000000004', displayName: 'Dev Agile Coach' },
  { accountId: '557058:ee55ee55-0000-4000-8000-000000000005', displayName: 'Eve Developer' },
  {
    accountId: '557058:ff66ff66-0000-4000-8000-000000000006',
    displayName: 'Finn Visitor',
    readOnly: true,
  },
  { accountId: '557058:ab77ab77-0000-4000-8000-000000000007', displayName: 'Sam Space Admin' },
  { accountId: '557058:0c990c99-0000-4000-8000-000000000009', displayName: 'Olga Ops Admin' },
];

const SAM = '557058:ab77ab77-0000-4000-8000-000000000007';
const OLGA = '557058:0c990c99-0000-4000-8000-000000000009';
const BOB = '557058:bb22bb22-0000-4000-8000-000000000002';

export const DEMO_SPACE: Space = {
  id: '65537',
  key: 'COP',
  name: 'Scrum Master CoP',
  homepageId: '98305',
  admins: [SAM],
};

/** The second space: its own administrator, visible to its members only. */
export const OPS_SPACE: Space = {
  id: '65538',
  key: 'OPS',
  name: 'Platform Guild',
  homepageId: '98306',
  admins: [OLGA],
  members: [OLGA, BOB],
};

export const DEMO_SPACES: readonly Space[] = [DEMO_SPACE, OPS_SPACE];

const ALICE = DEMO_USERS[0]?.accountId ?? 'unknown';

function homePage(space: Space, body: string, macros: readonly MacroInstance[]): Page {
  return {
    id: space.homepageId,
    title: `${space.name} Home`,
    spaceId: space.id,
    parentId: null,
    authorId: space.admins[0] ?? ALICE,
    createdAt: '2026-01-05T09:00:00.000Z',
    status: 'current',
    body,
    version: 1,
    macros,
  };
}

/** Required scopes per route: any one of them grants access (granular or classic). */
const SCOPES = {
  readSpace: ['read:space:confluence', 'read:confluence-space.summary'],
  readPage: [
    'read:page:confluence',
    'read:confluence-content.all',
    'read:confluence-content.summary',
  ],
  writePage: ['write:page:confluence', 'write:confluence-content'],
  readUser: ['read:user:confluence', 'read:confluence-user'],
} as const;

const errorBody = (status: number, code: string, title: string): unknown => ({
  errors: [{ status, code, title, detail: null }],
});

const notFound = (): ConfluenceResponse => ({
  status: 404,
  body: errorBody(404, 'NOT_FOUND', 'Not Found'),
});

const badRequest = (title: string): ConfluenceResponse => ({
  status: 400,
  body: errorBody(400, 'INVALID_REQUEST_PARAMETER', title),
});

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Confluence's page path segment for a title: URL-encoded, spaces as `+`. */
export const titleSlug = (title: string): string => encodeURIComponent(title).replace(/%20/g, '+');

interface LogRecord {
  readonly page: Page;
}

/** One implemented route: its scopes, an optional body check, and its answer. */
interface Implemented {
  readonly scopes: readonly string[];
  /** A refusal of the request body, as the real API answers it (400), or undefined. */
  readonly body?: (body: unknown) => string | undefined;
  readonly run: (
    params: Readonly<Record<string, string>>,
    url: URL,
    body: unknown,
    caller: ConfluenceCaller,
  ) => ConfluenceResponse | Promise<ConfluenceResponse>;
}

/** Representations a page body may be written in (`PageBodyWriteSchema`, confluence.js). */
const BODY_REPRESENTATIONS = modelFieldEnums('v2', 'PageBodyWriteSchema').representation ?? [];

/**
 * The create-page body the v2 reference describes ("Create page": `spaceId` required; `status`
 * current | draft; `title`, `parentId` strings; `body` a `PageBodyWrite`). confluence.js types the
 * whole body as `Record<string, any>`, so these rules are written here.
 */
function createPageBodyProblem(body: unknown): string | undefined {
  if (!isRecord(body)) return 'The request body must be a JSON object';
  const string = (v: unknown): boolean => typeof v === 'string';
  if (body.spaceId === undefined || body.spaceId === null) return "'spaceId' is required";
  if (!string(body.spaceId) && typeof body.spaceId !== 'number') {
    return "Provided value for 'spaceId' is not the correct type. Expected type is ContentId";
  }
  if (body.status !== undefined && body.status !== 'current' && body.status !== 'draft') {
    return "'status' must be one of current, draft";
  }
  for (const field of ['title', 'parentId'] as const) {
    if (body[field] !== undefined && body[field] !== null && !string(body[field])) {
      return `Provided value for '${field}' is not the correct type. Expected a string`;
    }
  }
  if (body.body !== undefined) {
    const b = body.body;
    if (!isRecord(b)) return "'body' must be an object";
    const nested = isRecord(b.storage) ? b.storage : b;
    if (nested.value !== undefined && !string(nested.value)) return "'body.value' must be a string";
    const representation = nested.representation;
    if (
      representation !== undefined &&
      (typeof representation !== 'string' || !BODY_REPRESENTATIONS.includes(representation))
    ) {
      return `'body.representation' must be one of ${BODY_REPRESENTATIONS.join(', ')}`;
    }
  }
  return undefined;
}

/** `POST /users-bulk`: `accountIds` (required) is an array of strings, at most 100. */
function usersBulkBodyProblem(body: unknown): string | undefined {
  if (!isRecord(body) || !Array.isArray(body.accountIds)) return "'accountIds' is required";
  if (!body.accountIds.every((id) => typeof id === 'string')) {
    return "'accountIds' must be an array of strings";
  }
  return body.accountIds.length > 100 ? "'accountIds' takes at most 100 ids" : undefined;
}

export class ConfluenceService {
  private readonly pages = new Map<string, Page>();
  /** Accounts reported as closed by the personal-data reporting API (tests close them). */
  private readonly closedAccounts = new Set<string>();
  /** Accounts that have not allowed the app to act as them (Forge asks them to, `asUser`). */
  private readonly withoutConsent = new Set<string>();
  private nextId = 200001;
  private readonly routes: Readonly<Record<string, Implemented>>;

  private constructor(
    private readonly log: AppendLog<LogRecord>,
    private readonly scopes: readonly string[],
    private readonly counters: Counters,
    private readonly baseUrl: () => string,
    macroModules: readonly string[],
    private readonly nameEveryAccount: boolean,
  ) {
    const macros = macroModules.map((moduleKey) => ({ moduleKey, localId: `home-${moduleKey}` }));
    for (const page of [
      homePage(
        DEMO_SPACE,
        '<p>Welcome to the community of practice. The session games live below.</p>',
        macros,
      ),
      homePage(OPS_SPACE, '<p>The platform guild: runbooks, reviews and our own sessions.</p>', []),
    ]) {
      this.pages.set(page.id, page);
    }
    this.routes = this.implemented();
  }

  static async open(options: {
    dataDir: string;
    scopes: readonly string[];
    counters: Counters;
    baseUrl: () => string;
    /** Where the log reports a cut torn tail or a failed write. */
    log?: (line: string) => void;
    /** The manifest's macro modules: the COP home page holds one instance of each. */
    macroModules?: readonly string[];
    /**
     * Benchmarks: `users-bulk` also names any well-formed account id outside the demo users (a
     * site with many people, as the screens benchmark plays one). Permissions are unchanged.
     */
    nameEveryAccount?: boolean;
  }): Promise<ConfluenceService> {
    const pages: Page[] = [];
    const { log } = await AppendLog.open<LogRecord>(
      join(options.dataDir, 'confluence.jsonl'),
      (r) => pages.push(r.page),
      options.log,
    );
    const service = new ConfluenceService(
      log,
      options.scopes,
      options.counters,
      options.baseUrl,
      options.macroModules ?? [],
      options.nameEveryAccount === true,
    );
    for (const p of pages) {
      service.pages.set(p.id, p);
      service.nextId = Math.max(service.nextId, Number(p.id) + 1);
    }
    return service;
  }

  close(): Promise<void> {
    return this.log.close();
  }

  /** The first demo space (the CoP). */
  space(): Space {
    return DEMO_SPACE;
  }

  spaces(): readonly Space[] {
    return DEMO_SPACES;
  }

  spaceByKey(key: string): Space | undefined {
    return DEMO_SPACES.find((s) => s.key === key);
  }

  spaceById(id: string): Space | undefined {
    return DEMO_SPACES.find((s) => s.id === id);
  }

  /** The space a page lives in. */
  spaceOfPage(pageId: string): Space | undefined {
    const page = this.pages.get(pageId);
    return page === undefined ? undefined : this.spaceById(page.spaceId);
  }

  users(): readonly DemoUser[] {
    return DEMO_USERS;
  }

  user(accountId: string): DemoUser | undefined {
    return DEMO_USERS.find((u) => u.accountId === accountId);
  }

  /** Whether an account may view a space (every site user, or its members). */
  canView(space: Space, accountId: string | undefined): boolean {
    if (accountId === undefined) return true; // the app
    return space.members === undefined || space.members.includes(accountId);
  }

  /** Whether an account may create and edit pages in a space (known, not read-only, a viewer). */
  canEdit(space: Space, accountId: string | undefined): boolean {
    const user = accountId === undefined ? undefined : this.user(accountId);
    return user !== undefined && !user.readOnly && this.canView(space, accountId);
  }

  isAdmin(space: Space, accountId: string | undefined): boolean {
    return accountId !== undefined && space.admins.includes(accountId);
  }

  /** Pages the app created or copied, oldest first (the spaces' home pages excluded). */
  createdPages(): Page[] {
    const homes = new Set(DEMO_SPACES.map((s) => s.homepageId));
    return [...this.pages.values()].filter((p) => !homes.has(p.id));
  }

  /** The pages of a space, home page first. */
  pagesIn(spaceId: string): Page[] {
    return [...this.pages.values()].filter((p) => p.spaceId === spaceId);
  }

  page(id: string): Page | undefined {
    return this.pages.get(id);
  }

  /** The path of a page under `/wiki`, as Confluence's `_links.webui` gives it. */
  webui(page: Page): string {
    const key = this.spaceById(page.spaceId)?.key ?? 'UNKNOWN';
    return `/spaces/${key}/pages/${page.id}/${titleSlug(page.title)}`;
  }

  /**
   * Copies a page into a space (Confluence's "Copy"): the body and the macros — with their
   * `localId`s — are kept, as Confluence keeps them; the copy gets a new id, the given title (or
   * "Copy of …") and the copier as author, under the target space's home page.
   */
  async copyPage(
    pageId: string,
    target: { spaceKey: string; title?: string; accountId: string },
  ): Promise<{ ok: true; page: Page } | { ok: false; status: number; message: string }> {
    const source = this.pages.get(pageId);
    const space = this.spaceByKey(target.spaceKey);
    const sourceSpace = source === undefined ? undefined : this.spaceById(source.spaceId);
    if (!source || !sourceSpace || !this.canView(sourceSpace, target.accountId)) {
      return { ok: false, status: 404, message: `No page ${pageId} you can see` };
    }
    if (!space) return { ok: false, status: 404, message: `No space ${target.spaceKey}` };
    if (!this.canEdit(space, target.accountId)) {
      return { ok: false, status: 403, message: `You cannot create pages in ${space.key}` };
    }
    const title = target.title ?? `Copy of ${source.title}`;
    if (this.titleTaken(space.id, title)) {
      return { ok: false, status: 400, message: `A page with this title already exists: ${title}` };
    }
    const page: Page = {
      ...source,
      id: String(this.nextId++),
      title,
      spaceId: space.id,
      parentId: space.homepageId,
      authorId: target.accountId,
      createdAt: new Date().toISOString(),
      version: 1,
      macros: [...(source.macros ?? [])],
    };
    this.unsettled.push(page);
    try {
      await this.log.append({ page }, (durable) => {
        this.unsettled.splice(this.unsettled.indexOf(page), 1);
        if (durable) this.pages.set(page.id, page);
      });
    } catch (e) {
      return { ok: false, status: 500, message: e instanceof Error ? e.message : String(e) };
    }
    return { ok: true, page };
  }

  /** Marks an account as closed: `/app/report-accounts` answers `closed` for it from now on. */
  closeAccount(accountId: string): void {
    this.closedAccounts.add(accountId);
  }

  /**
   * Whether the account has allowed the app to act as them. Until they have, every `asUser` call
   * answers Forge's proxy error `NEEDS_AUTHENTICATION_ERR` (the runtime asks this).
   */
  hasConsent(accountId: string): boolean {
    return !this.withoutConsent.has(accountId);
  }

  /** Simulates a user who has (not) granted the app access to act as them. */
  setConsent(accountId: string, granted: boolean): void {
    if (granted) this.withoutConsent.delete(accountId);
    else this.withoutConsent.add(accountId);
  }

  /**
   * The personal-data reporting API (`POST /app/report-accounts`, reached through
   * `privacy.reportPersonalData`): at most 90 accounts a call; answers 200 with the accounts that
   * need action (closed ones here), or 204 when none do.
   */
  reportAccounts(body: unknown): ConfluenceResponse {
    this.counters.confluenceRequest('POST app/report-accounts');
    const accounts = isRecord(body) && Array.isArray(body.accounts) ? body.accounts : [];
    if (accounts.length > 90) {
      return { status: 400, body: { message: 'At most 90 accounts per request' } };
    }
    const closed = accounts
      .map((a) => (isRecord(a) && typeof a.accountId === 'string' ? a.accountId : ''))
      .filter((id) => this.closedAccounts.has(id))
      .map((accountId) => ({ accountId, status: 'closed' }));
    return closed.length === 0 ? { status: 204 } : { status: 200, body: { accounts: closed } };
  }

  private allowed(required: readonly string[]): boolean {
    return required.some((s) => this.scopes.includes(s));
  }

  /** Answers one REST call. `path` includes the query string, e.g. `/wiki/api/v2/spaces?keys=COP`. */
  async handle(
    method: string,
    path: string,
    body: unknown,
    caller: ConfluenceCaller,
  ): Promise<ConfluenceResponse> {
    return (await this.handleMetered(method, path, body, caller)).response;
  }

  /** `handle`, with the rate-limit points the request cost (`confluencePoints`). */
  async handleMetered(
    method: string,
    path: string,
    body: unknown,
    caller: ConfluenceCaller,
  ): Promise<{ readonly response: ConfluenceResponse; readonly points: number }> {
    const base = (
      response: ConfluenceResponse,
    ): { response: ConfluenceResponse; points: number } => {
      this.counters.confluenceMetered(1);
      return { response, points: 1 };
    };
    const url = new URL(path, 'http://confluence.local');
    const p = url.pathname.replace(/\/+$/, '');
    const m = method.toUpperCase();
    const match = matchRoute(m, p);
    if (match.kind === 'no-route') {
      this.counters.confluenceRequest(`${m} unknown route`);
      return base({ status: 404, body: errorBody(404, 'NOT_FOUND', `No route for ${m} ${p}`) });
    }
    if (match.kind === 'wrong-method') {
      this.counters.confluenceRequest(`${m} unknown route`);
      return base({
        status: 405,
        body: errorBody(
          405,
          'METHOD_NOT_ALLOWED',
          `${m} is not allowed; use ${match.allowed.join(', ')}`,
        ),
      });
    }
    const { route, params } = match;
    const impl = this.routes[route.operation];
    if (impl === undefined) {
      this.counters.confluenceRequest(`${m} unsupported`);
      return base({
        status: 404,
        body: errorBody(404, 'NOT_FOUND', `${m} ${p} is not supported by the local host`),
      });
    }
    this.counters.confluenceRequest(`${m} ${route.template}`);
    if (!this.allowed(impl.scopes)) {
      return base({
        status: 401,
        body: { code: 401, message: 'Unauthorized; scope does not match' },
      });
    }
    const problem = parameterProblem(route, params, url.searchParams) ?? impl.body?.(body);
    if (problem !== undefined) return base(badRequest(problem));
    const answer = await impl.run(params, url, body, caller);
    const points = answer.status < 400 ? confluencePoints(m, route.template, answer.body) : 1;
    this.counters.confluenceMetered(points);
    return { response: answer, points };
  }

  /** The routes the host answers, by `confluence.js` operation. */
  private implemented(): Readonly<Record<string, Implemented>> {
    const who = (caller: ConfluenceCaller): string | undefined =>
      caller.as === 'user' ? (caller.accountId ?? '') : undefined;
    return {
      getSpaces: {
        scopes: SCOPES.readSpace,
        run: (_p, url, _b, c) => this.listSpaces(url, who(c)),
      },
      getSpaceById: {
        scopes: SCOPES.readSpace,
        run: (p, _u, _b, c) => this.getSpace(p.id ?? '', who(c)),
      },
      getSpaceOperations: {
        scopes: SCOPES.readSpace,
        run: (p, _u, _b, c) => this.spaceOperations(p.id ?? '', who(c)),
      },
      getPagesInSpace: {
        scopes: SCOPES.readPage,
        run: (p, url, _b, c) => this.listPages(url, p.id, who(c)),
      },
      getPages: {
        scopes: SCOPES.readPage,
        run: (_p, url, _b, c) => this.listPages(url, undefined, who(c)),
      },
      getPageById: {
        scopes: SCOPES.readPage,
        run: (p, url, _b, c) => this.getPage(p.id ?? '', url, who(c)),
      },
      getPageOperations: {
        scopes: SCOPES.readPage,
        run: (p, _u, _b, c) => this.pageOperations(p.id ?? '', who(c)),
      },
      createPage: {
        scopes: SCOPES.writePage,
        body: createPageBodyProblem,
        run: (_p, _u, b, c) => this.createPage(b, c),
      },
      updatePage: {
        scopes: SCOPES.writePage,
        run: (p, _u, b, c) => this.updatePage(p.id ?? '', b, c),
      },
      createBulkUserLookup: {
        scopes: SCOPES.readUser,
        body: usersBulkBodyProblem,
        run: (_p, _u, b) =>
          this.usersBulk(isRecord(b) && Array.isArray(b.accountIds) ? b.accountIds : []),
      },
      getUser: {
        scopes: SCOPES.readUser,
        run: (_p, url) => {
          const u = this.user(url.searchParams.get('accountId') ?? '');
          if (!u) return { status: 404, body: { statusCode: 404, message: 'No user found' } };
          return { status: 200, body: this.userBody(u) };
        },
      },
      getCurrentUser: {
        scopes: SCOPES.readUser,
        run: (_p, _u, _b, c) => {
          const u = c.as === 'user' ? this.user(c.accountId ?? '') : undefined;
          if (!u)
            return { status: 200, body: { type: 'app', accountId: 'app', displayName: 'App' } };
          return { status: 200, body: this.userBody(u) };
        },
      },
      getBulkUserLookup: {
        scopes: SCOPES.readUser,
        run: (_p, url) => this.usersBulk(url.searchParams.getAll('accountId')),
      },
    };
  }

  /** Top-level `_links` of a list answer: `base` lives here, not in each result (as in v2). */
  private listLinks(): Record<string, string> {
    return { base: `${this.baseUrl()}/wiki` };
  }

  private spaceBody(s: Space): Record<string, unknown> {
    return {
      id: s.id,
      key: s.key,
      name: s.name,
      type: 'global',
      status: 'current',
      homepageId: s.homepageId,
      _links: { webui: `/spaces/${s.key}` },
    };
  }

  private listSpaces(url: URL, viewer: string | undefined): ConfluenceResponse {
    const keys = url.searchParams.getAll('keys').flatMap((k) => k.split(','));
    const ids = url.searchParams.getAll('ids').flatMap((k) => k.split(','));
    const results = DEMO_SPACES.filter(
      (s) =>
        this.canView(s, viewer) &&
        (keys.length === 0 || keys.includes(s.key)) &&
        (ids.length === 0 || ids.includes(s.id)),
    ).map((s) => this.spaceBody(s));
    return { status: 200, body: { results, _links: this.listLinks() } };
  }

  private getSpace(id: string, viewer: string | undefined): ConfluenceResponse {
    const space = this.spaceById(id);
    if (!space || !this.canView(space, viewer)) return notFound();
    return {
      status: 200,
      body: { ...this.spaceBody(space), _links: { ...this.spaceLinks(space) } },
    };
  }

  private spaceLinks(space: Space): Record<string, string> {
    return { webui: `/spaces/${space.key}`, base: `${this.baseUrl()}/wiki` };
  }

  /** What the caller may do in the space (asApp: read only). */
  private spaceOperations(id: string, viewer: string | undefined): ConfluenceResponse {
    const space = this.spaceById(id);
    if (!space || !this.canView(space, viewer)) return notFound();
    const operations = [{ operation: 'read', targetType: 'space' }];
    if (viewer !== undefined && this.canEdit(space, viewer)) {
      operations.push({ operation: 'create', targetType: 'page' });
    }
    if (this.isAdmin(space, viewer))
      operations.push({ operation: 'administer', targetType: 'space' });
    return { status: 200, body: { operations, _links: {} } };
  }

  /** What the caller may do with a page: `read`, and `update` / `delete` when they may edit. */
  private pageOperations(id: string, viewer: string | undefined): ConfluenceResponse {
    const page = this.pages.get(id);
    const space = page === undefined ? undefined : this.spaceById(page.spaceId);
    if (!page || !space || !this.canView(space, viewer)) return notFound();
    const operations = [{ operation: 'read', targetType: 'page' }];
    if (viewer !== undefined && this.canEdit(space, viewer)) {
      operations.push(
        { operation: 'update', targetType: 'page' },
        { operation: 'delete', targetType: 'page' },
      );
    }
    return { status: 200, body: { operations, _links: {} } };
  }

  /** A page as v2 answers it; `withBase` for single-page answers (list items carry no base). */
  private pageBody(
    page: Page,
    bodyFormat: string | null,
    withBase: boolean,
  ): Record<string, unknown> {
    return {
      id: page.id,
      status: page.status,
      title: page.title,
      spaceId: page.spaceId,
      parentId: page.parentId,
      parentType: page.parentId ? 'page' : null,
      position: null,
      authorId: page.authorId,
      ownerId: page.authorId,
      createdAt: page.createdAt,
      version: {
        number: page.version,
        message: '',
        minorEdit: false,
        authorId: page.authorId,
        createdAt: page.createdAt,
      },
      body:
        bodyFormat === 'storage'
          ? { storage: { representation: 'storage', value: page.body } }
          : {},
      _links: {
        webui: this.webui(page),
        editui: `/pages/resumedraft.action?draftId=${page.id}`,
        tinyui: `/x/${page.id}`,
        ...(withBase ? { base: `${this.baseUrl()}/wiki` } : {}),
      },
    };
  }

  private visiblePage(id: string, viewer: string | undefined): Page | undefined {
    const page = this.pages.get(id);
    const space = page === undefined ? undefined : this.spaceById(page.spaceId);
    return page && space && this.canView(space, viewer) ? page : undefined;
  }

  private getPage(id: string, url: URL, viewer: string | undefined): ConfluenceResponse {
    const page = this.visiblePage(id, viewer);
    if (!page) return notFound();
    return { status: 200, body: this.pageBody(page, url.searchParams.get('body-format'), true) };
  }

  private listPages(
    url: URL,
    spaceIdFromPath: string | undefined,
    viewer: string | undefined,
  ): ConfluenceResponse {
    if (spaceIdFromPath !== undefined) {
      const space = this.spaceById(spaceIdFromPath);
      if (!space || !this.canView(space, viewer)) return notFound();
    }
    const spaceIds = spaceIdFromPath
      ? [spaceIdFromPath]
      : url.searchParams.getAll('space-id').flatMap((k) => k.split(','));
    const statuses = url.searchParams.getAll('status').flatMap((k) => k.split(','));
    const title = url.searchParams.get('title');
    const limit = Math.min(Number(url.searchParams.get('limit') ?? 25) || 25, 250);
    const results = [...this.pages.values()]
      .filter((p) => this.visiblePage(p.id, viewer) !== undefined)
      .filter((p) => spaceIds.length === 0 || spaceIds.includes(p.spaceId))
      .filter((p) => statuses.length === 0 || statuses.includes(p.status))
      .filter((p) => title === null || p.title === title)
      .slice(0, limit)
      .map((p) => this.pageBody(p, url.searchParams.get('body-format'), false));
    return { status: 200, body: { results, _links: this.listLinks() } };
  }

  /** Whether a current page holds the title, a page still on its way to disk included. */
  private titleTaken(spaceId: string, title: string): boolean {
    return [...this.pages.values(), ...this.unsettled].some(
      (p) => p.spaceId === spaceId && p.title === title && p.status === 'current',
    );
  }

  /**
   * "Update page" (`PUT /wiki/api/v2/pages/{id}`): `status`, `title`, `body` and `version.number`
   * are required; the new version number is the current one plus one, else 409 Conflict (the
   * version check that keeps two writers from overwriting each other); the caller must be able to
   * edit the page's space. A title another current page of the space holds is refused.
   */
  private async updatePage(
    id: string,
    body: unknown,
    caller: ConfluenceCaller,
  ): Promise<ConfluenceResponse> {
    const viewer = caller.as === 'user' ? (caller.accountId ?? '') : undefined;
    const page = this.visiblePage(id, viewer);
    if (!page) return notFound();
    const space = this.spaceById(page.spaceId);
    if (caller.as === 'user' && (!space || !this.canEdit(space, viewer))) {
      return {
        status: 403,
        body: errorBody(403, 'FORBIDDEN', 'You do not have permission to edit this page'),
      };
    }
    const b = isRecord(body) ? body : {};
    const title = typeof b.title === 'string' ? b.title.trim() : '';
    const version = isRecord(b.version) ? b.version.number : undefined;
    if (title === '' || title.length > 255 || typeof version !== 'number' || !isRecord(b.body)) {
      return badRequest("'title', 'body' and 'version.number' are required");
    }
    if (version !== page.version + 1) {
      return {
        status: 409,
        body: errorBody(
          409,
          'CONFLICT',
          `Version must be incremented when updating a page. Current Version: [${page.version}]. Provided version: [${version}]`,
        ),
      };
    }
    if (
      title !== page.title &&
      [...this.pages.values()].some(
        (o) =>
          o.id !== id && o.spaceId === page.spaceId && o.title === title && o.status === 'current',
      )
    ) {
      return badRequest(
        'A page with this title already exists: A page already exists with the same TITLE in this space',
      );
    }
    const storage = isRecord(b.body.storage) ? b.body.storage : b.body;
    const value = typeof storage.value === 'string' ? storage.value : '';
    const updated: Page = { ...page, title, body: value, version: version };
    try {
      await this.log.append({ page: updated }, (durable) => {
        if (durable) this.pages.set(id, updated);
      });
    } catch (e) {
      return {
        status: 500,
        body: errorBody(500, 'INTERNAL_SERVER_ERROR', e instanceof Error ? e.message : String(e)),
      };
    }
    return { status: 200, body: this.pageBody(updated, 'storage', true) };
  }

  private async createPage(body: unknown, caller: ConfluenceCaller): Promise<ConfluenceResponse> {
    const b = isRecord(body) ? body : {};
    const spaceId =
      typeof b.spaceId === 'string' || typeof b.spaceId === 'number' ? String(b.spaceId) : '';
    const space = this.spaceById(spaceId);
    const viewer = caller.as === 'user' ? (caller.accountId ?? '') : undefined;
    if (!space || !this.canView(space, viewer)) {
      return badRequest(
        `Provided value {${spaceId}} for 'spaceId' is not the correct type. Expected type is ContentId`,
      );
    }
    const status = b.status === 'draft' ? 'draft' : 'current';
    const title = typeof b.title === 'string' ? b.title.trim() : '';
    if (title === '' && status === 'current') {
      return {
        status: 400,
        body: errorBody(400, 'BAD_REQUEST', 'Title is required when creating a page'),
      };
    }
    if (title.length > 255) {
      return {
        status: 400,
        body: errorBody(400, 'BAD_REQUEST', 'Title cannot be longer than 255 characters'),
      };
    }
    const author = viewer === undefined ? undefined : this.user(viewer);
    if (caller.as === 'user' && !this.canEdit(space, viewer)) {
      return {
        status: 403,
        body: errorBody(
          403,
          'FORBIDDEN',
          'You do not have permission to create pages in this space',
        ),
      };
    }
    if (status === 'current' && this.titleTaken(spaceId, title)) {
      return {
        status: 400,
        body: errorBody(
          400,
          'BAD_REQUEST',
          'A page with this title already exists: A page already exists with the same TITLE in this space',
        ),
      };
    }
    const parentId =
      typeof b.parentId === 'string' || typeof b.parentId === 'number'
        ? String(b.parentId)
        : space.homepageId;
    const parent = this.pages.get(parentId);
    if (!parent || parent.spaceId !== spaceId) {
      return {
        status: 400,
        body: errorBody(400, 'BAD_REQUEST', `Parent page ${parentId} does not exist`),
      };
    }
    const bodyNode = isRecord(b.body) ? b.body : {};
    const storage = isRecord(bodyNode.storage) ? bodyNode.storage : bodyNode;
    const value = typeof storage.value === 'string' ? storage.value : '';
    const page: Page = {
      id: String(this.nextId++),
      title,
      spaceId,
      parentId,
      authorId: author?.accountId ?? 'app',
      createdAt: new Date().toISOString(),
      status,
      body: value,
      version: 1,
      macros: [],
    };
    // Persist, then apply: a page is visible only once its line is on disk; until then it
    // still holds its title against a second create. A failed write answers 500, as an outage.
    this.unsettled.push(page);
    try {
      await this.log.append({ page }, (durable) => {
        this.unsettled.splice(this.unsettled.indexOf(page), 1);
        if (durable) this.pages.set(page.id, page);
      });
    } catch (e) {
      return {
        status: 500,
        body: errorBody(500, 'INTERNAL_SERVER_ERROR', e instanceof Error ? e.message : String(e)),
      };
    }
    return { status: 200, body: this.pageBody(page, 'storage', true) };
  }

  /** Pages accepted but not yet on disk (never visible to reads). */
  private readonly unsettled: Page[] = [];

  private userBody(u: DemoUser): Record<string, unknown> {
    return {
      type: 'known',
      accountId: u.accountId,
      accountType: 'atlassian',
      accountStatus: 'active',
      displayName: u.displayName,
      publicName: u.displayName,
      email: '',
      isExternalCollaborator: false,
      profilePicture: {
        path: '/wiki/aa-avatar/default.png',
        width: 48,
        height: 48,
        isDefault: true,
      },
    };
  }

  /** With `nameEveryAccount`: a person of a large site, named after their id's last characters. */
  private siteMember(accountId: string): DemoUser | undefined {
    if (!this.nameEveryAccount || !/^[A-Za-z0-9:_-]{1,128}$/.test(accountId)) return undefined;
    return { accountId, displayName: `Member ${accountId.slice(-4)}` };
  }

  private usersBulk(ids: readonly unknown[]): ConfluenceResponse {
    const results = ids
      .filter((id): id is string => typeof id === 'string')
      .flatMap((id) => {
        const u = this.user(id) ?? this.siteMember(id);
        return u ? [this.userBody(u)] : [];
      });
    return { status: 200, body: { results, _links: this.listLinks() } };
  }
}
