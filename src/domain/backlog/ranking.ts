/**
 * Backlog order. The order shown is ascending `rankKey` (ties, possible only after two concurrent
 * inserts into the same gap, broken by topic id). New and imported topics are placed by score; a
 * facilitator's move rewrites the moved topic's key only.
 */
import { keyBetween } from './fractional-index';
import type { Backlog, Topic, TopicId } from './types';

/** Code-unit comparison, the same order `keyBetween` guarantees (not locale-aware on purpose). */
function compareStrings(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

/** Orders two topics by `rankKey`, then by id, so the order is total even with equal keys. */
export function compareByRank(a: Topic, b: Topic): number {
  return compareStrings(a.rankKey, b.rankKey) || compareStrings(a.id, b.id);
}

/**
 * Every topic, archived ones included, in backlog order. Keys are chosen against this full order, so
 * a new key never equals a hidden (archived) topic's key either.
 */
export function allInRankOrder(backlog: Backlog): Topic[] {
  return Object.values(backlog.topics).sort(compareByRank);
}

/** The backlog as members see it: topics that are not archived, in backlog order. */
export function rankedTopics(backlog: Backlog): Topic[] {
  return allInRankOrder(backlog).filter((t) => t.status !== 'archived');
}

/** The first `n` topics of `rankedTopics` (the read-only backlog macro's top N). */
export function topTopics(backlog: Backlog, n: number): Topic[] {
  return rankedTopics(backlog).slice(0, Math.max(0, n));
}

/** The topic proposed or planned highest in the backlog: the "next topic" of the session notes. */
export function nextTopic(backlog: Backlog): Topic | undefined {
  return rankedTopics(backlog).find((t) => t.status === 'proposed' || t.status === 'planned');
}

/** Sorted distinct keys of the topics not in `exclude`. */
function otherKeys(backlog: Backlog, exclude: ReadonlySet<TopicId>): string[] {
  const keys = new Set<string>();
  for (const t of Object.values(backlog.topics)) if (!exclude.has(t.id)) keys.add(t.rankKey);
  return [...keys].sort(compareStrings);
}

/** A key strictly after `lower` and before the next distinct key above it (or at the end). */
function keyJustAfter(keys: readonly string[], lower: string | null): string {
  const upper = keys.find((k) => lower === null || k > lower) ?? null;
  return keyBetween(lower, upper);
}

/** A key strictly before `upper` and after the next distinct key below it (or at the start). */
function keyJustBefore(keys: readonly string[], upper: string): string {
  const lower = keys.filter((k) => k < upper).pop() ?? null;
  return keyBetween(lower, upper);
}

/**
 * The rank key that places a topic with `score` by score among the other topics (those not in
 * `exclude`): just before the first non-archived topic, in current order, whose score is strictly
 * lower; at the end if there is none. So equal scores keep arrival order (the newcomer goes after
 * the topics it ties with), and a topic never jumps above one the facilitator ranked above a
 * lower-scored neighbour. Only the placed topic's key is chosen; no other topic changes.
 */
export function rankKeyForScore(
  backlog: Backlog,
  score: number,
  exclude: ReadonlySet<TopicId> = new Set(),
): string {
  const keys = otherKeys(backlog, exclude);
  const firstLower = allInRankOrder(backlog).find(
    (t) => !exclude.has(t.id) && t.status !== 'archived' && t.score < score,
  );
  if (firstLower === undefined) return keyJustAfter(keys, keys[keys.length - 1] ?? null);
  return keyJustBefore(keys, firstLower.rankKey);
}

/**
 * The new rank key of `topicId` when moved right after `afterId` (`null`: to the top). The key lies
 * strictly between the anchor's key and the next distinct key of any other topic, so the move is a
 * single write and every other topic keeps its key. The caller checks both ids exist and differ.
 */
export function rankKeyForMove(
  backlog: Backlog,
  topicId: TopicId,
  afterId: TopicId | null,
): string {
  const keys = otherKeys(backlog, new Set([topicId]));
  const anchor = afterId === null ? undefined : backlog.topics[afterId];
  return keyJustAfter(keys, anchor === undefined ? null : anchor.rankKey);
}
