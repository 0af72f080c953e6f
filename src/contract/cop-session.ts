/**
 * CoP Session (deep dive) resolver contract: names, payloads and answers. Types only (plus the
 * name table), so the UI imports it without pulling any runtime code. Every resolver answers
 * `ApiResult<T>`; identity and the board (the macro instance on its page) come from the Forge
 * context, never from a payload.
 *
 * Live updates: every accepted change publishes one notice on `changeChannel(localId)` with the
 * board's facilitator `version` and the command's name. Participant records (joins, check-ins,
 * notes, takeaways, action items) do not change `version`; their notices carry what changed —
 * text only signed, a note only sealed for its board (`CopSessionChange` in ./notices.ts,
 * ./sealed-note.ts) — and screens read only for what they cannot rebuild from it
 * (static/src/cop-session/apply-notice.ts).
 */
import type {
  AgendaStep,
  CheckInPromptInput,
  GroupPlan,
  Lead,
  Seen as NoteSeen,
  SessionView,
  TopicInput,
} from '../domain/cop-session';
import type { NotesOutcome, NotesPage } from './lean-coffee';

export type { NotesOutcome, NotesPage } from './lean-coffee';

export const COP_SESSION_RESOLVERS = {
  state: 'copSession/state',
  /** Sets up a session in the macro: its first, or the next one after a session ended. */
  create: 'copSession/create',
  setTopic: 'copSession/setTopic',
  setLead: 'copSession/setLead',
  setAgenda: 'copSession/setAgenda',
  setCheckInPrompt: 'copSession/setCheckInPrompt',
  setGroupPlan: 'copSession/setGroupPlan',
  editOutline: 'copSession/editOutline',
  addAttendee: 'copSession/addAttendee',
  removeAttendee: 'copSession/removeAttendee',
  start: 'copSession/start',
  next: 'copSession/next',
  back: 'copSession/back',
  extend: 'copSession/extend',
  regroup: 'copSession/regroup',
  end: 'copSession/end',
  createNotes: 'copSession/createNotes',
  join: 'copSession/join',
  leave: 'copSession/leave',
  answerCheckIn: 'copSession/answerCheckIn',
  passCheckIn: 'copSession/passCheckIn',
  addNote: 'copSession/addNote',
  editNote: 'copSession/editNote',
  deleteNote: 'copSession/deleteNote',
  addTakeaway: 'copSession/addTakeaway',
  editTakeaway: 'copSession/editTakeaway',
  deleteTakeaway: 'copSession/deleteTakeaway',
  addActionItem: 'copSession/addActionItem',
  editActionItem: 'copSession/editActionItem',
  deleteActionItem: 'copSession/deleteActionItem',
} as const;

export type CopSessionResolverName =
  (typeof COP_SESSION_RESOLVERS)[keyof typeof COP_SESSION_RESOLVERS];

// ---- Payloads ------------------------------------------------------------------------------

import type { NoticeKey } from './notice-signature';

/**
 * Facilitator commands may name the board version the facilitator's screen showed: if the board
 * has moved on since (a first click already landed), the command answers CONFLICT and does nothing.
 */
export interface Seen {
  readonly version?: number;
}
export interface SetTopicPayload extends Seen {
  readonly topic: TopicInput;
}
export interface SetLeadPayload extends Seen {
  readonly lead: Lead;
}
export interface SetAgendaPayload extends Seen {
  readonly agenda: readonly AgendaStep[];
}
export interface SetCheckInPromptPayload extends Seen {
  readonly prompt: CheckInPromptInput;
}
export interface SetGroupPlanPayload extends Seen {
  readonly plan: GroupPlan;
}
export interface EditOutlinePayload extends Seen {
  readonly outline?: string;
  readonly questions?: readonly string[];
}
export interface AttendeePayload extends Seen {
  readonly accountId: string;
}
export interface ExtendPayload extends Seen {
  readonly minutes: number;
}
export interface RegroupPayload extends Seen {
  readonly plan?: GroupPlan;
}
export interface AnswerCheckInPayload {
  readonly text: string;
}
/** A note board: a breakout group's number, or `plenary`. */
export type NoteBoard = number | 'plenary';
export interface AddNotePayload {
  readonly board: NoteBoard;
  readonly text: string;
}
export interface EditNotePayload {
  readonly board: NoteBoard;
  readonly noteId: string;
  readonly text: string;
  /** The note view's `base` (or `merged` after merging the concurrent edits in). */
  readonly seen: NoteSeen;
}
export interface DeleteNotePayload {
  readonly board: NoteBoard;
  readonly noteId: string;
  readonly seen: NoteSeen;
}
export interface AddTakeawayPayload {
  readonly text: string;
}
export interface EditTakeawayPayload {
  readonly takeawayId: string;
  /** Whose takeaway; the caller's own when left out (someone else's: the facilitator only). */
  readonly author?: string;
  readonly text: string;
}
export interface TakeawayPayload {
  readonly takeawayId: string;
  readonly author?: string;
}
export interface AddActionItemPayload {
  readonly text: string;
  /** Any attendee, chosen by name in the UI; `null` or absent: nobody yet. */
  readonly owner?: string | null;
  /** `YYYY-MM-DD`, or `null`/absent for none. */
  readonly due?: string | null;
}
export interface EditActionItemPayload {
  readonly actionItemId: string;
  readonly author?: string;
  readonly text?: string;
  readonly owner?: string | null;
  readonly due?: string | null;
}
export interface ActionItemPayload {
  readonly actionItemId: string;
  readonly author?: string;
}

