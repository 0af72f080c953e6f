/**
 * Community settings use cases (DESIGN §1.5, roles in `facilitator.ts`): read (anyone in the
 * space); change the name, cadence, game defaults, notes parent and the rotation's membership
 * (curators and space admins); keep the list of curators (space admins, asked of Confluence now);
 * pass the facilitator turn (the rotation, curators, admins); join the rotation (anyone Confluence
 * lets create pages in the space, asked now) or leave it (anyone, for themselves). Every write is
 * compare-and-set on the settings' revision and carries its history entries; a change that
 * re-applies cleanly to fresh settings is retried on a conflict.
 */
import { forgeConfluence } from '../confluence/client';
import type { ApiResult } from '../contract/result';
import type { FindPageView, SettingsView, UpdateSettingsPayload } from '../contract/settings';
import { assertNever } from '../domain/result';
import { isIsoDate } from '../domain/text';
import type { Caller } from './caller';
import {
  loadSettings,
  loadSettingsForUpdate,
  saveSettings,
  StaleSettingsError,
} from '../storage/settings';
import { ensureHistoryRow, loadHistory } from '../storage/backlog';
import {
  CURATORS_MAX,
  curatorsOf,
  hasRole,
  ROTATION_LAPSED,
  roleCheck,
  viewRole,
  type CommunityRole,
} from './facilitator';
import { rememberSpace, spaceOf, spacePermissions, type SpaceAdmission } from './place';
import {
  advanceRotation,
  changeRotation,
  DEFAULT_SETTINGS,
  nextFacilitator,
  nextSessionDateAt,
  settingsHistory,
  type CommunitySettings,
  type RotationChange,
  validateCadence,
} from '../domain/community';
import { displayNames } from './users';
import { serverClock } from './lean-coffee-clock';
import { refreshInvitationPages } from './rhythm/invitation-page';

async function view(
  caller: Caller,
  space: SpaceAdmission,
  settings: CommunitySettings,
): Promise<SettingsView> {
  const role = viewRole(caller, settings, space);
  const names = await displayNames([...settings.rotation.facilitators, ...curatorsOf(settings)]);
  // Every answer with the settings is a view or an accepted change: the space check is recorded.
  await rememberSpace(caller, space);
  return {
    settings,
    inRotation: settings.rotation.facilitators.includes(caller.accountId),
    // The next session not yet over, in the community's zone (a session that ended earlier today is
    // not "next"): the one the next-session banner shows.
    nextSessionDate: nextSessionDateAt(settings.cadence, serverClock()),
    nextFacilitator: nextFacilitator(settings.rotation),
    configured: isConfigured(settings),
    canEdit: role === 'curator' || role === 'admin',
    role,
    canJoin: space.canCreatePagesHint,
    names,
  };
}

/**
 * Whether someone set the community up: named it or put it on the calendar (a weekday). Joining
 * the rotation alone also stores settings, and does not count: the name and the rhythm are what
 * the first-run set-up asks for (issue 15).
 */
export const isConfigured = (settings: CommunitySettings): boolean =>
  settings.copName !== DEFAULT_SETTINGS.copName || settings.cadence.weekday !== undefined;

/** Most characters of a title the notes parent picker looks for (Confluence's title limit). */
export const PAGE_TITLE_MAX = 255;

/**
 * The page of this space with exactly this title, as the caller sees it (Confluence REST v2
 * `GET /spaces/{id}/pages?title=`, asked as the caller, so a page they cannot see is never
 * offered). For the notes parent picker; what is saved is checked again by `updateSettings`.
 */
export async function findPage(
  caller: Caller,
  payload: { readonly title: string },
): Promise<ApiResult<FindPageView>> {
  const title = payload.title.trim();
  const space = await spaceOf(caller);
  if (title === '') return { ok: true, data: { pages: [] } };
  const found = await forgeConfluence().pageByTitle(space.place.spaceId, title);
  // A space the caller cannot list pages of has nothing to offer; anything else is Confluence's
  // problem to surface (define.ts answers it as UNEXPECTED).
  if (!found.ok && found.failure.kind !== 'forbidden' && found.failure.kind !== 'not-found') {
    throw new Error(`Confluence could not search the pages: ${found.failure.message}`);
  }
  await rememberSpace(caller, space);
  const page = found.ok ? found.value : undefined;
  return {
    ok: true,
    data: {
      pages:
        page === undefined || page.spaceId !== space.place.spaceId
          ? []
          : [{ pageId: page.id, title: page.title, url: page.url }],
    },
  };
}

/** The space's settings with the next session date and facilitator. */
export async function getSettings(caller: Caller): Promise<ApiResult<SettingsView>> {
  const space = await spaceOf(caller);
  const settings = await loadSettings(space.place.spaceKey);
  return { ok: true, data: await view(caller, space, settings) };
}

const notCurator = {
  ok: false as const,
  error: {
    code: 'NOT_CURATOR' as const,
    message: 'Only a curator or a space admin can change this.',
  },
};

