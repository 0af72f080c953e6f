/**
 * Backlog resolvers (`backlog/*`): names, payloads and answers, shared with the UI (types only).
 * The space is the one the macro or space page sits in (from the context, never the payload).
 */
import type { Topic, TopicId } from '../domain/backlog';
import type { HistoryEntry } from '../domain/community';

/** The caller's role in the space's community (see `services/facilitator.ts`). */
export type CommunityRole = 'admin' | 'curator' | 'rotation' | 'member';

/** Where the next page of topics starts: after this topic (its rank key and id). */
export interface RankCursor {
  readonly rankKey: string;
  readonly topicId: TopicId;
}

export const BACKLOG_RESOLVERS = {
  list: 'backlog/list',
  add: 'backlog/add',
  edit: 'backlog/edit',
  volunteer: 'backlog/volunteer',
  withdraw: 'backlog/withdraw',
  move: 'backlog/move',
  plan: 'backlog/plan',
  unplan: 'backlog/unplan',
  markDiscussed: 'backlog/markDiscussed',
  archive: 'backlog/archive',
  restore: 'backlog/restore',
  merge: 'backlog/merge',
  unmerge: 'backlog/unmerge',
  csv: 'backlog/csv',
  /** The lead's outline and breakout questions (see `contract/deep-dive-start.ts`). */
  prepareTopic: 'backlog/prepareTopic',
  topicPrep: 'backlog/topicPrep',
} as const;

export interface ListBacklogPayload {
  /** Top N only (the read-only macro, at most 100); absent: a page of 50. */
  readonly top?: number;
  /** The archive instead of the visible backlog (the space page's "Archived"). */
  readonly archived?: boolean;
  /** The page after this topic (the `next` of the previous page); absent: the first page. */
  readonly after?: RankCursor;
}
export interface AddTopicPayload {
  readonly title: string;
  readonly details?: string;
}
export interface EditTopicPayload {
  readonly topicId: TopicId;
  readonly title?: string;
  readonly details?: string;
}
export interface TopicPayload {
  readonly topicId: TopicId;
}
export interface MoveTopicPayload {
  readonly topicId: TopicId;
  /** Place right after this topic; `null` puts it first. */
  readonly afterId: TopicId | null;
}
export interface PlanTopicPayload {
  readonly topicId: TopicId;
  /** `YYYY-MM-DD`. */
  readonly date: string;
}
export interface MergeTopicsPayload {
  readonly intoId: TopicId;
  readonly fromId: TopicId;
}

/** A page of the backlog as a view: topics in backlog order, the caller's role, names shown. */
export interface BacklogView {
  readonly topics: readonly Topic[];
  /** On the first page: the topic proposed or planned highest in it, the next session's topic. */
  readonly nextTopicId: TopicId | undefined;
  /** Where the next page starts; absent on the last page. */
  readonly next?: RankCursor;
  /** In the rotation, a curator or an admin: plan, unplan, move, mark discussed, start a session. */
  readonly canFacilitate: boolean;
  /** A curator or an admin: archive, merge, restore, unmerge, edit any topic. */
  readonly canCurate: boolean;
  readonly role: CommunityRole;
  /** On the space page's first page: the last community changes, newest first. */
  readonly history?: readonly HistoryEntry[];
  /** Display names of leads and authors, resolved now (never stored). */
  readonly names: Readonly<Record<string, string>>;
  /** Change counter: a realtime notice with a higher version means refetch. */
  readonly version: number;
}

/** What a backlog command answers: how many topic records it wrote (0: nothing changed). */
export interface BacklogChange {
  readonly written: number;
  readonly version: number;
}

export interface BacklogCsv {
  readonly filename: string;
  readonly csv: string;
}
