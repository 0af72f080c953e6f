import { err, ok } from '../result';
import type { LeanCoffeeResult } from './errors';

/** The options a facilitator chooses for one Lean Coffee (DESIGN §1.2). */
export interface LeanCoffeeSettings {
  /** N: dots each participant may place. */
  readonly dotsPerParticipant: number;
  /** M: most dots one participant may place on one topic (1..N). */
  readonly maxDotsPerTopic: number;
  /** When true, nobody sees the tallies until voting closes. */
  readonly hiddenTallies: boolean;
  /** Minutes a topic asks for when its author does not say. */
  readonly defaultTopicMinutes: number;
  /** Length of the whole meeting, in minutes. */
  readonly meetingMinutes: number;
}

/** Settings as a caller may give them: anything left out takes its default. */
export type LeanCoffeeSettingsInput = Partial<LeanCoffeeSettings>;

/** Inclusive bounds of every numeric setting. `maxDotsPerTopic` is further bounded by N. */
export const SETTINGS_LIMITS = {
  dotsPerParticipant: { min: 1, max: 10 },
  maxDotsPerTopic: { min: 1, max: 10 },
  defaultTopicMinutes: { min: 1, max: 30 },
  meetingMinutes: { min: 5, max: 480 },
} as const;

/** The defaults: 3 dots, at most 3 on one topic (M = N), hidden tallies, 8-minute topics, 60 min. */
export const DEFAULT_SETTINGS: LeanCoffeeSettings = {
  dotsPerParticipant: 3,
  maxDotsPerTopic: 3,
  hiddenTallies: true,
  defaultTopicMinutes: 8,
  meetingMinutes: 60,
};

/** True when `value` is an integer in `[min, max]`. */
export function isIntegerIn(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}

/**
 * Completes and checks settings. Missing values come from `base` (the defaults unless given), with
 * one rule: when N is given and M is not, M becomes N — so lowering N never leaves M above it and
 * N = 1 still works. Valid when N is 1–10, M is 1–N, topic minutes 1–30, meeting minutes 5–480,
 * all integers. Anything else is `INVALID_SETTINGS`, naming the offending field.
 */
export function validateSettings(
  input: LeanCoffeeSettingsInput,
  base: LeanCoffeeSettings = DEFAULT_SETTINGS,
): LeanCoffeeResult<LeanCoffeeSettings> {
  const dotsPerParticipant = input.dotsPerParticipant ?? base.dotsPerParticipant;
  const settings: LeanCoffeeSettings = {
    dotsPerParticipant,
    maxDotsPerTopic:
      input.maxDotsPerTopic ??
      (input.dotsPerParticipant === undefined ? base.maxDotsPerTopic : dotsPerParticipant),
    hiddenTallies: input.hiddenTallies ?? base.hiddenTallies,
    defaultTopicMinutes: input.defaultTopicMinutes ?? base.defaultTopicMinutes,
    meetingMinutes: input.meetingMinutes ?? base.meetingMinutes,
  };
  const { dotsPerParticipant: n, defaultTopicMinutes, meetingMinutes } = SETTINGS_LIMITS;
  if (!isIntegerIn(settings.dotsPerParticipant, n.min, n.max)) {
    return err(
      'INVALID_SETTINGS',
      `Dots per participant must be a whole number ${n.min}–${n.max}.`,
    );
  }
  if (!isIntegerIn(settings.maxDotsPerTopic, 1, settings.dotsPerParticipant)) {
    return err(
      'INVALID_SETTINGS',
      `Dots on one topic must be a whole number 1–${settings.dotsPerParticipant}.`,
    );
  }
  if (typeof settings.hiddenTallies !== 'boolean') {
    return err('INVALID_SETTINGS', 'Hidden tallies must be true or false.');
  }
  if (
    !isIntegerIn(settings.defaultTopicMinutes, defaultTopicMinutes.min, defaultTopicMinutes.max)
  ) {
    return err(
      'INVALID_SETTINGS',
      `Default topic minutes must be a whole number ${defaultTopicMinutes.min}–${defaultTopicMinutes.max}.`,
    );
  }
  if (!isIntegerIn(settings.meetingMinutes, meetingMinutes.min, meetingMinutes.max)) {
    return err(
      'INVALID_SETTINGS',
      `Meeting minutes must be a whole number ${meetingMinutes.min}–${meetingMinutes.max}.`,
    );
  }
  return ok(settings);
}
