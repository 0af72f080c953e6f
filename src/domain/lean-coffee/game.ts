import { assertNever, err, ok } from '../result';
import { LC_MERGED_DETAILS_MAX, LC_VOTE_TOPICS_MAX } from './caps';
import type { LeanCoffeeErrorCode, LeanCoffeeResult } from './errors';
import type {
  CommandContext,
  CommandType,
  CurrentTopic,
  LeanCoffeeCommand,
  LeanCoffeeCreated,
  LeanCoffeeEvent,
  LeanCoffeeState,
  PhaseKind,
  TopicFinished,
  TopicStarted,
} from './model';
import { orderTopics, validateReorder } from './ordering';
import { own, putLatest } from './records';
import type { LeanCoffeeSettingsInput } from './settings';
import { DEFAULT_SETTINGS, validateSettings } from './settings';
import { normaliseAction, normaliseDue, normaliseOwner, normaliseTakeaway } from './takeaways';
import type { ThumbsOutcome } from './timebox';
import {
  countThumbs,
  extensionMinutes,
  MINUTE_MS,
  THUMBS_WINDOW_MS,
  thumbsOutcome,
} from './timebox';
import type { Topic } from './topics';
import {
  byProposed,
  joinDetails,
  normaliseDetails,
  normaliseMinutes,
  normaliseTitle,
  textLength,
  validateId,
} from './topics';
import { tallyVotes, validateAllocation, votesOf } from './voting';

/**
 * Who may send a command: anyone; the facilitator only; or the author of the record it touches
 * and the facilitator (checked once the record is found).
 */
export type Who = 'anyone' | 'author' | 'facilitator';

/**
 * The legality table: in which phases each command is accepted, and by whom. `decide` checks it
 * before anything else, phase first (`WRONG_PHASE`), then role (`NOT_FACILITATOR`).
 */
export const LEGALITY: {
  readonly [K in CommandType]: { readonly phases: readonly PhaseKind[]; readonly who: Who };
} = {
  changeSettings: { phases: ['proposing'], who: 'facilitator' },
  proposeTopic: { phases: ['proposing'], who: 'anyone' },
  editTopic: { phases: ['proposing'], who: 'author' },
  deleteTopic: { phases: ['proposing'], who: 'author' },
  mergeTopics: { phases: ['proposing', 'voting'], who: 'facilitator' },
  openVoting: { phases: ['proposing'], who: 'facilitator' },
  allocateDots: { phases: ['voting'], who: 'anyone' },
  closeVoting: { phases: ['voting'], who: 'facilitator' },
  reorderTopics: { phases: ['discussing'], who: 'facilitator' },
  startTopic: { phases: ['discussing'], who: 'facilitator' },
  castThumb: { phases: ['discussing'], who: 'anyone' },
  // Anyone once the thumbs window has passed; the facilitator from expiry (closing early).
  closeThumbs: { phases: ['discussing'], who: 'anyone' },
  overrideTopic: { phases: ['discussing'], who: 'facilitator' },
  addTakeaway: { phases: ['discussing', 'wrap-up'], who: 'anyone' },
  editTakeaway: { phases: ['discussing', 'wrap-up'], who: 'author' },
  deleteTakeaway: { phases: ['discussing', 'wrap-up'], who: 'author' },
  addActionItem: { phases: ['discussing', 'wrap-up'], who: 'anyone' },
  editActionItem: { phases: ['discussing', 'wrap-up'], who: 'author' },
  deleteActionItem: { phases: ['discussing', 'wrap-up'], who: 'author' },
  startWrapUp: { phases: ['discussing'], who: 'facilitator' },
  endMeeting: { phases: ['wrap-up'], who: 'facilitator' },
};

type Decision = LeanCoffeeResult<LeanCoffeeEvent[]>;

