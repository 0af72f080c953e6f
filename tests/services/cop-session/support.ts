/**
 * Builders for the CoP Session service tests: a fresh macro (its own localId on the COP home page)
 * in the real app running in the local host, callers bound to it, and helpers for the backlog and
 * the rotation the session closes. Time moves through the app's clock seam (`TestClock`).
 */
import { randomUUID } from 'node:crypto';
import type { CopSessionView } from '../../../src/contract/cop-session';
import type { BacklogView } from '../../../src/contract/backlog';
import type { ApiResult } from '../../../src/contract/result';
import type { AgendaStep, GroupPlan } from '../../../src/domain/cop-session';
import type { AppHost } from '../../support/app-host';
import { IN_PROCESS, newBoard as leanCoffeeBoard, type Player } from '../lean-coffee/support';

export { accountOf, costOf, TestClock, useAppHost, type Player } from '../lean-coffee/support';

export const MODULE_KEY = 'cop-session';

/** A fresh CoP Session macro: a new localId, so no test sees another's data. */
export function newSession(app: AppHost, localId = `cs-${randomUUID()}`) {
  const board = leanCoffeeBoard(app, localId);
  return {
    localId,
    as: (accountId: string, frame: { contentId?: string } = {}): Player =>
      board.as(accountId, { moduleKey: MODULE_KEY, ...frame }),
  };
}

export const view = (player: Player): Promise<CopSessionView> =>
  player.ok<CopSessionView>('copSession/state');

/** A backlog caller (the read-only backlog macro on the home page) for one person. */
export function backlogAs(app: AppHost, accountId: string) {
  const client = app.as(accountId, {
    moduleKey: 'topic-backlog-macro',
    localId: 'home-topic-backlog-macro',
  });
  return {
    async ok<T>(name: string, payload: unknown = {}): Promise<T> {
      const result: ApiResult<T> = await client.invoke<T>(name, payload);
      if (!result.ok)
        throw new Error(`${name} refused: ${result.error.code} ${result.error.message}`);
      return result.data;
    },
  };
}

/** Adds a topic to the COP backlog (as `author`) and answers its id. */
export async function addTopic(app: AppHost, author: string, title: string): Promise<string> {
  const backlog = backlogAs(app, author);
  await backlog.ok('backlog/add', { title });
  const listed = await backlog.ok<BacklogView>('backlog/list', {});
  const topic = listed.topics.find((t) => t.title === title);
  if (topic === undefined) throw new Error(`topic ${title} not found`);
  return topic.id;
}

export { IN_PROCESS };

/**
 * A session the facilitator sets up: created, on `title`, with the agenda and the group plan
 * when given (the defaults otherwise), ready for people to join.
 */
export async function setUpSession(
  facilitator: Player,
  title: string,
  { agenda, plan }: { readonly agenda?: readonly AgendaStep[]; readonly plan?: GroupPlan } = {},
): Promise<void> {
  await facilitator.ok('copSession/create');
  await facilitator.ok('copSession/setTopic', { topic: { title } });
  if (agenda !== undefined) await facilitator.ok('copSession/setAgenda', { agenda });
  if (plan !== undefined) await facilitator.ok('copSession/setGroupPlan', { plan });
}