const notFacilitator = {
  ok: false as const,
  error: {
    code: 'NOT_FACILITATOR' as const,
    message: 'Only someone in the rotation, a curator or a space admin can pass the turn.',
  },
};

const notAdmin = {
  ok: false as const,
  error: {
    code: 'NOT_SPACE_ADMIN' as const,
    message: 'Only a space admin can choose the curators.',
  },
};

/** Whether the caller holds the role, asked for a command (Confluence when the settings do not say). */
const holds = (
  caller: Caller,
  settings: CommunitySettings,
  space: SpaceAdmission,
  role: CommunityRole,
): Promise<boolean> => hasRole(caller, settings, space, role, 'command');

const conflict = {
  ok: false as const,
  error: {
    code: 'CONFLICT' as const,
    message: 'Someone changed the settings at the same time; look at them again and retry.',
  },
};

/** Attempts before a change that keeps conflicting answers CONFLICT. */
const ATTEMPTS = 10;

/** Whether a settings change alters what an invitation page says (name, calendar, who facilitates). */
const changesInvitations = (a: CommunitySettings, b: CommunitySettings): boolean =>
  a.copName !== b.copName ||
  JSON.stringify([a.cadence, a.rotation, a.swaps]) !==
    JSON.stringify([b.cadence, b.rotation, b.swaps]);

/**
 * Reads the settings with their revision, decides the new settings, and writes them conditioned
 * on that revision. On a conflict, decides again on fresh settings (up to ATTEMPTS times) when
 * `retry`; otherwise answers CONFLICT. Deciding the same settings writes nothing.
 */
async function changeSettings(
  caller: Caller,
  retry: boolean,
  decide: (
    current: CommunitySettings,
    space: SpaceAdmission,
  ) => Promise<ApiResult<CommunitySettings>>,
): Promise<ApiResult<SettingsView>> {
  const space = await spaceOf(caller);
  const { spaceKey } = space.place;
  for (let attempt = 1; ; attempt += 1) {
    const { settings: current, rev } = await loadSettingsForUpdate(spaceKey);
    const decided = await decide(current, space);
    if (!decided.ok) return decided;
    const next = decided.data;
    // Saving what is already stored (a double click, an empty form) writes nothing.
    if (JSON.stringify(next) === JSON.stringify(current)) {
      return { ok: true, data: await view(caller, space, next) };
    }
    const added = settingsHistory(current, next, { by: caller.accountId, at: Date.now() });
    try {
      const history =
        added.length === 0
          ? undefined
          : await ensureHistoryRow(spaceKey, await loadHistory(spaceKey));
      if (history === 'stale') throw new StaleSettingsError();
      await saveSettings(
        spaceKey,
        next,
        rev,
        history === undefined ? undefined : { loaded: history, added },
      );
      if (changesInvitations(current, next)) {
        // Best effort, after the change is stored: the published invitation pages say it too.
        await refreshInvitationPages({ spaceKey, spaceId: space.place.spaceId });
      }
      return { ok: true, data: await view(caller, space, next) };
    } catch (error) {
      if (!(error instanceof StaleSettingsError)) throw error;
      if (!retry || attempt >= ATTEMPTS) return conflict;
    }
  }
}

/**
 * Changes the given fields. The rotation keeps whose turn it is when that person stays in it;
 * otherwise the turn goes to the first person. A notes parent page must be a page the caller can
 * see. One read, at most one write; when the settings changed meanwhile, the fields are applied
 * again to the fresh settings, except a whole new rotation, which answers CONFLICT (it would drop
 * whoever joined meanwhile).
 */
export async function updateSettings(
  caller: Caller,
  payload: UpdateSettingsPayload,
): Promise<ApiResult<SettingsView>> {
  if (payload.cadence !== undefined && !isIsoDate(payload.cadence.anchorDate)) {
    return {
      ok: false,
      error: { code: 'INVALID_PAYLOAD', message: 'The first session date is written YYYY-MM-DD.' },
    };
  }
  const cadence = payload.cadence === undefined ? undefined : validateCadence(payload.cadence);
  if (cadence !== undefined && !cadence.ok) return { ok: false, error: cadence.error };
  let parentChecked = false;
  return changeSettings(caller, payload.facilitators === undefined, async (current, space) => {
    if (!(await holds(caller, current, space, 'curator'))) return notCurator;
    if (typeof payload.notesParentPageId === 'string' && !parentChecked) {
      const parent = await forgeConfluence().page(payload.notesParentPageId);
      // The notes pages are created in this space, so their parent must be one of its pages.
      if (!parent.ok || parent.value?.spaceId !== space.place.spaceId) {
        return {
          ok: false,
          error: {
            code: 'NOT_FOUND',
            message: `There is no page ${payload.notesParentPageId} you can see in this space; pick the notes parent page again.`,
          },
        };
      }
      parentChecked = true;
    }
    let rotation = current.rotation;
    if (payload.facilitators !== undefined) {
      const facilitators = [...new Set(payload.facilitators)];
      const whoseTurn = nextFacilitator(current.rotation);
      const keep = whoseTurn === undefined ? -1 : facilitators.indexOf(whoseTurn);
      rotation = { facilitators, next: keep < 0 ? 0 : keep };
    }
    const { notesParentPageId: _parent, ...rest } = current;
    const parent =
      payload.notesParentPageId === undefined
        ? current.notesParentPageId
        : payload.notesParentPageId;
    return {
      ok: true,
      data: {
        ...rest,
        ...(payload.copName === undefined ? {} : { copName: payload.copName.trim() }),
        ...(cadence === undefined ? {} : { cadence: cadence.value }),
        rotation,
        ...(parent === null || parent === undefined ? {} : { notesParentPageId: parent }),
        defaults: { ...current.defaults, ...payload.defaults },
      },
    };
  });
}

