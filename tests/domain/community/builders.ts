/** Builders for the community domain tests: fresh values with overrides. */
import {
  scheduleOf,
  type Cadence,
  type CommunitySettings,
  type Schedule,
} from '../../../src/domain/community';

/** A fortnightly-ish Berlin cadence: 1st and 3rd Wednesday at 18:00 for 90 minutes. */
export function aCadence(overrides: Partial<Cadence> = {}): Cadence {
  return {
    sessionsPerMonth: 2,
    anchorDate: '2027-01-01',
    weekday: 3,
    startTime: '18:00',
    durationMinutes: 90,
    timeZone: 'Europe/Berlin',
    ...overrides,
  };
}

/** The schedule of a cadence; fails the test when the cadence is refused. */
export function aSchedule(overrides: Partial<Cadence> = {}): Schedule {
  const result = scheduleOf(aCadence(overrides));
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

/** A rotation with overrides. */
export function aRotation(
  overrides: Partial<CommunitySettings['rotation']> = {},
): CommunitySettings['rotation'] {
  return { facilitators: ['ana', 'ben', 'cho'], next: 0, ...overrides };
}

/** Epoch ms of an ISO instant written with its offset, e.g. `2027-03-28T01:30:00Z`. */
export const at = (iso: string): number => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`Bad instant ${iso}`);
  return ms;
};

/** Zones the properties draw from: both hemispheres, half-hour offsets, no-DST zones, date-line. */
export const ZONES = [
  'UTC',
  'Europe/Berlin',
  'Europe/London',
  'America/New_York',
  'America/Sao_Paulo',
  'Australia/Sydney',
  'Australia/Lord_Howe',
  'Asia/Kolkata',
  'Asia/Tokyo',
  'Pacific/Auckland',
  'Pacific/Chatham',
  'America/St_Johns',
] as const;
