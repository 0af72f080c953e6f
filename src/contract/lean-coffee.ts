/**
 * Lean Coffee resolver contract: names, payloads and answers. Types only, so the UI imports it
 * without pulling any runtime code. Every resolver answers `ApiResult<T>`; identity and the board
 * (the macro's localId) come from the Forge context, never from a payload.
 *
 * Live updates: every accepted change publishes one notice on `changeChannel(localId)` with the
 * board's facilitator `version` and the command's name. Participant records (topics, dots, thumbs,
 * takeaways) do not change `version`. A participant's own command answers with their fresh board
 * (`ChangedWithState`), so their screen does not read it again.
 */
import type {
  ActionItem,
  Allocation,
  Board,
  Countdown,
  LeanCoffeeSettings,
  LeanCoffeeSettingsInput,
  PhaseKind,
  Takeaway,
  Thumb,
  ThumbsOutcome,
  ThumbsRound,
  WrapUpItem,
} from '../domain/lean-coffee';
import type { PastSession } from './board';
import type { ChangeNotice } from './channels';
import type { ApiError } from './result';

export const LEAN_COFFEE_RESOLVERS = {
  start: 'leanCoffee/start',
  state: 'leanCoffee/state',
  changeSettings: 'leanCoffee/changeSettings',
  proposeTopic: 'leanCoffee/proposeTopic',
  editTopic: 'leanCoffee/editTopic',
  deleteTopic: 'leanCoffee/deleteTopic',
  mergeTopics: 'leanCoffee/mergeTopics',
  openVoting: 'leanCoffee/openVoting',
  allocateDots: 'leanCoffee/allocateDots',
  closeVoting: 'leanCoffee/closeVoting',
  reorderTopics: 'leanCoffee/reorderTopics',
  startTopic: 'leanCoffee/startTopic',
  castThumb: 'leanCoffee/castThumb',
  closeThumbs: 'leanCoffee/closeThumbs',
  extendTopic: 'leanCoffee/extendTopic',
  nextTopic: 'leanCoffee/nextTopic',
  overrideTopic: 'leanCoffee/overrideTopic',
  addTakeaway: 'leanCoffee/addTakeaway',
  editTakeaway: 'leanCoffee/editTakeaway',
  deleteTakeaway: 'leanCoffee/deleteTakeaway',
  addActionItem: 'leanCoffee/addActionItem',
  editActionItem: 'leanCoffee/editActionItem',
  deleteActionItem: 'leanCoffee/deleteActionItem',
  startWrapUp: 'leanCoffee/startWrapUp',
  sendToBacklog: 'leanCoffee/sendToBacklog',
  endMeeting: 'leanCoffee/endMeeting',
  createNotes: 'leanCoffee/createNotes',
  newSession: 'leanCoffee/newSession',
} as const;

export type LeanCoffeeResolverName =
  (typeof LEAN_COFFEE_RESOLVERS)[keyof typeof LEAN_COFFEE_RESOLVERS];

// ---- Payloads ------------------------------------------------------------------------------

export type EmptyPayload = Record<string, never>;

import type { NoticeKey } from './notice-signature';

/**
 * Facilitator commands may name the board version the facilitator's screen showed: if the board
 * has moved on since (a first click already landed), the command answers CONFLICT and does nothing.
 */
export interface Seen {
  readonly version?: number;
}
export interface StartPayload {
  readonly settings?: LeanCoffeeSettingsInput;
}
export interface ChangeSettingsPayload extends Seen {
  readonly settings: LeanCoffeeSettingsInput;
}
export interface ProposeTopicPayload {
  readonly title: string;
  readonly details?: string;
  readonly minutes?: number;
}
export interface EditTopicPayload {
  readonly topicId: string;
  readonly title?: string;
  readonly details?: string;
  readonly minutes?: number;
}
export interface TopicPayload {
  readonly topicId: string;
}
/** `extendTopic` / `nextTopic`: the facilitator's decision on the running topic. */
export interface TopicStepPayload extends TopicPayload, Seen {}
export interface MergeTopicsPayload extends Seen {
  readonly intoId: string;
  readonly fromId: string;
  readonly title?: string;
}
export interface AllocateDotsPayload {
  /** topic id → dots; the whole allocation, replacing the previous one. */
  readonly allocation: Allocation;
}
export interface ReorderTopicsPayload extends Seen {
  readonly order: readonly string[];
}
export interface StartTopicPayload extends Seen {
  /** Absent: the first topic still to discuss. */
  readonly topicId?: string;
}
export interface CastThumbPayload {
  readonly topicId: string;
  readonly round: number;
  readonly thumb: Thumb;
}
export interface CloseThumbsPayload extends Seen {
  readonly topicId: string;
  readonly round: number;
}
export interface OverrideTopicPayload extends Seen {
  readonly topicId: string;
  readonly decision: ThumbsOutcome;
}
export interface AddTakeawayPayload {
  readonly topicId: string;
  readonly text: string;
}
export interface EditTakeawayPayload {
  readonly takeawayId: string;
  readonly text: string;
}
export interface TakeawayPayload {
  readonly takeawayId: string;
}
export interface AddActionItemPayload {
  readonly topicId: string;
  readonly text: string;
  readonly owner?: string | null;
  /** `YYYY-MM-DD`; absent or `null`: no due date. */
  readonly due?: string | null;
}
export interface EditActionItemPayload {
  readonly actionItemId: string;
  readonly text?: string;
  /** `null` clears the owner; absent keeps it. */
  readonly owner?: string | null;
}
export interface ActionItemPayload {
  readonly actionItemId: string;
}

