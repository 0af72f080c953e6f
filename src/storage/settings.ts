/**
 * Community settings: one plain key per space (`settings:<spaceKey>`), read on every notes page and
 * backlog authorisation, written rarely by a facilitator. Every write is compare-and-set: a row of
 * the custom entity `settings-rev` (key `settings-rev:<spaceKey>`, no personal data) holds the
 * record's revision, and both are written in one transaction conditioned on the revision read, so
 * two people changing the settings at once cannot silently overwrite each other. The two keys
 * differ because Forge allows each key once per transaction.
 *
 * The first save creates the revision row (revision 0, meaning "still the defaults") with the
 * documented `keyPolicy: 'FAIL_IF_EXISTS'`, then runs the same conditional transaction as every
 * later save — no condition is ever put on a row that does not exist (undocumented in Forge).
 */
import { Filter, FilterConditions, kvs } from '@forge/kvs';
import { DEFAULT_SETTINGS, type CommunitySettings } from '../domain/community';
import { keys } from './keys';
import { createEntityRow, isConditionFailure } from './conditions';
import { withHistory, type HistoryWrite } from './backlog';

/** The custom entity holding each space's settings revision (declared in manifest.yml). */
const SETTINGS_REV_ENTITY = 'settings-rev';

/** The revision row: incremented on every settings write; the compare-and-set guard. */
interface SettingsRevRow {
  readonly spaceKey: string;
  readonly rev: number;
}

/** A space's settings as read, with the revision the next write expects (none: no row yet). */
export interface LoadedSettings {
  readonly settings: CommunitySettings;
  readonly rev: number | undefined;
}

const withDefaults = (stored: CommunitySettings | undefined): CommunitySettings =>
  stored === undefined ? DEFAULT_SETTINGS : { ...DEFAULT_SETTINGS, ...stored };

/** The settings a stored value holds (read elsewhere, e.g. in a board's batch get), or the defaults. */
export const settingsFrom = (stored: unknown): CommunitySettings =>
  withDefaults(stored as CommunitySettings | undefined);

/** The space's settings, or the defaults when nobody saved any yet. */
export async function loadSettings(spaceKey: string): Promise<CommunitySettings> {
  return withDefaults(await kvs.get<CommunitySettings>(keys.settings(spaceKey)));
}

/** The space's settings with their revision (two reads, in parallel). */
export async function loadSettingsForUpdate(spaceKey: string): Promise<LoadedSettings> {
  const [stored, row] = await Promise.all([
    kvs.get<CommunitySettings>(keys.settings(spaceKey)),
    kvs.entity<SettingsRevRow>(SETTINGS_REV_ENTITY).get(keys.settingsRev(spaceKey)),
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
 * Replaces the space's settings if their revision is still `rev` (undefined: no revision row yet,
 * created first), in one transaction of two writes (three with the history entries the change
 * makes, conditioned on the history's revision); throws StaleSettingsError otherwise.
 */
export async function saveSettings(
  spaceKey: string,
  settings: CommunitySettings,
  rev: number | undefined,
  history?: HistoryWrite,
): Promise<void> {
  const revKey = keys.settingsRev(spaceKey);
  if (rev === undefined) {
    const created = await createEntityRow<SettingsRevRow>(SETTINGS_REV_ENTITY, revKey, {
      spaceKey,
      rev: 0,
    });
    // Someone else saved first: what was read is stale.
    if (created === 'exists') throw new StaleSettingsError();
  }
  const expected = rev ?? 0;
  const tx = kvs
    .transact()
    .set(keys.settings(spaceKey), settings)
    .set<SettingsRevRow>(
      revKey,
      { spaceKey, rev: expected + 1 },
      {
        entityName: SETTINGS_REV_ENTITY,
        conditions: new Filter<SettingsRevRow>().and('rev', FilterConditions.equalTo(expected)),
      },
    );
  // The history entries of the change, conditioned on the history's revision: a third operation.
  if (history !== undefined) withHistory(tx, spaceKey, history);
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
