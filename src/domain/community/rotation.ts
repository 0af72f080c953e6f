/**
 * The facilitator rotation (the article: "this role is ideally rotated"): who is next, passing the
 * turn, and changes to its membership and order. Pure functions of the rotation record.
 */
import { assertNever, err, ok, type Result } from '../result';
import type { Rotation } from './settings';

/** Most facilitators in a rotation. */
export const ROTATION_MAX = 50;

/** Who facilitates the next session, if the rotation has anyone. */
export function nextFacilitator(rotation: Rotation): string | undefined {
  return facilitatorAfter(rotation, 0);
}

/**
 * Who holds the turn `k` sessions after the next one (k = 0: the next session): the person `k`
 * places after `next` in the list, wrapping around. `undefined` for an empty rotation.
 */
export function facilitatorAfter(rotation: Rotation, k: number): string | undefined {
  const n = rotation.facilitators.length;
  if (n === 0) return undefined;
  return rotation.facilitators[(((rotation.next + k) % n) + n) % n];
}

/** The rotation after a session: the turn passes to the following person, wrapping around. */
export function advanceRotation(rotation: Rotation): Rotation {
  const n = rotation.facilitators.length;
  return n === 0 ? rotation : { ...rotation, next: (((rotation.next + 1) % n) + n) % n };
}

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
): Result<Rotation, 'ROTATION_FULL'> {
  const list = rotation.facilitators;
  const at = list.indexOf(change.accountId);
  switch (change.type) {
    case 'join':
      if (at >= 0) return ok(rotation);
      if (list.length >= ROTATION_MAX) {
        return err(
          'ROTATION_FULL',
          `The rotation already has ${ROTATION_MAX} facilitators, its maximum.`,
        );
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