// ---- Answers -------------------------------------------------------------------------------

/** Every accepted command answers the board's facilitator version after it. */
export interface Changed {
  readonly version: number;
}
/**
 * What a participant command answers (proposeTopic, editTopic, deleteTopic, allocateDots,
 * castThumb, addTakeaway, editTakeaway, deleteTakeaway, addActionItem, editActionItem,
 * deleteActionItem): the version and the caller's board right after the change, exactly what
 * `leanCoffee/state` would answer them at that moment (same type, same privacy), so the screen
 * shows it without a read (issue 13). A refused command answers its error, as before.
 */
export interface ChangedWithState extends Changed {
  readonly state: LeanCoffeeView;
  /** The notice this command published: the screen knows it as its own when it arrives. */
  readonly notice: ChangeNotice | null;
}
export interface TopicProposedAnswer extends ChangedWithState {
  readonly topicId: string;
}
export interface TakeawayAddedAnswer extends ChangedWithState {
  readonly takeawayId: string;
}
export interface ActionItemAddedAnswer extends ChangedWithState {
  readonly actionItemId: string;
}

/** Outcome of sending the undiscussed topics to the space's backlog. */
export type BacklogOutcome =
  | { readonly ok: true; readonly imported: number }
  | { readonly ok: false; readonly error: ApiError };

export interface WrapUpAnswer extends Changed {
  readonly backlog: BacklogOutcome;
}

export interface NotesPage {
  readonly pageId: string;
  readonly url: string;
  readonly title: string;
}

/** Outcome of creating the session-notes page (idempotent: a retry never makes a second page). */
export type NotesOutcome =
  | { readonly ok: true; readonly page: NotesPage }
  | { readonly ok: false; readonly error: ApiError };

export interface EndAnswer extends Changed {
  readonly notes: NotesOutcome;
}

/** A takeaway or action item as a viewer sees it. */
export type TakeawayView = Takeaway;
export type ActionItemView = ActionItem;

/** Everything a screen shows, computed on the server at `now` for the viewer. */
export interface LeanCoffeeView {
  readonly version: number;
  /** The server's clock when the view was made: clients offset their countdowns by it. */
  readonly now: number;
  readonly viewer: string;
  readonly phase: PhaseKind;
  readonly facilitator: string;
  readonly isFacilitator: boolean;
  readonly settings: LeanCoffeeSettings;
  /** To discuss / Discussing (with its countdown) / Done; votes `null` while tallies are hidden. */
  readonly board: Board;
  /** The viewer's own dots. */
  readonly dots: {
    readonly allocation: Allocation;
    readonly used: number;
    readonly left: number;
  };
  /** The meeting timebox. */
  readonly meeting: Countdown;
  /** The thumbs vote of the running topic; `null` when no topic runs. */
  readonly thumbs: ThumbsRound | null;
  readonly takeaways: readonly TakeawayView[];
  readonly actionItems: readonly ActionItemView[];
  /** What wrap-up sends (or sent) to the backlog. */
  readonly wrapUp: readonly WrapUpItem[];
  readonly endedAt: number | null;
  /** Display names of the people on screen, looked up now (never stored); missing ids: unknown. */
  readonly names: Readonly<Record<string, string>>;
  /** The session-notes page once the meeting has ended and the page exists; else `null`. */
  readonly notes: NotesPage | null;
  /** The macro's ended sessions, oldest first, with their notes links. */
  readonly sessions: readonly PastSession[];
  /** What this screen checks signed notices with (`static/src/notice-trust.ts`); `null`: none. */
  readonly noticeKey: NoticeKey | null;
}
