/** Community settings resolvers (`settings/*`), shared with the UI (types only). */
import type { Cadence, CommunitySettings, GameDefaults } from '../domain/community';

export type { CommunitySettings, GameDefaults };

export const SETTINGS_RESOLVERS = {
  get: 'settings/get',
  update: 'settings/update',
  advanceRotation: 'settings/advanceRotation',
  joinRotation: 'settings/joinRotation',
  leaveRotation: 'settings/leaveRotation',
  removeFacilitator: 'settings/removeFacilitator',
  moveFacilitator: 'settings/moveFacilitator',
} as const;

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
  readonly canEdit: boolean;
  readonly names: Readonly<Record<string, string>>;
}