/** The state before the creation event: an empty board with default settings. */
export const EMPTY_STATE: LeanCoffeeState = {
  phase: { kind: 'proposing' },
  settings: DEFAULT_SETTINGS,
  meetingStartedAt: 0,
  topics: {},
  mergedInto: {},
  allocations: {},
  closedTallies: null,
  queue: [],
  discussions: [],
  thumbs: {},
  resolutions: [],
  takeaways: {},
  actionItems: {},
  undiscussed: null,
  endedAt: null,
};

/**
 * Starts a Lean Coffee: checks the settings (defaults for anything left out) and returns the
 * creation event. The meeting timebox starts at `now`.
 */
export function createLeanCoffee(
  settings: LeanCoffeeSettingsInput,
  now: number,
): LeanCoffeeResult<LeanCoffeeCreated> {
  const checked = validateSettings(settings);
  return checked.ok
    ? ok({ type: 'LeanCoffeeCreated', v: 1, settings: checked.value, at: now })
    : checked;
}

/** A game's state is the fold of its events over `EMPTY_STATE`. */
export function foldLeanCoffee(events: readonly LeanCoffeeEvent[]): LeanCoffeeState {
  return events.reduce(evolve, EMPTY_STATE);
}

/** The live topic with this id, if any (deleted and merged-away topics are not live). */
export function liveTopic(state: LeanCoffeeState, topicId: string): Topic | undefined {
  return own(state.topics, topicId)?.value ?? undefined;
}

/** Every live topic, in proposal order (earliest first, then by id). */
export function liveTopics(state: LeanCoffeeState): Topic[] {
  return Object.values(state.topics)
    .flatMap((record) => (record.value === null ? [] : [record.value]))
    .sort(byProposed);
}

/** The ids of the live topics. */
export function liveTopicIds(state: LeanCoffeeState): ReadonlySet<string> {
  return new Set(liveTopics(state).map((topic) => topic.id));
}

/**
 * The votes per live topic: frozen at close; before that, the running sum of every participant's
 * latest allocation, dots on merged-away topics counting for the topic they were merged into.
 */
export function currentTallies(state: LeanCoffeeState): Readonly<Record<string, number>> {
  return (
    state.closedTallies ??
    tallyVotes(
      Object.values(state.allocations).map((record) => record.allocation),
      state.mergedInto,
      liveTopicIds(state),
    )
  );
}

/** The key of one thumb record: one per topic, round and participant. */
export function thumbKey(topicId: string, round: number, participant: string): string {
  return JSON.stringify([topicId, round, participant]);
}

/** The running topic, if the meeting is discussing one. */
export function currentTopic(state: LeanCoffeeState): CurrentTopic | null {
  return state.phase.kind === 'discussing' ? state.phase.current : null;
}

const refuse = (code: LeanCoffeeErrorCode, message: string): Decision => err(code, message);

/**
 * Decides a command: the legality table first (phase, then role), then the command's own rules.
 * Returns the events to append, or the reason nothing happens. Pure: identity, the facilitator
 * role and the time come in `ctx`.
 */
