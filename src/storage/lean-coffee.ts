/**
 * Lean Coffee storage over `@forge/kvs`. `<board>` is the macro instance on its page (`boardId`).
 *
 * - Custom entity `game`, key `game:<board>`: the facilitator's row — who started it, where (page
 *   and space as Confluence gave them), the ordered log of facilitator events (plus the topic
 *   records frozen when voting opened) and `version`. Every facilitator transition is one
 *   transaction `set` conditioned on `version`.
 * - Plain keys under `p:<board>:` — one per participant record (a topic, a dot allocation, a
 *   thumb, a takeaway, an action item), each written only by its owner in a transaction that also
 *   checks the game's `version`, so a record is only accepted against the board it was decided on.
 * - `access:<board>:<accountId>`: read with the game row (same batch get); written with a
 *   participant's first record (same transaction) after Confluence confirmed they see the page.
 */
import type { PastSession } from '../contract/board';
import type { LeanCoffeeEvent } from '../domain/lean-coffee';
import type { AccessGrant, BoardAccess } from './access';
import {
  createRow,
  listRecords,
  readBoard,
  replaceRow,
  writeOwnRecord,
  type RowCodec,
} from './board';
import { keys } from './keys';

/** What the `game` row of a Lean Coffee holds in its `state` attribute. */
export interface LeanCoffeeGameState {
  /** The accountId of whoever started the board. */
  readonly facilitator: string;
  /** The page the board runs on (Confluence's id), also the notes page's link back. */
  readonly contentId: string;
  /** The id of the space the board runs in, as Confluence gave it (the key is the row's). */
  readonly spaceId: string;
  /** Facilitator events in order; the first is `LeanCoffeeCreated`. */
  readonly log: readonly LeanCoffeeEvent[];
  /**
   * Set while a transition freezes participant records (opening or closing voting, closing a
   * thumbs round): participants are refused until it commits. Absent or `null` otherwise.
   */
  readonly sealedAt?: number | null;
  /** The board's current session (absent: 1, a row written before sessions existed). */
  readonly session?: number;
  /** The board's ended sessions before this one (absent: none). */
  readonly sessions?: readonly PastSession[];
  /**
   * How the session lays out its participant keys (`keys.lcFromVotePrefix`): 2 for sessions set
   * up since records from the vote on have their own prefix; absent: 1, the layout before.
   */
  readonly recordLayout?: 2;
}

/** The `game` entity row (attributes declared in manifest.yml). */
export interface LeanCoffeeGameRow {
  /** The board id (`boardId`): the row's key is `game:<board>`. */
  readonly localId: string;
  /** The key of the space the board runs in, as Confluence gave it. */
  readonly spaceKey: string;
  readonly kind: 'lean-coffee';
  readonly version: number;
  readonly state: LeanCoffeeGameState;
}

/** The events a participant writes under their own key (one event per key, overwritten). */
export type ParticipantEvent = Extract<
  LeanCoffeeEvent,
  {
    type:
      | 'TopicProposed'
      | 'TopicEdited'
      | 'TopicDeleted'
      | 'DotsAllocated'
      | 'ThumbVoted'
      | 'TakeawayAdded'
      | 'TakeawayEdited'
      | 'TakeawayDeleted'
      | 'ActionItemAdded'
      | 'ActionItemEdited'
      | 'ActionItemDeleted';
  }
>;

/** A participant record as stored. */
export interface ParticipantRecord {
  readonly event: ParticipantEvent;
}

const PARTICIPANT_TYPES: ReadonlySet<string> = new Set<ParticipantEvent['type']>([
  'TopicProposed',
  'TopicEdited',
  'TopicDeleted',
  'DotsAllocated',
  'ThumbVoted',
  'TakeawayAdded',
  'TakeawayEdited',
  'TakeawayDeleted',
  'ActionItemAdded',
  'ActionItemEdited',
  'ActionItemDeleted',
]);

/** Whether an event is one a participant stores under their own key (not in the game row). */
export const isParticipantEvent = (event: LeanCoffeeEvent): event is ParticipantEvent =>
  PARTICIPANT_TYPES.has(event.type);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Our own rows, read back: checks the outline so another feature's row is never taken for ours. */
