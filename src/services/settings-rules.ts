/**
 * Community settings of a space (DESIGN §1.5): the rules, as pure functions (no platform, no clock:
 * today's date comes in as an argument). Stored as one record per space by `storage/settings.ts`.
 */
import { assertNever, err, ok, type Result } from '../domain/result';
import { isIsoDate } from '../domain/text';

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

export interface CommunitySettings {
  /** The community's name, 1–80 characters; starts every notes page title. */
  readonly copName: string;
  /** Sessions a month (1–4) and the date of a session the series runs from. */
  readonly cadence: { readonly sessionsPerMonth: 1 | 2 | 3 | 4; readonly anchorDate: string };
  /** Facilitators in turn; `next` is the index of who facilitates the next session. */
  readonly rotation: { readonly facilitators: readonly string[]; readonly next: number };
  /** Where notes pages go; absent: a "Session notes" page the app creates once. */
  readonly notesParentPageId?: string;
  readonly defaults: GameDefaults;
}

/** The settings of a space nobody has configured yet. */
export const DEFAULT_SETTINGS: CommunitySettings = {
  copName: 'Community of Practice',
  cadence: { sessionsPerMonth: 2, anchorDate: '2026-01-07' },
  rotation: { facilitators: [], next: 0 },
  defaults: { rounds: 5, pointsPerPair: 7, dots: 3, timeboxMinutes: 8, meetingMinutes: 60 },
};

/** Most facilitators in a rotation. */
export const ROTATION_MAX = 50;

const MS_PER_DAY = 86_400_000;

function epochDay(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / MS_PER_DAY);
}

function isoOfDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

function daysInMonth(year: number, month0: number): number {
  return new Date(Date.UTC(year, month0 + 1, 0)).getUTCDate();
}

/**
 * The first session on or after `today` (`YYYY-MM-DD`), in the series that runs through
 * `anchorDate`: once a month on the anchor's day of the month (the last day in shorter months);
 * twice a month every 14 days; three times every 10 days; four times every 7 days. Both dates are
 * UTC calendar dates; a series also runs backwards, so an anchor in the future works too.
 */
export function nextSessionDate(
  cadence: CommunitySettings['cadence'],
  today: string,
): string | undefined {
  if (!isIsoDate(cadence.anchorDate) || !isIsoDate(today)) return undefined;
  const anchor = epochDay(cadence.anchorDate);
  const now = epochDay(today);
  if (cadence.sessionsPerMonth === 1) {
    const anchorDayOfMonth = Number(cadence.anchorDate.slice(8, 10));
    const year = Number(today.slice(0, 4));
    const month0 = Number(today.slice(5, 7)) - 1;
    for (let k = 0; k < 2; k += 1) {
      const y = year + Math.floor((month0 + k) / 12);
      const m = (month0 + k) % 12;
      const day = Math.min(anchorDayOfMonth, daysInMonth(y, m));
      const candidate = Math.floor(Date.UTC(y, m, day) / MS_PER_DAY);
      if (candidate >= now) return isoOfDay(candidate);
    }
    return undefined;
  }
  const interval = { 2: 14, 3: 10, 4: 7 }[cadence.sessionsPerMonth];
  const steps = Math.ceil((now - anchor) / interval);
  return isoOfDay(anchor + steps * interval);
}

/** Who facilitates the next session, if the rotation has anyone. */
export function nextFacilitator(rotation: CommunitySettings['rotation']): string | undefined {
  const n = rotation.facilitators.length;
  if (n === 0) return undefined;
  return rotation.facilitators[((rotation.next % n) + n) % n];
}

/** The rotation after a session: the turn passes to the following person, wrapping around. */
export function advanceRotation(
  rotation: CommunitySettings['rotation'],
): CommunitySettings['rotation'] {
  const n = rotation.facilitators.length;
  return n === 0 ? rotation : { ...rotation, next: (((rotation.next + 1) % n) + n) % n };
}

type Rotation = CommunitySettings['rotation'];

/** One change to the rotation's membership or order, by one person's account id. */
export type RotationChange =
  | { readonly type: 'join'; readonly accountId: string }
  | { readonly type: 'leave'; readonly accountId: string }
  | { readonly type: 'move'; readonly accountId: string; readonly by: -1 | 1 };

/** The rotation with its facilitators replaced; whoever's turn it was keeps it if still in it. */
function withFacilitators(rotation: Rotation, facilitators: readonly string[]): Rotation {
  const whoseTurn = nextFacilitator(rotation);
  const keep = whoseTurn === undefined ? -1 : facilitators.indexOf(whoseTurn);
  return { facilitators, next: keep < 0 ? 0 : keep };
}

/**
 * Applies one change to the rotation. Joining adds the person at the end (once: joining again
 * changes nothing), up to ROTATION_MAX people; leaving removes them (absent: nothing changes);
 * moving swaps them with the neighbour before (-1) or after (+1), nothing at either end. Whoever's
 * turn it is keeps it; when that person leaves, the turn goes to the first person.
 */
export function changeRotation(
  rotation: Rotation,
  change: RotationChange,
): Result<Rotation, 'INVALID_PAYLOAD'> {
  const list = rotation.facilitators;
  const at = list.indexOf(change.accountId);
  switch (change.type) {
    case 'join':
      if (at >= 0) return ok(rotation);
      if (list.length >= ROTATION_MAX) {
        return err('INVALID_PAYLOAD', `The rotation already has ${ROTATION_MAX} facilitators.`);
      }
      return ok(withFacilitators(rotation, [...list, change.accountId]));
    case 'leave':
      return ok(
        at < 0
          ? rotation
          : withFacilitators(
              rotation,
              list.filter((a) => a !== change.accountId),
            ),
      );
    case 'move': {
      const to = at + change.by;
      if (at < 0 || to < 0 || to >= list.length) return ok(rotation);
      const moved = [...list];
      moved[at] = list[to] as string;
      moved[to] = change.accountId;
      return ok(withFacilitators(rotation, moved));
    }
    default:
      return assertNever(change);
  }
}
