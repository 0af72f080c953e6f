/** The community's rhythm resolvers (`rhythm/*`), shared with the UI (types only). */
import type {
  AbsenceReason,
  Answer,
  AnswerErrorCode,
  AnswerResponse,
  AnswerSummary,
  CadenceErrorCode,
  FacilitatorSwap,
  IcsErrorCode,
  InvitationErrorCode,
  Measure,
  MemberHistory,
  PlannedTopic,
  SwapErrorCode,
} from '../domain/community';

export const RHYTHM_RESOLVERS = {
  /** The next sessions, my answers and place on the invitation list (curators: who answered). */
  view: 'rhythm/view',
  answer: 'rhythm/answer',
  invitation: 'rhythm/invitation',
  ics: 'rhythm/ics',
  health: 'rhythm/health',
  /** Curators: write or update the invitation page of a session. */
  publishInvitation: 'rhythm/publishInvitation',
  /** Swap facilitation turns: propose, accept, decline, cancel (undo); curators: swap two dates. */
  swap: 'rhythm/swap',
} as const;

/** Refusals of the rhythm's rules (the platform's codes are in `errors.ts`). */
export type RhythmErrorCode =
  | AnswerErrorCode
  | InvitationErrorCode
  | CadenceErrorCode
  | IcsErrorCode
  | SwapErrorCode
  | 'NO_SCHEDULE';

/** One upcoming session as the banner and the calendar list show it. */
export interface UpcomingSession {
  readonly date: string;
  /** Epoch ms. */
  readonly startsAt: number;
  readonly endsAt: number;
  readonly facilitator: string | undefined;
  readonly topics: readonly PlannedTopic[];
}

export interface RhythmView {
  readonly copName: string;
  readonly timeZone: string;
  /** The next sessions (up to ANSWERABLE_SESSIONS), the first one possibly under way. */
  readonly sessions: readonly UpcomingSession[];
  /** The caller's own answers, by session date. */
  readonly myAnswers: Readonly<Record<string, Answer>>;
  /** Whether the caller is on the invitation list. */
  readonly invited: boolean;
  /** Whether the caller curates the community (curator or space administrator). */
  readonly canCurate: boolean;
  /** Curators only: the next session's answers against the invitation list. */
  readonly nextAnswers?: AnswerSummary;
  /** Curators only: the invitation list. */
  readonly invitees?: readonly string[];
  /** Curators only: people the app knows who are not on the list (and did not opt out). */
  readonly candidates?: readonly string[];
  /** The swaps proposed or accepted for the listed sessions (the two people in each decide). */
  readonly swaps?: readonly FacilitatorSwap[];
  readonly names: Readonly<Record<string, string>>;
}

/**
 * `rhythm/swap`: the facilitator of `myDate` proposes to exchange it with `theirDate`; the partner
 * accepts or declines; the proposer cancels a proposal and either of the two undoes an accepted
 * swap (`cancel`). Curators and space admins exchange two dates at once (`swapDates`).
 */
export type SwapPayload =
  | { readonly type: 'propose'; readonly myDate: string; readonly theirDate: string }
  | { readonly type: 'accept'; readonly swapId: string }
  | { readonly type: 'decline'; readonly swapId: string }
  | { readonly type: 'cancel'; readonly swapId: string }
  | { readonly type: 'swapDates'; readonly dateA: string; readonly dateB: string };

export interface SwapView {
  readonly swaps: readonly FacilitatorSwap[];
}

export interface AnswerPayload {
  readonly sessionDate: string;
  readonly response: AnswerResponse;
  readonly reason?: AbsenceReason;
  readonly note?: string;
}

export type InvitationPayload =
  | { readonly type: 'optIn' }
  | { readonly type: 'optOut' }
  | { readonly type: 'invite'; readonly accountId: string }
  | { readonly type: 'uninvite'; readonly accountId: string };

/** `rhythm/ics`: one session (its date) or the series (no date). */
export interface IcsPayload {
  readonly sessionDate?: string;
}

export interface IcsFile {
  readonly fileName: string;
  readonly text: string;
}

export interface HealthView {
  readonly measures: readonly Measure[];
  /** The caller's own history (shown to them only). */
  readonly history: MemberHistory;
  readonly names: Readonly<Record<string, string>>;
}
