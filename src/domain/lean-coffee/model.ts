import type { Stamped } from './records';
import type { LeanCoffeeSettings, LeanCoffeeSettingsInput } from './settings';
import type { ActionItem, Takeaway } from './takeaways';
import type { Thumb, ThumbCounts, ThumbsOutcome } from './timebox';
import type { Topic } from './topics';
import type { Allocation, AllocationRecord } from './voting';

/** The topic being discussed: which extension round it is in and when that round ends. */
export interface CurrentTopic {
  readonly topicId: string;
  /** 0 for the requested timebox, 1 after the first extension, … */
  readonly round: number;
  /** Start of the running round (the topic's start, or the instant of the last extension). */
  readonly roundStartedAt: number;
  readonly endsAt: number;
  /** Length of the running round's timebox, in minutes: the base of the next extension. */
  readonly timeboxMinutes: number;
}

/** The phases of a Lean Coffee: `proposing → voting → discussing(topic, endsAt) → wrap-up → ended`. */
export type LeanCoffeePhase =
  | { readonly kind: 'proposing' }
  | { readonly kind: 'voting' }
  | { readonly kind: 'discussing'; readonly current: CurrentTopic | null }
  | { readonly kind: 'wrap-up' }
  | { readonly kind: 'ended' };

/** The name of a phase, as used in the legality table. */
export type PhaseKind = LeanCoffeePhase['kind'];

/** Every phase, in the order a meeting goes through them. */
export const PHASE_KINDS: readonly PhaseKind[] = [
  'proposing',
  'voting',
  'discussing',
  'wrap-up',
  'ended',
];

/** How a topic was (or is being) discussed. Minutes spent = (finishedAt ?? now) − startedAt. */
export interface Discussion {
  readonly topicId: string;
  readonly startedAt: number;
  readonly finishedAt: number | null;
  readonly extensions: number;
}

/** A thumb: one record per participant per topic per round, overwritten on change. */
export interface ThumbRecord {
  readonly topicId: string;
  readonly round: number;
  readonly participant: string;
  readonly thumb: Thumb;
  readonly at: number;
}

/** A topic left over at wrap-up, with its votes, for the backlog. */
export interface UndiscussedTopic {
  readonly topicId: string;
  readonly votes: number;
}

/**
 * The whole state of one Lean Coffee, folded from its events. Participant records (topics, dot
 * allocations, thumbs, takeaways, action items) are kept as last-writer-wins maps, so they fold the
 * same in any order; phase changes come from the facilitator's ordered log.
 */
export interface LeanCoffeeState {
  readonly phase: LeanCoffeePhase;
  readonly settings: LeanCoffeeSettings;
  readonly meetingStartedAt: number;
  /** topic id → topic, `value: null` once deleted or merged away. */
  readonly topics: Readonly<Record<string, Stamped<Topic>>>;
  /** merged-away topic id → topic id it was merged into. */
  readonly mergedInto: Readonly<Record<string, string>>;
  /** participant accountId → their one allocation. */
  readonly allocations: Readonly<Record<string, AllocationRecord>>;
  /** The tallies frozen when voting closed; `null` before. */
  readonly closedTallies: Readonly<Record<string, number>> | null;
  /** Topics not yet discussed, in discussion order (filled when voting closes). */
  readonly queue: readonly string[];
  /** Topics started so far, in the order they were started. */
  readonly discussions: readonly Discussion[];
  /** `thumbKey(topicId, round, participant)` → thumb. */
  readonly thumbs: Readonly<Record<string, ThumbRecord>>;
  /** Every resolved thumbs round, in order. */
  readonly resolutions: readonly ThumbsResolved[];
  readonly takeaways: Readonly<Record<string, Stamped<Takeaway>>>;
  readonly actionItems: Readonly<Record<string, Stamped<ActionItem>>>;
  /** Set at wrap-up: the topics never discussed, in order, with their votes. */
  readonly undiscussed: readonly UndiscussedTopic[] | null;
  readonly endedAt: number | null;
}

