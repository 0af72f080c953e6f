/**
 * Participant records (a dot allocation, a thumb, a topic card, a takeaway) are each stored under
 * their own key and overwritten, never merged. Folding them must not depend on the order the store
 * returns them in, so every record carries the instant it was written and the latest one wins.
 */

/**
 * Compares strings by UTF-16 code units, the same on every machine (unlike `localeCompare`), for
 * stable sorts of ids and keys.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A versioned record: its value (`null` once deleted) and the instant it was written. */
export interface Stamped<T> {
  readonly at: number;
  readonly value: T | null;
}

/**
 * A canonical text form of a JSON value: object keys sorted at every depth, so two equal values
 * always print the same. Used only to break ties between records written at the same instant.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => compareText(a, b)))
      : inner,
  );
}

/**
 * Last writer wins: the record with the later `at` is kept; on equal instants the one whose
 * canonical JSON sorts last. This is a total order, so the fold of any set of writes to one key is
 * the same whatever order they arrive in (commutative, associative, idempotent).
 */
export function latestRecord<R extends { readonly at: number }>(
  current: R | undefined,
  incoming: R,
): R {
  if (current === undefined || incoming.at > current.at) {
    return incoming;
  }
  if (incoming.at < current.at) {
    return current;
  }
  return canonicalJson(incoming) > canonicalJson(current) ? incoming : current;
}

/** Stores `incoming` under `key` unless the record already there is later (see `latestRecord`). */
export function putLatest<R extends { readonly at: number }>(
  records: Readonly<Record<string, R>>,
  key: string,
  incoming: R,
): Readonly<Record<string, R>> {
  return { ...records, [key]: latestRecord(own(records, key), incoming) };
}

/** The live values of a record map: deleted entries (value `null`) left out, key order kept. */
export function liveValues<T>(records: Readonly<Record<string, Stamped<T>>>): T[] {
  return Object.values(records).flatMap((record) => (record.value === null ? [] : [record.value]));
}

/**
 * Reads `key` only if the map holds it itself, so ids such as `constructor` or `__proto__` never
 * reach `Object.prototype`.
 */
export function own<V>(map: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.hasOwn(map, key) ? map[key] : undefined;
}
