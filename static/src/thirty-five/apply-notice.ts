/**
 * Thirty Five's notice rule (issue 13): a pure `(view, notice) → verdict` the live feed runs on
 * every notice heard (static/src/live-feed.ts). A participant's notice (src/contract/notices.ts)
 * keeps the board's version and says who acted; when that is all this screen would show of it,
 * the view changes without a read:
 * - a new player (collecting): the card count and the roster grow (the facilitator's screen, which
 *   names everyone, reads instead: it needs the new name);
 * - a proposal or unlocked confirmation: nothing visible changes unless it is this screen's own
 *   pair (then it reads);
 * - a pair agreed: both leave "still to agree" (the pair's own screens read: their lock's numbers;
 *   the facilitator's reads too, so a forged notice cannot make the next round look due).
 * Anything else — a version this screen has not seen, a round or phase it is not in, ids it does
 * not show where they should be — reads (a transition's read is jittered). A forged notice can thus
 * only move the counts above until the next read, and never the version.
 */
import { parseThirtyFiveChange } from '../../../src/contract/notices';
import type { ThirtyFiveStateView } from '../../../src/contract/thirty-five';
import { KNOWN, REFETCH, TRANSITION, type ApplyNotice, type Verdict } from '../live-feed';

/** The most players a game folds (src/domain/thirty-five/rules.ts MAX_PARTICIPANTS). */
const MAX_PLAYERS = 200;

/** Kinds of participant notices (src/services/thirty-five.ts `kindOf`). */
const PARTICIPANT_KINDS: ReadonlySet<string> = new Set(['card', 'split', 'ask']);

const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const apply = (data: ThirtyFiveStateView): Verdict<ThirtyFiveStateView> => ({
  kind: 'apply',
  data,
});

export const applyThirtyFiveNotice: ApplyNotice<ThirtyFiveStateView> = (view, notice) => {
  if (notice.version > view.version) return TRANSITION;
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
      if (a === view.me || b === view.me || view.isFacilitator) return REFETCH;
      const hasA = progress.missing.includes(a);
      const hasB = progress.missing.includes(b);
      if (!hasA && !hasB) return KNOWN;
      if (!hasA || !hasB || progress.pairsConfirmed >= progress.pairsTotal) return REFETCH;
      return apply({
        ...view,
        progress: {
          ...progress,
          pairsConfirmed: progress.pairsConfirmed + 1,
          missing: progress.missing.filter((p) => p !== a && p !== b),
        },
      });
    }
    default:
      return REFETCH;
  }
};
