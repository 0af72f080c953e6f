/**
 * What a notice carries (`ChangeNotice.change`) when it carries the change itself, per game
 * (issue 13). The backend fills it in (the games' `noticeOf`); each screen applies it to its view
 * without a read when it can (static/src/<game>/apply-notice.ts), else reads.
 *
 * Notices are readable — and forgeable — by anyone who can see the page (`realtime.publish` from
 * the browser). So:
 * - an unsigned change holds **only what every viewer already sees** and never user text: no card
 *   text, no card id, nobody's split points, nobody's dots or thumb: only WHO acted (an account id
 *   every viewer's screen shows anyway: players, people still to agree) and the round;
 * - a Lean Coffee topic, takeaway or action item, and a CoP Session takeaway or action item (add,
 *   edit, delete) is carried whole, text included, and a screen applies it **only when the notice
 *   is signed** by the backend for its
 *   board (`static/src/notice-trust.ts` `signedBy`, `src/services/notice-signing.ts`). Reading it
 *   is no leak: every viewer of the board is shown exactly that record by a read (topics while
 *   proposing, takeaways and action items while discussing and in wrap-up: the same for every
 *   viewer, no per-viewer field). Forging it gets nowhere: a forged, altered, replayed-to-another-
 *   board or unsigned one is read instead (at most one read a window), as before. The parse below
 *   still checks every field as the domain bounds it (ids, account ids, lengths), so even a signed
 *   notice never puts on screen what the rules could not have accepted;
 * - a participant's notice keeps the board's version (own-key writes do not bump it), so applying
 *   one never moves a screen to a version the server did not issue;
 * - transitions (facilitator commands) carry no change: screens read.
 * A forged unsigned change can at worst make a screen show a wrong count of players or of agreed
 * pairs until its next read (the next real transition, a refused command, or the reconciliation
 * read ≤ 90 s later). See SECURITY.md.
 */

import {
  CHECK_IN_MAX,
  ACTION_MAX as SESSION_ACTION_MAX,
  TAKEAWAY_MAX as SESSION_TAKEAWAY_MAX,
  type ActionItem as SessionActionItem,
  type Takeaway as SessionTakeaway,
} from '../domain/cop-session/contributions';
import {
  NOTE_MAX,
  type ConcurrentEdit,
  type NoteView,
  type Seen,
} from '../domain/cop-session/shared-notes';
import { STEP_KINDS, STEP_LABELS, type StepKind } from '../domain/cop-session/agenda';
import type { AgendaItem, MeetingClock, StepClock } from '../domain/cop-session/projections';
import { validateId } from '../domain/cop-session/text-rules';
import type { ActionItem, Takeaway } from '../domain/lean-coffee/takeaways';
import { ACTION_MAX, TAKEAWAY_MAX } from '../domain/lean-coffee/takeaways';
import type { Topic } from '../domain/lean-coffee/topics';
import {
  DETAILS_MAX,
  ID_MAX,
  TITLE_MAX,
  TOPIC_MINUTES,
  textLength,
} from '../domain/lean-coffee/topics';
import { isIsoDate } from '../domain/text';
import { SEALED_NOTE, type SealedNote } from './sealed-note';

/** Account ids as Atlassian issues them (and as the emulator's synthetic ones look). */
export const NOTICE_ACCOUNT = /^[A-Za-z0-9:_-]{1,128}$/;

/** Thirty Five: what a participant's own-key write changed. */
export type ThirtyFiveChange =
  /** A first card: `by` joins the roster (which every screen's count, and the facilitator, show). */
  | { readonly t: 'card'; readonly by: string; readonly first: true }
  /** A card edited: nobody else sees the text, so not even who edited it is said. */
  | { readonly t: 'edited' }
  /** A proposal (its numbers stay with the pair): only the partner's screen needs to read. */
  | { readonly t: 'proposed'; readonly round: number; readonly by: string }
  /** A confirmation that did not lock the pair (it raced a new proposal). */
  | { readonly t: 'confirmed'; readonly round: number; readonly by: string }
  /**
   * A pair agreed (`pair` sorted): both leave "still to agree"; the lock's numbers stay private.
   * `by` confirmed at `at` the proposal its partner made at `of`: the pair's own screens, which
   * hold that proposal, rebuild the lock from it (only under the backend's signature).
   */
  | {
      readonly t: 'locked';
      readonly round: number;
      readonly pair: readonly [string, string];
      readonly by?: string;
      readonly at?: number;
      readonly of?: number;
    };

