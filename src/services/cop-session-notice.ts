/**
 * What a CoP Session notice carries (issue 13, `src/contract/notices.ts`): for a participant's
 * own record, who joined, left or checked in (and whether it was a pass), with the instant the
 * server wrote it, or the board a note changed on; takeaways and action items say only that one
 * changed. Never text, never a note's id. Transitions (facilitator and lead commands, a
 * facilitator moderating someone's record) carry nothing beyond their kind: screens read.
 */
import type { CopSessionChange } from '../contract/notices';
import type { CopSessionEvent, CopSessionState } from '../domain/cop-session';
import type { Notice, NoticeInput } from './engine/definition';

/** The change a participant's event made, or null when a screen should read instead. */
export function copSessionChange(event: CopSessionEvent): CopSessionChange | null {
  switch (event.type) {
    case 'ParticipantJoined':
      return { t: 'joined', by: event.participant, at: event.at };
    case 'ParticipantLeft':
      return { t: 'left', by: event.participant, at: event.at };
    case 'CheckInAnswered':
      return { t: 'checkin', by: event.participant, at: event.at, pass: event.answer === null };
    case 'NoteAdded':
    case 'NoteEdited':
    case 'NoteDeleted':
      return { t: 'note', board: event.board };
    case 'TakeawayAdded':
    case 'TakeawayEdited':
    case 'TakeawayDeleted':
    case 'ActionItemAdded':
    case 'ActionItemEdited':
    case 'ActionItemDeleted':
      return { t: 'record' };
    case 'SessionCreated':
    case 'TopicSet':
    case 'LeadSet':
    case 'AgendaSet':
    case 'CheckInPromptSet':
    case 'GroupPlanSet':
    case 'OutlineEdited':
    case 'AttendeeAdded':
    case 'AttendeeRemoved':
    case 'SessionStarted':
    case 'StepStarted':
    case 'StepExtended':
    case 'GroupsFormed':
    case 'SessionEnded':
    case 'TakeawayModerated':
    case 'ActionItemModerated':
      return null; // the log's events: transitions, screens read
  }
}

/** The game definition's `noticeOf`. */
export function copSessionNotice<C>(
  input: NoticeInput<C, CopSessionEvent, CopSessionState>,
): Omit<Notice, 'version'> {
  const [event, ...rest] = input.events;
  // Only a participant's one record carries a change (the engine gives its state; transitions none).
  if (input.state === undefined || event === undefined || rest.length > 0) {
    return { kind: input.kind };
  }
  const change = copSessionChange(event);
  return change === null ? { kind: input.kind } : { kind: input.kind, change };
}
