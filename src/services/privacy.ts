/**
 * Personal data (Atlassian's user privacy guide for Forge apps): CoP Kit stores account ids (cards,
 * votes, splits, takeaways, backlog authors and leads, the facilitator rotation, notes jobs) but no
 * names or e-mails. A weekly scheduled trigger reports every stored account id through
 * `privacy.reportPersonalData` (`POST /app/report-accounts`, 90 a request) and erases what belongs
 * to accounts Atlassian reports `closed`:
 * - records keyed by the account (its own participant records) are deleted;
 * - records that only mention it (a topic's author or lead, a game's facilitator, the rotation, a
 *   notes job's attendees) keep their content with the id replaced by `CLOSED_ACCOUNT`.
 * `updated` needs no action: the only profile data kept is a display name cached for at most an
 * hour (`services/users.ts`), which a closed account's erasure deletes with its other records.
 */
import { privacy } from '@forge/api';
import { kvs, WhereConditions } from '@forge/kvs';
import { ENTITY } from '../storage/keys';

/** What replaces a closed account's id inside records that mention it. */
export const CLOSED_ACCOUNT = 'closed-account';

/** Atlassian account ids: `<6 digits>:<uuid>` or the older 24 hex digits. */
const ACCOUNT_ID =
  /\b(?:\d{6}:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{24})\b/g;

/**
 * Plain-key prefixes that hold account ids (in the key or the value): participant records,
 * settings, the access records of `services/place.ts` and the cached display names of
 * `services/users.ts` (keyed by account, so erased).
 */
const PLAIN_PREFIXES = ['p:', 'settings:', 'access:', 'space-access:', 'name:'];

/** Entities and the index and partitions that together reach every row. */
const ENTITY_SCANS: readonly { entity: string; index: string; partitions: readonly string[] }[] = [
  { entity: ENTITY.game, index: 'by-kind', partitions: ['thirty-five', 'lean-coffee'] },
  {
    entity: ENTITY.topic,
    index: 'by-status',
    partitions: ['proposed', 'planned', 'discussed', 'archived'],
  },
  { entity: ENTITY.notes, index: 'by-status', partitions: ['pending', 'created', 'failed'] },
];

interface StoredRecord {
  readonly entity: string | undefined;
  readonly key: string;
  readonly value: unknown;
}

/** The account ids in a record: in its key and anywhere in its value. */
export function accountIdsIn(key: string, value: unknown): Set<string> {
  return new Set(
    [...`${key}\n${JSON.stringify(value) ?? ''}`.matchAll(ACCOUNT_ID)].map((m) => m[0]),
  );
}

/** A value with every occurrence of the closed ids replaced by `CLOSED_ACCOUNT`. */
export function redact(value: unknown, closed: ReadonlySet<string>): unknown {
  const json = JSON.stringify(value);
  const replaced = json.replace(ACCOUNT_ID, (id) => (closed.has(id) ? CLOSED_ACCOUNT : id));
  return JSON.parse(replaced) as unknown;
}

async function* plainRecords(prefix: string): AsyncGenerator<StoredRecord> {
  let cursor: string | undefined;
  do {
    const query = kvs.query().where('key', WhereConditions.beginsWith(prefix)).limit(100);
    const page = await (cursor === undefined ? query : query.cursor(cursor)).getMany();
    for (const r of page.results) yield { entity: undefined, key: r.key, value: r.value };
    cursor = page.nextCursor;
  } while (cursor !== undefined);
}

async function* entityRecords(
  entity: string,
  index: string,
  partition: string,
): AsyncGenerator<StoredRecord> {
  let cursor: string | undefined;
  do {
    const query = kvs
      .entity<Record<string, unknown>>(entity)
      .query()
      .index(index, { partition: [partition] })
      .limit(100);
    const page = await (cursor === undefined ? query : query.cursor(cursor)).getMany();
    for (const r of page.results) yield { entity, key: r.key, value: r.value };
    cursor = page.nextCursor;
  } while (cursor !== undefined);
}

async function* everyRecord(): AsyncGenerator<StoredRecord> {
  for (const prefix of PLAIN_PREFIXES) yield* plainRecords(prefix);
  for (const scan of ENTITY_SCANS) {
    for (const partition of scan.partitions) {
      yield* entityRecords(scan.entity, scan.index, partition);
    }
  }
}