/** Lean Coffee: what a participant's own-key write changed. */
export type LeanCoffeeChange =
  /** Someone placed their dots (how many and where stays theirs while tallies are hidden). */
  | { readonly t: 'dots'; readonly by: string }
  /** A topic proposed or edited by its author (proposing): the topic as every screen shows it. */
  | { readonly t: 'topic'; readonly topic: Topic }
  /** A topic its author deleted. */
  | { readonly t: 'topic'; readonly id: string; readonly gone: true }
  /** A takeaway added or edited by its author: as every screen lists it. */
  | { readonly t: 'takeaway'; readonly takeaway: Takeaway & { readonly addedAt: number } }
  /** A takeaway its author deleted. */
  | { readonly t: 'takeaway'; readonly id: string; readonly gone: true }
  /** An action item added or edited by its author: as every screen lists it. */
  | { readonly t: 'action'; readonly action: ActionItem & { readonly addedAt: number } }
  /** An action item its author deleted. */
  | { readonly t: 'action'; readonly id: string; readonly gone: true }
  /** Another record (a thumb; or one the notice cannot carry): screens read. */
  | { readonly t: 'record' };

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const isAccount = (v: unknown): v is string => typeof v === 'string' && NOTICE_ACCOUNT.test(v);

/** A server clock reading (milliseconds since the epoch). */
const isInstant = (v: unknown): v is number =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

const isRound = (v: unknown): v is number =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= 1 && v <= 1000;

/** A Thirty Five change from an untrusted notice, or null (then the screen reads). */
export function parseThirtyFiveChange(v: unknown): ThirtyFiveChange | null {
  if (!isRecord(v)) return null;
  switch (v.t) {
    case 'card':
      return isAccount(v.by) && v.first === true ? { t: 'card', by: v.by, first: true } : null;
    case 'edited':
      return { t: 'edited' };
    case 'proposed':
    case 'confirmed':
      return isAccount(v.by) && isRound(v.round) ? { t: v.t, round: v.round, by: v.by } : null;
    case 'locked': {
      const pair = v.pair;
      if (!Array.isArray(pair) || pair.length !== 2 || !isRound(v.round)) return null;
      const [a, b] = pair as unknown[];
      if (!isAccount(a) || !isAccount(b) || a === b) return null;
      const locked = { t: 'locked', round: v.round, pair: [a, b] } as const;
      if (v.by === undefined && v.at === undefined && v.of === undefined) return locked;
      // Who confirmed which proposal when: all three, the confirmer one of the pair.
      return (v.by === a || v.by === b) && isInstant(v.at) && isInstant(v.of)
        ? { ...locked, by: v.by, at: v.at, of: v.of }
        : null;
    }
    default:
      return null;
  }
}

/** An id as the service gives topics, takeaways and action items (`validateId`). */
const isId = (v: unknown): v is string =>
  typeof v === 'string' && v.length > 0 && v.length <= ID_MAX && v.trim() === v;

/** Text as the domain stores it: trimmed, `min`…`max` code points. */
const isText = (v: unknown, min: number, max: number): v is string =>
  typeof v === 'string' && v.trim() === v && textLength(v) >= min && textLength(v) <= max;

/** Only these keys, each present (`optional` ones may be absent). */
const hasKeys = (
  v: Record<string, unknown>,
  keys: readonly string[],
  optional: readonly string[] = [],
) =>
  Object.keys(v).every((k) => keys.includes(k) || optional.includes(k)) &&
  keys.every((k) => Object.hasOwn(v, k));

function parseTopic(v: unknown): Topic | null {
  if (!isRecord(v) || !hasKeys(v, ['id', 'title', 'details', 'minutes', 'author', 'proposedAt'])) {
    return null;
  }
  const { id, title, details, minutes, author, proposedAt } = v;
  return isId(id) &&
    isText(title, 1, TITLE_MAX) &&
    isText(details, 0, DETAILS_MAX) &&
    typeof minutes === 'number' &&
    Number.isInteger(minutes) &&
    minutes >= TOPIC_MINUTES.min &&
    minutes <= TOPIC_MINUTES.max &&
    isAccount(author) &&
    isInstant(proposedAt)
    ? { id, title, details, minutes, author, proposedAt }
    : null;
}

