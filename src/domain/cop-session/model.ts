import type { Stamped } from '../lean-coffee/records';
import type { AgendaStep, StepKind, StepRun } from './agenda';
import type { ActionItem, Takeaway } from './contributions';
import type { GroupPlan } from './grouping';
import type { CheckInPrompt, CheckInPromptInput, Lead, SessionTopic, TopicInput } from './setup';
import type { NoteBoard, NoteRevision, Seen } from './shared-notes';

/**
 * The phases of a deep dive: `setup → <the agenda's steps, in the order chosen> → ended`. While a
 * step runs, `index` is its position in the agenda and the last entry of `runs` is its clock.
 */
export type SessionPhase =
  | { readonly kind: 'setup' }
  | { readonly kind: StepKind; readonly index: number }
  | { readonly kind: 'ended' };

/** The name of a phase, as used in the legality table. */
export type PhaseKind = SessionPhase['kind'];

/** Every phase, in the article's order. */
export const PHASE_KINDS: readonly PhaseKind[] = [
  'setup',
  'check-in',
  'introduction',
  'breakouts',
  'readout',
  'plenary',
  'takeaways',
  'ended',
];

/** Presence as one source last set it: a join or leave (own record), an add or remove (log). */
export interface PresenceMark {
  readonly isPresent: boolean;
  readonly at: number;
}

/** A check-in answer (one line), or a pass (`answer: null`): one record per person. */
export interface CheckInRecord {
  readonly participant: string;
  readonly answer: string | null;
  readonly at: number;
}

/** The breakout groups as formed (members present then; late joiners are placed by projection). */
export interface FormedGroups {
  /** Group 1 first. */
  readonly groups: readonly (readonly string[])[];
  readonly plan: GroupPlan;
  readonly seed: string;
  /** Previous-breakout pairs that could not be kept apart (the least possible). */
  readonly repeats: number;
  readonly at: number;
}

/**
 * The whole state of one deep dive, folded from its events. Participant records (presence by
 * join/leave, check-in answers, note revisions, takeaways, action items) are last-writer-wins maps
 * that fold the same in any order and whatever log events they interleave with; the set-up, the
 * clock, the groups and the facilitator's additions come from the facilitator's ordered log.
 */
export interface CopSessionState {
  readonly phase: SessionPhase;
  /** Who created the session (from the creation event); `null` before it. */
  readonly facilitator: string | null;
  readonly createdAt: number | null;
  readonly topic: SessionTopic | null;
  readonly lead: Lead;
  readonly agenda: readonly AgendaStep[];
  readonly prompt: CheckInPrompt;
  readonly groupPlan: GroupPlan;
  readonly startedAt: number | null;
  readonly endedAt: number | null;
  /** Every time a step ran, in order; the last one is running while a step is the phase. */
  readonly runs: readonly StepRun[];
  readonly groups: FormedGroups | null;
  /** accountId → their own latest join or leave. */
  readonly selfPresence: Readonly<Record<string, PresenceMark>>;
  /** accountId → the facilitator's latest add or remove. */
  readonly addedPresence: Readonly<Record<string, PresenceMark>>;
  /** accountId → their check-in. */
  readonly checkIns: Readonly<Record<string, CheckInRecord>>;
  /** `revisionKey(board, noteId, editor)` → that editor's latest revision. */
  readonly notes: Readonly<Record<string, NoteRevision>>;
  /** `contributionKey(author, id)` → takeaway (`null` once deleted). */
  readonly takeaways: Readonly<Record<string, Stamped<Takeaway>>>;
  /** `contributionKey(author, id)` → action item (`null` once deleted). */
  readonly actionItems: Readonly<Record<string, Stamped<ActionItem>>>;
}

// ---- Events: past tense, versioned. ------------------------------------------------------------

