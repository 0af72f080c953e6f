/**
 * The rotation assigned to dates, with swapped turns, and the backlog's planned topics per date.
 *
 * Turn order: the k-th upcoming session (k = 0 is the next one) belongs to the person k places
 * after the rotation's `next`, wrapping around; the turn passes (`advanceRotation`) when a session
 * is held, so the assignment of the dates still ahead does not change when one is done.
 *
 * A swap is an exchange of two turns between two people: the proposer gives up `proposerDate` to
 * the partner and takes `partnerDate` in return. Accepted swaps apply in the order they were
 * accepted, each on the assignment the earlier ones left. A swap applies only while both turns are
 * still theirs: on `proposerDate` the proposer, on `partnerDate` the partner. Otherwise it lapses
 * and is reported, and those dates keep the plain turn order:
 * - `left-rotation`: one of them left the rotation (the other one's date goes back to whoever the
 *   turn order gives; nobody is held to half a swap);
 * - `turn-moved`: the rotation changed (someone joined, left or moved, or a session was skipped) so
 *   the two dates no longer fall to those two people;
 * - `date-gone`: a date is no longer a session date (the cadence changed).
 * Once the earlier date has passed, the later half still applies on its own (the proposer did, or
 * skipped, their part; the exchange is completed by the other date). Because every applied swap
 * exchanges two people, everyone facilitates as many sessions as the plain turn order gives them.
 */
import type { FacilitatorSwap, Rotation } from './settings';
import { facilitatorAfter } from './rotation';
import { nextSessions, SESSIONS_MAX, type Schedule, type ScheduledSession } from './schedule';

/** Why a swap no longer applies. */
export type SwapLapseReason = 'left-rotation' | 'turn-moved' | 'date-gone';

/** An accepted swap that no longer applies, and why (for the two people to be told). */
export interface LapsedSwap {
  readonly swap: FacilitatorSwap;
  readonly reason: SwapLapseReason;
}

/** Who facilitates one upcoming session. */
export interface FacilitatorTurn {
  readonly date: string;
  /** `undefined` while the rotation is empty. */
  readonly facilitator: string | undefined;
  /** Set when an accepted swap gave this date to `facilitator`: the swap and whose turn it was. */
  readonly swap?: { readonly id: string; readonly insteadOf: string };
}

/** The turn holders of the given dates and the accepted swaps that lapsed. */
export interface FacilitatorAssignment {
  readonly turns: readonly FacilitatorTurn[];
  readonly lapsed: readonly LapsedSwap[];
}

