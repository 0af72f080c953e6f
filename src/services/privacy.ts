/**
 * Personal data (Atlassian's user privacy guide for Forge apps): CoP Kit stores account ids but no
 * names or e-mails. A weekly scheduled trigger reports every stored account id through
 * `privacy.reportPersonalData` (`POST /app/report-accounts`, 90 a request) and erases what belongs
 * to accounts Atlassian reports `closed`. Account ids are read **by position**, from the declared
 * list of stored shapes in `storage/personal-data.ts` (where to add a new place):
 * - a record whose key names a closed account (its own participant records, its access checks) is
 *   deleted;
 * - a record that mentions one (a topic's author or lead, a game's starter or a card's author, the
 *   rotation, a notes job's attendees) keeps its content with the id replaced by that account's
 *   marker (`markerFor`): stable, its own per account (two closed players stay two people, so a
 *   finished ranking reads the same), and not reversible without the installation's salt.
 * `updated` needs no action: the only profile data kept is a display name cached for at most an
 * hour (`services/users.ts`), which a closed account's erasure deletes with its other records.
 */
import { createHash, randomBytes } from 'node:crypto';
import { privacy } from '@forge/api';
import { Filter, FilterConditions, kvs, WhereConditions } from '@forge/kvs';
import { isConditionFailure } from '../storage/conditions';
import { keys } from '../storage/keys';
import {
  accountIdsOf,
  eraseIn,
  shapeOf,
  STORED_SHAPES,
  type ShapeSource,
  type StoredShape,
} from '../storage/personal-data';

/** How every closed account's marker starts; the rest is its own (`markerFor`). */
export const CLOSED_ACCOUNT_PREFIX = 'closed-account.';

/**
 * A closed account's marker: `closed-account.` and 16 hex digits of SHA-256 over the
 * installation's salt and the id. The same account always gets the same marker, two accounts two
 * markers (a clash needs about 2^32 closed accounts), and without the salt the id cannot be
 * found from the marker by trying known ids. `.` is not in an account id's alphabet, so a marker
 * is never reported as an account.
 */
export function markerFor(salt: string, accountId: string): string {
  const digest = createHash('sha256').update(`${salt}\n${accountId}`).digest('hex');
  return `${CLOSED_ACCOUNT_PREFIX}${digest.slice(0, 16)}`;
}

/** The installation's salt for markers: read, or drawn once (32 random bytes) and stored. */
async function markerSalt(): Promise<string> {
  const stored = await kvs.get<string>(keys.privacySalt());
  if (typeof stored === 'string' && stored.length > 0) return stored;
  const salt = randomBytes(32).toString('hex');
  await kvs.set(keys.privacySalt(), salt);
  return salt;
}

interface StoredRecord {
  readonly source: ShapeSource;
  readonly key: string;
  readonly value: unknown;
  readonly shape: StoredShape;
}

/** The scans that reach every declared shape: each plain prefix once, each entity partition once. */
function scans(): { source: ShapeSource; shapes: StoredShape[]; partition?: string }[] {
  const out: { source: ShapeSource; shapes: StoredShape[]; partition?: string }[] = [];
  const plain = new Map<string, StoredShape[]>();
  for (const shape of STORED_SHAPES) {
    if (shape.source.kind === 'plain') {
      plain.set(shape.source.prefix, [...(plain.get(shape.source.prefix) ?? []), shape]);
    }
  }
  for (const [prefix, shapes] of plain) out.push({ source: { kind: 'plain', prefix }, shapes });
  for (const shape of STORED_SHAPES) {
    if (shape.source.kind !== 'entity') continue;
    for (const partition of shape.source.partitions) {
      out.push({ source: shape.source, shapes: [shape], partition });
    }
  }
  return out;
}

/** Records under a scanned prefix that no shape declares (their ids are not read), per scan. */
interface ScanCount {
  undeclared: number;
}

async function* plainRecords(
  prefix: string,
  shapes: readonly StoredShape[],
  count: ScanCount,
): AsyncGenerator<StoredRecord> {
  let cursor: string | undefined;
  do {
    const query = kvs.query().where('key', WhereConditions.beginsWith(prefix)).limit(100);
    const page = await (cursor === undefined ? query : query.cursor(cursor)).getMany();
    for (const r of page.results) {
      const matched = shapeOf(shapes, r.key);
      if (matched === undefined) count.undeclared += 1;
      else yield { source: matched.shape.source, key: r.key, value: r.value, shape: matched.shape };
    }
    cursor = page.nextCursor;
  } while (cursor !== undefined);
}

