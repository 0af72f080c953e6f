/**
 * The KVS service: answers the wire protocol `@forge/kvs` sends (`POST /api/v1/<operation>` with a
 * JSON body) with Forge's limits and error shapes (`{ code, message }` with an HTTP status).
 * State lives in memory and every acknowledged write is one line in an append-only log.
 */
import { join } from 'node:path';
import { AppendLog } from './log-store';
import { isKvsRead, kvsUnits, type Counters } from './counters';
import type { AttributeType, EntityDefinition, EntityIndex } from './manifest';

export interface KvsResponse {
  readonly status: number;
  /** `undefined` answers with an empty body. */
  readonly body?: unknown;
}

/** A KVS answer with Forge's 10 KB metering units of its request (`Counters.kvsMetered`). */
export interface MeteredKvsResponse {
  readonly response: KvsResponse;
  readonly units: { readonly read: number; readonly write: number };
}

interface Item {
  readonly value: unknown;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly expireAt?: number;
}

type Mutation =
  | { readonly t: 'put'; readonly ns: string; readonly key: string; readonly item: Item }
  | { readonly t: 'del'; readonly ns: string; readonly key: string };

interface LogRecord {
  readonly m: readonly Mutation[];
}

/** Forge limits enforced by the host. */
export const KVS_LIMITS = {
  keyMaxLength: 500,
  valueMaxBytes: 240 * 1024,
  valueMaxDepth: 32,
  /** Custom entities page: "a maximum depth of 31" (the error page says 32 for plain values). */
  entityValueMaxDepth: 31,
  /** Custom entities page, `integer`: "a 32-bit signed integer". */
  entityIntegerMin: -2_147_483_648,
  entityIntegerMax: 2_147_483_647,
  /**
   * Custom entities page, `float`: 0, or a magnitude from 1E-130 to
   * 9.9999999999999999999999999999999999999E+125 (inclusive); that bound rounds to 1e126 as a
   * JavaScript number, so 1e126 itself is the one value admitted that Forge would not take.
   */
  entityFloatMinMagnitude: 1e-130,
  entityFloatMaxMagnitude: 1e126,
  queryMaxLimit: 100,
  queryDefaultLimit: 10,
  transactionMaxOperations: 25,
  batchMaxItems: 25,
  /**
   * Transaction pages: "Each transaction is limited to a payload size of 4MB"; batch page: "A single
   * kvs.batchSet operation can be a payload of 4MB". Taken as 4,000,000 bytes of request JSON (the
   * stricter reading of "MB").
   */
  requestMaxBytes: 4_000_000,
  entityNameMinLength: 3,
  entityNameMaxLength: 60,
  ttlMaxSeconds: 365 * 24 * 3600,
} as const;