/** Passes the facilitator turn to the next person in the rotation (one write, no retry). */
export async function passFacilitatorTurn(caller: Caller): Promise<ApiResult<SettingsView>> {
  return changeSettings(caller, false, async (current, space) => {
    const role = await roleCheck(caller, current, space, 'rotation', 'command');
    if (role === 'lapsed') return ROTATION_LAPSED;
    return role === 'yes'
      ? { ok: true, data: { ...current, rotation: advanceRotation(current.rotation) } }
      : notFacilitator;
  });
}

/** What a space admin asks of the curators list: someone in or out. */
export type CuratorRequest =
  | { readonly type: 'add'; readonly accountId: string }
  | { readonly type: 'remove'; readonly accountId: string };

/**
 * Adds or removes a curator: space admins only, asked of Confluence now (the list is what lets
 * people curate without being admins, so only Confluence's own governors keep it). At most
 * CURATORS_MAX curators; adding someone listed, or removing someone not listed, changes nothing.
 * Applied again to fresh settings on a conflict.
 */
export async function changeCurators(
  caller: Caller,
  request: CuratorRequest,
): Promise<ApiResult<SettingsView>> {
  let admin: boolean | undefined;
  return changeSettings(caller, true, async (current, space) => {
    admin ??= await holds(caller, current, space, 'admin');
    if (!admin) return notAdmin;
    const curators = curatorsOf(current);
    const listed = curators.includes(request.accountId);
    if (request.type === 'add') {
      if (listed) return { ok: true, data: current };
      if (curators.length >= CURATORS_MAX) {
        return {
          ok: false,
          error: {
            code: 'CURATORS_FULL',
            message: `The community already has ${CURATORS_MAX} curators, its maximum.`,
          },
        };
      }
      return { ok: true, data: { ...current, curators: [...curators, request.accountId] } };
    }
    return listed
      ? {
          ok: true,
          data: { ...current, curators: curators.filter((a) => a !== request.accountId) },
        }
      : { ok: true, data: current };
  });
}

/** What a caller asks of the rotation: themselves in or out, or someone else out or moved. */
export type RotationRequest =
  | { readonly type: 'join' }
  | { readonly type: 'leave' }
  | { readonly type: 'remove'; readonly accountId: string }
  | { readonly type: 'move'; readonly accountId: string; readonly by: -1 | 1 };

const noCreatePermission = {
  ok: false as const,
  error: {
    code: 'NO_CREATE_PERMISSION' as const,
    message:
      'Joining the rotation needs permission to create pages in this space, which Confluence does not give you. Ask a space admin.',
  },
};

/**
 * Changes the rotation. Joining and leaving act on the caller only (identity from the context):
 * joining needs permission to create pages in the space (the space's permitted operations include
 * `create` on `page`, asked of Confluence as the caller now — the rotation runs sessions, whose
 * notes pages are written as its facilitator), leaving needs nothing. Removing or moving someone
 * else needs a curator or a space admin (removing oneself is leaving). Applied again to fresh
 * settings on a conflict, so people joining at once all end up in the rotation, each once.
 */
export async function changeFacilitatorRotation(
  caller: Caller,
  request: RotationRequest,
): Promise<ApiResult<SettingsView>> {
  let canCreatePages: boolean | undefined;
  return changeSettings(caller, true, async (current, space) => {
    let change: RotationChange;
    switch (request.type) {
      case 'join':
        if (!current.rotation.facilitators.includes(caller.accountId)) {
          canCreatePages ??= (await spacePermissions(space.place.spaceId)).canCreatePages;
          if (!canCreatePages) return noCreatePermission;
        }
        change = { type: 'join', accountId: caller.accountId };
        break;
      case 'leave':
        change = { type: 'leave', accountId: caller.accountId };
        break;
      case 'remove':
        if (
          request.accountId !== caller.accountId &&
          !(await holds(caller, current, space, 'curator'))
        ) {
          return notCurator;
        }
        change = { type: 'leave', accountId: request.accountId };
        break;
      case 'move':
        if (!(await holds(caller, current, space, 'curator'))) return notCurator;
        change = { type: 'move', accountId: request.accountId, by: request.by };
        break;
      default:
        return assertNever(request);
    }
    const rotation = changeRotation(current.rotation, change);
    return rotation.ok
      ? { ok: true, data: { ...current, rotation: rotation.value } }
      : { ok: false, error: rotation.error };
  });
}
