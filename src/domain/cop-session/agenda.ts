import { err, ok } from '../result';
import { MINUTE_MS } from '../lean-coffee/timebox';
import type { CopSessionResult } from './errors';

/**
 * The steps of the article's deep dive: "playing an ice breaker game or 'checking in', diving deep
 * into the topic, having engaging conversations, and coming out with takeaways", with its "10-15
 * minute breakout session[s] … in small groups (2-4 small groups)" and a readout after them.
 */
export type StepKind =
  'check-in' | 'introduction' | 'breakouts' | 'readout' | 'plenary' | 'takeaways';

/** Every step, in the article's order. */
export const STEP_KINDS: readonly StepKind[] = [
  'check-in',
  'introduction',
  'breakouts',
  'readout',
  'plenary',
  'takeaways',
];

/** What each step is called on screen and on the notes page. */
export const STEP_LABELS: Readonly<Record<StepKind, string>> = {
  'check-in': 'Check-in',
  introduction: "The lead's introduction",
  breakouts: 'Breakouts',
  readout: 'Breakout readout',
  plenary: 'Plenary conversation',
  takeaways: 'Takeaways',
};

/** One step of the agenda and the minutes planned for it. */
export interface AgendaStep {
  readonly step: StepKind;
  readonly minutes: number;
}

/**
 * The article's format with its default minutes: check-in 5, the lead's introduction 10,
 * breakouts 15, readout 5, plenary conversation 15, takeaways 5 (55 minutes).
 */
export const DEFAULT_AGENDA: readonly AgendaStep[] = [
  { step: 'check-in', minutes: 5 },
  { step: 'introduction', minutes: 10 },
  { step: 'breakouts', minutes: 15 },
  { step: 'readout', minutes: 5 },
  { step: 'plenary', minutes: 15 },
  { step: 'takeaways', minutes: 5 },
];

/** Minutes one step may be planned for, inclusive. */
export const STEP_MINUTES = { min: 1, max: 60 } as const;
/** Most minutes the planned agenda may add up to (four hours). */
export const AGENDA_MAX_MINUTES = 240;
/** Minutes one extension may add, inclusive. */
export const EXTEND_MINUTES = { min: 1, max: 30 } as const;
/** Most minutes the meeting may last with every extension (six hours). */
export const MEETING_MAX_MINUTES = 360;

export { MINUTE_MS };

/** True when `value` is an integer in `[min, max]`. */
export function isIntegerIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/**
 * Checks an agenda (steps in running order; a step left out is skipped):
 * - each step at most once, each planned for a whole 1–60 minutes;
 * - at most 240 minutes in all;
 * - `takeaways` is there and last — the format ends "coming out with takeaways", and the notes
 *   page needs them;
 * - `readout` only after `breakouts` (it reads the groups' notes out).
 * Anything else is `INVALID_AGENDA` with the reason.
 */
export function validateAgenda(steps: readonly AgendaStep[]): CopSessionResult<AgendaStep[]> {
  const seen = new Set<StepKind>();
  for (const { step, minutes } of steps) {
    if (!STEP_KINDS.includes(step)) {
      return err('INVALID_AGENDA', `Unknown step "${String(step)}".`);
    }
    if (seen.has(step)) {
      return err('INVALID_AGENDA', `The ${STEP_LABELS[step]} step is on the agenda twice.`);
    }
    if (!isIntegerIn(minutes, STEP_MINUTES.min, STEP_MINUTES.max)) {
      return err(
        'INVALID_AGENDA',
        `A step lasts a whole ${STEP_MINUTES.min}–${STEP_MINUTES.max} minutes.`,
      );
    }
    if (step === 'readout' && !seen.has('breakouts')) {
      return err('INVALID_AGENDA', 'The readout comes after the breakouts.');
    }
    seen.add(step);
  }
  if (steps[steps.length - 1]?.step !== 'takeaways') {
    return err('INVALID_AGENDA', 'The agenda ends with the takeaways.');
  }
  if (plannedMinutes(steps) > AGENDA_MAX_MINUTES) {
    return err('INVALID_AGENDA', `The agenda is at most ${AGENDA_MAX_MINUTES} minutes in all.`);
  }
  return ok(steps.map(({ step, minutes }) => ({ step, minutes })));
}

/** The minutes the agenda plans in all. */
export function plannedMinutes(steps: readonly AgendaStep[]): number {
  return steps.reduce((sum, step) => sum + step.minutes, 0);
}

/** One time a step ran: from `startedAt` to `endsAt` as planned (extensions included). */
export interface StepRun {
  /** Position of the step in the agenda. */
  readonly index: number;
  readonly step: StepKind;
  readonly startedAt: number;
  readonly endsAt: number;
  /** When the facilitator moved on (or ended); `null` while it runs. */
  readonly endedAt: number | null;
  /** Minutes added by extensions during this run. */
  readonly extendedMinutes: number;
}

/** The latest run of the step at agenda position `index`, if it has run. */
export function lastRunOf(runs: readonly StepRun[], index: number): StepRun | undefined {
  return runs.findLast((run) => run.index === index);
}

/**
 * The length of a step when the facilitator enters it: its planned minutes the first time; when it
 * has run before (after going back, or forward again), the time it had left when it was left, and
 * at least one minute. So a mis-click on "next" or "back" costs nobody their time.
 */
export function entryLengthMs(plannedMin: number, lastRun: StepRun | undefined): number {
  if (lastRun === undefined) return plannedMin * MINUTE_MS;
  const left = lastRun.endsAt - (lastRun.endedAt ?? lastRun.endsAt);
  return Math.max(MINUTE_MS, left);
}

/**
 * The new end of a step extended by `minutes` at `now`: from its planned end, or from now when it
 * has already run out — "5 more minutes" after expiry means five from now.
 */
export function extendedEnd(endsAt: number, minutes: number, now: number): number {
  return Math.max(endsAt, now) + minutes * MINUTE_MS;
}
