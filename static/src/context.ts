/** The parts of the Forge context the views use, read once from `view.getContext()`. */
import type { FullContext } from '@forge/bridge';

export interface AppContext {
  readonly moduleKey: string;
  readonly localId: string;
  readonly accountId: string | null;
  readonly spaceKey: string | null;
  readonly contentId: string | null;
  readonly colorMode: 'light' | 'dark';
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** Picks what the app needs out of the host's context; missing parts become null. */
export function toAppContext(full: FullContext): AppContext {
  const extension: Record<string, unknown> = full.extension ?? {};
  const space = extension.space as { key?: unknown } | undefined;
  const content = extension.content as { id?: unknown } | undefined;
  return {
    moduleKey: full.moduleKey,
    localId: full.localId,
    accountId: str(full.accountId),
    spaceKey: str(space?.key),
    contentId: str(content?.id),
    colorMode: full.theme?.colorMode === 'dark' ? 'dark' : 'light',
  };
}