// ---- Answers -------------------------------------------------------------------------------

/** Every accepted command answers the board's facilitator version after it. */
export interface Changed {
  readonly version: number;
}
export interface NoteAddedAnswer extends Changed {
  readonly noteId: string;
}
export interface TakeawayAddedAnswer extends Changed {
  readonly takeawayId: string;
}
export interface ActionItemAddedAnswer extends Changed {
  readonly actionItemId: string;
}

/** What happened after the end, each step on its own (each can be retried with `createNotes`). */
export interface EndAnswer extends Changed {
  readonly notes: NotesOutcome;
  /** The backlog topic marked discussed and linked to the notes; `null` for a new title. */
  readonly backlog: { readonly ok: boolean; readonly message?: string } | null;
  /** The facilitator rotation passed to the next person (once per session). */
  readonly rotation: { readonly ok: boolean; readonly message?: string };
}

/** A session this macro ran before, with its notes page once it exists. */
export interface PastSession {
  readonly session: number;
  readonly title: string;
  readonly facilitator: string;
  readonly endedAt: number;
  readonly notes: NotesPage | null;
}

/** A backlog topic the set-up can choose. */
export interface TopicChoice {
  readonly id: string;
  readonly title: string;
  readonly details: string;
  readonly status: string;
  readonly plannedDate: string | null;
  /** The topic's volunteer lead, if any. */
  readonly lead: string | null;
}

/** The set-up's choices: backlog topics (the default first), and the people who can lead. */
export interface SetupChoices {
  readonly topics: readonly TopicChoice[];
  /** The backlog topic the set-up suggests: the one "Start a session" chose, else the next planned. */
  readonly suggestedTopicId: string | null;
  /** Members the facilitator may pick as lead: volunteers, the rotation, attendees. */
  readonly members: readonly string[];
  /** The built-in check-in prompts. */
  readonly prompts: readonly { readonly id: string; readonly text: string }[];
}

/** Everything a screen shows, computed on the server at `now` for the viewer. */
export interface CopSessionView {
  readonly version: number;
  /** The server's clock when the view was made: clients offset their countdowns by it. */
  readonly now: number;
  readonly viewer: string;
  /** The session number in this macro: 1, 2, … */
  readonly session: number;
  /** The backlog topic this session is about (the backlog's id); `null` for a new title. */
  readonly backlogTopicId: string | null;
  readonly isFacilitator: boolean;
  readonly isLead: boolean;
  readonly view: SessionView;
  /** The facilitator's choices (topics, people to add or pick as lead) until the end; else `null`. */
  readonly setup: SetupChoices | null;
  /** Earlier sessions of this macro, newest first, with their notes links. */
  readonly past: readonly PastSession[];
  /** This session's notes page once it has ended and the page exists; else `null`. */
  readonly notes: NotesPage | null;
  /** Display names of the people on screen, looked up now (never stored). */
  readonly names: Readonly<Record<string, string>>;
  /** What this screen checks signed notices with (`static/src/notice-trust.ts`); `null`: none. */
  readonly noticeKey: NoticeKey | null;
  /**
   * The keys of the note boards this view shows (`./sealed-note.ts`), by `noteKeyName`: the
   * viewer's own group during the breakouts (every group for the facilitator, and for everyone
   * from the readout on), and the plenary. A sealed note on another board cannot be opened here.
   */
  readonly noteKeys: Readonly<Record<string, string>>;
}
