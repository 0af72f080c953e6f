/**
 * What a Lean Coffee notice carries (issue 13, `src/contract/notices.ts`). The backend signs every
 * notice with a change (`live.ts` `announceChange`), and screens trust a carried record only when
 * the signature holds (`static/src/lean-coffee/apply-notice.ts`):
 * - a participant's dots say only who placed them (screens whose tallies are hidden need no read);
 * - a topic proposed, edited or deleted by its author (proposing), and a takeaway or action item
 *   added, edited or deleted by its author (discussing, wrap-up) carry the record as every viewer's
 *   read shows it (or its id when deleted): these are the same on every screen, so a screen
 *   rebuilds its lists without a read;
 * - a thumb, or a record in a phase where the lists are not shown that way, says only that a
 *   record changed (`record`): screens read.
 * Transitions (and a facilitator changing someone else's record) carry nothing beyond their kind.
 */
import { parseLeanCoffeeChange, type LeanCoffeeChange } from '../contract/notices';
import type { LeanCoffeeCommand, LeanCoffeeEvent, LeanCoffeeState } from '../domain/lean-coffee';
import type { Notice, NoticeInput } from './engine/definition';

/**
 * The longest change a notice carries (in JSON characters); a larger one says `record`. Texts are
 * capped (a topic 120 + 500 characters, a takeaway 500, an action item 300: at most 2 JSON
 * characters each once the characters XML forbids are gone), so this never bites in practice; it
 * keeps a notice well under what screens accept (`MAX_NOTICE_CHARS`, 8192) whatever changes.
 */
export const MAX_CHANGE_CHARS = 4096;

const RECORD: LeanCoffeeChange = { t: 'record' };

/** The change a single participant event carries, given the phase it was accepted in. */
function changeOf(
  event: LeanCoffeeEvent,
  phase: LeanCoffeeState['phase']['kind'],
): LeanCoffeeChange {
  const listsShown = phase === 'discussing' || phase === 'wrap-up';
  switch (event.type) {
    case 'DotsAllocated':
      return { t: 'dots', by: event.participant };
    case 'TopicProposed':
    case 'TopicEdited': {
      if (
        phase !== 'proposing' ||
        (event.type === 'TopicEdited' && event.by !== event.topic.author)
      ) {
        return RECORD;
      }
      const { id, title, details, minutes, author, proposedAt } = event.topic;
      return { t: 'topic', topic: { id, title, details, minutes, author, proposedAt } };
    }
    case 'TopicDeleted':
      return phase === 'proposing' ? { t: 'topic', id: event.topicId, gone: true } : RECORD;
    case 'TakeawayAdded':
    case 'TakeawayEdited': {
      const { id, topicId, author, text, addedAt } = event.takeaway;
      // A record from before `addedAt` is listed by its write instant, which screens do not hold.
      const byAuthor = event.type === 'TakeawayAdded' || event.by === author;
      return listsShown && byAuthor && addedAt !== undefined
        ? { t: 'takeaway', takeaway: { id, topicId, author, text, addedAt } }
        : RECORD;
    }
    case 'TakeawayDeleted':
      return listsShown ? { t: 'takeaway', id: event.takeawayId, gone: true } : RECORD;
    case 'ActionItemAdded':
    case 'ActionItemEdited': {
      const { id, topicId, author, text, owner, due, addedAt } = event.actionItem;
      const byAuthor = event.type === 'ActionItemAdded' || event.by === author;
      if (!listsShown || !byAuthor || addedAt === undefined) return RECORD;
      const action =
        due === undefined
          ? { id, topicId, author, text, owner, addedAt }
          : { id, topicId, author, text, owner, due, addedAt };
      return { t: 'action', action };
    }
    case 'ActionItemDeleted':
      return listsShown ? { t: 'action', id: event.actionItemId, gone: true } : RECORD;
    case 'ThumbVoted':
    case 'LeanCoffeeCreated':
    case 'SettingsChanged':
    case 'TopicsMerged':
    case 'VotingOpened':
    case 'VotingClosed':
    case 'TopicsReordered':
    case 'TopicStarted':
    case 'ThumbsResolved':
    case 'TimeboxExtended':
    case 'TopicFinished':
    case 'WrapUpStarted':
    case 'MeetingEnded':
      return RECORD;
    default: {
      const unexpected: never = event;
      throw new Error(`Unknown event ${JSON.stringify(unexpected)}`);
    }
  }
}

/** The game definition's `noticeOf`. */
export function leanCoffeeNotice(
  input: NoticeInput<LeanCoffeeCommand, LeanCoffeeEvent, LeanCoffeeState>,
): Omit<Notice, 'version'> {
  const [event, ...rest] = input.events;
  if (input.state === undefined || event === undefined || rest.length > 0) {
    return { kind: input.kind };
  }
  const change = changeOf(event, input.state.phase.kind);
  return {
    kind: input.kind,
    change: JSON.stringify(change).length > MAX_CHANGE_CHARS ? RECORD : change,
  };
}

/** The game definition's `noticePeople`: whose names a signed change carries. */
export function leanCoffeeNoticePeople(change: unknown): readonly string[] {
  const parsed = parseLeanCoffeeChange(change);
  if (parsed === null) return [];
  switch (parsed.t) {
    case 'topic':
      return 'gone' in parsed ? [] : [parsed.topic.author];
    case 'takeaway':
      return 'gone' in parsed ? [] : [parsed.takeaway.author];
    case 'action':
      if ('gone' in parsed) return [];
      return parsed.action.owner === null
        ? [parsed.action.author]
        : [parsed.action.author, parsed.action.owner];
    case 'dots': // who placed dots is shown only once a read names them
    case 'record':
      return [];
  }
}
