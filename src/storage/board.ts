/**
 * The board store every game shares, over `@forge/kvs`. A board (`<board>` = `boardId`) is one
 * `game` entity row (key `game:<board>`, compare-and-set on its `version` attribute) plus plain
 * participant records under its session's prefix (`keys.participantPrefix`), each written only by
 * its owner. What a row holds is the game's business (its codec); this module only moves values:
 * - `readBoard`: ONE batch get of the row, the caller's access record and any record keys;
 * - `listRecords`: prefix queries (100 keys a page, following the cursor);
 * - `createRow`: `keyPolicy: 'FAIL_IF_EXISTS'`, then the starter's access record;
 * - `replaceRow`: a transaction `set` conditioned on the version read (+ the access record);
 * - `writeOwnRecord`: a transaction of the record `set` and a `check` of the row's version (+ the
 *   access record) — conditions are not reads, so a participant action stays one read, one write.
 *
 * Forge documents for transactions: "if any condition is not met, the entire transaction will
 * fail", at most 25 operations, and "each key can only be used once in a transaction" (KVS
 * "Transactions" page, quoted in `/work/shared/studies/forge-fidelity-audit.md`).
 */
import { Filter, FilterConditions, kvs, WhereConditions } from '@forge/kvs';
import {
  boardAccessFrom,
  saveBoardAccess,
  withGrant,
  type AccessGrant,
  type BoardAccess,
} from './access';
import { createEntityRow, isConditionFailure } from './conditions';
import { ENTITY, keys } from './keys';

/** How a game's row is stored in the shared `game` entity. */
export interface RowCodec<Row> {
  /**
   * The row as read: `undefined` (taken as "no board of this game here") or a throw when the
   * stored value is not this game's row — the game chooses.
   */
  readonly decode: (board: string, value: unknown) => Row | undefined;
  /** The entity value (`localId`, `spaceKey`, `kind`, `version`, `state`) to store. */
  readonly encode: (board: string, row: Row) => Record<string, unknown>;
  /** The version the row carries (the attribute compare-and-set conditions on). */
  readonly versionOf: (row: Row) => number;
}

/** What one board read brings. */
export interface BoardRead<Row> {
  readonly row: Row | undefined;
  /** The caller's access record on the board (`access:<board>:<accountId>`). */
  readonly access: BoardAccess | undefined;
  /** The record keys asked for that exist, with their raw values. */
  readonly records: ReadonlyMap<string, unknown>;
}

/** Outcome of a conditional write: it landed, or the row moved on since it was read. */
export type WriteOutcome = 'saved' | 'conflict';

const versionIs = (version: number) =>
  new Filter<Record<string, unknown>>().and('version', FilterConditions.equalTo(version));

async function conditional(run: () => Promise<unknown>): Promise<WriteOutcome> {
  try {
    await run();
    return 'saved';
  } catch (e) {
    if (isConditionFailure(e)) return 'conflict';
    throw e;
  }
}

/** The row, the caller's access record and some record keys, in ONE read (a batch get). */
export async function readBoard<Row>(
  codec: RowCodec<Row>,
  board: string,
  accountId: string,
  recordKeys: readonly string[] = [],
): Promise<BoardRead<Row>> {
  const gameKey = keys.game(board);
  const accessKey = keys.boardAccess(board, accountId);
  const unique = [...new Set(recordKeys)].filter((k) => k !== accessKey);
  const result = await kvs.batchGet<unknown>([
    { key: gameKey, entityName: ENTITY.game },
    { key: accessKey },
    ...unique.map((key) => ({ key })),
  ]);
  let row: Row | undefined;
  let access: BoardAccess | undefined;
  const records = new Map<string, unknown>();
  for (const item of result.successfulKeys) {
    if (item.entityName === ENTITY.game && item.key === gameKey) {
      row = codec.decode(board, item.value);
    } else if (item.key === accessKey) {
      access = boardAccessFrom(item.value);
    } else {
      records.set(item.key, item.value);
    }
  }
  const failed = result.failedKeys.find((f) => f.error.code !== 'KEY_NOT_FOUND');
  if (failed !== undefined) throw new Error(`KVS read of ${failed.key}: ${failed.error.code}`);
  return { row, access, records };
}

/** A stored record with its key. */
export interface StoredRecord {
  readonly key: string;
  readonly value: unknown;
}

/** Every record under the given prefixes (prefix queries, 100 a page, following the cursor). */
export async function listRecords(prefixes: readonly string[]): Promise<StoredRecord[]> {
  const out: StoredRecord[] = [];
  for (const prefix of prefixes) {
    let cursor: string | undefined;
    do {
      const query = kvs.query().where('key', WhereConditions.beginsWith(prefix)).limit(100);
      const page = await (cursor === undefined ? query : query.cursor(cursor)).getMany<unknown>();
      for (const r of page.results) out.push({ key: r.key, value: r.value });
      cursor = page.nextCursor;
    } while (cursor !== undefined);
  }
  return out;
}

/**
 * Creates a board's row unless one exists (`keyPolicy: 'FAIL_IF_EXISTS'`), then its starter's
 * access record (a policy write cannot share a transaction, so it is a second write, made only by
 * the one start that created the row).
 */
export async function createRow<Row>(
  codec: RowCodec<Row>,
  board: string,
  row: Row,
  grant?: AccessGrant,
): Promise<WriteOutcome> {
  const created = await createEntityRow(ENTITY.game, keys.game(board), codec.encode(board, row));
  if (created !== 'created') return 'conflict';
  if (grant !== undefined) await saveBoardAccess(grant);
  return 'saved';
}

/** Replaces a row, compare-and-set: it lands only while the stored version is `expected`. */
export function replaceRow<Row>(
  codec: RowCodec<Row>,
  board: string,
  next: Row,
  expected: number,
  grant?: AccessGrant,
): Promise<WriteOutcome> {
  return conditional(() =>
    withGrant(
      kvs.transact().set(keys.game(board), codec.encode(board, next), {
        entityName: ENTITY.game,
        conditions: versionIs(expected),
      }),
      grant,
    ).execute(),
  );
}

/**
 * Writes a participant's own record (and any more of their own keys, `also`) if the row is still
 * at `version` (one transaction).
 */
export function writeOwnRecord(
  board: string,
  key: string,
  value: unknown,
  version: number,
  grant?: AccessGrant,
  also: readonly { readonly key: string; readonly value: unknown }[] = [],
): Promise<WriteOutcome> {
  return conditional(() =>
    withGrant(
      also.reduce((tx, more) => tx.set(more.key, more.value), kvs.transact().set(key, value)),
      grant,
    )
      .check(keys.game(board), { entityName: ENTITY.game, conditions: versionIs(version) })
      .execute(),
  );
}
