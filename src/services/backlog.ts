/**
 * Backlog use cases (DESIGN §1.3): load what the command needs (its topic by key, or the visible
 * backlog — at most the space cap — when it places or counts topics), decide with the pure backlog
 * domain, write only the changed topic rows (a move: one) with the history entry a curation change
 * makes, publish one notice on the space's backlog channel. Refused commands write and publish
 * nothing. Views read one page of topics at a time.
 */
import {
  BACKLOG_RULES,
  backlogHistory,
  backlogToCsv,
  execute,
  type Backlog,
  type BacklogCommand,
  type LeanCoffeeImport,
  type ThirtyFiveImport,
  type TopicId,
} from '../domain/backlog';
import type { ApiResult } from '../contract/result';
import { assertNever } from '../domain/result';
import type {
  BacklogChange,
  BacklogCsv,
  BacklogView,
  ListBacklogPayload,
} from '../contract/backlog';
import type { Caller } from './caller';
import { refreshInvitationPages } from './rhythm/invitation-page';
import {
  ensureHistoryRow,
  loadBacklog,
  loadHistory,
  loadTopicPage,
  loadTopics,
  saveTopics,
  StaleBacklogError,
  type HistoryWrite,
  type LoadedBacklog,
} from '../storage/backlog';
import { loadSettings } from '../storage/settings';
import { ROTATION_LAPSED, roleCheck, viewRole, type CommunityRole } from './facilitator';
import { announceBacklogChange } from './live';
import { rememberSpace, spaceOf, type SpaceAdmission, type SpacePlace } from './place';
import { displayNames } from './users';

export { spaceOf } from './place';

/** Topics a backlog page shows when the view does not ask for fewer. */
export const PAGE_SIZE = 50;

/** Attempts before a command whose rows keep changing under it answers CONFLICT. */
const ATTEMPTS = 5;

/** The role a command needs before its topic is known ('author-or-curator' decides after). */
function roleNeeded(command: BacklogCommand): CommunityRole | 'author-or-curator' {
  if (command.type === 'addTopic') return 'member';
  if (command.type === 'importGame') return 'rotation';
  switch (BACKLOG_RULES[command.type].who) {
    case 'anyone':
      return 'member';
    case 'facilitator':
      return 'rotation';
    case 'curator':
      return 'curator';
    case 'author-or-curator':
      return 'author-or-curator';
  }
}

/** Whether the command places or counts topics, so it needs the whole visible backlog. */
function needsVisibleBacklog(command: BacklogCommand): boolean {
  switch (command.type) {
    case 'addTopic':
    case 'importGame':
    case 'moveTopic':
    case 'mergeTopics':
    case 'restoreTopic':
    case 'unmergeTopic':
      return true;
    case 'editTopic':
    case 'planTopic':
    case 'unplanTopic':
    case 'markDiscussed':
    case 'archiveTopic':
    case 'volunteer':
    case 'withdraw':
    case 'linkNotesPage':
      return false;
    default:
      return assertNever(command);
  }
}

/** Two loads as one: rows from both, the second's winning (it was read later). */
function joined(a: LoadedBacklog, b: LoadedBacklog): LoadedBacklog {
  return {
    backlog: { topics: { ...a.backlog.topics, ...b.backlog.topics } },
    revs: new Map([...a.revs, ...b.revs]),
  };
}

/**
 * What a command reads: its topic (or topics) by key, plus the visible backlog when it places or
 * counts topics; an unmerge also reads the topic it was merged into, wherever it is.
 */
async function loadFor(spaceKey: string, command: BacklogCommand): Promise<LoadedBacklog> {
  const own: TopicId[] =
    command.type === 'mergeTopics'
      ? [command.intoId, command.fromId]
      : command.type === 'addTopic' || command.type === 'importGame'
        ? []
        : [command.topicId];
  let loaded = needsVisibleBacklog(command)
    ? joined(await loadBacklog(spaceKey), await loadTopics(spaceKey, own))
    : await loadTopics(spaceKey, own);
  if (command.type === 'unmergeTopic') {
    const into = loaded.backlog.topics[command.topicId]?.mergedInto;
    if (into !== undefined && loaded.backlog.topics[into] === undefined) {
      loaded = joined(loaded, await loadTopics(spaceKey, [into]));
    }
  }
  return loaded;
}

