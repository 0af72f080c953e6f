/**
 * The backlog's rules: `decide(backlog, command, ctx)` returns the events a command produces or a
 * typed refusal; `evolve(backlog, event)` applies one event. The backlog after a command is
 * `events.reduce(evolve, backlog)`; `changedTopicIds(events)` says which records to write.
 */
import { assertNever, err, ok, type Result } from '../result';
import { codePointLength, isIsoDate, safeUrl } from '../text';
import { openTopicCount, openTopicsAddedBy, TOPICS_PER_PERSON, TOPICS_PER_SPACE } from './caps';
import { DETAILS_MAX, TITLE_MAX, topicsFromGame } from './import';
import { rankKeyForMove, rankKeyForScore } from './ranking';
import type {
  Backlog,
  BacklogCommand,
  BacklogContext,
  BacklogErrorCode,
  BacklogEvent,
  Topic,
  OpenStatus,
  TopicId,
  TopicSource,
  TopicStatus,
} from './types';

type TopicCommandType = Exclude<BacklogCommand['type'], 'addTopic' | 'importGame'>;

/**
 * Who may issue a command (DESIGN §1.0, issue 11): a curator (a curator or a space administrator),
 * the facilitator (someone in the rotation, a curator or a space administrator), the topic's author
 * or a curator, anyone who can view the space.
 */
type Permission = 'curator' | 'facilitator' | 'author-or-curator' | 'anyone';

/**
 * The one table of the backlog's rules. For each command: who may issue it, the statuses its
 * topic must be in, and the status it moves the topic to (if any). Transitions, in plain words:
 *
 * | from \ to  | proposed        | planned           | discussed     | archived      |
 * |------------|-----------------|-------------------|---------------|---------------|
 * | proposed   |                 | plan              |               | archive/merge |
 * | planned    | unplan          | plan (new date)   | markDiscussed | archive/merge |
 * | discussed  |                 |                   |               | archive/merge |
 * | archived   | restore/unmerge | restore/unmerge   | restore/unmerge |             |
 *
 * Nothing is final: a restore gives an archived topic back the status it had before (an unmerge
 * does it for a merged-away topic and also takes its score and sources back out of the topic it
 * went into). The rotation's actions (plan, unplan, move, mark discussed) can all be undone by the
 * rotation; only curators archive, merge, restore and unmerge, and edit other people's topics.
 * `mergeTopics` archives the merged-away topic (its `from`) and needs both topics not archived.
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
  moveTopic: { who: 'facilitator', from: ['proposed', 'planned', 'discussed'] },
  linkNotesPage: { who: 'facilitator', from: ['proposed', 'planned', 'discussed'] },
  archiveTopic: { who: 'curator', from: ['proposed', 'planned', 'discussed'], to: 'archived' },
  mergeTopics: { who: 'curator', from: ['proposed', 'planned', 'discussed'] },
  restoreTopic: { who: 'curator', from: ['archived'] },
  unmergeTopic: { who: 'curator', from: ['archived'] },
  editTopic: { who: 'author-or-curator', from: ['proposed', 'planned', 'discussed'] },
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

const notFacilitator = (): Decision =>
  err(
    'NOT_FACILITATOR',
    'Only someone in the facilitator rotation, a curator or a space admin can do this.',
  );

const notCurator = (): Decision =>
  err('NOT_CURATOR', 'Only a curator or a space admin can do this.');

const backlogFull = (): Decision =>
  err(
    'BACKLOG_FULL',
    `The backlog already holds ${TOPICS_PER_SPACE} topics, its maximum. A curator archives or merges some to make room.`,
  );

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
    case 'restoreTopic':
    case 'unmergeTopic':
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
  // AUTH: anyone may propose a topic by hand, up to the caps.
  if (openTopicCount(backlog) >= TOPICS_PER_SPACE) return backlogFull();
  if (openTopicsAddedBy(backlog, ctx.actor) >= TOPICS_PER_PERSON) {
    return err(
      'TOO_MANY_TOPICS',
      `You already have ${TOPICS_PER_PERSON} topics in this backlog, the most one person may add. Once some are discussed and archived you can add more.`,
    );
  }
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
  // The import is whole or nothing: a result cut at the cap would silently lose the last topics.
  if (events.length > 0 && openTopicCount(state) > TOPICS_PER_SPACE) return backlogFull();
  return ok(events);
}

type TopicCommand = Extract<BacklogCommand, { type: TopicCommandType }>;

function decideOnTopic(backlog: Backlog, command: TopicCommand, ctx: BacklogContext): Decision {
  const rule = BACKLOG_RULES[command.type];
  const topic = backlog.topics[command.type === 'mergeTopics' ? command.intoId : command.topicId];
  // AUTH
  if (rule.who === 'facilitator' && !ctx.isFacilitator) return notFacilitator();
  if (rule.who === 'curator' && !ctx.isCurator) return notCurator();
  if (
    rule.who === 'author-or-curator' &&
    !ctx.isCurator &&
    topic !== undefined &&
    topic.createdBy !== ctx.actor
  ) {
    return err('NOT_AUTHOR', 'Only the author, a curator or a space admin can edit this topic.');
  }
  // VALIDATION: the topic exists and its status allows the command.
  if (topic === undefined) return err('UNKNOWN_TOPIC', 'There is no such topic.');
  if (!rule.from.includes(topic.status)) {
    if (rule.to !== undefined) {
      return err('INVALID_TRANSITION', `A ${topic.status} topic cannot become ${rule.to}.`);
    }
    return rule.from.includes('archived')
      ? err(
          'INVALID_TRANSITION',
          `A ${topic.status} topic is not archived: there is nothing to undo.`,
        )
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
      return ok([{ type: 'TopicPlanned', ...by(ctx), topicId, date: command.date }]);
    }
    case 'unplanTopic':
      return ok([{ type: 'TopicUnplanned', ...by(ctx), topicId }]);
    case 'markDiscussed':
      return ok([{ type: 'TopicDiscussed', ...by(ctx), topicId }]);
    case 'archiveTopic':
      return ok([{ type: 'TopicArchived', ...by(ctx), topicId, from: openStatus(topic) }]);
    case 'restoreTopic': {
      if (topic.mergedInto !== undefined) {
        return err('MERGED_TOPIC', 'This topic was merged into another: unmerge it instead.');
      }
      if (openTopicCount(backlog) >= TOPICS_PER_SPACE) return backlogFull();
      const status = topic.archivedFrom ?? 'proposed';
      return ok([{ type: 'TopicRestored', ...by(ctx), topicId, status }]);
    }
    case 'unmergeTopic':
      return resolveUnmerge(backlog, topic, ctx);
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
      return resolveMerge(backlog, topic, command.fromId, ctx);
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
 * archived as merged into A (one write), keeping what unmerging needs (its status, A's rank key
 * before, whether A took B's details or lead).
 */
