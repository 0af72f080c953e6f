/**
 * Answers to an invitation (the article: a local organiser "making sure people are receiving and
 * responding to the invites", and helping them past "an urgent meeting coming up, or having too
 * many things on their plate"). Each person answers each session *coming* or *not this time*, the
 * latter with an optional reason from a short list and an optional note. One answer per person per
 * session: it is one record under the person's own key, and a later answer replaces it.
 */
import { err, ok, type Result } from '../result';
import { codePointLength } from '../text';
import type { ScheduledSession } from './schedule';

export type AnswerResponse = 'coming' | 'not-this-time';

/** The short list of reasons; `other` with a note is the free-text answer. */
export type AbsenceReason = 'another-meeting' | 'too-much-on-my-plate' | 'other';

export const ABSENCE_REASONS: readonly AbsenceReason[] = [
  'another-meeting',
  'too-much-on-my-plate',
  'other',
];

/** How each reason reads on screen and in tables. */
export const ABSENCE_REASON_LABELS: Readonly<Record<AbsenceReason, string>> = {
  'another-meeting': 'Another meeting',
  'too-much-on-my-plate': 'Too much on my plate',
  other: 'Other',
};

/** Most characters (code points) in an answer's note, after trimming. */
export const ANSWER_NOTE_MAX = 200;

/** How many upcoming sessions a person can answer for (about three months at two a month). */
export const ANSWERABLE_SESSIONS = 6;

/** One person's answer for one session: the record stored under their own key. */
export interface Answer {
  readonly sessionDate: string;
  readonly accountId: string;
  readonly response: AnswerResponse;
  readonly reason?: AbsenceReason;
  readonly note?: string;
  /** Epoch ms; the latest answer of a person for a session is the one that counts. */
  readonly answeredAt: number;
}

/** What a person sends. Their identity comes from the context, never from here. */
export interface AnswerCommand {
  readonly sessionDate: string;
  readonly response: AnswerResponse;
  readonly reason?: AbsenceReason;
  readonly note?: string;
}

export type AnswerErrorCode = 'INVALID_ANSWER' | 'NOTE_TOO_LONG' | 'NO_SESSION' | 'SESSION_OVER';

/** Who answers and when. */
export interface AnswerContext {
  readonly actor: string;
  readonly now: number;
}

/**
 * Decides an answer. `upcoming` is the list of sessions that can be answered now: the next
 * ANSWERABLE_SESSIONS sessions from `now` (`nextSessions(schedule, now, ANSWERABLE_SESSIONS)`), a
 * session under way included. A date before the first of them is `SESSION_OVER`; any other date
 * not among them is `NO_SESSION`. *Coming* takes no reason and no note; *not this time* takes an
 * optional reason from ABSENCE_REASONS and an optional note of at most ANSWER_NOTE_MAX characters
 * (trimmed; empty means none). Otherwise `INVALID_ANSWER` or `NOTE_TOO_LONG`. Returns the record to
 * write; it replaces any earlier answer of the same person for the same session.
 */
export function decideAnswer(
  command: AnswerCommand,
  ctx: AnswerContext,
  upcoming: readonly ScheduledSession[],
): Result<Answer, AnswerErrorCode> {
  const { sessionDate, response } = command;
  const first = upcoming[0];
  if (!upcoming.some((s) => s.date === sessionDate)) {
    return first !== undefined && sessionDate < first.date
      ? err('SESSION_OVER', 'That session is over; answer for an upcoming one.')
      : err('NO_SESSION', 'There is no upcoming session on that date to answer for.');
  }
  const note = command.note?.trim() ?? '';
  const base = { sessionDate, accountId: ctx.actor, answeredAt: ctx.now };
  switch (response) {
    case 'coming':
      if (command.reason !== undefined || note !== '') {
        return err('INVALID_ANSWER', 'A reason or a note goes with "not this time" only.');
      }
      return ok({ ...base, response });
    case 'not-this-time': {
      const { reason } = command;
      if (reason !== undefined && !ABSENCE_REASONS.includes(reason)) {
        return err(
          'INVALID_ANSWER',
          'The reason is another meeting, too much on my plate, or other.',
        );
      }
      if (codePointLength(note) > ANSWER_NOTE_MAX) {
        return err('NOTE_TOO_LONG', `A note has at most ${ANSWER_NOTE_MAX} characters.`);
      }
      return ok({
        ...base,
        response,
        ...(reason === undefined ? {} : { reason }),
        ...(note === '' ? {} : { note }),
      });
    }
    default:
      return err('INVALID_ANSWER', 'The answer is "coming" or "not this time".');
  }
}