export function decide(
  state: LeanCoffeeState,
  command: LeanCoffeeCommand,
  ctx: CommandContext,
): Decision {
  const rule = LEGALITY[command.type];
  if (!rule.phases.includes(state.phase.kind)) {
    return refuse('WRONG_PHASE', `Cannot ${command.type} while ${state.phase.kind}.`);
  }
  if (rule.who === 'facilitator' && !ctx.isFacilitator) {
    return refuse('NOT_FACILITATOR', 'Only the facilitator can do that.');
  }
  switch (command.type) {
    case 'changeSettings':
      return decideChangeSettings(state, command.settings, ctx);
    case 'proposeTopic':
      return decidePropose(state, command, ctx);
    case 'editTopic':
      return decideEditTopic(state, command, ctx);
    case 'deleteTopic':
      return decideDeleteTopic(state, command.topicId, ctx);
    case 'mergeTopics':
      return decideMerge(state, command, ctx);
    case 'openVoting':
      return decideOpenVoting(state, ctx);
    case 'allocateDots':
      return decideAllocate(state, command.allocation, ctx);
    case 'closeVoting':
      return decideCloseVoting(state, ctx);
    case 'reorderTopics': {
      const order = validateReorder(state.queue, command.order);
      return order.ok
        ? ok([{ type: 'TopicsReordered', v: 1, order: order.value, at: ctx.now }])
        : order;
    }
    case 'startTopic':
      return decideStartTopic(state, command.topicId, ctx);
    case 'castThumb':
      return decideCastThumb(state, command, ctx);
    case 'closeThumbs':
      return decideCloseThumbs(state, command, ctx);
    case 'overrideTopic':
      return decideOverride(state, command, ctx);
    case 'addTakeaway':
      return decideAddTakeaway(state, command, ctx);
    case 'editTakeaway':
    case 'deleteTakeaway':
      return decideChangeTakeaway(state, command, ctx);
    case 'addActionItem':
      return decideAddActionItem(state, command, ctx);
    case 'editActionItem':
    case 'deleteActionItem':
      return decideChangeActionItem(state, command, ctx);
    case 'startWrapUp':
      return decideWrapUp(state, ctx);
    case 'endMeeting':
      return ok([{ type: 'MeetingEnded', v: 1, at: ctx.now }]);
    default:
      return assertNever(command);
  }
}

function decideChangeSettings(
  state: LeanCoffeeState,
  input: LeanCoffeeSettingsInput,
  ctx: CommandContext,
): Decision {
  const settings = validateSettings(input, state.settings);
  return settings.ok
    ? ok([{ type: 'SettingsChanged', v: 1, settings: settings.value, at: ctx.now }])
    : settings;
}

function decidePropose(
  state: LeanCoffeeState,
  command: Extract<LeanCoffeeCommand, { type: 'proposeTopic' }>,
  ctx: CommandContext,
): Decision {
  const id = validateId(command.topicId);
  if (!id.ok) {
    return id;
  }
  if (own(state.topics, id.value) !== undefined) {
    return refuse('DUPLICATE_ID', 'A topic with that id already exists.');
  }
  const title = normaliseTitle(command.title);
  if (!title.ok) {
    return title;
  }
  const details = normaliseDetails(command.details);
  if (!details.ok) {
    return details;
  }
  const minutes = normaliseMinutes(command.minutes, state.settings.defaultTopicMinutes);
  if (!minutes.ok) {
    return minutes;
  }
  const topic: Topic = {
    id: id.value,
    title: title.value,
    details: details.value,
    minutes: minutes.value,
    author: ctx.actor,
    proposedAt: ctx.now,
  };
  return ok([{ type: 'TopicProposed', v: 1, topic, at: ctx.now }]);
}

/** The live topic the actor may change (its author or the facilitator). */
function ownTopic(
  state: LeanCoffeeState,
  topicId: string,
  ctx: CommandContext,
): LeanCoffeeResult<Topic> {
  const topic = liveTopic(state, topicId);
  if (topic === undefined) {
    return err('UNKNOWN_TOPIC', 'That topic is not on the board.');
  }
  return topic.author === ctx.actor || ctx.isFacilitator
    ? ok(topic)
    : err('NOT_AUTHOR', 'Only its author or the facilitator can change a topic.');
}

function decideEditTopic(
  state: LeanCoffeeState,
  command: Extract<LeanCoffeeCommand, { type: 'editTopic' }>,
  ctx: CommandContext,
): Decision {
  const topic = ownTopic(state, command.topicId, ctx);
  if (!topic.ok) {
    return topic;
  }
  const title = normaliseTitle(command.title ?? topic.value.title);
  if (!title.ok) {
    return title;
  }
  const details = normaliseDetails(command.details ?? topic.value.details);
  if (!details.ok) {
    return details;
  }
  const minutes = normaliseMinutes(command.minutes, topic.value.minutes);
  if (!minutes.ok) {
    return minutes;
  }
  const edited: Topic = {
    ...topic.value,
    title: title.value,
    details: details.value,
    minutes: minutes.value,
  };
  return ok([{ type: 'TopicEdited', v: 1, topic: edited, by: ctx.actor, at: ctx.now }]);
}

