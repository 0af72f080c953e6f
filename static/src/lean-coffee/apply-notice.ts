/**
 * Lean Coffee's notice rule (issue 13): a pure `(view, notice) → verdict` for the live feed
 * (static/src/live-feed.ts). A participant's notice keeps the board's version; only dots placed
 * while tallies are hidden change nothing another screen shows (their number and place are the
 * voter's), so those screens need no read. Topics, thumbs, takeaways and action items are not
 * carried (their text and the thumbs' counts are not in the notice): screens read, at most once a
 * window. Transitions carry no change: a newer version reads (jittered).
 */
import { parseLeanCoffeeChange } from '../../../src/contract/notices';
import type { LeanCoffeeView } from '../../../src/contract/lean-coffee';
import { KNOWN, REFETCH, TRANSITION, type ApplyNotice } from '../live-feed';

const tallyHidden = (view: LeanCoffeeView): boolean =>
  [
    ...view.board.toDiscuss,
    ...(view.board.discussing ? [view.board.discussing] : []),
    ...view.board.done,
  ].every((card) => card.votes === null);

export const applyLeanCoffeeNotice: ApplyNotice<LeanCoffeeView | null> = (view, notice) => {
  if (view === null) return notice.version > 0 ? TRANSITION : REFETCH;
  if (notice.version > view.version) return TRANSITION;
  const change = notice.change === undefined ? null : parseLeanCoffeeChange(notice.change);
  if (change === null) return notice.change === undefined ? KNOWN : REFETCH;
  if (notice.version < view.version) return KNOWN;
  if (change.t === 'dots' && change.by !== view.viewer) {
    return view.phase === 'voting' && tallyHidden(view) ? KNOWN : REFETCH;
  }
  return REFETCH;
};
