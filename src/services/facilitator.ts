/**
 * Who may act as facilitator. A game's facilitator is whoever started it (the game services check
 * that) plus the space's administrators; the community's backlog and settings are run by the
 * space's administrators plus the people in the facilitator rotation (see `settings.ts`).
 */
import { forgeConfluence, type ConfluencePort } from '../confluence/client';
import type { Caller } from '../resolvers/define';
import type { CommunitySettings } from '../domain/community';

/**
 * Whether the caller administers the space the call came from: Confluence's permitted operations
 * on the space, asked as the caller, include `administer`. Looks the space id up from its key when
 * the context has only the key. Any failure (no space, no permission to read it) answers `false`.
 */
export async function isSpaceAdmin(
  caller: Caller,
  confluence: ConfluencePort = forgeConfluence(),
): Promise<boolean> {
  let spaceId = caller.spaceId;
  if (spaceId === undefined) {
    if (caller.spaceKey === undefined) return false;
    const space = await confluence.spaceByKey(caller.spaceKey);
    if (!space.ok) return false;
    spaceId = space.value.id;
  }
  const admin = await confluence.canAdministerSpace(spaceId);
  return admin.ok && admin.value;
}

/**
 * Whether the caller runs the space's community: listed in the facilitator rotation, or a space
 * administrator (asked only when the rotation does not list them, to spare a Confluence call).
 */
export async function isCommunityFacilitator(
  caller: Caller,
  settings: CommunitySettings,
): Promise<boolean> {
  if (settings.rotation.facilitators.includes(caller.accountId)) return true;
  return isSpaceAdmin(caller);
}