export interface SessionCreated {
  readonly type: 'SessionCreated';
  readonly v: 1;
  readonly facilitator: string;
  readonly at: number;
}
export interface TopicSet {
  readonly type: 'TopicSet';
  readonly v: 1;
  readonly topic: SessionTopic;
  readonly at: number;
}
export interface LeadSet {
  readonly type: 'LeadSet';
  readonly v: 1;
  readonly lead: Lead;
  readonly at: number;
}
export interface AgendaSet {
  readonly type: 'AgendaSet';
  readonly v: 1;
  readonly agenda: readonly AgendaStep[];
  readonly at: number;
}
export interface CheckInPromptSet {
  readonly type: 'CheckInPromptSet';
  readonly v: 1;
  readonly prompt: CheckInPrompt;
  readonly at: number;
}
export interface GroupPlanSet {
  readonly type: 'GroupPlanSet';
  readonly v: 1;
  readonly plan: GroupPlan;
  readonly at: number;
}
/** The lead (or the facilitator) changed the outline or the breakout questions. */
export interface OutlineEdited {
  readonly type: 'OutlineEdited';
  readonly v: 1;
  readonly outline: string;
  readonly questions: readonly string[];
  readonly by: string;
  readonly at: number;
}
/** The facilitator added someone who is in the room without a device. */
export interface AttendeeAdded {
  readonly type: 'AttendeeAdded';
  readonly v: 1;
  readonly accountId: string;
  readonly by: string;
  readonly at: number;
}
/** The facilitator removed someone from the attendance (a mistaken addition). */
export interface AttendeeRemoved {
  readonly type: 'AttendeeRemoved';
  readonly v: 1;
  readonly accountId: string;
  readonly by: string;
  readonly at: number;
}
export interface SessionStarted {
  readonly type: 'SessionStarted';
  readonly v: 1;
  readonly at: number;
}
/** A step of the agenda starts (or resumes) now and ends at `endsAt`; the previous one ends now. */
export interface StepStarted {
  readonly type: 'StepStarted';
  readonly v: 1;
  readonly index: number;
  readonly step: StepKind;
  readonly isResumed: boolean;
  readonly at: number;
  readonly endsAt: number;
}
export interface StepExtended {
  readonly type: 'StepExtended';
  readonly v: 1;
  readonly index: number;
  readonly minutes: number;
  readonly at: number;
  readonly endsAt: number;
}
/** The breakout groups, as the seeded split made them (stored, so every replay agrees). */
export interface GroupsFormed {
  readonly type: 'GroupsFormed';
  readonly v: 1;
  readonly groups: readonly (readonly string[])[];
  readonly plan: GroupPlan;
  readonly seed: string;
  readonly repeats: number;
  readonly at: number;
}
export interface SessionEnded {
  readonly type: 'SessionEnded';
  readonly v: 1;
  readonly at: number;
}
export interface ParticipantJoined {
  readonly type: 'ParticipantJoined';
  readonly v: 1;
  readonly participant: string;
  readonly at: number;
}
export interface ParticipantLeft {
  readonly type: 'ParticipantLeft';
  readonly v: 1;
  readonly participant: string;
  readonly at: number;
}
/** A check-in answer, or a pass when `answer` is `null`. */
export interface CheckInAnswered {
  readonly type: 'CheckInAnswered';
  readonly v: 1;
  readonly participant: string;
  readonly answer: string | null;
  readonly at: number;
}
/** A note revision: the first of a new note, an edit, or (text `null`) a deletion. */
type NoteEvent<T extends string> = { readonly type: T; readonly v: 1 } & NoteRevision;
export type NoteAdded = NoteEvent<'NoteAdded'>;
export type NoteEdited = NoteEvent<'NoteEdited'>;
export type NoteDeleted = NoteEvent<'NoteDeleted'>;
export interface TakeawayAdded {
  readonly type: 'TakeawayAdded';
  readonly v: 1;
  readonly takeaway: Takeaway;
  readonly at: number;
}
/** The author changed their takeaway. */
export interface TakeawayEdited {
  readonly type: 'TakeawayEdited';
  readonly v: 1;
  readonly takeaway: Takeaway;
  readonly at: number;
}
/** The author deleted their takeaway. */
export interface TakeawayDeleted {
  readonly type: 'TakeawayDeleted';
  readonly v: 1;
  readonly author: string;
  readonly takeawayId: string;
  readonly at: number;
}
/** The facilitator changed (or, with `takeaway: null`, deleted) someone else's takeaway. */
export interface TakeawayModerated {
  readonly type: 'TakeawayModerated';
  readonly v: 1;
  readonly author: string;
  readonly takeawayId: string;
  readonly takeaway: Takeaway | null;
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
  readonly at: number;
}
export interface ActionItemDeleted {
  readonly type: 'ActionItemDeleted';
  readonly v: 1;
  readonly author: string;
  readonly actionItemId: string;
  readonly at: number;
}
/** The facilitator changed (or, with `actionItem: null`, deleted) someone else's action item. */
export interface ActionItemModerated {
  readonly type: 'ActionItemModerated';
  readonly v: 1;
  readonly author: string;
  readonly actionItemId: string;
  readonly actionItem: ActionItem | null;
  readonly by: string;
  readonly at: number;
}

