/**
 * Which backlog changes the community's history records (issue 11: curation is attributed): every
 * status change (plan, unplan, discussed, archive, restore), merges and unmerges, and an edit of
 * someone else's topic. Adding, moving, volunteering and imports are not curation and stay out,
 * so the history's 50 entries are not flushed by a busy game.
 */
import type { HistoryEntry } from '../community';
import { assertNever } from '../result';
import type { Backlog, BacklogEvent } from './types';

/**
 * The history entries the events of one command make, given the backlog they were decided on
 * (for titles as they were): one entry per status event, a merge as one entry naming both topics.
 */
export function backlogHistory(
  before: Backlog,
  events: readonly BacklogEvent[],
  actor: { readonly by: string; readonly at: number },
): HistoryEntry[] {
  const titleOf = (id: string): string => before.topics[id]?.title ?? '';
  const about = (topicId: string) => ({ ...actor, topicId, title: titleOf(topicId) });
  return events.flatMap((event): HistoryEntry[] => {
    switch (event.type) {
      case 'TopicPlanned':
        return [{ ...about(event.topicId), action: 'topic-planned', value: event.date }];
      case 'TopicUnplanned':
        return [{ ...about(event.topicId), action: 'topic-unplanned' }];
      case 'TopicDiscussed':
        return [{ ...about(event.topicId), action: 'topic-discussed' }];
      case 'TopicArchived':
        // A merge's archive is told by its merge entry.
        return event.mergedInto === undefined
          ? [{ ...about(event.topicId), action: 'topic-archived' }]
          : [];
      case 'TopicRestored':
        return [{ ...about(event.topicId), action: 'topic-restored' }];
      case 'TopicsMerged':
        return [
          { ...about(event.fromId), action: 'topic-merged', otherTitle: titleOf(event.intoId) },
        ];
      case 'TopicsUnmerged':
        return [
          { ...about(event.fromId), action: 'topic-unmerged', otherTitle: titleOf(event.intoId) },
        ];
      case 'TopicEdited':
        return before.topics[event.topicId]?.createdBy === actor.by
          ? []
          : [{ ...about(event.topicId), action: 'topic-edited' }];
      case 'TopicAdded':
      case 'TopicMoved':
      case 'LeadVolunteered':
      case 'LeadWithdrawn':
      case 'NotesPageLinked':
        return [];
      default:
        return assertNever(event);
    }
  });
}
