/**
 * Who may do what in a game (issue 11), the same for every game on the engine:
 * - **Start** a board, or set up its next session: permission to edit the page the macro is on,
 *   asked of Confluence as the caller (`GET /wiki/api/v2/pages/{id}/operations` lists `update`).
 * - **Facilitate** a running session: its starter; a curator of the space (the community's list,
 *   kept by space admins); or an administrator of the space — asked of Confluence fresh for each
 *   facilitator command by someone who is neither the starter nor a curator. Views show controls
 *   from the recorded administrator answer (`place.ts`).
 * Participants need neither: anyone who can see the page takes part (`admitToBoard`).
 */
import { forgeConfluence } from '../../confluence/client';
import type { Caller } from '../caller';
import { keys } from '../../storage/keys';
import { isCurator, isCuratorIn } from '../facilitator';
import { isSpaceAdmin } from '../place';
import type { BoardMeta } from './definition';

/** The questions roles ask: small function types, so tests can count or replace them. */
export interface RolePorts {
  /** Whether the caller administers the space (its id as Confluence gave it), asked now. */
  readonly isSpaceAdmin: (spaceId: string) => Promise<boolean>;
  /** Whether the caller may edit the page, asked of Confluence now (any failure: no). */
  readonly canEditPage: (pageId: string) => Promise<boolean>;
  /** Whether the account is one of the space's curators (the community settings' list). */
  readonly isCurator: (spaceKey: string, accountId: string) => Promise<boolean>;
  /**
   * The same answer from the settings' stored value, so a view can read it in the board's one
   * batch get (issue 13: one KVS request less per state read). Absent: a view asks `isCurator`.
   */
  readonly curatorIn?: {
    readonly key: (spaceKey: string) => string;
    readonly has: (stored: unknown, accountId: string) => boolean;
  };
}

export const defaultRolePorts: RolePorts = {
  isSpaceAdmin: (spaceId) => isSpaceAdmin(spaceId),
  canEditPage: async (pageId) => {
    const answer = await forgeConfluence().canEditPage(pageId);
    return answer.ok && answer.value;
  },
  // The community's own answer (`facilitator.ts`): the settings' `curators` list.
  isCurator,
  curatorIn: { key: keys.settings, has: isCuratorIn },
};

/** Whether the caller may start a board (or its next session) on this page. */
export function mayStart(ports: RolePorts, pageId: string): Promise<boolean> {
  return ports.canEditPage(pageId);
}

/**
 * Whether the caller facilitates the board's current session: its starter (no call), a curator
 * (one storage read), or a space administrator (asked of Confluence now).
 */
export async function mayFacilitate(
  ports: RolePorts,
  caller: Caller,
  meta: BoardMeta,
): Promise<boolean> {
  if (caller.accountId === meta.startedBy) return true;
  if (await ports.isCurator(meta.place.spaceKey, caller.accountId)) return true;
  return ports.isSpaceAdmin(meta.place.spaceId);
}
