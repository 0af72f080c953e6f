/**
 * The offline Forge + Confluence host: reads `manifest.yml`, runs the app's functions from the
 * bundle `@forge/bundler` made (`app-build.ts`), opens the persisted KVS and Confluence stores,
 * installs the Forge runtime seams and serves the shell, the module resources (with
 * `window.__bridge` injected, under Forge's Content-Security-Policy), the bridge endpoints, realtime
 * over Server-Sent Events, and counters.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, relative, resolve, sep } from 'node:path';
import { appBundle, buildPlaceholder } from './app-build';
import { ConfluenceService, DEMO_SPACE, DEMO_USERS } from './confluence-service';
import { Counters, FORGE_QUOTAS, type Quotas } from './counters';
import { KvsService, type KvsRateLimit } from './kvs-service';
import { loadManifest, type AppManifest } from './manifest';
import {
  RATE_LIMIT_EXCEEDED,
  RealtimeHub,
  RealtimeRateLimitError,
  scopeKey,
  type RealtimeRateLimit,
} from './realtime-hub';
import {
  allowedHosts,
  isLoopbackHostname,
  isWildcardHostname,
  refusalOf,
  urlHostname,
  type Refusal,
} from './request-guard';
import { CSP_REPORT_PATH, manifestPermissions, resourcePolicy } from './resource-csp';
import { ForgeRuntime, type FrameContext } from './runtime';
import { handleClock, installTestClock } from './test-clock';
import {
  pagePath,
  placeholderHtml,
  renderHome,
  renderNotVisible,
  renderPage,
  renderSpacePage,
  type ShellDeps,
  type ShellView,
} from './shell';

export interface HostOptions {
  readonly manifestPath: string;
  /** Where data (`kvs.jsonl`, `confluence.jsonl`) and builds live, e.g. `.forge-local`. */
  readonly dataDir: string;
  /** 0 picks a free port. */
  readonly port: number;
  /**
   * Where to listen; loopback (`127.0.0.1`) unless told otherwise. Any other address lets the
   * network act as any user, so the host warns loudly once at start.
   */
  readonly hostname?: string;
  /** Delete stored data before starting. */
  readonly reset?: boolean;
  /** The folder holding `public/` and `placeholder/` (this folder in the repository). */
  readonly emulatorDir?: string;
  readonly invocationTimeoutMs?: number;
  /**
   * Simulated one-way network delay (ms) before and after each KVS request, as between a Forge
   * function and the storage service; 0 (the default) answers at once. Benchmarks use it to show
   * what a read-modify-write loses when storage is not next door.
   */
  readonly kvsLatencyMs?: number;
  /** One-way delay before and after each Confluence request (benchmarks); 0 by default. */
  readonly confluenceLatencyMs?: number;
  /** One-way delay before and after each realtime publish call (benchmarks); 0 by default. */
  readonly realtimeLatencyMs?: number;
  /** Forge's per-minute quotas to enforce from the start (`Counters.setQuotas`); off by default. */
  readonly quotas?: Quotas;
  /** Forge's storage quota answer (429 RATE_LIMIT_EXCEEDED) past this rate; off by default. */
  readonly kvsRateLimit?: KvsRateLimit;
  /** FIDELITY K16: how a transaction condition on a missing row is answered (`KvsOptions`). */
  readonly kvsMissingRowConditions?: 'fail' | 'evaluate';
  /** Benchmarks: `users-bulk` names every well-formed account id, not only the demo users. */
  readonly nameEveryAccount?: boolean;
  /**
   * Forge Realtime's limit on subscribe + publish + signRealtimeToken (Forge: 50 a second per
   * installation, `REALTIME_LIMIT`); past it they fail with RATE_LIMIT_EXCEEDED. Off by default.
   */
  readonly realtimeRateLimit?: RealtimeRateLimit;
  /** Serve these folders instead of the manifest's resource paths (resource key → folder). */
  readonly resourceOverrides?: Readonly<Record<string, string>>;
  /** Expose `POST /__emulator/clock { advanceMs }`, which moves the app's clock (`test-clock.ts`). */
  readonly testClock?: boolean;
  /** Epoch-millisecond clock for TTLs and metadata (tests move time forward). */
  readonly clock?: () => number;
  readonly log?: (line: string) => void;
}

