/**
 * Swapping facilitation turns: one click each for the two people involved. The facilitator of one
 * upcoming date proposes to the facilitator of another; the partner accepts (or declines); either
 * of them can undo an accepted swap, and the proposer can withdraw a proposal. Only the two people
 * decide: nobody else can propose or accept on their behalf. How an accepted swap changes who
 * facilitates, and when it lapses, is in `session-plan.ts`.
 */
import { assertNever, err, ok, type Result } from '../result';
import { isIsoDate } from '../text';
import type { FacilitatorTurn } from './session-plan';
import type { FacilitatorSwap } from './settings';

/** Most swaps (proposed and accepted) a community keeps at once. */
export const SWAPS_MAX = 20;

export type SwapCommand =
  /** Give my turn on `myDate` to whoever has `theirDate`, and take theirs. */
  | { readonly type: 'proposeSwap'; readonly myDate: string; readonly theirDate: string }
  | { readonly type: 'acceptSwap'; readonly swapId: string }
  | { readonly type: 'declineSwap'; readonly swapId: string }
  /** The proposer withdraws a proposal, or either of the two undoes an accepted swap. */
  | { readonly type: 'cancelSwap'; readonly swapId: string };

export type SwapErrorCode =
  | 'INVALID_DATE'
  | 'NO_SESSION'
  | 'NOT_YOUR_TURN'
  | 'SAME_PERSON'
  | 'SWAP_EXISTS'
  | 'TOO_MANY_SWAPS'
  | 'UNKNOWN_SWAP'
  | 'NOT_IN_SWAP'
  | 'SWAP_LAPSED';

/** Who acts and when (epoch ms). */
export interface SwapContext {
  readonly actor: string;
  readonly now: number;
}

/** The id of the swap of two dates. */
export const swapId = (proposerDate: string, partnerDate: string): string =>
  `${proposerDate}~${partnerDate}`;

type SwapResult = Result<readonly FacilitatorSwap[], SwapErrorCode>;

/**
 * Decides a swap command against the current swaps and the upcoming turns (with the accepted swaps
 * already applied: `assignFacilitators(...).turns`). Returns the new list of swaps.
 * - propose: both dates are upcoming session dates (`NO_SESSION`), the actor facilitates `myDate`
 *   (`NOT_YOUR_TURN`), someone else facilitates `theirDate` (`SAME_PERSON`), neither date is in
 *   another swap (`SWAP_EXISTS`: undo that one first), fewer than SWAPS_MAX swaps (`TOO_MANY_SWAPS`).
 * - accept / decline: only the partner (`NOT_IN_SWAP`); accepting checks the two turns are still
 *   the two people's (`SWAP_LAPSED` otherwise, and nothing changes); declining removes the swap
 *   (an accepted one too: the partner undoes it).
 * - cancel: the proposer of a proposed swap, or either of the two of an accepted one.
 * An unknown id is `UNKNOWN_SWAP`. Accepting an accepted swap changes nothing.
 */
export function decideSwap(
  swaps: readonly FacilitatorSwap[],
  command: SwapCommand,
  ctx: SwapContext,
  turns: readonly FacilitatorTurn[],
): SwapResult {
  const holderOf = (date: string) => turns.find((t) => t.date === date)?.facilitator;
  switch (command.type) {
    case 'proposeSwap': {
      const { myDate, theirDate } = command;
      if (!isIsoDate(myDate) || !isIsoDate(theirDate)) {
        return err('INVALID_DATE', 'Dates are written YYYY-MM-DD.');
      }
      if (!turns.some((t) => t.date === myDate) || !turns.some((t) => t.date === theirDate)) {
        return err('NO_SESSION', 'Both dates must be upcoming session dates.');
      }
      if (holderOf(myDate) !== ctx.actor) {
        return err('NOT_YOUR_TURN', `You do not facilitate the session of ${myDate}.`);
      }
      const partner = holderOf(theirDate);
      if (partner === undefined || partner === ctx.actor) {
        return err('SAME_PERSON', `You already facilitate the session of ${theirDate}.`);
      }
      const busy = swaps.some((s) =>
        [s.proposerDate, s.partnerDate].some((d) => d === myDate || d === theirDate),
      );
      if (busy) {
        return err('SWAP_EXISTS', 'One of these dates is already in a swap; undo that one first.');
      }
      if (swaps.length >= SWAPS_MAX) {
        return err('TOO_MANY_SWAPS', `A community keeps at most ${SWAPS_MAX} swaps at once.`);
      }
      return ok([
        ...swaps,
        {
          id: swapId(myDate, theirDate),
          proposer: ctx.actor,
          proposerDate: myDate,
          partner,
          partnerDate: theirDate,
          status: 'proposed',
          at: ctx.now,
        },
      ]);
    }
    case 'acceptSwap':
    case 'declineSwap':
    case 'cancelSwap': {
      const swap = swaps.find((s) => s.id === command.swapId);
      if (swap === undefined) return err('UNKNOWN_SWAP', 'That swap does not exist any more.');
      const without = swaps.filter((s) => s !== swap);
      const notInSwap = err('NOT_IN_SWAP', 'Only the two people in a swap can answer or undo it.');
      if (command.type === 'cancelSwap') {
        const mayCancel =
          ctx.actor === swap.proposer || (swap.status === 'accepted' && ctx.actor === swap.partner);
        return mayCancel ? ok(without) : notInSwap;
      }
      if (ctx.actor !== swap.partner) return notInSwap;
      if (command.type === 'declineSwap') return ok(without);
      if (swap.status === 'accepted') return ok(swaps);
      if (
        holderOf(swap.proposerDate) !== swap.proposer ||
        holderOf(swap.partnerDate) !== swap.partner
      ) {
        return err(
          'SWAP_LAPSED',
          'The rotation changed since this swap was proposed; propose it again.',
        );
      }
      return ok(
        swaps.map((s) => (s === swap ? { ...s, status: 'accepted' as const, at: ctx.now } : s)),
      );
    }
    default:
      return assertNever(command);
  }
}

/**
 * The swaps still worth keeping once the session of `firstUpcomingDate` is the next one: those with
 * a date on or after it (a proposal whose own date has passed is dropped too, it can no longer be
 * accepted as proposed).
 */
export function pruneSwaps(
  swaps: readonly FacilitatorSwap[],
  firstUpcomingDate: string,
): readonly FacilitatorSwap[] {
  return swaps.filter((s) =>
    s.status === 'proposed'
      ? s.proposerDate >= firstUpcomingDate && s.partnerDate >= firstUpcomingDate
      : s.proposerDate >= firstUpcomingDate || s.partnerDate >= firstUpcomingDate,
  );
}
