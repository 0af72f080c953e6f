/**
 * A timebox you cannot miss: large digits and a bar while it runs, amber in its last fifth, and a
 * different look at expiry (red, an icon and words, not colour alone), announced once to screen
 * readers; an optional chime at the moment it runs out on this screen; and a large-clock view that
 * fills the frame, for projecting in a room.
 */
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { formatMs } from '../lean-coffee/clock';
import { Action } from './ui';
import type { Chime } from './chime';

export type CountdownState = 'running' | 'ending' | 'expired';

/** Running, in its last fifth (`ending`), or run out. */
export function countdownState(startedAt: number, endsAt: number, now: number): CountdownState {
  const span = Math.max(1, endsAt - startedAt);
  const left = endsAt - now;
  if (left <= 0) return 'expired';
  return left < span / 5 ? 'ending' : 'running';
}

export interface CountdownProps {
  readonly startedAt: number;
  readonly endsAt: number;
  readonly now: number;
  /** The progress bar's name, e.g. "Topic time left". */
  readonly label: string;
  /** Under the digits while time runs, e.g. "left of 8 min". */
  readonly caption: ReactNode;
  /** In place of the digits at expiry, e.g. "Time is up". */
  readonly expiredText: string;
  /** Under it at expiry: what happens now. */
  readonly expiredCaption?: ReactNode;
  /** Played once when the time runs out while this screen watches (not on a reload after it). */
  readonly chime?: Chime;
  readonly isLarge?: boolean;
  readonly testId?: string;
}

export function Countdown(props: CountdownProps): JSX.Element {
  const { startedAt, endsAt, now, chime } = props;
  const state = countdownState(startedAt, endsAt, now);
  const span = Math.max(1, endsAt - startedAt);
  const left = Math.max(0, endsAt - now);
  const seen = useRef<{ endsAt: number; state: CountdownState } | null>(null);
  useEffect(() => {
    const before = seen.current;
    seen.current = { endsAt, state };
    if (
      state === 'expired' &&
      before !== null &&
      before.endsAt === endsAt &&
      before.state !== 'expired'
    ) {
      chime?.play();
    }
  }, [state, endsAt, chime]);
  const expired = state === 'expired';
  return (
    <div
      className={`countdown countdown-${state}${props.isLarge === true ? ' countdown-large' : ''}`}
      data-testid={props.testId ?? 'countdown'}
      data-state={state}
    >
      {/* One line of text ("4:59 left of 8 min") that CSS lays out as large digits over a caption. */}
      <p className="countdown-line" aria-live="off">
        <strong className="countdown-time">
          {expired ? (
            <>
              <span aria-hidden="true">⏰ </span>
              {props.expiredText}
            </>
          ) : (
            formatMs(left)
          )}
        </strong>{' '}
        <span className="countdown-caption">{expired ? props.expiredCaption : props.caption}</span>
      </p>
      <div
        className="bar-track"
        role="progressbar"
        aria-label={props.label}
        aria-valuemin={0}
        aria-valuemax={Math.round(span / 1000)}
        aria-valuenow={Math.round(left / 1000)}
      >
        <div
          className={`bar-fill${state === 'ending' ? ' warning' : ''}${expired ? ' danger' : ''}`}
          style={{ width: `${(left / span) * 100}%` }}
        />
      </div>
      {/* Said once when it changes; the ticking digits are not read out every second. */}
      <span className="visually-hidden" aria-live="polite">
        {expired ? props.expiredText : ''}
      </span>
    </div>
  );
}

/** The person's own "sound at time up" switch; hidden where the browser has no Web Audio. */
export function ChimeToggle({ chime }: { readonly chime: Chime }): JSX.Element | null {
  if (!chime.isAvailable) return null;
  return (
    <label className="row">
      <input type="checkbox" checked={chime.isOn} onChange={(e) => chime.setOn(e.target.checked)} />
      Sound when time is up
    </label>
  );
}

/**
 * The large clock: a view that fills the frame with the title and the countdown in very large
 * type, for a screen projected in the room. Escape or "Back to the board" closes it.
 */
export function LargeClock({
  title,
  onClose,
  children,
}: {
  readonly title: string;
  readonly onClose: () => void;
  readonly children: ReactNode;
}): JSX.Element {
  const id = useId();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    box.current?.querySelector('button')?.focus();
  }, []);
  return (
    <div
      ref={box}
      className="large-clock"
      role="dialog"
      aria-modal="true"
      aria-labelledby={id}
      data-testid="large-clock"
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose();
      }}
    >
      <div className="row large-clock-bar">
        <Action onClick={onClose}>Back to the board</Action>
      </div>
      <h2 id={id} className="large-clock-title">
        {title}
      </h2>
      {children}
    </div>
  );
}

/** Whether the large clock is open, with the button that opens it. */
export function useLargeClock(): {
  readonly isOpen: boolean;
  readonly open: () => void;
  readonly close: () => void;
} {
  const [isOpen, setOpen] = useState(false);
  return { isOpen, open: () => setOpen(true), close: () => setOpen(false) };
}
