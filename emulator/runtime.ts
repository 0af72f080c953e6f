/**
 * The Forge runtime seams. `@forge/api`, `@forge/kvs` and `@forge/realtime` read
 * `global.__forge_runtime__` (app context, proxy token, realtime context token, remaining time) and
 * send every platform call through `global.__forge_fetch__(descriptor, path, init)`. The host
 * provides both; the invocation (principal, module context, deadline) lives in AsyncLocalStorage so
 * concurrent invocations each see their own `accountId`.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ConfluenceService } from './confluence-service';
import type { Counters } from './counters';
import type { KvsService } from './kvs-service';
import type { AppManifest, ModuleDefinition } from './manifest';
import {
  RATE_LIMIT_EXCEEDED,
  scopeKey,
  type ProductContext,
  type RealtimeHub,
} from './realtime-hub';

/**
 * Forge limits on a front-end invocation (developer.atlassian.com/platform/forge/limits-invocation):
 * "Runtime seconds … 25"; "Front-end invocation request payload size 500KB"; "Front-end invocation
 * response payload size 5MB". KB and MB are read as 1,000 and 1,000,000 bytes (the stricter reading).
 */
export const INVOKE_LIMITS = {
  timeoutMs: 25_000,
  payloadMaxBytes: 500_000,
  responseMaxBytes: 5_000_000,
} as const;

/** A scheduled trigger's (or other asynchronous function's) time without `timeoutSeconds`. */
export const ASYNC_DEFAULT_TIMEOUT_SECONDS = 55;

/** Where a call comes from: the iframe's module instance and who is looking at it. */
export interface FrameContext {
  readonly accountId?: string;
  readonly moduleKey: string;
  readonly localId?: string;
  /** The page a macro sits on; its space is the context's space. */
  readonly contentId?: string;
  /** The space of a space page (no content); the first demo space when absent. */
  readonly spaceKey?: string;
  readonly isEditing?: boolean;
  readonly config?: Readonly<Record<string, unknown>>;
  readonly locale?: string;
  readonly colorMode?: 'light' | 'dark';
  /**
   * Fields of the context's `extension` replaced as a viewer could replace them from the browser's
   * devtools (e.g. `{ space: { id, key } }`): Forge guarantees only `accountId`, `accountType`,
   * `license` and `installContext` of a Custom UI resolver's context, so tests tamper with the rest.
   */
  readonly extensionOverrides?: Readonly<Record<string, unknown>>;
}

export interface HostIdentity {
  readonly cloudId: string;
  readonly installationId: string;
  readonly environmentId: string;
  readonly siteUrl: () => string;
}

interface Invocation {
  readonly runtime: ForgeRuntime;
  readonly invocationId: string;
  readonly accountId?: string;
  readonly moduleKey?: string;
  /** The resolver function key being invoked (for per-action counters). */
  readonly functionKey?: string;
  readonly product: ProductContext;
  /**
   * Invoked from the app's frontend (a resolver). Forge: "publishing to non-global channels is only
   * supported for functions invoked from the app frontend", and so is `contextOverrides`.
   */
  readonly fromFrontend: boolean;
  readonly deadline: number;
}

export type InvokeResult =
  | { readonly ok: true; readonly body: unknown }
  | { readonly ok: false; readonly error: { readonly code: string; readonly message: string } };

type ForgeHandler = (request: unknown, runtimePayload: unknown) => Promise<unknown>;

const storage = new AsyncLocalStorage<Invocation>();
let active: ForgeRuntime | undefined;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  new Response(body === undefined ? '' : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });

const proxyError = (status: number, reason: string): Response =>
  new Response(JSON.stringify({ message: reason }), {
    status,
    headers: { 'content-type': 'application/json', 'forge-proxy-error': reason },
  });

const noopMetrics = {
  counter: () => ({ incr: () => undefined, decr: () => undefined }),
  timing: () => ({ measure: () => ({ stop: () => undefined }) }),
  gauge: () => ({ set: () => undefined }),
};

