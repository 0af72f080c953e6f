/**
 * The shared countdown on this screen: the server's `now` arrives with every view, so the screen
 * ticks from the server's clock (offset by the difference), never from its own. Every screen then
 * shows the same time left, and a reload loses nothing.
 */
import { useEffect, useState } from 'react';

/** Milliseconds as m:ss (or h:mm:ss). */
export function formatMs(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = s.toString().padStart(2, '0');
  return h > 0 ? `${h}:${m.toString().padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** The server's current time, ticking every second from the last view's `now`. */
export function useServerNow(serverNow: number | null): number {
  const [offset, setOffset] = useState(0);
  const [, setTick] = useState(0);
  useEffect(() => {
    if (serverNow !== null) setOffset(serverNow - Date.now());
  }, [serverNow]);
  useEffect(() => {
    const timer = setInterval(() => setTick((t) => t + 1), 1000);
    return () => clearInterval(timer);
  }, []);
  return Date.now() + offset;
}