type AccountReport = Parameters<typeof privacy.reportPersonalData>[0][number];
type AccountUpdate = Awaited<ReturnType<typeof privacy.reportPersonalData>>[number];

/** Accounts per request: the API takes "up to 90" (user privacy guide; `@forge/api` LIMIT). */
export const REPORT_BATCH = 90;
/** Attempts per batch when the API answers 429 (the first try included). */
export const REPORT_ATTEMPTS = 4;
/** The longest `Retry-After` the trigger waits out; a longer one fails this run (next week retries). */
export const MAX_RETRY_AFTER_MS = 60_000;
/** The wait when a 429 names no usable `Retry-After`. */
const DEFAULT_RETRY_AFTER_MS = 5_000;

/**
 * How long a rejected report asks us to wait, or undefined when it is not a 429. `@forge/api`
 * rejects with the HTTP response itself (`out/privacy/index.js`: `Promise.reject(resp)`); the guide
 * says "429: Rate limiting applies. Delay by the time period … specified in the `Retry-After`
 * header (in seconds)". An HTTP date is accepted too.
 */
export function retryAfterMs(rejected: unknown, now: number): number | undefined {
  if (typeof rejected !== 'object' || rejected === null) return undefined;
  const { status, headers } = rejected as { status?: unknown; headers?: unknown };
  if (status !== 429) return undefined;
  const get =
    typeof headers === 'object' && headers !== null && 'get' in headers
      ? (headers as { get: (name: string) => string | null }).get.bind(headers)
      : undefined;
  const value = get?.('retry-after')?.trim();
  if (value === undefined || value === '') return DEFAULT_RETRY_AFTER_MS;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? DEFAULT_RETRY_AFTER_MS : Math.max(0, at - now);
}

/**
 * Reports the accounts 90 at a time, one request after another (`@forge/api` would send every
 * batch at once and give up on the first 429), waiting out each 429's `Retry-After`.
 */
async function reportInBatches(accounts: readonly AccountReport[]): Promise<AccountUpdate[]> {
  const updates: AccountUpdate[] = [];
  for (let i = 0; i < accounts.length; i += REPORT_BATCH) {
    const batch = accounts.slice(i, i + REPORT_BATCH);
    for (let attempt = 1; ; attempt += 1) {
      try {
        updates.push(...(await privacy.reportPersonalData(batch)));
        break;
      } catch (rejected) {
        const wait = retryAfterMs(rejected, Date.now());
        if (wait === undefined || wait > MAX_RETRY_AFTER_MS || attempt >= REPORT_ATTEMPTS) {
          throw rejected;
        }
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }
  return updates;
}

export interface PrivacyReport {
  readonly reported: number;
  readonly closed: readonly string[];
  readonly deleted: number;
  readonly redacted: number;
}

/**
 * The scheduled trigger: scan, report, erase. Runs as the app; safe to run again (a second run
 * finds nothing of a closed account left to erase).
 */
export async function reportPersonalDataHandler(): Promise<PrivacyReport> {
  const seen = new Set<string>();
  for await (const record of everyRecord()) {
    for (const id of accountIdsIn(record.key, record.value)) seen.add(id);
  }
  const updatedAt = new Date().toISOString();
  const updates = await reportInBatches([...seen].map((accountId) => ({ accountId, updatedAt })));
  const closed = new Set(updates.filter((u) => u.status === 'closed').map((u) => u.accountId));
  let deleted = 0;
  let redacted = 0;
  if (closed.size > 0) {
    for await (const record of everyRecord()) {
      const ids = accountIdsIn(record.key, record.value);
      const hit = [...ids].filter((id) => closed.has(id));
      if (hit.length === 0) continue;
      const keyed = hit.some((id) => record.key.includes(id));
      if (keyed) {
        await (record.entity === undefined
          ? kvs.delete(record.key)
          : kvs.entity(record.entity).delete(record.key));
        deleted += 1;
      } else {
        const value = redact(record.value, closed);
        await (record.entity === undefined
          ? kvs.set(record.key, value)
          : kvs.entity<unknown>(record.entity).set(record.key, value));
        redacted += 1;
      }
    }
  }
  return { reported: seen.size, closed: [...closed], deleted, redacted };
}