export interface Host {
  readonly url: string;
  readonly port: number;
  readonly manifest: AppManifest;
  readonly runtime: ForgeRuntime;
  readonly kvs: KvsService;
  readonly confluence: ConfluenceService;
  readonly realtime: RealtimeHub;
  readonly counters: Counters;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 6 * 1024 * 1024;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.map': 'application/json',
  '.ico': 'image/x-icon',
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function readBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new HttpError(413, `Request body exceeds ${MAX_BODY_BYTES} bytes`));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (text === '') return resolveBody(undefined);
      try {
        resolveBody(JSON.parse(text));
      } catch {
        reject(new HttpError(400, 'Request body is not valid JSON'));
      }
    });
    req.on('error', reject);
  });
}

function send(
  res: ServerResponse,
  status: number,
  body: string,
  type = 'text/html; charset=utf-8',
): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, body === undefined ? '' : JSON.stringify(body), 'application/json');
}

const escapeText = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The banner printed once when the host listens beyond this machine. */
function exposedWarning(hostname: string, port: number, hosts: ReadonlySet<string>): string {
  const reachable = [...hosts]
    .filter((h) => /:\d+$/.test(h) && !isLoopbackHostname(h.replace(/:\d+$/, '')))
    .map((h) => `http://${h}/`);
  const bar = '!'.repeat(78);
  return [
    bar,
    `!! WARNING: the local Forge host listens on ${urlHostname(hostname)}:${port}, not only on this machine.`,
    '!! It has no login: anyone who can reach it over the network can open the shell and call',
    '!! every resolver as ANY user (?as=<accountId>, /__emulator/invoke), and read or change all',
    '!! stored data. Reachable as: ' + (reachable.join(' ') || '(no other address found)'),
    '!! Stop it and start without --hostname / HOST to listen on 127.0.0.1 only.',
    bar,
  ].join('\n');
}

function frameFrom(v: unknown): FrameContext {
  if (!isRecord(v) || typeof v.moduleKey !== 'string')
    throw new HttpError(400, 'context.moduleKey is required');
  const s = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);
  return {
    moduleKey: v.moduleKey,
    accountId: s(v.accountId),
    localId: s(v.localId),
    contentId: s(v.contentId),
    spaceKey: s(v.spaceKey),
    extensionOverrides: isRecord(v.extensionOverrides) ? v.extensionOverrides : undefined,
    isEditing: v.isEditing === true,
    config: isRecord(v.config) ? v.config : undefined,
    locale: s(v.locale),
    colorMode: v.colorMode === 'dark' ? 'dark' : 'light',
  };
}

interface SseClient {
  readonly res: ServerResponse;
  readonly unsubscribe: Map<string, () => void>;
}

