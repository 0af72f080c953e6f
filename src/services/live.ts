/**
 * Live updates: after every change a service publishes one notice on the macro's channel (or the
 * space's backlog channel); clients refetch when the version is newer than what they show. Forge
 * scopes `publish` to the invocation's context, so another page's users cannot listen in.
 */
import { Confluence, publish } from '@forge/realtime';
import { backlogChannel, changeChannel, type ChangeNotice } from '../contract/channels';

/** Publishes exactly one change notice for a macro instance. */
export async function announceChange(localId: string, notice: ChangeNotice): Promise<void> {
  await publish(changeChannel(localId), { ...notice });
}

/**
 * Publishes exactly one change notice for a space's backlog. The backlog changes from a game macro
 * on one page and is shown on the space page and in macros on other pages, so the notice is scoped
 * to the space only (`contextOverrides: [space]`); listeners subscribe with the same override.
 */
export async function announceBacklogChange(spaceKey: string, notice: ChangeNotice): Promise<void> {
  await publish(backlogChannel(spaceKey), { ...notice }, { contextOverrides: [Confluence.Space] });
}