function parseTakeaway(v: unknown): (Takeaway & { readonly addedAt: number }) | null {
  if (!isRecord(v) || !hasKeys(v, ['id', 'topicId', 'author', 'text', 'addedAt'])) return null;
  const { id, topicId, author, text, addedAt } = v;
  return isId(id) &&
    isId(topicId) &&
    isAccount(author) &&
    isText(text, 1, TAKEAWAY_MAX) &&
    isInstant(addedAt)
    ? { id, topicId, author, text, addedAt }
    : null;
}

function parseAction(v: unknown): (ActionItem & { readonly addedAt: number }) | null {
  if (
    !isRecord(v) ||
    !hasKeys(v, ['id', 'topicId', 'author', 'text', 'owner', 'addedAt'], ['due'])
  ) {
    return null;
  }
  const { id, topicId, author, text, owner, due, addedAt } = v;
  if (!isId(id) || !isId(topicId) || !isAccount(author) || !isText(text, 1, ACTION_MAX))
    return null;
  if (!(owner === null || isAccount(owner)) || !isInstant(addedAt)) return null;
  if (due !== undefined && !(typeof due === 'string' && isIsoDate(due))) return null;
  return due === undefined
    ? { id, topicId, author, text, owner, addedAt }
    : { id, topicId, author, text, owner, due, addedAt };
}

/** `{ t, id, gone: true }`: a deleted record, or null. */
const parseGone = (v: Record<string, unknown>): string | null =>
  hasKeys(v, ['t', 'id', 'gone']) && v.gone === true && isId(v.id) ? v.id : null;

/**
 * A Lean Coffee change from an untrusted notice, or null (then the screen reads). Records are
 * checked field by field as the domain bounds them, and rebuilt from the known fields only; a
 * key the server never sends makes the whole change null.
 */
export function parseLeanCoffeeChange(v: unknown): LeanCoffeeChange | null {
  if (!isRecord(v)) return null;
  switch (v.t) {
    case 'record':
      return { t: 'record' };
    case 'dots':
      return isAccount(v.by) ? { t: 'dots', by: v.by } : null;
    case 'topic': {
      if (Object.hasOwn(v, 'gone')) {
        const id = parseGone(v);
        return id === null ? null : { t: 'topic', id, gone: true };
      }
      const topic = hasKeys(v, ['t', 'topic']) ? parseTopic(v.topic) : null;
      return topic === null ? null : { t: 'topic', topic };
    }
    case 'takeaway': {
      if (Object.hasOwn(v, 'gone')) {
        const id = parseGone(v);
        return id === null ? null : { t: 'takeaway', id, gone: true };
      }
      const takeaway = hasKeys(v, ['t', 'takeaway']) ? parseTakeaway(v.takeaway) : null;
      return takeaway === null ? null : { t: 'takeaway', takeaway };
    }
    case 'action': {
      if (Object.hasOwn(v, 'gone')) {
        const id = parseGone(v);
        return id === null ? null : { t: 'action', id, gone: true };
      }
      const action = hasKeys(v, ['t', 'action']) ? parseAction(v.action) : null;
      return action === null ? null : { t: 'action', action };
    }
    default:
      return null;
  }
}

/**
 * CoP Session (deep dive): what a participant's own-key write changed: who joined, left or
 * checked in (every screen's attendance and check-in list show them by name), the instant the
 * server wrote it (the lists' order), whether a check-in was a pass, and which board a note
 * changed on (a breakout group's number, or the plenary). Text — a check-in answer, a takeaway,
 * an action item, which every screen of the session shows — only in a signed notice; a note's
 * text, id or author never in the clear (a member sees only their own group's notes until the
 * readout), only sealed with its board's key (`./sealed-note.ts`).
 */
