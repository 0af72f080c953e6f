/**
 * The CoP Session's notice rule (issue 13): a pure `(view, notice) → verdict` the live feed runs
 * on every notice heard (static/src/live-feed.ts). A participant's notice (src/contract/notices.ts)
 * keeps the board's version; when what it says is all this screen would show of the change, the
 * view changes without a read:
 * - a join or a leave before the breakouts (no groups on this screen): the attendance grows or
 *   shrinks — only for someone whose name this screen already has, or whose name a signed notice
 *   carries (`names`, from the app's name cache; else it reads: the new name);
 * - a check-in by someone on this screen's attendance: "passed", or — from a signed notice only —
 *   the answer's text, next to the name the attendance already shows;
 * - a note on another breakout group's board while the breakouts run: nothing visible changes
 *   (a member sees only their own group until the readout);
 * - a note on a board this screen shows, from a signed notice carrying it sealed with that board's
 *   key (`noteKeys`, `./open-sealed-note.ts`): the board's notes as a read shows them, unless the
 *   screen shows a revision the writer had not read (a concurrent edit) or an unknown editor;
 * - the facilitator's move to the next step (or an extension) that changes only the phase and the
 *   clocks, from a signed notice one version after this screen's: the new phase, agenda and clocks
 *   as the server computed them, and what the viewer can do in that phase (`commandsIn`);
 * - a takeaway or an action item added, edited or deleted, only from a signed notice and with
 *   names this screen has or the notice carries: the list as a read shows it (the item as the
 *   state holds it after the change, in the order added).
 * A signed notice is one the backend signed for this board (`signedBy`, static/src/notice-trust.ts);
 * the facilitator's screen applies only those. Everything else reads: a note on a board this screen
 * shows that it cannot open, one's own join, leave or check-in, an unsigned answer, takeaway or action item, any
 * unsigned change on the facilitator's screen (it decides when to move on, so a forged notice must
 * not mislead it), a newer version (a transition: jittered), a phase the change does not fit. A
 * forged notice can thus at worst put a known name on (or off) a member's attendance, or mark a
 * shown person as passed, until the next read — never text, never the version, never anything on
 * the facilitator's screen.
 */
import type { CopSessionView } from '../../../src/contract/cop-session';
import { parseCopSessionChange, type CopSessionChange } from '../../../src/contract/notices';
import { noteKeyName, type SealedNote } from '../../../src/contract/sealed-note';
import { MAX_ATTENDEES, type Attendee } from '../../../src/domain/cop-session/attendance';
import {
  byAddedOrder,
  commandsIn,
  type CheckInEntry,
} from '../../../src/domain/cop-session/projections';
import { hasSeen, type NoteView } from '../../../src/domain/cop-session/shared-notes';
import { compareText } from '../../../src/domain/lean-coffee/records';
import {
  KNOWN,
  REFETCH,
  TRANSITION,
  type ApplyNotice,
  type Notice,
  type Verdict,
} from '../live-feed';
import { signedBy } from '../notice-trust';
import { openSealedNote } from './open-sealed-note';

/** Kinds of participant notices (src/services/cop-session.ts: the command's type). */
const PARTICIPANT_KINDS: ReadonlySet<string> = new Set([
  'join',
  'leave',
  'answerCheckIn',
  'passCheckIn',
  'addNote',
  'editNote',
  'deleteNote',
  'addTakeaway',
  'editTakeaway',
  'deleteTakeaway',
  'addActionItem',
  'editActionItem',
  'deleteActionItem',
]);

/**
 * Kinds announced after work that may leave the version as it was (the end's follow-ups, run
 * again by `createNotes`): the notes page link appears only through a read.
 */
const AFTER_KINDS: ReadonlySet<string> = new Set(['end', 'createNotes']);

/** Phases before the breakouts, where no screen shows groups. */
const BEFORE_GROUPS: ReadonlySet<string> = new Set(['setup', 'check-in', 'introduction']);

const byArrival = (a: Attendee, b: Attendee): number =>
  a.arrivedAt - b.arrivedAt || compareText(a.accountId, b.accountId);

const byWritten = (a: CheckInEntry, b: CheckInEntry): number =>
  a.at - b.at || compareText(a.accountId, b.accountId);

const withView = (
  v: CopSessionView,
  patch: Partial<CopSessionView['view']>,
): Verdict<CopSessionView> => ({ kind: 'apply', data: { ...v, view: { ...v.view, ...patch } } });

/** The attendance can change on this screen without a read: no groups shown or held. */
const attendanceOnly = (v: CopSessionView): boolean =>
  BEFORE_GROUPS.has(v.view.phase) && v.view.groups.length === 0 && v.view.myGroup === null;

