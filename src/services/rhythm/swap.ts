/**
 * Swapping facilitation turns (`rhythm/swap`): the facilitator of one upcoming date proposes to the
 * facilitator of another, who accepts or declines; the proposer withdraws, either of the two undoes
 * an accepted swap. The rules are the domain's (`domain/community/swaps.ts`): only the two people
 * decide. A curator or space administrator (asked of Confluence) may also exchange two dates at
 * once (`swapDates`): the same two domain steps, proposed for the first date's facilitator and
 * accepted for the second's, so every rule (upcoming dates, two different people, one swap per
 * date, at most SWAPS_MAX swaps) holds for them too.
 *
 * The swaps live in the settings: every write is compare-and-set on the settings' revision and is
 * decided again on fresh settings when they changed meanwhile. Swaps whose dates have passed are
 * dropped on the way (`pruneSwaps`), so they do not count against the cap. Once a swap changed who
 * facilitates, the invitation pages already published for the two dates are brought up to date
 * (best effort, never failing the swap).
 */
import type { ApiResult } from '../../contract/result';
import type { SwapPayload, SwapView } from '../../contract/rhythm';
import {
  ANSWERABLE_SESSIONS,
  decideSwap,
  planSessions,
  pruneSwaps,
  scheduleOf,
  swapId,
  type FacilitatorSwap,
  type SwapCommand,
} from '../../domain/community';
import { assertNever } from '../../domain/result';
import type { Caller } from '../caller';
import { loadSettingsForUpdate, saveSettings, StaleSettingsError } from '../../storage/settings';
import { isCurator } from '../facilitator';
import { isSpaceAdmin, rememberSpace, spaceOf } from '../place';
import { refreshInvitationPages } from './invitation-page';

/** Attempts before a swap that keeps conflicting with other settings changes answers CONFLICT. */
const ATTEMPTS = 10;

/** The dates a swap command touches (for refreshing their invitation pages). */
function datesOf(swaps: readonly FacilitatorSwap[], id: string): string[] {
  const swap = swaps.find((s) => s.id === id);
  return swap === undefined ? [] : [swap.proposerDate, swap.partnerDate];
}

/**
 * Runs one swap command for the caller: one settings read and at most one write per attempt.
 * Answers the swaps as they are after the command.
 */
export async function changeSwap(
  caller: Caller,
  payload: SwapPayload,
  now = Date.now(),
): Promise<ApiResult<SwapView>> {
  const space = await spaceOf(caller);
  const { spaceKey, spaceId } = space.place;
  let curates: boolean | undefined;
  for (let attempt = 1; ; attempt += 1) {
    const { settings, rev } = await loadSettingsForUpdate(spaceKey);
    const schedule = scheduleOf(settings.cadence);
    if (!schedule.ok) {
      return {
        ok: false,
        error: {
          code: 'NO_SCHEDULE',
          message: `The community's calendar cannot be read: ${schedule.error.message}`,
        },
      };
    }
    const stored = settings.swaps ?? [];
    const plan = planSessions(
      schedule.value,
      now,
      ANSWERABLE_SESSIONS,
      settings.rotation,
      stored,
      [],
    );
    const first = plan.sessions[0]?.date;
    const current = first === undefined ? stored : pruneSwaps(stored, first);
    const turns = plan.sessions.map((s) => ({ date: s.date, facilitator: s.facilitator }));
    let decided;
    let touched: string[];
    switch (payload.type) {
      case 'propose':
        decided = decideSwap(
          current,
          { type: 'proposeSwap', myDate: payload.myDate, theirDate: payload.theirDate },
          { actor: caller.accountId, now },
          turns,
        );
        touched = [];
        break;
      case 'accept':
      case 'decline':
      case 'cancel': {
        const type: SwapCommand['type'] =
          payload.type === 'accept'
            ? 'acceptSwap'
            : payload.type === 'decline'
              ? 'declineSwap'
              : 'cancelSwap';
        decided = decideSwap(
          current,
          { type, swapId: payload.swapId },
          { actor: caller.accountId, now },
          turns,
        );
        const swap = current.find((s) => s.id === payload.swapId);
        // Only an accepted swap (or its undoing) changes who facilitates.
        touched =
          swap !== undefined && (swap.status === 'accepted' || payload.type === 'accept')
            ? datesOf(current, payload.swapId)
            : [];
        break;
      }
      case 'swapDates': {
        curates ??= (await isCurator(spaceKey, caller.accountId)) || (await isSpaceAdmin(spaceId));
        if (!curates) {
          return {
            ok: false,
            error: {
              code: 'NOT_CURATOR',
              message:
                'Only the two people of a swap, a curator or a space admin can exchange two dates.',
            },
          };
        }
        const holder = turns.find((t) => t.date === payload.dateA)?.facilitator;
        const partner = turns.find((t) => t.date === payload.dateB)?.facilitator;
        const proposed = decideSwap(
          current,
          { type: 'proposeSwap', myDate: payload.dateA, theirDate: payload.dateB },
          { actor: holder ?? '', now },
          turns,
        );
        decided = proposed.ok
          ? decideSwap(
              proposed.value,
              { type: 'acceptSwap', swapId: swapId(payload.dateA, payload.dateB) },
              { actor: partner ?? '', now },
              turns,
            )
          : proposed;
        touched = [payload.dateA, payload.dateB];
        break;
      }
      default:
        return assertNever(payload);
    }
    if (!decided.ok) return { ok: false, error: decided.error };
    const next = decided.value;
    if (JSON.stringify(next) === JSON.stringify(stored)) {
      await rememberSpace(caller, space);
      return { ok: true, data: { swaps: next } };
    }
    try {
      await saveSettings(spaceKey, { ...settings, swaps: next }, rev);
    } catch (error) {
      if (!(error instanceof StaleSettingsError)) throw error;
      if (attempt >= ATTEMPTS) {
        return {
          ok: false,
          error: {
            code: 'CONFLICT',
            message: 'Someone changed the settings at the same time; look again and retry.',
          },
        };
      }
      continue;
    }
    await rememberSpace(caller, space);
    if (touched.length > 0) {
      await refreshInvitationPages({ spaceKey, spaceId }, { dates: touched, now });
    }
    return { ok: true, data: { swaps: next } };
  }
}
