/** The content of a session-notes page (DESIGN §1.4), independent of how it is rendered. */
import type { AbsenceReason } from '../community/answers';

/** An Atlassian accountId. Rendered as a user mention; ids that look unsafe are not rendered. */
export type AccountId = string;

export type SessionKind = 'thirty-five' | 'lean-coffee' | 'deep-dive';

/** A to-do from the session; rendered as a Confluence task assigned to `owner`. */
export interface ActionItem {
  readonly text: string;
  readonly owner?: AccountId;
  /** `YYYY-MM-DD`; rendered as a due date when valid, as plain text otherwise. */
  readonly due?: string;
}

/** A breakout group's topic or question and what it came back with. */
export interface Breakout {
  readonly title: string;
  readonly notes: string;
}

/** One person's check-in answer, as the deep-dive notes list it. */
export interface CheckInAnswer {
  readonly who: AccountId;
  readonly answer: string;
}

/**
 * A note written together. `alsoWritten` holds versions written at the same moment that nobody
 * merged: the page keeps them rather than dropping anyone's words.
 */
export interface SharedNote {
  readonly text: string;
  readonly alsoWritten?: readonly string[];
}

/** A deep dive's breakout group: who sat in it and the notes they wrote. */
export interface BreakoutGroup {
  readonly name: string;
  readonly members: readonly AccountId[];
  readonly notes: readonly SharedNote[];
}

/**
 * What a deep dive adds to the common notes: the lead when a guest speaker, the topic's details,
 * the lead's outline and breakout questions, the check-in answers, the breakout groups with their
 * members and notes, and the notes of the plenary conversation. Every field is optional: a section
 * appears on the page only when it has content.
 */
export interface DeepDiveDetails {
  /** A guest speaker who led the topic (plain text); a member lead is `topic.lead`. */
  readonly guestLead?: string;
  readonly details?: string;
  readonly outline?: string;
  readonly questions?: readonly string[];
  /** In the order given. */
  readonly checkInAnswers?: readonly CheckInAnswer[];
  /** How many people passed at the check-in. */
  readonly checkInPasses?: number;
  /** Rendered instead of `breakouts` when given. */
  readonly groups?: readonly BreakoutGroup[];
  readonly conversationNotes?: readonly SharedNote[];
}

/** One row of the Thirty Five ranking. */
export interface ThirtyFiveRow {
  readonly rank: number;
  readonly text: string;
  /** Points per round; `null` where the card missed a rating (a bye, an unconfirmed pair). */
  readonly perRound: readonly (number | null)[];
  readonly raw: number;
  /** Mean × rounds, the figure cards are ranked by. */
  readonly normalised: number;
}

export interface ThirtyFiveResults {
  readonly rounds: number;
  readonly pointsPerPair: number;
  /** Best first. */
  readonly ranking: readonly ThirtyFiveRow[];
  /** The tie-break rule, as one sentence (the same words the game shows). */
  readonly tieBreakRule: string;
}

/** One Lean Coffee topic as it went in the meeting. */
export interface LeanCoffeeRow {
  readonly title: string;
  readonly votes: number;
  /** Minutes actually spent; 0 for a topic that was not reached. */
  readonly minutesSpent: number;
  readonly takeaways: readonly string[];
}

export interface LeanCoffeeResults {
  /** In discussion order, then the undiscussed ones. */
  readonly topics: readonly LeanCoffeeRow[];
}

/**
 * A link to a Confluence page (the page the session ran on): by URL when `url` is given, else a
 * storage-format page link by content id (`<ri:page ri:content-id>`), which Confluence resolves to
 * wherever the page lives.
 */
export interface PageLink {
  readonly pageId: string;
  readonly url?: string;
  readonly title?: string;
}

/** Someone who answered *not this time* for the session's date: the reason's category only. */
export interface Absentee {
  readonly accountId: AccountId;
  /** The category from the short list (the free-text note is never put on a page). */
  readonly reason?: AbsenceReason;
}

interface CommonNotes {
  readonly copName: string;
  /** `YYYY-MM-DD`. */
  readonly date: string;
  readonly facilitator: AccountId;
  readonly attendees: readonly AccountId[];
  /** Who answered *not this time* for this date (none, or absent: no such row on the page). */
  readonly absentees?: readonly Absentee[];
  readonly topic: { readonly title: string; readonly lead?: AccountId };
  readonly checkIn: string;
  readonly breakouts: readonly Breakout[];
  readonly conversation: string;
  readonly takeaways: readonly string[];
  readonly actionItems: readonly ActionItem[];
  /** The next backlog topic and who volunteered to prepare it, if any. */
  readonly nextTopic?: { readonly title: string; readonly volunteer?: AccountId };
  /** The page where the session ran. */
  readonly source?: PageLink;
}

/** Notes of one session; the game's result section depends on `kind`. */
export type NotesModel = CommonNotes &
  (
    | { readonly kind: 'thirty-five'; readonly thirtyFive: ThirtyFiveResults }
    | { readonly kind: 'lean-coffee'; readonly leanCoffee: LeanCoffeeResults }
    | { readonly kind: 'deep-dive'; readonly deepDive?: DeepDiveDetails }
  );
