/**
 * Thirty Five storage over `@forge/kvs`. `<board>` is the macro instance on its page (`boardId`).
 *
 * - Custom entity `game`, key `game:<board>`: the facilitator's row — who started the game, where
 *   (page and space as Confluence gave them), the log of facilitator events (deal, rounds,
 *   removals, results, tallies, end) and `version`. Every facilitator transition is a transaction
 *   `set` conditioned on the version it read.
 * - `p:<board>:card:<accountId>`: a participant's card (the `CardSubmitted` event), written only
 *   by its author.
 * - `p:<board>:hs:<round>:<cardId>`: a participant's split record in a round (`SplitProposed` /
 *   `SplitConfirmed`), keyed by the card they hold that round, written only by that holder.
 * - `access:<board>:<accountId>`: read with the game row (same batch get); written with a
 *   participant's first record (same transaction) after Confluence confirmed they see the page.
 *
 * A participant write is one transaction: the record `set` plus a `check` that the game row still
 * has the version the participant read (conditions are not reads), so a card or a split never lands
 * in a phase it was not decided in.
 */
import { Filter, FilterConditions, kvs, WhereConditions } from '@forge/kvs';
import { z } from 'zod';
import type { ThirtyFiveEvent } from '../domain/thirty-five';
import {
  boardAccessFrom,
  saveBoardAccess,
  withGrant,
  type AccessGrant,
  type BoardAccess,
} from './access';
import { ENTITY, keys } from './keys';
import { decodeLog, encodeLog, storedLog, type FacilitatorEvent } from './thirty-five-codec';
import { createEntityRow, isConditionFailure } from './conditions';

/** What the `kind` attribute of a Thirty Five row says (the `game` entity also holds Lean Coffee). */
export const THIRTY_FIVE_KIND = 'thirty-five';

/** A participant's card as stored. */
export type CardRecord = Extract<ThirtyFiveEvent, { type: 'CardSubmitted' }>;
/** A participant's split record as stored. */
export type SplitRecordEvent = Extract<
  ThirtyFiveEvent,
  { type: 'SplitProposed' | 'SplitConfirmed' }
>;
export type { FacilitatorEvent };

/** The Thirty Five part of a `game` row. */
export interface GameRow {
  readonly version: number;
  /** The space the game runs in, as Confluence gave it to its starter. */
  readonly spaceKey: string;
  readonly spaceId: string;
  /** Whoever started the game: its facilitator (space admins facilitate too). */
  readonly startedBy: string;
  readonly startedAt: number;
  /** The page the macro sits on (Confluence's id), also the notes page's link back. */
  readonly contentId: string;
  readonly log: readonly FacilitatorEvent[];
  /** Set once the result went to the space's backlog. */
  readonly backlog: { readonly imported: number; readonly at: number } | null;
  /** Set once the notes page exists. */
  readonly notes: { readonly pageId: string; readonly url: string; readonly title: string } | null;
}

/* ---------------------------------------------------------------- schemas */

const id = z.string().min(1).max(300);
const splitPoints = z.record(z.string(), z.number());

const cardRecord: z.ZodType<CardRecord> = z.object({
  type: z.literal('CardSubmitted'),
  v: z.literal(1),
  by: id,
  text: z.string(),
  firstAt: z.number(),
  at: z.number(),
});

const splitRecord: z.ZodType<SplitRecordEvent> = z.object({
  type: z.enum(['SplitProposed', 'SplitConfirmed']),
  v: z.literal(1),
  round: z.int(),
  by: id,
  points: splitPoints,
  at: z.number(),
});

const rowState = z.object({
  spaceId: z.string().min(1),
  startedBy: id,
  startedAt: z.number(),
  contentId: z.string().min(1),
  log: storedLog,
  backlog: z.object({ imported: z.int(), at: z.number() }).nullable(),
  notes: z.object({ pageId: z.string(), url: z.string(), title: z.string() }).nullable(),
});

const entityValue = z.object({
  localId: z.string(),
  spaceKey: z.string(),
  kind: z.string(),
  version: z.int(),
  state: z.unknown(),
});

