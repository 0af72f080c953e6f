/** Backlog records, commands, events and error codes (DESIGN §1.3). */

/** An Atlassian accountId. */
export type AccountId = string;
/** A topic id: `manual:<id>`, or derived from a game (`thirty-five:<gameId>:<cardId>` …). */
export type TopicId = string;

/** Where a topic came from. A merged topic keeps every source, its own first. */
export type TopicSource =
  | {
      readonly kind: 'thirty-five';
      readonly gameId: string;
      readonly cardId: string;
      /** Normalised score (mean × rounds) out of `maxScore` = points per pair × rounds. */
      readonly normalised: number;
      readonly maxScore: number;
      readonly rank: number;
    }
  | {
      readonly kind: 'lean-coffee';
      readonly gameId: string;
      readonly topicId: string;
      readonly votes: number;
      /** Most dots the topic could have received: voters × max dots per topic. */
      readonly maxVotes: number;
      /**
       * Head-to-head comparisons the topic won (a tie counts half) out of those made: the score is
       * 100 × won ÷ comparisons. Absent on topics imported before the one score scale.
       */
      readonly won?: number;
      readonly comparisons?: number;
    }
  | { readonly kind: 'manual' };

export type TopicStatus = 'proposed' | 'planned' | 'discussed' | 'archived';

/** A status a topic members see can have: every status but archived. */
export type OpenStatus = Exclude<TopicStatus, 'archived'>;

/**
 * Kept on a merged-away topic B: what the topic A it went into looked like before, so unmerging
 * gives A back its own rank, details and lead, unless someone changed them since.
 */
export interface UnmergeRecord {
  /** A's rank key before the merge. */
  readonly rankKey: string;
  /** The rank key the merge gave A: A is put back only if it still has it (nobody moved it). */
  readonly mergedRankKey: string;
  /** A had no details and took B's. */
  readonly detailsTaken: boolean;
  /** A had no lead and took B's. */
  readonly leadTaken: boolean;
}
/** A link to the Confluence page holding a topic's session notes. */
export interface NotesPageLink {
  readonly pageId: string;
  readonly url: string;
}

/** One backlog topic; one storage record. */
export interface Topic {
  readonly id: TopicId;
  /** 1–120 characters, trimmed. */
  readonly title: string;
  /** 0–500 characters, trimmed. */
  readonly details: string;
  /** Backlog score, 0–100 per game import (see `import.ts`); merged topics add up. */
  readonly score: number;
  readonly sources: readonly TopicSource[];
  readonly status: TopicStatus;
  /** The volunteer who prepares the topic ("I'll prepare this"). */
  readonly lead?: AccountId;
  /** `YYYY-MM-DD`; set while planned (and kept once discussed). */
  readonly plannedDate?: string;
  readonly notesPage?: NotesPageLink;
  /** Set when the topic was archived by merging it into another. */
  readonly mergedInto?: TopicId;
  /** While archived: the status it had before, which restoring (or unmerging) gives back. */
  readonly archivedFrom?: OpenStatus;
  /** While merged away: what unmerging needs to give the other topic back its own state. */
  readonly unmerge?: UnmergeRecord;
  /** Who last changed the topic's status (plan, unplan, discussed, archive, restore, merge). */
  readonly statusBy?: AccountId;
  /** When they did, epoch milliseconds. */
  readonly statusAt?: number;
  readonly createdBy: AccountId;
  /** Epoch milliseconds. */
  readonly createdAt: number;
  /** Fractional index key; the backlog is shown in ascending `rankKey` order (ties by id). */
  readonly rankKey: string;
}

/** The whole backlog of one space, keyed by topic id. */
export interface Backlog {
  readonly topics: Readonly<Record<TopicId, Topic>>;
}

/** Who acts, whether they hold the facilitator role, and when (epoch ms). */
export interface BacklogContext {
  readonly actor: AccountId;
  /** In the rotation, a curator or a space administrator: plans, moves, marks discussed. */
  readonly isFacilitator: boolean;
  /** A curator or a space administrator: archives, merges, restores, unmerges, edits any topic. */
  readonly isCurator: boolean;
  readonly now: number;
}

/** A Thirty Five result card as the game's ranking reports it, best first. */
export interface ThirtyFiveCardResult {
  readonly cardId: string;
  readonly text: string;
  readonly normalised: number;
}

/** A Thirty Five game's ranking, to import. `cards` is in final rank order (tie-breaks applied). */
export interface ThirtyFiveImport {
  readonly kind: 'thirty-five';
  readonly gameId: string;
  readonly pointsPerPair: number;
  readonly rounds: number;
  readonly cards: readonly ThirtyFiveCardResult[];
}

/** A Lean Coffee topic that was not discussed, with the dots it received. */
export interface LeanCoffeeTopicResult {
  readonly topicId: string;
  readonly title: string;
  readonly details?: string;
  readonly votes: number;
  /** Epoch ms; earlier proposals win ties. */
  readonly proposedAt: number;
}

/** One participant's dots: topic id → dots (after merges; topics without dots may be left out). */
export type LeanCoffeeBallot = Readonly<Record<string, number>>;

/** A Lean Coffee meeting's undiscussed topics, to import. */
export interface LeanCoffeeImport {
  readonly kind: 'lean-coffee';
  readonly gameId: string;
  /** Number of participants who had dots. */
  readonly voters: number;
  /** M: the most dots one voter may put on one topic. */
  readonly maxDotsPerTopic: number;
  /** Every topic of the meeting, discussed ones included: what each topic is compared with. */
  readonly allTopicIds: readonly string[];
  /** Each participant's dots; the score compares topics voter by voter (see `import.ts`). */
  readonly ballots: readonly LeanCoffeeBallot[];
  /** The undiscussed topics, to import; each is one of `allTopicIds`. */
  readonly topics: readonly LeanCoffeeTopicResult[];
}