function decideDeleteTopic(state: LeanCoffeeState, topicId: string, ctx: CommandContext): Decision {
  const topic = ownTopic(state, topicId, ctx);
  return topic.ok
    ? ok([{ type: 'TopicDeleted', v: 1, topicId, by: ctx.actor, at: ctx.now }])
    : topic;
}

function decideMerge(
  state: LeanCoffeeState,
  command: Extract<LeanCoffeeCommand, { type: 'mergeTopics' }>,
  ctx: CommandContext,
): Decision {
  const into = liveTopic(state, command.intoId);
  const from = liveTopic(state, command.fromId);
  if (into === undefined || from === undefined) {
    return refuse('UNKNOWN_TOPIC', 'Both topics must be on the board.');
  }
  if (into.id === from.id) {
    return refuse('SAME_TOPIC', 'A topic cannot be merged into itself.');
  }
  const title = normaliseTitle(command.title ?? into.title);
  if (!title.ok) {
    return title;
  }
  const details = joinDetails(into.details, from.details);
  if (textLength(details) > LC_MERGED_DETAILS_MAX) {
    return refuse(
      'CAP_REACHED',
      `Merged details would pass ${LC_MERGED_DETAILS_MAX} characters: shorten one topic's details first.`,
    );
  }
  const merged: Topic = { ...into, title: title.value, details };
  return ok([{ type: 'TopicsMerged', v: 1, into: merged, fromId: from.id, at: ctx.now }]);
}

/**
 * Opening the vote copies the live topics into the game row: at most `LC_VOTE_TOPICS_MAX`, so the
 * row stays within Forge's value size; past it the facilitator merges or deletes some first.
 */
function decideOpenVoting(state: LeanCoffeeState, ctx: CommandContext): Decision {
  const live = liveTopics(state).length;
  if (live === 0) return refuse('NO_TOPICS', 'Propose at least one topic before voting.');
  if (live > LC_VOTE_TOPICS_MAX) {
    return refuse(
      'CAP_REACHED',
      `A vote holds at most ${LC_VOTE_TOPICS_MAX} topics and this board has ${live}: merge or delete ${live - LC_VOTE_TOPICS_MAX} first.`,
    );
  }
  return ok([{ type: 'VotingOpened', v: 1, at: ctx.now }]);
}

function decideAllocate(
  state: LeanCoffeeState,
  allocation: Readonly<Record<string, number>>,
  ctx: CommandContext,
): Decision {
  const checked = validateAllocation(allocation, liveTopicIds(state), state.settings);
  return checked.ok
    ? ok([
        {
          type: 'DotsAllocated',
          v: 1,
          participant: ctx.actor,
          allocation: checked.value,
          at: ctx.now,
        },
      ])
    : checked;
}

function decideCloseVoting(state: LeanCoffeeState, ctx: CommandContext): Decision {
  const tallies = currentTallies(state);
  const order = orderTopics(liveTopics(state), tallies);
  return ok([{ type: 'VotingClosed', v: 1, tallies, order, at: ctx.now }]);
}

function topicStarted(topic: Topic, now: number): TopicStarted {
  return {
    type: 'TopicStarted',
    v: 1,
    topicId: topic.id,
    minutes: topic.minutes,
    at: now,
    endsAt: now + topic.minutes * MINUTE_MS,
  };
}

