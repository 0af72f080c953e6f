import { compareText, liveValues, own } from '../lean-coffee/records';
import { countdown, type Countdown } from '../lean-coffee/timebox';
import type { NotesModel, PageLink, SharedNote } from '../session-notes/model';
import { isoDateFromEpochMs } from '../text';
import { entryLengthMs, lastRunOf, MINUTE_MS, STEP_LABELS, type StepKind } from './agenda';
import { attendance, currentGroups, groupOf, isPresent, type Attendee } from './attendance';
import type { ActionItem, Takeaway } from './contributions';
import { COMMAND_TYPES, LEGALITY, meetingMinutes, runningStep, type Who } from './game';
import type { CommandType, CopSessionState, PhaseKind } from './model';
import { promptText, type Lead, type SessionTopic } from './setup';
import { notesOnBoard, type NoteView } from './shared-notes';

/* ------------------------------------------------------------------ clocks */

/** The running step's countdown, from its stored start and end instants and the server's now. */
export interface StepClock extends Countdown {
  readonly index: number;
  readonly step: StepKind;
}

/**
 * The countdown of the running step (remaining, elapsed, fraction, expired at `endsAt`), or `null`
 * when no step runs. Only stored instants and `now` go in, so every screen shows the same figure.
 */
export function stepClock(state: CopSessionState, now: number): StepClock | null {
  const run = runningStep(state);
  return run === null
    ? null
    : { index: run.index, step: run.step, ...countdown(run.startedAt, run.endsAt, now) };
}

/** The meeting's clock. */
export interface MeetingClock {
  readonly startedAt: number;
  /** The start plus the planned agenda plus every extension so far. */
  readonly scheduledEndAt: number;
  /** Until the scheduled end, 0 once it has passed. */
  readonly remainingMs: number;
  readonly isOver: boolean;
  /**
   * When the agenda would end if the running step ends when its clock says (or now, if it has
   * run out) and every later step takes its time.
   */
  readonly projectedEndAt: number;
  /** How far the projected end lies past the scheduled end (0 when on time). */
  readonly behindMs: number;
}

/**
 * The meeting's time: scheduled end = start + planned agenda + extensions; projected end = the
 * running step's end (or now, once it has run out) plus the time the later steps will take. After
 * the end the clock stays where the meeting stopped. `null` before the start.
 */
export function meetingClock(state: CopSessionState, now: number): MeetingClock | null {
  if (state.startedAt === null) return null;
  const at = state.endedAt ?? now;
  const scheduledEndAt = state.startedAt + meetingMinutes(state) * MINUTE_MS;
  const projectedEndAt =
    state.endedAt ??
    upcoming(state).reduce(
      (end, step) => end + step.lengthMs,
      Math.max(at, runningStep(state)?.endsAt ?? at),
    );
  return {
    startedAt: state.startedAt,
    scheduledEndAt,
    remainingMs: Math.max(0, scheduledEndAt - at),
    isOver: at >= scheduledEndAt,
    projectedEndAt,
    behindMs: Math.max(0, projectedEndAt - scheduledEndAt),
  };
}

/** The steps after the running one, each with the length it will get when entered. */
function upcoming(state: CopSessionState): { readonly index: number; readonly lengthMs: number }[] {
  const { phase } = state;
  if (phase.kind === 'ended' || phase.kind === 'setup') return [];
  return state.agenda.slice(phase.index + 1).map((planned, i) => {
    const index = phase.index + 1 + i;
    return { index, lengthMs: entryLengthMs(planned.minutes, lastRunOf(state.runs, index)) };
  });
}

/** One step of the agenda as screens show it. */
export interface AgendaItem {
  readonly index: number;
  readonly step: StepKind;
  readonly label: string;
  readonly plannedMinutes: number;
  readonly status: 'upcoming' | 'running' | 'done' | 'not reached';
  /** Time spent in it so far (every run, the running one up to now). */
  readonly spentMs: number;
  /** Running: its clock's end. Upcoming after the start: when it would start if all runs to time. */
  readonly startsAt: number | null;
  readonly endsAt: number | null;
}

/**
 * The agenda with times: each step's planned minutes, its status (done, running, upcoming, or not
 * reached when the session ended first), the time spent in it, and — once started — when the
 * running step ends and when each later step would start and end if everything runs to time.
 */