export type GameImport = ThirtyFiveImport | LeanCoffeeImport;

export type BacklogCommand =
  | {
      readonly type: 'addTopic';
      readonly topicId: TopicId;
      readonly title: string;
      readonly details?: string;
      readonly score?: number;
    }
  | {
      readonly type: 'editTopic';
      readonly topicId: TopicId;
      readonly title?: string;
      readonly details?: string;
    }
  | { readonly type: 'planTopic'; readonly topicId: TopicId; readonly date: string }
  | { readonly type: 'unplanTopic'; readonly topicId: TopicId }
  | { readonly type: 'markDiscussed'; readonly topicId: TopicId }
  | { readonly type: 'archiveTopic'; readonly topicId: TopicId }
  | { readonly type: 'restoreTopic'; readonly topicId: TopicId }
  | { readonly type: 'unmergeTopic'; readonly topicId: TopicId }
  | { readonly type: 'volunteer'; readonly topicId: TopicId }
  | { readonly type: 'withdraw'; readonly topicId: TopicId }
  | {
      readonly type: 'moveTopic';
      readonly topicId: TopicId;
      /** Place the topic right after this one; `null` puts it first. */
      readonly afterId: TopicId | null;
    }
  | { readonly type: 'mergeTopics'; readonly intoId: TopicId; readonly fromId: TopicId }
  | {
      readonly type: 'linkNotesPage';
      readonly topicId: TopicId;
      readonly pageId: string;
      readonly url: string;
    }
  | { readonly type: 'importGame'; readonly result: GameImport };

/** Who changed a topic's status and when: carried by every status event, kept on the topic. */
interface StatusChange {
  readonly v: 2;
  readonly by: AccountId;
  readonly at: number;
}

/** Events are past tense and versioned; each carries every value `evolve` needs. */
export type BacklogEvent =
  | { readonly type: 'TopicAdded'; readonly v: 1; readonly topic: Topic }
  | {
      readonly type: 'TopicEdited';
      readonly v: 1;
      readonly topicId: TopicId;
      readonly title: string;
      readonly details: string;
    }
  | (StatusChange & {
      readonly type: 'TopicPlanned';
      readonly topicId: TopicId;
      readonly date: string;
    })
  | (StatusChange & { readonly type: 'TopicUnplanned'; readonly topicId: TopicId })
  | (StatusChange & { readonly type: 'TopicDiscussed'; readonly topicId: TopicId })
  | (StatusChange & {
      readonly type: 'TopicArchived';
      readonly topicId: TopicId;
      /** The status it had, given back by a restore. */
      readonly from: OpenStatus;
      readonly mergedInto?: TopicId;
      readonly unmerge?: UnmergeRecord;
    })
  | (StatusChange & {
      readonly type: 'TopicRestored';
      readonly topicId: TopicId;
      readonly status: OpenStatus;
    })
  | (StatusChange & {
      readonly type: 'TopicsUnmerged';
      /** A: gets back its score without B's, its sources without B's, and its own state. */
      readonly intoId: TopicId;
      /** B: back to the status it had before the merge. */
      readonly fromId: TopicId;
      readonly status: OpenStatus;
      readonly score: number;
      readonly sources: readonly TopicSource[];
      readonly details: string;
      readonly lead?: AccountId;
      readonly dropLead: boolean;
      readonly rankKey: string;
    })
  | {
      readonly type: 'LeadVolunteered';
      readonly v: 1;
      readonly topicId: TopicId;
      readonly accountId: AccountId;
    }
  | {
      readonly type: 'LeadWithdrawn';
      readonly v: 1;
      readonly topicId: TopicId;
      readonly accountId: AccountId;
    }
  | {
      readonly type: 'TopicMoved';
      readonly v: 1;
      readonly topicId: TopicId;
      readonly rankKey: string;
    }
  | {
      readonly type: 'TopicsMerged';
      readonly v: 1;
      readonly intoId: TopicId;
      readonly fromId: TopicId;
      readonly score: number;
      readonly sources: readonly TopicSource[];
      readonly details: string;
      readonly lead?: AccountId;
      readonly rankKey: string;
    }
  | {
      readonly type: 'NotesPageLinked';
      readonly v: 1;
      readonly topicId: TopicId;
      readonly notesPage: NotesPageLink;
    };

export type BacklogErrorCode =
  | 'NOT_FACILITATOR'
  | 'NOT_CURATOR'
  | 'BACKLOG_FULL'
  | 'TOO_MANY_TOPICS'
  | 'NOT_MERGED'
  | 'MERGED_TOPIC'
  | 'NOT_AUTHOR'
  | 'UNKNOWN_TOPIC'
  | 'TOPIC_EXISTS'
  | 'INVALID_TOPIC_ID'
  | 'TITLE_EMPTY'
  | 'TITLE_TOO_LONG'
  | 'DETAILS_TOO_LONG'
  | 'INVALID_SCORE'
  | 'INVALID_TRANSITION'
  | 'INVALID_DATE'
  | 'LEAD_TAKEN'
  | 'NOT_LEAD'
  | 'TOPIC_CLOSED'
  | 'CANNOT_MERGE_SELF'
  | 'CANNOT_MOVE_AFTER_SELF'
  | 'RANK_COLLISION'
  | 'INVALID_LINK'
  | 'INVALID_IMPORT';
