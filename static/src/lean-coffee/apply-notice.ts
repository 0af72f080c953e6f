/**
 * Lean Coffee's notice rule (issue 13): a pure `(view, notice) → verdict` for the live feed
 * (static/src/live-feed.ts). A participant's notice keeps the board's version.
 * - Dots placed while tallies are hidden change nothing another screen shows (their number and
 *   place are the voter's), so those screens need no read.
 * - A topic (proposing), a takeaway or an action item (discussing, wrap-up) added, edited or
 *   deleted by its author comes whole in the notice (src/contract/notices.ts). It is applied
 *   **only when the notice is signed by the backend for this board** (`signedBy`,
 *   static/src/notice-trust.ts) — anyone who sees the page can publish on its channel — and only
 *   when the screen can rebuild exactly what a read shows: the list is re-sorted with the server's
 *   own order (`byProposed`, `byAdded`), the topics' won't-fit marks are worked out again as the
 *   server does (`wontFit`), and names no longer on screen are dropped, as a read's list leaves
 *   them out. It reads instead when anything is uncertain: the phase does not fit, the
 *   author's or owner's name is not in `view.names`, the item's topic is not shown as discussed,
 *   a per-person or per-board cap is reached (which records a read keeps past a cap is fixed by
 *   ids this screen may not hold, and a deletion there may bring a hidden one back), a record
 *   listed without its `addedAt`, or a record whose author or topic changed under the same id.
 * - An unsigned, forged, altered or other board's record, a thumb, or anything else reads, at most
 *   once a window, as it always did. Transitions carry no change: a newer version reads
 *   (jittered).
 */
import type { LeanCoffeeView } from '../../../src/contract/lean-coffee';
import { parseLeanCoffeeChange, type LeanCoffeeChange } from '../../../src/contract/notices';
import {
  LC_ACTION_ITEMS_PER_PERSON,
  LC_SHOWN_ACTION_ITEMS_MAX,
  LC_SHOWN_TAKEAWAYS_MAX,
  LC_TAKEAWAYS_PER_PERSON,
  LC_TOPICS_PER_PERSON,
} from '../../../src/domain/lean-coffee/caps';
import type { BoardCard } from '../../../src/domain/lean-coffee/projections';
import { own } from '../../../src/domain/lean-coffee/records';
import { byAdded, type ActionItem, type Takeaway } from '../../../src/domain/lean-coffee/takeaways';
import { wontFit } from '../../../src/domain/lean-coffee/timebox';
import { byProposed, type Topic } from '../../../src/domain/lean-coffee/topics';
import { KNOWN, REFETCH, TRANSITION, type ApplyNotice, type Verdict } from '../live-feed';
import { signedBy } from '../notice-trust';

const tallyHidden = (view: LeanCoffeeView): boolean =>
  [
    ...view.board.toDiscuss,
    ...(view.board.discussing ? [view.board.discussing] : []),
    ...view.board.done,
  ].every((card) => card.votes === null);

const apply = (data: LeanCoffeeView): Verdict<LeanCoffeeView> => ({ kind: 'apply', data });

const hasName = (view: LeanCoffeeView, accountId: string): boolean =>
  own(view.names, accountId) !== undefined;

const countBy = (records: readonly { readonly author: string }[], author: string): number =>
  records.filter((record) => record.author === author).length;

/**
 * The view with `names` cut to the people it shows, as the server's read asks for them
 * (src/services/lean-coffee.ts `boardView`): the facilitator, the viewer, every card's author,
 * every takeaway's author, every action item's author and owner.
 */
function withNamesShown(view: LeanCoffeeView): LeanCoffeeView {
  const { board } = view;
  const shown = new Set([
    view.facilitator,
    view.viewer,
    ...[...board.toDiscuss, ...(board.discussing ? [board.discussing] : []), ...board.done].map(
      (card) => card.topic.author,
    ),
    ...view.takeaways.map((takeaway) => takeaway.author),
    ...view.actionItems.flatMap((item) =>
      item.owner === null ? [item.author] : [item.author, item.owner],
    ),
  ]);
  const names = Object.fromEntries(Object.entries(view.names).filter(([id]) => shown.has(id)));
  return { ...view, names };
}

/** Topics while proposing: the only column, in proposal order, with won't-fit marks. */
function applyTopic(
  view: LeanCoffeeView,
  change: Extract<LeanCoffeeChange, { t: 'topic' }>,
): Verdict<LeanCoffeeView> {
  const { board } = view;
  if (view.phase !== 'proposing' || board.discussing !== null || board.done.length > 0) {
    return REFETCH;
  }
  const cards = board.toDiscuss;
  const topics = cards.map((card) => card.topic);
  let next: Topic[];
  if ('gone' in change) {
    const shown = topics.find((topic) => topic.id === change.id);
    if (shown === undefined) return KNOWN;
    // At the cap, a read may show one of this author's topics kept out until now.
    if (countBy(topics, shown.author) >= LC_TOPICS_PER_PERSON) return REFETCH;
    next = topics.filter((topic) => topic.id !== change.id);
  } else {
    const { topic } = change;
    if (!hasName(view, topic.author)) return REFETCH;
    const shown = topics.find((t) => t.id === topic.id);
    if (shown === undefined) {
      if (countBy(topics, topic.author) >= LC_TOPICS_PER_PERSON) return REFETCH;
      next = [...topics, topic];
    } else {
      if (shown.author !== topic.author || shown.proposedAt !== topic.proposedAt) return REFETCH;
      next = topics.map((t) => (t.id === topic.id ? topic : t));
    }
  }
  next.sort(byProposed);
  // As `board` (src/domain/lean-coffee/projections.ts) shows a topic while proposing: no votes yet
  // (hidden, or 0), no time spent, won't-fit against what is left of the meeting at `view.now`.
  const unfit = new Set(wontFit(next, 0, view.meeting.remainingMs));
  const toDiscuss = next.map((topic): BoardCard => ({
    topic,
    votes: view.settings.hiddenTallies ? null : 0,
    myDots: own(view.dots.allocation, topic.id) ?? 0,
    wontFit: unfit.has(topic.id),
    spentMs: 0,
  }));
  return apply(withNamesShown({ ...view, board: { ...board, toDiscuss } }));
}

