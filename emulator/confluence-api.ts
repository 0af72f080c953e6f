/**
 * Confluence's published REST routes, read from `confluence.js` (generated from Atlassian's v2
 * OpenAPI description, plus the v1 routes it covers): for every route its method, path template,
 * path and query parameters and each parameter's type. The local host uses this table to answer as
 * the real API would to a call it would refuse (an unknown route or method, a query parameter the
 * route does not take, a value of the wrong type) instead of a hand-written copy of the API.
 *
 * `confluence.js` ships ESM only, so it is not loaded: its generated files are read as text. Every
 * route is one function of the form
 *   `export async function getPages(client, parameters) { const config = { url: …, method: 'GET',
 *    searchParams: { 'space-id': parameters?.spaceId, … }, … } }`
 * and every parameter set one `z.object({ spaceId: z.array(z.number()).optional(), … })` in
 * `parameters/<operation>.js`; models referenced by a parameter (`PrimaryBodyRepresentationSchema`)
 * are `openEnum([...])` in `models/<model>.js`. Request bodies are typed there as
 * `Record<string, any>`, so body rules the host applies are listed where it answers each route.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The type of one parameter, as `confluence.js` declares it. */
export type ParamKind =
  | { readonly type: 'number' }
  | { readonly type: 'string' }
  | { readonly type: 'boolean' }
  | { readonly type: 'enum'; readonly values: readonly string[] }
  | { readonly type: 'list'; readonly of: ParamKind }
  | { readonly type: 'any' };

export interface ParamSpec {
  readonly kind: ParamKind;
  readonly required: boolean;
}

export interface ApiRoute {
  /** The `confluence.js` function, e.g. `getPageById`. */
  readonly operation: string;
  readonly version: 'v1' | 'v2';
  readonly method: string;
  /** e.g. `/wiki/api/v2/pages/{id}`. */
  readonly template: string;
  readonly pattern: RegExp;
  /** Path parameters in template order. */
  readonly pathParams: readonly { readonly name: string; readonly spec: ParamSpec }[];
  /** Query parameters by their wire name (`body-format`), with their type. */
  readonly query: ReadonlyMap<string, { readonly property: string; readonly spec: ParamSpec }>;
}

/** Where `confluence.js`'s generated code lives (resolved from this repository's node_modules). */
export function confluenceJsDir(): string {
  const candidates = [
    join(__dirname, '..', 'node_modules', 'confluence.js', 'dist'),
    join(process.cwd(), 'node_modules', 'confluence.js', 'dist'),
  ];
  try {
    candidates.unshift(join(dirname(require.resolve('confluence.js/package.json')), 'dist'));
  } catch {
    // Not resolvable from here (a bundle in a temporary folder): the fallback below.
  }
  const found = candidates.find((dir) => existsSync(join(dir, 'v2', 'api')));
  if (found === undefined) {
    throw new Error('confluence.js is not installed: the host reads its route table from it');
  }
  return found;
}

