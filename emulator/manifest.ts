/**
 * Reads a Forge `manifest.yml` into the few facts the local host needs: modules (with their resource
 * and resolver function), functions (handler file and export), resources, custom entities and scopes.
 * The host knows nothing about the app beyond this file.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';

export type AttributeType = 'string' | 'integer' | 'float' | 'boolean' | 'any';

export interface EntityIndex {
  readonly name: string;
  readonly partition: readonly string[];
  readonly range: readonly string[];
}

export interface EntityDefinition {
  readonly name: string;
  readonly attributes: Readonly<Record<string, AttributeType>>;
  readonly indexes: readonly EntityIndex[];
}

export interface ModuleDefinition {
  /** Manifest module type, e.g. `macro` or `confluence:spacePage`. */
  readonly type: string;
  readonly key: string;
  readonly title: string;
  readonly resource?: string;
  readonly resolverFunction?: string;
  readonly route?: string;
  readonly raw: Readonly<Record<string, unknown>>;
}

export interface FunctionDefinition {
  readonly key: string;
  /** `index.handler` → file `index`, export `handler`. */
  readonly file: string;
  readonly exportName: string;
  /** The manifest's `timeoutSeconds` (1–900) for functions Forge runs asynchronously, if set. */
  readonly timeoutSeconds?: number;
}

export interface AppManifest {
  readonly rootDir: string;
  readonly appId: string;
  readonly modules: readonly ModuleDefinition[];
  readonly functions: readonly FunctionDefinition[];
  readonly resources: Readonly<Record<string, string>>;
  readonly entities: readonly EntityDefinition[];
  readonly scopes: readonly string[];
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const asString = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? (v as unknown[]) : []);

const ATTRIBUTE_TYPES: readonly AttributeType[] = ['string', 'integer', 'float', 'boolean', 'any'];

function attributeType(v: unknown): AttributeType {
  const t = isRecord(v) ? v.type : undefined;
  const found = ATTRIBUTE_TYPES.find((a) => a === t);
  return found ?? 'any';
}

/** Parses manifest text; `rootDir` is the folder resources and sources are relative to. */
export function parseManifest(text: string, rootDir: string): AppManifest {
  const doc: unknown = parse(text);
  if (!isRecord(doc)) throw new Error('manifest.yml is not a mapping');
  const modulesNode = isRecord(doc.modules) ? doc.modules : {};
  const modules: ModuleDefinition[] = [];
  const functions: FunctionDefinition[] = [];
  for (const [type, list] of Object.entries(modulesNode)) {
    for (const item of asArray(list)) {
      if (!isRecord(item)) continue;
      const key = asString(item.key);
      if (key === undefined) continue;
      if (type === 'function') {
        const handler = asString(item.handler) ?? '';
        const dot = handler.lastIndexOf('.');
        const timeoutSeconds =
          typeof item.timeoutSeconds === 'number' ? item.timeoutSeconds : undefined;
        functions.push({
          key,
          file: dot > 0 ? handler.slice(0, dot) : handler,
          exportName: dot > 0 ? handler.slice(dot + 1) : 'handler',
          ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }),
        });
        continue;
      }
      const resolver = isRecord(item.resolver) ? asString(item.resolver.function) : undefined;
      modules.push({
        type,
        key,
        title: asString(item.title) ?? key,
        resource: asString(item.resource),
        resolverFunction: resolver,
        route: asString(item.route),
        raw: item,
      });
    }
  }
  const resources: Record<string, string> = {};
  for (const r of asArray(doc.resources)) {
    if (isRecord(r) && typeof r.key === 'string' && typeof r.path === 'string') {
      resources[r.key] = resolve(rootDir, r.path);
    }
  }
  const app = isRecord(doc.app) ? doc.app : {};
  const storage = isRecord(app.storage) ? app.storage : {};
  const entities: EntityDefinition[] = asArray(storage.entities).flatMap((e) => {
    if (!isRecord(e) || typeof e.name !== 'string') return [];
    const attrs = isRecord(e.attributes) ? e.attributes : {};
    const attributes: Record<string, AttributeType> = {};
    for (const [name, def] of Object.entries(attrs)) attributes[name] = attributeType(def);
    const indexes: EntityIndex[] = asArray(e.indexes).flatMap((i) => {
      if (typeof i === 'string') return [{ name: i, partition: [], range: [i] }];
      if (!isRecord(i) || typeof i.name !== 'string') return [];
      return [
        {
          name: i.name,
          partition: asArray(i.partition).filter((p): p is string => typeof p === 'string'),
          range: asArray(i.range).filter((p): p is string => typeof p === 'string'),
        },
      ];
    });
    return [{ name: e.name, attributes, indexes }];
  });
  const permissions = isRecord(doc.permissions) ? doc.permissions : {};
  const scopes = asArray(permissions.scopes).filter((s): s is string => typeof s === 'string');
  return {
    rootDir,
    appId: asString(app.id) ?? 'ari:cloud:ecosystem::app/local',
    modules,
    functions,
    resources,
    entities,
    scopes,
  };
}

/** Loads and parses the manifest at `path`. */
export function loadManifest(path: string): AppManifest {
  return parseManifest(readFileSync(path, 'utf8'), dirname(resolve(path)));
}
