/**
 * The backlog repository over the custom entity `topic`: one row per topic, indexed by space and
 * rank key, so the whole backlog of a space is read in rank order (100 rows a page) and a move
 * rewrites one row. Every write is compare-and-set on the row's `rev`, so two facilitators acting
 * on the same topic at once cannot silently overwrite each other.
 */
import { Filter, FilterConditions, kvs } from '@forge/kvs';
import type { Backlog, Topic, TopicId } from '../domain/backlog';
import { ENTITY, keys } from './keys';
import { isConditionFailure } from './conditions';

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

/**
 * Writes the changed topics, each conditioned on the revision it was read at (a new topic: on not
 * existing). One topic is one transaction of one `set` — one KVS write. More than 25 (a large game
 * import) go in transactions of 25; each topic id is stable, so a retry completes a partial write.
 */
export async function saveTopics(
  spaceKey: string,
  changed: readonly Topic[],
  revs: ReadonlyMap<TopicId, number>,
): Promise<void> {
  for (let i = 0; i < changed.length; i += TRANSACTION_MAX) {
    const tx = kvs.transact();
    for (const topic of changed.slice(i, i + TRANSACTION_MAX)) {
      const rev = revs.get(topic.id);
      const row: TopicRow = {
        spaceKey,
        rankKey: topic.rankKey,
        status: topic.status,
        score: topic.score,
        rev: (rev ?? 0) + 1,
        data: topic,
      };
      tx.set(keys.backlogTopic(spaceKey, topic.id), row, {
        entityName: ENTITY.topic,
        conditions: new Filter<TopicRow>().and(
          'rev',
          rev === undefined ? FilterConditions.notExists() : FilterConditions.equalTo(rev),
        ),
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
