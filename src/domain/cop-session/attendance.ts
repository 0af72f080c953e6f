import { compareText, own } from '../lean-coffee/records';
import { placeLateJoiners } from './grouping';
import type { CopSessionState, PresenceMark } from './model';

/** Most people a session records as attending (joins and additions together). */
export const MAX_ATTENDEES = 200;

/**
 * Whether someone is at the session: the later of their own last join/leave and the facilitator's
 * last add/remove for them decides; on the same instant, present wins (nobody vanishes on a tie).
 */
export function isPresent(state: CopSessionState, accountId: string): boolean {
  return presenceOf(own(state.selfPresence, accountId), own(state.addedPresence, accountId))
    .isPresent;
}

function presenceOf(self: PresenceMark | undefined, added: PresenceMark | undefined): PresenceMark {
  if (self === undefined) return added ?? { isPresent: false, at: 0 };
  if (added === undefined || self.at > added.at) return self;
  if (added.at > self.at) return added;
  return self.isPresent ? self : added;
}

/** One attendee as screens and the notes page show them. */
export interface Attendee {
  readonly accountId: string;
  /** Joined on their own device, added by the facilitator, or both. */
  readonly via: 'joined' | 'added' | 'both';
  /** The earliest mark that makes them present now: their arrival. */
  readonly arrivedAt: number;
}

/**
 * Everyone present, in arrival order (ties by account id). Arrival is the earliest of the marks
 * that say "present" now, so a self-join after the facilitator's addition keeps the addition's
 * time (and a late joiner's group does not change under them).
 */
export function attendance(state: CopSessionState): Attendee[] {
  const ids = new Set([...Object.keys(state.selfPresence), ...Object.keys(state.addedPresence)]);
  const out: Attendee[] = [];
  for (const accountId of ids) {
    const self = own(state.selfPresence, accountId);
    const added = own(state.addedPresence, accountId);
    if (!presenceOf(self, added).isPresent) continue;
    const arrivals = [self, added].flatMap((mark) => (mark?.isPresent === true ? [mark.at] : []));
    const isSelf = self?.isPresent === true;
    const isAdded = added?.isPresent === true;
    out.push({
      accountId,
      via: isSelf && isAdded ? 'both' : isSelf ? 'joined' : 'added',
      arrivedAt: Math.min(...arrivals),
    });
  }
  return out.sort((a, b) => a.arrivedAt - b.arrivedAt || compareText(a.accountId, b.accountId));
}

/**
 * The breakout groups as they are now: the formed groups' members who are still present, each
 * followed by the late joiners placed there (arrival order; smallest group, lowest number on a
 * tie). `null` before groups are formed. Group 1 is index 0.
 */
export function currentGroups(state: CopSessionState): string[][] | null {
  if (state.groups === null) return null;
  const present = attendance(state);
  const here = new Set(present.map((attendee) => attendee.accountId));
  const formed = new Set(state.groups.groups.flat());
  const kept = state.groups.groups.map((group) => group.filter((person) => here.has(person)));
  return placeLateJoiners(
    kept,
    present.filter((attendee) => !formed.has(attendee.accountId)),
  );
}

/** The group (numbered from 1) someone sits in now, or `null`. */
export function groupOf(state: CopSessionState, accountId: string): number | null {
  const index = (currentGroups(state) ?? []).findIndex((group) => group.includes(accountId));
  return index < 0 ? null : index + 1;
}