function decideStartTopic(
  state: LeanCoffeeState,
  requested: string | undefined,
  ctx: CommandContext,
): Decision {
  if (currentTopic(state) !== null) {
    return refuse('TOPIC_IN_PROGRESS', 'Finish the current topic first.');
  }
  const topicId = requested ?? state.queue[0];
  if (topicId === undefined) {
    return refuse('NO_TOPICS', 'No topic is left to discuss.');
  }
  const topic = liveTopic(state, topicId);
  if (topic === undefined) {
    return refuse('UNKNOWN_TOPIC', 'That topic is not on the board.');
  }
  if (!state.queue.includes(topicId)) {
    return refuse('ALREADY_DISCUSSED', 'That topic has been discussed.');
  }
  return ok([topicStarted(topic, ctx.now)]);
}

/** The running topic, if it is `topicId` (`NOT_DISCUSSING` otherwise). */
function runningTopic(state: LeanCoffeeState, topicId: string): LeanCoffeeResult<CurrentTopic> {
  const current = currentTopic(state);
  return current !== null && current.topicId === topicId
    ? ok(current)
    : err('NOT_DISCUSSING', 'That topic is not being discussed.');
}

/** The running round of `topicId`, once its timebox has expired. */
function expiredRound(
  state: LeanCoffeeState,
  topicId: string,
  round: number,
  now: number,
): LeanCoffeeResult<CurrentTopic> {
  const current = runningTopic(state, topicId);
  if (!current.ok) {
    return current;
  }
  if (current.value.round !== round) {
    return err('VOTE_CLOSED', 'That thumbs vote is over.');
  }
  return now < current.value.endsAt
    ? err('TIMEBOX_RUNNING', 'The thumbs vote opens when the timebox expires.')
    : current;
}

function decideCastThumb(
  state: LeanCoffeeState,
  command: Extract<LeanCoffeeCommand, { type: 'castThumb' }>,
  ctx: CommandContext,
): Decision {
  const current = expiredRound(state, command.topicId, command.round, ctx.now);
  return current.ok
    ? ok([
        {
          type: 'ThumbVoted',
          v: 1,
          topicId: command.topicId,
          round: command.round,
          participant: ctx.actor,
          thumb: command.thumb,
          at: ctx.now,
        },
      ])
    : current;
}

/** The thumbs counted so far in the running round. */
function roundCounts(state: LeanCoffeeState, current: CurrentTopic) {
  return countThumbs(
    Object.values(state.thumbs)
      .filter((record) => record.topicId === current.topicId && record.round === current.round)
      .map((record) => record.thumb),
  );
}

function decideCloseThumbs(
  state: LeanCoffeeState,
  command: Extract<LeanCoffeeCommand, { type: 'closeThumbs' }>,
  ctx: CommandContext,
): Decision {
  const current = expiredRound(state, command.topicId, command.round, ctx.now);
  if (!current.ok) {
    return current;
  }
  if (!ctx.isFacilitator && ctx.now < current.value.endsAt + THUMBS_WINDOW_MS) {
    return refuse('NOT_FACILITATOR', 'Only the facilitator can close the thumbs vote early.');
  }
  const counts = roundCounts(state, current.value);
  return ok(resolveRound(state, current.value, counts, thumbsOutcome(counts), 'votes', ctx.now));
}

function decideOverride(
  state: LeanCoffeeState,
  command: Extract<LeanCoffeeCommand, { type: 'overrideTopic' }>,
  ctx: CommandContext,
): Decision {
  const current = runningTopic(state, command.topicId);
  return current.ok
    ? ok(
        resolveRound(
          state,
          current.value,
          roundCounts(state, current.value),
          command.decision,
          'facilitator',
          ctx.now,
        ),
      )
    : current;
}

/**
 * Ends a thumbs round. Extend: the next round lasts `extensionMinutes(last timebox)` from now (or
 * from the planned end, if the facilitator extends before expiry, so extending never shortens).
 * Next: the topic is finished and the first topic still to discuss starts now, if there is one.
 */
