/**
 * The backlog's rules: `decide(backlog, command, ctx)` returns the events a command produces or a
 * typed refusal; `evolve(backlog, event)` applies one event. The backlog after a command is
 * `events.reduce(evolve, backlog)`; `changedTopicIds(events)` says which records to write.
 */
import { assertNever, err, ok, type Result } from '../result';
import { codePointLength, isIsoDate, safeUrl } from '../text';
import { DETAILS_MAX, TITLE_MAX, topicsFromGame } from './import';
import { rankKeyForMove, rankKeyForScore } from './ranking';
import type {
  Backlog,
  BacklogCommand,
  BacklogContext,
  BacklogErrorCode,
  BacklogEvent,
  Topic,
  TopicId,
  TopicStatus,
} from './types';

type TopicCommandType = Exclude<BacklogCommand['type'], 'addTopic' | 'importGame'>;

/** Who may issue a command: the facilitator only, the topic's author or the facilitator, anyone. */
type Permission = 'facilitator' | 'author-or-facilitator' | 'anyone';

/**
 * The one table of the backlog's rules. For each command: who may issue it, the statuses its
 * topic must be in, and the status it moves the topic to (if any). Transitions, in plain words:
 *
 * | from \ to  | proposed  | planned           | discussed     | archived      |
 * |------------|-----------|-------------------|---------------|---------------|
 * | proposed   |           | plan              |               | archive/merge |
 * | planned    | unplan    | plan (new date)   | markDiscussed | archive/merge |
 * | discussed  |           |                   |               | archive/merge |
 * | archived   |           |                   |               |               |
 *
 * Archived is final. `mergeTopics` archives the merged-away topic (its `from`) and needs both
 * topics not archived; the row below lists the statuses allowed for each of the two.
 */
export const BACKLOG_RULES: Readonly<
  Record<
    TopicCommandType,
    { readonly who: Permission; readonly from: readonly TopicStatus[]; readonly to?: TopicStatus }
  >
> = {
  planTopic: { who: 'facilitator', from: ['proposed', 'planned'], to: 'planned' },
  unplanTopic: { who: 'facilitator', from: ['planned'], to: 'proposed' },
  markDiscussed: { who: 'facilitator', from: ['planned'], to: 'discussed' },
  archiveTopic: { who: 'facilitator', from: ['proposed', 'planned', 'discussed'], to: 'archived' },
  mergeTopics: { who: 'facilitator', from: ['proposed', 'planned', 'discussed'] },
  moveTopic: { who: 'facilitator', from: ['proposed', 'planned', 'discussed'] },
  linkNotesPage: { who: 'facilitator', from: ['proposed', 'planned', 'discussed'] },
  editTopic: { who: 'author-or-facilitator', from: ['proposed', 'planned', 'discussed'] },
  volunteer: { who: 'anyone', from: ['proposed', 'planned'] },
  withdraw: { who: 'anyone', from: ['proposed', 'planned'] },
};

/** Manual topics are namespaced so they can never collide with ids derived from a game. */
export function manualTopicId(newId: string): TopicId {
  return `manual:${newId}`;
}

const NEW_ID = /^[A-Za-z0-9._-]{1,100}$/;
const PAGE_ID = /^[0-9]{1,32}$/;

type Decision = Result<BacklogEvent[], BacklogErrorCode>;

function validateTitle(raw: string): Result<string, BacklogErrorCode> {
  const title = raw.trim();
  if (title === '') return err('TITLE_EMPTY', 'A topic needs a title.');
  if (codePointLength(title) > TITLE_MAX) {
    return err('TITLE_TOO_LONG', `A title has at most ${TITLE_MAX} characters.`);
  }
  return ok(title);
}

function validateDetails(raw: string): Result<string, BacklogErrorCode> {
  const details = raw.trim();
  if (codePointLength(details) > DETAILS_MAX) {
    return err('DETAILS_TOO_LONG', `Details have at most ${DETAILS_MAX} characters.`);
  }
  return ok(details);
}

const notFacilitator = (): Decision => err('NOT_FACILITATOR', 'Only the facilitator can do this.');

/**
 * Decides a command against the backlog, in three visible steps: AUTH (who may), VALIDATION (the
 * payload, the topic exists, its status allows the command, per `BACKLOG_RULES`), RESOLUTION (the
 * events, carrying every value computed here, e.g. rank keys). Never mutates `backlog`. Repeating
 * a command that is already in effect (same plan date, volunteering twice, re-importing a game,
 * linking the same page) yields no events, so double clicks and retries are harmless.
 */
