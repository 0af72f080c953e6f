/**
 * Community settings of a space (DESIGN §1.5): the types and defaults. Stored as one record per
 * space by `storage/settings.ts`; the rules that use them live beside this file (`schedule.ts`,
 * `rotation.ts`). Moved here from `services/settings-rules.ts`: a rule is domain code.
 */
import type { Weekday } from './civil';

/** Game defaults a new macro starts with (each game can still change its own). */
export interface GameDefaults {
  /** Thirty Five rounds, 1–10. */
  readonly rounds: number;
  /** Thirty Five points split per pair, 2–20. */
  readonly pointsPerPair: number;
  /** Lean Coffee dots per participant, 1–10. */
  readonly dots: number;
  /** Lean Coffee default timebox per topic in minutes, 1–30. */
  readonly timeboxMinutes: number;
  /** Lean Coffee meeting timebox in minutes, 10–240. */
  readonly meetingMinutes: number;
}

/** How often the community meets: the article's 1–4 sessions a month. */
export type SessionsPerMonth = 1 | 2 | 3 | 4;

/** Which occurrence of the weekday in a month: the 1st–4th, or the last (4th or 5th). */
export type WeekOfMonth = 1 | 2 | 3 | 4 | 'last';

/**
 * The community's rhythm. `sessionsPerMonth` and `anchorDate` are what settings stored before the
 * calendar hold; the other fields are optional so those records stay valid (see `scheduleOf` for
 * how a record without a weekday is read).
 */
export interface Cadence {
  readonly sessionsPerMonth: SessionsPerMonth;
  /**
   * `YYYY-MM-DD`. With a weekday: the first day of the series (no session before it). Without one
   * (a record from before the calendar): a session date the old series runs through.
   */
  readonly anchorDate: string;
  /** The weekday every session falls on. */
  readonly weekday?: Weekday;
  /** With one session a month: which occurrence of the weekday (default the 1st). Else ignored. */
  readonly weekOfMonth?: WeekOfMonth;
  /** Local start time `HH:MM` (24-hour) in `timeZone`; default `12:00`. */
  readonly startTime?: string;
  /** Length of a session in minutes, 15–480; default 60. */
  readonly durationMinutes?: number;
  /** IANA time zone the weekday and time are meant in; default `UTC`. */
  readonly timeZone?: string;
}

/** One accepted or proposed exchange of two facilitation turns (see `swaps.ts`). */
export interface FacilitatorSwap {
  /** Stable id: `<proposerDate>~<partnerDate>`. */
  readonly id: string;
  /** Who asked: the facilitator of `proposerDate` when asking. */
  readonly proposer: string;
  readonly proposerDate: string;
  /** Who was asked: the facilitator of `partnerDate` when asked. */
  readonly partner: string;
  readonly partnerDate: string;
  /** `proposed` until the partner accepts; only `accepted` swaps change who facilitates. */
  readonly status: 'proposed' | 'accepted';
  /** Epoch ms of the last change (proposal or acceptance); accepted swaps apply in this order. */
  readonly at: number;
}

export interface CommunitySettings {
  /** The community's name, 1–80 characters; starts every notes page title. */
  readonly copName: string;
  /** When the community meets. */
  readonly cadence: Cadence;
  /** Facilitators in turn; `next` is the index of who facilitates the next session. */
  readonly rotation: { readonly facilitators: readonly string[]; readonly next: number };
  /** Swapped turns (absent: none). Kept with the rotation, which they are read against. */
  readonly swaps?: readonly FacilitatorSwap[];
  /**
   * The community's curators (account ids, in the order they were added; absent: none): besides
   * the space administrators, they archive, merge, restore and unmerge topics, name the community,
   * pick the notes parent and keep the rotation's membership. Only space administrators change it.
   */
  readonly curators?: readonly string[];
  /** Where notes pages go; absent: a "Session notes" page the app creates once. */
  readonly notesParentPageId?: string;
  readonly defaults: GameDefaults;
}

/** The rotation part of the settings. */
export type Rotation = CommunitySettings['rotation'];

/** Session time, length and zone of a cadence that does not say (the article's lunch-time slot). */
export const DEFAULT_START_TIME = '12:00';
export const DEFAULT_DURATION_MINUTES = 60;
export const DEFAULT_TIME_ZONE = 'UTC';

/** Bounds of a session's length in minutes. */
export const DURATION_MINUTES = { min: 15, max: 480 } as const;

/** The settings of a space nobody has configured yet. */
export const DEFAULT_SETTINGS: CommunitySettings = {
  copName: 'Community of Practice',
  cadence: { sessionsPerMonth: 2, anchorDate: '2026-01-07' },
  rotation: { facilitators: [], next: 0 },
  defaults: { rounds: 5, pointsPerPair: 7, dots: 3, timeboxMinutes: 8, meetingMinutes: 60 },
};