/** Starts a host; resolves once it listens. */
export async function startHost(options: HostOptions): Promise<Host> {
  const log = options.log ?? ((line: string) => console.log(line));
  const emulatorDir = options.emulatorDir ?? __dirname;
  const loaded = loadManifest(options.manifestPath);
  const manifest: AppManifest = {
    ...loaded,
    resources: { ...loaded.resources, ...options.resourceOverrides },
  };
  const dataDir = resolve(options.dataDir);
  if (options.reset) {
    for (const f of ['kvs.jsonl', 'confluence.jsonl']) rmSync(join(dataDir, f), { force: true });
  }
  const buildDir = join(dataDir, 'build');
  mkdirSync(buildDir, { recursive: true });
  // The app's functions run from the bundle Forge's own bundler made (built by `npm run build`,
  // rebuilt here if the sources changed since).
  const bundles =
    manifest.functions.length > 0
      ? (await appBundle(manifest, emulatorDir)).files
      : new Map<string, string>();
  // Built on its first request: most hosts (service tests) never show the not-built page.
  let placeholderJs: Promise<string> | undefined;

  let baseUrl = 'http://localhost';
  const counters = new Counters(options.clock ?? Date.now);
  if (options.quotas) counters.setQuotas(options.quotas);
  const { service: kvs } = await KvsService.open({
    dataDir,
    entities: manifest.entities,
    counters,
    clock: options.clock,
    rateLimit: options.kvsRateLimit,
    ...(options.kvsMissingRowConditions
      ? { missingRowConditions: options.kvsMissingRowConditions }
      : {}),
    log,
  });
  const confluence = await ConfluenceService.open({
    dataDir,
    scopes: manifest.scopes,
    counters,
    baseUrl: () => baseUrl,
    macroModules: manifest.modules.filter((m) => m.type === 'macro').map((m) => m.key),
    nameEveryAccount: options.nameEveryAccount === true,
    log,
  }).catch(async (e: unknown) => {
    await kvs.close(); // a damaged confluence.jsonl stops the start: release kvs.jsonl too
    throw e;
  });
  const realtime = new RealtimeHub(counters, {
    rateLimit: options.realtimeRateLimit,
    clock: options.clock,
  });
  const runtime = new ForgeRuntime({
    manifest,
    identity: {
      cloudId: 'local-cloud-0000-4000-8000-000000000001',
      installationId: 'local-installation-0001',
      environmentId: 'local-environment-0001',
      siteUrl: () => baseUrl,
    },
    kvs,
    confluence,
    realtime,
    counters,
    bundles,
    invocationTimeoutMs: options.invocationTimeoutMs,
    kvsLatencyMs: options.kvsLatencyMs,
    confluenceLatencyMs: options.confluenceLatencyMs,
    realtimeLatencyMs: options.realtimeLatencyMs,
    log,
  });
  runtime.install();
  const testClock = options.testClock ? installTestClock(dataDir) : undefined;

  const shellDeps: ShellDeps = {
    confluence,
    runtime,
    modules: manifest.modules,
    frameSrc: (m) => `/__emulator/resources/${encodeURIComponent(m.resource ?? 'none')}/index.html`,
  };
  const clients = new Map<string, SseClient>();

  const viewOf = (url: URL): ShellView => {
    const as = url.searchParams.get('as');
    const user = DEMO_USERS.find((u) => u.accountId === as) ?? DEMO_USERS[0];
    return {
      accountId: user?.accountId ?? 'anonymous',
      colorMode: url.searchParams.get('theme') === 'dark' ? 'dark' : 'light',
    };
  };

  /** The viewer and theme of a shell URL, kept across redirects (a followed link stays theirs). */
  const keptQuery = (url: URL): string => {
    const kept = new URLSearchParams();
    for (const name of ['as', 'theme']) {
      const value = url.searchParams.get(name);
      if (value !== null) kept.set(name, value);
    }
    const text = kept.toString();
    return text === '' ? '' : `?${text}`;
  };

  /**
   * The shell's answer for a Confluence page path — a space overview, a space page module, a page
   * at its `_links.webui` path (any title slug), `viewpage.action?pageId=` and `/x/<id>` (which
   * redirect to the page) — or undefined when the path is none of these. A page or space the viewer
   * may not see answers 404, as Confluence does.
   */
  const shellPage = (
    url: URL,
  ): { status: number; html: string } | { redirect: string } | undefined => {
    const view = viewOf(url);
    const path = url.pathname;
    const notVisible = () => ({ status: 404, html: renderNotVisible(shellDeps, view) });
    const visible = (page: { spaceId: string } | undefined): boolean => {
      const space = page === undefined ? undefined : confluence.spaceById(page.spaceId);
      return space !== undefined && confluence.canView(space, view.accountId);
    };
    const tiny = /^\/wiki\/x\/(\d+)$/.exec(path);
    const byId =
      path === '/wiki/pages/viewpage.action'
        ? (url.searchParams.get('pageId') ?? '')
        : tiny
          ? (tiny[1] ?? '')
          : undefined;
    if (byId !== undefined) {
      const page = confluence.page(byId);
      if (!page || !visible(page)) return notVisible();
      return { redirect: `${pagePath(shellDeps, page)}${keptQuery(url)}` };
    }
    const m = /^\/wiki\/spaces\/([^/]+)\/(overview|apps\/([^/]+)|pages\/(\d+)(?:\/[^/]*)?)$/.exec(
      path,
    );
    if (m) {
      const space = confluence.spaceByKey(decodeURIComponent(m[1] ?? ''));
      if (!space || !confluence.canView(space, view.accountId)) return notVisible();
      if (m[2] === 'overview') return { status: 200, html: renderHome(shellDeps, view, space) };
      if (m[3] !== undefined) {
        const key = decodeURIComponent(m[3]);
        const module = manifest.modules.find(
          (x) => x.key === key && x.type === 'confluence:spacePage',
        );
        if (!module) return { status: 404, html: 'No such module' };
        return { status: 200, html: renderSpacePage(shellDeps, view, space, module) };
      }
      const page = confluence.page(m[4] ?? '');
      if (!page || !visible(page)) return notVisible();
      if (page.spaceId !== space.id) {
        return { redirect: `${pagePath(shellDeps, page)}${keptQuery(url)}` };
      }
      return { status: 200, html: renderPage(shellDeps, view, page) };
    }
    return undefined;
  };

  // Every response of a resource (its HTML, scripts, styles, even a 404) carries the policy Forge
  // serves Custom UI under (`resource-csp.ts`); a document's own policy depends on its inline scripts.
  const permissions = manifestPermissions(options.manifestPath);
  const policies = new Map<string, string>();
  const policyOf = (html: string): string => {
    const known = policies.get(html);
    if (known !== undefined) return known;
    const policy = resourcePolicy(html, permissions, baseUrl);
    if (policies.size >= 32) policies.clear();
    policies.set(html, policy);
    return policy;
  };
  const bridgeTag = '<script src="/__emulator/bridge.js"></script>';
  /** The document a resource's iframe loads: its index.html with the bridge first, or the placeholder. */
  const resourceDocument = (resourceKey: string, dir: string): string => {
    const index = join(dir, 'index.html');
    if (!existsSync(index) || !statSync(index).isFile()) {
      const declared = loaded.resources[resourceKey] ?? dir;
      return placeholderHtml(relative(manifest.rootDir, declared) || declared);
    }
    const html = readFileSync(index, 'utf8');
    return /<head[^>]*>/i.test(html)
      ? html.replace(/<head[^>]*>/i, (h) => `${h}${bridgeTag}`)
      : bridgeTag + html;
  };
  const sendResource = (
    res: ServerResponse,
    status: number,
    body: string | Buffer,
    type: string,
    documentHtml: string,
  ): void => {
    res.writeHead(status, {
      'content-type': type,
      'cache-control': 'no-store',
      'content-security-policy': policyOf(documentHtml),
    });
    res.end(body);
  };

  const serveResource = (res: ServerResponse, resourceKey: string, rest: string): void => {
    const dir = manifest.resources[resourceKey];
    const text = 'text/plain; charset=utf-8';
    if (!dir) return sendResource(res, 404, `No resource ${resourceKey} in manifest.yml`, text, '');
    const page = resourceDocument(resourceKey, dir);
    const file = normalize(join(dir, rest === '' ? 'index.html' : rest));
    if (!file.startsWith(dir + sep) && file !== dir)
      return sendResource(res, 403, 'Forbidden', text, page);
    if (rest === '' || rest === 'index.html')
      return sendResource(res, 200, page, 'text/html; charset=utf-8', page);
    if (!existsSync(file) || !statSync(file).isFile())
      return sendResource(res, 404, 'Not found', text, page);
    const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
    sendResource(res, 200, readFileSync(file), type, page);
  };

  const servePublic = async (res: ServerResponse, name: string): Promise<void> => {
    const file =
      name === 'placeholder.js'
        ? await (placeholderJs ??= buildPlaceholder(buildDir, emulatorDir))
        : join(emulatorDir, 'public', name);
    if (!/^[\w.-]+$/.test(name) || !existsSync(file))
      return send(res, 404, 'Not found', 'text/plain');
    send(res, 200, readFileSync(file, 'utf8'), CONTENT_TYPES[extname(file)] ?? 'text/plain');
  };

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', baseUrl);
    const path = url.pathname;
    const method = req.method ?? 'GET';
    const home = `/wiki/spaces/${DEMO_SPACE.key}/overview`;
    let m: RegExpMatchArray | null;

    if (method === 'GET' && (path === '/' || path === '/wiki' || path === '/wiki/')) {
      res.writeHead(302, { location: `${home}${url.search}` });
      return void res.end();
    }
    if (method === 'GET' && (m = path.match(/^\/wiki\/spaces\/([^/]+)\/?$/))) {
      res.writeHead(302, { location: `/wiki/spaces/${m[1] ?? ''}/overview${url.search}` });
      return void res.end();
    }
    if (
      method === 'GET' &&
      path.startsWith('/wiki/') &&
      !path.startsWith('/wiki/api/') &&
      !path.startsWith('/wiki/rest/')
    ) {
      const shown = shellPage(url);
      if (shown !== undefined) {
        if ('redirect' in shown) {
          res.writeHead(302, { location: shown.redirect });
          return void res.end();
        }
        return send(res, shown.status, shown.html);
      }
    }
    if (method === 'GET' && (m = path.match(/^\/__emulator\/resources\/([^/]+)\/(.*)$/))) {
      return serveResource(res, decodeURIComponent(m[1] ?? ''), decodeURIComponent(m[2] ?? ''));
    }
    if (method === 'POST' && path === CSP_REPORT_PATH) {
      // The browser's report of a blocked load or script in a resource (the policy's report-uri).
      const body = await readBody(req);
      const r = isRecord(body) && isRecord(body['csp-report']) ? body['csp-report'] : {};
      const field = (k: string): string => (typeof r[k] === 'string' ? r[k] : '?');
      log(
        `[forge-local] Content-Security-Policy violation in ${field('document-uri')}: ` +
          `${field('violated-directive')} blocked ${field('blocked-uri')}`,
      );
      return send(res, 204, '');
    }
    if (method === 'GET' && (m = path.match(/^\/__emulator\/([\w.-]+\.(?:js|css))$/)))
      return servePublic(res, m[1] ?? '');
    if (method === 'GET' && path === '/__emulator/health') return sendJson(res, 200, { ok: true });
    if (method === 'GET' && path === '/__emulator/counters')
      return sendJson(res, 200, counters.snapshot());
    if (method === 'POST' && path === '/__emulator/counters/reset') {
      counters.reset();
      return sendJson(res, 200, counters.snapshot());
    }
    if (method === 'GET' && path === '/__emulator/events') {
      const clientId = url.searchParams.get('client') ?? '';
      if (!clientId) return sendJson(res, 400, { message: 'client is required' });
      clients.get(clientId)?.unsubscribe.forEach((u) => u());
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      res.write('event: ready\ndata: {}\n\n');
      const client: SseClient = { res, unsubscribe: new Map() };
      clients.set(clientId, client);
      const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
      req.on('close', () => {
        clearInterval(keepAlive);
        client.unsubscribe.forEach((u) => u());
        if (clients.get(clientId) === client) clients.delete(clientId);
      });
      return;
    }
    if (path === '/__emulator/clock' && (method === 'GET' || method === 'POST')) {
      const r = handleClock(testClock, method, method === 'POST' ? await readBody(req) : undefined);
      return sendJson(res, r.status, r.body);
    }
    if (method === 'POST' && path.startsWith('/__emulator/')) {
      const body = await readBody(req);
      const b = isRecord(body) ? body : {};
      switch (path) {
        case '/__emulator/invoke': {
          const result = await runtime.invoke(frameFrom(b.context), b.functionKey, b.payload);
          return sendJson(res, 200, result);
        }
        case '/__emulator/limits': {
          // Tests and benchmarks of a child-process host switch Forge's limits on and off:
          // `kvsRateLimit` and `realtimeRateLimit` ({ operations, windowMs } or null to lift) and
          // `refuseNextPublishes` (the next N publishes fail: with Forge's rate-limit error, or
          // with a proxy error given `refuseAs: 'PROXY_ERROR'`), `refuseSubscriptions` (true: every
          // subscribe fails with the rate-limit error until false) and `quotas` (Forge's per-minute
          // quotas: `"forge"` for the published ones, an object of `Quotas`, or null to lift them).
          const isRate = (v: unknown): v is { operations: number; windowMs: number } =>
            isRecord(v) &&
            typeof v.operations === 'number' &&
            typeof v.windowMs === 'number' &&
            v.operations >= 0 &&
            v.windowMs > 0;
          const known = [
            'kvsRateLimit',
            'realtimeRateLimit',
            'refuseNextPublishes',
            'refuseSubscriptions',
            'quotas',
          ];
          if ('refuseSubscriptions' in b && typeof b.refuseSubscriptions !== 'boolean')
            return sendJson(res, 400, { message: 'refuseSubscriptions is true or false' });
          const quotaKeys = [
            'invocationsPerMinute',
            'kvsReadUnitsPerMinute',
            'kvsWriteUnitsPerMinute',
          ];
          const q = b.quotas;
          if (
            'quotas' in b &&
            q !== null &&
            q !== 'forge' &&
            !(
              isRecord(q) &&
              Object.entries(q).every(
                ([k, v]) => quotaKeys.includes(k) && Number.isInteger(v) && Number(v) >= 0,
              )
            )
          )
            return sendJson(res, 400, {
              message: `quotas is "forge", null or { ${quotaKeys.join(', ')} } (whole numbers >= 0)`,
            });
          const refuseAs = b.refuseAs === undefined ? RATE_LIMIT_EXCEEDED : b.refuseAs;
          if (refuseAs !== RATE_LIMIT_EXCEEDED && refuseAs !== 'PROXY_ERROR')
            return sendJson(res, 400, {
              message: 'refuseAs is RATE_LIMIT_EXCEEDED or PROXY_ERROR',
            });
          if (!known.some((k) => k in b))
            return sendJson(res, 400, { message: `Give one of ${known.join(', ')}` });
          for (const name of ['kvsRateLimit', 'realtimeRateLimit'] as const) {
            if (name in b && b[name] !== null && !isRate(b[name]))
              return sendJson(res, 400, {
                message: `${name} is null or { operations >= 0, windowMs > 0 }`,
              });
          }
          const refuse = b.refuseNextPublishes;
          if ('refuseNextPublishes' in b && !(Number.isInteger(refuse) && Number(refuse) >= 0))
            return sendJson(res, 400, { message: 'refuseNextPublishes is a whole number >= 0' });
          if ('kvsRateLimit' in b)
            kvs.setRateLimit(isRate(b.kvsRateLimit) ? { ...b.kvsRateLimit } : undefined);
          if ('realtimeRateLimit' in b)
            realtime.setRateLimit(
              isRate(b.realtimeRateLimit) ? { ...b.realtimeRateLimit } : undefined,
            );
          if ('refuseNextPublishes' in b) realtime.refuseNextPublishes(Number(refuse), refuseAs);
          if ('refuseSubscriptions' in b)
            realtime.refuseSubscriptions(b.refuseSubscriptions === true);
          if ('quotas' in b)
            counters.setQuotas(q === 'forge' ? FORGE_QUOTAS : isRecord(q) ? q : {});
          return sendJson(res, 200, { ok: true });
        }
        case '/__emulator/pages/copy': {
          // Confluence's "Copy page" (also the shell's Copy button): body and macro localIds kept.
          const pageId = typeof b.pageId === 'string' ? b.pageId : '';
          const spaceKey = typeof b.spaceKey === 'string' ? b.spaceKey : '';
          const accountId = typeof b.accountId === 'string' ? b.accountId : '';
          const copied = await confluence.copyPage(pageId, {
            spaceKey,
            accountId,
            ...(typeof b.title === 'string' ? { title: b.title } : {}),
          });
          if (!copied.ok) return sendJson(res, copied.status, { message: copied.message });
          return sendJson(res, 200, {
            id: copied.page.id,
            spaceId: copied.page.spaceId,
            title: copied.page.title,
            macros: copied.page.macros ?? [],
            path: pagePath(shellDeps, copied.page),
          });
        }
        case '/__emulator/users/consent': {
          // Simulates a user who has (not) allowed the app to act as them (Forge's "Allow access").
          if (typeof b.accountId !== 'string' || typeof b.granted !== 'boolean') {
            return sendJson(res, 400, { message: '{ accountId: string, granted: boolean }' });
          }
          confluence.setConsent(b.accountId, b.granted);
          return sendJson(res, 200, { ok: true });
        }
        case '/__emulator/context':
          return sendJson(res, 200, runtime.frontendContext(frameFrom(b.context)));
        case '/__emulator/subscribe': {
          const client = clients.get(typeof b.client === 'string' ? b.client : '');
          const subscriptionId = typeof b.subscriptionId === 'string' ? b.subscriptionId : '';
          if (!client || !subscriptionId)
            return sendJson(res, 409, { message: 'Open /__emulator/events first' });
          if (typeof b.channel !== 'string' || b.channel === '')
            return sendJson(res, 400, { message: 'channel is required' });
          const frame = frameFrom(b.context);
          const overrides =
            isRecord(b.options) && Array.isArray(b.options.contextOverrides)
              ? b.options.contextOverrides
              : undefined;
          client.unsubscribe.get(subscriptionId)?.();
          client.unsubscribe.delete(subscriptionId);
          let stop: () => void;
          try {
            stop = realtime.subscribe({
              channel: b.channel,
              isGlobal: b.isGlobal === true,
              scope: scopeKey(runtime.productContext(frame), overrides),
              deliver: (msg) =>
                client.res.write(
                  `event: realtime\ndata: ${JSON.stringify({ subscriptionId, payload: msg.payload })}\n\n`,
                ),
            });
          } catch (e) {
            // Over Forge Realtime's rate limit: the bridge's subscribe rejects, as on Forge.
            if (e instanceof RealtimeRateLimitError)
              return sendJson(res, 429, { message: RATE_LIMIT_EXCEEDED });
            throw e;
          }
          client.unsubscribe.set(subscriptionId, stop);
          return sendJson(res, 200, { ok: true });
        }
        case '/__emulator/unsubscribe': {
          const client = clients.get(typeof b.client === 'string' ? b.client : '');
          const id = typeof b.subscriptionId === 'string' ? b.subscriptionId : '';
          client?.unsubscribe.get(id)?.();
          client?.unsubscribe.delete(id);
          return sendJson(res, 200, { ok: true });
        }
        case '/__emulator/publish': {
          if (typeof b.channel !== 'string' || b.channel === '')
            return sendJson(res, 400, { message: 'channel is required' });
          const frame = frameFrom(b.context);
          const overrides =
            isRecord(b.options) && Array.isArray(b.options.contextOverrides)
              ? b.options.contextOverrides
              : undefined;
          const r = realtime.publish({
            channel: b.channel,
            isGlobal: b.isGlobal === true,
            scope: scopeKey(runtime.productContext(frame), overrides),
            payload: typeof b.payload === 'string' ? b.payload : JSON.stringify(b.payload ?? null),
          });
          // The bridge's publish answers a PublishResult; errors come back in it, not as a throw.
          return sendJson(
            res,
            200,
            r.ok
              ? { eventId: r.eventId, eventTimestamp: r.eventTimestamp }
              : {
                  eventId: null,
                  eventTimestamp: null,
                  errors: [
                    {
                      message:
                        r.error === 'PROXY_ERROR' ? 'Error publishing event to channel' : r.error,
                    },
                  ],
                },
          );
        }
        default:
          if (path.startsWith('/__emulator/kvs/')) {
            const r = await kvs.handle(path.slice('/__emulator/kvs'.length), body);
            return sendJson(res, r.status, r.body);
          }
      }
    }
    if (path.startsWith('/wiki/api/') || path.startsWith('/wiki/rest/')) {
      const body = method === 'GET' ? undefined : await readBody(req);
      const r = await confluence.handle(method, `${path}${url.search}`, body, { as: 'app' });
      return sendJson(res, r.status, r.body);
    }
    send(res, 404, 'Not found', 'text/plain');
  };

  let hosts = new Set<string>();
  const refusalsLogged = new Set<string>();
  /** Answers a refused request; logs each kind once (a hostile page may retry in a loop). */
  const refuse = (req: IncomingMessage, res: ServerResponse, r: Refusal): void => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const kind = [r.code, req.method, path, req.headers.host, req.headers.origin].join(' ');
    if (refusalsLogged.size < 100 && !refusalsLogged.has(kind)) {
      refusalsLogged.add(kind);
      log(`[forge-local] refused ${req.method} ${req.url}: ${r.message}`);
    }
    if (/^\/(__emulator|wiki\/api|wiki\/rest)\//.test(path))
      return sendJson(res, r.status, { code: r.code, message: r.message });
    send(
      res,
      r.status,
      `<!doctype html><meta charset="utf-8"><title>Refused</title><p>${escapeText(r.message)}</p>`,
    );
  };

  const server: Server = createServer((req, res) => {
    const refusal = refusalOf(req, hosts);
    if (refusal) {
      req.resume(); // drain an unread body so the connection is answered cleanly
      return refuse(req, res, refusal);
    }
    route(req, res).catch((e: unknown) => {
      const status = e instanceof HttpError ? e.status : 500;
      if (status === 500)
        log(`[forge-local] ${req.method} ${req.url}: ${e instanceof Error ? e.stack : String(e)}`);
      if (!res.headersSent)
        sendJson(res, status, { message: e instanceof Error ? e.message : String(e) });
      else res.end();
    });
  });
  server.keepAliveTimeout = 5_000;

  const hostname = options.hostname || '127.0.0.1';
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port, hostname, () => {
      server.off('error', fail);
      ok();
    });
  });
  const port = (server.address() as AddressInfo).port;
  hosts = allowedHosts(hostname, port);
  // A wildcard address is not one to browse to: this machine reaches it on loopback.
  baseUrl = `http://${isWildcardHostname(hostname) ? '127.0.0.1' : urlHostname(hostname)}:${port}`;
  if (!isLoopbackHostname(hostname)) log(exposedWarning(hostname, port, hosts));

  return {
    url: baseUrl,
    port,
    manifest,
    runtime,
    kvs,
    confluence,
    realtime,
    counters,
    async close(): Promise<void> {
      for (const c of clients.values()) c.res.end();
      clients.clear();
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
      runtime.uninstall();
      testClock?.uninstall();
      await kvs.close();
      await confluence.close();
    },
  };
}
