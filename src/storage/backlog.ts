/**
 * The backlog repository over the custom entity `topic`: one row per topic, indexed by space and
 * rank key, so a space's backlog is read in rank order a page at a time and a move rewrites one
 * row. An archived topic's row is indexed under its space's archive partition (`<spaceKey>~archived`
 * in the `spaceKey` attribute; its key is unchanged), so the topics members see are one partition
 * that never holds more than the space cap, however many topics were archived over the years. A new row is created with `FAIL_IF_EXISTS`; every later write is compare-and-set
 * on the row's `rev`, so two facilitators acting on the same topic at once cannot silently
 * overwrite each other.
 */
import { Filter, FilterConditions, kvs, WhereConditions } from '@forge/kvs';
import type { Backlog, Topic, TopicId } from '../domain/backlog';
import type { RankCursor } from '../contract/backlog';
import { appendHistory, type HistoryEntry } from '../domain/community';
import { ENTITY, keys } from './keys';
import { createEntityRow, isConditionFailure } from './conditions';

/** The stored row: indexed attributes beside the topic itself. */
export interface TopicRow {
  /** The space's key, or its archive partition for an archived topic (`indexPartition`). */
  readonly spaceKey: string;
  readonly rankKey: string;
  readonly status: string;
  readonly score: number;
  /** Incremented on every write; the compare-and-set guard. */
  readonly rev: number;
  readonly data: Topic;
}

/** A space's backlog as read, with the revision of every row (what the next write expects). */
export interface LoadedBacklog {
  readonly backlog: Backlog;
  readonly revs: ReadonlyMap<TopicId, number>;
}

const topics = () => kvs.entity<TopicRow>(ENTITY.topic);

/** The `by-space-rank` partition a topic's row is indexed under. */
export function indexPartition(spaceKey: string, topic: Pick<Topic, 'status'>): string {
  return topic.status === 'archived' ? `${spaceKey}~archived` : spaceKey;
}

/**
 * Reads the topics members see (every topic not archived) in rank order, following the cursor 100
 * at a time: at most the space cap, so at most 10 reads. Rows archived before archived topics had
 * a partition of their own are skipped.
 */