const conflict = {
  ok: false as const,
  error: { code: 'CONFLICT' as const, message: 'Someone changed this topic meanwhile. Try again.' },
};

/**
 * Runs one backlog command for the caller in the space Confluence gave them (`spaceOf`). The game
 * services pass their game's space (as Confluence gave it when the game started) and
 * `asFacilitator`: they have already checked that the caller facilitates the game being imported.
 * The role the command needs is checked once (Confluence is asked only when the settings do not
 * grant it); when a row or the history changed meanwhile, the command is decided again on fresh
 * rows, up to ATTEMPTS times.
 */
export async function runBacklogCommand(
  caller: Caller,
  command: BacklogCommand,
  asFacilitator = false,
  known?: SpacePlace,
): Promise<ApiResult<BacklogChange>> {
  const space: SpaceAdmission | undefined = known === undefined ? await spaceOf(caller) : undefined;
  const spaceKey = known?.spaceKey ?? space?.place.spaceKey ?? '';
  const needed = roleNeeded(command);
  const settings = needed === 'member' || asFacilitator ? undefined : await loadSettings(spaceKey);
  const allowed = new Map<CommunityRole, Promise<'yes' | 'no' | 'lapsed'>>();
  const check = (role: CommunityRole): Promise<'yes' | 'no' | 'lapsed'> => {
    if (settings === undefined || space === undefined) return Promise.resolve('no');
    const answer = allowed.get(role) ?? roleCheck(caller, settings, space, role, 'command');
    allowed.set(role, answer);
    return answer;
  };
  const holds = async (role: CommunityRole): Promise<boolean> => (await check(role)) === 'yes';
  // A rotation member who may no longer create pages in the space keeps no rotation power.
  if (!asFacilitator && needed === 'rotation' && (await check('rotation')) === 'lapsed') {
    return ROTATION_LAPSED;
  }
  for (let attempt = 1; ; attempt += 1) {
    const now = Date.now();
    const loaded = await loadFor(spaceKey, command);
    const { backlog, revs } = loaded;
    const ownTopic =
      'topicId' in command && typeof command.topicId === 'string'
        ? backlog.topics[command.topicId]
        : undefined;
    const isCurator =
      needed === 'curator' ||
      (needed === 'author-or-curator' &&
        ownTopic !== undefined &&
        ownTopic.createdBy !== caller.accountId)
        ? await holds('curator')
        : false;
    const isFacilitator =
      asFacilitator || (needed === 'rotation' ? await holds('rotation') : false);
    const result = execute(backlog, command, {
      actor: caller.accountId,
      isFacilitator,
      isCurator,
      now,
    });
    if (!result.ok) return { ok: false, error: result.error };
    const { changed, events } = result.value;
    if (changed.length === 0) {
      if (space !== undefined) await rememberSpace(caller, space);
      return { ok: true, data: { written: 0, version: now } };
    }
    const history = await historyFor(spaceKey, backlog, events, caller.accountId, now);
    try {
      if (history === 'stale') throw new StaleBacklogError();
      await saveTopics(spaceKey, changed, revs, history);
    } catch (error) {
      if (!(error instanceof StaleBacklogError)) throw error;
      if (attempt >= ATTEMPTS) return conflict;
      continue;
    }
    if (space !== undefined) await rememberSpace(caller, space);
    await announceBacklogChange(spaceKey, { version: now, kind: command.type });
    // What a published invitation page says (topic, lead) may have changed: bring it up to date.
    const datesTouched = plannedDatesTouched(command, ownTopic?.plannedDate, changed);
    const spaceId = known?.spaceId ?? space?.place.spaceId;
    if (datesTouched.length > 0 && spaceId !== undefined) {
      await refreshInvitationPages({ spaceKey, spaceId }, { dates: datesTouched });
    }
    return { ok: true, data: { written: changed.length, version: now } };
  }
}

