/**
 * Backlog resolvers (`backlog/*`): names, payloads and answers, shared with the UI (types only).
 * The space is the one the macro or space page sits in (from the context, never the payload).
 */
import type { Topic, TopicId } from '../domain/backlog';

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
  merge: 'backlog/merge',
  csv: 'backlog/csv',
} as const;

export interface ListBacklogPayload {
  /** Top N only (the read-only macro); absent: the whole backlog. */
  readonly top?: number;
  /** Include archived topics (the space page's "show archived"). */
  readonly includeArchived?: boolean;
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

/** The backlog as a view: topics in backlog order, who may facilitate, names for every account. */
export interface BacklogView {
  readonly topics: readonly Topic[];
  /** The topic proposed or planned highest: the next session's topic. */
  readonly nextTopicId: TopicId | undefined;
  readonly canFacilitate: boolean;
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
