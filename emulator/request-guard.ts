/**
 * The guard in front of every endpoint of the local host. The host has no login (`?as=` picks the
 * user, `/__emulator/invoke` names one), so whoever can make a request to it acts as any user. A
 * web page the developer visits can make such requests from the browser (a cross-origin `fetch`,
 * a form POST, an `EventSource`, DNS rebinding), so the guard only lets through requests that:
 * - name this host in `Host` (`localhost`, `127.0.0.1` or `[::1]` with its port, or the hostname
 *   it was told to serve): a rebound DNS name (`evil.example:4000`) is refused;
 * - come from one of its own pages, when the browser says where they come from: an `Origin` other
 *   than `http://<one of those hosts>` (`null` included), or `Sec-Fetch-Site` other than
 *   `same-origin` / `none` (typed address, bookmark), is refused;
 * - carry JSON when they change state: a non-GET request with a body needs
 *   `Content-Type: application/json`, which no HTML form can send.
 * Node's `fetch` and `http.request` send `Host` and no `Origin`, so tests, benchmarks and scripts
 * on this machine pass as before.
 */
import { hostname as machineName, networkInterfaces } from 'node:os';

export interface Refusal {
  readonly status: 403 | 415;
  readonly code: 'FORBIDDEN_HOST' | 'FORBIDDEN_ORIGIN' | 'UNSUPPORTED_MEDIA_TYPE';
  readonly message: string;
}

export interface GuardedRequest {
  readonly method?: string;
  readonly url?: string;
  /** Node's lower-cased request headers. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/** True for a name or address that only this machine can reach. */
export function isLoopbackHostname(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/** True for an address that listens on every interface. */
export function isWildcardHostname(hostname: string): boolean {
  const h = hostname.replace(/^\[(.*)\]$/, '$1');
  return h === '0.0.0.0' || h === '::' || h === '0:0:0:0:0:0:0:0';
}

/** A hostname as it appears in a URL or a Host header (IPv6 literals in brackets). */
export function urlHostname(hostname: string): string {
  return hostname.includes(':') && !hostname.startsWith('[') ? `[${hostname}]` : hostname;
}

/**
 * The `host:port` values a request may name: the loopback names, plus the bound hostname, plus —
 * when bound to every interface — each interface's address and the machine's name.
 */
export function allowedHosts(boundHostname: string | undefined, port: number): Set<string> {
  const names = new Set(LOOPBACK_NAMES);
  if (boundHostname !== undefined && boundHostname !== '') {
    if (isWildcardHostname(boundHostname)) {
      for (const list of Object.values(networkInterfaces())) {
        // Link-local IPv6 addresses need a zone id, which no browser puts in a Host header.
        for (const a of list ?? [])
          if (a.scopeid === undefined || a.scopeid === 0) names.add(urlHostname(a.address));
      }
      names.add(machineName());
    } else {
      names.add(urlHostname(boundHostname));
    }
  }
  const hosts = new Set<string>();
  for (const n of names) {
    hosts.add(`${n.toLowerCase()}:${port}`);
    if (port === 80) hosts.add(n.toLowerCase());
  }
  return hosts;
}

const header = (req: GuardedRequest, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
};

const SAFE_METHODS = new Set(['GET', 'HEAD']);

/** Answers why a request must be refused, or `undefined` when it may go on. */
export function refusalOf(req: GuardedRequest, hosts: ReadonlySet<string>): Refusal | undefined {
  const own = [...hosts].filter((h) => /:\d+$/.test(h));
  const shown = own.slice(0, 3).join(', ') + (own.length > 3 ? ', …' : '');
  const host = header(req, 'host')?.toLowerCase();
  if (host === undefined || !hosts.has(host)) {
    return {
      status: 403,
      code: 'FORBIDDEN_HOST',
      message:
        `Refused: the request names the host "${host ?? '(none)'}", which is not this local ` +
        `Forge host (it answers ${shown}). A web page may be reaching it through a DNS name ` +
        'that points at this machine (DNS rebinding).',
    };
  }
  const origin = header(req, 'origin');
  const originHost = origin === undefined ? undefined : /^http:\/\/(.+)$/i.exec(origin)?.[1];
  if (origin !== undefined && (originHost === undefined || !hosts.has(originHost.toLowerCase()))) {
    return {
      status: 403,
      code: 'FORBIDDEN_ORIGIN',
      message:
        `Refused: a page from ${origin === 'null' ? 'an opaque origin (null)' : origin} sent ` +
        'this request. The local Forge host has no login, so it only answers its own pages ' +
        `(http://${own[0] ?? host}); another site must not act as one of its users.`,
    };
  }
  const site = header(req, 'sec-fetch-site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    return {
      status: 403,
      code: 'FORBIDDEN_ORIGIN',
      message:
        `Refused: the browser says this request comes from another site (Sec-Fetch-Site: ${site}). ` +
        'The local Forge host has no login, so it only answers its own pages. To open it, type ' +
        `http://${own[0] ?? host}/ into the address bar.`,
    };
  }
  const method = (req.method ?? 'GET').toUpperCase();
  if (!SAFE_METHODS.has(method)) {
    const type = header(req, 'content-type');
    const length = Number(header(req, 'content-length') ?? '0');
    const hasBody = header(req, 'transfer-encoding') !== undefined || length > 0;
    const mediaType = type?.split(';')[0]?.trim().toLowerCase();
    // A browser posts Content-Security-Policy violation reports with their own type; no HTML form
    // can send it either.
    const isReport =
      (req.url ?? '').split('?')[0] === '/__emulator/csp-report' &&
      (mediaType === 'application/csp-report' || mediaType === 'application/reports+json');
    const isJson = mediaType === 'application/json' || isReport;
    if (type === undefined ? hasBody : !isJson) {
      return {
        status: 415,
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message:
          `Refused: ${method} ${(req.url ?? '/').split('?')[0] ?? '/'} needs ` +
          `Content-Type: application/json (got ${type ?? 'none'}), so that a plain HTML form ` +
          'on another site cannot send it.',
      };
    }
  }
  return undefined;
}
