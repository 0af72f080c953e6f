import { err, ok, type Result } from '../result';
import type { ThirtyFiveErrorCode } from './errors';
import type { CardId, SplitPoints } from './types';

/**
 * A participant's latest split record for one round: a proposal, or a confirmation of the numbers
 * the partner proposed. Each participant's record lives under its own storage key, so a pair's state
 * is folded from two independent records in any order.
 */
export interface SplitRecord {
  readonly kind: 'proposed' | 'confirmed';
  readonly points: SplitPoints;
  readonly at: number;
}

/**
 * A split gives each of the pair's two cards a whole number from 0 to P, and the two numbers sum to
 * exactly P (7/0, 6/1, … 0/7 for P = 7). It must name exactly the pair's two cards.
 */
export function validateSplit(
  points: SplitPoints,
  cards: readonly [CardId, CardId],
  total: number,
): Result<SplitPoints, ThirtyFiveErrorCode> {
  const keys = Object.keys(points);
  const [x, y] = cards;
  if (keys.length !== 2 || !keys.includes(x) || !keys.includes(y)) {
    return err('INVALID_SPLIT', 'A split gives points to exactly the two cards of the pair.');
  }
  const px = points[x] as number;
  const py = points[y] as number;
  const isWhole = (p: number): boolean => Number.isInteger(p) && p >= 0 && p <= total;
  if (!isWhole(px) || !isWhole(py) || px + py !== total) {
    return err('INVALID_SPLIT', `Split ${total} points into two whole numbers from 0 to ${total}.`);
  }
  return ok({ [x]: px, [y]: py });
}

/** Two splits are the same when they give every card the same number. */
export function isSameSplit(x: SplitPoints, y: SplitPoints): boolean {
  const keys = Object.keys(x);
  return keys.length === Object.keys(y).length && keys.every((k) => x[k] === y[k]);
}

/**
 * A pair's split is locked when one partner's record confirms numbers and the other partner's record
 * (a proposal, or a confirmation that raced it) carries the same numbers; the lock is those numbers.
 * The rule reads only the two latest records, so it gives the same answer in whatever order they
 * were stored or folded. Returns null while nothing is locked.
 */
export function lockedSplit(
  mine: SplitRecord | undefined,
  theirs: SplitRecord | undefined,
): SplitPoints | null {
  if (mine === undefined || theirs === undefined) {
    return null;
  }
  if (mine.kind === 'proposed' && theirs.kind === 'proposed') {
    return null;
  }
  return isSameSplit(mine.points, theirs.points) ? mine.points : null;
}

/**
 * Which of two records for the same participant and round is the latest: the later `at`; on equal
 * times a fixed order on the content, so folding is independent of arrival order.
 */
export function latestRecord(x: SplitRecord, y: SplitRecord): SplitRecord {
  if (x.at !== y.at) {
    return x.at > y.at ? x : y;
  }
  return canonical(x) >= canonical(y) ? x : y;
}

const canonical = (r: SplitRecord): string =>
  `${r.kind}|${Object.keys(r.points)
    .sort()
    .map((k) => `${k}=${r.points[k]}`)
    .join(',')}`;
