import { assertNever } from '../result';
import {
  currentTallies,
  currentTopic,
  liveTopic,
  liveTopicIds,
  liveTopics,
  thumbKey,
} from './game';
import type { Discussion, LeanCoffeeState } from './model';
import { orderTopics } from './ordering';
import { liveValues, own } from './records';
import { byAdded, type ActionItem, type Takeaway } from './takeaways';
import type { Countdown, Thumb, ThumbCounts, ThumbsOutcome } from './timebox';
import {
  countdown,
  countThumbs,
  MINUTE_MS,
  THUMBS_WINDOW_MS,
  thumbsOutcome,
  wontFit,
} from './timebox';
import type { Topic } from './topics';
import type { Allocation } from './voting';
import { dotsLeft, effectiveAllocation, votesOf } from './voting';

/**
 * The tallies a viewer may see: `null` while proposing or voting when the tallies are hidden (for
 * everyone, the facilitator included); the running tallies while voting when visible; the frozen
 * tallies once voting has closed.
 */
export function visibleTallies(state: LeanCoffeeState): Readonly<Record<string, number>> | null {
  const isOpen = state.phase.kind === 'proposing' || state.phase.kind === 'voting';
  return isOpen && state.settings.hiddenTallies ? null : currentTallies(state);
}

/** A participant's own dots: always visible to them, whatever the tally setting. */
export interface ParticipantDots {
  /** Dots per live topic; dots on a merged-away topic show on the topic it went into. */
  readonly allocation: Allocation;
  readonly used: number;
  readonly left: number;
}

/** The participant's current allocation, the dots used and the dots left (N − used, ≥ 0). */
export function participantDots(state: LeanCoffeeState, participant: string): ParticipantDots {
  const raw = own(state.allocations, participant)?.allocation ?? {};
  const allocation = effectiveAllocation(raw, state.mergedInto, liveTopicIds(state));
  return {
    allocation,
    used: Object.values(allocation).reduce((sum, dots) => sum + dots, 0),
    left: dotsLeft(raw, state.settings),
  };
}

/**
 * Topics still to discuss, in the order shown. Proposing: proposal order. Voting: by votes when
 * tallies are visible, else proposal order (so the order leaks nothing). After close: the
 * discussion queue, facilitator's reordering included. Wrap-up and after: none.
 */
export function topicsToDiscuss(state: LeanCoffeeState): Topic[] {
  switch (state.phase.kind) {
    case 'proposing':
      return liveTopics(state);
    case 'voting':
      return state.settings.hiddenTallies
        ? liveTopics(state)
        : orderTopics(liveTopics(state), currentTallies(state)).flatMap(topicIn(state));
    case 'discussing':
      return state.queue.flatMap(topicIn(state));
    case 'wrap-up':
    case 'ended':
      return [];
    default:
      return assertNever(state.phase);
  }
}

const topicIn =
  (state: LeanCoffeeState) =>
  (topicId: string): Topic[] => {
    const topic = liveTopic(state, topicId);
    return topic === undefined ? [] : [topic];
  };

/** The running topic's countdown, from its stored start and end instants and the server's `now`. */
export interface TopicCountdown extends Countdown {
  readonly topicId: string;
  readonly round: number;
}

/** The countdown of the running round, or `null` when no topic is running. */
export function topicCountdown(state: LeanCoffeeState, now: number): TopicCountdown | null {
  const current = currentTopic(state);
  return current === null
    ? null
    : {
        topicId: current.topicId,
        round: current.round,
        ...countdown(current.roundStartedAt, current.endsAt, now),
      };
}

/**
 * The meeting timebox: from the creation instant for the meeting minutes. After the meeting has
 * ended the clock stays where it stopped.
 */
export function meetingClock(state: LeanCoffeeState, now: number): Countdown {
  const startedAt = state.meetingStartedAt;
  return countdown(
    startedAt,
    startedAt + state.settings.meetingMinutes * MINUTE_MS,
    state.endedAt ?? now,
  );
}

/**
 * The topics still to discuss that cannot fit in what is left of the meeting: in the order shown,
 * after the running topic's remaining time, a topic whose cumulative requested minutes end after
 * the meeting does is marked.
 */
export function wontFitTopics(state: LeanCoffeeState, now: number): string[] {
  return wontFit(
    topicsToDiscuss(state),
    topicCountdown(state, now)?.remainingMs ?? 0,
    meetingClock(state, now).remainingMs,
  );
}

/** The thumbs vote on the running topic as screens show it. */
export interface ThumbsRound {
  readonly topicId: string;
  readonly round: number;
  /** True from the round's expiry until it is resolved. */
  readonly isOpen: boolean;
  /** From this instant anyone, not only the facilitator, may close the vote. */
  readonly closableByAnyoneAt: number;
  readonly counts: ThumbCounts;
  /** What closing now would decide. */
  readonly outcome: ThumbsOutcome;
  readonly myThumb: Thumb | null;
}

/**
 * The thumbs round of the running topic: counts so far (one thumb per participant, their latest),
 * the outcome closing now would give, and the viewer's own thumb. `null` when no topic is running.
 */
export function thumbsRound(
  state: LeanCoffeeState,
  now: number,
  viewer: string,
): ThumbsRound | null {
  const current = currentTopic(state);
  if (current === null) {
    return null;
  }
  const counts = countThumbs(
    Object.values(state.thumbs)
      .filter((record) => record.topicId === current.topicId && record.round === current.round)
      .map((record) => record.thumb),
  );
  return {
    topicId: current.topicId,
    round: current.round,
    isOpen: now >= current.endsAt,
    closableByAnyoneAt: current.endsAt + THUMBS_WINDOW_MS,
    counts,
    outcome: thumbsOutcome(counts),
    myThumb: own(state.thumbs, thumbKey(current.topicId, current.round, viewer))?.thumb ?? null,
  };
}