/**
 * The view with the names a signed notice carries (`names`, covered by its signature) added to
 * the ones it has: a read would name the people the change puts on screen. An unsigned notice's
 * names are not looked at.
 */
function withCarriedNames(v: CopSessionView, notice: Notice): CopSessionView {
  if (notice.names === undefined || !signedBy(notice, v.noticeKey)) return v;
  return { ...v, names: { ...v.names, ...notice.names } };
}

const named = (v: CopSessionView, who: string): boolean => Object.hasOwn(v.names, who);

/** A signed takeaway or action item: the list as a read would show it, or a read for a new name. */
function contribution(
  v: CopSessionView,
  change: Extract<CopSessionChange, { t: 'takeaway' | 'action' }>,
): Verdict<CopSessionView> {
  const people = change.item === null ? [] : [change.item.author];
  if (change.t === 'action' && change.item?.owner != null) people.push(change.item.owner);
  if (people.some((who) => !named(v, who))) return REFETCH; // a name this screen has not got
  const others = <T extends { readonly author: string; readonly id: string }>(list: readonly T[]) =>
    list.filter((x) => x.author !== change.author || x.id !== change.id);
  if (change.t === 'takeaway') {
    const rest = others(v.view.takeaways);
    const list = change.item === null ? rest : [...rest, change.item].sort(byAddedOrder);
    return withView(v, { takeaways: list });
  }
  const rest = others(v.view.actionItems);
  const list = change.item === null ? rest : [...rest, change.item].sort(byAddedOrder);
  return withView(v, { actionItems: list });
}

const byStarted = (a: NoteView, b: NoteView): number =>
  a.createdAt - b.createdAt || compareText(a.noteId, b.noteId);

/**
 * A sealed note on a board this screen shows: the board's notes as a read shows them — unless
 * the note on screen holds a revision the box's writer had not read (a concurrent edit: only a
 * read shows both), or a group note names an editor this screen has no name for.
 */
function placeNote(
  v: CopSessionView,
  board: number | 'plenary',
  sealed: SealedNote,
): Verdict<CopSessionView> {
  const group = board === 'plenary' ? undefined : v.view.groups.find((g) => g.number === board);
  const list = board === 'plenary' ? v.view.plenaryNotes : group?.notes;
  if (list === undefined) return REFETCH;
  const here = list.find((note) => note.noteId === sealed.noteId);
  if (here !== undefined && !hasSeen(sealed.merged, here.merged)) return REFETCH;
  if (group !== undefined && sealed.note !== null && !named(v, sealed.note.editedBy)) {
    return REFETCH; // a name this screen has not got
  }
  const rest = list.filter((note) => note.noteId !== sealed.noteId);
  const notes = sealed.note === null ? rest : [...rest, sealed.note].sort(byStarted);
  if (group === undefined) return withView(v, { plenaryNotes: notes });
  return withView(v, {
    groups: v.view.groups.map((g) => (g.number === board ? { ...g, notes } : g)),
  });
}

/**
 * The facilitator's next transition, when its signed notice carries a step move (`stepChange` in
 * src/services/cop-session-notice.ts: only the phase and the clocks changed): the view at the new
 * version, with what the viewer can do in the new phase; null when it does not (then it reads).
 */
function stepped(v: CopSessionView, notice: Notice): Verdict<CopSessionView> | null {
  if (notice.version !== v.version + 1 || notice.change === undefined) return null;
  const change = parseCopSessionChange(notice.change);
  if (change?.t !== 'step' || !signedBy(notice, v.noticeKey)) return null;
  if (v.view.phase === 'setup' || v.view.phase === 'ended') return null;
  const { view } = v;
  const canDo = commandsIn(change.phase, {
    isFacilitator: v.isFacilitator,
    isLead: v.isLead,
    isPresent: view.isPresent,
    joinedSelf:
      view.isPresent && view.attendance.some((a) => a.accountId === v.viewer && a.via !== 'added'),
  });
  const { phase, agenda, step, meeting } = change;
  return {
    kind: 'apply',
    data: {
      ...v,
      version: notice.version,
      now: change.now,
      view: { ...view, phase, agenda, step, meeting, canDo },
    },
  };
}

