/**
 * The curators of a space, as the games read them: the `curators` list of the community settings
 * (`settings:<spaceKey>`, kept by space admins on the community side). Read raw and checked by
 * shape, so this stays correct whether or not the settings field exists yet: no list, no curators.
 */
import { kvs } from '@forge/kvs';
import { keys } from './keys';

/** The account ids listed as curators of a space (none until the settings hold a list). */
export async function loadCurators(spaceKey: string): Promise<readonly string[]> {
  const settings: unknown = await kvs.get(keys.settings(spaceKey));
  if (typeof settings !== 'object' || settings === null) return [];
  const curators: unknown = (settings as { readonly curators?: unknown }).curators;
  return Array.isArray(curators) ? curators.filter((c): c is string => typeof c === 'string') : [];
}