const PLAN_COMMANDS: ReadonlySet<BacklogCommand['type']> = new Set([
  'planTopic',
  'unplanTopic',
  'volunteer',
  'withdraw',
  'editTopic',
  'markDiscussed',
  'archiveTopic',
] as const);

/**
 * The session dates whose invitation page a command may change: the planned date of the topic
 * before and after planning, unplanning, a lead volunteering or withdrawing, an edit, a discussion
 * or an archive. Other commands leave the plan as it was.
 */
function plannedDatesTouched(
  command: BacklogCommand,
  before: string | undefined,
  changed: readonly { readonly plannedDate?: string }[],
): string[] {
  if (!PLAN_COMMANDS.has(command.type)) return [];
  const dates = new Set<string>();
  if (before !== undefined) dates.add(before);
  for (const t of changed) if (t.plannedDate !== undefined) dates.add(t.plannedDate);
  return [...dates];
}

/** The history write a command's events make (none for changes the history does not record). */
async function historyFor(
  spaceKey: string,
  before: Backlog,
  events: Parameters<typeof backlogHistory>[1],
  by: string,
  at: number,
): Promise<HistoryWrite | undefined | 'stale'> {
  const added = backlogHistory(before, events, { by, at });
  if (added.length === 0) return undefined;
  const loaded = await ensureHistoryRow(spaceKey, await loadHistory(spaceKey));
  return loaded === 'stale' ? 'stale' : { loaded, added };
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
 * The backlog view: one page of topics (the visible backlog or the archive) from the rank index,
 * after the cursor the previous page gave; the first page of the visible backlog also carries the
 * history. Names are looked up for the accounts shown only. The space check and the caller's role
 * come from the caller's space record while it holds.
 */
export async function listBacklog(
  caller: Caller,
  payload: ListBacklogPayload,
): Promise<ApiResult<BacklogView>> {
  const space = await spaceOf(caller);
  const { spaceKey } = space.place;
  const archived = payload.archived === true;
  const withHistory = !archived && payload.after === undefined && payload.top === undefined;
  const [page, settings, history] = await Promise.all([
    loadTopicPage(spaceKey, archived, payload.top ?? PAGE_SIZE, payload.after),
    loadSettings(spaceKey),
    withHistory ? loadHistory(spaceKey) : undefined,
  ]);
  const { topics } = page;
  const entries = history?.entries ?? [];
  const accounts = [
    ...topics.flatMap((t) => [t.createdBy, ...(t.lead === undefined ? [] : [t.lead])]),
    ...topics.flatMap((t) => (t.statusBy === undefined ? [] : [t.statusBy])),
    ...entries.flatMap((e) => [e.by, ...(e.account === undefined ? [] : [e.account])]),
  ];
  const role = viewRole(caller, settings, space);
  const names = await displayNames(accounts);
  const version = Date.now();
  await rememberSpace(caller, space);
  const first = payload.after === undefined && !archived;
  return {
    ok: true,
    data: {
      topics,
      nextTopicId: first
        ? topics.find((t) => t.status === 'proposed' || t.status === 'planned')?.id
        : undefined,
      ...(page.next === undefined ? {} : { next: page.next }),
      canFacilitate: role !== 'member',
      canCurate: role === 'curator' || role === 'admin',
      role,
      ...(withHistory ? { history: entries } : {}),
      names,
      version,
    },
  };
}

/**
 * The visible backlog as CSV (RFC 4180, formulas neutralised), leads by their current names: at
 * most the space cap of topics (the export's size is measured at that cap by the tests).
 */
export async function backlogCsv(caller: Caller): Promise<ApiResult<BacklogCsv>> {
  const space = await spaceOf(caller);
  const { spaceKey } = space.place;
  await rememberSpace(caller, space);
  const { backlog } = await loadBacklog(spaceKey);
  const leads = Object.values(backlog.topics).flatMap((t) =>
    t.lead === undefined ? [] : [t.lead],
  );
  const names = await displayNames(leads);
  const date = new Date().toISOString().slice(0, 10);
  return {
    ok: true,
    data: { filename: `backlog-${spaceKey}-${date}.csv`, csv: backlogToCsv(backlog, names) },
  };
}
