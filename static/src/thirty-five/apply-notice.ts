/**
 * Thirty Five's notice rule (issue 13): a pure `(view, notice) → verdict` the live feed runs on
 * every notice heard (static/src/live-feed.ts). A participant's notice (src/contract/notices.ts)
 * keeps the board's version and says who acted; when that is all this screen would show of it,
 * the view changes without a read:
 * - a new player (collecting): the card count and the roster grow (the facilitator's screen, which
 *   names everyone, reads instead: it needs the new name);
 * - a proposal or unlocked confirmation: nothing visible changes unless it is this screen's own
 *   pair (then it reads);
 * - a pair agreed: both leave "still to agree". The pair's own screens rebuild their lock from the
 *   proposal the notice names by its time (the numbers never travel), only when the backend signed
 *   the notice for this board (`signedBy`) and the screen shows that proposal still open; else
 *   they read. The facilitator's screen applies a lock only when it is signed, so a forged notice
 *   cannot make the next round look due.
 * Anything else — a version this screen has not seen, a round or phase it is not in, ids it does
 * not show where they should be — reads (a transition's read is jittered). A forged notice can thus
 * only move the counts above until the next read, and never the version.
 */
import { parseThirtyFiveChange, type ThirtyFiveChange } from '../../../src/contract/notices';
import type { ThirtyFiveStateView } from '../../../src/contract/thirty-five';
import {
  KNOWN,
  REFETCH,
  transitionAmong,
  type ApplyNotice,
  type Notice,
  type Verdict,
} from '../live-feed';
import { signedBy } from '../notice-trust';

/** The most players a game folds (src/domain/thirty-five/rules.ts MAX_PARTICIPANTS). */
const MAX_PLAYERS = 200;

/** Kinds of participant notices (src/services/thirty-five.ts `kindOf`). */
const PARTICIPANT_KINDS: ReadonlySet<string> = new Set(['card', 'split', 'ask']);

const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const apply = (data: ThirtyFiveStateView): Verdict<ThirtyFiveStateView> => ({
  kind: 'apply',
  data,
});

type Locked = Extract<ThirtyFiveChange, { t: 'locked' }>;

/**
 * The view's round progress and `canAdmit` once pair `a`–`b` (both still to agree) agrees, as a
 * read works them out; null when the screen cannot tell (then it reads). The round is between
 * rounds when every pair has agreed or lost a player: with nobody removed, exactly when nobody is
 * still to agree.
 */
function afterLock(
  view: ThirtyFiveStateView,
  a: string,
  b: string,
): Pick<ThirtyFiveStateView, 'progress' | 'canAdmit'> | null {
  const progress = view.progress;
  if (progress === null || progress.pairsConfirmed >= progress.pairsTotal) return null;
  if (!progress.missing.includes(a) || !progress.missing.includes(b)) return null;
  const missing = progress.missing.filter((p) => p !== a && p !== b);
  if (missing.length > 0 && view.removed.length > 0) return null;
  return {
    progress: { ...progress, pairsConfirmed: progress.pairsConfirmed + 1, missing },
    ...(view.canAdmit === undefined
      ? {}
      : { canAdmit: missing.length === 0 && view.canStartRound }),
  };
}

/**
 * My own pair agreed: the lock is the proposal the notice names (by its time), which this screen
 * holds — my own, or my partner's that I confirmed — so the numbers never travel. Only under the
 * backend's signature for this board, and only when the screen shows that very proposal still open
 * and the pair still to agree; anything else reads.
 */
function ownLock(
  view: ThirtyFiveStateView,
  notice: Notice,
  change: Locked,
): Verdict<ThirtyFiveStateView> {
  const { by, at, of } = change;
  const seat = view.view?.phase === 'round' ? view.view.seat : null;
  if (by === undefined || at === undefined || of === undefined) return REFETCH;
  if (view.view?.phase !== 'round' || seat?.kind !== 'pair' || seat.locked !== null) return REFETCH;
  const [a, b] = change.pair;
  if (seat.partner !== (a === view.me ? b : a)) return REFETCH;
  const iConfirmed = by === view.me;
  const proposal = iConfirmed ? seat.partnerRecord : seat.myRecord;
  const replaced = iConfirmed ? seat.myRecord : seat.partnerRecord;
  if (proposal?.kind !== 'proposed' || proposal.at !== of) return REFETCH;
  // The confirmation must be the confirmer's latest record, as a read folds them.
  if (replaced !== null && replaced.at >= at) return REFETCH;
  const agreed = afterLock(view, a, b);
  if (agreed === null || !signedBy(notice, view.noticeKey)) return REFETCH;
  const confirmation = { kind: 'confirmed', points: proposal.points, at } as const;
  return apply({
    ...view,
    step: 'wait-for-round',
    view: {
      ...view.view,
      seat: {
        ...seat,
        myRecord: iConfirmed ? confirmation : seat.myRecord,
        partnerRecord: iConfirmed ? seat.partnerRecord : confirmation,
        locked: proposal.points,
      },
    },
    ...agreed,
  });
}

export const applyThirtyFiveNotice: ApplyNotice<ThirtyFiveStateView> = (view, notice) => {
  // Every player's screen and the facilitator's read a transition: spread them by how many.
  if (notice.version > view.version) return transitionAmong(view.players.length + 1);
  const change = notice.change === undefined ? null : parseThirtyFiveChange(notice.change);
  if (change === null) {
    // A transition this screen already read, or a participant's change it cannot rebuild.
    return notice.version === view.version && PARTICIPANT_KINDS.has(notice.kind) ? REFETCH : KNOWN;
  }
  // A participant's write checked against an older version is in this screen's later read.
  if (notice.version < view.version) return KNOWN;
  switch (change.t) {
    case 'edited':
      // Nobody but the author sees a card's text (their own screen reads after their command).
      return view.phase === 'collecting' ? KNOWN : REFETCH;
    case 'card': {
      if (view.phase !== 'collecting' || view.view?.phase !== 'collecting') return REFETCH;
      if (view.players.includes(change.by)) return KNOWN;
      if (change.by === view.me || view.isFacilitator) return REFETCH;
      if (view.players.length >= MAX_PLAYERS) return REFETCH;
      const players = [...view.players, change.by].sort(byId);
      return apply({
        ...view,
        players,
        cardCount: players.length,
        view: { ...view.view, cardCount: players.length },
      });
    }
    case 'proposed':
    case 'confirmed': {
      const progress = view.progress;
      if (view.phase !== 'round' || progress === null || progress.round !== change.round) {
        return REFETCH;
      }
      if (change.by === view.me) return REFETCH;
      const seat = view.view?.phase === 'round' ? view.view.seat : null;
      if (seat?.kind === 'pair' && seat.partner === change.by) return REFETCH;
      // Someone this screen shows as agreed cannot still be proposing: read.
      return progress.missing.includes(change.by) ? KNOWN : REFETCH;
    }
    case 'locked': {
      const progress = view.progress;
      if (view.phase !== 'round' || progress === null || progress.round !== change.round) {
        return REFETCH;
      }
      const [a, b] = change.pair;
      if (a === view.me || b === view.me) return ownLock(view, notice, change);
      if (!progress.missing.includes(a) && !progress.missing.includes(b)) return KNOWN;
      const agreed = afterLock(view, a, b);
      if (agreed === null) return REFETCH;
      // The facilitator starts the next round from this count: only a lock the backend signed.
      if (view.isFacilitator && !signedBy(notice, view.noticeKey)) return REFETCH;
      return apply({ ...view, ...agreed });
    }
    default:
      return REFETCH;
  }
};
