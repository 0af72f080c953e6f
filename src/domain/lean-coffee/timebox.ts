/** Milliseconds in a minute: timeboxes are whole minutes, instants are epoch milliseconds. */
export const MINUTE_MS = 60_000;

/**
 * How long after a timebox expires anyone (not only the facilitator) may close the thumbs vote.
 * Before that, only the facilitator can close it early.
 */
export const THUMBS_WINDOW_MS = 60_000;

/** A thumbs vote: up (continue), sideways (either), down (move on). */
export type Thumb = 'up' | 'sideways' | 'down';

/** Every thumb, for validation and for listing the choices. */
export const THUMBS: readonly Thumb[] = ['up', 'sideways', 'down'];

/** Votes of one thumbs round. */
export interface ThumbCounts {
  readonly up: number;
  readonly sideways: number;
  readonly down: number;
}

/** What happens to the topic after a thumbs round. */
export type ThumbsOutcome = 'extend' | 'next';

/** Counts each kind of thumb. */
export function countThumbs(thumbs: Iterable<Thumb>): ThumbCounts {
  const counts = { up: 0, sideways: 0, down: 0 };
  for (const thumb of thumbs) {
    counts[thumb] += 1;
  }
  return counts;
}

/**
 * The thumbs rule: strictly more ups than downs extends the topic; a tie, more downs, or nobody
 * voting moves on. Sideways votes do not count either way.
 */
export function thumbsOutcome(counts: ThumbCounts): ThumbsOutcome {
  return counts.up > counts.down ? 'extend' : 'next';
}

/**
 * Length of an extension: half of the last timebox, rounded up to a whole minute, and at least one
 * minute. 8 → 4 → 2 → 1 → 1; 5 → 3 → 2 → 1. Whole minutes keep every screen's countdown simple.
 */
export function extensionMinutes(lastTimeboxMinutes: number): number {
  return Math.max(1, Math.ceil(lastTimeboxMinutes / 2));
}

/** A running clock as every screen shows it, computed from stored instants and the server's now. */
export interface Countdown {
  readonly startedAt: number;
  readonly endsAt: number;
  /** Milliseconds left, 0 once expired, never more than the whole span. */
  readonly remainingMs: number;
  /** Milliseconds used: the span minus `remainingMs`. */
  readonly elapsedMs: number;
  /** `remainingMs` over the whole span, in [0, 1] (0 for an empty span): width of a progress bar. */
  readonly fractionRemaining: number;
  readonly isExpired: boolean;
}

/**
 * The countdown of a span `[startedAt, endsAt)` at `now`: remaining = endsAt − now, clamped to
 * [0, endsAt − startedAt]. Expired when now ≥ endsAt. Pure arithmetic on stored instants, so a
 * reload or another screen shows the same figure.
 */
export function countdown(startedAt: number, endsAt: number, now: number): Countdown {
  const span = Math.max(0, endsAt - startedAt);
  const remainingMs = Math.min(span, Math.max(0, endsAt - now));
  return {
    startedAt,
    endsAt,
    remainingMs,
    elapsedMs: span - remainingMs,
    fractionRemaining: span === 0 ? 0 : remainingMs / span,
    isExpired: now >= endsAt,
  };
}

/** What the fit check needs to know about a topic still to discuss. */
export interface TimeboxedTopic {
  readonly id: string;
  readonly minutes: number;
}

/**
 * Topics that cannot fit in what is left of the meeting: walking the current order, each topic's
 * requested minutes are added to the time still needed by the running topic; a topic whose
 * cumulative end passes the meeting's remaining time is marked. Once one does not fit, none after
 * it does (the sum only grows).
 */
export function wontFit(
  queue: readonly TimeboxedTopic[],
  runningRemainingMs: number,
  meetingRemainingMs: number,
): string[] {
  let needed = runningRemainingMs;
  const marked: string[] = [];
  for (const topic of queue) {
    needed += topic.minutes * MINUTE_MS;
    if (needed > meetingRemainingMs) {
      marked.push(topic.id);
    }
  }
  return marked;
}