export function decide(backlog: Backlog, command: BacklogCommand, ctx: BacklogContext): Decision {
  switch (command.type) {
    case 'addTopic':
      return decideAdd(backlog, command, ctx);
    case 'importGame': {
      if (!ctx.isFacilitator) return notFacilitator();
      return decideImport(backlog, command.result, ctx);
    }
    case 'editTopic':
    case 'planTopic':
    case 'unplanTopic':
    case 'markDiscussed':
    case 'archiveTopic':
    case 'volunteer':
    case 'withdraw':
    case 'moveTopic':
    case 'mergeTopics':
    case 'linkNotesPage':
      return decideOnTopic(backlog, command, ctx);
    default:
      return assertNever(command);
  }
}

function decideAdd(
  backlog: Backlog,
  command: Extract<BacklogCommand, { type: 'addTopic' }>,
  ctx: BacklogContext,
): Decision {
  // AUTH: anyone may propose a topic by hand.
  // VALIDATION
  if (!NEW_ID.test(command.topicId)) return err('INVALID_TOPIC_ID', 'The new topic id is invalid.');
  const id = manualTopicId(command.topicId);
  if (backlog.topics[id] !== undefined) return err('TOPIC_EXISTS', 'This topic already exists.');
  const title = validateTitle(command.title);
  if (!title.ok) return title;
  const details = validateDetails(command.details ?? '');
  if (!details.ok) return details;
  const score = command.score ?? 0;
  if (!Number.isFinite(score) || score < 0 || score > 100) {
    return err('INVALID_SCORE', 'A score is a number from 0 to 100.');
  }
  // RESOLUTION
  const topic: Topic = {
    id,
    title: title.value,
    details: details.value,
    score,
    sources: [{ kind: 'manual' }],
    status: 'proposed',
    createdBy: ctx.actor,
    createdAt: ctx.now,
    rankKey: rankKeyForScore(backlog, score),
  };
  return ok([{ type: 'TopicAdded', v: 1, topic }]);
}

function decideImport(
  backlog: Backlog,
  result: Extract<BacklogCommand, { type: 'importGame' }>['result'],
  ctx: BacklogContext,
): Decision {
  const imported = topicsFromGame(result, ctx.actor, ctx.now);
  if (!imported.ok) return imported;
  // Each topic is placed against the backlog including the ones placed before it, in import order.
  const events: BacklogEvent[] = [];
  let state = backlog;
  for (const topic of imported.value) {
    if (state.topics[topic.id] !== undefined) continue; // already imported: idempotent
    const event: BacklogEvent = {
      type: 'TopicAdded',
      v: 1,
      topic: { ...topic, rankKey: rankKeyForScore(state, topic.score) },
    };
    events.push(event);
    state = evolve(state, event);
  }
  return ok(events);
}

type TopicCommand = Extract<BacklogCommand, { type: TopicCommandType }>;

function decideOnTopic(backlog: Backlog, command: TopicCommand, ctx: BacklogContext): Decision {
  const rule = BACKLOG_RULES[command.type];
  const topic = backlog.topics[command.type === 'mergeTopics' ? command.intoId : command.topicId];
  // AUTH
  if (rule.who === 'facilitator' && !ctx.isFacilitator) return notFacilitator();
  if (
    rule.who === 'author-or-facilitator' &&
    !ctx.isFacilitator &&
    topic !== undefined &&
    topic.createdBy !== ctx.actor
  ) {
    return err('NOT_AUTHOR', 'Only the author or the facilitator can edit this topic.');
  }
  // VALIDATION: the topic exists and its status allows the command.
  if (topic === undefined) return err('UNKNOWN_TOPIC', 'There is no such topic.');
  if (!rule.from.includes(topic.status)) {
    return rule.to !== undefined
      ? err('INVALID_TRANSITION', `A ${topic.status} topic cannot become ${rule.to}.`)
      : err('TOPIC_CLOSED', `A ${topic.status} topic cannot be changed this way.`);
  }
  return resolveOnTopic(backlog, topic, command, ctx);
}

