/**
 * The backlog's caps (issue 11). Chosen so that a space's visible backlog stays far inside Forge's
 * limits whatever people do: a topic row is at most about 2.5 KiB (120 + 500 characters of text
 * and a few sources, each at most 4 bytes a character in UTF-8), so 1,000 topics make a CSV export
 * of at most about 2.5 MB (Forge answers up to 5 MB) and a command that needs the whole visible
 * backlog (add, move, merge, restore, import) reads at most 10 index pages of 100.
 */
import type { AccountId, Backlog, Topic } from './types';

/** Most topics members see in one space (archived ones do not count: archiving frees room). */
export const TOPICS_PER_SPACE = 1_000;

/** Most topics one person has added by hand and not yet seen archived, in one space. */
export const TOPICS_PER_PERSON = 100;

/** Whether a topic counts against the caps: it is not archived. */
const isOpen = (topic: Topic): boolean => topic.status !== 'archived';

/** How many topics of the backlog are not archived: what the space cap counts. */
export function openTopicCount(backlog: Backlog): number {
  return Object.values(backlog.topics).filter(isOpen).length;
}

/**
 * How many topics `accountId` added by hand that are not archived: what the per-person cap counts.
 * Topics a game imported are counted for the space only (a facilitator imports for the group).
 */
export function openTopicsAddedBy(backlog: Backlog, accountId: AccountId): number {
  return Object.values(backlog.topics).filter(
    (t) => isOpen(t) && t.createdBy === accountId && t.id.startsWith('manual:'),
  ).length;
}
