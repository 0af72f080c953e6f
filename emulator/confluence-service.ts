/**
 * The Confluence service: the REST subset the app calls through `@forge/api` `requestConfluence`
 * (as app and as user) — spaces by key, pages create / get / list by space and title, user lookup —
 * with Confluence's error shapes, title uniqueness per space, and the manifest's scopes enforced
 * the way the Forge proxy enforces them. Pages persist in an append-only log.
 */
import { join } from 'node:path';
import { AppendLog } from './log-store';
import type { Counters } from './counters';

export interface DemoUser {
  readonly accountId: string;
  readonly displayName: string;
  /** A user who may read the space but not create pages in it. */
  readonly readOnly?: boolean;
  /** A space administrator (the `administer` operation on the space). */
  readonly spaceAdmin?: boolean;
}

export interface Space {
  readonly id: string;
  readonly key: string;
  readonly name: string;
  readonly homepageId: string;
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

export const DEMO_SPACE: Space = {
  id: '65537',
  key: 'COP',
  name: 'Scrum Master CoP',
  homepageId: '98305',
};

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
  {
    accountId: '557058:ab77ab77-0000-4000-8000-000000000007',
    displayName: 'Sam Space Admin',
    spaceAdmin: true,
  },
];

const HOME_PAGE: Page = {
  id: DEMO_SPACE.homepageId,
  title: `${DEMO_SPACE.name} Home`,
  spaceId: DEMO_SPACE.id,
  parentId: null,
  authorId: DEMO_USERS[0]?.accountId ?? 'unknown',
  createdAt: '2026-01-05T09:00:00.000Z',
  status: 'current',
  body: '<p>Welcome to the community of practice. The session games live below.</p>',
  version: 1,
};

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

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

interface LogRecord {
  readonly page: Page;
}

export class ConfluenceService {
  private readonly pages = new Map<string, Page>([[HOME_PAGE.id, HOME_PAGE]]);
  /** Accounts reported as closed by the personal-data reporting API (tests close them). */
  private readonly closedAccounts = new Set<string>();
  private nextId = 200001;

  private constructor(
    private readonly log: AppendLog<LogRecord>,
    private readonly scopes: readonly string[],
    private readonly counters: Counters,
    private readonly baseUrl: () => string,
  ) {}

  static async open(options: {
    dataDir: string;
    scopes: readonly string[];
    counters: Counters;
    baseUrl: () => string;
    /** Where the log reports a cut torn tail or a failed write. */
    log?: (line: string) => void;
  }): Promise<ConfluenceService> {
    const pages: Page[] = [];
    const { log } = await AppendLog.open<LogRecord>(
      join(options.dataDir, 'confluence.jsonl'),
      (r) => pages.push(r.page),
      options.log,
    );
    const service = new ConfluenceService(log, options.scopes, options.counters, options.baseUrl);
    for (const p of pages) {
      service.pages.set(p.id, p);
      service.nextId = Math.max(service.nextId, Number(p.id) + 1);
    }
    return service;
  }

  close(): Promise<void> {
    return this.log.close();
  }

  space(): Space {
    return DEMO_SPACE;
  }

  users(): readonly DemoUser[] {
    return DEMO_USERS;
  }

  user(accountId: string): DemoUser | undefined {
    return DEMO_USERS.find((u) => u.accountId === accountId);
  }

  /** Pages the app created, oldest first (the home page excluded). */
  createdPages(): Page[] {
    return [...this.pages.values()].filter((p) => p.id !== HOME_PAGE.id);
  }

  page(id: string): Page | undefined {
    return this.pages.get(id);
  }