/** A stored row that is not a Thirty Five game (another macro's kind) or does not parse. */
export class ForeignGameError extends Error {
  constructor(localId: string) {
    super(`The game row of ${localId} is not a Thirty Five game.`);
    this.name = 'ForeignGameError';
  }
}

function rowFrom(localId: string, value: unknown): GameRow | undefined {
  if (value === undefined) return undefined;
  const entity = entityValue.safeParse(value);
  if (!entity.success || entity.data.kind !== THIRTY_FIVE_KIND) throw new ForeignGameError(localId);
  const { log, ...state } = rowState.parse(entity.data.state);
  return {
    version: entity.data.version,
    spaceKey: entity.data.spaceKey,
    ...state,
    log: decodeLog(log),
  };
}

function entityOf(localId: string, row: GameRow): Record<string, unknown> {
  const { version, spaceKey, log, ...rest } = row;
  const state = { ...rest, log: encodeLog(log) };
  return { localId, spaceKey, kind: THIRTY_FIVE_KIND, version, state };
}

const versionIs = (version: number) =>
  new Filter<Record<string, unknown>>().and('version', FilterConditions.equalTo(version));

/** Outcome of a conditional write: it landed, or the game row moved on since it was read. */
export type WriteOutcome = 'saved' | 'conflict';

async function conditional(run: () => Promise<void>): Promise<WriteOutcome> {
  try {
    await run();
    return 'saved';
  } catch (e) {
    if (isConditionFailure(e)) return 'conflict';
    throw e;
  }
}

/* ------------------------------------------------------------ game row */

/** Reads a game row (one entity get). Throws `ForeignGameError` for another game's row. */
export async function getGame(localId: string): Promise<GameRow | undefined> {
  return rowFrom(localId, await kvs.entity(ENTITY.game).get(keys.game(localId)));
}

/**
 * Creates the row of a new game unless one exists: one write with the documented
 * `keyPolicy: 'FAIL_IF_EXISTS'` ('conflict' when the macro already has a game), then its starter's
 * access record (a policy write cannot share a transaction, so the record is a second write,
 * made only by the one start that created the row).
 */
export async function createGame(
  localId: string,
  row: GameRow,
  grant?: AccessGrant,
): Promise<WriteOutcome> {
  const created = await createEntityRow(ENTITY.game, keys.game(localId), entityOf(localId, row));
  if (created !== 'created') return 'conflict';
  if (grant !== undefined) await saveBoardAccess(grant);
  return 'saved';
}

/**
 * Replaces a game row, compare-and-set: it lands only if the stored version is still
 * `row.version - 1`, the version the caller read.
 */
export async function saveGame(
  localId: string,
  row: GameRow,
  grant?: AccessGrant,
): Promise<WriteOutcome> {
  return conditional(() =>
    withGrant(
      kvs.transact().set(keys.game(localId), entityOf(localId, row), {
        entityName: ENTITY.game,
        conditions: versionIs(row.version - 1),
      }),
      grant,
    ).execute(),
  );
}

/* --------------------------------------------------- participant records */