function resolveRound(
  state: LeanCoffeeState,
  current: CurrentTopic,
  counts: ReturnType<typeof countThumbs>,
  outcome: ThumbsOutcome,
  decidedBy: 'votes' | 'facilitator',
  now: number,
): LeanCoffeeEvent[] {
  const resolved: LeanCoffeeEvent = {
    type: 'ThumbsResolved',
    v: 1,
    topicId: current.topicId,
    round: current.round,
    counts,
    outcome,
    decidedBy,
    at: now,
  };
  switch (outcome) {
    case 'extend': {
      const minutes = extensionMinutes(current.timeboxMinutes);
      return [
        resolved,
        {
          type: 'TimeboxExtended',
          v: 1,
          topicId: current.topicId,
          round: current.round + 1,
          minutes,
          at: now,
          endsAt: Math.max(now, current.endsAt) + minutes * MINUTE_MS,
        },
      ];
    }
    case 'next':
      return [
        resolved,
        ...finishAndAdvance(
          state,
          current.topicId,
          decidedBy === 'votes' ? 'thumbs' : 'facilitator',
          now,
        ),
      ];
    default:
      return assertNever(outcome);
  }
}

function finishAndAdvance(
  state: LeanCoffeeState,
  topicId: string,
  reason: TopicFinished['reason'],
  now: number,
): LeanCoffeeEvent[] {
  const finished: TopicFinished = { type: 'TopicFinished', v: 1, topicId, reason, at: now };
  const nextId = state.queue[0];
  const next = nextId === undefined ? undefined : liveTopic(state, nextId);
  return next === undefined ? [finished] : [finished, topicStarted(next, now)];
}

/** `NOT_DISCUSSING` unless the topic is running or has been discussed. */
function discussedTopic(state: LeanCoffeeState, topicId: string): LeanCoffeeResult<Topic> {
  const topic = liveTopic(state, topicId);
  if (topic === undefined) {
    return err('UNKNOWN_TOPIC', 'That topic is not on the board.');
  }
  return state.discussions.some((discussion) => discussion.topicId === topicId)
    ? ok(topic)
    : err('NOT_DISCUSSING', 'Takeaways and actions belong to a topic being or already discussed.');
}

function decideAddTakeaway(
  state: LeanCoffeeState,
  command: Extract<LeanCoffeeCommand, { type: 'addTakeaway' }>,
  ctx: CommandContext,
): Decision {
  const id = validateId(command.takeawayId);
  if (!id.ok) {
    return id;
  }
  if (own(state.takeaways, id.value) !== undefined) {
    return refuse('DUPLICATE_ID', 'A takeaway with that id already exists.');
  }
  const topic = discussedTopic(state, command.topicId);
  if (!topic.ok) {
    return topic;
  }
  const text = normaliseTakeaway(command.text);
  if (!text.ok) {
    return text;
  }
  return ok([
    {
      type: 'TakeawayAdded',
      v: 1,
      takeaway: {
        id: id.value,
        topicId: topic.value.id,
        author: ctx.actor,
        text: text.value,
        addedAt: ctx.now,
      },
      at: ctx.now,
    },
  ]);
}

function decideChangeTakeaway(
  state: LeanCoffeeState,
  command: Extract<LeanCoffeeCommand, { type: 'editTakeaway' | 'deleteTakeaway' }>,
  ctx: CommandContext,
): Decision {
  const takeaway = own(state.takeaways, command.takeawayId)?.value ?? null;
  if (takeaway === null) {
    return refuse('UNKNOWN_TAKEAWAY', 'That takeaway does not exist.');
  }
  if (takeaway.author !== ctx.actor && !ctx.isFacilitator) {
    return refuse('NOT_AUTHOR', 'Only its author or the facilitator can change a takeaway.');
  }
  if (command.type === 'deleteTakeaway') {
    return ok([
      { type: 'TakeawayDeleted', v: 1, takeawayId: takeaway.id, by: ctx.actor, at: ctx.now },
    ]);
  }
  const text = normaliseTakeaway(command.text);
  return text.ok
    ? ok([
        {
          type: 'TakeawayEdited',
          v: 1,
          takeaway: { ...takeaway, text: text.value },
          by: ctx.actor,
          at: ctx.now,
        },
      ])
    : text;
}

