/**
 * What a CoP Session notice carries (issue 13, `src/contract/notices.ts`): for a participant's
 * own record, who joined, left or checked in (whether it was a pass, and an answer's text), with
 * the instant the server wrote it; a takeaway or an action item as every screen lists it after the
 * change, text included — the notice is signed (`notice-signing.ts`) and screens apply that text
 * only when the signature checks out; or the board a note changed on, with the note itself only
 * sealed for that board (`copSessionSealedNotice`, `note-sealing.ts`: only the screens that show
 * the board can open it), never in the clear. A facilitator's move to another step that changes
 * only the phase and the clocks carries them (`stepChange`), signed. Other transitions (facilitator
 * and lead commands, a facilitator moderating someone's record) carry only their kind: screens
 * read.
 */
import { parseCopSessionChange, type CopSessionChange } from '../contract/notices';
import {
  agenda,
  isPastBreakouts,
  meetingClock,
  stepClock,
  type CopSessionEvent,
  type CopSessionState,
} from '../domain/cop-session';
import { contributionKey } from '../domain/cop-session/contributions';
import { own, type Stamped } from '../domain/lean-coffee/records';
import type { Notice, NoticeInput } from './engine/definition';
import { sealedNote } from './note-sealing';

/** A contribution as the state holds it after the event (what a read lists), or null: gone. */
function latest<V>(records: Readonly<Record<string, Stamped<V>>>, author: string, id: string) {
  return own(records, contributionKey(author, id))?.value ?? null;
}

/**
 * The change a participant's event made, or null when a screen should read instead. `state` is
 * the state after the event: a takeaway or action item is carried as a read would list it then.
 */
export function copSessionChange(
  event: CopSessionEvent,
  state: CopSessionState,
): CopSessionChange | null {
  switch (event.type) {
    case 'ParticipantJoined':
      return { t: 'joined', by: event.participant, at: event.at };
    case 'ParticipantLeft':
      return { t: 'left', by: event.participant, at: event.at };
    case 'CheckInAnswered':
      return event.answer === null
        ? { t: 'checkin', by: event.participant, at: event.at, pass: true }
        : { t: 'checkin', by: event.participant, at: event.at, pass: false, answer: event.answer };
    case 'NoteAdded':
    case 'NoteEdited':
    case 'NoteDeleted':
      return { t: 'note', board: event.board };
    case 'TakeawayAdded':
    case 'TakeawayEdited': {
      const { author, id } = event.takeaway;
      return { t: 'takeaway', author, id, item: latest(state.takeaways, author, id) };
    }
    case 'TakeawayDeleted':
      return {
        t: 'takeaway',
        author: event.author,
        id: event.takeawayId,
        item: latest(state.takeaways, event.author, event.takeawayId),
      };
    case 'ActionItemAdded':
    case 'ActionItemEdited': {
      const { author, id } = event.actionItem;
      return { t: 'action', author, id, item: latest(state.actionItems, author, id) };
    }
    case 'ActionItemDeleted':
      return {
        t: 'action',
        author: event.author,
        id: event.actionItemId,
        item: latest(state.actionItems, event.author, event.actionItemId),
      };
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

/**
 * The game definition's `noticeOf`: `copSessionNotice`, with a note's change sealed for its board
 * (`note-sealing.ts`) when the note fits, so the screens that show the board apply it.
 */
export async function copSessionSealedNotice<C>(
  input: NoticeInput<C, CopSessionEvent, CopSessionState>,
): Promise<Omit<Notice, 'version'>> {
  const notice = copSessionNotice(input);
  const [event] = input.events;
  const { state, board } = input;
  if (notice.change === undefined || state === undefined || board === undefined) return notice;
  if (
    event?.type !== 'NoteAdded' &&
    event?.type !== 'NoteEdited' &&
    event?.type !== 'NoteDeleted'
  ) {
    return notice;
  }
  const sealed = await sealedNote(board, state, event.board, event.noteId);
  return sealed === undefined
    ? notice
    : { ...notice, change: { t: 'note', board: event.board, sealed } };
}

/** What a notice carries, the note's text aside (`copSessionSealedNotice` seals that). */
export function copSessionNotice<C>(
  input: NoticeInput<C, CopSessionEvent, CopSessionState>,
): Omit<Notice, 'version'> {
  const [event, ...rest] = input.events;
  if (input.transition !== undefined) {
    const step = stepChange(input.events, input.transition);
    return step === null ? { kind: input.kind } : { kind: input.kind, change: step };
  }
  // Only a participant's one record carries a change (the engine gives its state).
  if (input.state === undefined || event === undefined || rest.length > 0) {
    return { kind: input.kind };
  }
  const change = copSessionChange(event, input.state);
  return change === null ? { kind: input.kind } : { kind: input.kind, change };
}

/**
 * Longest step change carried (JSON characters): the agenda's steps and clocks take about 1,500
 * for the article's six steps; a larger one is left to reads.
 */
export const MAX_STEP_CHARS = 4096;

/**
 * What a facilitator's move to another step (or an extension) changes on every screen, when that
 * is only the phase and the clocks: no groups formed with it, and no screen's groups shown or
 * hidden by it (both sides of the breakouts' end alike). Everything else a screen shows is as it
 * was; what the viewer can do follows from the phase (`commandsIn`). Null: screens read.
 */
export function stepChange(
  events: readonly CopSessionEvent[],
  { before, after, now }: { before: CopSessionState; after: CopSessionState; now: number },
): Extract<CopSessionChange, { t: 'step' }> | null {
  const [event, ...rest] = events;
  if (rest.length > 0 || (event?.type !== 'StepStarted' && event?.type !== 'StepExtended')) {
    return null;
  }
  const from = before.phase.kind;
  const to = after.phase.kind;
  if (from === 'setup' || from === 'ended' || to === 'setup' || to === 'ended') return null;
  if (before.groups !== after.groups || isPastBreakouts(before) !== isPastBreakouts(after)) {
    return null;
  }
  const change = {
    t: 'step',
    now,
    phase: to,
    agenda: agenda(after, now),
    step: stepClock(after, now),
    meeting: meetingClock(after, now),
  } as const;
  return JSON.stringify(change).length <= MAX_STEP_CHARS ? change : null;
}

/** The game definition's `noticePeople`: whose names a signed change carries. */
export function copSessionNoticePeople(change: unknown): readonly string[] {
  const parsed = parseCopSessionChange(change);
  if (parsed === null) return [];
  switch (parsed.t) {
    case 'joined':
    case 'left':
    case 'checkin':
      return [parsed.by];
    case 'takeaway':
      return parsed.item === null ? [] : [parsed.item.author];
    case 'action':
      if (parsed.item === null) return [];
      return parsed.item.owner === null
        ? [parsed.item.author]
        : [parsed.item.author, parsed.item.owner];
    case 'note':
    case 'record':
    case 'step':
      return [];
  }
}
