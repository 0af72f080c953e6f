/**
 * The test clock a host started with `--test-clock` (or `startHost({ testClock: true })`) exposes:
 * `POST /__emulator/clock { advanceMs }` moves the app's clock forward, so a test runs a timebox to
 * its end without waiting real minutes. `GET /__emulator/clock` answers `{ now, offsetMs }`.
 *
 * The app reads time through one seam (`globalThis.__copKitClock`, see
 * `src/services/lean-coffee-clock.ts`); on Forge nothing sets it. The host sets it to
 * `Date.now() + offset` while it runs and removes it on close. The offset is kept in
 * `<dataDir>/test-clock.json`, so a restarted host (same data folder) does not move time back.
 * Without the option the endpoint answers 404 and the seam is left alone.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The global the app's clock port reads (`CLOCK_SEAM` in `src/services/lean-coffee-clock.ts`). */
export const APP_CLOCK_SEAM = '__copKitClock';

/** At most a year per request: enough for any meeting, and no overflow into nonsense dates. */
const MAX_ADVANCE_MS = 366 * 24 * 60 * 60 * 1000;

export interface TestClock {
  readonly offsetMs: () => number;
  readonly now: () => number;
  /** Moves time forward (never back) and persists the offset. */
  readonly advance: (ms: number) => void;
  /** Removes the seam (restores what was there before). */
  readonly uninstall: () => void;
}

export interface ClockAnswer {
  readonly status: number;
  readonly body: unknown;
}

function readOffset(file: string): number {
  if (!existsSync(file)) return 0;
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    const offset =
      typeof parsed === 'object' && parsed !== null
        ? (Reflect.get(parsed, 'offsetMs') as unknown)
        : 0;
    return typeof offset === 'number' && Number.isFinite(offset) && offset >= 0 ? offset : 0;
  } catch {
    return 0;
  }
}

/** Installs the app's clock seam at `Date.now() + offset` (offset read from `dataDir`). */
export function installTestClock(dataDir: string): TestClock {
  const file = join(dataDir, 'test-clock.json');
  let offset = readOffset(file);
  const had = Object.hasOwn(globalThis, APP_CLOCK_SEAM);
  const previous: unknown = Reflect.get(globalThis, APP_CLOCK_SEAM);
  const now = (): number => Date.now() + offset;
  Reflect.set(globalThis, APP_CLOCK_SEAM, now);
  return {
    offsetMs: () => offset,
    now,
    advance(ms: number): void {
      offset += ms;
      writeFileSync(file, JSON.stringify({ offsetMs: offset }));
    },
    uninstall(): void {
      if (Reflect.get(globalThis, APP_CLOCK_SEAM) !== now) return;
      if (had) Reflect.set(globalThis, APP_CLOCK_SEAM, previous);
      else Reflect.deleteProperty(globalThis, APP_CLOCK_SEAM);
    },
  };
}

/** Answers `GET|POST /__emulator/clock`; `clock` is `undefined` when the host has no test clock. */
export function handleClock(
  clock: TestClock | undefined,
  method: string,
  body: unknown,
): ClockAnswer {
  if (clock === undefined) {
    return {
      status: 404,
      body: { message: 'No test clock: start the host with --test-clock (testClock: true)' },
    };
  }
  if (method === 'POST') {
    const advanceMs =
      typeof body === 'object' && body !== null
        ? (Reflect.get(body, 'advanceMs') as unknown)
        : undefined;
    if (
      typeof advanceMs !== 'number' ||
      !Number.isInteger(advanceMs) ||
      advanceMs < 0 ||
      advanceMs > MAX_ADVANCE_MS
    ) {
      return {
        status: 400,
        body: { message: `advanceMs is a whole number of milliseconds, 0 to ${MAX_ADVANCE_MS}` },
      };
    }
    clock.advance(advanceMs);
  }
  return { status: 200, body: { now: clock.now(), offsetMs: clock.offsetMs() } };
}
