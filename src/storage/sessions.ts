/**
 * The attendance records of a space over the custom entity `session`: one row per board and
 * session number (`keys.sessionRecord`), so recording a session again writes the same row and a
 * space never holds two records of one session. The `by-space-ended` index reads a space's records
 * in the order they ended, from an instant on (100 rows a page, Forge's largest page).
 */
import { kvs, WhereConditions } from '@forge/kvs';
import type { SessionRecordKind, SessionSummary } from '../domain/community';
import { createEntityRow } from './conditions';
import { ENTITY, keys } from './keys';

/** The stored row: indexed attributes beside the summary itself. */
export interface SessionRow {
  readonly spaceKey: string;
  readonly kind: SessionRecordKind;
  /** Epoch ms (a `float` attribute: Forge's `integer` is 32-bit). */
  readonly endedAt: number;
  readonly data: SessionSummary;
}

const sessions = () => kvs.entity<SessionRow>(ENTITY.session);

const rowOf = (spaceKey: string, summary: SessionSummary): SessionRow => ({
  spaceKey,
  kind: summary.kind,
  endedAt: summary.endedAt,
  data: summary,
});

/** Forge's largest query page. */
const PAGE = 100;

/** The space's record of one session, if any. */
export async function readSessionRecord(
  spaceKey: string,
  summary: Pick<SessionSummary, 'boardId' | 'session'>,
): Promise<SessionSummary | undefined> {
  const row = await sessions().get(keys.sessionRecord(spaceKey, summary.boardId, summary.session));
  return row?.data;
}

/**
 * How many records the space holds, counting no further than `atMost` (pages of 100 from the
 * index, so the cost is bounded by the cap, not by the store).
 */
export async function countSessionRecords(spaceKey: string, atMost: number): Promise<number> {
  let count = 0;
  let cursor: string | undefined;
  do {
    const query = sessions()
      .query()
      .index('by-space-ended', { partition: [spaceKey] })
      .limit(PAGE);
    const page = await (cursor === undefined ? query : query.cursor(cursor)).getMany();
    count += page.results.length;
    cursor = page.nextCursor;
  } while (cursor !== undefined && count < atMost);
  return count;
}

/**
 * Creates the record of a new session with the documented `keyPolicy: 'FAIL_IF_EXISTS'`;
 * `'exists'` when it is already there (recorded meanwhile).
 */
export async function createSessionRecord(
  spaceKey: string,
  summary: SessionSummary,
): Promise<'created' | 'exists'> {
  return createEntityRow<SessionRow>(
    ENTITY.session,
    keys.sessionRecord(spaceKey, summary.boardId, summary.session),
    rowOf(spaceKey, summary),
  );
}

/** Replaces the record of a session already recorded (the same row: one per session). */
export async function replaceSessionRecord(
  spaceKey: string,
  summary: SessionSummary,
): Promise<void> {
  await sessions().set(
    keys.sessionRecord(spaceKey, summary.boardId, summary.session),
    rowOf(spaceKey, summary),
  );
}

/** The space's records of sessions that ended at `since` or later, oldest first. */
export async function readSessionRecords(
  spaceKey: string,
  since: number,
): Promise<SessionSummary[]> {
  const out: SessionSummary[] = [];
  let cursor: string | undefined;
  do {
    const query = sessions()
      .query()
      .index('by-space-ended', { partition: [spaceKey] })
      .where(WhereConditions.greaterThanEqualTo(since))
      .limit(PAGE);
    const page = await (cursor === undefined ? query : query.cursor(cursor)).getMany();
    for (const row of page.results) out.push(row.value.data);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return out;
}
