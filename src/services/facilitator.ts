/**
 * Who may act as facilitator. A game's facilitator is whoever started it (the game services check
 * that) plus the administrators of the game's space; the community's backlog and settings are run
 * by the space's administrators plus the people in the facilitator rotation (see `settings.ts`).
 * The space is always the one Confluence returned to the caller (`place.ts`), never the context's.
 */
import type { Caller } from '../resolvers/define';
import type { CommunitySettings } from '../domain/community';
import { loadSettings } from '../storage/settings';
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

/** The curators a space's settings list (none until a space administrator adds some). */
export const curatorsOf = (settings: CommunitySettings): readonly string[] =>
  settings.curators ?? [];

/**
 * Whether the settings of the space `spaceKey` list `accountId` as a curator (one KVS read, no
 * Confluence call). The space key must be one Confluence gave the caller (`place.ts`), never a
 * claim from the context; the account id is the caller's, from the context. A curator may
 * facilitate any running game of the space and curate its backlog.
 */
export async function isCurator(spaceKey: string, accountId: string): Promise<boolean> {
  return curatorsOf(await loadSettings(spaceKey)).includes(accountId);
}
