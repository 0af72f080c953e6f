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
import type { Caller } from './caller';
import type { CommunitySettings } from '../domain/community';
import { loadSettings, settingsFrom } from '../storage/settings';
import { isSpaceAdmin, spacePermissions, type SpaceAdmission } from './place';

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

/** `isCurator` on a settings value already read (`keys.settings(spaceKey)`; undefined: none saved). */
export const isCuratorIn = (stored: unknown, accountId: string): boolean =>
  curatorsOf(settingsFrom(stored)).includes(accountId);

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
 * recorded with their space check, for a command asked of Confluence now. A place in the rotation
 * holds only while Confluence still lets the person create pages in the space: for a command, a
 * member of the rotation who is not a curator is asked again (`roleCheck`: `'lapsed'`).
 */
export async function hasRole(
  caller: Caller,
  settings: CommunitySettings,
  space: SpaceAdmission,
  needed: CommunityRole,
  use: FacilitatorUse,
): Promise<boolean> {
  return (await roleCheck(caller, settings, space, needed, use)) === 'yes';
}

/**
 * `hasRole`, telling a refusal (`'no'`) from a place in the rotation that no longer holds
 * (`'lapsed'`): the settings list the caller in the rotation, but Confluence, asked as them now,
 * says they may no longer create pages in the space (and they do not administer it). One call
 * (`GET /spaces/{id}/operations`) answers both questions.
 */
export async function roleCheck(
  caller: Caller,
  settings: CommunitySettings,
  space: SpaceAdmission,
  needed: CommunityRole,
  use: FacilitatorUse,
): Promise<'yes' | 'no' | 'lapsed'> {
  if (needed === 'member') return 'yes';
  const listed = listedRole(caller, settings);
  if (listed === 'rotation' && needed === 'rotation' && use === 'command') {
    const now = await spacePermissions(space.place.spaceId);
    if (now.canCreatePages || now.isSpaceAdmin) return 'yes';
    return 'lapsed';
  }
  if (needed !== 'admin' && RANK[listed] >= RANK[needed]) return 'yes';
  const admin = use === 'view' ? space.isSpaceAdminHint : await isSpaceAdmin(space.place.spaceId);
  return admin ? 'yes' : 'no';
}

/** The answer to a rotation-only command from someone whose place in the rotation lapsed. */
export const ROTATION_LAPSED = {
  ok: false as const,
  error: {
    code: 'NOT_ALLOWED' as const,
    message:
      'You are in the rotation, but Confluence no longer lets you create pages in this space, so rotation actions are closed to you. Ask a space admin for the permission, or a curator to take you out of the rotation.',
  },
};

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