async function listPrefix(prefix: string): Promise<unknown[]> {
  const values: unknown[] = [];
  let cursor: string | undefined;
  do {
    const query = kvs.query().where('key', WhereConditions.beginsWith(prefix)).limit(100);
    const page = await (cursor === undefined ? query : query.cursor(cursor)).getMany();
    values.push(...page.results.map((r) => r.value));
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return values;
}

/** Every card of a game (prefix query, 100 a page). */
export async function listCards(localId: string): Promise<CardRecord[]> {
  return (await listPrefix(keys.cardPrefix(localId))).map((v) => cardRecord.parse(v));
}

/** Every split record of a game, all rounds (prefix query, 100 a page). */
export async function listSplits(localId: string): Promise<SplitRecordEvent[]> {
  return (await listPrefix(keys.heldCardSplitPrefix(localId))).map((v) => splitRecord.parse(v));
}

interface BatchRead {
  readonly game: GameRow | undefined;
  /** The caller's access record on the board (`access:<board>:<accountId>`). */
  readonly access: BoardAccess | undefined;
  readonly values: ReadonlyMap<string, unknown>;
}

/** The game row, the caller's access record and some plain keys in ONE read (a batch get). */
async function readWithGame(
  localId: string,
  accountId: string,
  plainKeys: readonly string[],
): Promise<BatchRead> {
  const gameKey = keys.game(localId);
  const accessKey = keys.boardAccess(localId, accountId);
  const result = await kvs.batchGet([
    { key: gameKey, entityName: ENTITY.game },
    { key: accessKey },
    ...plainKeys.map((key) => ({ key })),
  ]);
  let game: GameRow | undefined;
  const values = new Map<string, unknown>();
  for (const item of result.successfulKeys) {
    if (item.entityName === ENTITY.game && item.key === gameKey) {
      game = rowFrom(localId, item.value);
    } else {
      values.set(item.key, item.value);
    }
  }
  const failed = result.failedKeys.find((f) => f.error.code !== 'KEY_NOT_FOUND');
  if (failed !== undefined) throw new Error(`KVS read of ${failed.key}: ${failed.error.code}`);
  const access = boardAccessFrom(values.get(accessKey));
  values.delete(accessKey);
  return { game, access, values };
}

/** The game row and the caller's access record, in one read. */
export async function readGame(
  localId: string,
  accountId: string,
): Promise<{ game: GameRow | undefined; access: BoardAccess | undefined }> {
  const { game, access } = await readWithGame(localId, accountId, []);
  return { game, access };
}

/** A participant's card, the game row and their access record, in one read. */
export async function readGameAndCard(
  localId: string,
  accountId: string,
): Promise<{
  game: GameRow | undefined;
  card: CardRecord | undefined;
  access: BoardAccess | undefined;
}> {
  const key = keys.card(localId, accountId);
  const { game, access, values } = await readWithGame(localId, accountId, [key]);
  const value = values.get(key);
  return { game, access, card: value === undefined ? undefined : cardRecord.parse(value) };
}

/**
 * The game row, the split records held under the given cards in a round and the caller's access
 * record, in one read.
 */
export async function readGameAndSplits(
  localId: string,
  accountId: string,
  round: number,
  cardIds: readonly string[],
): Promise<{
  game: GameRow | undefined;
  splits: ReadonlyMap<string, SplitRecordEvent>;
  access: BoardAccess | undefined;
}> {
  const keyOf = (cardId: string) => keys.heldCardSplit(localId, round, cardId);
  const { game, access, values } = await readWithGame(localId, accountId, cardIds.map(keyOf));
  const splits = new Map<string, SplitRecordEvent>();
  for (const cardId of cardIds) {
    const value = values.get(keyOf(cardId));
    if (value !== undefined) splits.set(cardId, splitRecord.parse(value));
  }
  return { game, splits, access };
}

/**
 * Writes a participant record if the game row still has `version` (one transaction), with the
 * caller's access record when this call made the check.
 */
async function writeRecord(
  localId: string,
  key: string,
  value: CardRecord | SplitRecordEvent,
  version: number,
  grant: AccessGrant | undefined,
): Promise<WriteOutcome> {
  return conditional(() =>
    withGrant(kvs.transact().set(key, value), grant)
      .check(keys.game(localId), { entityName: ENTITY.game, conditions: versionIs(version) })
      .execute(),
  );
}

/** Writes my card, provided the game has not moved on from `version`. */
export function writeCard(
  localId: string,
  record: CardRecord,
  version: number,
  grant?: AccessGrant,
): Promise<WriteOutcome> {
  return writeRecord(localId, keys.card(localId, record.by), record, version, grant);
}

/** Writes my split record under the card I hold this round, if the game is still at `version`. */
export function writeSplit(
  localId: string,
  heldCard: string,
  record: SplitRecordEvent,
  version: number,
  grant?: AccessGrant,
): Promise<WriteOutcome> {
  return writeRecord(
    localId,
    keys.heldCardSplit(localId, record.round, heldCard),
    record,
    version,
    grant,
  );
}
