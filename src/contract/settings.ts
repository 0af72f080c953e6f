/** Community settings resolvers (`settings/*`), shared with the UI (types only). */
import type { Cadence, CommunitySettings, GameDefaults } from '../domain/community';
import type { CommunityRole } from './backlog';

export type { CommunitySettings, GameDefaults };

export const SETTINGS_RESOLVERS = {
  get: 'settings/get',
  update: 'settings/update',
  advanceRotation: 'settings/advanceRotation',
  joinRotation: 'settings/joinRotation',
  leaveRotation: 'settings/leaveRotation',
  removeFacilitator: 'settings/removeFacilitator',
  moveFacilitator: 'settings/moveFacilitator',
  addCurator: 'settings/addCurator',
  removeCurator: 'settings/removeCurator',
  /** Finds a page of this space by its exact title, as the caller (the notes parent picker). */
  findPage: 'settings/findPage',
} as const;

/** `settings/findPage`: the exact title of a page in this space. */
export interface FindPagePayload {
  readonly title: string;
}

/** A page the caller can see in this space (what the notes parent picker offers). */
export interface FoundPage {
  readonly pageId: string;
  readonly title: string;
  readonly url: string;
}

/** `settings/findPage`'s answer: the page with that title, or none the caller can see. */
export interface FindPageView {
  readonly pages: readonly FoundPage[];
}

/** `settings/addCurator` and `settings/removeCurator` (space admins only). */
export interface CuratorPayload {
  /** The account id of the person to add or remove (not the caller's identity). */
  readonly curator: string;
}

/** Fields to change; absent fields keep their value. `notesParentPageId: null` clears it. */
export interface UpdateSettingsPayload {
  readonly copName?: string;
  /** The whole cadence (validated by the domain's `validateCadence`); see `Cadence`. */
  readonly cadence?: Cadence;
  readonly facilitators?: readonly string[];
  readonly notesParentPageId?: string | null;
  readonly defaults?: Partial<GameDefaults>;
}

/** `settings/removeFacilitator`: takes someone out of the rotation (facilitators; anyone for themselves). */
export interface RemoveFacilitatorPayload {
  /** The account id of the person to remove (not the caller's identity, which comes from the context). */
  readonly facilitator: string;
}

/** `settings/moveFacilitator`: one place earlier (-1) or later (+1) in the rotation. */
export interface MoveFacilitatorPayload {
  /** The account id of the person to move. */
  readonly facilitator: string;
  readonly by: -1 | 1;
}

export interface SettingsView {
  readonly settings: CommunitySettings;
  /** Whether the caller is in the facilitator rotation. */
  readonly inRotation: boolean;
  /** The next session on or after today (UTC), per the cadence. */
  readonly nextSessionDate: string | undefined;
  /** Who facilitates the next session, per the rotation. */
  readonly nextFacilitator: string | undefined;
  /**
   * Whether the community was set up: its name or its calendar (weekday) was chosen. Until then
   * whoever may govern sees the first-run set-up and everyone else is told to ask them.
   */
  readonly configured: boolean;
  /** A curator or a space admin: may change the settings and the rotation's membership. */
  readonly canEdit: boolean;
  /** The caller's role (the administrator part as recorded with their space check). */
  readonly role: CommunityRole;
  /** Whether Confluence let the caller create pages in the space when last asked (join button). */
  readonly canJoin: boolean;
  /** Display names of the rotation and the curators. */
  readonly names: Readonly<Record<string, string>>;
}