export type CopSessionChange =
  /** Someone joined from their own device (`at`: their arrival, the attendance's order). */
  | { readonly t: 'joined'; readonly by: string; readonly at: number }
  /** Someone left. */
  | { readonly t: 'left'; readonly by: string; readonly at: number }
  /**
   * A check-in: a pass (which screens show as "passed") or an answer, whose text (`answer`) a
   * screen applies only from a signed notice.
   */
  | {
      readonly t: 'checkin';
      readonly by: string;
      readonly at: number;
      readonly pass: boolean;
      readonly answer?: string;
    }
  /**
   * A note added, edited or deleted on one board. `sealed` (when the note fits): the note as a
   * read of that board shows it after the change, encrypted with the board's note key
   * (`./sealed-note.ts`), which only views that show the board hold; other screens ignore it or
   * read.
   */
  | { readonly t: 'note'; readonly board: number | 'plenary'; readonly sealed?: string }
  /** A takeaway or an action item, from a notice sent before they were carried: screens read. */
  | { readonly t: 'record' }
  /**
   * A facilitator's move to another step, or an extension, that changes nothing a screen shows
   * but the step and the clocks (no groups formed, none shown or hidden): the new phase, and the
   * agenda, step and meeting clocks as every read would compute them at `now`, the server's
   * clock then. A screen applies it only from a signed notice, one version after its own.
   */
  | {
      readonly t: 'step';
      readonly now: number;
      readonly phase: StepKind;
      readonly agenda: readonly AgendaItem[];
      readonly step: StepClock | null;
      readonly meeting: MeetingClock | null;
    }
  /**
   * A takeaway added or edited (`item`: as every screen lists it) or deleted (`item: null`), by
   * its author. Text: a screen applies it only from a notice the backend signed for its board
   * (static/src/notice-trust.ts); every viewer of the session is shown every takeaway.
   */
  | {
      readonly t: 'takeaway';
      readonly author: string;
      readonly id: string;
      readonly item: SessionTakeaway | null;
    }
  /** An action item added, edited or deleted by its author: as `takeaway`. */
  | {
      readonly t: 'action';
      readonly author: string;
      readonly id: string;
      readonly item: SessionActionItem | null;
    };

/** A breakout group's number as the rules give them (1…50), or the plenary's board. */
const isBoard = (v: unknown): v is number | 'plenary' =>
  v === 'plenary' || (typeof v === 'number' && Number.isSafeInteger(v) && v >= 1 && v <= 50);

/** A takeaway exactly as the view lists it (no other field), or null. */
function takeawayIn(v: unknown): SessionTakeaway | null {
  if (!isRecord(v) || Object.keys(v).length !== 4) return null;
  const { id, author, text, addedAt } = v;
  return typeof id === 'string' &&
    validateId(id).ok &&
    isAccount(author) &&
    isText(text, 1, SESSION_TAKEAWAY_MAX) &&
    isInstant(addedAt)
    ? { id, author, text, addedAt }
    : null;
}

/** An action item exactly as the view lists it (no other field), or null. */
function actionItemIn(v: unknown): SessionActionItem | null {
  if (!isRecord(v) || Object.keys(v).length !== 6) return null;
  const { id, author, text, owner, due, addedAt } = v;
  return typeof id === 'string' &&
    validateId(id).ok &&
    isAccount(author) &&
    isText(text, 1, SESSION_ACTION_MAX) &&
    (owner === null || isAccount(owner)) &&
    (due === null || (typeof due === 'string' && isIsoDate(due))) &&
    isInstant(addedAt)
    ? { id, author, text, owner, due, addedAt }
    : null;
}

