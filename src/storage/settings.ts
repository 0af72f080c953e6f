/**
 * Community settings: one plain key per space (`settings:<spaceKey>`), read on every notes page and
 * backlog authorisation, written rarely by a facilitator. Every write is compare-and-set: beside the
 * plain key, a row of the custom entity `settings-rev` (same key, no personal data) holds the
 * record's revision, and both are written in one transaction conditioned on the revision read, so
 * two people changing the settings at once cannot silently overwrite each other.
 */
import { Filter, FilterConditions, kvs } from '@forge/kvs';
import { DEFAULT_SETTINGS, type CommunitySettings } from '../domain/community';
import { keys } from './keys';
import { isConditionFailure } from './conditions';

/** The custom entity holding each space's settings revision (declared in manifest.yml). */
const SETTINGS_REV_ENTITY = 'settings-rev';

/** The revision row: incremented on every settings write; the compare-and-set guard. */
interface SettingsRevRow {
  readonly spaceKey: string;
  readonly rev: number;
}

/** A space's settings as read, with the revision the next write expects (none: never written). */
export interface LoadedSettings {
  readonly settings: CommunitySettings;
  readonly rev: number | undefined;
}

const withDefaults = (stored: CommunitySettings | undefined): CommunitySettings =>
  stored === undefined ? DEFAULT_SETTINGS : { ...DEFAULT_SETTINGS, ...stored };

/** The space's settings, or the defaults when nobody saved any yet. */
export async function loadSettings(spaceKey: string): Promise<CommunitySettings> {
  return withDefaults(await kvs.get<CommunitySettings>(keys.settings(spaceKey)));
}

/** The space's settings with their revision (two reads, in parallel). */
export async function loadSettingsForUpdate(spaceKey: string): Promise<LoadedSettings> {
  const [stored, row] = await Promise.all([
    kvs.get<CommunitySettings>(keys.settings(spaceKey)),
    kvs.entity<SettingsRevRow>(SETTINGS_REV_ENTITY).get(keys.settings(spaceKey)),
  ]);
  return { settings: withDefaults(stored), rev: row?.rev };
}

/** Thrown when the settings changed since they were read; the service retries or answers `CONFLICT`. */
export class StaleSettingsError extends Error {
  constructor() {
    super('The settings changed meanwhile.');
    this.name = 'StaleSettingsError';
  }
}

/**
 * Replaces the space's settings if their revision is still `rev` (undefined: never written), in one
 * transaction of two writes; throws StaleSettingsError otherwise.
 */
export async function saveSettings(
  spaceKey: string,
  settings: CommunitySettings,
  rev: number | undefined,
): Promise<void> {
  const key = keys.settings(spaceKey);
  const tx = kvs
    .transact()
    .set(key, settings)
    .set<SettingsRevRow>(
      key,
      { spaceKey, rev: (rev ?? 0) + 1 },
      {
        entityName: SETTINGS_REV_ENTITY,
        conditions: new Filter<SettingsRevRow>().and(
          'rev',
          rev === undefined ? FilterConditions.notExists() : FilterConditions.equalTo(rev),
        ),
      },
    );
  try {
    await tx.execute();
  } catch (error) {
    if (isConditionFailure(error)) throw new StaleSettingsError();
    throw error;
  }
}

/** The "Session notes" parent page the app created in the space, if it did. */
export async function loadNotesParent(spaceKey: string): Promise<string | undefined> {
  return kvs.get<string>(keys.notesParent(spaceKey));
}

/** Remembers the created parent page, so it is created once per space. */
export async function saveNotesParent(spaceKey: string, pageId: string): Promise<void> {
  await kvs.set(keys.notesParent(spaceKey), pageId);
}