/** Whether takeaways and action items can be listed for `topicId`: it runs or ran on this screen. */
const discussedHere = (view: LeanCoffeeView, topicId: string): boolean =>
  (view.phase === 'discussing' || view.phase === 'wrap-up') &&
  (view.board.discussing?.topic.id === topicId ||
    view.board.done.some((card) => card.topic.id === topicId));

interface Listed {
  readonly id: string;
  readonly topicId: string;
  readonly author: string;
  readonly addedAt?: number;
}

/**
 * A takeaway or action item list after a carried change, in the order a read lists it (`byAdded`),
 * `read` when this screen cannot know it, `known` for a deletion it never showed.
 */
function listAfter<T extends Listed>(
  view: LeanCoffeeView,
  list: readonly T[],
  change: { readonly id: string; readonly gone: true } | { readonly record: T },
  caps: { readonly perPerson: number; readonly shown: number },
): T[] | 'read' | 'known' {
  if (view.phase !== 'discussing' && view.phase !== 'wrap-up') return 'read';
  // A record listed without `addedAt` is ordered by its write instant, which no notice carries.
  if (list.some((item) => item.addedAt === undefined)) return 'read';
  const atCap = (author: string) =>
    countBy(list, author) >= caps.perPerson || list.length >= caps.shown;
  if ('gone' in change) {
    const shown = list.find((item) => item.id === change.id);
    if (shown === undefined) return 'known';
    return atCap(shown.author) ? 'read' : list.filter((item) => item.id !== change.id);
  }
  const { record } = change;
  if (!discussedHere(view, record.topicId)) return 'read';
  const shown = list.find((item) => item.id === record.id);
  if (shown === undefined) {
    return atCap(record.author) ? 'read' : [...list, record].sort(byAdded);
  }
  if (
    shown.author !== record.author ||
    shown.topicId !== record.topicId ||
    shown.addedAt !== record.addedAt
  ) {
    return 'read';
  }
  return list.map((item) => (item.id === record.id ? record : item));
}

function applyTakeaway(
  view: LeanCoffeeView,
  change: Extract<LeanCoffeeChange, { t: 'takeaway' }>,
): Verdict<LeanCoffeeView> {
  if (!('gone' in change) && !hasName(view, change.takeaway.author)) return REFETCH;
  const takeaways = listAfter<Takeaway>(
    view,
    view.takeaways,
    'gone' in change ? change : { record: change.takeaway },
    { perPerson: LC_TAKEAWAYS_PER_PERSON, shown: LC_SHOWN_TAKEAWAYS_MAX },
  );
  if (takeaways === 'read') return REFETCH;
  if (takeaways === 'known') return KNOWN;
  return apply(withNamesShown({ ...view, takeaways }));
}

function applyAction(
  view: LeanCoffeeView,
  change: Extract<LeanCoffeeChange, { t: 'action' }>,
): Verdict<LeanCoffeeView> {
  if (!('gone' in change)) {
    const { author, owner } = change.action;
    if (!hasName(view, author) || (owner !== null && !hasName(view, owner))) return REFETCH;
  }
  const actionItems = listAfter<ActionItem>(
    view,
    view.actionItems,
    'gone' in change ? change : { record: change.action },
    { perPerson: LC_ACTION_ITEMS_PER_PERSON, shown: LC_SHOWN_ACTION_ITEMS_MAX },
  );
  if (actionItems === 'read') return REFETCH;
  if (actionItems === 'known') return KNOWN;
  return apply(withNamesShown({ ...view, actionItems }));
}

export const applyLeanCoffeeNotice: ApplyNotice<LeanCoffeeView | null> = (view, notice) => {
  if (view === null) return notice.version > 0 ? TRANSITION : REFETCH;
  if (notice.version > view.version) return TRANSITION;
  const change = notice.change === undefined ? null : parseLeanCoffeeChange(notice.change);
  if (change === null) return notice.change === undefined ? KNOWN : REFETCH;
  if (notice.version < view.version) return KNOWN;
  switch (change.t) {
    case 'dots':
      if (change.by === view.viewer) return REFETCH;
      return view.phase === 'voting' && tallyHidden(view) ? KNOWN : REFETCH;
    case 'record':
      return REFETCH;
    case 'topic':
    case 'takeaway':
    case 'action':
      // Text is trusted only from the backend, for this board.
      if (!signedBy(notice, view.noticeKey)) return REFETCH;
      {
        // The names the signed notice carries count as names this screen has (a read would
        // bring them); `withNamesShown` keeps only the people the view then shows.
        const named =
          notice.names === undefined
            ? view
            : { ...view, names: { ...view.names, ...notice.names } };
        if (change.t === 'topic') return applyTopic(named, change);
        return change.t === 'takeaway' ? applyTakeaway(named, change) : applyAction(named, change);
      }
    default: {
      const unexpected: never = change;
      return unexpected;
    }
  }
};