const KEY_PATTERN = /^(?!\s+$)[a-zA-Z0-9:._\s-#]+$/;

class KvsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const fail = (status: number, code: string, message: string): never => {
  throw new KvsError(status, code, message);
};

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const TTL_UNITS: Readonly<Record<string, number>> = {
  SECONDS: 1,
  MINUTES: 60,
  HOURS: 3600,
  DAYS: 86400,
};

type Condition = { property: string; condition: string; values: unknown[] };

function toConditions(list: unknown): Condition[] {
  if (!Array.isArray(list)) return fail(400, 'INVALID_CONDITION', 'Conditions must be an array');
  return list.map((c) => {
    if (!isRecord(c) || typeof c.property !== 'string' || typeof c.condition !== 'string') {
      return fail(400, 'INVALID_CONDITION', 'Each condition needs a property and a condition');
    }
    return {
      property: c.property,
      condition: c.condition,
      values: Array.isArray(c.values) ? c.values : [],
    };
  });
}

function compare(a: unknown, b: unknown): number | undefined {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return undefined;
}

/** Evaluates one Forge condition clause against an attribute value (undefined when absent). */
export function matchesCondition(actual: unknown, c: Condition): boolean {
  const [v0, v1] = c.values;
  switch (c.condition) {
    case 'EXISTS':
      return actual !== undefined;
    case 'NOT_EXISTS':
      return actual === undefined;
    case 'EQUAL_TO':
      return actual !== undefined && actual === v0;
    case 'NOT_EQUAL_TO':
      return actual !== v0;
    case 'GREATER_THAN': {
      const d = compare(actual, v0);
      return d !== undefined && d > 0;
    }
    case 'GREATER_THAN_EQUAL_TO': {
      const d = compare(actual, v0);
      return d !== undefined && d >= 0;
    }
    case 'LESS_THAN': {
      const d = compare(actual, v0);
      return d !== undefined && d < 0;
    }
    case 'LESS_THAN_EQUAL_TO': {
      const d = compare(actual, v0);
      return d !== undefined && d <= 0;
    }
    case 'BETWEEN': {
      const lo = compare(actual, v0);
      const hi = compare(actual, v1);
      return lo !== undefined && hi !== undefined && lo >= 0 && hi <= 0;
    }
    case 'BEGINS_WITH':
      return typeof actual === 'string' && typeof v0 === 'string' && actual.startsWith(v0);
    case 'CONTAINS':
      return (
        (typeof actual === 'string' && typeof v0 === 'string' && actual.includes(v0)) ||
        (Array.isArray(actual) && actual.includes(v0))
      );
    case 'NOT_CONTAINS':
      return !(
        (typeof actual === 'string' && typeof v0 === 'string' && actual.includes(v0)) ||
        (Array.isArray(actual) && actual.includes(v0))
      );
    default:
      return fail(400, 'INVALID_CONDITION', `Unknown condition ${c.condition}`);
  }
}

function matchesFilters(value: unknown, filters: unknown): boolean {
  if (filters === undefined || filters === null) return true;
  if (!isRecord(filters))
    return fail(400, 'INVALID_CONDITION', 'Filters must be { and } or { or }');
  const record = isRecord(value) ? value : {};
  if (filters.and !== undefined) {
    return toConditions(filters.and).every((c) => matchesCondition(record[c.property], c));
  }
  if (filters.or !== undefined) {
    return toConditions(filters.or).some((c) => matchesCondition(record[c.property], c));
  }
  return fail(400, 'INVALID_CONDITION', 'Filters must be { and } or { or }');
}

/** Why `v` cannot be stored in an attribute of `type`, or undefined when it can. */
export function attributeProblem(type: AttributeType, v: unknown): string | undefined {
  switch (type) {
    case 'any':
      return undefined;
    case 'string':
      return typeof v === 'string' && /\S/.test(v)
        ? undefined
        : 'a string with at least one non-whitespace character';
    case 'integer':
      return typeof v === 'number' &&
        Number.isInteger(v) &&
        v >= KVS_LIMITS.entityIntegerMin &&
        v <= KVS_LIMITS.entityIntegerMax
        ? undefined
        : 'a 32-bit signed integer (-2,147,483,648 to 2,147,483,647)';
    case 'float': {
      const magnitude = typeof v === 'number' ? Math.abs(v) : Number.NaN;
      return magnitude === 0 ||
        (magnitude >= KVS_LIMITS.entityFloatMinMagnitude &&
          magnitude <= KVS_LIMITS.entityFloatMaxMagnitude)
        ? undefined
        : 'a float: 0, or a magnitude from 1E-130 to 9.9999999999999999999999999999999999999E+125';
    }
    case 'boolean':
      return typeof v === 'boolean' ? undefined : 'true or false';
    default: {
      const unknownType: never = type;
      return `of a known type, not ${String(unknownType)}`;
    }
  }
}

function depthOf(v: unknown, level = 1): number {
  if (typeof v !== 'object' || v === null) return level - 1;
  let max = level;
  for (const child of Object.values(v as Record<string, unknown>)) {
    max = Math.max(max, depthOf(child, level + 1));
  }
  return max;
}

const encodeCursor = (position: unknown): string =>
  Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');

function decodeCursor(cursor: unknown): unknown {
  if (cursor === undefined || cursor === null) return undefined;
  if (typeof cursor !== 'string') return fail(400, 'INVALID_CURSOR', 'Cursor must be a string');
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
  } catch {
    return fail(400, 'INVALID_CURSOR', 'Cursor is not valid');
  }
}

/**
 * A rate limit on KVS operations, as Forge applies storage quotas: more than `operations` requests
 * within `windowMs` answer HTTP 429 `{ code: 'RATE_LIMIT_EXCEEDED' }` (Forge's documented answer for
 * any storage quota) and change nothing. Off unless set.
 */
export interface KvsRateLimit {
  readonly operations: number;
  readonly windowMs: number;
}

export interface KvsOptions {
  readonly dataDir: string;
  readonly entities: readonly EntityDefinition[];
  readonly counters: Counters;
  readonly clock?: () => number;
  readonly rateLimit?: KvsRateLimit;
  /**
   * A transaction condition on a row that does not exist (FIDELITY K16, undocumented): `fail` (the
   * default, the strictest answer) refuses it with 409; `evaluate` checks it against an absent row,
   * so `notExists()` holds and every other condition fails (as DynamoDB's `attribute_not_exists`).
   * Only the benchmark's replay of older app code (`c28490c`, which created rows that way) uses
   * `evaluate`; the app itself never conditions on a missing row.
   */
  readonly missingRowConditions?: 'fail' | 'evaluate';
  /** Where the log reports a cut torn tail or a failed write. */
  readonly log?: (line: string) => void;
}

export class KvsService {
  private readonly stores = new Map<string, Map<string, Item>>();
  private readonly entities: ReadonlyMap<string, EntityDefinition>;
  private readonly clock: () => number;

  private constructor(
    private readonly log: AppendLog<LogRecord>,
    options: KvsOptions,
  ) {
    this.entities = new Map(options.entities.map((e) => [e.name, e]));
    this.clock = options.clock ?? Date.now;
    this.counters = options.counters;
    this.rateLimit = options.rateLimit;
    this.missingRowConditions = options.missingRowConditions ?? 'fail';
  }

  private readonly missingRowConditions: 'fail' | 'evaluate';

