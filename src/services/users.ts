/**
 * Display names, looked up in Confluence (`POST /wiki/api/v2/users-bulk`) once and then cached, so
 * that a state read makes no Confluence call (issue 13: every screen's refetch used to ask for
 * every name it shows, 45,000 calls in a 60-person game against an app-wide pool of 65,000 points
 * an hour).
 *
 * Two caches, both short-lived so that a renamed account shows its new name within minutes:
 * - in memory, per container (Forge reuses a warm container for later invocations of the app's
 *   function; assumed, as the study's prototype did), keyed by installation: `NAME_FRESH_MS`;
 * - in the app's storage, `name:<accountId>` → `{ name, at }`, written with a KVS time-to-live of
 *   `NAME_TTL` (Forge deletes it after that: "TTL up to one year", kvs-api; FIDELITY K12) and
 *   ignored once older than `NAME_FRESH_MS` (a TTL is not a promise to delete at once).
 * What is cached is a display name only (no e-mail, no avatar), for at most `NAME_TTL`; the weekly
 * privacy report erases the entry of a closed account with its other account-keyed records
 * (`services/privacy.ts`, prefix `name:`). SECURITY.md says so.
 *
 * A game's screens read often and for an hour or more, so a participant's read must never ask
 * Confluence (issue 13: at 200 people, every read after the 10 minutes asked again). Its callers pass
 * `{ refresh: false }`: a cached name is then shown for up to `NAME_SERVE_MS` (the storage TTL), and
 * only an account never looked up is asked for. The facilitator's read refreshes (`refresh: true`,
 * the default): one lookup of the names older than `NAME_FRESH_MS`, which every other screen then
 * finds in storage. So a renamed account shows its new name within minutes of the facilitator's
 * next read, and within the hour in any case.
 *
 * A failed lookup answers what the caches had (names are a courtesy: the caller shows a
 * placeholder instead of failing the view).
 */
import { getAppContext } from '@forge/api';
import { kvs } from '@forge/kvs';
import { forgeConfluence } from '../confluence/client';
import { keys } from '../storage/keys';
import { serverClock } from './lean-coffee-clock';

/** How long a looked-up name is shown without asking Confluence again: 10 minutes. */
export const NAME_FRESH_MS = 10 * 60 * 1000;

/** Forge KVS time-to-live of a cached name (it is ignored sooner: NAME_FRESH_MS). */
export const NAME_TTL = { value: 1, unit: 'HOURS' } as const;

/** How long a reader that does not refresh shows a cached name: the storage TTL, one hour. */
export const NAME_SERVE_MS = 60 * 60 * 1000;

/** Whether a read may ask Confluence for names past `NAME_FRESH_MS` (default: it may). */
export interface NameOptions {
  readonly refresh?: boolean;
  /**
   * Only what memory and storage hold: never asks Confluence (a participant's hot path, e.g. the
   * names a signed notice carries). Missing names are left out.
   */
  readonly cachedOnly?: boolean;
}

/** KVS batch operations take at most 25 items (FIDELITY, `batchMaxItems`). */
const BATCH = 25;

interface Cached {
  readonly name: string;
  readonly at: number;
}

/** Per installation: account id → name and when it was looked up. */
const memory = new Map<string, Map<string, Cached>>();

/** The installation this invocation serves (`getAppContext`); caches are kept per installation. */
export function installation(): string {
  try {
    return String(getAppContext().installationAri);
  } catch {
    return 'unknown';
  }
}

function memoryOf(install: string): Map<string, Cached> {
  let m = memory.get(install);
  if (m === undefined) {
    m = new Map();
    memory.set(install, m);
    if (m.size > 5000) m.clear();
  }
  return m;
}

const youngerThan =
  (ms: number) =>
  (c: Cached | undefined, now: number): c is Cached =>
    c !== undefined && now - c.at >= 0 && now - c.at < ms;

type Usable = ReturnType<typeof youngerThan>;

const cachedFrom = (value: unknown): Cached | undefined => {
  if (typeof value !== 'object' || value === null) return undefined;
  const { name, at } = value as { name?: unknown; at?: unknown };
  return typeof name === 'string' && typeof at === 'number' ? { name, at } : undefined;
};

/** The stored names of `ids` that are still fresh. */
async function fromStorage(
  ids: readonly string[],
  now: number,
  usable: Usable,
): Promise<Map<string, Cached>> {
  const found = new Map<string, Cached>();
  for (let i = 0; i < ids.length; i += BATCH) {
    const slice = ids.slice(i, i + BATCH);
    const byKey = new Map(slice.map((id) => [keys.displayName(id), id]));
    const result = await kvs.batchGet<unknown>([...byKey.keys()].map((key) => ({ key })));
    for (const item of result.successfulKeys) {
      const id = byKey.get(item.key);
      const cached = cachedFrom(item.value);
      if (id !== undefined && usable(cached, now)) found.set(id, cached);
    }
  }
  return found;
}

/** Stores freshly looked-up names (a failure to cache is not a failure of the lookup). */
async function toStorage(entries: readonly [string, Cached][]): Promise<void> {
  for (let i = 0; i < entries.length; i += BATCH) {
    await kvs.batchSet(
      entries.slice(i, i + BATCH).map(([id, value]) => ({
        key: keys.displayName(id),
        value,
        options: { ttl: NAME_TTL },
      })),
    );
  }
}

/**
 * The display names of the given accounts, as the app sees them. Duplicates are asked once;
 * accounts Confluence does not know are left out. Memory first, then storage, then one bulk
 * lookup in Confluence for the rest (whose answers are cached in both). With `refresh: false` a
 * cached name up to `NAME_SERVE_MS` old is used as it is (see the module comment).
 */
export async function displayNames(
  accountIds: readonly string[],
  options: NameOptions = {},
): Promise<Record<string, string>> {
  const unique = [...new Set(accountIds.filter((id) => id !== ''))];
  if (unique.length === 0) return {};
  const fresh = youngerThan(options.refresh === false ? NAME_SERVE_MS : NAME_FRESH_MS);
  const now = serverClock();
  const mem = memoryOf(installation());
  const names: Record<string, string> = {};
  let missing: string[] = [];
  for (const id of unique) {
    const c = mem.get(id);
    if (!fresh(c, now)) missing.push(id);
    else if (c.name !== '') names[id] = c.name;
  }
  if (missing.length === 0) return names;
  try {
    const stored = await fromStorage(missing, now, fresh);
    for (const [id, c] of stored) {
      if (c.name !== '') names[id] = c.name;
      mem.set(id, c);
    }
    missing = missing.filter((id) => !stored.has(id));
  } catch (error) {
    console.error('cached display names could not be read', error);
  }
  if (missing.length === 0 || options.cachedOnly === true) return names;
  try {
    const looked = await forgeConfluence().displayNames(missing);
    if (!looked.ok) return names;
    // An account Confluence does not know is cached too (with no name), so it is not asked for
    // again on every read.
    const entries = missing.map((id): [string, Cached] => [
      id,
      { name: looked.value[id] ?? '', at: now },
    ]);
    for (const [id, c] of entries) {
      if (c.name !== '') names[id] = c.name;
      mem.set(id, c);
    }
    await toStorage(entries).catch((error: unknown) =>
      console.error('display names could not be cached', error),
    );
    return names;
  } catch (error) {
    console.error('display name lookup failed', error);
    return names;
  }
}

/** Forgets every name cached in this container (tests: a cold container). */
export function forgetCachedNames(): void {
  memory.clear();
}
