/**
 * Live updates: after every change a service publishes one notice on the macro's channel (or the
 * space's backlog channel); clients refetch on it. Forge scopes `publish` to the invocation's
 * context (the module on that page), so another page's users cannot listen in.
 *
 * A notice goes out after its write committed, so it must never turn that write into a failure
 * answer. `@forge/realtime` reports a failed publish in its result — `{ eventId: null, errors }`,
 * e.g. `RATE_LIMIT_EXCEEDED` past Forge Realtime's 50 operations a second ("Apps are required to
 * handle retries") — and throws `ProxyRequestError` when the Forge proxy refuses the call
 * (`out/publish.js`, `out/utils.js`). A notice is tried twice, `RETRY_DELAY_MS` apart; one that
 * still fails is logged and dropped: screens catch up on the next notice or their own next action.
 * A null `eventId` without errors only means nobody is listening.
 */
import { Confluence, publish } from '@forge/realtime';
import { backlogChannel, changeChannel, type ChangeNotice } from '../contract/channels';
import { signNotice } from './notice-signing';

/** The pause before the one retry of a failed publish (Forge asks for a backoff). */
export const RETRY_DELAY_MS = 250;

type PublishOptions = Parameters<typeof publish>[2];

/** One publish; the reason it failed, or undefined when it went out (or nobody listens). */
async function publishOnce(
  channel: string,
  notice: ChangeNotice,
  options: PublishOptions,
): Promise<string | undefined> {
  try {
    const result = await publish(channel, { ...notice }, options);
    const errors: unknown = result.errors;
    return Array.isArray(errors) && errors.length > 0 ? JSON.stringify(errors) : undefined;
  } catch (error) {
    return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
}

/** Publishes a notice, retrying once after a short pause; never throws. */
async function announce(
  channel: string,
  notice: ChangeNotice,
  options?: PublishOptions,
): Promise<void> {
  const first = await publishOnce(channel, notice, options);
  if (first === undefined) return;
  await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
  const second = await publishOnce(channel, notice, options);
  if (second === undefined) return;
  console.warn(
    `Realtime notice ${notice.kind} v${notice.version} on ${channel} not sent (the change itself is saved): ${first}; retry: ${second}`,
  );
}

/**
 * Publishes exactly one change notice for a macro instance (default context: this module here).
 * A notice that carries a change is signed for `board` (`notice-signing.ts`) when one is given:
 * screens apply what it carries only when the signature checks out.
 */
export async function announceChange(
  localId: string,
  notice: ChangeNotice,
  board?: string,
): Promise<void> {
  const sig =
    board === undefined || notice.change === undefined
      ? undefined
      : await signNotice(board, notice);
  await announce(changeChannel(localId), sig === undefined ? notice : { ...notice, sig });
}

/**
 * Publishes exactly one change notice for a space's backlog. The backlog changes from a game macro
 * on one page and is shown on the space page and in macros on other pages, so the notice is scoped
 * to the space only (`contextOverrides: [Confluence.Space]`); Forge delivers it only to listeners
 * that subscribe with exactly the same overrides (`BACKLOG_SUBSCRIPTION` in static/src/live.ts).
 */
export async function announceBacklogChange(spaceKey: string, notice: ChangeNotice): Promise<void> {
  await announce(backlogChannel(spaceKey), notice, { contextOverrides: [Confluence.Space] });
}
