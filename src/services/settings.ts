/**
 * Community settings use cases (DESIGN §1.5): read (anyone in the space), change and pass the
 * facilitator turn (space admins and the people in the rotation; before anyone is in the rotation,
 * space admins only), join or leave the rotation (anyone in the space, for themselves only), remove
 * or move someone in it (those who may change the settings). Every write is compare-and-set on the
 * settings' revision; a change that re-applies cleanly to fresh settings is retried on a conflict.
 */
import { forgeConfluence } from '../confluence/client';
import type { ApiResult } from '../contract/result';
import type { SettingsView, UpdateSettingsPayload } from '../contract/settings';
import { assertNever } from '../domain/result';
import { isIsoDate } from '../domain/text';
import type { Caller } from '../resolvers/define';
import {
  loadSettings,
  loadSettingsForUpdate,
  saveSettings,
  StaleSettingsError,
} from '../storage/settings';
import { isCommunityFacilitator } from './facilitator';
import { rememberSpace, spaceOf, type SpaceAdmission } from './place';
import {
  advanceRotation,
  changeRotation,
  nextFacilitator,
  nextSessionDate,
  type CommunitySettings,
  type RotationChange,
  validateCadence,
} from '../domain/community';
import { displayNames } from './users';

const today = (): string => new Date().toISOString().slice(0, 10);

async function view(
  caller: Caller,
  space: SpaceAdmission,
  settings: CommunitySettings,
): Promise<SettingsView> {
  const [canEdit, names] = await Promise.all([
    isCommunityFacilitator(caller, settings, space, 'view'),
    displayNames(settings.rotation.facilitators),
  ]);
  // Every answer with the settings is a view or an accepted change: the space check is recorded.
  await rememberSpace(caller, space);
  return {
    settings,
    inRotation: settings.rotation.facilitators.includes(caller.accountId),
    nextSessionDate: nextSessionDate(settings.cadence, today()),
    nextFacilitator: nextFacilitator(settings.rotation),
    canEdit,
    names,
  };
}

/** The space's settings with the next session date and facilitator. */
export async function getSettings(caller: Caller): Promise<ApiResult<SettingsView>> {
  const space = await spaceOf(caller);
  const settings = await loadSettings(space.place.spaceKey);
  return { ok: true, data: await view(caller, space, settings) };
}

const notAllowed = {
  ok: false as const,
  error: {
    code: 'NOT_FACILITATOR' as const,
    message: 'Only a space admin or a facilitator in the rotation can change the settings.',
  },
};

const conflict = {
  ok: false as const,
  error: {
    code: 'CONFLICT' as const,
    message: 'Someone changed the settings at the same time; look at them again and retry.',
  },
};

/** Attempts before a change that keeps conflicting answers CONFLICT. */
const ATTEMPTS = 10;

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
    try {
      await saveSettings(spaceKey, next, rev);
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
    if (!(await isCommunityFacilitator(caller, current, space, 'command'))) return notAllowed;
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
  return changeSettings(caller, false, async (current, space) =>
    (await isCommunityFacilitator(caller, current, space, 'command'))
      ? { ok: true, data: { ...current, rotation: advanceRotation(current.rotation) } }
      : notAllowed,
  );
}

/** What a caller asks of the rotation: themselves in or out, or someone else out or moved. */
export type RotationRequest =
  | { readonly type: 'join' }
  | { readonly type: 'leave' }
  | { readonly type: 'remove'; readonly accountId: string }
  | { readonly type: 'move'; readonly accountId: string; readonly by: -1 | 1 };

/**
 * Changes the rotation. Joining and leaving act on the caller only (identity from the context) and
 * anyone in the space may do them; removing or moving someone needs someone who may change the
 * settings (removing oneself is leaving). Applied again to fresh settings on a conflict, so people
 * joining at once all end up in the rotation, each once.
 */
export async function changeFacilitatorRotation(
  caller: Caller,
  request: RotationRequest,
): Promise<ApiResult<SettingsView>> {
  return changeSettings(caller, true, async (current, space) => {
    let change: RotationChange;
    switch (request.type) {
      case 'join':
      case 'leave':
        change = { type: request.type, accountId: caller.accountId };
        break;
      case 'remove':
        if (
          request.accountId !== caller.accountId &&
          !(await isCommunityFacilitator(caller, current, space, 'command'))
        ) {
          return notAllowed;
        }
        change = { type: 'leave', accountId: request.accountId };
        break;
      case 'move':
        if (!(await isCommunityFacilitator(caller, current, space, 'command'))) return notAllowed;
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