// ---- Events: past tense, versioned. -------------------------------------------------------------

export interface LeanCoffeeCreated {
  readonly type: 'LeanCoffeeCreated';
  readonly v: 1;
  readonly settings: LeanCoffeeSettings;
  readonly at: number;
}
export interface SettingsChanged {
  readonly type: 'SettingsChanged';
  readonly v: 1;
  readonly settings: LeanCoffeeSettings;
  readonly at: number;
}
export interface TopicProposed {
  readonly type: 'TopicProposed';
  readonly v: 1;
  readonly topic: Topic;
  readonly at: number;
}
export interface TopicEdited {
  readonly type: 'TopicEdited';
  readonly v: 1;
  readonly topic: Topic;
  readonly by: string;
  readonly at: number;
}
export interface TopicDeleted {
  readonly type: 'TopicDeleted';
  readonly v: 1;
  readonly topicId: string;
  readonly by: string;
  readonly at: number;
}
/** `into` is the kept topic as it is after the merge; `fromId` disappears. */
export interface TopicsMerged {
  readonly type: 'TopicsMerged';
  readonly v: 1;
  readonly into: Topic;
  readonly fromId: string;
  readonly at: number;
}
export interface VotingOpened {
  readonly type: 'VotingOpened';
  readonly v: 1;
  readonly at: number;
}
export interface DotsAllocated {
  readonly type: 'DotsAllocated';
  readonly v: 1;
  readonly participant: string;
  readonly allocation: Allocation;
  readonly at: number;
}
/** Freezes the tallies and the resulting discussion order. */
export interface VotingClosed {
  readonly type: 'VotingClosed';
  readonly v: 1;
  readonly tallies: Readonly<Record<string, number>>;
  readonly order: readonly string[];
  readonly at: number;
}
export interface TopicsReordered {
  readonly type: 'TopicsReordered';
  readonly v: 1;
  readonly order: readonly string[];
  readonly at: number;
}
export interface TopicStarted {
  readonly type: 'TopicStarted';
  readonly v: 1;
  readonly topicId: string;
  readonly minutes: number;
  readonly at: number;
  readonly endsAt: number;
}
export interface ThumbVoted {
  readonly type: 'ThumbVoted';
  readonly v: 1;
  readonly topicId: string;
  readonly round: number;
  readonly participant: string;
  readonly thumb: Thumb;
  readonly at: number;
}
/** The end of a thumbs round: the counts, and whether votes or the facilitator decided. */
export interface ThumbsResolved {
  readonly type: 'ThumbsResolved';
  readonly v: 1;
  readonly topicId: string;
  readonly round: number;
  readonly counts: ThumbCounts;
  readonly outcome: ThumbsOutcome;
  readonly decidedBy: 'votes' | 'facilitator';
  readonly at: number;
}
export interface TimeboxExtended {
  readonly type: 'TimeboxExtended';
  readonly v: 1;
  readonly topicId: string;
  /** The new round. */
  readonly round: number;
  readonly minutes: number;
  readonly at: number;
  readonly endsAt: number;
}
export interface TopicFinished {
  readonly type: 'TopicFinished';
  readonly v: 1;
  readonly topicId: string;
  readonly reason: 'thumbs' | 'facilitator' | 'wrap-up';
  readonly at: number;
}
export interface TakeawayAdded {
  readonly type: 'TakeawayAdded';
  readonly v: 1;
  readonly takeaway: Takeaway;
  readonly at: number;
}
export interface TakeawayEdited {
  readonly type: 'TakeawayEdited';
  readonly v: 1;
  readonly takeaway: Takeaway;
  readonly by: string;
  readonly at: number;
}
export interface TakeawayDeleted {
  readonly type: 'TakeawayDeleted';
  readonly v: 1;
  readonly takeawayId: string;
  readonly by: string;
  readonly at: number;
}
export interface ActionItemAdded {
  readonly type: 'ActionItemAdded';
  readonly v: 1;
  readonly actionItem: ActionItem;
  readonly at: number;
}
export interface ActionItemEdited {
  readonly type: 'ActionItemEdited';
  readonly v: 1;
  readonly actionItem: ActionItem;
  readonly by: string;
  readonly at: number;
}
export interface ActionItemDeleted {
  readonly type: 'ActionItemDeleted';
  readonly v: 1;
  readonly actionItemId: string;
  readonly by: string;
  readonly at: number;
}
export interface WrapUpStarted {
  readonly type: 'WrapUpStarted';
  readonly v: 1;
  readonly undiscussed: readonly UndiscussedTopic[];
  readonly at: number;
}
export interface MeetingEnded {
  readonly type: 'MeetingEnded';
  readonly v: 1;
  readonly at: number;
}

