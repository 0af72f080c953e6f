/**
 * Builders for Thirty Five service tests: a game in a fresh macro instance (a new localId per
 * test), played through the real resolvers in the local host.
 */
import { randomUUID } from 'node:crypto';
import type { ApiResult } from '../../../src/contract/result';
import {
  THIRTY_FIVE,
  type Accepted,
  type ThirtyFiveStateView,
} from '../../../src/contract/thirty-five';
import { boardId } from '../../../src/storage/keys';
import type { AppClient, AppHost } from '../../support/app-host';
import { HOME_PAGE_ID, USERS } from '../../support/app-host';

/** Seven accounts: the six demo users and one more (no display name needed to play). */
export const SEVEN = [
  USERS.alice,
  USERS.bob,
  USERS.chloe,
  USERS.dev,
  USERS.eve,
  USERS.finn,
  '557058:0a880a88-0000-4000-8000-000000000008',
] as const;

/** `n` distinct synthetic account ids. */
export const accounts = (n: number): string[] =>
  Array.from(
    { length: n },
    (_, i) => `557058:${String(i).padStart(8, '0')}-0000-4000-8000-${randomUUID().slice(-12)}`,
  );

/**
 * A fresh macro instance of the Thirty Five macro on a page (the COP home page by default): its
 * board is `<page>.<localId>`.
 */
export function freshMacro(
  app: AppHost,
  contentId: string = HOME_PAGE_ID,
  localId = `t35-${randomUUID()}`,
): {
  localId: string;
  board: string;
  as: (accountId: string) => AppClient;
} {
  return {
    localId,
    board: boardId(contentId, localId),
    as: (accountId) => app.as(accountId, { localId, contentId, moduleKey: 'thirty-five' }),
  };
}

/** Unwraps an answer the test expects to be accepted, failing loudly with its error otherwise. */
export function accepted<T>(result: ApiResult<T>): T {
  if (!result.ok) throw new Error(`refused: ${result.error.code} ${result.error.message}`);
  return result.data;
}

export async function stateOf(client: AppClient): Promise<ThirtyFiveStateView> {
  return accepted(await client.invoke<ThirtyFiveStateView>(THIRTY_FIVE.state));
}

/**
 * A started game in a fresh macro where every player has joined with the card `Topic <i>`;
 * `facilitator` starts it (and plays only if listed in `players`).
 */
export async function gameWithCards(
  app: AppHost,
  facilitator: string,
  players: readonly string[],
): Promise<ReturnType<typeof freshMacro>> {
  const macro = freshMacro(app);
  accepted(await macro.as(facilitator).invoke<Accepted>(THIRTY_FIVE.start));
  for (const [i, p] of players.entries()) {
    accepted(await macro.as(p).invoke<Accepted>(THIRTY_FIVE.join, { text: `Topic ${i + 1}` }));
  }
  return macro;
}

/** Gives a facilitator command as a screen would: naming the version the screen shows. */
export async function facilitate<T = Accepted>(
  client: AppClient,
  name: string,
  payload: Record<string, unknown> = {},
): Promise<ApiResult<T>> {
  const { version } = await stateOf(client);
  return client.invoke<T>(name, { version, ...payload });
}