  private readonly counters: Counters;
  private rateLimit: KvsRateLimit | undefined;
  /** Instants (host clock) of the operations admitted within the current rate-limit window. */
  private admitted: number[] = [];

  /** Sets (or with `undefined` lifts) the rate limit; the window starts afresh. */
  setRateLimit(limit: KvsRateLimit | undefined): void {
    if (limit && !(limit.operations >= 0 && limit.windowMs > 0))
      throw new Error('A KVS rate limit needs operations >= 0 and windowMs > 0');
    this.rateLimit = limit;
    this.admitted = [];
  }

  private overRateLimit(): KvsResponse | undefined {
    const limit = this.rateLimit;
    if (!limit) return undefined;
    const now = this.clock();
    this.admitted = this.admitted.filter((t) => t > now - limit.windowMs);
    if (this.admitted.length >= limit.operations) {
      return {
        status: 429,
        body: {
          code: 'RATE_LIMIT_EXCEEDED',
          message: `Rate limit exceeded: more than ${limit.operations} storage operations in ${limit.windowMs} ms`,
        },
      };
    }
    this.admitted.push(now);
    return undefined;
  }

  /** Opens (and replays) the store under `dataDir/kvs.jsonl`. */
  static async open(options: KvsOptions): Promise<{ service: KvsService; tornBytes: number }> {
    const replayed = new Map<string, Map<string, Item>>();
    const { log, report } = await AppendLog.open<LogRecord>(
      join(options.dataDir, 'kvs.jsonl'),
      (r) => applyMutations(replayed, r.m),
      options.log,
    );
    const service = new KvsService(log, options);
    for (const [ns, map] of replayed) service.stores.set(ns, map);
    return { service, tornBytes: report.tornBytes };
  }

  close(): Promise<void> {
    return this.log.close();
  }

  /** Answers one wire request; `path` is e.g. `/api/v1/get`. Never throws. */
  async handle(path: string, body: unknown): Promise<KvsResponse> {
    return (await this.handleMetered(path, body)).response;
  }

