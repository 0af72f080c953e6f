/**
 * What the backlog's way into a deep dive stores and reads (issue 12):
 * - plain key `topic-prep:<spaceKey>:<topicId>`: a topic's preparation — the lead's outline and
 *   breakout questions, who wrote them last and when. One document per topic, written whole by
 *   whoever may prepare it (the topic's lead, a curator, a space admin); the last write wins.
 * - the `game` entity's `by-space` index (partition: space, range: kind), read for the space's
 *   CoP Session macros: where "Start a session" sends people.
 */
import { kvs, WhereConditions } from '@forge/kvs';
import { ENTITY, keys } from './keys';

/** A topic's preparation, as stored. */
export interface TopicPrep {
  readonly topicId: string;
  readonly outline: string;
  readonly questions: readonly string[];
  readonly by: string;
  readonly at: number;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function asPrep(value: unknown): TopicPrep | undefined {
  if (
    !isObject(value) ||
    typeof value.topicId !== 'string' ||
    typeof value.outline !== 'string' ||
    !Array.isArray(value.questions) ||
    !value.questions.every((q) => typeof q === 'string') ||
    typeof value.by !== 'string' ||
    typeof value.at !== 'number'
  ) {
    return undefined;
  }
  return value as unknown as TopicPrep;
}

/** The topic's preparation, if someone wrote one. */
export async function loadTopicPrep(
  spaceKey: string,
  topicId: string,
): Promise<TopicPrep | undefined> {
  return asPrep(await kvs.get<unknown>(keys.topicPrep(spaceKey, topicId)));
}

/** Writes the topic's preparation (replaces the one before). */
export async function saveTopicPrep(spaceKey: string, prep: TopicPrep): Promise<void> {
  await kvs.set(keys.topicPrep(spaceKey, prep.topicId), prep);
}

/** A CoP Session macro of a space: the page it is on, and when it was last used. */
export interface CopSessionMacro {
  readonly pageId: string;
  /** The newest instant its row holds (its running session's last event or a past session's end). */
  readonly lastUsed: number;
}

/** How many macros are looked at, at most (pages of 100 from the index). */
const MACROS_MAX = 500;

function macroOf(value: unknown): CopSessionMacro | undefined {
  if (!isObject(value) || value.kind !== 'cop-session' || !isObject(value.state)) return undefined;
  const { contentId, log, past } = value.state;
  if (typeof contentId !== 'string' || !/^\d{1,32}$/.test(contentId)) return undefined;
  const instants: number[] = [];
  const entries: unknown[] = [
    ...(Array.isArray(log) ? (log as unknown[]) : []),
    ...(Array.isArray(past) ? (past as unknown[]) : []),
  ];
  for (const entry of entries) {
    if (!isObject(entry)) continue;
    const at = entry.at ?? entry.endedAt;
    if (typeof at === 'number') instants.push(at);
  }
  return { pageId: contentId, lastUsed: instants.length === 0 ? 0 : Math.max(...instants) };
}

/**
 * The space's CoP Session macros (from the `game` rows Confluence placed in this space when each
 * macro set up its first session), most recently used first.
 */
export async function copSessionMacros(spaceKey: string): Promise<CopSessionMacro[]> {
  const found: CopSessionMacro[] = [];
  let cursor: string | undefined;
  do {
    const query = kvs
      .entity<Record<string, unknown>>(ENTITY.game)
      .query()
      .index('by-space', { partition: [spaceKey] })
      .where(WhereConditions.equalTo('cop-session'))
      .limit(100);
    const page = await (cursor === undefined ? query : query.cursor(cursor)).getMany();
    for (const row of page.results) {
      const macro = macroOf(row.value);
      if (macro !== undefined) found.push(macro);
    }
    cursor = page.nextCursor;
  } while (cursor !== undefined && found.length < MACROS_MAX);
  return found.sort((a, b) => b.lastUsed - a.lastUsed);
}
