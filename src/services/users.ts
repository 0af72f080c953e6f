/**
 * Display names, looked up in Confluence on every view and never stored (DESIGN §2): a renamed or
 * closed account shows its current name, and no name sits in app storage.
 */
import { forgeConfluence } from '../confluence/client';

/**
 * The display names of the given accounts, as the app sees them. Duplicates are asked once;
 * accounts Confluence does not know are left out, and a failed lookup answers `{}` (names are a
 * courtesy: the caller shows a placeholder instead of failing the view).
 */
export async function displayNames(accountIds: readonly string[]): Promise<Record<string, string>> {
  const unique = [...new Set(accountIds.filter((id) => id !== ''))];
  if (unique.length === 0) return {};
  try {
    const names = await forgeConfluence().displayNames(unique);
    return names.ok ? names.value : {};
  } catch (error) {
    console.error('display name lookup failed', error);
    return {};
  }
}