export async function loadBacklog(spaceKey: string): Promise<LoadedBacklog> {
  const all: Record<TopicId, Topic> = {};
  const revs = new Map<TopicId, number>();
  let cursor: string | undefined;
  do {
    const query = topics()
      .query()
      .index('by-space-rank', { partition: [spaceKey] })
      .limit(100);
    const page = await (cursor === undefined ? query : query.cursor(cursor)).getMany();
    for (const row of page.results) {
      if (row.value.data.status === 'archived') continue;
      all[row.value.data.id] = row.value.data;
      revs.set(row.value.data.id, row.value.rev);
    }
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return { backlog: { topics: all }, revs };
}

/** Reads the given topics by key (archived or not), with their revisions: one batch get. */
export async function loadTopics(
  spaceKey: string,
  ids: readonly TopicId[],
): Promise<LoadedBacklog> {
  const all: Record<TopicId, Topic> = {};
  const revs = new Map<TopicId, number>();
  if (ids.length === 0) return { backlog: { topics: all }, revs };
  const rows = await kvs.batchGet<TopicRow>(
    [...new Set(ids)].map((id) => ({
      key: keys.backlogTopic(spaceKey, id),
      entityName: ENTITY.topic,
    })),
  );
  const failed = rows.failedKeys.find((f) => f.error.code !== 'KEY_NOT_FOUND');
  if (failed !== undefined) throw new Error(`KVS read of ${failed.key}: ${failed.error.code}`);
  for (const row of rows.successfulKeys) {
    all[row.value.data.id] = row.value.data;
    revs.set(row.value.data.id, row.value.rev);
  }
  return { backlog: { topics: all }, revs };
}

/** One page of topics in rank order, and where the next one starts (none: the last page). */
export interface TopicPage {
  readonly topics: readonly Topic[];
  readonly next: RankCursor | undefined;
}

/**
 * One page of at most `size` topics of a partition (the visible backlog, or the archive) in rank
 * order, after `after` — the cursor is the last shown topic's rank key and id, not a stored query
 * cursor. Reads `size + 1` rows from the `by-space-rank` index (one more, to know whether another
 * page follows; `size + 2` after a cursor, whose own row the range starts with), from that rank
 * key on; rows of equal key up to the shown topic are skipped (equal keys happen only after two
 * concurrent inserts into one gap).
 */
export async function loadTopicPage(
  spaceKey: string,
  archived: boolean,
  size: number,
  after: RankCursor | undefined,
): Promise<TopicPage> {
  const partition = archived ? `${spaceKey}~archived` : spaceKey;
  const wanted: Topic[] = [];
  let cursor: string | undefined;
  // Skipping equal keys may need another read; a page of stale rows (an old archived row in the
  // visible partition) too. Both are rare, and the loop ends when the index does.
  do {
    let query = topics()
      .query()
      .index('by-space-rank', { partition: [partition] })
      // One more to know whether a page follows, and one for the shown topic the range repeats.
      .limit(Math.min(100, size + (after === undefined ? 1 : 2)));
    if (after !== undefined) {
      query = query.where(WhereConditions.greaterThanEqualTo(after.rankKey));
    }
    const page = await (cursor === undefined ? query : query.cursor(cursor)).getMany();
    for (const row of page.results) {
      const topic = row.value.data;
      if ((topic.status === 'archived') !== archived) continue;
      if (after !== undefined && topic.rankKey === after.rankKey && topic.id <= after.topicId) {
        continue;
      }
      wanted.push(topic);
    }
    cursor = page.nextCursor;
  } while (cursor !== undefined && wanted.length <= size);
  const shown = wanted.slice(0, size);
  const last = shown[shown.length - 1];
  const more = wanted.length > size || cursor !== undefined;
  return {
    topics: shown,
    next: more && last !== undefined ? { rankKey: last.rankKey, topicId: last.id } : undefined,
  };
}

/** Thrown when a row changed since it was read; the service answers `CONFLICT`. */
export class StaleBacklogError extends Error {
  constructor() {
    super('The backlog changed meanwhile.');
    this.name = 'StaleBacklogError';
  }
}

/** Most operations in one Forge transaction. */
const TRANSACTION_MAX = 25;

const rowOf = (spaceKey: string, topic: Topic, rev: number): TopicRow => ({
  spaceKey: indexPartition(spaceKey, topic),
  rankKey: topic.rankKey,
  status: topic.status,
  score: topic.score,
  rev,
  data: topic,
});

/**
 * Writes the changed topics. A new topic is created with the documented
 * `keyPolicy: 'FAIL_IF_EXISTS'` (one write each, 25 at a time); a known one is set in a transaction
 * conditioned on the revision it was read at (25 a transaction). New topics go first: each topic
 * id is stable (an import derives it from the game), so a retry after a partial write finds them
 * and completes the rest. Throws StaleBacklogError when a topic was created or changed meanwhile.
 */
export async function saveTopics(
  spaceKey: string,
  changed: readonly Topic[],
  revs: ReadonlyMap<TopicId, number>,
  history?: HistoryWrite,
): Promise<void> {
  const created = changed.filter((t) => !revs.has(t.id));
  const updated = changed.filter((t) => revs.has(t.id));
  for (let i = 0; i < created.length; i += TRANSACTION_MAX) {
    const outcomes = await Promise.all(
      created
        .slice(i, i + TRANSACTION_MAX)
        .map((topic) =>
          createEntityRow(
            ENTITY.topic,
            keys.backlogTopic(spaceKey, topic.id),
            rowOf(spaceKey, topic, 1),
          ),
        ),
    );
    if (outcomes.includes('exists')) throw new StaleBacklogError();
  }
  // A change the history records changes at most two topics: it and its entry go in one transaction.
  const batch = history === undefined ? TRANSACTION_MAX : TRANSACTION_MAX - 1;
  for (let i = 0; i < updated.length; i += batch) {
    const tx = kvs.transact();
    if (history !== undefined && i === 0) withHistory(tx, spaceKey, history);
    for (const topic of updated.slice(i, i + batch)) {
      const rev = revs.get(topic.id) ?? 0;
      tx.set(keys.backlogTopic(spaceKey, topic.id), rowOf(spaceKey, topic, rev + 1), {
        entityName: ENTITY.topic,
        conditions: new Filter<TopicRow>().and('rev', FilterConditions.equalTo(rev)),
      });
    }
    try {
      await tx.execute();
    } catch (error) {
      if (isConditionFailure(error)) throw new StaleBacklogError();
      throw error;
    }
  }
}

/** The custom entity holding each space's history (declared in manifest.yml). */
const LOG_ENTITY = 'community-log';

/** The history row: the last changes, newest first, and its revision (the compare-and-set guard). */
interface LogRow {
  /** Always `log`: the partition that lets the personal-data report walk every space's row. */
  readonly kind: 'log';
  readonly spaceKey: string;
  readonly rev: number;
  readonly entries: readonly HistoryEntry[];
}

/** The space's history as read, with the revision the next write expects. */
export interface LoadedHistory {
  readonly entries: readonly HistoryEntry[];
  readonly rev: number | undefined;
}

/** The space's history, newest first (one read). */
export async function loadHistory(spaceKey: string): Promise<LoadedHistory> {
  const row = await kvs.entity<LogRow>(LOG_ENTITY).get(keys.communityLog(spaceKey));
  return { entries: row?.entries ?? [], rev: row?.rev };
}

/** New entries for the history read at `loaded`: written with the change they record. */
export interface HistoryWrite {
  readonly loaded: LoadedHistory;
  readonly added: readonly HistoryEntry[];
}

/**
 * Creates the space's history row if it has none yet (revision 0), with the documented
 * `keyPolicy: 'FAIL_IF_EXISTS'`, so every later write can be conditioned on its revision. Returns
 * the history to write against (a row someone else just created answers stale, to re-read).
 */
export async function ensureHistoryRow(
  spaceKey: string,
  loaded: LoadedHistory,
): Promise<LoadedHistory | 'stale'> {
  if (loaded.rev !== undefined) return loaded;
  const created = await createEntityRow<LogRow>(LOG_ENTITY, keys.communityLog(spaceKey), {
    kind: 'log',
    spaceKey,
    rev: 0,
    entries: [],
  });
  return created === 'exists' ? 'stale' : { entries: [], rev: 0 };
}

/** Adds the history write to a transaction, conditioned on the revision read (one operation). */
export function withHistory(
  tx: ReturnType<typeof kvs.transact>,
  spaceKey: string,
  history: HistoryWrite,
): ReturnType<typeof kvs.transact> {
  const rev = history.loaded.rev ?? 0;
  return tx.set<LogRow>(
    keys.communityLog(spaceKey),
    {
      kind: 'log',
      spaceKey,
      rev: rev + 1,
      entries: appendHistory(history.loaded.entries, history.added),
    },
    {
      entityName: LOG_ENTITY,
      conditions: new Filter<LogRow>().and('rev', FilterConditions.equalTo(rev)),
    },
  );
}
