/**
 * The backlog repository over the custom entity `topic`: one row per topic, indexed by space and
 * rank key, so the whole backlog of a space is read in rank order (100 rows a page) and a move
 * rewrites one row. A new row is created with `FAIL_IF_EXISTS`; every later write is compare-and-set
 * on the row's `rev`, so two facilitators acting on the same topic at once cannot silently
 * overwrite each other.
 */
import { Filter, FilterConditions, kvs } from '@forge/kvs';
import type { Backlog, Topic, TopicId } from '../domain/backlog';
import { ENTITY, keys } from './keys';
import { createEntityRow, isConditionFailure } from './conditions';

/** The stored row: indexed attributes beside the topic itself. */
export interface TopicRow {
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

/** Reads a space's whole backlog: the `by-space-rank` index, following the cursor 100 at a time. */
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
      all[row.value.data.id] = row.value.data;
      revs.set(row.value.data.id, row.value.rev);
    }
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return { backlog: { topics: all }, revs };
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
  spaceKey,
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
  for (let i = 0; i < updated.length; i += TRANSACTION_MAX) {
    const tx = kvs.transact();
    for (const topic of updated.slice(i, i + TRANSACTION_MAX)) {
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
