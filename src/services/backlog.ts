/**
 * Backlog use cases (DESIGN §1.3): load the space's backlog (one index query), decide with the pure
 * backlog domain, write only the changed topic rows (a move: one), publish one notice on the
 * space's backlog channel. Refused commands write and publish nothing.
 */
import {
  BACKLOG_RULES,
  backlogToCsv,
  execute,
  nextTopic,
  rankedTopics,
  allInRankOrder,
  type BacklogCommand,
  type LeanCoffeeImport,
  type ThirtyFiveImport,
} from '../domain/backlog';
import type { ApiResult } from '../contract/result';
import type {
  BacklogChange,
  BacklogCsv,
  BacklogView,
  ListBacklogPayload,
} from '../contract/backlog';
import type { Caller } from '../resolvers/define';
import { loadBacklog, saveTopics, StaleBacklogError } from '../storage/backlog';
import { loadSettings } from '../storage/settings';
import { isCommunityFacilitator } from './facilitator';
import { announceBacklogChange } from './live';
import { rememberSpace, spaceOf, type SpaceAdmission, type SpacePlace } from './place';
import { displayNames } from './users';

export { spaceOf } from './place';

/** Whether the command's rule needs to know if the caller facilitates (settings + Confluence). */
function needsFacilitatorCheck(command: BacklogCommand): boolean {
  if (command.type === 'addTopic') return false;
  if (command.type === 'importGame') return true;
  return BACKLOG_RULES[command.type].who !== 'anyone';
}

/**
 * Runs one backlog command for the caller in the space Confluence gave them (`spaceOf`). The game
 * services pass their game's space (as Confluence gave it when the game started) and
 * `asFacilitator`: they have already checked that the caller facilitates the game being imported.
 */
export async function runBacklogCommand(
  caller: Caller,
  command: BacklogCommand,
  asFacilitator = false,
  known?: SpacePlace,
): Promise<ApiResult<BacklogChange>> {
  const space: SpaceAdmission | undefined = known === undefined ? await spaceOf(caller) : undefined;
  const spaceKey = known?.spaceKey ?? space?.place.spaceKey ?? '';
  const now = Date.now();
  const isFacilitator =
    asFacilitator ||
    (needsFacilitatorCheck(command) &&
      space !== undefined &&
      (await isCommunityFacilitator(caller, await loadSettings(spaceKey), space, 'command')));
  const { backlog, revs } = await loadBacklog(spaceKey);
  const result = execute(backlog, command, { actor: caller.accountId, isFacilitator, now });
  if (!result.ok) return { ok: false, error: result.error };
  const { changed } = result.value;
  const remember = async () => {
    if (space !== undefined) await rememberSpace(caller, space);
  };
  if (changed.length === 0) {
    await remember();
    return { ok: true, data: { written: 0, version: now } };
  }
  try {
    await saveTopics(spaceKey, changed, revs);
  } catch (error) {
    if (error instanceof StaleBacklogError) {
      return {
        ok: false,
        error: { code: 'CONFLICT', message: 'Someone changed this topic meanwhile. Try again.' },
      };
    }
    throw error;
  }
  await remember();
  await announceBacklogChange(spaceKey, { version: now, kind: command.type });
  return { ok: true, data: { written: changed.length, version: now } };
}

/**
 * Imports a finished game's result into the space's backlog: a Thirty Five ranking or a Lean
 * Coffee's undiscussed topics, each scored 0–100 (see the backlog domain). Idempotent: topic ids
 * derive from the game and card/topic ids, so importing the same game again adds nothing. The
 * caller must already have been checked as the game's facilitator by the game service.
 */
export async function importGameToBacklog(
  caller: Caller,
  space: SpacePlace,
  input: ThirtyFiveImport | LeanCoffeeImport,
): Promise<ApiResult<{ imported: number }>> {
  const result = await runBacklogCommand(
    caller,
    { type: 'importGame', result: input },
    true,
    space,
  );
  return result.ok ? { ok: true, data: { imported: result.data.written } } : result;
}

/**
 * The backlog view: one index query, one names lookup; the space check and the administrator flag
 * come from the caller's space record while it holds.
 */
export async function listBacklog(
  caller: Caller,
  payload: ListBacklogPayload,
): Promise<ApiResult<BacklogView>> {
  const space = await spaceOf(caller);
  const { spaceKey } = space.place;
  const [{ backlog }, settings] = await Promise.all([
    loadBacklog(spaceKey),
    loadSettings(spaceKey),
  ]);
  const ordered =
    payload.includeArchived === true ? allInRankOrder(backlog) : rankedTopics(backlog);
  const topics = payload.top === undefined ? ordered : ordered.slice(0, payload.top);
  const accounts = topics.flatMap((t) =>
    t.lead === undefined ? [t.createdBy] : [t.createdBy, t.lead],
  );
  const [canFacilitate, names] = await Promise.all([
    isCommunityFacilitator(caller, settings, space, 'view'),
    displayNames(accounts),
  ]);
  const version = Date.now();
  await rememberSpace(caller, space);
  return {
    ok: true,
    data: { topics, nextTopicId: nextTopic(backlog)?.id, canFacilitate, names, version },
  };
}

/** The visible backlog as CSV (RFC 4180, formulas neutralised), leads by their current names. */
export async function backlogCsv(caller: Caller): Promise<ApiResult<BacklogCsv>> {
  const space = await spaceOf(caller);
  const { spaceKey } = space.place;
  await rememberSpace(caller, space);
  const { backlog } = await loadBacklog(spaceKey);
  const leads = rankedTopics(backlog).flatMap((t) => (t.lead === undefined ? [] : [t.lead]));
  const names = await displayNames(leads);
  const date = new Date().toISOString().slice(0, 10);
  return {
    ok: true,
    data: { filename: `backlog-${spaceKey}-${date}.csv`, csv: backlogToCsv(backlog, names) },
  };
}
