/**
 * CoP Session (deep dive) storage over `@forge/kvs`. `<board>` is the macro instance on its page
 * (`boardId`); one macro runs many sessions, numbered 1, 2, … in its row.
 *
 * - Custom entity `game`, key `game:<board>`, kind `cop-session`: the facilitator's row — where it
 *   runs (page and space as Confluence gave them), the running session's number, its ordered log
 *   of facilitator events, the earlier sessions, and `version`. Every facilitator transition is one
 *   transaction `set` conditioned on `version`.
 * - Plain keys `p:<board>:cs:<session>:<identity>` — one per participant record (a join or leave, a
 *   check-in, a person's latest revision of a note, a takeaway, an action item), each written only
 *   by the account its identity names, in a transaction that also checks the game's `version`.
 * - `access:<board>:<accountId>`: read with the game row (same batch get), as for every game.
 * - `breakouts:<spaceKey>`: the groups of the space's last deep dive (for the next split).
 * - `session-topic:<spaceKey>`: the backlog topic "Start a session" chose for the next deep dive.
 */
import { Filter, FilterConditions, kvs, WhereConditions } from '@forge/kvs';
import type { LogEvent, RecordEvent } from '../domain/cop-session';
import {
  boardAccessFrom,
  saveBoardAccess,
  withGrant,
  type AccessGrant,
  type BoardAccess,
} from './access';
import { createEntityRow, isConditionFailure } from './conditions';
import { ENTITY, keys } from './keys';

/** A session this macro ran before (its notes page once known). */
export interface PastSessionRecord {
  readonly session: number;
  readonly title: string;
  readonly facilitator: string;
  readonly endedAt: number;
  readonly attendees: readonly string[];
  readonly notes: { readonly pageId: string; readonly url: string; readonly title: string } | null;
}

/** What the `game` row of a CoP Session macro holds in its `state` attribute. */
export interface CopSessionGameState {
  /** The running session's facilitator: whoever set it up. */
  readonly facilitator: string;
  readonly contentId: string;
  readonly spaceId: string;
  /** The running session's number in this macro: 1, 2, … */
  readonly session: number;
  /**
   * The backlog's id of the running session's topic (the rules know it by a digest, `topicRef`);
   * `null` or absent for a new title.
   */
  readonly backlogTopicId?: string | null;
  /** The running session's facilitator events in order; the first is `SessionCreated`. */
  readonly log: readonly LogEvent[];
  /** Earlier sessions, oldest first. */
  readonly past: readonly PastSessionRecord[];
  /** Set once the running session's end passed the facilitator rotation on (at most once). */
  readonly rotationPassed?: boolean;
}

/** The `game` entity row (attributes declared in manifest.yml). */
export interface CopSessionGameRow {
  readonly localId: string;
  readonly spaceKey: string;
  readonly kind: 'cop-session';
  readonly version: number;
  readonly state: CopSessionGameState;
}

