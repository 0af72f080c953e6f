/**
 * Who may do what in a space's community (DESIGN §1.0, issue 11). Roles follow Confluence:
 * - a **space administrator** (Confluence's `administer:space` operation, asked as the caller)
 *   governs: everything below, and the list of curators;
 * - a **curator** (listed in the community settings by an administrator) curates: archive, merge,
 *   restore, unmerge and edit any topic, the CoP name, cadence, game defaults and notes parent,
 *   and the rotation's membership (adding, removing and reordering other people);
 * - someone **in the rotation** (who joined it with permission to create pages in the space) runs
 *   the sessions with reversible actions only: plan, unplan, move, mark discussed, start a
 *   session, pass the turn;
 * - anyone who can **view the space** adds topics, edits their own, volunteers to lead, and joins
 *   the rotation if Confluence lets them create pages there.
 * Each role includes the ones below it. A game's facilitator (its starter, a curator, a space
 * administrator) is the game services' business; they ask `isCurator`.
 *
 * The space is always the one Confluence returned to the caller (`place.ts`), never the context's.
 * For a view, the administrator answer recorded with the caller's space check is used; for a
 * command, Confluence is asked again, unless the settings already grant the role (the settings
 * are the app's own record, written only by the people allowed to).
 */
import type { CommunityRole } from '../contract/backlog';
import type { Caller } from '../resolvers/define';
import type { CommunitySettings } from '../domain/community';
import { loadSettings } from '../storage/settings';
import { isSpaceAdmin, type SpaceAdmission } from './place';

export { isSpaceAdmin } from './place';

/** What the answer is for: showing controls (a recorded answer will do) or a command (ask now). */
export type FacilitatorUse = 'view' | 'command';

/** The community roles, each including the ones after it (the contract's type, shown by views). */
export type { CommunityRole };

/** Most curators one community lists. */
export const CURATORS_MAX = 20;

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

/** The role the settings alone give the caller (an administrator is only known from Confluence). */
function listedRole(caller: Caller, settings: CommunitySettings): CommunityRole {
  if (curatorsOf(settings).includes(caller.accountId)) return 'curator';
  if (settings.rotation.facilitators.includes(caller.accountId)) return 'rotation';
  return 'member';
}

const RANK: Readonly<Record<CommunityRole, number>> = {
  member: 0,
  rotation: 1,
  curator: 2,
  admin: 3,
};

/**
 * Whether the caller holds `needed` (or a role above it) in the space. The settings answer first;
 * when they do not grant it, the caller's administrator status decides: for a view the one
 * recorded with their space check, for a command asked of Confluence now.
 */
export async function hasRole(
  caller: Caller,
  settings: CommunitySettings,
  space: SpaceAdmission,
  needed: CommunityRole,
  use: FacilitatorUse,
): Promise<boolean> {
  if (needed === 'member') return true;
  if (needed !== 'admin' && RANK[listedRole(caller, settings)] >= RANK[needed]) return true;
  return use === 'view' ? space.isSpaceAdminHint : isSpaceAdmin(space.place.spaceId);
}

/** The caller's highest role, for showing controls (the recorded administrator answer). */
export function viewRole(
  caller: Caller,
  settings: CommunitySettings,
  space: SpaceAdmission,
): CommunityRole {
  return space.isSpaceAdminHint ? 'admin' : listedRole(caller, settings);
}

/**
 * Whether the caller runs the space's sessions: in the rotation, a curator or an administrator of
 * the space (`hasRole(…, 'rotation', use)`).
 */
export async function isCommunityFacilitator(
  caller: Caller,
  settings: CommunitySettings,
  space: SpaceAdmission,
  use: FacilitatorUse,
): Promise<boolean> {
  return hasRole(caller, settings, space, 'rotation', use);
}
