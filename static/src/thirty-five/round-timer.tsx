/**
 * The optional round timer, with a "swap cards now" cue when it runs out, on every screen.
 *
 * The facilitator picks its length before starting a round; `nextRound` stores it with the
 * round's start (the server's clock), and every view carries both (`roundTimer`) with the server's
 * `now`, so every player's screen counts the same time down from the same instant and a reload
 * loses nothing. In a room the facilitator can also project the large clock.
 */
import { useId } from 'react';
import type { ThirtyFiveStateView } from '../../../src/contract/thirty-five';
import { useChime } from '../components/chime';
import { ChimeToggle, Countdown, LargeClock, useLargeClock } from '../components/countdown';
import { Action } from '../components/ui';
import { useServerNow } from '../lean-coffee/clock';

/** The lengths offered, in minutes; 0 is off. */
export const ROUND_TIMER_MINUTES: readonly number[] = [0, 1, 2, 3, 4, 5];

/** The facilitator's choice of the next round's timer (sent with "Start round"). */
export function RoundTimerChoice({
  minutes,
  onChange,
}: {
  readonly minutes: number;
  readonly onChange: (minutes: number) => void;
}): JSX.Element {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>Round timer (every screen shows it)</label>
      <select id={id} value={minutes} onChange={(e) => onChange(Number(e.target.value))}>
        {ROUND_TIMER_MINUTES.map((m) => (
          <option key={m} value={m}>
            {m === 0 ? 'Off' : `${m} min`}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The round's countdown, from the round start and length the view carries; nothing without. */
export function RoundTimer({ state }: { readonly state: ThirtyFiveStateView }): JSX.Element | null {
  const timer = state.roundTimer ?? null;
  const now = useServerNow(state.now ?? null);
  const chime = useChime();
  const clock = useLargeClock();
  if (timer === null || timer.minutes <= 0) return null;
  const rounds = state.rounds ?? timer.round;
  const countdown = {
    startedAt: timer.startedAt,
    endsAt: timer.startedAt + timer.minutes * 60_000,
    now,
    label: 'Round time left',
    caption: `left of ${timer.minutes} min for round ${timer.round}`,
    expiredText: 'Swap cards now',
    expiredCaption:
      timer.round >= rounds
        ? 'Time for the last round is up: pairs agree their split; then the facilitator shows the results.'
        : 'Time for this round is up: pairs agree their split and swap cards; then the facilitator starts the next round.',
  };
  return (
    <div className="stack" data-testid="round-timer">
      <Countdown {...countdown} chime={chime} testId="round-countdown" />
      <div className="row">
        <Action appearance="subtle" onClick={clock.open}>
          Show the large clock
        </Action>
        <ChimeToggle chime={chime} />
      </div>
      {clock.isOpen && (
        <LargeClock title={`Round ${timer.round} of ${rounds}`} onClose={clock.close}>
          <Countdown {...countdown} isLarge testId="large-countdown" />
        </LargeClock>
      )}
    </div>
  );
}
