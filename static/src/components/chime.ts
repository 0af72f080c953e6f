/**
 * A short, optional sound for "time is up", made with the Web Audio API (no audio file to load).
 * Off by default: a person turns it on for their own screen, and that click is the user gesture
 * browsers require before a page may start audio (autoplay policy), so the `AudioContext` is
 * created then, never at load.
 */
import { useCallback, useRef, useState } from 'react';

interface ToneContext {
  readonly currentTime: number;
  readonly destination: unknown;
  readonly state?: string;
  resume?: () => Promise<void>;
  createOscillator(): {
    frequency: { value: number };
    type: string;
    connect(node: unknown): unknown;
    start(when?: number): void;
    stop(when?: number): void;
  };
  createGain(): {
    gain: {
      setValueAtTime(value: number, when: number): unknown;
      exponentialRampToValueAtTime(value: number, when: number): unknown;
    };
    connect(node: unknown): unknown;
  };
}

type ToneContextClass = new () => ToneContext;

/** The browser's `AudioContext` (or the prefixed Safari one), or `undefined` when there is none. */
function audioContextClass(): ToneContextClass | undefined {
  const w = globalThis as {
    AudioContext?: ToneContextClass;
    webkitAudioContext?: ToneContextClass;
  };
  return w.AudioContext ?? w.webkitAudioContext;
}

/** Two short tones, high then lower, about half a second in all, quiet enough for a meeting room. */
export function playChime(ctx: ToneContext): void {
  const tones: readonly [frequency: number, offset: number][] = [
    [880, 0],
    [660, 0.22],
  ];
  for (const [frequency, offset] of tones) {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    const start = ctx.currentTime + offset;
    osc.type = 'sine';
    osc.frequency.value = frequency;
    gain.gain.setValueAtTime(0.2, start);
    gain.gain.exponentialRampToValueAtTime(0.001, start + 0.2);
    osc.connect(gain);
    gain.connect(ctx.destination);
    osc.start(start);
    osc.stop(start + 0.2);
  }
}

export interface Chime {
  /** Whether this browser can play it at all. */
  readonly isAvailable: boolean;
  readonly isOn: boolean;
  /** Call from the click that turns it on or off (the user gesture audio needs). */
  setOn(on: boolean): void;
  /** Plays the chime if it is on; does nothing otherwise. */
  play(): void;
}

/** The person's own sound setting for this screen: off until they turn it on. */
export function useChime(): Chime {
  const Ctor = audioContextClass();
  const ctx = useRef<ToneContext | null>(null);
  const [isOn, setIsOn] = useState(false);
  const setOn = useCallback(
    (on: boolean) => {
      if (on && ctx.current === null && Ctor !== undefined) {
        try {
          ctx.current = new Ctor();
        } catch (error) {
          console.error('sound is not available', error);
          return;
        }
      }
      if (on && ctx.current?.state === 'suspended') void ctx.current.resume?.();
      setIsOn(on);
    },
    [Ctor],
  );
  const play = useCallback(() => {
    if (!isOn || ctx.current === null) return;
    try {
      playChime(ctx.current);
    } catch (error) {
      console.error('could not play the chime', error);
    }
  }, [isOn]);
  return { isAvailable: Ctor !== undefined, isOn, setOn, play };
}