/** Milliseconds spent on a topic: from its start to its finish, or to `now` while it runs; 0 if never started. */
export function timeSpentMs(state: LeanCoffeeState, topicId: string, now: number): number {
  const discussion = state.discussions.find((d) => d.topicId === topicId);
  return discussion === undefined ? 0 : spent(discussion, now);
}

const spent = (discussion: Discussion, now: number): number =>
  Math.max(0, (discussion.finishedAt ?? now) - discussion.startedAt);

/** A topic card on the board. */
export interface BoardCard {
  readonly topic: Topic;
  /** `null` while tallies are hidden. */
  readonly votes: number | null;
  /** The viewer's own dots on it, always visible to them. */
  readonly myDots: number;
  readonly wontFit: boolean;
  readonly spentMs: number;
}

/** The board: To discuss / Discussing / Done. */
export interface Board {
  readonly toDiscuss: readonly BoardCard[];
  readonly discussing: (BoardCard & { readonly countdown: TopicCountdown }) | null;
  readonly done: readonly BoardCard[];
}

/**
 * The three columns a viewer sees at `now`: topics still to discuss (in the order shown, with
 * won't-fit marks), the running topic with its countdown, and the finished topics in the order
 * they were discussed. Votes are hidden when the tallies are; the viewer's own dots never are.
 */
export function board(state: LeanCoffeeState, now: number, viewer: string): Board {
  const tallies = visibleTallies(state);
  const mine = participantDots(state, viewer).allocation;
  const unfit = new Set(wontFitTopics(state, now));
  const card = (topic: Topic): BoardCard => ({
    topic,
    votes: tallies === null ? null : votesOf(tallies, topic.id),
    myDots: own(mine, topic.id) ?? 0,
    wontFit: unfit.has(topic.id),
    spentMs: timeSpentMs(state, topic.id, now),
  });
  const running = topicCountdown(state, now);
  const runningTopic = running === null ? undefined : liveTopic(state, running.topicId);
  return {
    toDiscuss: topicsToDiscuss(state).map(card),
    discussing:
      running === null || runningTopic === undefined
        ? null
        : { ...card(runningTopic), countdown: running },
    done: state.discussions
      .filter((discussion) => discussion.finishedAt !== null)
      .flatMap((discussion) => topicIn(state)(discussion.topicId))
      .map(card),
  };
}

/** A topic headed for the backlog at wrap-up. */
export interface WrapUpItem {
  readonly topic: Topic;
  readonly votes: number;
}

/**
 * The topics never discussed, with their votes, to send to the backlog: fixed when wrap-up starts;
 * while discussing, what wrap-up would send now; before voting closes, nothing.
 */
export function wrapUpList(state: LeanCoffeeState): WrapUpItem[] {
  const tallies = currentTallies(state);
  const items =
    state.undiscussed ??
    (state.phase.kind === 'discussing'
      ? state.queue.map((topicId) => ({ topicId, votes: votesOf(tallies, topicId) }))
      : []);
  return items.flatMap((item) =>
    topicIn(state)(item.topicId).map((topic) => ({ topic, votes: item.votes })),
  );
}

/** One topic as the notes page reports it. */
export interface TopicSummary {
  readonly topic: Topic;
  readonly status: 'discussed' | 'discussing' | 'undiscussed';
  readonly votes: number;
  readonly spentMs: number;
  readonly extensions: number;
  readonly takeaways: readonly Takeaway[];
  readonly actionItems: readonly ActionItem[];
}

/**
 * Every topic for the notes page: discussed topics in the order they were discussed, then the
 * rest in the order shown, each with votes, time actually spent (sum of its discussed span),
 * extensions, takeaways and action items (in the order they were added, ties by id, so the page
 * reads as the meeting went and is stable).
 */
export function topicSummaries(state: LeanCoffeeState, now: number): TopicSummary[] {
  const tallies = currentTallies(state);
  const takeaways = liveValues(state.takeaways).sort(byAdded);
  const actionItems = liveValues(state.actionItems).sort(byAdded);
  const started = new Set(state.discussions.map((discussion) => discussion.topicId));
  const summary = (
    topic: Topic,
    status: TopicSummary['status'],
    discussion?: Discussion,
  ): TopicSummary => ({
    topic,
    status,
    votes: votesOf(tallies, topic.id),
    spentMs: discussion === undefined ? 0 : spent(discussion, now),
    extensions: discussion?.extensions ?? 0,
    takeaways: takeaways.filter((takeaway) => takeaway.topicId === topic.id),
    actionItems: actionItems.filter((item) => item.topicId === topic.id),
  });
  const discussed = state.discussions.flatMap((discussion) =>
    topicIn(state)(discussion.topicId).map((topic) =>
      summary(topic, discussion.finishedAt === null ? 'discussing' : 'discussed', discussion),
    ),
  );
  const rest = (
    state.undiscussed?.flatMap((item) => topicIn(state)(item.topicId)) ?? topicsToDiscuss(state)
  )
    .filter((topic) => !started.has(topic.id))
    .map((topic) => summary(topic, 'undiscussed'));
  return [...discussed, ...rest];
}