  /** `handle`, with the request's metering units (0 when it was refused before it ran). */
  async handleMetered(path: string, body: unknown): Promise<MeteredKvsResponse> {
    const unmetered = (response: KvsResponse): MeteredKvsResponse => ({
      response,
      units: { read: 0, write: 0 },
    });
    const op = path.replace(/^\/?api\/v1\//, '').replace(/^\//, '');
    this.counters.kvsOperation(op);
    const limited = this.overRateLimit();
    if (limited) return unmetered(limited);
    if (!this.counters.admitKvs(op)) {
      return unmetered({
        status: 429,
        body: {
          code: 'RATE_LIMIT_EXCEEDED',
          message: `Rate limit exceeded: the installation's KVS ${isKvsRead(op) ? 'read' : 'write'} units for this minute are used up`,
        },
      });
    }
    try {
      const answer = await this.dispatch(op, body);
      const requestBytes = Buffer.byteLength(JSON.stringify(body ?? null) ?? '', 'utf8');
      const answerBytes = Buffer.byteLength(JSON.stringify(answer.body ?? null) ?? '', 'utf8');
      this.counters.kvsMetered(op, requestBytes, answerBytes);
      const read = isKvsRead(op) ? kvsUnits(answerBytes) : 0;
      const write = isKvsRead(op) ? 0 : kvsUnits(requestBytes);
      return { response: answer, units: { read, write } };
    } catch (e) {
      if (e instanceof KvsError)
        return unmetered({ status: e.status, body: { code: e.code, message: e.message } });
      const message = e instanceof Error ? e.message : String(e);
      return unmetered({ status: 500, body: { code: 'INTERNAL_SERVER_ERROR', message } });
    }
  }

  private dispatch(op: string, body: unknown): Promise<KvsResponse> | KvsResponse {
    switch (op) {
      case 'get':
        return this.get('kv', body);
      case 'secret/get':
        return this.get('secret', body);
      case 'entity/get':
        return this.get(this.entityNs(body), body);
      case 'set':
        return this.set('kv', body);
      case 'secret/set':
        return this.set('secret', body);
      case 'entity/set':
        return this.set(this.entityNs(body), body);
      case 'delete':
        return this.delete('kv', body);
      case 'secret/delete':
        return this.delete('secret', body);
      case 'entity/delete':
        return this.delete(this.entityNs(body), body);
      case 'query':
        return this.query(body);
      case 'entity/query':
        return this.queryEntity(body);
      case 'batch/set':
        return this.batchSet(body);
      case 'batch/get':
        return this.batchGet(body);
      case 'batch/delete':
        return this.batchDelete(body);
      case 'transaction':
        return this.transaction(body);
      default:
        return { status: 404, body: { code: 'NOT_FOUND', message: `Unknown KVS operation ${op}` } };
    }
  }

  // ---- helpers -------------------------------------------------------------------------------

  private store(ns: string): Map<string, Item> {
    let s = this.stores.get(ns);
    if (!s) {
      s = new Map();
      this.stores.set(ns, s);
    }
    return s;
  }

  private live(ns: string, key: string): Item | undefined {
    const item = this.stores.get(ns)?.get(key);
    if (!item) return undefined;
    if (item.expireAt !== undefined && item.expireAt <= this.clock()) return undefined;
    return item;
  }

  private entity(name: unknown): EntityDefinition {
    if (typeof name !== 'string' || name.length < KVS_LIMITS.entityNameMinLength) {
      return fail(
        400,
        'ENTITY_TYPE_TOO_SHORT',
        'The entity name needs to be at least 3 characters',
      );
    }
    if (name.length > KVS_LIMITS.entityNameMaxLength) {
      return fail(400, 'ENTITY_TYPE_TOO_LARGE', 'The entity name exceeds 60 characters');
    }
    const e = this.entities.get(name);
    if (!e) return fail(400, 'INVALID_ENTITY', `Entity ${name} is not declared in manifest.yml`);
    return e;
  }

  private entityNs(body: unknown): string {
    const name = isRecord(body) ? body.entityName : undefined;
    return `entity:${this.entity(name).name}`;
  }

  private validateKey(key: unknown, isEntity: boolean): string {
    if (typeof key !== 'string') return fail(400, 'INVALID_KEY', 'Key must be a string');
    if (key.length === 0) {
      return isEntity
        ? fail(400, 'EMPTY_KEY', 'Key cannot be empty.')
        : fail(400, 'KEY_TOO_SHORT', 'The provided key needs to be at least one character.');
    }
    if (key.length > KVS_LIMITS.keyMaxLength) {
      return fail(400, 'KEY_TOO_LONG', 'The provided key has exceeded the maximum 500 characters.');
    }
    if (!KEY_PATTERN.test(key)) {
      return fail(
        400,
        'INVALID_KEY',
        'The provided key does not match the regex: /^(?!\\s+$)[a-zA-Z0-9:._\\s-#]+$/',
      );
    }
    return key;
  }

  private validateValue(value: unknown, ns: string): void {
    if (value === undefined) return fail(400, 'INVALID_VALUE', 'A value is required');
    const bytes = Buffer.byteLength(JSON.stringify(value), 'utf8');
    if (bytes > KVS_LIMITS.valueMaxBytes) {
      return fail(
        400,
        'MAX_SIZE',
        `The provided value has exceeded the maximum size limit (${bytes} > ${KVS_LIMITS.valueMaxBytes} bytes).`,
      );
    }
    const isEntity = ns.startsWith('entity:');
    const maxDepth = isEntity ? KVS_LIMITS.entityValueMaxDepth : KVS_LIMITS.valueMaxDepth;
    if (depthOf(value) > maxDepth) {
      return fail(
        400,
        'MAX_DEPTH',
        `The provided value has exceeded the maximum object depth (${maxDepth}) limit.`,
      );
    }
    if (isEntity) this.validateEntityValue(ns.slice('entity:'.length), value);
  }

  /**
   * Forge's value rules per attribute type ("Custom entities" reference, Values): `integer` a 32-bit
   * signed integer, `float` 0 or a magnitude within [1E-130, 9.99…E+125], `string` non-empty with a
   * non-whitespace character, `boolean` true or false; `any` takes any JSON value. "The Custom
   * Entity Store strictly enforces attribute types", so a typed attribute does not take `null`
   * either (assumed: the page lists no null). Refused with 400 `INVALID_ENTITY_VALUE` (the code the
   * entity error page gives for "Entity values must match one of the types"; the message is ours).
   */
  private validateEntityValue(name: string, value: unknown): void {
    const def = this.entity(name);
    if (!isRecord(value))
      return fail(400, 'INVALID_ENTITY_VALUE', 'An entity value must be an object');
    for (const [attr, v] of Object.entries(value)) {
      const type = def.attributes[attr];
      if (type === undefined) {
        return fail(
          400,
          'INVALID_ENTITY_VALUE',
          `Attribute ${attr} is not declared for entity ${name}`,
        );
      }
      const problem = attributeProblem(type, v);
      if (problem !== undefined) {
        return fail(
          400,
          'INVALID_ENTITY_VALUE',
          `Attribute ${attr} of entity ${name} must be ${problem} (got ${JSON.stringify(v)})`,
        );
      }
    }
  }

  private expiry(options: unknown, now: number): number | undefined {
    if (!isRecord(options) || options.ttl === undefined) return undefined;
    const ttl = options.ttl;
    const unit = isRecord(ttl) && typeof ttl.unit === 'string' ? TTL_UNITS[ttl.unit] : undefined;
    const amount = isRecord(ttl) ? ttl.value : undefined;
    if (
      unit === undefined ||
      typeof amount !== 'number' ||
      !Number.isInteger(amount) ||
      amount <= 0
    ) {
      return fail(
        400,
        'INVALID_TTL',
        'ttl needs a positive integer value and a unit SECONDS|MINUTES|HOURS|DAYS',
      );
    }
    if (amount * unit > KVS_LIMITS.ttlMaxSeconds) {
      return fail(400, 'INVALID_TTL', 'ttl cannot exceed one year');
    }
    return now + amount * unit * 1000;
  }

  private itemBody(key: string, item: Item, entityName?: string): Record<string, unknown> {
    return {
      key,
      ...(entityName !== undefined ? { entityName } : {}),
      value: item.value,
      createdAt: item.createdAt,
      updatedAt: item.updatedAt,
      ...(item.expireAt !== undefined ? { expireTime: new Date(item.expireAt).toISOString() } : {}),
    };
  }

  private projected(key: string, item: Item, metadataFields: unknown): Record<string, unknown> {
    const fields = Array.isArray(metadataFields) ? metadataFields : [];
    return {
      key,
      value: item.value,
      ...(fields.includes('CREATED_AT') ? { createdAt: item.createdAt } : {}),
      ...(fields.includes('UPDATED_AT') ? { updatedAt: item.updatedAt } : {}),
      ...(fields.includes('EXPIRE_TIME') && item.expireAt !== undefined
        ? { expireTime: new Date(item.expireAt).toISOString() }
        : {}),
    };
  }

  /**
   * Persist, then apply: the mutations reach memory (and readers) only once their line is on
   * disk. Until then they are unsettled: the next write decides on top of them (`latest`), so
   * conditions and key policies stay serial, and if they fail the log fails every write decided
   * after them too. A failed append rejects (the caller answers 500) and changes nothing.
   * Each write operation decides and calls `commit` in one synchronous run (no `await` between).
   */
  private async commit(mutations: Mutation[]): Promise<void> {
    if (mutations.length === 0) return;
    this.unsettled.push(mutations);
    await this.log.append({ m: mutations }, (durable) => {
      this.unsettled.splice(this.unsettled.indexOf(mutations), 1);
      if (durable) applyMutations(this.stores, mutations);
    });
  }

  /** Writes accepted but not yet on disk, oldest first (never visible to reads). */
  private readonly unsettled: Mutation[][] = [];

  /** The item as the next write must see it: the newest unsettled write of the key, else `live`. */
  private latest(ns: string, key: string): Item | undefined {
    for (let i = this.unsettled.length - 1; i >= 0; i -= 1) {
      const m = this.unsettled[i]?.findLast((x) => x.ns === ns && x.key === key);
      if (!m) continue;
      if (m.t === 'del') return undefined;
      return m.item.expireAt !== undefined && m.item.expireAt <= this.clock() ? undefined : m.item;
    }
    return this.live(ns, key);
  }

  private putMutation(ns: string, key: string, value: unknown, options: unknown): Mutation {
    const now = this.clock();
    const previous = this.latest(ns, key);
    const expireAt = this.expiry(options, now);
    return {
      t: 'put',
      ns,
      key,
      item: {
        value,
        createdAt: previous?.createdAt ?? now,
        updatedAt: now,
        ...(expireAt !== undefined ? { expireAt } : {}),
      },
    };
  }

  // ---- operations ----------------------------------------------------------------------------

  private get(ns: string, body: unknown): KvsResponse {
    const b = isRecord(body) ? body : {};
    const key = this.validateKey(b.key, ns.startsWith('entity:'));
    const item = this.live(ns, key);
    if (!item)
      return { status: 404, body: { code: 'KEY_NOT_FOUND', message: `Key ${key} not found` } };
    return { status: 200, body: this.itemBody(key, item) };
  }

  private async set(ns: string, body: unknown): Promise<KvsResponse> {
    const b = isRecord(body) ? body : {};
    const key = this.validateKey(b.key, ns.startsWith('entity:'));
    this.validateValue(b.value, ns);
    const options = isRecord(b.options) ? b.options : undefined;
    const previous = this.latest(ns, key);
    if (options?.keyPolicy === 'FAIL_IF_EXISTS' && previous) {
      return fail(409, 'KEY_ALREADY_EXISTS', `Key ${key} already exists`);
    }
    if (
      options?.keyPolicy !== undefined &&
      options.keyPolicy !== 'OVERRIDE' &&
      options.keyPolicy !== 'FAIL_IF_EXISTS'
    ) {
      return fail(400, 'INVALID_KEY_POLICY', 'keyPolicy must be OVERRIDE or FAIL_IF_EXISTS');
    }
    if (options?.returnValue !== undefined && options.keyPolicy !== 'OVERRIDE') {
      return fail(400, 'INVALID_RETURN_VALUE', 'returnValue needs keyPolicy OVERRIDE');
    }
    const mutation = this.putMutation(ns, key, b.value, options);
    await this.commit([mutation]);
    if (options?.returnValue === 'PREVIOUS') {
      return { status: 200, body: previous ? this.itemBody(key, previous) : undefined };
    }
    if (options?.returnValue === 'LATEST' && mutation.t === 'put') {
      return { status: 200, body: this.itemBody(key, mutation.item) };
    }
    return { status: 200 };
  }

  private async delete(ns: string, body: unknown): Promise<KvsResponse> {
    const b = isRecord(body) ? body : {};
    const key = this.validateKey(b.key, ns.startsWith('entity:'));
    if (!this.latest(ns, key)) {
      return { status: 404, body: { code: 'KEY_NOT_FOUND', message: `Key ${key} not found` } };
    }
    await this.commit([{ t: 'del', ns, key }]);
    return { status: 200 };
  }

  /**
   * A query's page size, 1–100. The error pages name the code: KVS "LIST_QUERY_LIMIT_EXCEEDED —
   * Limit for list query should be below 100", Custom Entity Store
   * "COMPLEX_QUERY_PAGE_LIMIT_NOT_IN_RANGE — The page limit must be set between 1 and 100".
   */
  private limitOf(limit: unknown, code: string): number {
    if (limit === undefined || limit === null) return KVS_LIMITS.queryDefaultLimit;
    if (
      typeof limit !== 'number' ||
      !Number.isInteger(limit) ||
      limit < 1 ||
      limit > KVS_LIMITS.queryMaxLimit
    ) {
      return fail(400, code, `limit must be an integer from 1 to ${KVS_LIMITS.queryMaxLimit}`);
    }
    return limit;
  }

  private query(body: unknown): KvsResponse {
    const b = isRecord(body) ? body : {};
    const limit = this.limitOf(b.limit, 'LIST_QUERY_LIMIT_EXCEEDED');
    let prefix = '';
    if (Array.isArray(b.where)) {
      for (const w of b.where) {
        if (!isRecord(w) || w.property !== 'key' || w.condition !== 'BEGINS_WITH') {
          return fail(400, 'INVALID_WHERE', 'Only where("key", beginsWith(...)) is supported');
        }
        const v: unknown = Array.isArray(w.values) ? w.values[0] : undefined;
        if (typeof v !== 'string' && typeof v !== 'number') {
          return fail(400, 'INVALID_WHERE', 'beginsWith needs a value');
        }
        prefix = String(v);
      }
    }
    const after = decodeCursor(b.after);
    const now = this.clock();
    const keys = [...this.store('kv').entries()]
      .filter(
        ([k, item]) => k.startsWith(prefix) && (item.expireAt === undefined || item.expireAt > now),
      )
      .map(([k]) => k)
      .sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    const from = typeof after === 'string' ? keys.findIndex((k) => k > after) : 0;
    const start = from < 0 ? keys.length : from;
    const page = keys.slice(start, start + limit);
    const metadataFields = isRecord(b.options) ? b.options.metadataFields : undefined;
    const data = page.flatMap((k) => {
      const item = this.live('kv', k);
      return item ? [this.projected(k, item, metadataFields)] : [];
    });
    const last = page[page.length - 1];
    const hasMore = start + limit < keys.length;
    return {
      status: 200,
      body: { data, ...(hasMore && last !== undefined ? { cursor: encodeCursor(last) } : {}) },
    };
  }

  private queryEntity(body: unknown): KvsResponse {
    const b = isRecord(body) ? body : {};
    const def = this.entity(b.entityName);
    const index: EntityIndex | undefined = def.indexes.find((i) => i.name === b.indexName);
    if (!index) {
      return fail(
        400,
        'INVALID_INDEX',
        `Index ${String(b.indexName)} is not declared for entity ${def.name}`,
      );
    }
    const limit = this.limitOf(b.limit, 'COMPLEX_QUERY_PAGE_LIMIT_NOT_IN_RANGE');
    const partition = Array.isArray(b.partition) ? b.partition : [];
    if (partition.length !== index.partition.length) {
      return fail(
        400,
        'INVALID_PARTITION',
        `Index ${index.name} needs ${index.partition.length} partition value(s), got ${partition.length}`,
      );
    }
    const rangeAttr = index.range[0];
    const range =
      b.range === undefined
        ? undefined
        : toConditions([{ property: rangeAttr ?? '', ...(isRecord(b.range) ? b.range : {}) }])[0];
    matchesFilters(undefined, b.filters); // refuses a malformed filter even when no row is read
    const sort = b.sort === 'DESC' ? -1 : 1;
    const now = this.clock();
    type Row = { key: string; item: Item; rank: unknown };
    const rows: Row[] = [];
    for (const [key, item] of this.store(`entity:${def.name}`)) {
      if (item.expireAt !== undefined && item.expireAt <= now) continue;
      const v = isRecord(item.value) ? item.value : {};
      if (!index.partition.every((p, i) => v[p] !== undefined && v[p] === partition[i])) continue;
      if (!index.range.every((r) => v[r] !== undefined && v[r] !== null)) continue;
      const rank = rangeAttr !== undefined ? v[rangeAttr] : key;
      if (range && !matchesCondition(rank, range)) continue;
      rows.push({ key, item, rank });
    }
    const order = (x: Row, y: Row): number => {
      const d = compare(x.rank, y.rank) ?? 0;
      const k = x.key < y.key ? -1 : x.key > y.key ? 1 : 0;
      return (d !== 0 ? Math.sign(d) : k) * sort;
    };
    rows.sort(order);
    const after = decodeCursor(b.cursor);
    let start = 0;
    if (Array.isArray(after) && after.length === 2 && typeof after[1] === 'string') {
      const pos: Row = {
        key: after[1],
        item: { value: null, createdAt: 0, updatedAt: 0 },
        rank: after[0] as unknown,
      };
      const idx = rows.findIndex((r) => order(r, pos) > 0);
      start = idx < 0 ? rows.length : idx;
    }
    // As in Forge, filters apply to the page read from the index, so a page can hold fewer than
    // `limit` results while a cursor still points further on.
    const scanned = rows.slice(start, start + limit);
    const metadataFields =
      b.metadataFields ?? (isRecord(b.options) ? b.options.metadataFields : undefined);
    const data = scanned
      .filter((r) => matchesFilters(r.item.value, b.filters))
      .map((r) => this.projected(r.key, r.item, metadataFields));
    const last = scanned[scanned.length - 1];
    const hasMore = start + limit < rows.length;
    return {
      status: 200,
      body: { data, ...(hasMore && last ? { cursor: encodeCursor([last.rank, last.key]) } : {}) },
    };
  }

  /** Refuses a transaction or batch whose request is over Forge's 4 MB payload limit. */
  private checkPayload(body: unknown): void {
    const bytes = Buffer.byteLength(JSON.stringify(body) ?? '', 'utf8');
    if (bytes > KVS_LIMITS.requestMaxBytes) {
      fail(
        400,
        'PAYLOAD_TOO_LARGE',
        `The request is ${bytes} bytes; a transaction or batch holds at most ${KVS_LIMITS.requestMaxBytes}`,
      );
    }
  }

  /**
   * A batch's items. Batch page: "A batch operation will return an error and fail entirely if: It
   * doesn't contain any keys. There are multiple requests to set, delete, or get the same key or
   * key plus entity."
   */
  private batchItems(body: unknown): Record<string, unknown>[] {
    if (!Array.isArray(body)) return fail(400, 'INVALID_REQUEST', 'A batch is an array of items');
    if (body.length === 0) return fail(400, 'INVALID_REQUEST', 'A batch needs at least one item');
    if (body.length > KVS_LIMITS.batchMaxItems) {
      return fail(400, 'TOO_MANY_ITEMS', `A batch holds at most ${KVS_LIMITS.batchMaxItems} items`);
    }
    this.checkPayload(body);
    const items = body.map((i) => (isRecord(i) ? i : {}));
    const seen = new Set<string>();
    for (const i of items) {
      const id = `${typeof i.entityName === 'string' ? i.entityName : ''}\u0000${String(i.key)}`;
      if (seen.has(id)) {
        return fail(400, 'DUPLICATE_KEY', `Key ${String(i.key)} appears twice in one batch`);
      }
      seen.add(id);
    }
    return items;
  }

  private itemError(e: unknown): { code: string; message: string } {
    return e instanceof KvsError
      ? { code: e.code, message: e.message }
      : { code: 'INTERNAL_SERVER_ERROR', message: String(e) };
  }

  private async batchSet(body: unknown): Promise<KvsResponse> {
    const items = this.batchItems(body);
    const successfulKeys: Record<string, unknown>[] = [];
    const failedKeys: Record<string, unknown>[] = [];
    const mutations: Mutation[] = [];
    for (const i of items) {
      const ref = {
        key: i.key,
        ...(i.entityName !== undefined ? { entityName: i.entityName } : {}),
      };
      try {
        const ns = i.entityName !== undefined ? this.entityNs(i) : 'kv';
        const key = this.validateKey(i.key, ns !== 'kv');
        this.validateValue(i.value, ns);
        mutations.push(this.putMutation(ns, key, i.value, i.options));
        successfulKeys.push(ref);
      } catch (e) {
        failedKeys.push({ ...ref, error: this.itemError(e) });
      }
    }
    await this.commit(mutations);
    return { status: 200, body: { successfulKeys, failedKeys } };
  }

  private batchGet(body: unknown): KvsResponse {
    const items = this.batchItems(body);
    const successfulKeys: Record<string, unknown>[] = [];
    const failedKeys: Record<string, unknown>[] = [];
    for (const i of items) {
      const ref = {
        key: i.key,
        ...(i.entityName !== undefined ? { entityName: i.entityName } : {}),
      };
      try {
        const ns = i.entityName !== undefined ? this.entityNs(i) : 'kv';
        const key = this.validateKey(i.key, ns !== 'kv');
        const item = this.live(ns, key);
        if (!item) {
          failedKeys.push({
            ...ref,
            error: { code: 'KEY_NOT_FOUND', message: `Key ${key} not found` },
          });
        } else {
          const entityName = typeof i.entityName === 'string' ? i.entityName : undefined;
          successfulKeys.push(this.itemBody(key, item, entityName));
        }
      } catch (e) {
        failedKeys.push({ ...ref, error: this.itemError(e) });
      }
    }
    return { status: 200, body: { successfulKeys, failedKeys } };
  }

  private async batchDelete(body: unknown): Promise<KvsResponse> {
    const items = this.batchItems(body);
    const successfulKeys: Record<string, unknown>[] = [];
    const failedKeys: Record<string, unknown>[] = [];
    const mutations: Mutation[] = [];
    for (const i of items) {
      const ref = {
        key: i.key,
        ...(i.entityName !== undefined ? { entityName: i.entityName } : {}),
      };
      try {
        const ns = i.entityName !== undefined ? this.entityNs(i) : 'kv';
        const key = this.validateKey(i.key, ns !== 'kv');
        if (this.latest(ns, key)) mutations.push({ t: 'del', ns, key });
        successfulKeys.push(ref);
      } catch (e) {
        failedKeys.push({ ...ref, error: this.itemError(e) });
      }
    }
    await this.commit(mutations);
    return { status: 200, body: { successfulKeys, failedKeys } };
  }

  private async transaction(body: unknown): Promise<KvsResponse> {
    const b = isRecord(body) ? body : {};
    const list = (v: unknown): Record<string, unknown>[] =>
      Array.isArray(v) ? v.map((i) => (isRecord(i) ? i : {})) : [];
    const sets = list(b.set);
    const deletes = list(b.delete);
    const checks = list(b.check);
    const total = sets.length + deletes.length + checks.length;
    this.checkPayload(body);
    if (total === 0)
      return fail(400, 'INVALID_REQUEST', 'A transaction needs at least one operation');
    if (total > KVS_LIMITS.transactionMaxOperations) {
      return fail(
        400,
        'TOO_MANY_OPERATIONS',
        `A transaction holds at most ${KVS_LIMITS.transactionMaxOperations} operations, got ${total}`,
      );
    }
    const seen = new Set<string>();
    const target = (
      op: Record<string, unknown>,
      needsEntity: boolean,
    ): { ns: string; key: string } => {
      if (needsEntity && op.entityName === undefined) {
        return fail(400, 'INVALID_REQUEST', 'A check needs an entityName');
      }
      if (op.conditions !== undefined && op.entityName === undefined) {
        return fail(400, 'INVALID_CONDITION', 'Conditions are only supported on custom entities');
      }
      const ns = op.entityName !== undefined ? this.entityNs(op) : 'kv';
      const key = this.validateKey(op.key, ns !== 'kv');
      // "Each key can only be used once in a transaction" (both transaction pages): the rule names
      // the key alone, so a plain key and an entity row with the same key count as one use.
      if (seen.has(key))
        return fail(400, 'DUPLICATE_KEY', `Key ${key} is used more than once in one transaction`);
      seen.add(key);
      return { ns, key };
    };
    const mutations: Mutation[] = [];
    const conditionsHold: { ns: string; key: string; conditions: unknown; check?: true }[] = [];
    for (const s of sets) {
      const { ns, key } = target(s, false);
      // A transaction set takes only a TTL (`@forge/kvs` types it `SetOptions`, and the transaction
      // pages document `ttl` alone); a key policy there would be ignored or refused by Forge, so
      // the host refuses it rather than let the app rely on it (assumed).
      if (isRecord(s.options) && s.options.keyPolicy !== undefined) {
        return fail(400, 'INVALID_REQUEST', 'keyPolicy is not supported in a transaction');
      }
      this.validateValue(s.value, ns);
      mutations.push(this.putMutation(ns, key, s.value, s.options));
      if (s.conditions !== undefined) conditionsHold.push({ ns, key, conditions: s.conditions });
    }
    for (const d of deletes) {
      const { ns, key } = target(d, false);
      if (this.latest(ns, key)) mutations.push({ t: 'del', ns, key });
      if (d.conditions !== undefined) conditionsHold.push({ ns, key, conditions: d.conditions });
    }
    for (const c of checks) {
      const { ns, key } = target(c, true);
      conditionsHold.push({ ns, key, conditions: c.conditions, check: true });
    }
    for (const c of conditionsHold) {
      const current = this.latest(c.ns, c.key);
      // Forge documents a check as "check if key exists and meets conditions" and says nothing of a
      // condition on a row that does not exist; the host makes such a condition fail, so the app
      // creates rows with the documented keyPolicy FAIL_IF_EXISTS instead (assumed).
      // (`missingRowConditions: 'evaluate'` checks a set's or delete's condition against an absent
      // row instead: K16. A `check` still needs the row: "check if key exists".)
      const holds =
        current === undefined
          ? this.missingRowConditions === 'evaluate' &&
            c.check !== true &&
            matchesFilters(undefined, c.conditions)
          : matchesFilters(current.value, c.conditions);
      if (!holds) {
        return fail(
          409,
          'CONDITIONAL_CHECK_FAILED',
          `Transaction cancelled: the condition on key ${c.key} did not hold`,
        );
      }
    }
    await this.commit(mutations);
    return { status: 200 };
  }

  /** Every live key in a namespace (`kv`, `secret`, `entity:<name>`), for the shell and tests. */
  keys(ns: string): string[] {
    const now = this.clock();
    return [...this.store(ns).entries()]
      .filter(([, i]) => i.expireAt === undefined || i.expireAt > now)
      .map(([k]) => k)
      .sort();
  }
}

function applyMutations(
  stores: Map<string, Map<string, Item>>,
  mutations: readonly Mutation[],
): void {
  for (const m of mutations) {
    let s = stores.get(m.ns);
    if (!s) {
      s = new Map();
      stores.set(m.ns, s);
    }
    if (m.t === 'put') s.set(m.key, m.item);
    else s.delete(m.key);
  }
}