  /** Marks an account as closed: `/app/report-accounts` answers `closed` for it from now on. */
  closeAccount(accountId: string): void {
    this.closedAccounts.add(accountId);
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
    const url = new URL(path, 'http://confluence.local');
    const p = url.pathname.replace(/\/+$/, '');
    const m = method.toUpperCase();
    const route = (name: string, scopes: readonly string[]): ConfluenceResponse | undefined => {
      this.counters.confluenceRequest(`${m} ${name}`);
      if (!this.allowed(scopes)) {
        return { status: 401, body: { code: 401, message: 'Unauthorized; scope does not match' } };
      }
      return undefined;
    };
    let match: RegExpMatchArray | null;
    if (m === 'GET' && p === '/wiki/api/v2/spaces') {
      return route('spaces', SCOPES.readSpace) ?? this.listSpaces(url);
    }
    if (m === 'GET' && (match = p.match(/^\/wiki\/api\/v2\/spaces\/(\d+)$/))) {
      return route('spaces/{id}', SCOPES.readSpace) ?? this.getSpace(match[1] ?? '');
    }
    if (m === 'GET' && (match = p.match(/^\/wiki\/api\/v2\/spaces\/(\d+)\/operations$/))) {
      return (
        route('spaces/{id}/operations', SCOPES.readSpace) ??
        this.spaceOperations(match[1] ?? '', caller)
      );
    }
    if (m === 'GET' && (match = p.match(/^\/wiki\/api\/v2\/spaces\/(\d+)\/pages$/))) {
      return route('spaces/{id}/pages', SCOPES.readPage) ?? this.listPages(url, match[1]);
    }
    if (m === 'GET' && p === '/wiki/api/v2/pages') {
      return route('pages', SCOPES.readPage) ?? this.listPages(url, undefined);
    }
    if (m === 'GET' && (match = p.match(/^\/wiki\/api\/v2\/pages\/(\d+)$/))) {
      return route('pages/{id}', SCOPES.readPage) ?? this.getPage(match[1] ?? '', url);
    }
    if (m === 'POST' && p === '/wiki/api/v2/pages') {
      return route('pages', SCOPES.writePage) ?? (await this.createPage(body, caller));
    }
    if (m === 'POST' && p === '/wiki/api/v2/users-bulk') {
      const ids = isRecord(body) && Array.isArray(body.accountIds) ? body.accountIds : [];
      return route('users-bulk', SCOPES.readUser) ?? this.usersBulk(ids);
    }
    if (m === 'GET' && p === '/wiki/rest/api/user') {
      const denied = route('rest/api/user', SCOPES.readUser);
      if (denied) return denied;
      const u = this.user(url.searchParams.get('accountId') ?? '');
      if (!u) return { status: 404, body: { statusCode: 404, message: 'No user found' } };
      return { status: 200, body: this.userBody(u) };
    }
    if (m === 'GET' && p === '/wiki/rest/api/user/current') {
      const denied = route('rest/api/user/current', SCOPES.readUser);
      if (denied) return denied;
      const u = caller.as === 'user' ? this.user(caller.accountId ?? '') : undefined;
      if (!u) return { status: 200, body: { type: 'app', accountId: 'app', displayName: 'App' } };
      return { status: 200, body: this.userBody(u) };
    }
    if (m === 'GET' && p === '/wiki/rest/api/user/bulk') {
      return (
        route('rest/api/user/bulk', SCOPES.readUser) ??
        this.usersBulk(url.searchParams.getAll('accountId'))
      );
    }
    this.counters.confluenceRequest(`${m} unsupported`);
    return {
      status: 404,
      body: errorBody(404, 'NOT_FOUND', `${m} ${p} is not supported by the local host`),
    };
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

  private listSpaces(url: URL): ConfluenceResponse {
    const keys = url.searchParams.getAll('keys').flatMap((k) => k.split(','));
    const ids = url.searchParams.getAll('ids').flatMap((k) => k.split(','));
    const results = [DEMO_SPACE]
      .filter(
        (s) =>
          (keys.length === 0 || keys.includes(s.key)) && (ids.length === 0 || ids.includes(s.id)),
      )
      .map((s) => this.spaceBody(s));
    return { status: 200, body: { results, _links: {} } };
  }

  private getSpace(id: string): ConfluenceResponse {
    if (id !== DEMO_SPACE.id)
      return { status: 404, body: errorBody(404, 'NOT_FOUND', 'Not Found') };
    return { status: 200, body: this.spaceBody(DEMO_SPACE) };
  }

  /** What the caller may do in the space (asApp: read only). */
  private spaceOperations(id: string, caller: ConfluenceCaller): ConfluenceResponse {
    if (id !== DEMO_SPACE.id)
      return { status: 404, body: errorBody(404, 'NOT_FOUND', 'Not Found') };
    const user = caller.as === 'user' ? this.user(caller.accountId ?? '') : undefined;
    const operations = [{ operation: 'read', targetType: 'space' }];
    if (user && !user.readOnly) {
      operations.push({ operation: 'create', targetType: 'page' });
    }
    if (user?.spaceAdmin) operations.push({ operation: 'administer', targetType: 'space' });
    return { status: 200, body: { operations, _links: {} } };
  }

  private pageBody(page: Page, bodyFormat: string | null): Record<string, unknown> {
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
        webui: `/spaces/${DEMO_SPACE.key}/pages/${page.id}`,
        editui: `/pages/resumedraft.action?draftId=${page.id}`,
        tinyui: `/x/${page.id}`,
        base: `${this.baseUrl()}/wiki`,
      },
    };
  }

  private getPage(id: string, url: URL): ConfluenceResponse {
    const page = this.pages.get(id);
    if (!page) return { status: 404, body: errorBody(404, 'NOT_FOUND', 'Not Found') };
    return { status: 200, body: this.pageBody(page, url.searchParams.get('body-format')) };
  }

  private listPages(url: URL, spaceIdFromPath: string | undefined): ConfluenceResponse {
    const spaceIds = spaceIdFromPath
      ? [spaceIdFromPath]
      : url.searchParams.getAll('space-id').flatMap((k) => k.split(','));
    const title = url.searchParams.get('title');
    const limit = Math.min(Number(url.searchParams.get('limit') ?? 25) || 25, 250);
    const results = [...this.pages.values()]
      .filter((p) => spaceIds.length === 0 || spaceIds.includes(p.spaceId))
      .filter((p) => title === null || p.title === title)
      .slice(0, limit)
      .map((p) => this.pageBody(p, url.searchParams.get('body-format')));
    return { status: 200, body: { results, _links: {} } };
  }

  private async createPage(body: unknown, caller: ConfluenceCaller): Promise<ConfluenceResponse> {
    const b = isRecord(body) ? body : {};
    const spaceId =
      typeof b.spaceId === 'string' || typeof b.spaceId === 'number' ? String(b.spaceId) : '';
    if (spaceId !== DEMO_SPACE.id) {
      return {
        status: 400,
        body: errorBody(
          400,
          'INVALID_REQUEST_PARAMETER',
          'Provided value {' +
            spaceId +
            "} for 'spaceId' is not the correct type. Expected type is ContentId",
        ),
      };
    }
    const title = typeof b.title === 'string' ? b.title.trim() : '';
    if (title === '') {
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
    const author = caller.as === 'user' ? this.user(caller.accountId ?? '') : undefined;
    if (caller.as === 'user' && (!author || author.readOnly)) {
      return {
        status: 403,
        body: errorBody(
          403,
          'FORBIDDEN',
          'You do not have permission to create pages in this space',
        ),
      };
    }
    const status = b.status === 'draft' ? 'draft' : 'current';
    if (
      status === 'current' &&
      [...this.pages.values(), ...this.unsettled].some(
        (p) => p.spaceId === spaceId && p.title === title && p.status === 'current',
      )
    ) {
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
        : HOME_PAGE.id;
    if (!this.pages.has(parentId)) {
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
    return { status: 200, body: this.pageBody(page, 'storage') };
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

  private usersBulk(ids: readonly unknown[]): ConfluenceResponse {
    const results = ids
      .filter((id): id is string => typeof id === 'string')
      .flatMap((id) => {
        const u = this.user(id);
        return u ? [this.userBody(u)] : [];
      });
    return { status: 200, body: { results, _links: {} } };
  }
}