function bodyText(init: unknown): string | undefined {
  if (!isRecord(init)) return undefined;
  const b = init.body;
  if (typeof b === 'string') return b;
  if (b instanceof Uint8Array) return Buffer.from(b).toString('utf8');
  return undefined;
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined || text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * An invocation past the installation's per-minute quota (`Counters.setQuotas`): Forge documents
 * the limit ("Per install 5,000" a minute, "not automatically retried": limits-invocation, RFC-130)
 * but not the answer's shape; the host answers as for any failed invocation, with Forge's
 * rate-limit code (assumed).
 */
function overInvocationQuota(): InvokeResult {
  return {
    ok: false,
    error: {
      code: 'RATE_LIMIT_EXCEEDED',
      message: "Too many invocations: the installation's quota for this minute is used up",
    },
  };
}

export class ForgeRuntime {
  private readonly handlers = new Map<string, ForgeHandler>();

  constructor(
    private readonly deps: {
      readonly manifest: AppManifest;
      readonly identity: HostIdentity;
      readonly kvs: KvsService;
      readonly confluence: ConfluenceService;
      readonly realtime: RealtimeHub;
      readonly counters: Counters;
      readonly bundles: ReadonlyMap<string, string>;
      readonly invocationTimeoutMs?: number;
      /** One-way network delay before and after each KVS request (0: none, the default). */
      readonly kvsLatencyMs?: number;
      /** One-way delay before and after each Confluence request (0: none, the default). */
      readonly confluenceLatencyMs?: number;
      /** One-way delay before and after each realtime publish call (0: none, the default). */
      readonly realtimeLatencyMs?: number;
      readonly log?: (line: string) => void;
    },
  ) {}

  /** Makes this runtime the one `@forge/*` packages reach (the last installed wins). */
  install(): void {
    // The seams are process-wide globals; the runtime they reach is module state by design.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    active = this;
    const g = globalThis as Record<string, unknown>;
    if (!Object.getOwnPropertyDescriptor(g, '__forge_runtime__')?.get) {
      Object.defineProperty(g, '__forge_runtime__', {
        configurable: true,
        get: () => {
          const inv = storage.getStore();
          return (inv?.runtime ?? active)?.runtimeObject(inv);
        },
      });
      g.__forge_fetch__ = (
        descriptor: unknown,
        path: unknown,
        init: unknown,
      ): Promise<Response> => {
        const inv = storage.getStore();
        const runtime = inv?.runtime ?? active;
        if (!runtime) return Promise.resolve(proxyError(500, 'NO_LOCAL_HOST'));
        return runtime.fetch(descriptor, path, init, inv);
      };
    }
  }

  uninstall(): void {
    if (active === this) active = undefined;
  }

  module(moduleKey: string): ModuleDefinition | undefined {
    return this.deps.manifest.modules.find((m) => m.key === moduleKey);
  }

  /**
   * The space a frame sits in, as Confluence knows it: a macro's is its page's space, a space
   * page's the space it was opened in (the first demo space by default). Never the frame's word.
   */
  private spaceOf(frame: FrameContext): { readonly id: string; readonly key: string } | undefined {
    const { confluence } = this.deps;
    const onPage =
      frame.contentId !== undefined &&
      this.module(frame.moduleKey)?.type !== 'confluence:spacePage';
    const space =
      onPage && frame.contentId !== undefined
        ? confluence.spaceOfPage(frame.contentId)
        : frame.spaceKey !== undefined
          ? confluence.spaceByKey(frame.spaceKey)
          : confluence.space();
    return space === undefined ? undefined : { id: space.id, key: space.key };
  }

  /** The module and product context a frame sits in (its realtime channel context). */
  productContext(frame: FrameContext): ProductContext {
    const spaceId = this.spaceOf(frame)?.id ?? '-';
    const { moduleKey } = frame;
    return frame.contentId !== undefined
      ? { moduleKey, contentId: frame.contentId, spaceId }
      : { moduleKey, spaceId };
  }

  /**
   * The `context` Forge hands to a resolver for a call from this frame: the page and its space
   * for a macro, the space for a space page, then any `extensionOverrides` a test tampers with.
   */
  extensionContext(frame: FrameContext): Record<string, unknown> {
    const { identity } = this.deps;
    const module = this.module(frame.moduleKey);
    const found = this.spaceOf(frame);
    const space = found === undefined ? {} : { space: found };
    const extension =
      module?.type === 'macro'
        ? {
            type: 'macro',
            content: { id: frame.contentId ?? '', type: 'page' },
            ...space,
            isEditing: frame.isEditing ?? false,
            config: frame.config ?? {},
            references: [],
          }
        : {
            type: module?.type ?? 'unknown',
            ...space,
            ...(module?.route ? { route: module.route } : {}),
          };
    return {
      localId: frame.localId ?? `${frame.moduleKey}-local`,
      cloudId: identity.cloudId,
      moduleKey: frame.moduleKey,
      siteUrl: identity.siteUrl(),
      environmentId: identity.environmentId,
      environmentType: 'DEVELOPMENT',
      extension: { ...extension, ...frame.extensionOverrides },
    };
  }

  /** The context `view.getContext()` answers in the iframe. */
  frontendContext(frame: FrameContext): Record<string, unknown> {
    return {
      accountId: frame.accountId,
      ...this.extensionContext(frame),
      locale: frame.locale ?? 'en-US',
      timezone: 'UTC',
      theme: { colorMode: frame.colorMode ?? 'light' },
      surfaceColor: frame.colorMode === 'dark' ? '#1D2125' : '#FFFFFF',
    };
  }

  private runtimeObject(inv: Invocation | undefined): Record<string, unknown> {
    const { manifest, identity } = this.deps;
    const invocationId = inv?.invocationId ?? 'outside-invocation';
    return {
      proxy: { token: `local-${invocationId}`, url: 'http://forge-proxy.local' },
      tracing: { traceId: invocationId, spanId: invocationId.slice(0, 16) },
      appContext: {
        appId: manifest.appId,
        appVersion: '1.0.0',
        environmentId: identity.environmentId,
        environmentType: 'DEVELOPMENT',
        invocationId,
        installationId: identity.installationId,
        moduleKey: inv?.moduleKey,
        permissions: { scopes: manifest.scopes, external: {} },
      },
      lambdaContext: {
        getRemainingTimeInMillis: () =>
          inv ? Math.max(0, inv.deadline - Date.now()) : INVOKE_LIMITS.timeoutMs,
      },
      metrics: noopMetrics,
      realtime: {
        contextToken: Buffer.from(JSON.stringify(inv?.product ?? {}), 'utf8').toString('base64url'),
      },
      externalAuth: [],
    };
  }

  /** Runs `fn` as if inside an invocation from `frame` (contract tests use it to drive `@forge/*`). */
  runAs<T>(frame: Partial<FrameContext>, fn: () => Promise<T>): Promise<T> {
    const moduleKey = frame.moduleKey ?? this.deps.manifest.modules[0]?.key ?? 'local';
    const inv: Invocation = {
      runtime: this,
      invocationId: randomUUID(),
      accountId: frame.accountId,
      moduleKey,
      product: this.productContext({ ...frame, moduleKey }),
      fromFrontend: true,
      deadline: Date.now() + (this.deps.invocationTimeoutMs ?? INVOKE_LIMITS.timeoutMs),
    };
    return storage.run(inv, fn);
  }

  /** The `__forge_fetch__` seam. */
  async fetch(
    descriptor: unknown,
    path: unknown,
    init: unknown,
    inv: Invocation | undefined,
  ): Promise<Response> {
    const d = isRecord(descriptor) ? descriptor : {};
    const p = typeof path === 'string' ? path : '';
    const method = isRecord(init) && typeof init.method === 'string' ? init.method : 'GET';
    const body = parseJson(bodyText(init));
    const attribute = (call: Parameters<Counters['attribute']>[1]): void => {
      if (inv?.functionKey !== undefined) this.deps.counters.attribute(inv.functionKey, call);
    };
    switch (d.type) {
      case 'kvs': {
        if (!this.deps.manifest.scopes.includes('storage:app')) {
          return json(403, {
            code: 'MISSING_SCOPE',
            message:
              'The app needs the storage:app scope in manifest.yml to use the Key-Value Store',
          });
        }
        attribute({ kvs: p.replace(/^\/?api\/v1\//, '') });
        const latency = this.deps.kvsLatencyMs ?? 0;
        if (latency > 0) await new Promise((r) => setTimeout(r, latency));
        const { response: r, units } = await this.deps.kvs.handleMetered(p, body);
        if (latency > 0) await new Promise((r) => setTimeout(r, latency));
        if (inv?.functionKey !== undefined)
          this.deps.counters.attributeCost(inv.functionKey, {
            kvsReadUnits: units.read,
            kvsWriteUnits: units.write,
          });
        return json(r.status, r.body);
      }
      case 'fpp': {
        if (d.remote === 'stargate' && p === '/app/report-accounts' && method === 'POST') {
          return this.reportAccounts(body);
        }
        if (d.remote !== 'confluence')
          return proxyError(400, `REMOTE_${String(d.remote)}_NOT_SUPPORTED_BY_LOCAL_HOST`);
        const asUser = d.provider === 'user';
        const accountId = typeof d.accountId === 'string' ? d.accountId : inv?.accountId;
        // Forge's proxy answers this until the user has allowed the app to act as them.
        if (asUser && (!accountId || !this.deps.confluence.hasConsent(accountId))) {
          return proxyError(401, 'NEEDS_AUTHENTICATION_ERR');
        }
        attribute('confluence');
        const confluenceLatency = this.deps.confluenceLatencyMs ?? 0;
        if (confluenceLatency > 0) await new Promise((r) => setTimeout(r, confluenceLatency));
        const { response: r, points } = await this.deps.confluence.handleMetered(
          method,
          p,
          body,
          asUser ? { as: 'user', accountId } : { as: 'app' },
        );
        if (confluenceLatency > 0) await new Promise((r) => setTimeout(r, confluenceLatency));
        if (inv?.functionKey !== undefined)
          this.deps.counters.attributeCost(inv.functionKey, { confluencePoints: points });
        return json(r.status, r.body);
      }
      case 'realtime': {
        const realtimeLatency = this.deps.realtimeLatencyMs ?? 0;
        if (realtimeLatency > 0) await new Promise((r) => setTimeout(r, realtimeLatency));
        const answer = this.realtimeGraphql(
          body,
          isRecord(init) ? init.headers : undefined,
          inv,
          () => attribute('realtime'),
        );
        if (realtimeLatency > 0) await new Promise((r) => setTimeout(r, realtimeLatency));
        return answer;
      }
      default:
        return proxyError(400, `${String(d.type)}_NOT_SUPPORTED_BY_LOCAL_HOST`);
    }
  }

  /** The next report-accounts calls that answer 429, and the `Retry-After` (seconds) they name. */
  private reportThrottle = { remaining: 0, retryAfterSeconds: 0 };

  /**
   * Makes the next `times` calls to the personal data reporting API answer 429 with
   * `Retry-After: <retryAfterSeconds>` ("429: Rate limiting applies. Delay by the time period …
   * specified in the Retry-After header (in seconds)", user privacy guide). 0 stops.
   */
  throttleReportAccounts(times: number, retryAfterSeconds = 1): void {
    this.reportThrottle = { remaining: times, retryAfterSeconds };
  }

  /**
   * `POST /app/report-accounts` (what `@forge/api`'s `privacy.reportPersonalData` calls). It needs
   * the `report:personal-data` scope ("Enables the User privacy API", scopes reference); without it
   * the host answers as it does for a Confluence route whose scope is missing (Forge's own answer
   * here is not documented: assumed).
   */
  private reportAccounts(body: unknown): Response {
    if (!this.deps.manifest.scopes.includes('report:personal-data')) {
      return json(401, { code: 401, message: 'Unauthorized; scope does not match' });
    }
    if (this.reportThrottle.remaining > 0) {
      this.reportThrottle = {
        ...this.reportThrottle,
        remaining: this.reportThrottle.remaining - 1,
      };
      this.deps.counters.confluenceRequest('POST app/report-accounts (429)');
      return json(
        429,
        { errorType: 'RATE_LIMITED', errorMessage: 'Too many requests' },
        { 'retry-after': String(this.reportThrottle.retryAfterSeconds) },
      );
    }
    const r = this.deps.confluence.reportAccounts(body);
    return r.status === 204 ? new Response(null, { status: 204 }) : json(r.status, r.body);
  }

  /**
   * The realtime GraphQL mutations `@forge/realtime` sends (`out/publish.js`,
   * `out/signRealtimeToken.js`). The channel context of a publish is the invocation's (carried in
   * the `x-forge-context-token` header, as Forge's runtime hands it to the package), narrowed or
   * replaced by `contextOverrides` from the `context` variable. Over the rate limit the answer is
   * HTTP 429 "Too Many Requests", which the package turns into
   * `{ eventId: null, errors: [{ message: 'RATE_LIMIT_EXCEEDED', status: 429 }] }` — the message the
   * realtime error page documents.
   */
  private realtimeGraphql(
    body: unknown,
    headers: unknown,
    inv: Invocation | undefined,
    onPublish: () => void,
  ): Response {
    const b = isRecord(body) ? body : {};
    const query = typeof b.query === 'string' ? b.query : '';
    const vars = isRecord(b.variables) ? b.variables : {};
    const tooManyRequests = (): Response =>
      new Response(JSON.stringify({ errors: [{ message: RATE_LIMIT_EXCEEDED }] }), {
        status: 429,
        statusText: 'Too Many Requests',
        headers: { 'content-type': 'application/json' },
      });
    if (query.includes('publishRealtimeChannel')) {
      const h = isRecord(headers) ? headers : {};
      const token =
        typeof h['x-forge-context-token'] === 'string' ? h['x-forge-context-token'] : '';
      const product = parseJson(Buffer.from(token, 'base64url').toString('utf8'));
      const ctx = parseJson(typeof vars.context === 'string' ? vars.context : undefined);
      const overrides =
        isRecord(ctx) && Array.isArray(ctx.contextOverrides) ? ctx.contextOverrides : undefined;
      const isGlobal = vars.isGlobal === true;
      // Realtime events API, Limitations: "The publish API is only supported for functions invoked
      // from the app frontend"; authorizing-realtime-channels: so is contextOverrides. What Forge
      // answers otherwise is not documented; the host uses the page's "Unauthorized request".
      if (inv !== undefined && !inv.fromFrontend && (!isGlobal || overrides !== undefined)) {
        return json(200, {
          data: null,
          errors: [{ message: 'Unauthorized request' }],
        });
      }
      const result = this.deps.realtime.publish({
        channel: typeof vars.name === 'string' ? vars.name : '',
        isGlobal,
        scope: scopeKey(isRecord(product) ? product : {}, overrides),
        payload: typeof vars.payload === 'string' ? vars.payload : JSON.stringify(vars.payload),
      });
      if (!result.ok) {
        // `@forge/realtime` throws ProxyRequestError when the response has a `forge-proxy-error`
        // header (out/utils.js); which reasons Forge sends for realtime is not documented.
        return result.error === 'PROXY_ERROR'
          ? proxyError(502, 'REALTIME_PROXY_ERROR')
          : tooManyRequests();
      }
      onPublish();
      return json(200, {
        data: {
          ecosystem: {
            publishRealtimeChannel: {
              eventId: result.eventId,
              eventTimestamp: result.eventTimestamp,
            },
          },
        },
      });
    }
    if (query.includes('signRealtimeToken')) {
      if (!this.deps.realtime.admit()) return tooManyRequests();
      const expiresAt = Math.floor(Date.now() / 1000) + 3600;
      const part = (o: unknown): string =>
        Buffer.from(JSON.stringify(o), 'utf8').toString('base64url');
      const jwt = `${part({ alg: 'none', typ: 'JWT' })}.${part({
        channel: { name: vars.channelName },
        claims: vars.claims,
        permissions: vars.permissions,
        exp: expiresAt,
      })}.local`;
      return json(200, {
        data: {
          ecosystem: {
            signRealtimeToken: {
              success: true,
              errors: null,
              forgeRealtimeToken: { jwt, expiresAt },
            },
          },
        },
      });
    }
    return json(200, { errors: [{ message: 'Unsupported realtime operation on the local host' }] });
  }

  private handler(functionKey: string): ForgeHandler {
    const cached = this.handlers.get(functionKey);
    if (cached) return cached;
    const fn = this.deps.manifest.functions.find((f) => f.key === functionKey);
    const bundle = this.deps.bundles.get(functionKey);
    if (!fn || !bundle) throw new Error(`Function ${functionKey} is not in manifest.yml`);
    const module: { exports: Record<string, unknown> } = { exports: {} };
    // Evaluated in this realm (not vm) so the bundle sees the same `global` the seams are set on,
    // also under jest's sandbox. Only Node built-ins are left for `require`: the bundle holds the rest.
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    const factory = new Function(
      'module',
      'exports',
      'require',
      '__filename',
      '__dirname',
      readFileSync(bundle, 'utf8'),
    ) as (...args: unknown[]) => void;
    factory(module, module.exports, createRequire(bundle), bundle, bundle.replace(/\/[^/]*$/, ''));
    const exported = module.exports[fn.exportName];
    if (typeof exported !== 'function') {
      throw new Error(`Handler ${fn.file}.${fn.exportName} is not an exported function`);
    }
    const h = exported as ForgeHandler;
    this.handlers.set(functionKey, h);
    return h;
  }

  /**
   * Invokes a function that is not a resolver (a scheduled trigger, a macro's `adfExport`) with the
   * event Forge would pass it, as the app (no user principal unless `accountId` is given).
   */
  async invokeFunction(
    functionKey: string,
    event: unknown,
    frame: Partial<FrameContext> = {},
  ): Promise<InvokeResult> {
    if (!this.deps.counters.admitInvocation()) return overInvocationQuota();
    this.deps.counters.invocation(functionKey);
    // Forge's limits page: "Runtime seconds (async events and scheduled trigger module) 900 …
    // Default timeout is 55 seconds", raised per function with the manifest's `timeoutSeconds`.
    const declared = this.deps.manifest.functions.find((f) => f.key === functionKey);
    const timeoutMs = (declared?.timeoutSeconds ?? ASYNC_DEFAULT_TIMEOUT_SECONDS) * 1000;
    const inv: Invocation = {
      runtime: this,
      invocationId: randomUUID(),
      accountId: frame.accountId,
      moduleKey: frame.moduleKey ?? functionKey,
      product: this.productContext({ moduleKey: functionKey, ...frame }),
      fromFrontend: false,
      deadline: Date.now() + timeoutMs,
    };
    const { identity } = this.deps;
    let timer: NodeJS.Timeout | undefined;
    try {
      const handler = this.handler(functionKey);
      const run = storage.run(inv, () =>
        handler(event, {
          principal: frame.accountId ? { accountId: frame.accountId } : undefined,
          installContext: `ari:cloud:confluence::site/${identity.cloudId}`,
        }),
      );
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new InvocationTimeout(timeoutMs)), timeoutMs);
      });
      const body = await Promise.race([run, timeout]);
      return { ok: true, body };
    } catch (e) {
      if (e instanceof InvocationTimeout) {
        (this.deps.log ?? console.error)(`[forge-local] ${functionKey} timed out: ${e.message}`);
        return { ok: false, error: { code: 'FUNCTION_TIMEOUT', message: e.message } };
      }
      const message = e instanceof Error ? e.message : String(e);
      (this.deps.log ?? console.error)(`[forge-local] ${functionKey} failed: ${message}`);
      return {
        ok: false,
        error: {
          code: 'FUNCTION_ERR',
          message: `There was an error invoking the function - ${message}`,
        },
      };
    } finally {
      if (timer) clearTimeout(timer);
    }
  }

  /** Invokes a resolver the way Forge does for a Custom UI `invoke` from `frame`. */
  async invoke(frame: FrameContext, functionKey: unknown, payload: unknown): Promise<InvokeResult> {
    const module = this.module(frame.moduleKey);
    if (!module)
      return {
        ok: false,
        error: {
          code: 'MODULE_NOT_FOUND',
          message: `No module ${frame.moduleKey} in manifest.yml`,
        },
      };
    if (!module.resolverFunction) {
      return {
        ok: false,
        error: { code: 'NO_RESOLVER', message: `Module ${module.key} has no resolver function` },
      };
    }
    if (typeof functionKey !== 'string') {
      return {
        ok: false,
        error: { code: 'INVALID_FUNCTION_KEY', message: 'functionKey must be a string!' },
      };
    }
    const payloadBytes = Buffer.byteLength(JSON.stringify(payload ?? {}) ?? '', 'utf8');
    if (payloadBytes > INVOKE_LIMITS.payloadMaxBytes) {
      return {
        ok: false,
        error: {
          code: 'PAYLOAD_TOO_LARGE',
          message: `Invocation payload is ${payloadBytes} bytes; the limit is ${INVOKE_LIMITS.payloadMaxBytes}`,
        },
      };
    }
    if (!this.deps.counters.admitInvocation()) return overInvocationQuota();
    this.deps.counters.invocation(functionKey);
    const timeoutMs = this.deps.invocationTimeoutMs ?? INVOKE_LIMITS.timeoutMs;
    const inv: Invocation = {
      runtime: this,
      invocationId: randomUUID(),
      accountId: frame.accountId,
      moduleKey: module.key,
      functionKey,
      product: this.productContext(frame),
      fromFrontend: true,
      deadline: Date.now() + timeoutMs,
    };
    const { identity } = this.deps;
    let timer: NodeJS.Timeout | undefined;
    try {
      const handler = this.handler(module.resolverFunction);
      const run = storage.run(inv, () =>
        handler(
          { call: { functionKey, payload: payload ?? {} }, context: this.extensionContext(frame) },
          {
            principal: frame.accountId ? { accountId: frame.accountId } : undefined,
            installContext: `ari:cloud:confluence::site/${identity.cloudId}`,
            installation: {
              ari: `ari:cloud:ecosystem::installation/${identity.installationId}`,
              contexts: [],
            },
          },
        ),
      );
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new InvocationTimeout(timeoutMs)), timeoutMs);
      });
      const body = await Promise.race([run, timeout]);
      const responseBytes =
        body === undefined ? 0 : Buffer.byteLength(JSON.stringify(body) ?? '', 'utf8');
      if (responseBytes > INVOKE_LIMITS.responseMaxBytes) {
        return {
          ok: false,
          error: {
            code: 'RESPONSE_TOO_LARGE',
            message: `Resolver response is ${responseBytes} bytes; the limit is ${INVOKE_LIMITS.responseMaxBytes}`,
          },
        };
      }
      return { ok: true, body };
    } catch (e) {
      if (e instanceof InvocationTimeout) {
        return { ok: false, error: { code: 'FUNCTION_TIMEOUT', message: e.message } };
      }
      // `@forge/api` throws NeedsAuthenticationError (name NEEDS_AUTHENTICATION_ERR) for an asUser
      // call the user has not allowed; Forge then asks them to allow access. A platform error, so
      // it reaches the caller as one, not as the app's own failure.
      if (e instanceof Error && e.name === 'NEEDS_AUTHENTICATION_ERR') {
        return { ok: false, error: { code: 'NEEDS_AUTHENTICATION_ERR', message: e.message } };
      }
      const message = e instanceof Error ? e.message : String(e);
      (this.deps.log ?? console.error)(
        `[forge-local] ${functionKey} failed: ${e instanceof Error ? (e.stack ?? message) : message}`,
      );
      return {
        ok: false,
        error: {
          code: 'FUNCTION_ERR',
          message: `There was an error invoking the function - ${message}`,
        },
      };
    } finally {
      if (timer) clearTimeout(timer);
    }
  }
}

class InvocationTimeout extends Error {
  constructor(ms: number) {
    super(`The function timed out after ${ms / 1000} seconds`);
  }
}