export function agenda(state: CopSessionState, now: number): AgendaItem[] {
  const { phase } = state;
  const current = phase.kind === 'setup' ? -1 : phase.kind === 'ended' ? Infinity : phase.index;
  const running = runningStep(state);
  const times = new Map<number, { startsAt: number; endsAt: number }>();
  let cursor = running === null ? 0 : Math.max(now, running.endsAt);
  for (const next of upcoming(state)) {
    times.set(next.index, { startsAt: cursor, endsAt: cursor + next.lengthMs });
    cursor += next.lengthMs;
  }
  return state.agenda.map((planned, index) => {
    const runs = state.runs.filter((run) => run.index === index);
    const spentMs = runs.reduce(
      (sum, run) => sum + Math.max(0, (run.endedAt ?? now) - run.startedAt),
      0,
    );
    const isRunning = running !== null && running.index === index;
    let status: AgendaItem['status'] = 'upcoming';
    if (isRunning) status = 'running';
    else if (index < current) status = runs.length === 0 ? 'not reached' : 'done';
    const time = isRunning
      ? { startsAt: running.startedAt, endsAt: running.endsAt }
      : times.get(index);
    return {
      index,
      step: planned.step,
      label: STEP_LABELS[planned.step],
      plannedMinutes: planned.minutes,
      status,
      spentMs,
      startsAt: time?.startsAt ?? null,
      endsAt: time?.endsAt ?? null,
    };
  });
}

/* ---------------------------------------------------------------- check-in */

/** One check-in as screens show it; `answer: null` is a pass. */
export interface CheckInEntry {
  readonly accountId: string;
  readonly answer: string | null;
  readonly at: number;
}

/** The check-in: the prompt, the answers so far (oldest first), and the viewer's own. */
export interface CheckInView {
  readonly prompt: string;
  readonly answers: readonly CheckInEntry[];
  readonly passes: number;
  /** The viewer's answer; `null` for a pass; `undefined` while they have not checked in. */
  readonly mine: string | null | undefined;
}

/**
 * The check-in as everyone sees it live: the prompt's words, every answer and pass in the order
 * last written (ties by account id), how many passed, and the viewer's own.
 */
export function checkInView(state: CopSessionState, viewer: string): CheckInView {
  const answers = Object.values(state.checkIns)
    .map(({ participant, answer, at }) => ({ accountId: participant, answer, at }))
    .sort((a, b) => a.at - b.at || compareText(a.accountId, b.accountId));
  return {
    prompt: promptText(state.prompt),
    answers,
    passes: answers.filter((entry) => entry.answer === null).length,
    mine: answers.find((entry) => entry.accountId === viewer)?.answer,
  };
}

/* --------------------------------------------------------------- breakouts */

/** A breakout group as screens show it. */
export interface GroupView {
  /** 1, 2, … */
  readonly number: number;
  readonly members: readonly string[];
  readonly notes: readonly NoteView[];
}

/** Every group now (members present, late joiners placed) with its notes; `[]` before forming. */
export function groups(state: CopSessionState): GroupView[] {
  return (currentGroups(state) ?? []).map((members, i) => ({
    number: i + 1,
    members,
    notes: notesOnBoard(state.notes, i + 1),
  }));
}

/** The viewer's own group with its notes, or `null` when they sit in none. */
export function myGroup(state: CopSessionState, viewer: string): GroupView | null {
  return groups(state).find((group) => group.members.includes(viewer)) ?? null;
}

/**
 * The groups a viewer may see: during the breakouts their own (the facilitator, who walks between
 * groups, sees all); from the readout on, every group; before the breakouts, none.
 */
export function visibleGroups(
  state: CopSessionState,
  viewer: string,
  isFacilitator: boolean,
): GroupView[] {
  if (state.groups === null) return [];
  if (isFacilitator || isPastBreakouts(state)) return groups(state);
  const mine = myGroup(state, viewer);
  return mine === null ? [] : [mine];
}

