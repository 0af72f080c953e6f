/**
 * The server clock the Lean Coffee services read `now` from, once per call (timeboxes, thumbs
 * windows and the meeting clock are stored instants compared with it).
 *
 * A port with one implementation: `Date.now()`, unless the process that hosts the app has put a
 * clock function on `globalThis[CLOCK_SEAM]`. Forge's own packages reach their host the same way
 * (`globalThis.__forge_runtime__`); on Forge nothing sets this seam, so the app runs on the real
 * clock. The local host and the service tests set it to move time forward without waiting real
 * minutes and without replacing any `@forge/*` package or the host's own clock.
 */

/** Epoch milliseconds. */
export type Clock = () => number;

/** The global a host may set to a `() => number` to drive the app's clock. */
export const CLOCK_SEAM = '__copKitClock';

/** `Date.now()`, or the host's clock when it provides one through `CLOCK_SEAM`. */
export const serverClock: Clock = () => {
  const seam: unknown = Reflect.get(globalThis, CLOCK_SEAM);
  if (typeof seam === 'function') {
    const value: unknown = Reflect.apply(seam, undefined, []);
    if (typeof value === 'number' && Number.isFinite(value)) return value;
  }
  return Date.now();
};
