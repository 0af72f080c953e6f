/**
 * The community's history (issue 11): who changed what in the backlog's curation, the rotation
 * and the settings, and when — the last HISTORY_MAX changes, newest first. An entry holds account
 * ids (who acted, whom it concerned) and the names of what changed (a topic's title, the CoP's
 * name), never a person's name: a closed account's id is replaced by a marker and the entry stays.
 */
import type { CommunitySettings } from './settings';

/** How many changes the history keeps: enough for a few months of a community's curation. */
export const HISTORY_MAX = 50;

/** What was done. */
export type HistoryAction =
  | 'topic-planned'
  | 'topic-unplanned'
  | 'topic-discussed'
  | 'topic-archived'
  | 'topic-restored'
  | 'topic-merged'
  | 'topic-unmerged'
  | 'topic-edited'
  | 'renamed'
  | 'cadence-changed'
  | 'defaults-changed'
  | 'notes-parent-changed'
  | 'curator-added'
  | 'curator-removed'
  | 'rotation-joined'
  | 'rotation-left'
  | 'rotation-reordered'
  | 'turn-passed';

/** One change. */
export interface HistoryEntry {
  /** Epoch milliseconds. */
  readonly at: number;
  /** Who did it (an account id, or the closed-account marker after erasure). */
  readonly by: string;
  readonly action: HistoryAction;
  /** The topic it concerned, by id and by its title then. */
  readonly topicId?: string;
  readonly title?: string;
  /** The other topic of a merge or unmerge (the one merged into), by its title then. */
  readonly otherTitle?: string;
  /** Whom it concerned (a curator or rotation change about someone else): an account id. */
  readonly account?: string;
  /** A value set: the planned date, the new name, the notes parent page id. */
  readonly value?: string;
}

/**
 * The history after `added` (each given newest last): newest first, at most HISTORY_MAX entries —
 * the oldest fall off, so the record never grows past about 50 × 1 KiB.
 */
export function appendHistory(
  history: readonly HistoryEntry[],
  added: readonly HistoryEntry[],
): HistoryEntry[] {
  return [...[...added].reverse(), ...history].slice(0, HISTORY_MAX);
}

/** Who acted and when, for the entries of one change. */
export interface HistoryActor {
  readonly by: string;
  readonly at: number;
}

/** Account ids in `a` and not in `b`. */
const missingFrom = (a: readonly string[], b: readonly string[]): string[] =>
  a.filter((x) => !b.includes(x));

/**
 * The history entries a settings change makes, comparing the settings before and after: a new
 * name, cadence, game defaults or notes parent; each curator added or removed; each person who
 * joined or left the rotation (joined/left by themselves, or added/removed by someone else, who is
 * then `by` with the person as `account`); a new order; a passed turn. Swaps and the invitation
 * fields are their own features' history, not this one's.
 */
export function settingsHistory(
  before: CommunitySettings,
  after: CommunitySettings,
  actor: HistoryActor,
): HistoryEntry[] {
  const entries: HistoryEntry[] = [];
  const add = (action: HistoryAction, extra: Partial<HistoryEntry> = {}) =>
    entries.push({ ...actor, action, ...extra });
  if (before.copName !== after.copName) add('renamed', { value: after.copName });
  if (JSON.stringify(before.cadence) !== JSON.stringify(after.cadence)) add('cadence-changed');
  if (JSON.stringify(before.defaults) !== JSON.stringify(after.defaults)) add('defaults-changed');
  if (before.notesParentPageId !== after.notesParentPageId) {
    add('notes-parent-changed', { value: after.notesParentPageId ?? '' });
  }
  const curatorsBefore = before.curators ?? [];
  const curatorsAfter = after.curators ?? [];
  for (const account of missingFrom(curatorsAfter, curatorsBefore)) {
    add('curator-added', { account });
  }
  for (const account of missingFrom(curatorsBefore, curatorsAfter)) {
    add('curator-removed', { account });
  }
  const rotationBefore = before.rotation.facilitators;
  const rotationAfter = after.rotation.facilitators;
  const about = (account: string) => (account === actor.by ? {} : { account });
  const joined = missingFrom(rotationAfter, rotationBefore);
  const left = missingFrom(rotationBefore, rotationAfter);
  for (const account of joined) add('rotation-joined', about(account));
  for (const account of left) add('rotation-left', about(account));
  const kept = rotationAfter.filter((a) => rotationBefore.includes(a));
  const keptBefore = rotationBefore.filter((a) => rotationAfter.includes(a));
  if (kept.join() !== keptBefore.join()) add('rotation-reordered');
  if (
    joined.length === 0 &&
    left.length === 0 &&
    kept.join() === keptBefore.join() &&
    before.rotation.next !== after.rotation.next
  ) {
    add('turn-passed');
  }
  return entries;
}