/** True once the session has moved beyond the breakouts (the readout or a later step, or ended). */
export function isPastBreakouts(state: CopSessionState): boolean {
  const { phase } = state;
  const position = phase.kind === 'setup' ? -1 : phase.kind === 'ended' ? Infinity : phase.index;
  return position > state.agenda.findIndex((step) => step.step === 'breakouts');
}

/** The notes of the plenary conversation. */
export function plenaryNotes(state: CopSessionState): NoteView[] {
  return notesOnBoard(state.notes, 'plenary');
}

/* -------------------------------------------------------- takeaways, actions */

/** Takeaways' and action items' order: as added (ties by author, then id). */
export const byAddedOrder = <
  T extends { readonly addedAt: number; readonly author: string; readonly id: string },
>(
  a: T,
  b: T,
): number => a.addedAt - b.addedAt || compareText(a.author, b.author) || compareText(a.id, b.id);

/** The live takeaways, in the order they were added (ties by author, then id). */
export function takeaways(state: CopSessionState): Takeaway[] {
  return liveValues(state.takeaways).sort(byAddedOrder);
}

/** The live action items, in the order they were added (ties by author, then id). */
export function actionItems(state: CopSessionState): ActionItem[] {
  return liveValues(state.actionItems).sort(byAddedOrder);
}

/* ------------------------------------------------------------ what I can do */

/**
 * The commands the viewer can send now: legal in this phase for their role (facilitator, the
 * topic's lead, anyone), and — for a participant's own commands — joining only when not yet here,
 * everything else a participant adds only once here. Screens use it to say what someone can do, or
 * that they are waiting for the facilitator.
 */
export function availableCommands(
  state: CopSessionState,
  viewer: string,
  isFacilitator: boolean,
): CommandType[] {
  const here = isPresent(state, viewer);
  return commandsIn(state.phase.kind, {
    isFacilitator,
    isLead: state.lead.kind === 'member' && state.lead.accountId === viewer,
    isPresent: here,
    joinedSelf: here && own(state.selfPresence, viewer)?.isPresent === true,
  });
}

/** Who a viewer is at a session, as far as what they can do goes. */
export interface ViewerRole {
  readonly isFacilitator: boolean;
  readonly isLead: boolean;
  readonly isPresent: boolean;
  /** Present because they joined from their own device (not only added by the facilitator). */
  readonly joinedSelf: boolean;
}

/**
 * `availableCommands` in `phase` for a viewer's role: a screen that learns the phase moved
 * (a signed step notice) works out what it can do as a read would.
 */
export function commandsIn(phase: PhaseKind, role: ViewerRole): CommandType[] {
  const mayAct: Readonly<Record<Who, boolean>> = {
    facilitator: role.isFacilitator,
    lead: role.isLead || role.isFacilitator,
    // A participant's own commands: joining until joined, the rest once here.
    anyone: role.isPresent,
    author: role.isPresent,
  };
  return COMMAND_TYPES.filter((type) => {
    const rule = LEGALITY[type];
    if (!rule.phases.includes(phase)) return false;
    return type === 'join' ? !role.joinedSelf : mayAct[rule.who];
  });
}

/* ------------------------------------------------------------ the whole view */

/** Everything one screen shows, for one viewer at the server's `now`. */
export interface SessionView {
  readonly phase: PhaseKind;
  readonly facilitator: string | null;
  readonly topic: SessionTopic | null;
  readonly lead: Lead;
  readonly agenda: readonly AgendaItem[];
  readonly step: StepClock | null;
  readonly meeting: MeetingClock | null;
  readonly attendance: readonly Attendee[];
  readonly isPresent: boolean;
  readonly checkIn: CheckInView;
  readonly myGroup: number | null;
  readonly groups: readonly GroupView[];
  readonly plenaryNotes: readonly NoteView[];
  readonly takeaways: readonly Takeaway[];
  readonly actionItems: readonly ActionItem[];
  readonly canDo: readonly CommandType[];
}

/**
 * The view of a session for one viewer: phase, topic and lead (with the outline and questions),
 * the agenda with times, the running step's countdown and the meeting's clock, attendance, the
 * check-in, the viewer's group (or every group from the readout on), the plenary notes, takeaways
 * and action items in the order added, and what the viewer can do now.
 */