/** Facts the facilitator's ordered log holds (compare-and-set on the game's version). */
export type LogEvent =
  | SessionCreated
  | TopicSet
  | LeadSet
  | AgendaSet
  | CheckInPromptSet
  | GroupPlanSet
  | OutlineEdited
  | AttendeeAdded
  | AttendeeRemoved
  | SessionStarted
  | StepStarted
  | StepExtended
  | GroupsFormed
  | SessionEnded
  | TakeawayModerated
  | ActionItemModerated;

/** Facts a participant writes under their own key (one record, overwritten). */
export type RecordEvent =
  | ParticipantJoined
  | ParticipantLeft
  | CheckInAnswered
  | NoteAdded
  | NoteEdited
  | NoteDeleted
  | TakeawayAdded
  | TakeawayEdited
  | TakeawayDeleted
  | ActionItemAdded
  | ActionItemEdited
  | ActionItemDeleted;

/** Every fact a deep dive records; its state is their fold. */
export type CopSessionEvent = LogEvent | RecordEvent;

/** The name of an event. */
export type EventType = CopSessionEvent['type'];

// ---- Commands: imperative. Ids of new things are generated by the service. ---------------------

export type CopSessionCommand =
  | { readonly type: 'setTopic'; readonly topic: TopicInput }
  | { readonly type: 'setLead'; readonly lead: Lead }
  | { readonly type: 'setAgenda'; readonly agenda: readonly AgendaStep[] }
  | { readonly type: 'setCheckInPrompt'; readonly prompt: CheckInPromptInput }
  | { readonly type: 'setGroupPlan'; readonly plan: GroupPlan }
  | {
      readonly type: 'editOutline';
      readonly outline?: string;
      readonly questions?: readonly string[];
    }
  | { readonly type: 'addAttendee'; readonly accountId: string }
  | { readonly type: 'removeAttendee'; readonly accountId: string }
  | { readonly type: 'start' }
  | { readonly type: 'next' }
  | { readonly type: 'back' }
  | { readonly type: 'extend'; readonly minutes: number }
  | { readonly type: 'regroup'; readonly plan?: GroupPlan }
  | { readonly type: 'end' }
  | { readonly type: 'join' }
  | { readonly type: 'leave' }
  | { readonly type: 'answerCheckIn'; readonly text: string }
  | { readonly type: 'passCheckIn' }
  | {
      readonly type: 'addNote';
      readonly board: NoteBoard;
      readonly noteId: string;
      readonly text: string;
    }
  | {
      readonly type: 'editNote';
      readonly board: NoteBoard;
      readonly noteId: string;
      readonly text: string;
      /** What the editor started from: a note view's `base`, or its `merged` after merging. */
      readonly seen: Seen;
    }
  | {
      readonly type: 'deleteNote';
      readonly board: NoteBoard;
      readonly noteId: string;
      readonly seen: Seen;
    }
  | { readonly type: 'addTakeaway'; readonly takeawayId: string; readonly text: string }
  | {
      readonly type: 'editTakeaway';
      readonly takeawayId: string;
      /** Whose takeaway; the actor's own when left out. */
      readonly author?: string;
      readonly text: string;
    }
  | { readonly type: 'deleteTakeaway'; readonly takeawayId: string; readonly author?: string }
  | {
      readonly type: 'addActionItem';
      readonly actionItemId: string;
      readonly text: string;
      readonly owner?: string | null;
      readonly due?: string | null;
    }
  | {
      readonly type: 'editActionItem';
      readonly actionItemId: string;
      readonly author?: string;
      readonly text?: string;
      /** `null` clears; left out keeps. */
      readonly owner?: string | null;
      /** `null` clears; left out keeps. */
      readonly due?: string | null;
    }
  | { readonly type: 'deleteActionItem'; readonly actionItemId: string; readonly author?: string };

/** The name of a command, as used in the legality table. */
export type CommandType = CopSessionCommand['type'];

/**
 * Who is acting and when, from the resolver context and the server; the seed for anything random
 * (breakout groups); the community's previous breakout, read from storage by the service (never
 * from a payload) for the commands `formsGroups` names.
 */
export interface CommandContext {
  readonly actor: string;
  readonly now: number;
  readonly isFacilitator: boolean;
  readonly seed: string;
  readonly previousGroups?: readonly (readonly string[])[];
}