function resolveMerge(
  backlog: Backlog,
  into: Topic,
  fromId: TopicId,
  ctx: BacklogContext,
): Decision {
  if (fromId === into.id) return err('CANNOT_MERGE_SELF', 'A topic cannot be merged into itself.');
  const from = backlog.topics[fromId];
  if (from === undefined) return err('UNKNOWN_TOPIC', 'There is no such topic to merge.');
  if (!BACKLOG_RULES.mergeTopics.from.includes(from.status)) {
    return err('TOPIC_CLOSED', `A ${from.status} topic cannot be merged.`);
  }
  const score = roundScore(into.score + from.score);
  const archived = { type: 'TopicArchived', ...by(ctx), topicId: fromId, from: openStatus(from) };
  // Place A as if B were already archived: B is no longer a neighbour, but its key stays taken.
  const withoutB = evolve(backlog, { ...archived, type: 'TopicArchived' });
  const lead = into.lead ?? from.lead;
  const rankKey = rankKeyForScore(withoutB, score, new Set([into.id]));
  const detailsTaken = into.details === '' && from.details !== '';
  return ok([
    {
      type: 'TopicsMerged',
      v: 1,
      intoId: into.id,
      fromId,
      score,
      sources: [...into.sources, ...from.sources],
      details: detailsTaken ? from.details : into.details,
      ...(lead === undefined ? {} : { lead }),
      rankKey,
    },
    {
      ...archived,
      type: 'TopicArchived',
      mergedInto: into.id,
      unmerge: {
        rankKey: into.rankKey,
        mergedRankKey: rankKey,
        detailsTaken,
        leadTaken: into.lead === undefined && from.lead !== undefined,
      },
    },
  ]);
}

/** Scores are kept to two decimals (as the import computes them). */
const roundScore = (score: number): number => Math.round(score * 100) / 100;

/** The attribution every status event carries: who, and when. */
const by = (ctx: BacklogContext) => ({ v: 2 as const, by: ctx.actor, at: ctx.now });

/** The status of a topic that is not archived (callers check it is not). */
const openStatus = (topic: Topic): OpenStatus =>
  topic.status === 'archived' ? (topic.archivedFrom ?? 'proposed') : topic.status;

