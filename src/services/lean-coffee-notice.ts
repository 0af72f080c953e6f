/**
 * What a Lean Coffee notice carries (issue 13, `src/contract/notices.ts`): a participant's dots
 * say only who placed them (screens whose tallies are hidden then need no read); every other
 * participant record says only that one changed (its text is not carried: screens read).
 * Transitions carry nothing beyond their kind.
 */
import type { LeanCoffeeChange } from '../contract/notices';
import type { LeanCoffeeCommand, LeanCoffeeEvent, LeanCoffeeState } from '../domain/lean-coffee';
import type { Notice, NoticeInput } from './engine/definition';

/** The game definition's `noticeOf`. */
export function leanCoffeeNotice(
  input: NoticeInput<LeanCoffeeCommand, LeanCoffeeEvent, LeanCoffeeState>,
): Omit<Notice, 'version'> {
  const [event, ...rest] = input.events;
  if (input.state === undefined || event === undefined || rest.length > 0) {
    return { kind: input.kind };
  }
  const change: LeanCoffeeChange =
    event.type === 'DotsAllocated' ? { t: 'dots', by: event.participant } : { t: 'record' };
  return { kind: input.kind, change };
}