export function sessionView(
  state: CopSessionState,
  now: number,
  viewer: string,
  isFacilitator: boolean,
): SessionView {
  return {
    phase: state.phase.kind,
    facilitator: state.facilitator,
    topic: state.topic,
    lead: state.lead,
    agenda: agenda(state, now),
    step: stepClock(state, now),
    meeting: meetingClock(state, now),
    attendance: attendance(state),
    isPresent: isPresent(state, viewer),
    checkIn: checkInView(state, viewer),
    myGroup: groupOf(state, viewer),
    groups: visibleGroups(state, viewer, isFacilitator),
    plenaryNotes: plenaryNotes(state),
    takeaways: takeaways(state),
    actionItems: actionItems(state),
    canDo: availableCommands(state, viewer, isFacilitator),
  };
}

/* ------------------------------------------------------------- notes input */

/** A deep dive's notes as the notes service takes them (the community's name comes from it). */
export type DeepDiveNotesInput = Omit<Extract<NotesModel, { kind: 'deep-dive' }>, 'copName'>;

/** What the rules cannot know: the local date, the backlog's next topic, the page it ran on. */
export interface NotesOptions {
  /** `YYYY-MM-DD` in the community's time zone; the UTC date of the start when left out. */
  readonly date?: string;
  readonly nextTopic?: NotesModel['nextTopic'];
  readonly source?: PageLink;
}

/** A note for the page: its text, and any concurrent versions nobody merged. */
function sharedNote(note: NoteView): SharedNote {
  // A note deleted while someone edited it keeps the edit: nothing anyone wrote is dropped. (A
  // note with no text left at all is not in the view.)
  const [text = '', ...alsoWritten] = [note.text, ...note.conflicts.map((c) => c.text)].flatMap(
    (t) => (t === null ? [] : [t]),
  );
  return alsoWritten.length === 0 ? { text } : { text, alsoWritten };
}

/**
 * Everything the notes page needs: date, facilitator, attendees (arrival order), the topic with its
 * lead (a member as `topic.lead`, a guest's name as text), details, outline and questions, the
 * check-in prompt with the answers and passes, each group with its members and notes, the plenary
 * notes, the takeaways and action items (owner, due date) in the order added, and the options.
 */
export function notesInput(state: CopSessionState, options: NotesOptions = {}): DeepDiveNotesInput {
  const topic = state.topic;
  const lead = state.lead;
  const check = checkInView(state, '');
  return {
    kind: 'deep-dive',
    date: options.date ?? isoDateFromEpochMs(state.startedAt ?? state.createdAt ?? 0),
    facilitator: state.facilitator ?? '',
    attendees: attendance(state).map((attendee) => attendee.accountId),
    topic: {
      title: topic?.title ?? '',
      ...(lead.kind === 'member' ? { lead: lead.accountId } : {}),
    },
    checkIn: state.runs.some((run) => run.step === 'check-in') ? check.prompt : '',
    breakouts: [],
    conversation: '',
    takeaways: takeaways(state).map((takeaway) => takeaway.text),
    actionItems: actionItems(state).map((item) => ({
      text: item.text,
      ...(item.owner === null ? {} : { owner: item.owner }),
      ...(item.due === null ? {} : { due: item.due }),
    })),
    ...(options.nextTopic === undefined ? {} : { nextTopic: options.nextTopic }),
    ...(options.source === undefined ? {} : { source: options.source }),
    deepDive: {
      ...(lead.kind === 'guest' ? { guestLead: lead.name } : {}),
      details: topic?.details ?? '',
      outline: topic?.outline ?? '',
      questions: topic?.questions ?? [],
      checkInAnswers: check.answers.flatMap((entry) =>
        entry.answer === null ? [] : [{ who: entry.accountId, answer: entry.answer }],
      ),
      checkInPasses: check.passes,
      groups: groups(state).map((group) => ({
        name: `Group ${group.number}`,
        members: group.members,
        notes: group.notes.map(sharedNote),
      })),
      conversationNotes: plenaryNotes(state).map(sharedNote),
    },
  };
}

/**
 * The groups this session's breakout ended with (late joiners included), to give the next
 * session as `previousGroups`; `[]` when there were no breakouts.
 */
export function breakoutHistory(state: CopSessionState): string[][] {
  return currentGroups(state) ?? [];
}
