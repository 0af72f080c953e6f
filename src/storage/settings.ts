/**
 * Community settings: one plain key per space (`settings:<spaceKey>`), read on every notes page and
 * backlog authorisation, written rarely by a facilitator.
 */
import { kvs } from '@forge/kvs';
import { DEFAULT_SETTINGS, type CommunitySettings } from '../services/settings-rules';
import { keys } from './keys';

/** The space's settings, or the defaults when nobody saved any yet. */
export async function loadSettings(spaceKey: string): Promise<CommunitySettings> {
  const stored = await kvs.get<CommunitySettings>(keys.settings(spaceKey));
  return stored === undefined ? DEFAULT_SETTINGS : { ...DEFAULT_SETTINGS, ...stored };
}

/** Replaces the space's settings (one write). */
export async function saveSettings(spaceKey: string, settings: CommunitySettings): Promise<void> {
  await kvs.set(keys.settings(spaceKey), settings);
}

/** The "Session notes" parent page the app created in the space, if it did. */
export async function loadNotesParent(spaceKey: string): Promise<string | undefined> {
  return kvs.get<string>(keys.notesParent(spaceKey));
}

/** Remembers the created parent page, so it is created once per space. */
export async function saveNotesParent(spaceKey: string, pageId: string): Promise<void> {
  await kvs.set(keys.notesParent(spaceKey), pageId);
}
