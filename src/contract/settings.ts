/** Community settings resolvers (`settings/*`), shared with the UI (types only). */
import type { CommunitySettings, GameDefaults } from '../services/settings-rules';

export type { CommunitySettings, GameDefaults };

export const SETTINGS_RESOLVERS = {
  get: 'settings/get',
  update: 'settings/update',
  advanceRotation: 'settings/advanceRotation',
} as const;

/** Fields to change; absent fields keep their value. `notesParentPageId: null` clears it. */
export interface UpdateSettingsPayload {
  readonly copName?: string;
  readonly cadence?: { readonly sessionsPerMonth: 1 | 2 | 3 | 4; readonly anchorDate: string };
  readonly facilitators?: readonly string[];
  readonly notesParentPageId?: string | null;
  readonly defaults?: Partial<GameDefaults>;
}

export interface SettingsView {
  readonly settings: CommunitySettings;
  /** The next session on or after today (UTC), per the cadence. */
  readonly nextSessionDate: string | undefined;
  /** Who facilitates the next session, per the rotation. */
  readonly nextFacilitator: string | undefined;
  readonly canEdit: boolean;
  readonly names: Readonly<Record<string, string>>;
}