function decideAddActionItem(
  state: LeanCoffeeState,
  command: Extract<LeanCoffeeCommand, { type: 'addActionItem' }>,
  ctx: CommandContext,
): Decision {
  const id = validateId(command.actionItemId);
  if (!id.ok) {
    return id;
  }
  if (own(state.actionItems, id.value) !== undefined) {
    return refuse('DUPLICATE_ID', 'An action item with that id already exists.');
  }
  const topic = discussedTopic(state, command.topicId);
  if (!topic.ok) {
    return topic;
  }
  const text = normaliseAction(command.text);
  if (!text.ok) {
    return text;
  }
  const owner = normaliseOwner(command.owner);
  if (!owner.ok) {
    return owner;
  }
  const due = normaliseDue(command.due);
  if (!due.ok) {
    return due;
  }
  return ok([
    {
      type: 'ActionItemAdded',
      v: 1,
      actionItem: {
        id: id.value,
        topicId: topic.value.id,
        author: ctx.actor,
        text: text.value,
        owner: owner.value,
        ...(due.value === null ? {} : { due: due.value }),
        addedAt: ctx.now,
      },
      at: ctx.now,
    },
  ]);
}

function decideChangeActionItem(
  state: LeanCoffeeState,
  command: Extract<LeanCoffeeCommand, { type: 'editActionItem' | 'deleteActionItem' }>,
  ctx: CommandContext,
): Decision {
  const item = own(state.actionItems, command.actionItemId)?.value ?? null;
  if (item === null) {
    return refuse('UNKNOWN_ACTION', 'That action item does not exist.');
  }
  if (item.author !== ctx.actor && !ctx.isFacilitator) {
    return refuse('NOT_AUTHOR', 'Only its author or the facilitator can change an action item.');
  }
  if (command.type === 'deleteActionItem') {
    return ok([
      { type: 'ActionItemDeleted', v: 1, actionItemId: item.id, by: ctx.actor, at: ctx.now },
    ]);
  }
  const text = normaliseAction(command.text ?? item.text);
  if (!text.ok) {
    return text;
  }
  const owner = command.owner === undefined ? ok(item.owner) : normaliseOwner(command.owner);
  if (!owner.ok) {
    return owner;
  }
  return ok([
    {
      type: 'ActionItemEdited',
      v: 1,
      actionItem: { ...item, text: text.value, owner: owner.value },
      by: ctx.actor,
      at: ctx.now,
    },
  ]);
}

function decideWrapUp(state: LeanCoffeeState, ctx: CommandContext): Decision {
  const current = currentTopic(state);
  const tallies = currentTallies(state);
  const finished: LeanCoffeeEvent[] =
    current === null
      ? []
      : [{ type: 'TopicFinished', v: 1, topicId: current.topicId, reason: 'wrap-up', at: ctx.now }];
  return ok([
    ...finished,
    {
      type: 'WrapUpStarted',
      v: 1,
      undiscussed: state.queue.map((topicId) => ({ topicId, votes: votesOf(tallies, topicId) })),
      at: ctx.now,
    },
  ]);
}

/**
 * Applies one event. Participant records (topics, allocations, thumbs, takeaways, action items) are
 * last-writer-wins per key, so they fold the same in any order; phase events follow the
 * facilitator's ordered log. Never fails: events are facts that `decide` already accepted.
 */