/** A CoP Session change from an untrusted notice, or null (then the screen reads). */
export function parseCopSessionChange(v: unknown): CopSessionChange | null {
  if (!isRecord(v)) return null;
  switch (v.t) {
    case 'joined':
    case 'left':
      return isAccount(v.by) && isInstant(v.at) ? { t: v.t, by: v.by, at: v.at } : null;
    case 'checkin': {
      if (!isAccount(v.by) || !isInstant(v.at) || typeof v.pass !== 'boolean') return null;
      const checkin = { t: 'checkin', by: v.by, at: v.at, pass: v.pass } as const;
      if (v.answer === undefined) return checkin;
      // An answer's text: one line, as the domain keeps it; a pass has none.
      return !v.pass && isText(v.answer, 1, CHECK_IN_MAX) && !/[\r\n]/.test(v.answer)
        ? { ...checkin, answer: v.answer }
        : null;
    }
    case 'note':
      if (!isBoard(v.board)) return null;
      if (v.sealed === undefined) return { t: 'note', board: v.board };
      return typeof v.sealed === 'string' && SEALED_NOTE.test(v.sealed)
        ? { t: 'note', board: v.board, sealed: v.sealed }
        : null;
    case 'record':
      return { t: 'record' };
    case 'step':
      return stepIn(v);
    case 'takeaway':
    case 'action': {
      const { author, id } = v;
      if (!isAccount(author) || typeof id !== 'string' || !validateId(id).ok) return null;
      if (v.item === null) return { t: v.t, author, id, item: null };
      if (v.t === 'takeaway') {
        const item = takeawayIn(v.item);
        return item !== null && item.author === author && item.id === id
          ? { t: 'takeaway', author, id, item }
          : null;
      }
      const item = actionItemIn(v.item);
      return item !== null && item.author === author && item.id === id
        ? { t: 'action', author, id, item }
        : null;
    }
    default:
      return null;
  }
}

/** Most editors a sealed note's vectors name, and most concurrent edits it lists. */
const SEALED_EDITORS_MAX = 60;

/** A revision count (`seen`) as the rules give them. */
const isSeq = (v: unknown): v is number =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= 1 && v <= 100_000;

/** A version vector: account ids to revision counts, in the canonical (sorted) key order. */
function seenIn(v: unknown): Seen | null {
  if (!isRecord(v)) return null;
  const entries = Object.entries(v);
  if (entries.length > SEALED_EDITORS_MAX) return null;
  const out: Record<string, number> = {};
  for (const [who, n] of entries) {
    if (!isAccount(who) || !isSeq(n)) return null;
    out[who] = n;
  }
  return out;
}

const isNoteText = (v: unknown): v is string | null => v === null || isText(v, 1, NOTE_MAX);

function conflictIn(v: unknown): ConcurrentEdit | null {
  if (!isRecord(v) || !hasKeys(v, ['editor', 'text', 'at'])) return null;
  const { editor, text, at } = v;
  return isAccount(editor) && isNoteText(text) && isInstant(at) ? { editor, text, at } : null;
}

/** A note exactly as the view lists it on `board` (no other field), or null. */
function noteViewIn(v: unknown, board: number | 'plenary', noteId: string): NoteView | null {
  const fields = ['board', 'noteId', 'createdBy', 'createdAt', 'text', 'editedBy', 'editedAt'];
  if (!isRecord(v) || !hasKeys(v, [...fields, 'conflicts', 'base', 'merged'])) return null;
  const { createdBy, createdAt, text, editedBy, editedAt } = v;
  if (v.board !== board || v.noteId !== noteId || !isAccount(createdBy) || !isInstant(createdAt)) {
    return null;
  }
  if (!isNoteText(text) || !isAccount(editedBy) || !isInstant(editedAt)) return null;
  if (!Array.isArray(v.conflicts) || v.conflicts.length > SEALED_EDITORS_MAX) return null;
  const conflicts = (v.conflicts as unknown[]).map(conflictIn);
  const base = seenIn(v.base);
  const merged = seenIn(v.merged);
  if (conflicts.some((c) => c === null) || base === null || merged === null) return null;
  return {
    board,
    noteId,
    createdBy,
    createdAt,
    text,
    editedBy,
    editedAt,
    conflicts: conflicts as ConcurrentEdit[],
    base,
    merged,
  };
}

/**
 * A sealed note's contents (the JSON a box opened to) for `board`, or null when it is not exactly
 * one: then the screen reads. Opening proves the backend wrote it; this keeps a screen from
 * trusting its shape all the same.
 */
export function parseSealedNote(v: unknown, board: number | 'plenary'): SealedNote | null {
  if (!isRecord(v) || !hasKeys(v, ['noteId', 'merged', 'note'])) return null;
  const { noteId } = v;
  if (typeof noteId !== 'string' || !validateId(noteId).ok) return null;
  const merged = seenIn(v.merged);
  if (merged === null) return null;
  if (v.note === null) return { noteId, merged, note: null };
  const note = noteViewIn(v.note, board, noteId);
  return note === null ? null : { noteId, merged, note };
}

