/**
 * Community settings use cases (DESIGN §1.5): read (anyone in the space), change and pass the
 * facilitator turn (space admins and the people in the rotation; before anyone is in the rotation,
 * space admins only).
 */
import { forgeConfluence } from '../confluence/client';
import type { ApiResult } from '../contract/result';
import type { SettingsView, UpdateSettingsPayload } from '../contract/settings';
import { isIsoDate } from '../domain/text';
import type { Caller } from '../resolvers/define';
import { loadSettings, saveSettings } from '../storage/settings';
import { spaceOf } from './backlog';
import { isCommunityFacilitator } from './facilitator';
import {
  advanceRotation,
  nextFacilitator,
  nextSessionDate,
  type CommunitySettings,
} from './settings-rules';
import { displayNames } from './users';

const today = (): string => new Date().toISOString().slice(0, 10);

async function view(caller: Caller, settings: CommunitySettings): Promise<SettingsView> {
  const [canEdit, names] = await Promise.all([
    isCommunityFacilitator(caller, settings),
    displayNames(settings.rotation.facilitators),
  ]);
  return {
    settings,
    nextSessionDate: nextSessionDate(settings.cadence, today()),
    nextFacilitator: nextFacilitator(settings.rotation),
    canEdit,
    names,
  };
}

/** The space's settings with the next session date and facilitator. */
export async function getSettings(caller: Caller): Promise<ApiResult<SettingsView>> {
  const settings = await loadSettings(spaceOf(caller));
  return { ok: true, data: await view(caller, settings) };
}

const notAllowed = {
  ok: false as const,
  error: {
    code: 'NOT_FACILITATOR' as const,
    message: 'Only a space admin or a facilitator in the rotation can change the settings.',
  },
};

/**
 * Changes the given fields. The rotation keeps whose turn it is when that person stays in it;
 * otherwise the turn goes to the first person. A notes parent page must be a page the caller can
 * see. One read, at most one write.
 */
export async function updateSettings(
  caller: Caller,
  payload: UpdateSettingsPayload,
): Promise<ApiResult<SettingsView>> {
  const spaceKey = spaceOf(caller);
  const current = await loadSettings(spaceKey);
  if (!(await isCommunityFacilitator(caller, current))) return notAllowed;
  if (payload.cadence !== undefined && !isIsoDate(payload.cadence.anchorDate)) {
    return {
      ok: false,
      error: { code: 'INVALID_PAYLOAD', message: 'The first session date is written YYYY-MM-DD.' },
    };
  }
  if (typeof payload.notesParentPageId === 'string') {
    const parent = await forgeConfluence().page(payload.notesParentPageId);
    if (!parent.ok || parent.value === undefined) {
      return {
        ok: false,
        error: {
          code: 'NOT_FOUND',
          message: `There is no page ${payload.notesParentPageId} you can see; pick the notes parent page again.`,
        },
      };
    }
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
    payload.notesParentPageId === undefined ? current.notesParentPageId : payload.notesParentPageId;
  const next: CommunitySettings = {
    ...rest,
    ...(payload.copName === undefined ? {} : { copName: payload.copName.trim() }),
    ...(payload.cadence === undefined ? {} : { cadence: payload.cadence }),
    rotation,
    ...(parent === null || parent === undefined ? {} : { notesParentPageId: parent }),
    defaults: { ...current.defaults, ...payload.defaults },
  };
  // Saving what is already stored (a double click, an empty form) writes nothing.
  if (JSON.stringify(next) !== JSON.stringify(current)) await saveSettings(spaceKey, next);
  return { ok: true, data: await view(caller, next) };
}

/** Passes the facilitator turn to the next person in the rotation. */
export async function passFacilitatorTurn(caller: Caller): Promise<ApiResult<SettingsView>> {
  const spaceKey = spaceOf(caller);
  const current = await loadSettings(spaceKey);
  if (!(await isCommunityFacilitator(caller, current))) return notAllowed;
  const next = { ...current, rotation: advanceRotation(current.rotation) };
  await saveSettings(spaceKey, next);
  return { ok: true, data: await view(caller, next) };
}