/** Accepted swaps in the order they apply: by acceptance instant, then id. */
function acceptedInOrder(swaps: readonly FacilitatorSwap[]): FacilitatorSwap[] {
  return swaps
    .filter((s) => s.status === 'accepted')
    .sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Assigns the rotation to upcoming session dates (`dates`: ascending, the first is the next
 * session), then applies the accepted swaps as the module comment says. A swap date before the
 * first listed date has passed; one after the last listed date is outside the window and the swap
 * is left out (list enough dates: `planSessions` does).
 */
export function assignFacilitators(
  dates: readonly string[],
  rotation: Rotation,
  swaps: readonly FacilitatorSwap[] = [],
): FacilitatorAssignment {
  const turns: FacilitatorTurn[] = dates.map((date, k) => ({
    date,
    facilitator: facilitatorAfter(rotation, k),
  }));
  const first = dates[0];
  const last = dates[dates.length - 1];
  const lapsed: LapsedSwap[] = [];
  if (first === undefined || last === undefined) return { turns, lapsed };
  const inRotation = new Set(rotation.facilitators);
  for (const swap of acceptedInOrder(swaps)) {
    const halves = [
      { date: swap.proposerDate, holder: swap.proposer, taker: swap.partner },
      { date: swap.partnerDate, holder: swap.partner, taker: swap.proposer },
    ].filter((half) => half.date >= first);
    if (halves.length === 0 || halves.some((half) => half.date > last)) continue;
    const lapse = (reason: SwapLapseReason) => lapsed.push({ swap, reason });
    if (!inRotation.has(swap.proposer) || !inRotation.has(swap.partner)) {
      lapse('left-rotation');
      continue;
    }
    const indices = halves.map((half) => dates.indexOf(half.date));
    if (indices.some((i) => i < 0)) {
      lapse('date-gone');
      continue;
    }
    if (halves.some((half, n) => turns[indices[n] as number]?.facilitator !== half.holder)) {
      lapse('turn-moved');
      continue;
    }
    halves.forEach((half, n) => {
      const i = indices[n] as number;
      turns[i] = {
        date: half.date,
        facilitator: half.taker,
        swap: { id: swap.id, insteadOf: half.holder },
      };
    });
  }
  return { turns, lapsed };
}

/** What the plan needs of a backlog topic (a backlog `Topic` fits). */
export interface PlannableTopic {
  readonly id: string;
  readonly title: string;
  readonly status: 'proposed' | 'planned' | 'discussed' | 'archived';
  readonly plannedDate?: string;
  readonly lead?: string;
}

/** A topic planned for a session, with its volunteer lead. */
export interface PlannedTopic {
  readonly id: string;
  readonly title: string;
  readonly lead?: string;
}

/** One upcoming session with its facilitator and planned topics. */
export interface SessionPlan extends ScheduledSession, FacilitatorTurn {
  /** Planned topics on this date, in the order given (usually one). */
  readonly topics: readonly PlannedTopic[];
}

/** The next sessions as the community sees them. */
export interface CommunityPlan {
  readonly sessions: readonly SessionPlan[];
  readonly lapsedSwaps: readonly LapsedSwap[];
  /** Topics planned on a date on or after the next session that holds no session (cadence changed). */
  readonly topicsOffSchedule: readonly PlannedTopic[];
}

const planned = (topic: PlannableTopic): PlannedTopic =>
  topic.lead === undefined
    ? { id: topic.id, title: topic.title }
    : { id: topic.id, title: topic.title, lead: topic.lead };

/**
 * The next `count` sessions from instant `from` with, for each, its facilitator (turn order and
 * accepted swaps; the window is widened internally up to the latest swap date, at most
 * SESSIONS_MAX sessions, so a swap is never cut in half) and the planned topics of that date (status
 * `planned`, `plannedDate` = the session date). Also the swaps that lapsed and the planned topics
 * whose date, within the listed window, holds no session.
 */
export function planSessions(
  schedule: Schedule,
  from: number,
  count: number,
  rotation: Rotation,
  swaps: readonly FacilitatorSwap[],
  topics: readonly PlannableTopic[],
): CommunityPlan {
  let latestSwapDate = '';
  for (const s of swaps) {
    for (const date of [s.proposerDate, s.partnerDate]) {
      if (date > latestSwapDate) latestSwapDate = date;
    }
  }
  let upcoming = nextSessions(schedule, from, count);
  const last = upcoming[upcoming.length - 1];
  if (last !== undefined && latestSwapDate > last.date) {
    const wider = nextSessions(schedule, from, SESSIONS_MAX);
    const reach = wider.findIndex((s) => s.date >= latestSwapDate);
    upcoming = wider.slice(0, reach < 0 ? wider.length : reach + 1);
  }
  const { turns, lapsed } = assignFacilitators(
    upcoming.map((s) => s.date),
    rotation,
    swaps,
  );
  const plannedTopics = topics.filter(
    (t): t is PlannableTopic & { plannedDate: string } =>
      t.status === 'planned' && t.plannedDate !== undefined,
  );
  const shown = upcoming.slice(0, Math.max(0, count));
  const sessionDates = new Set(shown.map((s) => s.date));
  const first = shown[0]?.date;
  const lastShown = shown[shown.length - 1]?.date;
  return {
    sessions: shown.map((session, k) => ({
      ...session,
      ...(turns[k] as FacilitatorTurn),
      topics: plannedTopics.filter((t) => t.plannedDate === session.date).map(planned),
    })),
    lapsedSwaps: lapsed,
    topicsOffSchedule:
      first === undefined || lastShown === undefined
        ? []
        : plannedTopics
            .filter(
              (t) =>
                t.plannedDate >= first &&
                t.plannedDate <= lastShown &&
                !sessionDates.has(t.plannedDate),
            )
            .map(planned),
  };
}

/**
 * "Planning a topic offers the next free session date": the date of the first session from
 * instant `from` on that no `planned` topic is planned for (looking up to SESSIONS_MAX sessions
 * ahead); `undefined` when every one of them is taken.
 */
export function nextFreeSessionDate(
  schedule: Schedule,
  from: number,
  topics: readonly PlannableTopic[],
): string | undefined {
  const taken = new Set(
    topics.flatMap((t) =>
      t.status === 'planned' && t.plannedDate !== undefined ? [t.plannedDate] : [],
    ),
  );
  // Look a little ahead first: the answer is almost always among the next few sessions.
  for (const horizon of [12, SESSIONS_MAX]) {
    const free = nextSessions(schedule, from, horizon).find((s) => !taken.has(s.date));
    if (free !== undefined) return free.date;
  }
  return undefined;
}