export const applyCopSessionNotice: ApplyNotice<CopSessionView | null> = (v, notice) => {
  if (v === null) return notice.version > 0 ? TRANSITION : REFETCH;
  const moved = stepped(v, notice);
  if (moved !== null) return moved;
  if (notice.version > v.version) return TRANSITION;
  const change = notice.change === undefined ? null : parseCopSessionChange(notice.change);
  if (change === null) {
    // A transition this screen already read, or a participant's change it cannot rebuild.
    if (notice.version !== v.version) return KNOWN;
    if (AFTER_KINDS.has(notice.kind)) return TRANSITION;
    return PARTICIPANT_KINDS.has(notice.kind) ? REFETCH : KNOWN;
  }
  // A participant's write checked against an older version is in this screen's later read.
  if (notice.version < v.version) return KNOWN;
  const { view } = v;
  switch (change.t) {
    case 'record':
      return REFETCH;
    case 'step':
      return KNOWN; // the transition at the version this screen shows
    case 'takeaway':
    case 'action':
      return signedBy(notice, v.noticeKey)
        ? contribution(withCarriedNames(v, notice), change)
        : REFETCH;
    case 'note': {
      const shown =
        change.board === 'plenary' ||
        change.board === view.myGroup ||
        view.groups.some((g) => g.number === change.board);
      if (!shown) {
        // A member sees only their own group during the breakouts: nothing here changes.
        return !v.isFacilitator && view.phase === 'breakouts' ? KNOWN : REFETCH;
      }
      if (change.sealed === undefined || !signedBy(notice, v.noticeKey)) return REFETCH;
      // A view from before sealed notes has no keys.
      const keys: Readonly<Record<string, string>> = v.noteKeys ?? {};
      const name = noteKeyName(change.board);
      const key = Object.hasOwn(keys, name) ? keys[name] : undefined;
      const opened = openSealedNote(key, change.sealed, change.board);
      return opened === null ? REFETCH : placeNote(v, change.board, opened);
    }
    case 'joined': {
      const here = view.attendance.find((a) => a.accountId === change.by);
      if (here?.via === 'joined' && here.arrivedAt === change.at) return KNOWN;
      if (v.isFacilitator || change.by === v.viewer || !attendanceOnly(v)) return REFETCH;
      const n = withCarriedNames(v, notice);
      if (!named(n, change.by)) return REFETCH; // a name this screen has not got
      if (here === undefined) {
        if (view.attendance.length >= MAX_ATTENDEES) return REFETCH;
        const joined: Attendee = { accountId: change.by, via: 'joined', arrivedAt: change.at };
        return withView(n, { attendance: [...view.attendance, joined].sort(byArrival) });
      }
      if (here.via !== 'added') return REFETCH;
      const both: Attendee = {
        accountId: change.by,
        via: 'both',
        arrivedAt: Math.min(here.arrivedAt, change.at),
      };
      return withView(v, {
        attendance: view.attendance
          .map((a) => (a.accountId === change.by ? both : a))
          .sort(byArrival),
      });
    }
    case 'left': {
      const here = view.attendance.find((a) => a.accountId === change.by);
      if (here === undefined) return KNOWN;
      if (v.isFacilitator || change.by === v.viewer || !attendanceOnly(v)) return REFETCH;
      // Someone also added by the facilitator may stay present: only a read says.
      if (here.via !== 'joined' || change.at < here.arrivedAt) return REFETCH;
      return withView(v, {
        attendance: view.attendance.filter((a) => a.accountId !== change.by),
      });
    }
    case 'checkin': {
      const { checkIn } = view;
      const entry = checkIn.answers.find((e) => e.accountId === change.by);
      if (entry?.at === change.at && (entry.answer === null) === change.pass) return KNOWN;
      if (change.by === v.viewer || view.phase !== 'check-in') return REFETCH;
      // An answer's text, and anything on the facilitator's screen, only from a signed notice.
      const signed = signedBy(notice, v.noticeKey);
      if (v.isFacilitator && !signed) return REFETCH;
      const answer = change.pass ? null : signed ? change.answer : undefined;
      if (answer === undefined) return REFETCH; // the answer's text
      // Only someone this screen shows on the attendance (a check-in needs one to be there): the
      // check-in shows them under the name the attendance already shows, as a read would.
      if (!view.attendance.some((a) => a.accountId === change.by)) return REFETCH;
      if (entry !== undefined && entry.at > change.at) return REFETCH;
      const written: CheckInEntry = { accountId: change.by, answer, at: change.at };
      const answers = [...checkIn.answers.filter((e) => e.accountId !== change.by), written].sort(
        byWritten,
      );
      return withView(v, {
        checkIn: {
          ...checkIn,
          answers,
          passes: answers.filter((e) => e.answer === null).length,
        },
      });
    }
    default:
      return REFETCH;
  }
};