function asGameRow(value: unknown): LeanCoffeeGameRow | undefined {
  if (!isObject(value) || value.kind !== 'lean-coffee' || typeof value.version !== 'number') {
    return undefined;
  }
  const state = value.state;
  if (
    !isObject(state) ||
    typeof state.facilitator !== 'string' ||
    typeof state.contentId !== 'string' ||
    typeof state.spaceId !== 'string' ||
    !Array.isArray(state.log)
  ) {
    return undefined;
  }
  // The row is written only by this module, from domain events; the outline check above is the
  // guard against another feature's row under the same key.
  return value as unknown as LeanCoffeeGameRow;
}

/** A stored participant record, or undefined when the value is not one. */
export function asParticipantRecord(value: unknown): ParticipantRecord | undefined {
  if (!isObject(value) || !isObject(value.event)) return undefined;
  const type = value.event.type;
  return typeof type === 'string' && PARTICIPANT_TYPES.has(type)
    ? (value as unknown as ParticipantRecord)
    : undefined;
}

/** How a Lean Coffee row is stored in the shared `game` entity (`storage/board.ts`). */
export const leanCoffeeCodec: RowCodec<LeanCoffeeGameRow> = {
  decode: (_board, value) => asGameRow(value),
  encode: (board, row) => ({ ...row, localId: board }),
  versionOf: (row) => row.version,
};

/** What a board read brings: the game row and the caller's access record. */
export interface BoardRead {
  readonly game: LeanCoffeeGameRow | undefined;
  readonly access: BoardAccess | undefined;
}

/**
 * One read (a batch get): the game row (`undefined` when this macro has no Lean Coffee) and the
 * caller's access record.
 */
export async function readGame(localId: string, accountId: string): Promise<BoardRead> {
  const { game, access } = await readGameAndRecord(localId, accountId, undefined);
  return { game, access };
}

/**
 * One read (a batch get): the game row, the caller's access record and one of the caller's own
 * records, for the participant commands that change a record they wrote (edit or delete a topic,
 * takeaway or action item).
 */
export async function readGameAndRecord(
  localId: string,
  accountId: string,
  recordKey: string | undefined,
): Promise<BoardRead & { record: ParticipantRecord | undefined }> {
  const read = await readBoard(
    leanCoffeeCodec,
    localId,
    accountId,
    recordKey === undefined ? [] : [recordKey],
  );
  const value = recordKey === undefined ? undefined : read.records.get(recordKey);
  return { game: read.row, access: read.access, record: asParticipantRecord(value) };
}

/** Every participant record of a game's session: prefix queries of 100 keys, following the cursor. */
export async function readParticipantRecords(
  localId: string,
  session = 1,
): Promise<ParticipantRecord[]> {
  const stored = await listRecords([keys.participantPrefix(localId, session)]);
  return stored.flatMap(({ value }) => asParticipantRecord(value) ?? []);
}

/**
 * Creates the game row unless the macro already has one (one write with the documented
 * `keyPolicy: 'FAIL_IF_EXISTS'`), then its starter's access record (a second write: a policy write
 * cannot share a transaction); `false` when it had.
 */
export async function createGame(row: LeanCoffeeGameRow, grant?: AccessGrant): Promise<boolean> {
  return (await createRow(leanCoffeeCodec, row.localId, row, grant)) === 'saved';
}

/**
 * Compare-and-set: writes `next` only if the stored row is still at `expectedVersion`. `false` when
 * another transition got there first (nothing is written).
 */
export async function replaceGame(
  next: LeanCoffeeGameRow,
  expectedVersion: number,
  grant?: AccessGrant,
): Promise<boolean> {
  return (
    (await replaceRow(leanCoffeeCodec, next.localId, next, expectedVersion, grant)) === 'saved'
  );
}

/**
 * One write: the caller's own record, accepted only while the game is still at `gameVersion` (a
 * transaction check, not a read). `false` when a facilitator transition came in between.
 */
export async function writeParticipantRecord(
  localId: string,
  recordKey: string,
  record: ParticipantRecord,
  gameVersion: number,
  grant?: AccessGrant,
): Promise<boolean> {
  return (await writeOwnRecord(localId, recordKey, record, gameVersion, grant)) === 'saved';
}