function resolveOnTopic(
  backlog: Backlog,
  topic: Topic,
  command: TopicCommand,
  ctx: BacklogContext,
): Decision {
  const topicId = topic.id;
  switch (command.type) {
    case 'editTopic': {
      const title = validateTitle(command.title ?? topic.title);
      if (!title.ok) return title;
      const details = validateDetails(command.details ?? topic.details);
      if (!details.ok) return details;
      if (title.value === topic.title && details.value === topic.details) return ok([]);
      return ok([
        { type: 'TopicEdited', v: 1, topicId, title: title.value, details: details.value },
      ]);
    }
    case 'planTopic': {
      if (!isIsoDate(command.date)) {
        return err('INVALID_DATE', 'A planned date is a calendar date written YYYY-MM-DD.');
      }
      if (topic.status === 'planned' && topic.plannedDate === command.date) return ok([]);
      return ok([{ type: 'TopicPlanned', v: 1, topicId, date: command.date }]);
    }
    case 'unplanTopic':
      return ok([{ type: 'TopicUnplanned', v: 1, topicId }]);
    case 'markDiscussed':
      return ok([{ type: 'TopicDiscussed', v: 1, topicId }]);
    case 'archiveTopic':
      return ok([{ type: 'TopicArchived', v: 1, topicId }]);
    case 'volunteer': {
      if (topic.lead === ctx.actor) return ok([]);
      if (topic.lead !== undefined) {
        return err('LEAD_TAKEN', 'Someone else already volunteered to lead this topic.');
      }
      return ok([{ type: 'LeadVolunteered', v: 1, topicId, accountId: ctx.actor }]);
    }
    case 'withdraw': {
      if (topic.lead !== ctx.actor)
        return err('NOT_LEAD', 'Only the lead can withdraw themselves.');
      return ok([{ type: 'LeadWithdrawn', v: 1, topicId, accountId: ctx.actor }]);
    }
    case 'moveTopic': {
      if (command.afterId === topicId) {
        return err('CANNOT_MOVE_AFTER_SELF', 'A topic cannot be placed after itself.');
      }
      if (command.afterId !== null && backlog.topics[command.afterId] === undefined) {
        return err('UNKNOWN_TOPIC', 'There is no such topic to place it after.');
      }
      const rankKey = rankKeyForMove(backlog, topicId, command.afterId);
      return ok([{ type: 'TopicMoved', v: 1, topicId, rankKey }]);
    }
    case 'mergeTopics':
      return resolveMerge(backlog, topic, command.fromId);
    case 'linkNotesPage': {
      if (!PAGE_ID.test(command.pageId) || safeUrl(command.url) === undefined) {
        return err('INVALID_LINK', 'A notes page link needs a page id and an http(s) address.');
      }
      const same = topic.notesPage;
      if (same?.pageId === command.pageId && same.url === command.url) return ok([]);
      return ok([
        {
          type: 'NotesPageLinked',
          v: 1,
          topicId,
          notesPage: { pageId: command.pageId, url: command.url },
        },
      ]);
    }
    default:
      return assertNever(command);
  }
}

/**
 * Merge rule (B = `fromId` into A = `into`): A keeps its id, title, status, planned date and notes
 * link; its score becomes A + B (duplicates split the group's support between them, so the sum is
 * what one topic would have received); its sources are A's then B's; its details are A's, or B's if
 * A had none; its lead is A's, else B's. A is re-placed by its new score (one write), and B is
 * archived as merged into A (one write).
 */
function resolveMerge(backlog: Backlog, into: Topic, fromId: TopicId): Decision {
  if (fromId === into.id) return err('CANNOT_MERGE_SELF', 'A topic cannot be merged into itself.');
  const from = backlog.topics[fromId];
  if (from === undefined) return err('UNKNOWN_TOPIC', 'There is no such topic to merge.');
  if (!BACKLOG_RULES.mergeTopics.from.includes(from.status)) {
    return err('TOPIC_CLOSED', `A ${from.status} topic cannot be merged.`);
  }
  const score = Math.round((into.score + from.score) * 100) / 100;
  const archiveB: BacklogEvent = {
    type: 'TopicArchived',
    v: 1,
    topicId: fromId,
    mergedInto: into.id,
  };
  // Place A as if B were already archived: B is no longer a neighbour, but its key stays taken.
  const withoutB = evolve(backlog, archiveB);
  const lead = into.lead ?? from.lead;
  return ok([
    {
      type: 'TopicsMerged',
      v: 1,
      intoId: into.id,
      fromId,
      score,
      sources: [...into.sources, ...from.sources],
      details: into.details !== '' ? into.details : from.details,
      ...(lead === undefined ? {} : { lead }),
      rankKey: rankKeyForScore(withoutB, score, new Set([into.id])),
    },
    archiveB,
  ]);
}

function withTopic(backlog: Backlog, topic: Topic): Backlog {
  return { topics: { ...backlog.topics, [topic.id]: topic } };
}