/** A participant record as stored: the event and the session it belongs to. */
export interface CopSessionRecord {
  readonly session: number;
  readonly event: RecordEvent;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Our own rows, read back: checks the outline so another feature's row is never taken for ours. */
function asGameRow(value: unknown): CopSessionGameRow | undefined {
  if (!isObject(value) || value.kind !== 'cop-session' || typeof value.version !== 'number') {
    return undefined;
  }
  const state = value.state;
  if (
    !isObject(state) ||
    typeof state.facilitator !== 'string' ||
    typeof state.contentId !== 'string' ||
    typeof state.spaceId !== 'string' ||
    typeof state.session !== 'number' ||
    !Array.isArray(state.log) ||
    !Array.isArray(state.past)
  ) {
    return undefined;
  }
  // Written only by this module, from domain events; the outline check guards against another
  // feature's row under the same key.
  return value as unknown as CopSessionGameRow;
}

function asRecord(value: unknown): CopSessionRecord | undefined {
  if (!isObject(value) || !isObject(value.event) || typeof value.session !== 'number') {
    return undefined;
  }
  return typeof value.event.type === 'string' ? (value as unknown as CopSessionRecord) : undefined;
}

const versionIs = (version: number) =>
  new Filter<CopSessionGameRow>().and('version', FilterConditions.equalTo(version));

/** What a board read brings: the row, the caller's access record, and the records asked for. */
export interface BoardRead {
  readonly game: CopSessionGameRow | undefined;
  readonly access: BoardAccess | undefined;
}

/** One read (a batch get): the game row and the caller's access record. */
export async function readBoard(board: string, accountId: string): Promise<BoardRead> {
  const gameKey = keys.game(board);
  const accessKey = keys.boardAccess(board, accountId);
  const result = await kvs.batchGet<unknown>([
    { key: gameKey, entityName: ENTITY.game },
    { key: accessKey },
  ]);
  let game: CopSessionGameRow | undefined;
  let access: BoardAccess | undefined;
  for (const item of result.successfulKeys) {
    if (item.entityName === ENTITY.game && item.key === gameKey) game = asGameRow(item.value);
    else if (item.entityName === undefined && item.key === accessKey) {
      access = boardAccessFrom(item.value);
    }
  }
  return { game, access };
}

/** Records by exact key (one batch get; absent keys are left out). */
export async function readRecords(recordKeys: readonly string[]): Promise<CopSessionRecord[]> {
  if (recordKeys.length === 0) return [];
  const result = await kvs.batchGet<unknown>(recordKeys.map((key) => ({ key })));
  return result.successfulKeys.flatMap((item) => {
    const record = asRecord(item.value);
    return record === undefined ? [] : [record];
  });
}

/** Every record under a key prefix: prefix queries of 100 keys, following the cursor. */
export async function queryRecords(prefix: string): Promise<CopSessionRecord[]> {
  const records: CopSessionRecord[] = [];
  let cursor: string | undefined;
  do {
    let query = kvs.query().where('key', WhereConditions.beginsWith(prefix)).limit(100);
    if (cursor !== undefined) query = query.cursor(cursor);
    const page = await query.getMany<unknown>();
    for (const result of page.results) {
      const record = asRecord(result.value);
      if (record !== undefined) records.push(record);
    }
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return records;
}

/**
 * Creates the row unless the macro already has one (`keyPolicy: 'FAIL_IF_EXISTS'`), then its
 * starter's access record; `false` when it had one.
 */
export async function createBoard(row: CopSessionGameRow, grant?: AccessGrant): Promise<boolean> {
  if ((await createEntityRow(ENTITY.game, keys.game(row.localId), row)) !== 'created') return false;
  if (grant !== undefined) await saveBoardAccess(grant);
  return true;
}

/** Compare-and-set on `version`; `false` when another transition got there first. */
export async function replaceBoard(
  next: CopSessionGameRow,
  expectedVersion: number,
  grant?: AccessGrant,
): Promise<boolean> {
  try {
    await withGrant(
      kvs.transact().set(keys.game(next.localId), next, {
        entityName: ENTITY.game,
        conditions: versionIs(expectedVersion),
      }),
      grant,
    ).execute();
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/**
 * One write: the caller's own record, accepted only while the game is still at `gameVersion` (a
 * transaction check, not a read). `false` when a facilitator transition came in between.
 */
export async function writeRecord(
  board: string,
  recordKey: string,
  record: CopSessionRecord,
  gameVersion: number,
  grant?: AccessGrant,
): Promise<boolean> {
  try {
    await withGrant(kvs.transact().set(recordKey, record), grant)
      .check(keys.game(board), { entityName: ENTITY.game, conditions: versionIs(gameVersion) })
      .execute();
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

const isGroups = (value: unknown): value is string[][] =>
  Array.isArray(value) &&
  value.every((group) => Array.isArray(group) && group.every((id) => typeof id === 'string'));

/** The groups of the space's last deep dive; `[]` when it had none. */
export async function loadLastBreakout(spaceKey: string): Promise<string[][]> {
  const value = await kvs.get<unknown>(keys.lastBreakout(spaceKey));
  return isObject(value) && isGroups(value.groups) ? value.groups : [];
}

/** Remembers the groups of the space's last deep dive (overwrites the one before). */
export async function saveLastBreakout(
  spaceKey: string,
  groups: readonly (readonly string[])[],
  at: number,
): Promise<void> {
  await kvs.set(keys.lastBreakout(spaceKey), { groups, at });
}

/** The backlog topic "Start a session" chose for the space's next deep dive, if any. */
export async function loadSessionTopicChoice(spaceKey: string): Promise<string | undefined> {
  const value = await kvs.get<unknown>(keys.sessionTopicChoice(spaceKey));
  return isObject(value) && typeof value.topicId === 'string' ? value.topicId : undefined;
}

/** Remembers the backlog topic the next deep dive of the space is about. */
export async function saveSessionTopicChoice(spaceKey: string, topicId: string): Promise<void> {
  await kvs.set(keys.sessionTopicChoice(spaceKey), { topicId });
}