/** Most steps an agenda holds (`validateAgenda` allows far fewer; this only bounds the parse). */
const AGENDA_STEPS_MAX = 50;

const isStepKind = (v: unknown): v is StepKind =>
  typeof v === 'string' && (STEP_KINDS as readonly string[]).includes(v);

/** A span of time in milliseconds (a clock's figures). */
const isSpan = (v: unknown): v is number =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

const isInstantOrNull = (v: unknown): v is number | null => v === null || isInstant(v);

const STATUSES: ReadonlySet<unknown> = new Set(['upcoming', 'running', 'done', 'not reached']);

function agendaItemIn(v: unknown): AgendaItem | null {
  const fields = ['index', 'step', 'label', 'plannedMinutes', 'status', 'spentMs'];
  if (!isRecord(v) || !hasKeys(v, [...fields, 'startsAt', 'endsAt'])) return null;
  const { index, step, label, plannedMinutes, status, spentMs, startsAt, endsAt } = v;
  return isSpan(index) &&
    isStepKind(step) &&
    label === STEP_LABELS[step] &&
    isSpan(plannedMinutes) &&
    STATUSES.has(status) &&
    isSpan(spentMs) &&
    isInstantOrNull(startsAt) &&
    isInstantOrNull(endsAt)
    ? {
        index,
        step,
        label,
        plannedMinutes,
        status: status as AgendaItem['status'],
        spentMs,
        startsAt,
        endsAt,
      }
    : null;
}

function stepClockIn(v: unknown): StepClock | null {
  const fields = ['index', 'step', 'startedAt', 'endsAt', 'remainingMs', 'elapsedMs'];
  if (!isRecord(v) || !hasKeys(v, [...fields, 'fractionRemaining', 'isExpired'])) return null;
  const { index, step, startedAt, endsAt, remainingMs, elapsedMs, fractionRemaining, isExpired } =
    v;
  return isSpan(index) &&
    isStepKind(step) &&
    isInstant(startedAt) &&
    isInstant(endsAt) &&
    isSpan(remainingMs) &&
    isSpan(elapsedMs) &&
    typeof fractionRemaining === 'number' &&
    fractionRemaining >= 0 &&
    fractionRemaining <= 1 &&
    typeof isExpired === 'boolean'
    ? { index, step, startedAt, endsAt, remainingMs, elapsedMs, fractionRemaining, isExpired }
    : null;
}

function meetingClockIn(v: unknown): MeetingClock | null {
  const fields = ['startedAt', 'scheduledEndAt', 'remainingMs', 'isOver'];
  if (!isRecord(v) || !hasKeys(v, [...fields, 'projectedEndAt', 'behindMs'])) return null;
  const { startedAt, scheduledEndAt, remainingMs, isOver, projectedEndAt, behindMs } = v;
  return isInstant(startedAt) &&
    isInstant(scheduledEndAt) &&
    isSpan(remainingMs) &&
    typeof isOver === 'boolean' &&
    isInstant(projectedEndAt) &&
    isSpan(behindMs)
    ? { startedAt, scheduledEndAt, remainingMs, isOver, projectedEndAt, behindMs }
    : null;
}

/** A step change exactly as the server builds it (`stepChange`), or null. */
function stepIn(v: Record<string, unknown>): CopSessionChange | null {
  if (!hasKeys(v, ['t', 'now', 'phase', 'agenda', 'step', 'meeting'])) return null;
  if (!isInstant(v.now) || !isStepKind(v.phase)) return null;
  if (!Array.isArray(v.agenda) || v.agenda.length > AGENDA_STEPS_MAX) return null;
  const agenda = (v.agenda as unknown[]).map(agendaItemIn);
  const step = v.step === null ? null : stepClockIn(v.step);
  const meeting = v.meeting === null ? null : meetingClockIn(v.meeting);
  if (agenda.some((item) => item === null)) return null;
  if ((v.step !== null && step === null) || (v.meeting !== null && meeting === null)) return null;
  return {
    t: 'step',
    now: v.now,
    phase: v.phase,
    agenda: agenda as AgendaItem[],
    step,
    meeting,
  };
}
