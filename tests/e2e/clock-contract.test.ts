/**
 * Contract of the emulator's test clock (`emulator/test-clock.ts`): only a host started with
 * `testClock` answers `/__emulator/clock`; advancing moves the app's clock seam forward, never
 * back, survives a restart on the same data folder, and is removed when the host closes.
 */
import type { Host } from '../../emulator/host';
import { APP_CLOCK_SEAM } from '../../emulator/test-clock';
import { serverClock } from '../../src/services/lean-coffee-clock';
import { postJson, removeDir, startFixtureHost, tempDir } from '../emulator/helpers';

const MINUTE = 60_000;

describe('emulator test clock', () => {
  let dataDir: string;
  let host: Host | undefined;

  beforeEach(() => {
    dataDir = tempDir('clock');
  });
  afterEach(async () => {
    await host?.close();
    host = undefined;
    removeDir(dataDir);
  });

  it('given a host without the option, when a test asks to move time, then it answers 404 and the app keeps the real clock', async () => {
    host = await startFixtureHost({ dataDir });
    const r = await postJson(`${host.url}/__emulator/clock`, { advanceMs: MINUTE });
    expect(r.status).toBe(404);
    expect(Reflect.get(globalThis, APP_CLOCK_SEAM)).toBeUndefined();
    expect(Math.abs(serverClock() - Date.now())).toBeLessThan(1_000);
  });

  it('given a host with the test clock, when a test advances it, then the app reads the moved time', async () => {
    host = await startFixtureHost({ dataDir, testClock: true });
    const before = serverClock();
    const r = await postJson(`${host.url}/__emulator/clock`, { advanceMs: 10 * MINUTE });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ offsetMs: 10 * MINUTE });
    const moved = serverClock() - before;
    expect(moved).toBeGreaterThanOrEqual(10 * MINUTE);
    expect(moved).toBeLessThan(10 * MINUTE + 5_000);
    const read = (await (await fetch(`${host.url}/__emulator/clock`)).json()) as {
      now: number;
      offsetMs: number;
    };
    expect(read.offsetMs).toBe(10 * MINUTE);
  });

  it.each([[-1], [1.5], ['60000'], [null], [400 * 24 * 60 * MINUTE]])(
    'given a host with the test clock, when advanceMs is %p, then it answers 400 and time stays',
    async (advanceMs) => {
      host = await startFixtureHost({ dataDir, testClock: true });
      const r = await postJson(`${host.url}/__emulator/clock`, { advanceMs });
      expect(r.status).toBe(400);
      expect(Math.abs(serverClock() - Date.now())).toBeLessThan(1_000);
    },
  );

  it('given an advanced clock, when the host restarts on the same data, then time does not go back; when it closes, the seam is gone', async () => {
    host = await startFixtureHost({ dataDir, testClock: true });
    await postJson(`${host.url}/__emulator/clock`, { advanceMs: 5 * MINUTE });
    await host.close();
    host = await startFixtureHost({ dataDir, testClock: true });
    expect(serverClock() - Date.now()).toBeGreaterThanOrEqual(5 * MINUTE - 1_000);
    await host.close();
    host = undefined;
    expect(Reflect.get(globalThis, APP_CLOCK_SEAM)).toBeUndefined();
  });
});
