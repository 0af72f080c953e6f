/**
 * Who may act as facilitator. A game's facilitator is whoever started it (the game services check
 * that) plus the administrators of the game's space; the community's backlog and settings are run
 * by the space's administrators plus the people in the facilitator rotation (see `settings.ts`).
 * The space is always the one Confluence returned to the caller (`place.ts`), never the context's.
 */
import type { Caller } from '../resolvers/define';
import type { CommunitySettings } from '../domain/community';
import { isSpaceAdmin, type SpaceAdmission } from './place';

export { isSpaceAdmin } from './place';

/** What the answer is for: showing controls (a recorded answer will do) or a command (ask now). */
export type FacilitatorUse = 'view' | 'command';

/**
 * Whether the caller runs the space's community: listed in the facilitator rotation, or an
 * administrator of the space. For a view, the administrator answer recorded with the caller's
 * space check is used; for a command, Confluence is asked again (only when the rotation does not
 * list them, to spare a call).
 */
export async function isCommunityFacilitator(
  caller: Caller,
  settings: CommunitySettings,
  space: SpaceAdmission,
  use: FacilitatorUse,
): Promise<boolean> {
  if (settings.rotation.facilitators.includes(caller.accountId)) return true;
  return use === 'view' ? space.isSpaceAdminHint : isSpaceAdmin(space.place.spaceId);
}