/** Splits `a, b(c, d), [e, f]` at top-level commas. */
function splitTopLevel(source: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < source.length; i += 1) {
    const c = source[i];
    if (quote !== null) {
      if (c === '\\') i += 1;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') quote = c;
    else if (c === '(' || c === '[' || c === '{') depth += 1;
    else if (c === ')' || c === ']' || c === '}') depth -= 1;
    else if (c === ',' && depth === 0) {
      parts.push(source.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(source.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/** The text between the bracket at `open` and its match. */
function enclosed(source: string, open: number): string {
  let depth = 0;
  for (let i = open; i < source.length; i += 1) {
    const c = source[i];
    if (c === '(' || c === '[' || c === '{') depth += 1;
    else if (c === ')' || c === ']' || c === '}') {
      depth -= 1;
      if (depth === 0) return source.slice(open + 1, i);
    }
  }
  return source.slice(open + 1);
}

const stripComments = (source: string): string =>
  source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');

const quoted = (list: string): string[] =>
  [...list.matchAll(/'([^']*)'|"([^"]*)"/g)].map((m) => m[1] ?? m[2] ?? '');

class ModelEnums {
  private readonly cache = new Map<string, readonly string[] | null>();
  constructor(private readonly modelsDir: string) {}

  /** The values of an enum model (`PrimaryBodyRepresentationSchema`), or null when it is not one. */
  values(schemaName: string): readonly string[] | null {
    const cached = this.cache.get(schemaName);
    if (cached !== undefined) return cached;
    const base = schemaName.replace(/Schema$/, '');
    const file = join(this.modelsDir, `${base.charAt(0).toLowerCase()}${base.slice(1)}.js`);
    let values: readonly string[] | null = null;
    if (existsSync(file)) {
      const text = stripComments(readFileSync(file, 'utf8'));
      const m = new RegExp(`export const ${schemaName}\\s*=\\s*(?:openEnum|z\\.enum)\\(`).exec(
        text,
      );
      if (m) values = quoted(enclosed(text, m.index + m[0].length - 1));
    }
    this.cache.set(schemaName, values);
    return values;
  }
}

/** Reads one zod expression of a parameter into a kind. */
function kindOf(expression: string, models: ModelEnums): ParamSpec {
  let expr = expression.trim();
  let required = true;
  for (;;) {
    const next = expr.replace(/\.(optional|nullable|nullish)\(\)$/, '');
    if (next === expr) break;
    required = false;
    expr = next;
  }
  const kind = ((): ParamKind => {
    if (/^z\.(number|int)\(\)/.test(expr) || /^z\.coerce\.number\(\)/.test(expr)) {
      return { type: 'number' };
    }
    if (/^z\.string\(\)/.test(expr)) return { type: 'string' };
    if (/^z\.boolean\(\)/.test(expr)) return { type: 'boolean' };
    if (/^(openEnum|z\.enum)\(/.test(expr)) {
      return { type: 'enum', values: quoted(enclosed(expr, expr.indexOf('('))) };
    }
    if (/^z\.literal\(/.test(expr)) {
      return { type: 'enum', values: quoted(enclosed(expr, expr.indexOf('('))) };
    }
    if (/^z\.array\(/.test(expr)) {
      return { type: 'list', of: kindOf(enclosed(expr, expr.indexOf('(')), models).kind };
    }
    const model = /^([A-Z]\w*Schema)$/.exec(expr);
    if (model?.[1]) {
      const values = models.values(model[1]);
      if (values !== null) return { type: 'enum', values };
    }
    return { type: 'any' };
  })();
  return { kind, required };
}

/** The properties of `export const XSchema = z.object({...})` in a parameters file. */
function parameterSpecs(file: string, models: ModelEnums): Map<string, ParamSpec> {
  const specs = new Map<string, ParamSpec>();
  if (!existsSync(file)) return specs;
  const text = stripComments(readFileSync(file, 'utf8'));
  const m = /export const \w+Schema\s*=\s*z\.object\(\{/.exec(text);
  if (!m) return specs;
  const body = enclosed(text, m.index + m[0].length - 1);
  for (const property of splitTopLevel(body)) {
    const colon = property.indexOf(':');
    if (colon < 0) continue;
    const name = property
      .slice(0, colon)
      .trim()
      .replace(/^['"]|['"]$/g, '');
    specs.set(name, kindOf(property.slice(colon + 1), models));
  }
  return specs;
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Reads every route of one API version of `confluence.js`. */
function readVersion(root: string, version: 'v1' | 'v2'): ApiRoute[] {
  const apiDir = join(root, version, 'api');
  const models = new ModelEnums(join(root, version, 'models'));
  const routes: ApiRoute[] = [];
  for (const name of readdirSync(apiDir).filter((f) => f.endsWith('.js') && f !== 'index.js')) {
    const text = stripComments(readFileSync(join(apiDir, name), 'utf8'));
    for (const fn of text.matchAll(/export async function (\w+)\(client, parameters\)\s*\{/g)) {
      const operation = fn[1] ?? '';
      const config = /const config = \{/.exec(text.slice(fn.index));
      if (!config) continue;
      const body = enclosed(text, fn.index + config.index + config[0].length - 1);
      const url = /url:\s*(?:'([^']*)'|`([^`]*)`)/.exec(body);
      const method = /method:\s*'([A-Z]+)'/.exec(body);
      if (!url || !method) continue;
      const rawUrl = url[1] ?? url[2] ?? '';
      const specs = parameterSpecs(join(root, version, 'parameters', `${operation}.js`), models);
      const pathParams: { name: string; spec: ParamSpec }[] = [];
      const template = rawUrl.replace(/\$\{parameters\??\.(\w+)\}/g, (_, p: string) => {
        pathParams.push({
          name: p,
          spec: specs.get(p) ?? { kind: { type: 'any' }, required: true },
        });
        return `{${p}}`;
      });
      const pattern = new RegExp(
        `^${template
          .split(/\{\w+\}/)
          .map(escapeRegExp)
          .join('([^/]+)')}$`,
      );
      const query = new Map<string, { property: string; spec: ParamSpec }>();
      const search = /searchParams:\s*\{/.exec(body);
      if (search) {
        const entries = enclosed(body, search.index + search[0].length - 1);
        for (const entry of splitTopLevel(entries)) {
          const e = /^(?:'([^']+)'|"([^"]+)"|(\w+))\s*:\s*parameters\??\.(\w+)/.exec(entry);
          if (!e) continue;
          const wire = e[1] ?? e[2] ?? e[3] ?? '';
          const property = e[4] ?? '';
          const spec = specs.get(property) ?? { kind: { type: 'any' }, required: false };
          query.set(wire, { property, spec });
        }
      }
      routes.push({
        operation,
        version,
        method: method[1] ?? 'GET',
        template,
        pattern,
        pathParams,
        query,
      });
    }
  }
  return routes;
}

let loaded: readonly ApiRoute[] | undefined;

/** Every route `confluence.js` describes (v2 and v1), read once per process. */
export function confluenceRoutes(): readonly ApiRoute[] {
  loaded ??= (() => {
    const root = confluenceJsDir();
    const routes = [...readVersion(root, 'v2'), ...readVersion(root, 'v1')];
    if (routes.length < 100) {
      throw new Error(`Read only ${routes.length} routes from confluence.js: its layout changed`);
    }
    return routes;
  })();
  return loaded;
}

export type RouteMatch =
  | {
      readonly kind: 'route';
      readonly route: ApiRoute;
      readonly params: Readonly<Record<string, string>>;
    }
  | { readonly kind: 'no-route' }
  | { readonly kind: 'wrong-method'; readonly allowed: readonly string[] };

/**
 * The route a request is for. A literal path segment wins over a parameter
 * (`/pages/{id}/operations` before `/pages/{id}/{x}`), as a router would match it.
 */
export function matchRoute(method: string, path: string): RouteMatch {
  const candidates = confluenceRoutes()
    .map((route) => ({ route, m: route.pattern.exec(path) }))
    .filter((c): c is { route: ApiRoute; m: RegExpExecArray } => c.m !== null)
    .sort((a, b) => b.route.template.length - a.route.template.length);
  if (candidates.length === 0) return { kind: 'no-route' };
  const same = candidates.filter((c) => c.route.method === method.toUpperCase());
  if (same.length === 0) {
    return { kind: 'wrong-method', allowed: [...new Set(candidates.map((c) => c.route.method))] };
  }
  const best = same.reduce((a, b) => (literalLength(b.route) > literalLength(a.route) ? b : a));
  const params: Record<string, string> = {};
  best.route.pathParams.forEach((p, i) => {
    params[p.name] = decodeURIComponent(best.m[i + 1] ?? '');
  });
  return { kind: 'route', route: best.route, params };
}

const literalLength = (route: ApiRoute): number => route.template.replace(/\{\w+\}/g, '').length;

/** Why a value does not fit a kind, or undefined when it fits. */
function misfit(value: string, kind: ParamKind): string | undefined {
  switch (kind.type) {
    case 'number':
      return /^-?\d+$/.test(value) ? undefined : 'a number';
    case 'boolean':
      return value === 'true' || value === 'false' ? undefined : 'true or false';
    case 'enum':
      return kind.values.includes(value) ? undefined : `one of ${kind.values.join(', ')}`;
    case 'list': {
      const bad = value
        .split(',')
        .map((v) => misfit(v, kind.of))
        .find((m) => m !== undefined);
      return bad === undefined ? undefined : `a list of ${bad}`;
    }
    case 'string':
    case 'any':
      return undefined;
  }
}

/**
 * What the real API answers 400 for in a request's path and query: a parameter the route does not
 * take, a required one missing, or a value of the wrong type. Undefined when the request is fine.
 */
export function parameterProblem(
  route: ApiRoute,
  params: Readonly<Record<string, string>>,
  search: URLSearchParams,
): string | undefined {
  for (const p of route.pathParams) {
    const bad = misfit(params[p.name] ?? '', p.spec.kind);
    if (bad !== undefined) {
      return `Provided value {${params[p.name] ?? ''}} for '${p.name}' is not the correct type. Expected ${bad}`;
    }
  }
  for (const name of new Set(search.keys())) {
    const q = route.query.get(name);
    if (q === undefined) {
      return `Unknown query parameter '${name}' for ${route.method} ${route.template}`;
    }
    for (const value of search.getAll(name)) {
      const bad = misfit(value, q.spec.kind);
      if (bad !== undefined) {
        return `Provided value {${value}} for '${name}' is not the correct type. Expected ${bad}`;
      }
    }
  }
  for (const [name, q] of route.query) {
    if (q.spec.required && !search.has(name)) return `The query parameter '${name}' is required`;
  }
  return undefined;
}

/** Checks a value against an enum model of `confluence.js` (e.g. `PageBodyWriteSchema`'s field). */
export function modelEnum(version: 'v1' | 'v2', schemaName: string): readonly string[] | null {
  return new ModelEnums(join(confluenceJsDir(), version, 'models')).values(schemaName);
}

/**
 * The field enums of an `apiObject({...})` model: `{ representation: ['storage', …] }` for
 * `PageBodyWriteSchema`. Fields that are not enums are left out.
 */
export function modelFieldEnums(
  version: 'v1' | 'v2',
  schemaName: string,
): Readonly<Record<string, readonly string[]>> {
  const base = schemaName.replace(/Schema$/, '');
  const file = join(
    confluenceJsDir(),
    version,
    'models',
    `${base.charAt(0).toLowerCase()}${base.slice(1)}.js`,
  );
  if (!existsSync(file)) throw new Error(`confluence.js has no model ${schemaName}`);
  const text = stripComments(readFileSync(file, 'utf8'));
  const m = new RegExp(`export const ${schemaName}\\s*=\\s*(?:apiObject|z\\.object)\\(\\{`).exec(
    text,
  );
  if (!m) throw new Error(`confluence.js model ${schemaName} is not an object`);
  const fields: Record<string, readonly string[]> = {};
  const models = new ModelEnums(join(confluenceJsDir(), version, 'models'));
  for (const property of splitTopLevel(enclosed(text, m.index + m[0].length - 1))) {
    const colon = property.indexOf(':');
    if (colon < 0) continue;
    const spec = kindOf(property.slice(colon + 1), models);
    if (spec.kind.type === 'enum') fields[property.slice(0, colon).trim()] = spec.kind.values;
  }
  return fields;
}