export function evolve(state: LeanCoffeeState, event: LeanCoffeeEvent): LeanCoffeeState {
  switch (event.type) {
    case 'LeanCoffeeCreated':
      return { ...EMPTY_STATE, settings: event.settings, meetingStartedAt: event.at };
    case 'SettingsChanged':
      return { ...state, settings: event.settings };
    case 'TopicProposed':
    case 'TopicEdited':
      return {
        ...state,
        topics: putLatest(state.topics, event.topic.id, { at: event.at, value: event.topic }),
      };
    case 'TopicDeleted':
      return {
        ...state,
        topics: putLatest(state.topics, event.topicId, { at: event.at, value: null }),
      };
    case 'TopicsMerged':
      return {
        ...state,
        topics: putLatest(
          putLatest(state.topics, event.into.id, { at: event.at, value: event.into }),
          event.fromId,
          { at: event.at, value: null },
        ),
        mergedInto: { ...state.mergedInto, [event.fromId]: event.into.id },
      };
    case 'VotingOpened':
      return { ...state, phase: { kind: 'voting' } };
    case 'DotsAllocated':
      return {
        ...state,
        allocations: putLatest(state.allocations, event.participant, {
          participant: event.participant,
          allocation: event.allocation,
          at: event.at,
        }),
      };
    case 'VotingClosed':
      return {
        ...state,
        phase: { kind: 'discussing', current: null },
        closedTallies: event.tallies,
        queue: event.order,
      };
    case 'TopicsReordered':
      return { ...state, queue: event.order };
    case 'TopicStarted':
      return {
        ...state,
        phase: {
          kind: 'discussing',
          current: {
            topicId: event.topicId,
            round: 0,
            roundStartedAt: event.at,
            endsAt: event.endsAt,
            timeboxMinutes: event.minutes,
          },
        },
        queue: state.queue.filter((id) => id !== event.topicId),
        discussions: [
          ...state.discussions,
          { topicId: event.topicId, startedAt: event.at, finishedAt: null, extensions: 0 },
        ],
      };
    case 'ThumbVoted':
      return {
        ...state,
        thumbs: putLatest(state.thumbs, thumbKey(event.topicId, event.round, event.participant), {
          topicId: event.topicId,
          round: event.round,
          participant: event.participant,
          thumb: event.thumb,
          at: event.at,
        }),
      };
    case 'ThumbsResolved':
      return { ...state, resolutions: [...state.resolutions, event] };
    case 'TimeboxExtended':
      return {
        ...state,
        phase: {
          kind: 'discussing',
          current: {
            topicId: event.topicId,
            round: event.round,
            roundStartedAt: event.at,
            endsAt: event.endsAt,
            timeboxMinutes: event.minutes,
          },
        },
        discussions: state.discussions.map((discussion) =>
          discussion.topicId === event.topicId
            ? { ...discussion, extensions: discussion.extensions + 1 }
            : discussion,
        ),
      };
    case 'TopicFinished':
      return {
        ...state,
        phase: { kind: 'discussing', current: null },
        discussions: state.discussions.map((discussion) =>
          discussion.topicId === event.topicId
            ? { ...discussion, finishedAt: event.at }
            : discussion,
        ),
      };
    case 'TakeawayAdded':
    case 'TakeawayEdited':
      return {
        ...state,
        takeaways: putLatest(state.takeaways, event.takeaway.id, {
          at: event.at,
          value: event.takeaway,
        }),
      };
    case 'TakeawayDeleted':
      return {
        ...state,
        takeaways: putLatest(state.takeaways, event.takeawayId, { at: event.at, value: null }),
      };
    case 'ActionItemAdded':
    case 'ActionItemEdited':
      return {
        ...state,
        actionItems: putLatest(state.actionItems, event.actionItem.id, {
          at: event.at,
          value: event.actionItem,
        }),
      };
    case 'ActionItemDeleted':
      return {
        ...state,
        actionItems: putLatest(state.actionItems, event.actionItemId, {
          at: event.at,
          value: null,
        }),
      };
    case 'WrapUpStarted':
      return { ...state, phase: { kind: 'wrap-up' }, undiscussed: event.undiscussed };
    case 'MeetingEnded':
      return { ...state, phase: { kind: 'ended' }, endedAt: event.at };
    default:
      return assertNever(event);
  }
}