/** Every fact a Lean Coffee records; a game's state is their fold. */
export type LeanCoffeeEvent =
  | LeanCoffeeCreated
  | SettingsChanged
  | TopicProposed
  | TopicEdited
  | TopicDeleted
  | TopicsMerged
  | VotingOpened
  | DotsAllocated
  | VotingClosed
  | TopicsReordered
  | TopicStarted
  | ThumbVoted
  | ThumbsResolved
  | TimeboxExtended
  | TopicFinished
  | TakeawayAdded
  | TakeawayEdited
  | TakeawayDeleted
  | ActionItemAdded
  | ActionItemEdited
  | ActionItemDeleted
  | WrapUpStarted
  | MeetingEnded;

// ---- Commands: imperative. Ids of new things are generated by the service. -------------------

export type LeanCoffeeCommand =
  | { readonly type: 'changeSettings'; readonly settings: LeanCoffeeSettingsInput }
  | {
      readonly type: 'proposeTopic';
      readonly topicId: string;
      readonly title: string;
      readonly details?: string;
      readonly minutes?: number;
    }
  | {
      readonly type: 'editTopic';
      readonly topicId: string;
      readonly title?: string;
      readonly details?: string;
      readonly minutes?: number;
    }
  | { readonly type: 'deleteTopic'; readonly topicId: string }
  | {
      readonly type: 'mergeTopics';
      readonly intoId: string;
      readonly fromId: string;
      readonly title?: string;
    }
  | { readonly type: 'openVoting' }
  | { readonly type: 'allocateDots'; readonly allocation: Allocation }
  | { readonly type: 'closeVoting' }
  | { readonly type: 'reorderTopics'; readonly order: readonly string[] }
  | { readonly type: 'startTopic'; readonly topicId?: string }
  | {
      readonly type: 'castThumb';
      readonly topicId: string;
      readonly round: number;
      readonly thumb: Thumb;
    }
  | { readonly type: 'closeThumbs'; readonly topicId: string; readonly round: number }
  | {
      readonly type: 'overrideTopic';
      readonly topicId: string;
      readonly decision: ThumbsOutcome;
    }
  | {
      readonly type: 'addTakeaway';
      readonly takeawayId: string;
      readonly topicId: string;
      readonly text: string;
    }
  | { readonly type: 'editTakeaway'; readonly takeawayId: string; readonly text: string }
  | { readonly type: 'deleteTakeaway'; readonly takeawayId: string }
  | {
      readonly type: 'addActionItem';
      readonly actionItemId: string;
      readonly topicId: string;
      readonly text: string;
      readonly owner?: string | null;
      /** `YYYY-MM-DD`; absent or `null`: no due date. */
      readonly due?: string | null;
    }
  | {
      readonly type: 'editActionItem';
      readonly actionItemId: string;
      readonly text?: string;
      /** `null` clears the owner; absent keeps it. */
      readonly owner?: string | null;
    }
  | { readonly type: 'deleteActionItem'; readonly actionItemId: string }
  | { readonly type: 'startWrapUp' }
  | { readonly type: 'endMeeting' };

/** The name of a command, as used in the legality table. */
export type CommandType = LeanCoffeeCommand['type'];

/** Who is acting and when, from the resolver context and the server clock. */
export interface CommandContext {
  readonly actor: string;
  readonly now: number;
  readonly isFacilitator: boolean;
}