/** `sources` without one occurrence of each of `removed` (compared by value), order kept. */
function withoutSources(
  sources: readonly TopicSource[],
  removed: readonly TopicSource[],
): TopicSource[] {
  const left = removed.map((s) => JSON.stringify(s));
  return sources.filter((s) => {
    const at = left.indexOf(JSON.stringify(s));
    if (at < 0) return true;
    left.splice(at, 1);
    return false;
  });
}

/**
 * Unmerge rule (B = `from`, merged into A): B gets back the status it had before the merge; A's
 * score loses B's score (the merged score split back, never below 0) and A's sources lose B's. A
 * gets back, from the record the merge kept on B, its own rank key if nobody moved A since, no
 * details if it had taken B's and they are unchanged, no lead if it had taken B's and B's lead
 * still leads it. B needs room in the backlog (the space cap). Two writes: A and B.
 */
function resolveUnmerge(backlog: Backlog, from: Topic, ctx: BacklogContext): Decision {
  if (from.mergedInto === undefined) {
    return err('NOT_MERGED', 'This topic was archived, not merged: restore it instead.');
  }
  const into = backlog.topics[from.mergedInto];
  if (into === undefined) {
    return err('UNKNOWN_TOPIC', 'The topic it was merged into is not in this backlog.');
  }
  if (openTopicCount(backlog) >= TOPICS_PER_SPACE) return backlogFull();
  const record = from.unmerge;
  const dropLead = record?.leadTaken === true && into.lead === from.lead;
  return ok([
    {
      type: 'TopicsUnmerged',
      ...by(ctx),
      intoId: into.id,
      fromId: from.id,
      status: from.archivedFrom ?? 'proposed',
      score: Math.max(0, roundScore(into.score - from.score)),
      sources: withoutSources(into.sources, from.sources),
      details: record?.detailsTaken === true && into.details === from.details ? '' : into.details,
      dropLead,
      rankKey: rankKeyAfterUnmerge(backlog, into, record),
    },
  ]);
}

/**
 * A gets its rank key from before the merge back if the merge's placement still stands and no other
 * topic has taken that key since (a move may have landed in the gap A left); otherwise A stays where
 * it is now. Either way every key stays unique.
 */
function rankKeyAfterUnmerge(backlog: Backlog, into: Topic, record: Topic['unmerge']): string {
  if (record === undefined || into.rankKey !== record.mergedRankKey) return into.rankKey;
  const taken = Object.values(backlog.topics).some(
    (t) => t.id !== into.id && t.rankKey === record.rankKey,
  );
  return taken ? into.rankKey : record.rankKey;
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

/** The topic without what only an archived topic has (its status is set by the caller). */
function unarchived(topic: Topic): Topic {
  const { archivedFrom: _from, mergedInto: _into, unmerge: _unmerge, ...rest } = topic;
  return rest;
}

/** Who changed a topic's status and when, as a status event says. */
const attribution = (event: { readonly by: string; readonly at: number }) => ({
  statusBy: event.by,
  statusAt: event.at,
});

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
        ...attribution(event),
      }));
    case 'TopicUnplanned':
      return update(backlog, event.topicId, (t) => ({
        ...withoutPlannedDate(t),
        status: 'proposed',
        ...attribution(event),
      }));
    case 'TopicDiscussed':
      return update(backlog, event.topicId, (t) => ({
        ...t,
        status: 'discussed',
        ...attribution(event),
      }));
    case 'TopicArchived':
      return update(backlog, event.topicId, (t) => ({
        ...t,
        status: 'archived',
        archivedFrom: event.from,
        ...(event.mergedInto === undefined ? {} : { mergedInto: event.mergedInto }),
        ...(event.unmerge === undefined ? {} : { unmerge: event.unmerge }),
        ...attribution(event),
      }));
    case 'TopicRestored':
      return update(backlog, event.topicId, (t) => ({
        ...unarchived(t),
        status: event.status,
        ...attribution(event),
      }));
    case 'TopicsUnmerged': {
      const split = update(backlog, event.intoId, (t) => ({
        ...(event.dropLead ? withoutLead(t) : t),
        score: event.score,
        sources: event.sources,
        details: event.details,
        rankKey: event.rankKey,
      }));
      return update(split, event.fromId, (t) => ({
        ...unarchived(t),
        status: event.status,
        ...attribution(event),
      }));
    }
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
      case 'TopicsUnmerged':
        ids.add(event.intoId);
        ids.add(event.fromId);
        break;
      case 'TopicEdited':
      case 'TopicPlanned':
      case 'TopicUnplanned':
      case 'TopicDiscussed':
      case 'TopicArchived':
      case 'TopicRestored':
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