async function* entityRecords(
  shape: StoredShape,
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
    for (const r of page.results) yield { source: shape.source, key: r.key, value: r.value, shape };
    cursor = page.nextCursor;
  } while (cursor !== undefined);
}

async function* everyRecord(count: ScanCount): AsyncGenerator<StoredRecord> {
  for (const scan of scans()) {
    if (scan.source.kind === 'plain') {
      yield* plainRecords(scan.source.prefix, scan.shapes, count);
    } else {
      const shape = scan.shapes[0] as StoredShape;
      const { entity, index } = scan.source;
      yield* entityRecords(shape, entity, index, scan.partition as string);
    }
  }
}

/** Attempts to erase from one entity row that concurrent writers keep changing. */
const ERASE_ATTEMPTS = 5;

/**
 * Erases closed accounts from one record. Entity rows are written compare-and-set on the
 * attribute their writers guard (`version`, `rev`, `attempt`): a row changed since it was read is
 * read again and erased again, so the erasure never overwrites anyone's write. Plain records are
 * written as they are: a participant's own records are deleted whole, and the community settings
 * are rewritten as read (a settings change in the same instant can bring an id back until the
 * next run; it is never lost). Returns what was done.
 */
async function erase(
  record: StoredRecord,
  closed: ReadonlySet<string>,
  markerOf: (id: string) => string,
): Promise<'deleted' | 'redacted' | 'kept' | 'busy'> {
  const { source, key, shape } = record;
  if (source.kind === 'plain') {
    const erasure = eraseIn(shape, key, record.value, closed, markerOf);
    if (erasure.action === 'delete') await kvs.delete(key);
    if (erasure.action === 'rewrite') await kvs.set(key, erasure.value);
    return erasure.action === 'delete'
      ? 'deleted'
      : erasure.action === 'rewrite'
        ? 'redacted'
        : 'kept';
  }
  let value: unknown = record.value;
  for (let attempt = 1; attempt <= ERASE_ATTEMPTS; attempt += 1) {
    const erasure = eraseIn(shape, key, value, closed, markerOf);
    if (erasure.action === 'keep') return 'kept';
    const guard = (value as Record<string, unknown>)[source.guard];
    const conditions = new Filter<Record<string, unknown>>().and(
      source.guard,
      FilterConditions.equalTo(guard as never),
    );
    const options = { entityName: source.entity, conditions };
    try {
      const tx =
        erasure.action === 'delete'
          ? kvs.transact().delete(key, options)
          : kvs.transact().set(key, erasure.value as Record<string, unknown>, options);
      await tx.execute();
      return erasure.action === 'delete' ? 'deleted' : 'redacted';
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      value = await kvs.entity<unknown>(source.entity).get(key);
      if (value === undefined) return 'kept';
    }
  }
  return 'busy';
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
  /** Rows still changing after every attempt: left for the next run. */
  readonly busy: number;
  /** Records under a scanned prefix that no stored shape declares (none expected). */
  readonly undeclared: number;
}

/**
 * The scheduled trigger: scan, report, erase. Runs as the app; safe to run again (a second run
 * finds nothing of a closed account left to erase).
 */
export async function reportPersonalDataHandler(): Promise<PrivacyReport> {
  const scan: ScanCount = { undeclared: 0 };
  const seen = new Set<string>();
  for await (const record of everyRecord(scan)) {
    for (const id of accountIdsOf(record.shape, record.key, record.value)) seen.add(id);
  }
  const found = scan.undeclared;
  if (found > 0) {
    console.warn(`Personal-data report: ${found} stored records match no declared shape.`);
  }
  const updatedAt = new Date().toISOString();
  const updates = await reportInBatches([...seen].map((accountId) => ({ accountId, updatedAt })));
  const closed = new Set(updates.filter((u) => u.status === 'closed').map((u) => u.accountId));
  const counts = { deleted: 0, redacted: 0, busy: 0 };
  if (closed.size > 0) {
    const salt = await markerSalt();
    const markers = new Map([...closed].map((id) => [id, markerFor(salt, id)]));
    const markerOf = (id: string): string => markers.get(id) ?? markerFor(salt, id);
    for await (const record of everyRecord({ undeclared: 0 })) {
      const done = await erase(record, closed, markerOf);
      if (done === 'deleted') counts.deleted += 1;
      if (done === 'redacted') counts.redacted += 1;
      if (done === 'busy') counts.busy += 1;
    }
  }
  return { reported: seen.size, closed: [...closed], ...counts, undeclared: found };
}
