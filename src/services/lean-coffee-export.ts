/**
 * What a Lean Coffee hands to the community features: the undiscussed topics for the backlog and
 * the content of its session-notes page. Pure functions of the folded board.
 */
import type { LeanCoffeeImport } from '../domain/backlog';
import {
  effectiveAllocation,
  liveValues,
  MINUTE_MS,
  topicSummaries,
  wrapUpList,
  type LeanCoffeeState,
} from '../domain/lean-coffee';
import type { NotesModel } from '../domain/session-notes';
import type { LeanCoffeeGameRow } from '../storage/lean-coffee';

/** A Lean Coffee notes model without the CoP name, which the notes service fills from settings. */
export type LeanCoffeeNotesInput = Omit<Extract<NotesModel, { kind: 'lean-coffee' }>, 'copName'>;

/** Participants who placed at least one dot that still counts. */
function voterCount(state: LeanCoffeeState): number {
  return Object.values(state.allocations).filter((record) =>
    Object.values(record.allocation).some((dots) => dots > 0),
  ).length;
}

/**
 * The backlog import of a wrapped-up meeting: its undiscussed topics with their votes, every live
 * topic of the meeting and each participant's dots as they count now (merges applied), from which
 * the backlog scores head to head. The game id is the macro's localId, so a second import of the
 * same meeting changes nothing. A merge can give one voter more than M dots on the kept topic;
 * votes are capped at voters × M, the most the source record says a topic could get.
 */
export function leanCoffeeImport(localId: string, state: LeanCoffeeState): LeanCoffeeImport {
  const voters = Math.max(1, voterCount(state));
  const cap = voters * state.settings.maxDotsPerTopic;
  const liveIds = new Set(liveValues(state.topics).map((topic) => topic.id));
  return {
    kind: 'lean-coffee',
    gameId: localId,
    voters,
    maxDotsPerTopic: state.settings.maxDotsPerTopic,
    allTopicIds: [...liveIds].sort(),
    ballots: Object.values(state.allocations).map((record) =>
      effectiveAllocation(record.allocation, state.mergedInto, liveIds),
    ),
    topics: wrapUpList(state).map(({ topic, votes }) => ({
      topicId: topic.id,
      title: topic.title,
      ...(topic.details === '' ? {} : { details: topic.details }),
      votes: Math.min(votes, cap),
      proposedAt: topic.proposedAt,
    })),
  };
}

/** Everyone who took part: the facilitator and whoever wrote a topic, dots, a thumb or a note. */
function attendees(row: LeanCoffeeGameRow, state: LeanCoffeeState): string[] {
  const ids = new Set<string>([row.state.facilitator]);
  for (const topic of liveValues(state.topics)) ids.add(topic.author);
  for (const participant of Object.keys(state.allocations)) ids.add(participant);
  for (const thumb of Object.values(state.thumbs)) ids.add(thumb.participant);
  for (const takeaway of liveValues(state.takeaways)) ids.add(takeaway.author);
  for (const item of liveValues(state.actionItems)) ids.add(item.author);
  return [...ids].sort();
}

const isoDate = (epochMs: number): string => new Date(epochMs).toISOString().slice(0, 10);

/**
 * The notes page of a meeting (DESIGN §1.4): date, facilitator, attendees, the topics in the order
 * discussed with votes, minutes spent and takeaways, then the ones not reached; every takeaway;
 * the action items with their owners; and a link back to the page the meeting ran on.
 */
export function leanCoffeeNotes(
  row: LeanCoffeeGameRow,
  state: LeanCoffeeState,
  now: number,
): LeanCoffeeNotesInput {
  const summaries = topicSummaries(state, now);
  return withinBudget(fullNotes(row, state, summaries), summaries);
}

/**
 * The most a notes model may weigh, as JSON: the notes job stores it in one KVS value (240 KiB at
 * most) and the page's storage format is about as large, with room for the job's other fields and
 * the markup. A board's takeaways and action items are capped (`domain/lean-coffee/caps.ts`) but
 * not so low that every one of them, at its maximum size, fits a page: past this budget the page
 * holds the first ones, in the order discussed, and says how many more are on the board.
 */
export const NOTES_MODEL_BUDGET = 160 * 1024;

const jsonBytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value), 'utf8');

type Summary = ReturnType<typeof topicSummaries>[number];

function withinBudget(
  model: LeanCoffeeNotesInput,
  summaries: readonly Summary[],
): LeanCoffeeNotesInput {
  if (jsonBytes(model) <= NOTES_MODEL_BUDGET) return model;
  const bare = {
    ...model,
    takeaways: [],
    actionItems: [],
    leanCoffee: { topics: model.leanCoffee.topics.map((t) => ({ ...t, takeaways: [] })) },
  };
  // Room for the closing line, then takeaways (each is on the page twice), then action items.
  let left = NOTES_MODEL_BUDGET - jsonBytes(bare) - 512;
  const keptTakeaways = new Set<string>();
  for (const summary of summaries) {
    for (const takeaway of summary.takeaways) {
      const cost =
        jsonBytes(`${summary.topic.title}: ${takeaway.text}`) + jsonBytes(takeaway.text) + 2;
      if (cost > left) continue;
      left -= cost;
      keptTakeaways.add(takeaway.id);
    }
  }
  const actionItems = model.actionItems.filter((item) => {
    const cost = jsonBytes(item) + 1;
    if (cost > left) return false;
    left -= cost;
    return true;
  });
  const takeaways = summaries.flatMap((summary) =>
    summary.takeaways
      .filter((t) => keptTakeaways.has(t.id))
      .map((t) => `${summary.topic.title}: ${t.text}`),
  );
  const moreTakeaways = model.takeaways.length - takeaways.length;
  const moreActions = model.actionItems.length - actionItems.length;
  const closing = `${moreTakeaways} more takeaways and ${moreActions} more action items are on the board: this page holds what fits on one page.`;
  return {
    ...model,
    takeaways: [...takeaways, closing],
    actionItems,
    leanCoffee: {
      topics: model.leanCoffee.topics.map((topic, i) => ({
        ...topic,
        takeaways: (summaries[i]?.takeaways ?? [])
          .filter((t) => keptTakeaways.has(t.id))
          .map((t) => t.text),
      })),
    },
  };
}

function fullNotes(
  row: LeanCoffeeGameRow,
  state: LeanCoffeeState,
  summaries: readonly Summary[],
): LeanCoffeeNotesInput {
  const contentId = row.state.contentId;
  return {
    kind: 'lean-coffee',
    date: isoDate(state.meetingStartedAt),
    facilitator: row.state.facilitator,
    attendees: attendees(row, state),
    topic: { title: 'Lean Coffee' },
    checkIn: '',
    breakouts: [],
    conversation: '',
    takeaways: summaries.flatMap((summary) =>
      summary.takeaways.map((takeaway) => `${summary.topic.title}: ${takeaway.text}`),
    ),
    actionItems: summaries.flatMap((summary) =>
      summary.actionItems.map((item) => ({
        text: item.text,
        ...(item.owner === null ? {} : { owner: item.owner }),
        ...(item.due === undefined ? {} : { due: item.due }),
      })),
    ),
    leanCoffee: {
      topics: summaries.map((summary) => ({
        title: summary.topic.title,
        votes: summary.votes,
        minutesSpent: Math.round(summary.spentMs / MINUTE_MS),
        takeaways: summary.takeaways.map((takeaway) => takeaway.text),
      })),
    },
    ...(contentId === null
      ? {}
      : { source: { pageId: contentId, url: `/wiki/pages/viewpage.action?pageId=${contentId}` } }),
  };
}
