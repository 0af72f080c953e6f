/**
 * What a Thirty Five notice carries (issue 13, `src/contract/notices.ts`): for a participant's own
 * record, who acted and — for a split — whether their pair is now agreed, and then which proposal
 * (by its time) was confirmed when; never a card's text, id or author link, never split numbers.
 * The backend signs every notice that carries a change: a pair's screens rebuild their lock only
 * from a signed one.
 * Transitions carry nothing beyond their kind (screens read).
 */
import type { ThirtyFiveChange } from '../contract/notices';
import {
  pairLock,
  pairOf,
  partnerIn,
  type ThirtyFiveCommand,
  type ThirtyFiveEvent,
  type ThirtyFiveState,
} from '../domain/thirty-five';
import type { Notice, NoticeInput } from './engine/definition';

/** The change a participant's event made, or null when a screen should read instead. */
export function thirtyFiveChange(
  event: ThirtyFiveEvent,
  after: ThirtyFiveState,
): ThirtyFiveChange | null {
  switch (event.type) {
    case 'CardSubmitted':
      return event.firstAt === event.at
        ? { t: 'card', by: event.by, first: true }
        : { t: 'edited' };
    case 'SplitProposed':
      return { t: 'proposed', round: event.round, by: event.by };
    case 'SplitConfirmed': {
      if (after.phase !== 'round' || after.round !== event.round) return null;
      const pair = pairOf(after.game.schedule[event.round - 1], event.by);
      if (pair === null) return null;
      if (pairLock(after.game, event.round, pair) === null) {
        return { t: 'confirmed', round: event.round, by: event.by };
      }
      const { a, b } = pair;
      const sorted: [string, string] =
        a.player < b.player ? [a.player, b.player] : [b.player, a.player];
      const locked = { t: 'locked', round: event.round, pair: sorted } as const;
      // The proposal confirmed (by its time, not its numbers): the pair's screens hold it.
      const proposal = (after.game.splits[event.round] ?? {})[partnerIn(pair, event.by)];
      return proposal?.kind === 'proposed'
        ? { ...locked, by: event.by, at: event.at, of: proposal.at }
        : locked;
    }
    case 'JoinAsked': // a late arrival's ask: the facilitators' screens read the list
    case 'ParticipantAdmitted':
    case 'CardsDealt':
    case 'RoundStarted':
    case 'ParticipantRemoved':
    case 'TalliesEntered':
    case 'ResultsShown':
    case 'GameEnded':
      return null; // transitions: screens read
  }
}

/** The game definition's `noticeOf`. */
export function thirtyFiveNotice(
  input: NoticeInput<ThirtyFiveCommand, ThirtyFiveEvent, ThirtyFiveState>,
): Omit<Notice, 'version'> {
  const [event, ...rest] = input.events;
  if (input.state === undefined || event === undefined || rest.length > 0) {
    return { kind: input.kind };
  }
  const change = thirtyFiveChange(event, input.state);
  return change === null ? { kind: input.kind } : { kind: input.kind, change };
}
