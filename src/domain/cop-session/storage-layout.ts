import { assertNever } from '../result';
import type { CopSessionCommand, CopSessionEvent, EventType, RecordEvent } from './model';
import { boardSegment, type NoteBoard } from './shared-notes';

/**
 * Where each fact of a deep dive is kept, so a board engine can derive storage keys without
 * knowing the game:
 * - `record`: a participant's own record, stored under its *identity* (below) and overwritten
 *   there; only its owner ever writes it, so sixty people acting at once lose nothing;
 * - `log`: appended to the facilitator's ordered log with compare-and-set on the game's version.
 */
export const EVENT_PLACEMENT: { readonly [K in EventType]: 'record' | 'log' } = {
  SessionCreated: 'log',
  TopicSet: 'log',
  LeadSet: 'log',
  AgendaSet: 'log',
  CheckInPromptSet: 'log',
  GroupPlanSet: 'log',
  OutlineEdited: 'log',
  AttendeeAdded: 'log',
  AttendeeRemoved: 'log',
  SessionStarted: 'log',
  StepStarted: 'log',
  StepExtended: 'log',
  GroupsFormed: 'log',
  SessionEnded: 'log',
  TakeawayModerated: 'log',
  ActionItemModerated: 'log',
  ParticipantJoined: 'record',
  ParticipantLeft: 'record',
  CheckInAnswered: 'record',
  NoteAdded: 'record',
  NoteEdited: 'record',
  NoteDeleted: 'record',
  TakeawayAdded: 'record',
  TakeawayEdited: 'record',
  TakeawayDeleted: 'record',
  ActionItemAdded: 'record',
  ActionItemEdited: 'record',
  ActionItemDeleted: 'record',
};

/** True for the events a participant writes under their own key. */
export function isRecordEvent(event: CopSessionEvent): event is RecordEvent {
  return EVENT_PLACEMENT[event.type] === 'record';
}

/**
 * The key a participant record overwrites, as segments (the engine encodes each one). Every
 * identity holds its owner's account id, the only person who ever writes it:
 * - `join:<account>` — the person's join or leave (attendance);
 * - `checkin:<account>` — their check-in answer or pass;
 * - `note:<board>:<noteId>:<account>` — their latest revision of one note (board: group number
 *   or `plenary`), so one board's notes are one prefix;
 * - `takeaway:<account>:<takeawayId>` and `action:<account>:<actionItemId>` — their own takeaway
 *   or action item, added, edited or deleted, so one person's are one prefix.
 */
export type RecordIdentity = readonly string[];

/** The owner of a record: the account whose key it is. */
export function recordOwner(event: RecordEvent): string {
  switch (event.type) {
    case 'ParticipantJoined':
    case 'ParticipantLeft':
    case 'CheckInAnswered':
      return event.participant;
    case 'NoteAdded':
    case 'NoteEdited':
    case 'NoteDeleted':
      return event.editor;
    case 'TakeawayAdded':
    case 'TakeawayEdited':
      return event.takeaway.author;
    case 'TakeawayDeleted':
    case 'ActionItemDeleted':
      return event.author;
    case 'ActionItemAdded':
    case 'ActionItemEdited':
      return event.actionItem.author;
    default:
      return assertNever(event);
  }
}

/** The identity (key segments) a participant record is stored under; see `RecordIdentity`. */
export function recordIdentity(event: RecordEvent): RecordIdentity {
  const owner = recordOwner(event);
  switch (event.type) {
    case 'ParticipantJoined':
    case 'ParticipantLeft':
      return ['join', owner];
    case 'CheckInAnswered':
      return ['checkin', owner];
    case 'NoteAdded':
    case 'NoteEdited':
    case 'NoteDeleted':
      return ['note', boardSegment(event.board), event.noteId, owner];
    case 'TakeawayAdded':
    case 'TakeawayEdited':
      return ['takeaway', owner, event.takeaway.id];
    case 'TakeawayDeleted':
      return ['takeaway', owner, event.takeawayId];
    case 'ActionItemAdded':
    case 'ActionItemEdited':
      return ['action', owner, event.actionItem.id];
    case 'ActionItemDeleted':
      return ['action', owner, event.actionItemId];
    default:
      return assertNever(event);
  }
}

/** The identity as one string, segments joined by `:` (for logs and tables). */
export function identityText(identity: RecordIdentity): string {
  return identity.join(':');
}

/**
 * Which participant records `decide` reads for a command, so an engine may load only those (plus
 * the log): `'all'` for facilitator and lead commands (which run on the whole state), else a list
 * of identity prefixes (an identity matches when its first segments equal the prefix; a full
 * identity is a single record). `decide` gives the same answer on the log plus the matching
 * records as on the whole state (a property test checks it).
 */
export type RecordsRead = 'all' | readonly (readonly string[])[];

const JOINS = ['join'];
const ownJoin = (actor: string): string[] => ['join', actor];
const noteBoard = (board: NoteBoard): string[] => ['note', boardSegment(board)];

/** See `RecordsRead`. */
export function recordsRead(command: CopSessionCommand, actor: string): RecordsRead {
  switch (command.type) {
    case 'join':
      // The attendance cap counts everyone present.
      return [JOINS];
    case 'leave':
    case 'answerCheckIn':
    case 'passCheckIn':
      return [ownJoin(actor)];
    case 'addNote':
    case 'editNote':
    case 'deleteNote':
      // A late joiner's group depends on everyone's arrival; the plenary board is open to all.
      return [command.board === 'plenary' ? ownJoin(actor) : JOINS, noteBoard(command.board)];
    case 'addTakeaway':
    case 'editTakeaway':
    case 'deleteTakeaway':
      // The cap counts the author's own takeaways; someone else's is the facilitator's business.
      return (command.type === 'addTakeaway' ? actor : (command.author ?? actor)) === actor
        ? [ownJoin(actor), ['takeaway', actor]]
        : 'all';
    case 'addActionItem':
    case 'editActionItem':
    case 'deleteActionItem':
      // The owner must be an attendee; the cap counts the author's own items.
      return (command.type === 'addActionItem' ? actor : (command.author ?? actor)) === actor
        ? [JOINS, ['action', actor]]
        : 'all';
    case 'setTopic':
    case 'setLead':
    case 'setAgenda':
    case 'setCheckInPrompt':
    case 'setGroupPlan':
    case 'editOutline':
    case 'addAttendee':
    case 'removeAttendee':
    case 'start':
    case 'next':
    case 'back':
    case 'extend':
    case 'regroup':
    case 'end':
      return 'all';
    default:
      return assertNever(command);
  }
}

/** True when `identity` starts with one of the prefixes (see `RecordsRead`). */
export function matchesRead(read: RecordsRead, identity: RecordIdentity): boolean {
  if (read === 'all') return true;
  return read.some(
    (prefix) =>
      prefix.length <= identity.length && prefix.every((segment, i) => segment === identity[i]),
  );
}