/**
 * One answer per person per session: of several records for the same session and person, the one
 * with the latest `answeredAt` (the later in the list on a tie). Order: by session date, then by
 * when the kept answer was given, then by account id.
 */
export function latestAnswers(answers: readonly Answer[]): Answer[] {
  const kept = new Map<string, Answer>();
  for (const answer of answers) {
    const key = `${answer.sessionDate} ${answer.accountId}`;
    const previous = kept.get(key);
    if (previous === undefined || answer.answeredAt >= previous.answeredAt) kept.set(key, answer);
  }
  return [...kept.values()].sort(
    (a, b) =>
      (a.sessionDate < b.sessionDate ? -1 : a.sessionDate > b.sessionDate ? 1 : 0) ||
      a.answeredAt - b.answeredAt ||
      (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0),
  );
}

/** A *not this time* answer as the organiser sees it. */
export interface Absence {
  readonly accountId: string;
  readonly reason?: AbsenceReason;
  readonly note?: string;
  readonly answeredAt: number;
}

/** How many gave each reason (`none`: not this time without a reason). */
export interface ReasonCount {
  readonly reason: AbsenceReason | 'none';
  readonly label: string;
  readonly count: number;
}

/** The local organiser's view of one session's answers. */
export interface AnswerSummary {
  readonly sessionDate: string;
  /** Who said coming, in the order they answered. */
  readonly coming: readonly string[];
  /** Who said not this time, with reason and note, in the order they answered. */
  readonly notComing: readonly Absence[];
  /** Invited people with no answer yet, in the order of the invitation list. */
  readonly notAnswered: readonly string[];
  /** Every reason of the short list, and `none`, with how many gave it. */
  readonly reasons: readonly ReasonCount[];
  /** People who answered without being on the invitation list (they saw the banner). */
  readonly answeredUninvited: readonly string[];
}

/**
 * Who answered what for one session, who of the invited has not answered, and the reasons, from
 * the invitation list and the answer records (one per person: `latestAnswers`). Anyone may answer;
 * answers of people not on the list count as answers and are also listed in `answeredUninvited`.
 */
export function summariseAnswers(
  sessionDate: string,
  invited: readonly string[],
  answers: readonly Answer[],
): AnswerSummary {
  const mine = latestAnswers(answers.filter((a) => a.sessionDate === sessionDate));
  const answered = new Set(mine.map((a) => a.accountId));
  const invitedSet = new Set(invited);
  const notComing = mine
    .filter((a) => a.response === 'not-this-time')
    .map((a): Absence => ({
      accountId: a.accountId,
      answeredAt: a.answeredAt,
      ...(a.reason === undefined ? {} : { reason: a.reason }),
      ...(a.note === undefined ? {} : { note: a.note }),
    }));
  const countOf = (reason: AbsenceReason | undefined) =>
    notComing.filter((a) => a.reason === reason).length;
  return {
    sessionDate,
    coming: mine.filter((a) => a.response === 'coming').map((a) => a.accountId),
    notComing,
    notAnswered: [...new Set(invited)].filter((id) => !answered.has(id)),
    reasons: [
      ...ABSENCE_REASONS.map((reason) => ({
        reason,
        label: ABSENCE_REASON_LABELS[reason],
        count: countOf(reason),
      })),
      { reason: 'none' as const, label: 'No reason given', count: countOf(undefined) },
    ],
    answeredUninvited: mine.map((a) => a.accountId).filter((id) => !invitedSet.has(id)),
  };
}
