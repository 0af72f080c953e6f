/**
 * An optional round timer for the facilitator, with a "swap cards now" cue when it runs out.
 *
 * It runs on the facilitator's screen only, from the moment this screen sees the round start
 * (or the timer is switched on): the game view carries no round start instant or server clock,
 * so members' screens cannot show the same countdown. In a room the facilitator projects it
 * (the large clock) or calls time.
 */
import { useEffect, useId, useState } from 'react';
import { useChime } from '../components/chime';
import { ChimeToggle, Countdown, LargeClock, useLargeClock } from '../components/countdown';
import { Action } from '../components/ui';
import { useServerNow } from '../lean-coffee/clock';

/** The lengths offered, in minutes; 0 is off. */
export const ROUND_TIMER_MINUTES: readonly number[] = [0, 1, 2, 3, 4, 5];

export function RoundTimer({
  round,
  rounds,
}: {
  readonly round: number;
  readonly rounds: number;
}): JSX.Element {
  const id = useId();
  const [minutes, setMinutes] = useState(0);
  const [startedAt, setStartedAt] = useState(() => Date.now());
  const now = useServerNow(null);
  const chime = useChime();
  const clock = useLargeClock();
  // A new round, or a new length, starts the timer again.
  useEffect(() => {
    setStartedAt(Date.now());
  }, [round, minutes]);
  const countdown = {
    startedAt,
    endsAt: startedAt + minutes * 60_000,
    now,
    label: 'Round time left',
    caption: `left of ${minutes} min for round ${round}`,
    expiredText: 'Swap cards now',
    expiredCaption:
      round >= rounds
        ? 'Time for the last round is up: pairs agree their split; then show the results.'
        : 'Time for this round is up: pairs agree their split and swap cards; then start the next round.',
  };
  return (
    <div className="stack" data-testid="round-timer">
      <div className="field">
        <label htmlFor={id}>Round timer (on your screen)</label>
        <select id={id} value={minutes} onChange={(e) => setMinutes(Number(e.target.value))}>
          {ROUND_TIMER_MINUTES.map((m) => (
            <option key={m} value={m}>
              {m === 0 ? 'Off' : `${m} min`}
            </option>
          ))}
        </select>
      </div>
      {minutes > 0 && (
        <>
          <Countdown {...countdown} chime={chime} testId="round-countdown" />
          <div className="row">
            <Action appearance="subtle" onClick={clock.open}>
              Show the large clock
            </Action>
            <ChimeToggle chime={chime} />
          </div>
          <p className="subtle">
            Only your screen shows this timer: project it, or call time when it runs out.
          </p>
          {clock.isOpen && (
            <LargeClock title={`Round ${round} of ${rounds}`} onClose={clock.close}>
              <Countdown {...countdown} isLarge testId="large-countdown" />
            </LargeClock>
          )}
        </>
      )}
    </div>
  );
}