function update(backlog: Backlog, topicId: TopicId, change: (t: Topic) => Topic): Backlog {
  const topic = backlog.topics[topicId];
  return topic === undefined ? backlog : withTopic(backlog, change(topic));
}

/** The topic without a lead (no `undefined`-valued field left behind). */
function withoutLead(topic: Topic): Topic {
  const { lead: _lead, ...rest } = topic;
  return rest;
}

/** The topic without a planned date. */
function withoutPlannedDate(topic: Topic): Topic {
  const { plannedDate: _plannedDate, ...rest } = topic;
  return rest;
}

/**
 * Applies one event to the backlog, returning a new backlog (the input is never mutated). Events
 * about unknown topics are ignored, so a replay of a partial log cannot crash.
 */
export function evolve(backlog: Backlog, event: BacklogEvent): Backlog {
  switch (event.type) {
    case 'TopicAdded':
      return withTopic(backlog, event.topic);
    case 'TopicEdited':
      return update(backlog, event.topicId, (t) => ({
        ...t,
        title: event.title,
        details: event.details,
      }));
    case 'TopicPlanned':
      return update(backlog, event.topicId, (t) => ({
        ...t,
        status: 'planned',
        plannedDate: event.date,
      }));
    case 'TopicUnplanned':
      return update(backlog, event.topicId, (t) => ({
        ...withoutPlannedDate(t),
        status: 'proposed',
      }));
    case 'TopicDiscussed':
      return update(backlog, event.topicId, (t) => ({ ...t, status: 'discussed' }));
    case 'TopicArchived':
      return update(backlog, event.topicId, (t) => ({
        ...t,
        status: 'archived',
        ...(event.mergedInto === undefined ? {} : { mergedInto: event.mergedInto }),
      }));
    case 'LeadVolunteered':
      return update(backlog, event.topicId, (t) => ({ ...t, lead: event.accountId }));
    case 'LeadWithdrawn':
      return update(backlog, event.topicId, (t) => withoutLead(t));
    case 'TopicMoved':
      return update(backlog, event.topicId, (t) => ({ ...t, rankKey: event.rankKey }));
    case 'TopicsMerged':
      return update(backlog, event.intoId, (t) => ({
        ...withoutLead(t),
        score: event.score,
        sources: event.sources,
        details: event.details,
        rankKey: event.rankKey,
        ...(event.lead === undefined ? {} : { lead: event.lead }),
      }));
    case 'NotesPageLinked':
      return update(backlog, event.topicId, (t) => ({ ...t, notesPage: event.notesPage }));
    default:
      return assertNever(event);
  }
}

/** The ids of the topic records the events change, in first-touched order: what to write. */
export function changedTopicIds(events: readonly BacklogEvent[]): TopicId[] {
  const ids = new Set<TopicId>();
  for (const event of events) {
    switch (event.type) {
      case 'TopicAdded':
        ids.add(event.topic.id);
        break;
      case 'TopicsMerged':
        ids.add(event.intoId);
        ids.add(event.fromId);
        break;
      case 'TopicEdited':
      case 'TopicPlanned':
      case 'TopicUnplanned':
      case 'TopicDiscussed':
      case 'TopicArchived':
      case 'LeadVolunteered':
      case 'LeadWithdrawn':
      case 'TopicMoved':
      case 'NotesPageLinked':
        ids.add(event.topicId);
        break;
      default:
        assertNever(event);
    }
  }
  return [...ids];
}

/** What a service needs after a command: the events, the new backlog and the records to write. */
export interface Execution {
  readonly events: readonly BacklogEvent[];
  readonly backlog: Backlog;
  /** The changed topic records, one write each (a move or an edit: 1; a merge: 2; an import: n). */
  readonly changed: readonly Topic[];
}

/**
 * Decides a command and applies its events: `decide`, then `events.reduce(evolve)`, then the
 * changed records picked by `changedTopicIds`. A refused command returns the refusal unchanged;
 * a command already in effect returns no events and nothing to write.
 */
export function execute(
  backlog: Backlog,
  command: BacklogCommand,
  ctx: BacklogContext,
): Result<Execution, BacklogErrorCode> {
  const decision = decide(backlog, command, ctx);
  if (!decision.ok) return decision;
  const events = decision.value;
  const after = events.reduce(evolve, backlog);
  const changed = changedTopicIds(events).flatMap((id) => {
    const topic = after.topics[id];
    return topic === undefined ? [] : [topic];
  });
  return ok({ events, backlog: after, changed });
}

/** The empty backlog of a space that has no topics yet. */
export const EMPTY_BACKLOG: Backlog = { topics: {} };
